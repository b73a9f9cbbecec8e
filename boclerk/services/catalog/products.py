"""Products, barcodes and warehouses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm.exc import StaleDataError

from boclerk.db.reference import memo, remembered
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.code_words import choices
from boclerk.domain.tax_words import CATEGORIES
from decimal import Decimal

from boclerk.domain.bounds import shown
from boclerk.domain.catalog import UNITS, Barcode, Product, ProductKind, VatCategory, Warehouse, standard_unit
from boclerk.domain.permissions import Perm
from boclerk.errors import ConcurrentChange, InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.services import like
from boclerk.services.catalog.product_rows import ProductRow
from boclerk.services.catalog.product_view import product_row

SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
BARCODE = re.compile(r"^[0-9A-Za-z-]{4,64}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
EDITABLE = ("name", "category", "unit", "kind", "sale_price", "vat_category", "prices_include_vat",
            "standard_cost", "reorder_point", "reorder_qty", "expense_account", "barcodes",
            "preferred_supplier", "description")
DESCRIPTION_MAX = 4000

#: how a product's field reads in a refusal
FIELD_WORDS = {"sale_price": N_("sale price"), "standard_cost": N_("standard cost"), "reorder_point": N_("reorder point"),
               "reorder_qty": N_("reorder qty")}


@dataclass(frozen=True)
class WarehouseRow:
    code: str
    name: str
    active: bool


def _row(uow: UnitOfWork, p: Product) -> ProductRow:
    codes = list(uow.s.scalars(select(Barcode.code).where(Barcode.product_id == p.id).order_by(Barcode.code)))
    supplier = None
    supplier_id = getattr(p, "preferred_supplier_id", None)
    if supplier_id:
        from boclerk.domain.partners import Supplier

        s = uow.s.get(Supplier, supplier_id)
        supplier = s.code if s else None
    from boclerk.services.catalog.units import shown
    from boclerk.services.ledger.vat import sale_rate

    return ProductRow(
        p.id, p.sku, p.name, p.category, p.unit, p.kind, p.sale_price, p.vat_category, p.prices_include_vat,
        p.standard_cost, shown(uow, p, p.reorder_point), shown(uow, p, p.reorder_qty), p.active, p.version, codes,
        supplier, sale_rate(uow, p, uow.today), p.description,
    )


# -- lookups --------------------------------------------------------------------

NEW, EDIT = act("stock.new_product"), act("stock.edit_product")
ARCHIVE, RESTORE = act("stock.archive_product"), act("stock.restore_product")


_BY_SKU, _BY_SKU_ANY_CASE = (select(Product).where(Product.sku == bindparam("code")),
                             select(Product).where(func.lower(Product.sku) == bindparam("code")))
_BY_BARCODE = select(Product).join(Barcode, Barcode.product_id == Product.id).where(Barcode.code == bindparam("code"))


def product(uow: UnitOfWork, code: str) -> Product:
    """A product by SKU (exact, then ignoring case) or by one of its barcodes."""
    code = code.strip()
    found = uow.s.scalars(_BY_SKU, {"code": code}).first()
    if found is None:
        found = uow.s.scalars(_BY_BARCODE, {"code": code}).first()
    if found is None:
        found = uow.s.scalars(_BY_SKU_ANY_CASE, {"code": code.lower()}).first()
    if found is None:
        raise NotFound(_("There is no product with SKU or barcode '{code}'.").format(code=code))
    return found


def product_state(uow: UnitOfWork, code: str) -> tuple[str, str]:
    p = product(uow, code)
    return p.sku, "active" if p.active else "archived"


def warehouse(uow: UnitOfWork, code: str | None = None) -> Warehouse:
    """A warehouse by code; without a code, the only (or first) active one. In a read unit a plain row
    the process keeps while the reference data is unchanged (:mod:`boclerk.db.reference`)."""
    key = None if code is None else code.strip().upper()
    if memo(uow) is not None:
        found = remembered(uow, ("warehouse", key), lambda: uow.s.execute(
            _FIRST_ACTIVE if key is None else _WAREHOUSE_BY_CODE, {} if key is None else {"code": key}).first())
    elif key is None:
        found = uow.cache.get(("warehouse", None))
        if found is None:
            found = uow.s.scalars(select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.id)).first()
            if found is not None:
                uow.cache[("warehouse", None)] = found
    else:
        found = uow.s.scalars(select(Warehouse).where(Warehouse.code == key)).first()
    if found is None and key is None:
        raise NotFound(_("There is no active warehouse; add one with: boclerk warehouse add"))
    if found is None:
        raise NotFound(_("There is no warehouse {code}.").format(code=code))
    return found


_WAREHOUSES = Warehouse.__table__
_FIRST_ACTIVE = select(_WAREHOUSES).where(_WAREHOUSES.c.active.is_(True)).order_by(_WAREHOUSES.c.id).limit(1)
_WAREHOUSE_BY_CODE = select(_WAREHOUSES).where(_WAREHOUSES.c.code == bindparam("code")).limit(1)


def get_product(uow: UnitOfWork, code: str) -> ProductRow:
    """A product by SKU or barcode, read as its card reads it (plain SQL: the same row on every face)."""
    return product_row(uow, code)


# -- validation -------------------------------------------------------------------

def validate_fields(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "name" in out:
        out["name"] = shown(str(out["name"])).strip()  # no control characters or direction overrides
        if not out["name"] or len(out["name"]) > 200:
            raise InvalidInput(_("A product needs a name of up to 200 characters."))
    if "category" in out:
        out["category"] = str(out["category"] or "").strip()[:100]
    if "description" in out:  # plain text; lines kept, control characters and direction overrides not
        lines = [shown(line).rstrip() for line in str(out["description"] or "").replace("\r\n", "\n").split("\n")]
        text = "\n".join(lines).strip()
        if len(text) > DESCRIPTION_MAX:
            raise InvalidInput(_("A description has at most {description_max} characters; this one has {text}.").format(
                description_max=DESCRIPTION_MAX, text=len(text)))
        out["description"] = text
    if "unit" in out:
        code = standard_unit(out["unit"])
        if code is None:
            from boclerk.domain.units import unit_symbol
            from boclerk.i18n import words_language

            raise InvalidInput(_("'{unit}' is not a unit; choose {codes}; an OKEI code does too.").format(
                unit=out['unit'], codes=choices(UNITS, lambda code: unit_symbol(code, words_language()))))
        out["unit"] = code
    if "kind" in out:
        try:
            out["kind"] = ProductKind(str(out["kind"]).strip().lower()).value
        except ValueError:
            from boclerk.services.lookup import product_kind

            raise InvalidInput(
                _("'{kind}' is not a product kind; choose {codes}.").format(
                    kind=out['kind'], codes=choices((k.value for k in ProductKind), product_kind))
            ) from None
    for money in ("sale_price", "standard_cost"):
        if money in out and (not isinstance(out[money], int) or out[money] < 0):
            raise InvalidInput(_("The {field} cannot be negative.").format(field=_(FIELD_WORDS[money])))
    if "vat_category" in out:
        out["vat_category"] = vat_category(out["vat_category"])
    for qty in ("reorder_point", "reorder_qty"):
        if qty in out and (isinstance(out[qty], bool) or not isinstance(out[qty], (int, Decimal)) or out[qty] < 0):
            raise InvalidInput(_("The {field} cannot be negative.").format(field=_(FIELD_WORDS[qty])))
    if "barcodes" in out:
        codes = [c.strip() for c in out["barcodes"] if c and c.strip()]
        for c in codes:
            if not BARCODE.match(c):
                raise InvalidInput(_("'{c}' is not a barcode (4 to 64 letters or digits).").format(c=c))
        if len(set(codes)) != len(codes):
            raise InvalidInput(_("The same barcode is given twice."))
        out["barcodes"] = codes
    return out


def vat_category(value: Any) -> str:
    """A VAT category by name (standard, reduced, zero, exempt) or by the rate people say (22, 10, 0)."""
    text = str(value).strip().lower().removesuffix("%").strip()
    aliases = {"20": "standard", "22": "standard", "18": "standard", "10": "reduced", "0": "zero",
               "none": "exempt", "без ндс": "exempt", "без": "exempt"}
    try:
        return VatCategory(aliases.get(text, text)).value
    except ValueError:
        raise InvalidInput(_("'{category}' is not a VAT category; choose {codes}.").format(
            category=value, codes=choices((c.value for c in VatCategory), CATEGORIES))) from None


def _apply_units(uow: UnitOfWork, p: Product, values: dict[str, Any]) -> None:
    """The unit (checked against the unit table) and the quantities that are in it."""
    from boclerk.services.catalog.units import stored, unit_code

    if "unit" in values:
        code = unit_code(uow, values.pop("unit"))
        if p.id is not None and code != p.unit and _has_quantities(uow, p):
            raise Refused(_("{sku} already has quantities in {unit}; its unit cannot change.").format(
                sku=p.sku, unit=p.unit))
        p.unit = code
    for qty in ("reorder_point", "reorder_qty"):
        if qty in values:
            setattr(p, qty, stored(uow, p, values.pop(qty), what=qty.replace("_", " "), allow_zero=True))


def _has_quantities(uow: UnitOfWork, p: Product) -> bool:
    from boclerk.domain.purchasing import POLine
    from boclerk.domain.sales import OrderLine
    from boclerk.domain.stock import StockMove

    return any(uow.s.scalars(select(t.id).where(t.product_id == p.id).limit(1)).first() is not None
               for t in (StockMove, OrderLine, POLine))


def _apply_refs(uow: UnitOfWork, p: Product, values: dict[str, Any]) -> None:
    _apply_units(uow, p, values)
    if "expense_account" in values:
        key = values.pop("expense_account")
        if key:
            from boclerk.services.ledger.book import account

            acc = account(uow, key)
            if acc.type != "expense":
                raise InvalidInput(_("{code} {name} is not an expense account.").format(code=acc.code, name=acc.name))
            p.expense_account_id = acc.id
        else:
            p.expense_account_id = None
    if "preferred_supplier" in values:
        code = values.pop("preferred_supplier")
        if code:
            from boclerk.services.catalog.partners import supplier

            p.preferred_supplier_id = supplier(uow, code).id
        else:
            p.preferred_supplier_id = None


def _set_barcodes(uow: UnitOfWork, p: Product, codes: list[str]) -> None:
    taken = uow.s.execute(
        select(Barcode.code, Product.sku).join(Product, Product.id == Barcode.product_id)
        .where(Barcode.code.in_(codes), Barcode.product_id != p.id)
    ).first() if codes else None
    if taken:
        raise Refused(_("The barcode {barcode} already belongs to {sku}.").format(barcode=taken[0], sku=taken[1]))
    clash = uow.s.scalars(select(Product.sku).where(Product.sku.in_(codes), Product.id != p.id)).first() if codes else None
    if clash:
        raise Refused(_("The barcode {clash} is another product's SKU.").format(clash=clash))
    for old in uow.s.scalars(select(Barcode).where(Barcode.product_id == p.id)).all():
        if old.code not in codes:
            uow.s.delete(old)
    have = set(uow.s.scalars(select(Barcode.code).where(Barcode.product_id == p.id)))
    for c in codes:
        if c not in have:
            uow.s.add(Barcode(code=c, product_id=p.id))
    uow.s.flush()


# -- acts ------------------------------------------------------------------------------

def add_product(uow: UnitOfWork, sku: str, name: str, **values: Any) -> ProductRow:
    uow.require(NEW)
    sku = sku.strip()
    if not SKU.match(sku):
        raise InvalidInput(_("'{sku}' is not a SKU (letters, digits and . _ / -, up to 64, no spaces).").format(
            sku=sku))
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown product field(s): {fields}.").format(fields=', '.join(sorted(unknown))))
    values = validate_fields({"name": name, **values})
    if uow.s.scalars(select(Product.id).where(func.lower(Product.sku) == sku.lower())).first() is not None:
        raise Refused(_("The SKU {sku} already exists.").format(sku=sku))
    if uow.s.scalars(select(Barcode.code).where(Barcode.code == sku)).first() is not None:
        raise Refused(_("{sku} is already a barcode of another product.").format(sku=sku))
    barcodes = values.pop("barcodes", [])
    p = Product(sku=sku)
    _apply_refs(uow, p, values)
    for key, value in values.items():
        setattr(p, key, value)
    uow.s.add(p)
    uow.s.flush()
    _set_barcodes(uow, p, barcodes)
    row = _row(uow, p)
    uow.audit("product.add", "product", sku, after={k: v for k, v in row.__dict__.items() if k not in ("id", "version")})
    return row


def edit_product(uow: UnitOfWork, code: str, *, expected_version: int | None = None, **changes: Any) -> ProductRow:
    """Change fields of a product; with ``expected_version``, refuse if someone else changed it."""
    uow.require(EDIT)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown product field(s): {fields}.").format(fields=', '.join(sorted(unknown))))
    if not changes:
        raise InvalidInput(_("Nothing to change."))
    p = product(uow, code)
    if expected_version is not None and p.version != expected_version:
        raise ConcurrentChange(_("{sku} was changed by someone else meanwhile; reload it and try again.").format(
            sku=p.sku))
    changes = validate_fields(changes)
    before = _row(uow, p)
    if "kind" in changes and changes["kind"] != p.kind:
        from boclerk.domain.stock import StockMove

        if uow.s.scalars(select(StockMove.id).where(StockMove.product_id == p.id).limit(1)).first():
            raise Refused(_("{sku} has stock history; its kind cannot change.").format(sku=p.sku))
    barcodes = changes.pop("barcodes", None)
    sku = p.sku  # a failed flush expires the object: name it from this copy
    _apply_refs(uow, p, changes)
    for key, value in changes.items():
        setattr(p, key, value)
    try:
        uow.s.flush()
    except StaleDataError:
        raise ConcurrentChange(_("{sku} was changed by someone else meanwhile; reload it and try again.").format(
            sku=sku)) from None
    if barcodes is not None:
        _set_barcodes(uow, p, barcodes)
    after = _row(uow, p)
    diff_b = {k: v for k, v in before.__dict__.items() if after.__dict__[k] != v and k != "version"}
    diff_a = {k: after.__dict__[k] for k in diff_b}
    uow.audit("product.edit", "product", p.sku, before=diff_b, after=diff_a)
    return after


def set_product_active(uow: UnitOfWork, code: str, active: bool) -> ProductRow:
    which = RESTORE if active else ARCHIVE
    uow.require(which)
    p = product(uow, code)
    which.check(p.sku, "active" if p.active else "archived")
    p.active = active
    uow.s.flush()
    uow.audit("product.restore" if active else "product.archive", "product", p.sku,
              before={"active": not active}, after={"active": active})
    return _row(uow, p)


def list_products(
    uow: UnitOfWork, *, search: str | None = None, category: str | None = None, kind: str | None = None,
    include_archived: bool = False, after_sku: str | None = None, limit: int = 200,
) -> list[ProductRow]:
    """Products by SKU, a page at a time (keyset: pass the last SKU as ``after_sku``)."""
    uow.require(Perm.READ)
    stmt = select(Product).order_by(Product.sku).limit(limit)
    if not include_archived:
        stmt = stmt.where(Product.active.is_(True))
    if category:
        stmt = stmt.where(Product.category == category)
    if kind:
        stmt = stmt.where(Product.kind == kind)
    if after_sku:
        stmt = stmt.where(Product.sku > after_sku)
    if search:
        stmt = stmt.where(or_(like.holds(Product.sku, search.strip()), like.holds(Product.name, search.strip()),
                              Product.id.in_(select(Barcode.product_id).where(Barcode.code == search.strip()))))
    return [_row(uow, p) for p in uow.s.scalars(stmt)]


def add_warehouse(uow: UnitOfWork, code: str, name: str) -> WarehouseRow:
    uow.require(act("stock.new_warehouse"))
    code, name = code.strip().upper(), name.strip()
    if not _CODE.match(code):
        raise InvalidInput(_("'{code}' is not a warehouse code (letters, digits, - and _, up to 16).").format(
            code=code))
    if not name:
        raise InvalidInput(_("A warehouse needs a name."))
    if uow.s.scalars(select(Warehouse.id).where(Warehouse.code == code)).first() is not None:
        raise Refused(_("The warehouse {code} already exists.").format(code=code))
    w = Warehouse(code=code, name=name)
    uow.s.add(w)
    uow.s.flush()
    uow.audit("warehouse.add", "warehouse", code, after={"name": name})
    return WarehouseRow(w.code, w.name, w.active)


def list_warehouses(uow: UnitOfWork) -> list[WarehouseRow]:
    uow.require(Perm.READ)
    return [WarehouseRow(w.code, w.name, w.active) for w in uow.s.scalars(select(Warehouse).order_by(Warehouse.code))]
