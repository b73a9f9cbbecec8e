"""``boclerk import``: a store's data from CSV files, all or nothing.

One file is one unit of work. The file is read and every row checked first (columns,
numbers, dates, codes; :mod:`boclerk.formats.csvio` names the line and column of each
problem), then everything that needs the database is checked (products, customers,
suppliers and warehouses that rows refer to, clashes with what is already there), and
only then is anything written; a refusal at any point rolls the whole file back. A dry
run does all of it, including the writing, and then rolls back.

Numbers and codes are keys, so importing the same file again changes nothing:

- products (by SKU), customers and suppliers (by code) are added when new; when they
  exist, the columns that have a value in the file replace what is stored (blank cells
  leave it alone) and records that already agree are left untouched;
- orders are recognised by their own number (kept as the channel reference) or by their
  boclerk number; an order already there is left alone, and refused if the file gives it
  other lines, another customer or another date (imports add orders, never change them);
- a stock count sets what is on the shelves: products with no stock yet come in as
  opening stock (Dr inventory, Cr opening balances) at the unit cost given (or their
  standard cost); the others are counted through a stocktake of their warehouse, which
  posts only the differences, if there are any.

New records are written in bulk (a few statements per thousand rows) with the same
validation as the catalog and partner services; changes to existing records and live
orders go through those services themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import func, insert, select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Barcode, Product
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.errors import BoclerkError, InvalidInput
from boclerk.formats.csvio import (
    DANGEROUS_FIRST,
    ColumnSpec,
    Row,
    Table,
    Validator,
    read_table,
)
from boclerk.money import parse_percent, to_minor

Progress = Callable[[str, int, int], None]
MAX_BYTES = 200 * 1024 * 1024
CHUNK = 500

#: The columns of each CSV form: (name, required). Exports write the same names.
FORMS: dict[str, tuple[tuple[str, bool], ...]] = {
    "products": (("sku", True), ("name", True), ("price", True), ("category", False), ("unit", False),
                 ("vat_rate", False), ("cost", False), ("barcode", False), ("reorder_point", False),
                 ("reorder_qty", False), ("supplier_code", False), ("kind", False)),
    "customers": (("code", True), ("name", True), ("email", False), ("phone", False), ("address", False)),
    "suppliers": (("code", True), ("name", True), ("tax_id", False), ("email", False), ("phone", False),
                  ("address", False), ("payment_terms_days", False)),
    "orders": (("order_number", True), ("order_date", True), ("customer_code", True), ("sku", True),
               ("quantity", True), ("unit_price", True), ("discount_percent", False), ("status", False),
               ("channel", False)),
    "stock-count": (("sku", True), ("warehouse", True), ("counted_qty", True), ("unit_cost", False)),
}
KINDS = tuple(FORMS)


def columns(kind: str) -> list[ColumnSpec]:
    return [ColumnSpec(name, required) for name, required in FORMS[kind]]


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file: str
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        done = "Checked" if self.dry_run else "Imported"
        if self.kind == "stock-count":
            parts = [f"{self.added} opening stock", f"{self.updated} counted differently from the stock",
                     f"{self.unchanged} unchanged"]
        elif self.kind == "orders":
            parts = [f"{self.added} new order{'s' if self.added != 1 else ''}", f"{self.unchanged} already there"]
        else:
            parts = [f"{self.added} new", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        text = f"{done} {self.file}: {self.rows} row{'s' if self.rows != 1 else ''}, {', '.join(parts)}."
        if self.notes:
            text += " " + " ".join(self.notes)
        if self.dry_run:
            text += " Dry run: nothing was written."
        return text


# -- the door ------------------------------------------------------------------------------

def import_file(db: Database, actor: str | None, kind: str, data: bytes | BinaryIO, *, what: str = "file",
                dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Import one CSV file of ``kind`` (its bytes, or a binary file read as a stream) in one unit of
    work (rolled back when ``dry_run``)."""
    if kind not in FORMS:
        raise InvalidInput(f"'{kind}' is not something boclerk imports; choose one of: {', '.join(KINDS)}.")
    with db.read(actor) as uow:  # refuse early, before reading a large file
        uow.require(Perm.DATA_IMPORT)
    table = read_table(data, columns=columns(kind), what=what, max_bytes=MAX_BYTES)
    _undo_neutralising(table)
    if not table.rows:
        raise InvalidInput(f"{what} has a header but no rows.")
    step = _STEPS[kind]
    parsed = step.parse(table, db, progress)
    try:
        with db.write(actor) as uow:
            uow.require(Perm.DATA_IMPORT)
            result = step.write(uow, table, parsed, progress)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        result = done.result
    return ImportResult(kind, what, len(table.rows), result.added, result.updated, result.unchanged, dry_run,
                        result.notes)


