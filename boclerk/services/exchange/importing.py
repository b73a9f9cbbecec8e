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

from typing import BinaryIO

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.formats.csvio import Table, read_table
from boclerk.formats.csvout import DANGEROUS_FIRST
from boclerk.i18n import _
from boclerk.services.exchange import import_catalog, import_orders, import_stock
from boclerk.services.exchange.import_base import (
    FORMS,
    KINDS,
    MAX_BYTES,
    ImportResult,
    Progress,
    Step,
    columns,
)

__all__ = ["FORMS", "KINDS", "MAX_BYTES", "ImportResult", "import_file"]

STEPS: dict[str, Step] = {
    **import_catalog.STEPS,
    "orders": Step(import_orders.parse_orders, import_orders.write_orders),
    "stock-count": Step(import_stock.parse_counts, import_stock.write_counts),
}


def import_file(db: Database, actor: str | None, kind: str, data: bytes | BinaryIO, *, what: str = "file",
                dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Import one CSV file of ``kind`` (its bytes, or a binary file read as a stream) in one unit of
    work (rolled back when ``dry_run``)."""
    if kind not in FORMS:
        from boclerk.domain.code_words import choices, data_word

        raise InvalidInput(_("'{kind}' is not something boclerk imports; choose {codes}.").format(
            kind=kind, codes=choices(KINDS, data_word)))
    with db.read(actor) as uow:  # refuse early, before reading a large file
        uow.require(Perm.DATA_IMPORT)
    table = read_table(data, columns=columns(kind), what=what, max_bytes=MAX_BYTES)
    _undo_neutralising(table)
    if not table.rows:
        raise InvalidInput(_("{what} has a header but no rows.").format(what=what))
    step = STEPS[kind]
    parsed = step.parse(table, db, progress)

    def write(uow: UnitOfWork) -> ImportResult:
        uow.require(Perm.DATA_IMPORT)
        result = step.write(uow, table, parsed, progress)
        if dry_run:
            raise _DryRun(result)
        return result

    try:
        result = db.run(actor, write, write=True)
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
        super().__init__(_("dry run"))
        self.result = result
