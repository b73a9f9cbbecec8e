"""Matching a whole statement at once: the same rules, the records fetched in sets.

:mod:`boclerk.services.documents.matching` holds the rules and asks a :class:`Lookups` for
the orders, bills and suppliers a line names. Asked line by line that is a few queries a
line; :class:`SetLookups` first gathers what every line of the statement could ask for (the
order and bill numbers in the purposes, the amounts, the tax ids, the suppliers' invoice
numbers) and fetches each kind with a few queries over all lines, then answers the rules
from memory. A question it did not foresee falls back to the line's own query, so the
answers are always the per-line ones.

:func:`store_lines` writes a statement's new lines with their proposals in bulk (one insert
for all, ids taken first so that the reasons can name each line's own number), in the unit of
work of the intake: a run killed half-way leaves nothing in the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import bindparam, func, select, text, update

from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import BankLine, LineStatus
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.purchasing import PurchaseOrder, SupplierBill
from boclerk.domain.sales import SalesOrder, Shipment
from boclerk.i18n import _
from boclerk.services.documents.matching import (
    BILL,
    OPEN_BILL,
    OPEN_ORDER,
    PO,
    SO,
    Facts,
    Lookups,
    Proposal,
    proposal,
    supplier_refs,
    tax_id_key,
    unmatched_reason,
)

#: ``progress(stage, done, total)``: what a face shows while a long statement is read in.
Progress = Callable[[str, int, int], None]
CHUNK = 500  # values in one IN (...) list
STEP = 5000  # lines between progress reports, and rows in one insert
_MISSING = object()


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _text(line: Facts) -> str:
    return f"{line.purpose} {line.reference}"


class SetLookups(Lookups):
    """Every record the rules may ask about for ``lines``, fetched in sets before the first line."""

    def __init__(self, uow: UnitOfWork, lines: Sequence[Facts]):
        super().__init__(uow)
        ins = [ln for ln in lines if ln.amount > 0 and ln.currency == uow.currency]
        outs = [ln for ln in lines if ln.amount < 0]
        named = {n.upper() for ln in ins for n in SO.findall(_text(ln))}
        self._orders = {o.number: o for o in self._all(select(SalesOrder), SalesOrder.number, named)}
        self._orders_due = self._open_orders({ln.amount for ln in ins if not SO.search(_text(ln))})
        orders = {o.id: o for o in self._orders.values()} | {o.id: o for rows in self._orders_due.values()
                                                              for o, _ in rows}
        returned: dict[int, int] = defaultdict(int)
        for chunk in _chunks(sorted(orders)):
            for order_id, gross in uow.s.execute(
                    select(Shipment.order_id, func.coalesce(func.sum(Shipment.net + Shipment.vat), 0))
                    .where(Shipment.order_id.in_(chunk), Shipment.kind == "return").group_by(Shipment.order_id)):
                returned[order_id] = int(gross or 0)
        self._due = {i: o.total - returned[i] - o.paid for i, o in orders.items()}

        self._bills = {b.number: b for b in self._all(
            select(SupplierBill), SupplierBill.number, {n.upper() for ln in outs for n in BILL.findall(_text(ln))})}
        self._pos = {p.number: p for p in self._all(
            select(PurchaseOrder), PurchaseOrder.number, {n.upper() for ln in outs for n in PO.findall(_text(ln))})}
        self._po_bills = self._grouped(select(SupplierBill), SupplierBill.po_id, {p.id for p in self._pos.values()})
        self._suppliers: dict[str, Supplier] = {}
        tax_ids = {t for ln in outs if (t := tax_id_key(ln.counterparty_tax_id))}
        for sup in sorted(self._all(select(Supplier), Supplier.tax_id, tax_ids), key=lambda s: s.id):
            self._suppliers.setdefault(sup.tax_id, sup)
        self._supplier_bills = self._grouped(select(SupplierBill).where(SupplierBill.status.in_(OPEN_BILL)),
                                             SupplierBill.supplier_id, {s.id for s in self._suppliers.values()})
        refs = {r for ln in outs if tax_id_key(ln.counterparty_tax_id) not in self._suppliers
                for r in supplier_refs(_text(ln))}
        self._by_ref = self._grouped(select(SupplierBill).where(SupplierBill.status.in_(OPEN_BILL)),
                                     SupplierBill.supplier_ref, refs)
        self._all_bills = {b.id: b for group in (list(self._bills.values()), *self._po_bills.values(),
                                                 *self._supplier_bills.values(), *self._by_ref.values())
                           for b in group}

    # -- fetching in sets ------------------------------------------------------------------------
    def _all(self, stmt, column, keys: set) -> list:
        found = []
        for chunk in _chunks(sorted(keys)):
            found.extend(self.uow.s.scalars(stmt.where(column.in_(chunk))))
        return found

    def _grouped(self, stmt, column, keys: set) -> dict:
        groups: dict = defaultdict(list)
        for row in self._all(stmt, column, keys):
            groups[getattr(row, column.key)].append(row)
        return {k: sorted(v, key=lambda r: r.id) for k, v in groups.items()}

    def _open_orders(self, amounts: set[int]) -> dict[int, list[tuple[SalesOrder, Customer]]]:
        """Open orders due each of ``amounts`` (before returns), with their customers, oldest first."""
        if not amounts:
            return {}
        due = SalesOrder.total - SalesOrder.paid
        wanted = [i for i, d in self.uow.s.execute(select(SalesOrder.id, due).where(*OPEN_ORDER, due > 0))
                  if d in amounts]
        groups: dict[int, list] = defaultdict(list)
        for chunk in _chunks(sorted(wanted)):
            for o, c in self.uow.s.execute(select(SalesOrder, Customer).join(
                    Customer, Customer.id == SalesOrder.customer_id).where(SalesOrder.id.in_(chunk))):
                groups[o.total - o.paid].append((o, c))
        return {a: sorted(rows, key=lambda r: r[0].id) for a, rows in groups.items()}

    # -- answering the rules ---------------------------------------------------------------------
    def order_by_number(self, number: str):
        found = self._orders.get(number, _MISSING)
        return super().order_by_number(number) if found is _MISSING else found

    def amount_due(self, o: SalesOrder) -> int:
        found = self._due.get(o.id)
        return super().amount_due(o) if found is None else found

    def orders_due(self, amount: int):
        return list(self._orders_due.get(amount, ()))

    def bill_by_number(self, number: str):
        found = self._bills.get(number, _MISSING)
        return super().bill_by_number(number) if found is _MISSING else found

    def po_by_number(self, number: str):
        found = self._pos.get(number, _MISSING)
        return super().po_by_number(number) if found is _MISSING else found

    def bills_of_po(self, po_id: int):
        return list(self._po_bills.get(po_id, ())) if any(p.id == po_id for p in self._pos.values()) \
            else super().bills_of_po(po_id)

    def supplier_by_tax_id(self, tax_id: str):
        return self._suppliers.get(tax_id)

    def open_bills_of_supplier(self, supplier_id: int):
        return list(self._supplier_bills.get(supplier_id, ()))

    def open_bills_by_refs(self, refs: list[str]):
        bills = {b.id: b for r in refs for b in self._by_ref.get(r, ())}
        return [bills[i] for i in sorted(bills)]

    def bill_currency(self, bill_id: int):
        bill = self._all_bills.get(bill_id)
        return super().bill_currency(bill_id) if bill is None else bill.currency


def proposals(uow: UnitOfWork, lines: Sequence[Facts], progress: Progress | None = None) -> list[Proposal]:
    """The rules' proposal for each of ``lines``, with the records fetched in sets."""
    if progress:
        progress(_("Looking up orders and bills"), 0, len(lines))
    look = SetLookups(uow, lines)
    if progress:
        progress(_("Looking up orders and bills"), len(lines), len(lines))
    out = []
    for i, line in enumerate(lines, 1):
        out.append(proposal(uow, look, line))
        if progress and (i % STEP == 0 or i == len(lines)):
            progress(_("Matching"), i, len(lines))
    return out


