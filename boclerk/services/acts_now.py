"""What may be done to a record now, beyond what its state allows.

The rule book (:data:`boclerk.domain.acts.ACTS`) says which states an act applies to. Some acts
need more than the state: a payment needs something still to pay, a return goods shipped and
not yet back, a bill's reversal nothing paid or noted on it, an entry's reversal an entry made by
hand (a document's entry is corrected through the document). Each kind of record that has such
acts has one reader here, ``fn(uow, key)``, that answers ``{act id: why not}`` for the acts of its
state that cannot be done now. The faces
ask it before they offer an act (:func:`acts_not_now`), and :func:`boclerk.services.acts.check_act`
refuses with its sentence before a form opens (and before the command line asks its question).
The acts check again when they run, each with its own sentence.
"""

from __future__ import annotations

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import ACTS
from boclerk.domain.sales import OrderLine
from boclerk.i18n import _


def order_not_now(uow: UnitOfWork, number: str) -> dict[str, str]:
    from boclerk.services.sales.orders import amount_due, order_by_number

    o = order_by_number(uow, number)
    out: dict[str, str] = {}
    if ACTS["orders.pay"].allows(o.status) and amount_due(uow, o) <= 0:
        out["orders.pay"] = _("Nothing is left to pay on {number}.").format(number=o.number)
    if ACTS["orders.return"].allows(o.status):
        out_there = uow.s.scalar(select(func.coalesce(func.sum(OrderLine.qty_shipped - OrderLine.qty_returned), 0))
                                 .where(OrderLine.order_id == o.id))
        if not out_there:
            out["orders.return"] = _("Everything shipped on {number} has come back already.").format(number=o.number)
    return out


def bill_not_now(uow: UnitOfWork, number: str) -> dict[str, str]:
    from boclerk.services.purchasing.bills import bill_by_number
    from boclerk.services.purchasing.corrections import why_not_reversed

    bill = bill_by_number(uow, number)
    out: dict[str, str] = {}
    if ACTS["purchases.pay"].allows(bill.status) and bill.total + bill.noted - bill.paid <= 0:
        out["purchases.pay"] = _("Nothing is left to pay on {number}.").format(number=bill.number)
    if ACTS["purchases.reverse_bill"].allows(bill.status) and (why := why_not_reversed(uow, bill)):
        out["purchases.reverse_bill"] = why
    return out


def entry_not_now(uow: UnitOfWork, number: str) -> dict[str, str]:
    from boclerk.services.ledger.book import entry_by_number, why_not_reversed

    why = why_not_reversed(entry_by_number(uow, number))
    return {"ledger.reverse": why} if why else {}


#: kind of record -> its reader of the acts its state allows that cannot be done now
READERS = {"order": order_not_now, "bill": bill_not_now, "entry": entry_not_now}
#: the acts such a reader may name: only these need the question asked
ASKED = frozenset({"orders.pay", "orders.return", "purchases.pay", "purchases.reverse_bill",
                   "ledger.reverse"})


def acts_not_now(uow: UnitOfWork, kind: str, key: str) -> dict[str, str]:
    """``{act id: why not}`` for the acts on record ``key`` of ``kind`` its state allows but that
    cannot be done now (empty: every act its state allows can)."""
    found = READERS.get(kind)
    return found(uow, key) if found else {}