def _undo_neutralising(table: Table) -> None:
    """Drop the apostrophe an export put before a leading = + - @ (a phone "'+7 912 ..."), so
    that exported files import unchanged."""
    for row in table.rows:
        for name, value in row.values.items():
            if len(value) > 1 and value[0] == "'" and value[1] in DANGEROUS_FIRST:
                row.values[name] = value[1:]


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


@dataclass(frozen=True)
class _Step:
    parse: Callable[[Table, Database, Progress | None], Any]   # no database work: rows only
    write: Callable[[UnitOfWork, Table, Any, Progress | None], ImportResult]


# -- helpers shared by the forms --------------------------------------------------------------

def currency_of(db: Database) -> str:
    with db.read(None, system=True) as uow:
        return uow.currency


def money(row: Row, name: str, currency: str, *, default: int | None = None) -> int | None:
    """A cell holding an amount in major units ("1234.56", "1 234,56"), as minor units, not negative."""
    if not row.get(name):
        return default
    value = row.decimal(name)
    if value < 0:
        raise row.error(name, f"'{row.get(name)}' is negative, which is not allowed here.")
    try:
        return to_minor(value, currency)
    except InvalidInput as exc:
        raise row.error(name, exc.message) from None


def percent_int(row: Row, name: str, *, default: int | None = None) -> int | None:
    """A whole percentage 0..100 ("20", "20%")."""
    if not row.get(name):
        return default
    value = row.parse(name, parse_percent)
    if value != value.to_integral_value():
        raise row.error(name, f"'{row.get(name)}' is not a whole percentage.")
    return int(value)


def checked(row: Row, name: str, fn: Callable[[str], Any], *, default: Any = None) -> Any:
    """``fn(cell)`` with a service's InvalidInput turned into "<file> line N, column C: ..."."""
    if not row.get(name):
        return default
    return row.parse(name, fn)


def at_line(row: Row, exc: BoclerkError) -> BoclerkError:
    """A refusal of a service while writing ``row``, with the file and line in front."""
    return type(exc)(f"{row.what} line {row.line}: {exc.message}")


def validate(rows: Iterable[Row], fn: Callable[[Row], Any], progress: Progress | None, what: str) -> list:
    """``fn(row)`` for every row; one InvalidInput listing the problems (and nothing written)."""
    v = Validator()
    out = []
    rows = list(rows)
    for i, row in enumerate(rows, start=1):
        with v.catch():
            out.append(fn(row))
        if progress and (i % 5000 == 0 or i == len(rows)):
            progress(what, i, len(rows))
    v.raise_if_any()
    return out


def duplicates(rows: Sequence[tuple[Row, Any]], column: str, v: Validator, *, label: str) -> None:
    """Refuse a key that appears on two rows (case-insensitively)."""
    seen: dict[str, int] = {}
    for row, key in rows:
        folded = str(key).casefold()
        if folded in seen:
            v.add(str(row.error(column, f"{label} {key} is already on line {seen[folded]}.")))
        else:
            seen[folded] = row.line


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def audit_rows(uow: UnitOfWork, action: str, entity: str, events: Iterable[tuple[str, dict]]) -> int:
    """Many audit events in one statement (the same rows :meth:`UnitOfWork.audit` writes)."""
    rows = [{"at": uow.now, "actor": uow.actor_name, "action": action, "entity": entity, "entity_id": key,
             "before": None, "after": json.dumps(after, ensure_ascii=False, sort_keys=True, default=str)}
            for key, after in events]
    uow.audit_log.extend(rows)  # linked into the audit chain as the unit commits
    return len(rows)


def products_by_code(uow: UnitOfWork, codes: Iterable[str]) -> dict[str, Product]:
    """Products by SKU, barcode or SKU in another case (as the catalog finds them); missing ones left out."""
    wanted = sorted({c for c in codes if c})
    found: dict[str, Product] = {}
    for chunk in chunks(wanted):
        for p in uow.s.scalars(select(Product).where(Product.sku.in_(chunk))):
            found[p.sku] = p
    rest = [c for c in wanted if c not in found]
    for chunk in chunks(rest):
        for code, p in uow.s.execute(select(Barcode.code, Product).join(Product, Product.id == Barcode.product_id)
                                     .where(Barcode.code.in_(chunk))):
            found[code] = p
    rest = [c for c in rest if c not in found]
    if rest:
        by_lower: dict[str, list[str]] = {}
        for c in rest:
            by_lower.setdefault(c.lower(), []).append(c)
        for chunk in chunks(list(by_lower)):
            for p in uow.s.scalars(select(Product).where(func.lower(Product.sku).in_(chunk))):
                for c in by_lower.get(p.sku.lower(), []):
                    found[c] = p
    return found


