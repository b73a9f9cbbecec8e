"""The rule book applied to a record as it is now: may this person do this act to it?

Faces ask this before they open a form or ask a question, so that an act the record's state
does not allow is refused at once, with the same sentence the service itself would give.
The service checks again when it runs (the record may have changed in between).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import ACTS
from boclerk.errors import Refused
from boclerk.services.acts_now import ASKED, acts_not_now, partner_not_now

#: kind of record -> "module:function" that reads it: ``fn(uow, key) -> (key as shown, state[, detail])``
READERS: dict[str, str] = {
    "order": "boclerk.services.sales.orders:order_state",
    "po": "boclerk.services.purchasing.orders:po_state",
    "bill": "boclerk.services.purchasing.bills:bill_state",
    "entry": "boclerk.services.ledger.book:entry_state",
    "draft": "boclerk.services.ledger.book:draft_state",
    "count": "boclerk.services.stock.stocktake:count_state",
    "document": "boclerk.services.documents.register:document_state",
    "bank_line": "boclerk.services.documents.bank:line_state",
    "product": "boclerk.services.catalog.products:product_state",
    "customer": "boclerk.services.acts:customer_state",
    "supplier": "boclerk.services.acts:supplier_state",
    "request": "boclerk.services.office.requests:request_state",
    "equipment": "boclerk.services.office.equipment:equipment_state",
    "contract": "boclerk.services.office.contracts:contract_state",
    "staff": "boclerk.services.office.staff:staff_state",
    "deal": "boclerk.services.office.deals:deal_state",
}


def customer_state(uow: UnitOfWork, code: str) -> tuple[str, str]:
    from boclerk.services.catalog.partners import customer

    found = customer(uow, code)
    return found.code, "active" if found.active else "archived"


def supplier_state(uow: UnitOfWork, code: str) -> tuple[str, str]:
    from boclerk.services.catalog.partners import supplier

    found = supplier(uow, code)
    return found.code, "active" if found.active else "archived"


def reader(kind: str) -> Callable[[UnitOfWork, str], tuple[str, ...]]:
    module, name = READERS[kind].split(":")
    return getattr(import_module(module), name)


def check_act(uow: UnitOfWork, act_id: str, key: str | int | None = None) -> str | None:
    """Refuse as the service would (not permitted, not found, not in this state, or not now: see
    :mod:`boclerk.services.acts_now`); otherwise return the record's state (None for an act that
    names no record)."""
    act = ACTS[act_id]
    uow.require(act)
    if act.record is None or key is None:
        return None
    shown, state, *detail = reader(act.record)(uow, key)
    act.check(shown, state, *detail)
    if act_id in ASKED and (why := acts_not_now(uow, act.record, key).get(act_id)):
        raise Refused(why)  # the state allows it, but it cannot be done now (nothing left to pay, ...)
    return state


def check_new_with(uow: UnitOfWork, act_id: str, side: str, code: str) -> None:
    """:func:`check_act` of an act that starts a new order (purchase order) from a partner's card:
    refused as well when the partner is archived."""
    check_act(uow, act_id)
    if why := partner_not_now(uow, side, code).get(act_id):
        from boclerk.errors import PartnerArchived

        raise PartnerArchived(why, side, code)
