"""Gapless human numbers: SO-2026-000123, taken in the transaction that uses them."""

from __future__ import annotations

from boclerk.db.dialect import insert_stmt
from boclerk.db.uow import UnitOfWork
from boclerk.domain.company import NumberSeries, format_number

#: Which table and column carry each series' numbers (for the no-gap invariant). A new series
#: goes here, so that ``db check`` watches it whatever modules a process happened to import.
SERIES_TABLES: dict[str, tuple[str, str]] = {
    "SO": ("sales_order", "number"),
    "PO": ("purchase_order", "number"),
    "BILL": ("supplier_bill", "number"),
    "JE": ("journal_entry", "number"),
    "CNT": ("stock_count", "number"),
    "DOC": ("document", "number"),
    "REQ": ("supply_request", "number"),
    "EQ": ("equipment", "number"),
    "CTR": ("contract", "number"),
    "NOTE": ("supplier_note", "number"),
}


def next_number(uow: UnitOfWork, series: str, year: int) -> str:
    """Take the next number of ``series`` for ``year``.

    One statement: an upsert that starts the counter at 1 or adds 1 to it, returning the new
    value. It holds the counter row's lock until the unit commits, so two units can never take
    the same number and a unit that rolls back gives its number back; being one round trip, it
    keeps the time other writers wait on that row short.
    """
    table = NumberSeries.__table__
    stmt = insert_stmt(uow.s, table).values(series=series, year=year, last=1)
    stmt = stmt.on_conflict_do_update(index_elements=["series", "year"], set_={"last": table.c.last + 1})
    seq = uow.s.execute(stmt.returning(table.c.last)).scalar_one()
    return format_number(series, year, seq)