def by_code(uow: UnitOfWork, model, codes: Iterable[str]) -> dict[str, Any]:
    """Customers or suppliers by code (exact, then in another case); missing ones left out."""
    wanted = sorted({c for c in codes if c})
    found: dict[str, Any] = {}
    for chunk in chunks(wanted):
        for rec in uow.s.scalars(select(model).where(model.code.in_(chunk))):
            found[rec.code] = rec
    rest: dict[str, list[str]] = {}
    for c in wanted:
        if c not in found:
            rest.setdefault(c.lower(), []).append(c)
    for chunk in chunks(list(rest)):
        for rec in uow.s.scalars(select(model).where(func.lower(model.code).in_(chunk))):
            for c in rest.get(rec.code.lower(), []):
                found[c] = rec
    return found


# -- products ------------------------------------------------------------------------------------

def _parse_products(table: Table, db: Database, progress: Progress | None) -> list[tuple[Row, dict]]:
    from boclerk.services.catalog.products import _BARCODE, _SKU, _validate

    currency = currency_of(db)

    def one(row: Row) -> tuple[Row, dict]:
        sku = row.require("sku")
        if not _SKU.match(sku):
            raise row.error("sku", f"'{sku}' is not a SKU (letters, digits and . _ / -, up to 64, no spaces).")
        name = row.require("name")
        if len(name) > 200:
            raise row.error("name", "a product name has up to 200 characters.")
        row.require("price")
        values: dict[str, Any] = {"name": name, "sale_price": money(row, "price", currency)}
        for column, key in (("category", "category"), ("unit", "unit"), ("kind", "kind")):
            value = checked(row, column, lambda t, key=key: _validate({key: t})[key])
            if value is not None:
                values[key] = value
        for column, key in (("cost", "standard_cost"),):
            value = money(row, column, currency)
            if value is not None:
                values[key] = value
        vat = percent_int(row, "vat_rate")
        if vat is not None:
            values["vat_rate"] = vat
        for column in ("reorder_point", "reorder_qty"):
            if row.get(column):
                values[column] = row.int(column, min=0)
        if row.get("barcode"):
            codes = [c for c in row.get("barcode").replace(",", " ").replace("|", " ").replace(";", " ").split()]
            for c in codes:
                if not _BARCODE.match(c):
                    raise row.error("barcode", f"'{c}' is not a barcode (4 to 64 letters or digits).")
            if len(set(codes)) != len(codes):
                raise row.error("barcode", "the same barcode is given twice.")
            values["barcodes"] = codes
        if row.get("supplier_code"):
            values["preferred_supplier"] = row.get("supplier_code")
        return row, {"sku": sku, **values}

    return validate(table.rows, one, progress, "checking rows")


def _write_products(uow: UnitOfWork, table: Table, rows: list[tuple[Row, dict]],
                    progress: Progress | None) -> ImportResult:
    from boclerk.services.catalog.products import edit_product

    uow.require(Perm.CATALOG_MANAGE)
    v = Validator()
    duplicates([(row, values["sku"]) for row, values in rows], "sku", v, label="the SKU")
    seen_codes: dict[str, tuple[int, str]] = {}
    for row, values in rows:
        for code in values.get("barcodes", []):
            if code in seen_codes and seen_codes[code][1] != values["sku"]:
                v.add(str(row.error("barcode", f"the barcode {code} is already on line {seen_codes[code][0]}.")))
            seen_codes.setdefault(code, (row.line, values["sku"]))
    v.raise_if_any()
    skus = {values["sku"].casefold(): (row, values) for row, values in rows}
    for code, (line, sku) in seen_codes.items():
        if code.casefold() in skus and skus[code.casefold()][1]["sku"] != sku:
            v.add(str(skus[code.casefold()][0].error("sku", f"{skus[code.casefold()][1]['sku']} is the barcode "
                                                             f"of the product on line {line}.")))
    v.raise_if_any()

    suppliers = by_code(uow, Supplier, [values.get("preferred_supplier", "") for _, values in rows])
    for row, values in rows:
        code = values.get("preferred_supplier")
        if code and code not in suppliers:
            v.add(str(row.error("supplier_code", f"there is no supplier {code}.")))
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
                v.add(str(row.error("barcode", f"the barcode {code} already belongs to {sku_of[owner]}.")))
            clash = existing.get(code.casefold())
            if clash is not None and (p is None or clash.id != p.id):
                v.add(str(row.error("barcode", f"the barcode {code} is another product's SKU.")))
        if p is None:
            if values["sku"] in taken:
                v.add(str(row.error("sku", f"{values['sku']} is already a barcode of another product.")))
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
                 "sale_price": p.sale_price, "vat_rate": p.vat_rate, "prices_include_vat": p.prices_include_vat,
                 "standard_cost": p.standard_cost, "reorder_point": p.reorder_point, "reorder_qty": p.reorder_qty,
                 "active": True, "barcodes": codes, "preferred_supplier": values.get("preferred_supplier") and
                 suppliers[values["preferred_supplier"]].code, "source": table.what})
        for p, codes, values in objects))
    for i, (row, sku, diff) in enumerate(changed, start=1):
        try:
            edit_product(uow, sku, **diff)
        except BoclerkError as exc:
            raise at_line(row, exc) from None
        if progress:
            progress("updating products", i, len(changed))
    return ImportResult("products", table.what, len(rows), len(new), len(changed), unchanged)


