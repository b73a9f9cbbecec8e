"""What may be done to a record now, beyond what its state allows.

The rule book (:data:`boclerk.domain.acts.ACTS`) says which states an act applies to. Some acts
need more than the state: a payment needs something still to pay, a shipment goods reserved or
on hand, a return goods shipped and not yet back, a bill's reversal nothing paid or noted on it, an entry's reversal an entry made by
hand (a document's entry is corrected through the document). Each kind of record that has such
acts has one reader here, ``fn(uow, key)``, that answers ``{act id: why not}`` for the acts of its
state that cannot be done now. The faces ask it before they offer an act (:func:`acts_not_now`),
and :func:`boclerk.services.acts.check_act` refuses with its sentence before a form opens (and
before the command line asks its question). The acts check again when they run, each with its
own sentence; the rules they share with these questions are here (:func:`order_due`,
:func:`bill_left`, :func:`bill_reversal_refused`, :data:`MANUAL_SOURCES`).

Plain SQL (:func:`boclerk.db.plain.plain_sql`): the Orders list asks for its first highlighted row
before SQLAlchemy is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boclerk.db.plain import plain_sql, text
from boclerk.domain.acts import ACTS
from boclerk.domain.permissions import Perm
from boclerk.i18n import _

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

#: the kinds of entry made by hand, which a reversal corrects (a document's entries are corrected
#: through the document)
MANUAL_SOURCES = frozenset({"manual", "recharge", "opening"})


def order_due(uow: UnitOfWork, order_id: int, total: int, paid: int) -> int:
    """What is left to pay on an order (after returns)."""
    # int(): PostgreSQL sums BIGINT columns as NUMERIC (a Decimal); minor units are ints
    returned = int(uow.s.scalar(text("SELECT COALESCE(SUM(net + vat), 0) FROM shipment WHERE order_id = :id "
                                     "AND kind = 'return'"), {"id": order_id}) or 0)
    return due_after_returns(total, returned, paid)


def due_after_returns(total: int, returned: int, paid: int) -> int:
    """What is left to pay on an order of ``total`` when goods worth ``returned`` came back."""
    return total - returned - paid


def bill_left(total: int, noted: int, paid: int) -> int:
    """What is left to pay on a bill: the supplier's credit and debit notes change what is owed."""
    return total + noted - paid


def bill_reversal_refused(uow: UnitOfWork, bill_id: int, number: str, paid: int, currency: str) -> str | None:
    """Why a posted bill is not reversed (something paid or noted on it); None: it may be."""
    from boclerk.services import shown

    if paid:
        return _("{number} has {paid} paid on it and is not reversed; enter the difference as the "
                 "supplier's credit or debit note instead (boclerk purchase note {number} ...).").format(
            number=number, paid=shown.money(uow, paid, currency))
    notes = list(uow.s.execute(text("SELECT number FROM supplier_note WHERE bill_id = :id ORDER BY id"),
                               {"id": bill_id}).scalars())
    if notes:
        return _("{number} has the supplier's notes {notes} against it and is not reversed; enter the rest "
                 "as another note.").format(number=number, notes=', '.join(notes))
    return None


def entry_reversal_refused(number: str, source_kind: str, source_ref: str) -> str | None:
    """Why an entry is not reversed by hand (a document posted it); None: it may be."""
    if source_kind in MANUAL_SOURCES:
        return None
    return _("{number} was posted by {value}; correct it through that document, not by reversing the entry.").format(
        number=number, value=source_ref or source_kind)


def _one(uow: UnitOfWork, sql: str, key: str) -> Any:
    return uow.s.execute(text(sql), {"n": key.strip().upper()}).first()


#: An order with what its questions need: what came back of it (net and VAT), what is still out,
#: and whether any line still to ship can go: a service (no stock), or goods reserved for the line or
#: free in the order's warehouse (the act ships the whole order, or the lines and quantities chosen).
_ORDERS = ("SELECT o.id, o.number, o.status, o.total, o.paid, "
           "(SELECT COALESCE(SUM(s.net + s.vat), 0) FROM shipment s WHERE s.order_id = o.id AND s.kind = 'return') "
           "AS returned, (SELECT COALESCE(SUM(l.qty_shipped - l.qty_returned), 0) FROM order_line l "
           "WHERE l.order_id = o.id) AS out_there, "
           "EXISTS (SELECT 1 FROM order_line l JOIN product p ON p.id = l.product_id "
           "WHERE l.order_id = o.id AND l.qty > l.qty_shipped AND (p.kind <> 'goods' "
           "OR EXISTS (SELECT 1 FROM reservation r WHERE r.source_ref = o.number AND r.source_line = l.line_no "
           "AND r.active) "
           "OR EXISTS (SELECT 1 FROM stock_level sl WHERE sl.product_id = l.product_id "
           "AND sl.warehouse_id = o.warehouse_id AND sl.on_hand > sl.reserved))) AS can_go, "
           "(SELECT w.code FROM warehouse w WHERE w.id = o.warehouse_id) AS warehouse "
           "FROM sales_order o WHERE o.number IN ({numbers})")


