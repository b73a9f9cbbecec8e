"""Gapless human numbers: SO-2026-000123, taken in the transaction that uses them."""

from __future__ import annotations

from sqlalchemy import update

from boclerk.db.dialect import insert_ignore
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

    The counter row is incremented by a single UPDATE ... RETURNING, which holds the
    row lock until the unit commits: two units can never take the same number, and a
    unit that rolls back gives its number back.
    """
    table = NumberSeries.__table__
    insert_ignore(uow.s, table, {"series": series, "year": year, "last": 0}, ["series", "year"])
    seq = uow.s.execute(
        update(table)
        .where(table.c.series == series, table.c.year == year)
        .values(last=table.c.last + 1)
        .returning(table.c.last)
    ).scalar_one()
    return format_number(series, year, seq)