# -- customers and suppliers ------------------------------------------------------------------

def _partner_parser(kind: str):
    from boclerk.services.catalog.partners import (
        CUSTOMER_FIELDS,
        SUPPLIER_FIELDS,
        _check_code,
        _clean,
    )

    allowed = CUSTOMER_FIELDS if kind == "customers" else SUPPLIER_FIELDS
    what = "customer" if kind == "customers" else "supplier"
    text_columns = ("email", "phone", "address") + (("tax_id",) if kind == "suppliers" else ())

    def parse(table: Table, db: Database, progress: Progress | None) -> list[tuple[Row, dict]]:
        def one(row: Row) -> tuple[Row, dict]:
            code = row.parse("code", lambda t: _check_code(t, what))
            values = {"name": row.parse("name", lambda t: _clean({"name": t}, allowed)["name"])}
            for column in text_columns:
                if row.get(column):
                    values[column] = row.parse(column, lambda t, c=column: _clean({c: t}, allowed)[c])
            if kind == "suppliers" and row.get("payment_terms_days"):
                days = row.int("payment_terms_days", min=0)
                if days > 365:
                    raise row.error("payment_terms_days", "payment terms are a number of days from 0 to 365.")
                values["payment_terms_days"] = days
            return row, {"code": code, **values}

        return validate(table.rows, one, progress, "checking rows")

    return parse


def _write_partners(kind: str):
    def write(uow: UnitOfWork, table: Table, rows: list[tuple[Row, dict]], progress: Progress | None) -> ImportResult:
        from boclerk.services.catalog.partners import edit_customer, edit_supplier, phone_digits

        customers = kind == "customers"
        model = Customer if customers else Supplier
        uow.require(Perm.CUSTOMER_MANAGE if customers else Perm.SUPPLIER_MANAGE)
        v = Validator()
        duplicates([(row, values["code"]) for row, values in rows], "code", v,
                   label="the customer" if customers else "the supplier")
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
                    v.add(str(row.error("tax_id", f"the tax id {tax_id} already belongs to the supplier {owner}.")))
                if tax_id in in_file and in_file[tax_id][1].casefold() != values["code"].casefold():
                    v.add(str(row.error("tax_id", f"the tax id {tax_id} is already on line {in_file[tax_id][0]}.")))
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
        edit = edit_customer if customers else edit_supplier
        for i, (row, code, diff) in enumerate(changed, start=1):
            try:
                edit(uow, code, **diff)
            except BoclerkError as exc:
                raise at_line(row, exc) from None
            if progress:
                progress(f"updating {kind}", i, len(changed))
        return ImportResult(kind, table.what, len(rows), len(new), len(changed), unchanged)

    return write


# -- the forms -------------------------------------------------------------------------------

def _parse_orders(table: Table, db: Database, progress: Progress | None):
    from boclerk.services.exchange.import_orders import parse_orders

    return parse_orders(table, db, progress)


def _write_orders(uow: UnitOfWork, table: Table, parsed, progress: Progress | None) -> ImportResult:
    from boclerk.services.exchange.import_orders import write_orders

    return write_orders(uow, table, parsed, progress)


def _parse_counts(table: Table, db: Database, progress: Progress | None):
    from boclerk.services.exchange.import_stock import parse_counts

    return parse_counts(table, db, progress)


def _write_counts(uow: UnitOfWork, table: Table, parsed, progress: Progress | None) -> ImportResult:
    from boclerk.services.exchange.import_stock import write_counts

    return write_counts(uow, table, parsed, progress)


_STEPS: dict[str, _Step] = {
    "products": _Step(_parse_products, _write_products),
    "customers": _Step(_partner_parser("customers"), _write_partners("customers")),
    "suppliers": _Step(_partner_parser("suppliers"), _write_partners("suppliers")),
    "orders": _Step(_parse_orders, _write_orders),
    "stock-count": _Step(_parse_counts, _write_counts),
}