def _order_why(o) -> dict[str, str]:
    out: dict[str, str] = {}
    # int(): PostgreSQL sums BIGINT columns as NUMERIC (a Decimal); minor units are ints
    if ACTS["orders.pay"].allows(o.status) and due_after_returns(o.total, int(o.returned or 0), o.paid) <= 0:
        out["orders.pay"] = _("Nothing is left to pay on {number}.").format(number=o.number)
    if ACTS["orders.return"].allows(o.status) and not o.out_there:
        out["orders.return"] = _("Everything shipped on {number} has come back already.").format(number=o.number)
    if ACTS["orders.ship"].allows(o.status) and not o.can_go:
        out["orders.ship"] = _("Nothing on {number} can be shipped now: none of its goods still to ship is "
                               "reserved for it or free in {warehouse}; receive or move stock there first.").format(
            number=o.number, warehouse=o.warehouse or "-")
    return out


def orders_not_now(uow: UnitOfWork, numbers: list[str]) -> dict[str, dict[str, str]]:
    """:func:`order_not_now` of several orders in one statement, by number as asked."""
    wanted = {n: n.strip().upper() for n in numbers}
    if not wanted:
        return {}
    names = {f"n{i}": number for i, number in enumerate(dict.fromkeys(wanted.values()))}
    rows = uow.s.execute(text(_ORDERS.format(numbers=", ".join(f":{name}" for name in names))), names).all()
    found = {o.number: _order_why(o) for o in rows}
    return {asked: found.get(number, {}) for asked, number in wanted.items()}


def order_not_now(uow: UnitOfWork, number: str) -> dict[str, str]:
    return orders_not_now(uow, [number])[number]


def bill_not_now(uow: UnitOfWork, number: str) -> dict[str, str]:
    b = _one(uow, "SELECT b.id, b.number, b.status, b.total, b.noted, b.paid, COALESCE(b.currency, c.currency) "
                  "AS currency FROM supplier_bill b, company c WHERE b.number = :n AND c.id = 1", number)
    out: dict[str, str] = {}
    if b is None:
        return out
    if ACTS["purchases.pay"].allows(b.status) and bill_left(b.total, b.noted, b.paid) <= 0:
        out["purchases.pay"] = _("Nothing is left to pay on {number}.").format(number=b.number)
    if ACTS["purchases.reverse_bill"].allows(b.status) and (
            why := bill_reversal_refused(uow, b.id, b.number, b.paid, b.currency)):
        out["purchases.reverse_bill"] = why
    return out


def entry_not_now(uow: UnitOfWork, number: str) -> dict[str, str]:
    e = _one(uow, "SELECT number, source_kind, source_ref FROM journal_entry WHERE number = :n", number)
    why = entry_reversal_refused(e.number, e.source_kind, e.source_ref) if e is not None else None
    return {"ledger.reverse": why} if why else {}


#: the act that starts a new record with a partner (from the partner's card), by side
NEW_WITH = {"customer": "orders.new", "supplier": "purchases.new_po"}


def partner_not_now(uow: UnitOfWork, side: str, code: str) -> dict[str, str]:
    """``{act id: why not}`` for the new order (purchase order) a partner's card offers: none with an
    archived customer or supplier (said without a face's way of restoring them: each adds its own)."""
    table = {"customer": "customer", "supplier": "supplier"}[side]
    p = uow.s.execute(text(f"SELECT code, active FROM {table} WHERE LOWER(code) = LOWER(:n)"),
                      {"n": code.strip()}).first()
    if p is None or p.active:
        return {}
    if side == "customer":
        why = _("The customer {code} is archived; restore them first to take a new order from them.")
    else:
        why = _("The supplier {code} is archived; restore them first or order from another supplier.")
    return {NEW_WITH[side]: why.format(code=p.code)}


#: kind of record -> its reader of the acts its state allows that cannot be done now
READERS = {"order": order_not_now, "bill": bill_not_now, "entry": entry_not_now}
#: the acts such a reader may name: only these need the question asked
ASKED = frozenset({"orders.pay", "orders.return", "orders.ship", "purchases.pay", "purchases.reverse_bill", "ledger.reverse"})


@plain_sql
def acts_not_now(uow: UnitOfWork, kind: str, key: str) -> dict[str, str]:
    """``{act id: why not}`` for the acts on record ``key`` of ``kind`` its state allows but that
    cannot be done now (empty: every act its state allows can)."""
    uow.require(Perm.READ)
    found = READERS.get(kind)
    return found(uow, key) if found else {}


@plain_sql
def acts_not_now_of(uow: UnitOfWork, kind: str, keys: list[str]) -> dict[str, dict[str, str]]:
    """:func:`acts_not_now` of several records of one kind at once (a list asks for the rows near
    its cursor), by key as asked."""
    uow.require(Perm.READ)
    if kind == "order":
        return orders_not_now(uow, keys)
    found = READERS.get(kind)
    return {key: found(uow, key) if found else {} for key in keys}
