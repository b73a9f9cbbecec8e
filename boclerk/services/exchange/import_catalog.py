"""The catalog's importers: products (by SKU), customers and suppliers (by code).

New records are written in bulk, with the same validation as the catalog and partner
services; records that exist get the columns the file gives a value, through those
services; records that already agree are left alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Barcode, Product
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.formats.csvio import Row, Table, Validator
from boclerk.i18n import _
from boclerk.services.catalog.partners import (
    CUSTOMER_FIELDS,
    SUPPLIER_FIELDS,
    check_code,
    clean_fields,
    edit_customer,
    edit_supplier,
    phone_digits,
)
from boclerk import quantity
from boclerk.domain.catalog import UNIT_DECIMALS
from boclerk.services.catalog import units
from boclerk.services.catalog.products import (
    BARCODE,
    SKU,
    edit_product,
    validate_fields,
    vat_category,
)
from boclerk.services.exchange.import_base import (
    ImportResult,
    Progress,
    Step,
    apply_changes,
    audit_rows,
    by_code,
    checked,
    currency_of,
    duplicates,
    money,
    validate,
)


def _parse_products(table: Table, db: Database, progress: Progress | None) -> list[tuple[Row, dict]]:
    currency = currency_of(db)

    def one(row: Row) -> tuple[Row, dict]:
        sku = row.require("sku")
        if not SKU.match(sku):
            raise row.error("sku", _("'{sku}' is not a SKU (letters, digits and . _ / -, up to 64, no spaces).").format(sku=sku))
        name = row.require("name")
        if len(name) > 200:
            raise row.error("name", _("a product name has up to 200 characters."))
        row.require("price")
        values: dict[str, Any] = {"name": name, "sale_price": money(row, "price", currency)}
        for column, key in (("category", "category"), ("unit", "unit"), ("kind", "kind")):
            value = checked(row, column, lambda t, key=key: validate_fields({key: t})[key])
            if value is not None:
                values[key] = value
        for column, key in (("cost", "standard_cost"),):
            value = money(row, column, currency)
            if value is not None:
                values[key] = value
        if row.get("vat_rate"):  # a category (standard, reduced, zero, exempt) or the rate people say (22, 10, 0)
            values["vat_category"] = checked(row, "vat_rate", vat_category)
        for column in ("reorder_point", "reorder_qty"):
            if row.get(column):
                values[column] = row.decimal(column)
                decimals = UNIT_DECIMALS.get(values.get("unit", "pcs"), 0)
                if values[column] < 0 or values[column] != round(values[column], decimals):
                    raise row.error(column, _("{value} is not a quantity in {unit} (at most {decimals} decimals, not negative).").format(
                        value=values[column], unit=values.get("unit", "pcs"), decimals=decimals))
        if row.get("barcode"):
            codes = [c for c in row.get("barcode").replace(",", " ").replace("|", " ").replace(";", " ").split()]
            for c in codes:
                if not BARCODE.match(c):
                    raise row.error("barcode", _("'{c}' is not a barcode (4 to 64 letters or digits).").format(c=c))
            if len(set(codes)) != len(codes):
                raise row.error("barcode", _("the same barcode is given twice."))
            values["barcodes"] = codes
        if row.get("supplier_code"):
            values["preferred_supplier"] = row.get("supplier_code")
        return row, {"sku": sku, **values}

    return validate(table.rows, one, progress, _("checking rows"))


def _write_products(uow: UnitOfWork, table: Table, rows: list[tuple[Row, dict]],
                    progress: Progress | None) -> ImportResult:
    uow.require(Perm.CATALOG_MANAGE)
    v = Validator()
    duplicates([(row, values["sku"]) for row, values in rows], "sku", v, label=_("the SKU"))
    seen_codes: dict[str, tuple[int, str]] = {}
    for row, values in rows:
        for code in values.get("barcodes", []):
            if code in seen_codes and seen_codes[code][1] != values["sku"]:
                v.add(str(row.error("barcode", _("the barcode {code} is already on line {seen_codes}.").format(code=code, seen_codes=seen_codes[code][0]))))
            seen_codes.setdefault(code, (row.line, values["sku"]))
    v.raise_if_any()
    skus = {values["sku"].casefold(): (row, values) for row, values in rows}
    for code, (line, sku) in seen_codes.items():
        if code.casefold() in skus and skus[code.casefold()][1]["sku"] != sku:
            v.add(str(skus[code.casefold()][0].error("sku", _("{sku} is the barcode of the product on line {line}.").format(
                sku=skus[code.casefold()][1]["sku"], line=line))))
    v.raise_if_any()

    suppliers = by_code(uow, Supplier, [values.get("preferred_supplier", "") for _, values in rows])
    for row, values in rows:
        code = values.get("preferred_supplier")
        if code and code not in suppliers:
            v.add(str(row.error("supplier_code", _("there is no supplier {code}.").format(code=code))))
    v.raise_if_any()

    existing: dict[str, Product] = {}
    for p in uow.s.scalars(select(Product)):
        existing[p.sku.casefold()] = p
    taken = dict(uow.s.execute(select(Barcode.code, Barcode.product_id)).all())
    sku_of = {p.id: p.sku for p in existing.values()}
    codes_of: dict[int, list[str]] = {}
    for code, pid in taken.items():
        codes_of.setdefault(pid, []).append(code)
    supplier_code = dict(uow.s.execute(select(Supplier.id, Supplier.code)).all())
    new, changed, unchanged = [], [], 0
    for row, values in rows:
        p = existing.get(values["sku"].casefold())
        for code in values.get("barcodes", []):
            owner = taken.get(code)
            if owner is not None and (p is None or owner != p.id):
                v.add(str(row.error("barcode", _("the barcode {code} already belongs to {sku_of}.").format(code=code, sku_of=sku_of[owner]))))
            clash = existing.get(code.casefold())
            if clash is not None and (p is None or clash.id != p.id):
                v.add(str(row.error("barcode", _("the barcode {code} is another product's SKU.").format(code=code))))
        if p is None:
            if values["sku"] in taken:
                v.add(str(row.error("sku", _("{sku} is already a barcode of another product.").format(sku=values["sku"]))))
            new.append((row, values))
            continue
        diff = {}
        for key, value in values.items():
            if key == "sku":
                continue
            if key == "preferred_supplier":
                if supplier_code.get(p.preferred_supplier_id) != suppliers[value].code:
                    diff[key] = suppliers[value].code
            elif key == "barcodes":
                if sorted(codes_of.get(p.id, [])) != sorted(value):
                    diff[key] = value
            elif key in ("reorder_point", "reorder_qty"):
                if units.shown(uow, p, getattr(p, key)) != value:
                    diff[key] = value
            elif getattr(p, key) != value:
                diff[key] = value
        if diff:
            changed.append((row, p.sku, diff))
        else:
            unchanged += 1
    v.raise_if_any()

    # new products: the catalog's rules (checked above), written in bulk
    objects = []
    for _row, values in new:
        barcodes = values.get("barcodes", [])
        fields = {k: val for k, val in values.items() if k not in ("barcodes", "preferred_supplier", "sku")}
        for key in ("reorder_point", "reorder_qty"):
            if key in fields:
                fields[key] = quantity.to_stored(fields[key], UNIT_DECIMALS.get(fields.get("unit", "pcs"), 0),
                                                 allow_zero=True)
        p = Product(sku=values["sku"], **fields)
        if values.get("preferred_supplier"):
            p.preferred_supplier_id = suppliers[values["preferred_supplier"]].id
        objects.append((p, barcodes, values))
    uow.s.add_all([p for p, _, _ in objects])
    uow.s.flush()
    uow.s.add_all([Barcode(code=c, product_id=p.id) for p, codes, _ in objects for c in codes])
    uow.s.flush()
    audit_rows(uow, "product.add", "product", (
        (p.sku, {"name": p.name, "category": p.category, "unit": p.unit, "kind": p.kind,
                 "sale_price": p.sale_price, "vat_category": p.vat_category, "prices_include_vat": p.prices_include_vat,
                 "standard_cost": p.standard_cost, "reorder_point": p.reorder_point, "reorder_qty": p.reorder_qty,
                 "active": True, "barcodes": codes, "preferred_supplier": values.get("preferred_supplier") and
                 suppliers[values["preferred_supplier"]].code, "source": table.what})
        for p, codes, values in objects))
    apply_changes(uow, changed, edit_product, progress, "products")
    return ImportResult("products", table.what, len(rows), len(new), len(changed), unchanged)


# -- customers and suppliers ------------------------------------------------------------------

def _partner_parser(kind: str):
    allowed = CUSTOMER_FIELDS if kind == "customers" else SUPPLIER_FIELDS
    what = "customer" if kind == "customers" else "supplier"
    text_columns = ("email", "phone", "address") + (("tax_id",) if kind == "suppliers" else ())

    def parse(table: Table, db: Database, progress: Progress | None) -> list[tuple[Row, dict]]:
        def one(row: Row) -> tuple[Row, dict]:
            code = row.parse("code", lambda t: check_code(t, what))
            values = {"name": row.parse("name", lambda t: clean_fields({"name": t}, allowed)["name"])}
            for column in text_columns:
                if row.get(column):
                    values[column] = row.parse(column, lambda t, c=column: clean_fields({c: t}, allowed)[c])
            if kind == "suppliers" and row.get("payment_terms_days"):
                days = row.int("payment_terms_days", min=0)
                if days > 365:
                    raise row.error("payment_terms_days", _("payment terms are a number of days from 0 to 365."))
                values["payment_terms_days"] = days
            return row, {"code": code, **values}

        return validate(table.rows, one, progress, _("checking rows"))

    return parse


def _write_partners(kind: str):
    def write(uow: UnitOfWork, table: Table, rows: list[tuple[Row, dict]], progress: Progress | None) -> ImportResult:
        customers = kind == "customers"
        model = Customer if customers else Supplier
        uow.require(Perm.CUSTOMER_MANAGE if customers else Perm.SUPPLIER_MANAGE)
        v = Validator()
        duplicates([(row, values["code"]) for row, values in rows], "code", v,
                   label=_("the customer") if customers else _("the supplier"))
        v.raise_if_any()
        existing = {rec.code.casefold(): rec for rec in uow.s.scalars(select(model))}
        tax_ids: dict[str, str] = {}
        if not customers:
            tax_ids = {rec.tax_id: rec.code for rec in existing.values() if rec.tax_id}
            in_file: dict[str, tuple[int, str]] = {}
            for row, values in rows:
                tax_id = values.get("tax_id")
                if not tax_id:
                    continue
                owner = tax_ids.get(tax_id)
                if owner is not None and owner.casefold() != values["code"].casefold():
                    v.add(str(row.error("tax_id", _("the tax id {tax_id} already belongs to the supplier {owner}.").format(tax_id=tax_id, owner=owner))))
                if tax_id in in_file and in_file[tax_id][1].casefold() != values["code"].casefold():
                    v.add(str(row.error("tax_id", _("the tax id {tax_id} is already on line {in_file}.").format(tax_id=tax_id, in_file=in_file[tax_id][0]))))
                in_file.setdefault(tax_id, (row.line, values["code"]))
            v.raise_if_any()
        new, changed, unchanged = [], [], 0
        for row, values in rows:
            rec = existing.get(values["code"].casefold())
            if rec is None:
                new.append((row, values))
                continue
            diff = {k: val for k, val in values.items() if k != "code" and getattr(rec, k) != val}
            if diff:
                changed.append((row, rec.code, diff))
            else:
                unchanged += 1
        # the model's own defaults (payment terms, version ...), then the file's values, in one statement
        template = model(code="", name="", created_at=uow.now, active=True)
        defaults = {c.name: getattr(template, c.name) for c in model.__table__.columns if c.name != "id"}
        rows_ = [{**defaults, **values} for _row, values in new]
        if customers:
            for rec in rows_:
                rec["phone_digits"] = phone_digits(rec["phone"] or "")
        if rows_:
            uow.s.execute(insert(model.__table__), rows_)
        audit_rows(uow, "customer.add" if customers else "supplier.add", "customer" if customers else "supplier",
                   ((values["code"], {**{k: val for k, val in values.items() if k != "code"}, "source": table.what})
                    for _row, values in new))
        apply_changes(uow, changed, edit_customer if customers else edit_supplier, progress, kind)
        return ImportResult(kind, table.what, len(rows), len(new), len(changed), unchanged)

    return write


STEPS: dict[str, Step] = {
    "products": Step(_parse_products, _write_products),
    "customers": Step(_partner_parser("customers"), _write_partners("customers")),
    "suppliers": Step(_partner_parser("suppliers"), _write_partners("suppliers")),
}