def store_lines(uow: UnitOfWork, rows: list[dict], lines: Sequence[Facts],
                progress: Progress | None = None) -> list[Proposal]:
    """Insert a statement's new lines (``rows``: bank_line columns) with their proposals, in bulk."""
    found = proposals(uow, lines, progress)
    if not rows:
        return found
    table = BankLine.__table__
    for row, line_id, p in zip(rows, _new_ids(uow, len(rows)), found, strict=True):
        row.update(id=line_id, status=p.status.value, match_kind=p.kind.value if p.kind else None,
                   order_id=p.order_id, bill_id=p.bill_id,
                   reason=unmatched_reason(uow, p.reason, line_id) if p.status == LineStatus.UNMATCHED else p.reason[:500])
    columns = list(rows[0])
    conn = uow.s.connection()
    if conn.dialect.name == "postgresql":
        _copy_lines(conn, table.name, columns, rows, progress)
        return found
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}, version) VALUES ({', '.join([mark] * len(columns))}, 1)"
    at = columns.index("booked")
    for i in range(0, len(rows), STEP):  # the driver's executemany: the rows are plain values already
        values = [tuple(r[c] for c in columns) for r in rows[i:i + STEP]]
        if mark == "?":  # SQLite keeps dates as ISO text, as SQLAlchemy's Date writes them
            values = [(*v[:at], v[at].isoformat(), *v[at + 1:]) for v in values]
        conn.exec_driver_sql(sql, values)
        if progress:
            progress(_("Saving"), min(i + STEP, len(rows)), len(rows))
    return found


