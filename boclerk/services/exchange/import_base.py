"""The import framework: what every importer behind ``boclerk import`` uses.

The CSV forms (their columns, which ``export csv`` writes too), the result an import
reports, the two steps of an importer (:class:`Step`: parse the rows without the
database, then write them in the unit of work) and the helpers the forms share: cells as
money and percentages, every row checked before anything is written, duplicate keys,
lookups by code in chunks, audit events in bulk. The importers of the catalog
(:mod:`.import_catalog`), of orders (:mod:`.import_orders`) and of stock counts
(:mod:`.import_stock`) build on it; :func:`.importing.import_file` is the door that runs them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Barcode, Product
from boclerk.errors import BoclerkError, InvalidInput
from boclerk.formats.csvio import ColumnSpec, Row, Table, Validator
from boclerk.i18n import _, ngettext
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
        if self.kind == "stock-count":
            parts = [_("{added} opening stock").format(added=self.added), _("{updated} counted differently from the stock").format(updated=self.updated),
                     _("{unchanged} unchanged").format(unchanged=self.unchanged)]
        elif self.kind == "orders":
            parts = [ngettext("{added} new order", "{added} new orders", self.added).format(added=self.added),
                     _("{unchanged} already there").format(unchanged=self.unchanged)]
        else:
            parts = [_("{added} new").format(added=self.added), _("{updated} updated").format(updated=self.updated), _("{unchanged} unchanged").format(unchanged=self.unchanged)]
        rows = ngettext("{n} row", "{n} rows", self.rows).format(n=self.rows)
        text = (_("Checked {file}: {rows}, {parts}.") if self.dry_run else _("Imported {file}: {rows}, {parts}.")).format(
            file=self.file, rows=rows, parts=", ".join(parts))
        if self.notes:
            text += " " + " ".join(self.notes)
        if self.dry_run:
            text += _(" Dry run: nothing was written.")
        return text



@dataclass(frozen=True)
class Step:
    """An importer: ``parse`` checks the rows without the database; ``write`` checks them
    against it and writes, in the one unit of work of the import."""

    parse: Callable[[Table, Database, Progress | None], Any]
    write: Callable[[UnitOfWork, Table, Any, Progress | None], ImportResult]


def currency_of(db: Database) -> str:
    with db.read(None, system=True) as uow:
        return uow.currency


def money(row: Row, name: str, currency: str, *, default: int | None = None) -> int | None:
    """A cell holding an amount in major units ("1234.56", "1 234,56"), as minor units, not negative."""
    if not row.get(name):
        return default
    value = row.decimal(name)
    if value < 0:
        raise row.error(name, _("'{name}' is negative, which is not allowed here.").format(name=row.get(name)))
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
        raise row.error(name, _("'{name}' is not a whole percentage.").format(name=row.get(name)))
    return int(value)


def checked(row: Row, name: str, fn: Callable[[str], Any], *, default: Any = None) -> Any:
    """``fn(cell)`` with a service's InvalidInput turned into "<file> line N, column C: ..."."""
    if not row.get(name):
        return default
    return row.parse(name, fn)


def at_line(row: Row, exc: BoclerkError) -> BoclerkError:
    """A refusal of a service while writing ``row``, with the file and line in front."""
    return type(exc)(_("{what} line {line}: {message}").format(what=row.what, line=row.line, message=exc.message))


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
            v.add(str(row.error(column, _("{label} {key} is already on line {seen}.").format(label=label, key=key, seen=seen[folded]))))
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
    found = _exactly(uow, Product.sku, wanted)
    for chunk in chunks([c for c in wanted if c not in found]):
        for code, p in uow.s.execute(select(Barcode.code, Product).join(Product, Product.id == Barcode.product_id)
                                     .where(Barcode.code.in_(chunk))):
            found[code] = p
    return _in_another_case(uow, Product.sku, wanted, found)


def by_code(uow: UnitOfWork, model, codes: Iterable[str]) -> dict[str, Any]:
    """Customers or suppliers by code (exact, then in another case); missing ones left out."""
    wanted = sorted({c for c in codes if c})
    return _in_another_case(uow, model.code, wanted, _exactly(uow, model.code, wanted))


def _exactly(uow: UnitOfWork, key, codes: list[str]) -> dict[str, Any]:
    """The records whose ``key`` column is one of ``codes``, by code."""
    found: dict[str, Any] = {}
    for chunk in chunks(codes):
        for record in uow.s.scalars(select(key.class_).where(key.in_(chunk))):
            found[getattr(record, key.key)] = record
    return found


def _in_another_case(uow: UnitOfWork, key, codes: list[str], found: dict[str, Any]) -> dict[str, Any]:
    """``found`` and, for the codes it lacks, the records whose ``key`` is the code in another case."""
    rest: dict[str, list[str]] = {}
    for c in codes:
        if c not in found:
            rest.setdefault(c.lower(), []).append(c)
    for chunk in chunks(list(rest)):
        for record in uow.s.scalars(select(key.class_).where(func.lower(key).in_(chunk))):
            for c in rest.get(getattr(record, key.key).lower(), []):
                found[c] = record
    return found


def apply_changes(uow: UnitOfWork, changed: Sequence[tuple[Row, str, dict[str, Any]]], edit: Callable[..., Any],
                  progress: Progress | None, what: str) -> None:
    """Changes to existing records through their service's ``edit(uow, key, **diff)``; a
    refusal names the file's line."""
    for i, (row, key, diff) in enumerate(changed, start=1):
        try:
            edit(uow, key, **diff)
        except BoclerkError as exc:
            raise at_line(row, exc) from None
        if progress:
            progress(_("updating {what}").format(what=what), i, len(changed))
