"""``boclerk export``: the posted journal for hledger, ledger and beancount, and data as CSV.

Both read in one read unit of work (one snapshot) and stream: rows are fetched a page at
a time by key on an index (journal entries by (entry_date, id) on
``ix_journal_entry_date``, their postings by ``ix_posting_entry``, orders by
(order_date, id), products, customers and suppliers by their unique code), so memory
stays flat however large the books are.

The journal goes through the pure writer :func:`boclerk.formats.journal.write_journal`,
a page of entries per call: the header (commodity, tags, account declarations) comes
from the first call, later calls contribute only their entries. Entries are written in
date order, as the writer asks.

CSV files use the column names of the importers (:data:`boclerk.services.exchange.import_base.FORMS`),
so an export of products, customers, suppliers, orders or stock imports again unchanged;
:func:`boclerk.formats.csvout.write_table` neutralises cells a spreadsheet would run as
formulas and keeps numeric columns as plain numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy import Select, select, tuple_

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Barcode, Product, Warehouse
from boclerk.domain.ledger import Account, Department, JournalEntry, Posting
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.sales import OrderLine, SalesOrder
from boclerk.domain.stock import ProductCost, StockLevel
from boclerk.errors import InvalidInput
from boclerk.formats.csvout import write_table
from boclerk.formats.journal import (
    FORMATS,
    ExportAccount,
    ExportEntry,
    ExportPosting,
    write_journal,
)
from boclerk.i18n import _
from boclerk.money import decimal_str, round_half_up
from boclerk.services import shown
from boclerk.services.catalog import units
from boclerk.services.exchange.import_base import FORMS

PAGE = 2000
_JE = JournalEntry.__table__
_P = Posting.__table__
_SO = SalesOrder.__table__
_OL = OrderLine.__table__


def _check_period(uow: UnitOfWork, start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise InvalidInput(_("The period starts ({start}) after it ends ({end}).").format(start=shown.day(uow, start), end=shown.day(uow, end)))


def _pages(uow: UnitOfWork, stmt: Select, keys: Sequence, page: int | None = None) -> Iterator[list]:
    """The rows of ``stmt`` a page at a time (default :data:`PAGE`), by keyset on ``keys``
    (unique together, in order; each row carries the key values as its first columns)."""
    page = page or PAGE
    n = len(keys)
    last: tuple | None = None
    while True:
        q = stmt.order_by(*keys).limit(page)
        if last is not None:
            q = q.where(keys[0] > last[0] if n == 1 else tuple_(*keys) > tuple_(*last))
        rows = uow.s.execute(q).all()
        if not rows:
            return
        yield rows
        if len(rows) < page:
            return
        last = tuple(rows[-1][:n])


# -- the journal -------------------------------------------------------------------------

def journal_accounts(uow: UnitOfWork) -> list[ExportAccount]:
    return [ExportAccount(a.code, a.name, a.type) for a in uow.s.scalars(select(Account).order_by(Account.code))]


def journal_entries(uow: UnitOfWork, *, start: date | None = None, end: date | None = None,
                    page: int | None = None) -> Iterator[list[ExportEntry]]:
    """Posted entries by date (then id), a page at a time, with their postings."""
    codes = dict(uow.s.execute(select(Account.id, Account.code)).all())
    depts = dict(uow.s.execute(select(Department.id, Department.code)).all())
    rev = _JE.alias("reversed")
    stmt = (select(_JE.c.entry_date, _JE.c.id, _JE.c.number, _JE.c.memo, _JE.c.source_ref, rev.c.number)
            .select_from(_JE.outerjoin(rev, rev.c.id == _JE.c.reverses_id))
            .where(_JE.c.status == "posted"))
    if start is not None:
        stmt = stmt.where(_JE.c.entry_date >= start)
    if end is not None:
        stmt = stmt.where(_JE.c.entry_date <= end)
    for rows in _pages(uow, stmt, (_JE.c.entry_date, _JE.c.id), page):
        lines: dict[int, list[ExportPosting]] = {row[1]: [] for row in rows}
        for entry_id, account_id, dept_id, amount in uow.s.execute(
                select(_P.c.entry_id, _P.c.account_id, _P.c.department_id, _P.c.amount)
                .where(_P.c.entry_id.in_(list(lines))).order_by(_P.c.entry_id, _P.c.line_no)):
            lines[entry_id].append(ExportPosting(codes[account_id], int(amount), depts.get(dept_id)))
        yield [ExportEntry(number, as_date(day), memo or "", source or None, tuple(lines[eid]), reverses)
               for day, eid, number, memo, source, reverses in rows]


def export_journal(uow: UnitOfWork, fmt: str, out: TextIO, *, start: date | None = None,
                   end: date | None = None, page: int | None = None) -> int:
    """Write every posted entry (of the period) as an ``fmt`` journal; returns how many."""
    uow.require(Perm.DATA_EXPORT)
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(_("'{fmt}' is not a journal format; choose one of: {names}.").format(fmt=fmt, names=', '.join(FORMATS)))
    _check_period(uow, start, end)
    accounts = journal_accounts(uow)
    options = {"currency": uow.currency, "company": uow.company.name}
    empty = io.StringIO()
    write_journal(fmt, accounts, [], empty, **options)
    header = len(empty.getvalue())  # the same length on every call (beancount's dates are all 10 wide)
    count = 0
    for entries in journal_entries(uow, start=start, end=end, page=page):
        buf = io.StringIO()
        write_journal(fmt, accounts, entries, buf, **options)
        text = buf.getvalue()
        if count and not text[header:header + 1] == "\n":
            raise RuntimeError("the journal writer's header changed length between pages")
        out.write(text[header:] if count else text)
        count += len(entries)
    if not count:
        out.write(empty.getvalue())
    return count


# -- CSV -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvForm:
    columns: tuple[str, ...]
    numeric: frozenset[str]
    rows: Callable[[UnitOfWork, date | None, date | None], Iterator[Sequence[Any]]]
    dated: bool = False  # takes --from/--to


def _form(kind: str) -> tuple[str, ...]:
    return tuple(name for name, _ in FORMS[kind])


def _percent(bp: int) -> str:
    return format(Decimal(bp) / 100, "f")


def _products(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    cur = uow.currency
    p = Product.__table__
    stmt = (select(p.c.sku, p.c.id, p.c.name, p.c.sale_price, p.c.category, p.c.unit, p.c.vat_category,
                   p.c.standard_cost, p.c.reorder_point, p.c.reorder_qty, Supplier.code, p.c.kind)
            .select_from(p.outerjoin(Supplier, Supplier.id == p.c.preferred_supplier_id)))
    for rows in _pages(uow, stmt, (p.c.sku,)):
        codes: dict[int, list[str]] = {}
        for pid, code in uow.s.execute(select(Barcode.product_id, Barcode.code)
                                       .where(Barcode.product_id.in_([r[1] for r in rows])).order_by(Barcode.code)):
            codes.setdefault(pid, []).append(code)
        for sku, pid, name, price, category, unit, vat, cost, rp, rq, supplier, kind in rows:
            yield (sku, name, decimal_str(price, cur), category, unit, vat, decimal_str(cost, cur),
                   " ".join(codes.get(pid, [])), units.shown(uow, unit, rp), units.shown(uow, unit, rq),
                   supplier or "", kind)


def _customers(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    c = Customer.__table__
    for rows in _pages(uow, select(c.c.code, c.c.name, c.c.email, c.c.phone, c.c.address), (c.c.code,)):
        yield from rows


def _suppliers(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    s = Supplier.__table__
    stmt = select(s.c.code, s.c.name, s.c.tax_id, s.c.email, s.c.phone, s.c.address, s.c.payment_terms_days)
    for rows in _pages(uow, stmt, (s.c.code,)):
        yield from rows


def _order_pages(uow: UnitOfWork, start, end, *extra) -> Iterator[tuple[list, dict[int, list]]]:
    """Orders by (order_date, id) in the period, each page with its lines (and SKUs)."""
    stmt = (select(_SO.c.order_date, _SO.c.id, _SO.c.number, _SO.c.channel_ref, Customer.code, _SO.c.status,
                   _SO.c.channel, *extra)
            .select_from(_SO.join(Customer, Customer.id == _SO.c.customer_id)))
    if start is not None:
        stmt = stmt.where(_SO.c.order_date >= start)
    if end is not None:
        stmt = stmt.where(_SO.c.order_date <= end)
    for rows in _pages(uow, stmt, (_SO.c.order_date, _SO.c.id)):
        lines: dict[int, list] = {r[1]: [] for r in rows}
        for line in uow.s.execute(
                select(_OL.c.order_id, _OL.c.line_no, Product.sku, _OL.c.qty, _OL.c.qty_shipped, _OL.c.qty_returned,
                       _OL.c.unit_price, _OL.c.discount_bp, _OL.c.vat_rate, _OL.c.net, _OL.c.vat, _OL.c.gross,
                       Product.unit)
                .join(Product, Product.id == _OL.c.product_id)
                .where(_OL.c.order_id.in_(list(lines))).order_by(_OL.c.order_id, _OL.c.line_no)):
            lines[line[0]].append(line)
        yield rows, lines


def _orders(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    """The import form: one row per line; the order's own number is its channel reference
    (what an import keeps there) or else its boclerk number."""
    cur = uow.currency
    for rows, lines in _order_pages(uow, start, end):
        for day, oid, number, ref, customer, status, channel in rows:
            shown = "new" if status == "draft" else status
            for ln in lines[oid]:
                yield (ref or number, as_date(day).isoformat(), customer, ln.sku, units.shown(uow, ln.unit, ln.qty),
                       decimal_str(ln.unit_price, cur), _percent(ln.discount_bp), shown, channel)


ORDER_LINE_COLUMNS = ("order_number", "order_date", "status", "customer_code", "channel", "channel_ref",
                      "historical", "line_no", "sku", "quantity", "qty_shipped", "qty_returned", "unit_price",
                      "discount_percent", "vat_rate", "net", "vat", "gross")


def _order_lines(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    cur = uow.currency
    for rows, lines in _order_pages(uow, start, end, _SO.c.historical):
        for day, oid, number, ref, customer, status, channel, historical in rows:
            for ln in lines[oid]:
                yield (number, as_date(day).isoformat(), status, customer, channel, ref or "",
                       "yes" if historical else "no", ln.line_no, ln.sku, units.shown(uow, ln.unit, ln.qty),
                       units.shown(uow, ln.unit, ln.qty_shipped), units.shown(uow, ln.unit, ln.qty_returned),
                       decimal_str(ln.unit_price, cur), _percent(ln.discount_bp),
                       "exempt" if ln.vat_rate is None else ln.vat_rate,
                       decimal_str(ln.net, cur), decimal_str(ln.vat, cur), decimal_str(ln.gross, cur))


def _stock(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    """The stock-count form: on hand per product and warehouse, at moving-average unit cost."""
    cur = uow.currency
    lv, cost = StockLevel.__table__, ProductCost.__table__
    stmt = (select(Product.sku, Warehouse.code, lv.c.on_hand, cost.c.qty, cost.c.value, Product.unit)
            .select_from(lv.join(Product, Product.id == lv.c.product_id)
                         .join(Warehouse, Warehouse.id == lv.c.warehouse_id)
                         .outerjoin(cost, cost.c.product_id == lv.c.product_id))
            .where(lv.c.on_hand != 0))
    for rows in _pages(uow, stmt, (Product.sku, Warehouse.code)):
        for sku, wh, on_hand, qty, value, unit_code in rows:
            scale = 10 ** units.decimals(uow, unit_code)  # the cost of one whole unit
            unit = round_half_up(Decimal(value) * scale / qty) if qty else 0
            yield sku, wh, units.shown(uow, unit_code, on_hand), decimal_str(unit, cur)


ENTRY_COLUMNS = ("number", "date", "memo", "source_kind", "source_ref", "reverses", "posted_by", "posted_at")
POSTING_COLUMNS = ("entry", "date", "line_no", "account", "account_name", "department", "amount")


def _entry_stmt(start, end, *cols):
    rev = _JE.alias("reversed")
    stmt = (select(_JE.c.entry_date, _JE.c.id, _JE.c.number, *cols, rev.c.number)
            .select_from(_JE.outerjoin(rev, rev.c.id == _JE.c.reverses_id)).where(_JE.c.status == "posted"))
    if start is not None:
        stmt = stmt.where(_JE.c.entry_date >= start)
    if end is not None:
        stmt = stmt.where(_JE.c.entry_date <= end)
    return stmt


def _entries(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    stmt = _entry_stmt(start, end, _JE.c.memo, _JE.c.source_kind, _JE.c.source_ref, _JE.c.posted_by,
                       _JE.c.posted_at)
    for rows in _pages(uow, stmt, (_JE.c.entry_date, _JE.c.id)):
        for day, _id, number, memo, kind, ref, by, at, reverses in rows:
            yield number, as_date(day).isoformat(), memo, kind, ref, reverses or "", by or "", _moment(at)


def _moment(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _postings(uow: UnitOfWork, start, end) -> Iterator[Sequence[Any]]:
    cur = uow.currency
    accounts = {a.id: (a.code, a.name) for a in uow.s.scalars(select(Account))}
    depts = dict(uow.s.execute(select(Department.id, Department.code)).all())
    for rows in _pages(uow, _entry_stmt(start, end), (_JE.c.entry_date, _JE.c.id)):
        numbers = {r[1]: (r[2], as_date(r[0]).isoformat()) for r in rows}
        by_entry: dict[int, list] = {eid: [] for eid in numbers}
        for p in uow.s.execute(select(_P.c.entry_id, _P.c.line_no, _P.c.account_id, _P.c.department_id,
                                      _P.c.amount).where(_P.c.entry_id.in_(list(numbers)))
                               .order_by(_P.c.entry_id, _P.c.line_no)):
            by_entry[p.entry_id].append(p)
        for eid, (number, day) in numbers.items():
            for p in by_entry[eid]:
                code, name = accounts[p.account_id]
                yield number, day, p.line_no, code, name, depts.get(p.department_id, ""), decimal_str(p.amount, cur)


CSV_FORMS: dict[str, CsvForm] = {
    "orders": CsvForm(_form("orders"), frozenset({"quantity", "unit_price", "discount_percent"}), _orders, True),
    "order-lines": CsvForm(ORDER_LINE_COLUMNS, frozenset({"line_no", "quantity", "qty_shipped", "qty_returned",
                                                          "unit_price", "discount_percent", "vat_rate", "net", "vat",
                                                          "gross"}), _order_lines, True),
    "products": CsvForm(_form("products"), frozenset({"price", "cost", "reorder_point", "reorder_qty"}),
                        _products),
    "customers": CsvForm(_form("customers"), frozenset(), _customers),
    "suppliers": CsvForm(_form("suppliers"), frozenset({"payment_terms_days"}), _suppliers),
    "stock": CsvForm(_form("stock-count"), frozenset({"counted_qty", "unit_cost"}), _stock),
    "entries": CsvForm(ENTRY_COLUMNS, frozenset(), _entries, True),
    "postings": CsvForm(POSTING_COLUMNS, frozenset({"line_no", "amount"}), _postings, True),
}
CSV_KINDS = tuple(CSV_FORMS)


def export_csv(uow: UnitOfWork, kind: str, out: TextIO, *, start: date | None = None,
               end: date | None = None) -> int:
    """Write ``kind`` as CSV to ``out``; returns the number of rows."""
    uow.require(Perm.DATA_EXPORT)
    form = CSV_FORMS.get(kind.strip().lower())
    if form is None:
        from boclerk.domain.code_words import choices, data_word

        raise InvalidInput(_("'{kind}' is not something boclerk exports as CSV; choose {codes}.").format(
            kind=kind, codes=choices(CSV_KINDS, data_word)))
    if (start is not None or end is not None) and not form.dated:
        dated = ", ".join(k for k, f in CSV_FORMS.items() if f.dated)
        raise InvalidInput(_("--from and --to apply to {dated}; not to {kind}.").format(dated=dated, kind=kind))
    _check_period(uow, start, end)
    return write_table(form.columns, form.rows(uow, start, end), out, numeric_columns=form.numeric)