def _copy_lines(conn, table: str, columns: list[str], rows: list[dict], progress: Progress | None) -> None:
    """PostgreSQL: the rows go in by COPY, which takes 100,000 lines in a fraction of the time
    inserts take (the triggers fire all the same, and the unit's transaction holds them)."""
    with conn.connection.dbapi_connection.cursor() as cur, \
            cur.copy(f"COPY {table} ({', '.join(columns)}, version) FROM STDIN") as copy:
        for i, row in enumerate(rows, 1):
            copy.write_row([*(row[c] for c in columns), 1])
            if progress and (i % STEP == 0 or i == len(rows)):
                progress(_("Saving"), i, len(rows))


def _new_ids(uow: UnitOfWork, n: int) -> list[int]:
    """Ids for ``n`` new bank lines, known before they are inserted (their reasons name them)."""
    if uow.db.dialect == "postgresql":
        return list(uow.s.scalars(text("SELECT nextval(pg_get_serial_sequence('bank_line', 'id')) "
                                       "FROM generate_series(1, :n)"), {"n": n}))
    # SQLite: this write unit holds the database's write lock, so nobody else takes the ids after the last
    start = uow.s.scalar(text("SELECT coalesce(max(id), 0) FROM bank_line")) + 1
    return list(range(start, start + n))


def repropose_all(uow: UnitOfWork, progress: Progress | None = None) -> int:
    """A second look at every unmatched line, all at once; returns how many got a proposal."""
    from boclerk.domain.documents import BankStatement

    t = BankLine.__table__
    rows = uow.s.execute(select(t.c.id, t.c.amount, t.c.purpose, t.c.reference, t.c.counterparty_name,
                                t.c.counterparty_tax_id, BankStatement.currency)
                         .join(BankStatement, BankStatement.id == t.c.statement_id)
                         .where(t.c.status == LineStatus.UNMATCHED.value).order_by(t.c.id)).all()
    lines = [Facts(*r) for r in rows]
    found = proposals(uow, lines, progress)
    changes = [{"line_id": ln.id, "status": p.status.value,
                "why": p.reason[:500] if p.status == LineStatus.PROPOSED else unmatched_reason(uow, p.reason, ln.id),
                "kind": p.kind.value if p.kind else None, "order": p.order_id, "bill": p.bill_id}
               for ln, p in zip(lines, found, strict=True)]
    if changes:
        uow.s.flush()
        uow.s.execute(update(t).where(t.c.id == bindparam("line_id")).values(
            status=bindparam("status"), reason=bindparam("why"), match_kind=bindparam("kind"),
            order_id=bindparam("order"), bill_id=bindparam("bill")), changes)
        uow.s.expire_all()  # ORM rows of these lines read before are stale now
    return sum(p.status == LineStatus.PROPOSED for p in found)


def repropose_unmatched(uow: UnitOfWork, progress: Progress | None = None) -> int:
    """A second look at every unmatched line (new bills may have come in), all at once; returns how
    many got a proposal."""
    return repropose_all(uow, progress)


def rematch(uow: UnitOfWork) -> int:
    from boclerk.domain.acts import act

    uow.require(act("documents.rematch"))
    count = repropose_unmatched(uow)
    uow.audit("bank.rematch", "bank_line", "*", after={"proposed": count})
    return count
