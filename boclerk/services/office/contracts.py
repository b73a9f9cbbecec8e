"""Contracts: with a customer, a supplier or another party (a landlord, an internet provider),
from draft through the lawyer to signed, and then terminated, or expired once their term is
over (a contract that renews itself runs on, term after term, until it is terminated).

The scanned contract and its annexes are documents of the store; purchase orders, bills and
orders made under a contract are linked to it, so that spending against its limit shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.office_register import (
    Contract,
    ContractLink,
    ContractStatus,
    LinkKind,
    contract_state_of,
)
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.numbers import next_number
from boclerk.services.office import staff as staff_svc

NEW, EDIT, TO_LAWYER = act("office.new_contract"), act("office.edit_contract"), act("office.to_lawyer")
SIGN, ATTACH, TERMINATE = act("office.sign"), act("office.attach"), act("office.terminate")
EDITABLE = ("subject", "their_number", "valid_from", "valid_to", "auto_renew", "renewal_months", "notice_days",
            "amount", "responsible", "notes", "party")


def contract_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> Contract:
    stmt = select(Contract).where(Contract.number == (number or "").strip().upper())
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        raise NotFound(_("There is no contract {value}.").format(value=(number or '').strip().upper()))
    return found


def contract_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    c = contract_by_number(uow, number)
    return c.number, contract_state_of(c, uow.today)


@dataclass(frozen=True)
class ContractResult:
    number: str
    state: str


def _party(uow: UnitOfWork, party: str) -> dict:
    """``supplier:ACME``, ``customer:ANNA`` or ``other:Landlord LLC``."""
    kind, _x, value = (party or "").partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if kind == "supplier" and value:
        from boclerk.services.catalog.partners import supplier

        return {"party_kind": "supplier", "supplier_id": supplier(uow, value).id, "customer_id": None, "party_name": ""}
    if kind == "customer" and value:
        from boclerk.services.catalog.partners import customer

        return {"party_kind": "customer", "customer_id": customer(uow, value).id, "supplier_id": None, "party_name": ""}
    if kind == "other" and value:
        if len(value) > 200:
            raise InvalidInput(_("The other party's name is too long (200 characters at most)."))
        return {"party_kind": "other", "party_name": value, "supplier_id": None, "customer_id": None}
    raise InvalidInput(_("'{party}' does not name a counterparty: write supplier:CODE, customer:CODE or other:NAME.").format(party=party))


def _terms(values: dict) -> dict:
    out = dict(values)
    for key in ("renewal_months", "notice_days"):
        if key in out and out[key] is not None and (not isinstance(out[key], int) or out[key] < 0):
            raise InvalidInput(_("The {key} must be a whole number of zero or more.").format(key=key.replace('_', ' ')))
    if out.get("renewal_months") == 0:
        raise InvalidInput(_("A contract renews for at least one month at a time."))
    if out.get("notice_days") is not None and out["notice_days"] > 3660:
        raise InvalidInput(_("A notice period of more than ten years is not a notice period."))
    if "amount" in out and out["amount"] is not None and (not isinstance(out["amount"], int) or out["amount"] < 0):
        raise InvalidInput(_("The contract's amount or limit is an amount of zero or more."))
    for key in ("subject", "their_number", "notes"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "subject" in out and not out["subject"]:
        raise InvalidInput(_("Say what the contract is about (its subject)."))
    if len(out.get("subject", "")) > 500 or len(out.get("their_number", "")) > 64:
        raise InvalidInput(_("The subject (500) or their number (64 characters) is too long."))
    return out


def _check_dates(uow: UnitOfWork, c: Contract) -> None:
    if c.valid_from and c.valid_to and c.valid_to < c.valid_from:
        raise InvalidInput(_("The contract ends ({valid_to}) before it starts ({valid_from}).").format(valid_to=shown.day(uow, c.valid_to), valid_from=shown.day(uow, c.valid_from)))


def new_contract(uow: UnitOfWork, party: str, subject: str, *, their_number: str = "", valid_from: date | None = None,
                 valid_to: date | None = None, auto_renew: bool = False, renewal_months: int = 12,
                 notice_days: int = 0, amount: int | None = None, responsible: str | None = None,
                 notes: str = "") -> ContractResult:
    uow.require(NEW)
    values = _terms({"subject": subject, "their_number": their_number, "renewal_months": renewal_months,
                     "notice_days": notice_days, "amount": amount, "notes": notes})
    who = staff_svc.holder(uow, responsible)
    c = Contract(number=next_number(uow, "CTR", uow.today.year), valid_from=valid_from, valid_to=valid_to,
                 auto_renew=bool(auto_renew), responsible_id=who.id if who else None,
                 status=ContractStatus.DRAFT.value, created_by=uow.actor_name, created_at=uow.now,
                 **_party(uow, party), **values)
    _check_dates(uow, c)
    if c.auto_renew and c.valid_to is None:
        raise InvalidInput(_("A contract that renews itself needs the end of its first term (valid to)."))
    uow.s.add(c)
    uow.s.flush()
    uow.audit("contract.add", "contract", c.number, after={
        "party": party, "subject": c.subject, "valid_from": valid_from, "valid_to": valid_to, "auto_renew": auto_renew,
        "notice_days": notice_days, "amount": decimal_str(amount, uow.currency) if amount is not None else None})
    return ContractResult(c.number, c.status)


def edit_contract(uow: UnitOfWork, number: str, **changes) -> ContractResult:
    uow.require(EDIT)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown contract field(s): {names}.").format(names=', '.join(sorted(unknown))))
    c = contract_by_number(uow, number, lock=True)
    EDIT.check(c.number, contract_state_of(c, uow.today))
    changes = _terms(changes)
    if "party" in changes:
        for key, value in _party(uow, changes.pop("party")).items():
            setattr(c, key, value)
    if "responsible" in changes:
        who = staff_svc.holder(uow, changes.pop("responsible"))
        c.responsible_id = who.id if who else None
    for key, value in changes.items():
        setattr(c, key, value)
    _check_dates(uow, c)
    if c.auto_renew and c.valid_to is None:
        raise InvalidInput(_("A contract that renews itself needs the end of its first term (valid to)."))
    uow.s.flush()
    uow.audit("contract.edit", "contract", c.number, after={k: str(v) if v is not None else None
                                                           for k, v in changes.items()})
    return ContractResult(c.number, c.status)


def to_lawyer(uow: UnitOfWork, number: str) -> ContractResult:
    uow.require(TO_LAWYER)
    c = contract_by_number(uow, number, lock=True)
    TO_LAWYER.check(c.number, contract_state_of(c, uow.today))
    c.status = ContractStatus.WITH_LAWYER.value
    uow.s.flush()
    uow.audit("contract.to_lawyer", "contract", c.number, before={"status": "draft"}, after={"status": c.status})
    return ContractResult(c.number, c.status)


def sign(uow: UnitOfWork, number: str, signed_on: date | None = None) -> ContractResult:
    uow.require(SIGN)
    c = contract_by_number(uow, number, lock=True)
    before = contract_state_of(c, uow.today)
    SIGN.check(c.number, before)
    signed_on = signed_on or uow.today
    if signed_on > uow.today:
        raise InvalidInput(_("A contract cannot be signed on {signed_on}, after today.").format(signed_on=signed_on.isoformat()))
    if c.valid_to is None and c.valid_from is None:
        c.valid_from = signed_on
    c.status, c.signed_on = ContractStatus.SIGNED.value, signed_on
    uow.s.flush()
    state = contract_state_of(c, uow.today)
    uow.audit("contract.sign", "contract", c.number, before={"status": before},
              after={"status": c.status, "signed_on": signed_on})
    return ContractResult(c.number, state)


def terminate(uow: UnitOfWork, number: str, *, day: date | None = None, reason: str = "") -> ContractResult:
    uow.require(TERMINATE)
    c = contract_by_number(uow, number, lock=True)
    TERMINATE.check(c.number, contract_state_of(c, uow.today))
    day = day or uow.today
    c.status, c.terminated_on = ContractStatus.TERMINATED.value, day
    if reason.strip():
        c.notes = (c.notes + "\n" if c.notes else "") + f"Terminated {day.isoformat()}: {reason.strip()}"
    uow.s.flush()
    uow.audit("contract.terminate", "contract", c.number, before={"status": "signed"},
              after={"status": c.status, "day": day, "reason": reason.strip() or None})
    return ContractResult(c.number, c.status)


def _target(uow: UnitOfWork, ref: str, annex: bool) -> tuple[str, int, str]:
    """What ``ref`` names: a document (DOC-...), purchase order (PO-...), bill (BILL-...) or order (SO-...)."""
    ref = (ref or "").strip().upper()
    prefix = ref.split("-", 1)[0]
    if prefix == "DOC":
        from boclerk.services.documents.register import doc_by_number

        d = doc_by_number(uow, ref)
        return (LinkKind.ANNEX if annex else LinkKind.DOCUMENT).value, d.id, d.number
    if annex:
        raise InvalidInput(_("An annex is a document (DOC-...)."))
    if prefix == "PO":
        from boclerk.services.purchasing.orders import po_by_number

        return LinkKind.PO.value, po_by_number(uow, ref).id, ref
    if prefix == "BILL":
        from boclerk.services.purchasing.bills import bill_by_number

        return LinkKind.BILL.value, bill_by_number(uow, ref).id, ref
    if prefix == "SO":
        from boclerk.services.sales.orders import order_by_number

        return LinkKind.ORDER.value, order_by_number(uow, ref).id, ref
    raise InvalidInput(_("'{ref}' is not a document, purchase order, bill or order number.").format(ref=ref))


def attach(uow: UnitOfWork, number: str, ref: str, *, annex: bool = False) -> str:
    """Link the scanned contract or an annex (a document), or a PO, bill or order made under it."""
    uow.require(ATTACH)
    c = contract_by_number(uow, number, lock=True)
    ATTACH.check(c.number, contract_state_of(c, uow.today))
    kind, target_id, shown = _target(uow, ref, annex)
    if kind in ("po", "bill") and c.party_kind == "supplier":
        from boclerk.domain.purchasing import PurchaseOrder, SupplierBill

        target = uow.s.get(PurchaseOrder if kind == "po" else SupplierBill, target_id)
        if target.supplier_id != c.supplier_id:
            raise Refused(_("{shown} is with another supplier than {number}.").format(shown=shown, number=c.number))
    if kind == "order" and c.party_kind == "customer":
        from boclerk.domain.sales import SalesOrder

        if uow.s.get(SalesOrder, target_id).customer_id != c.customer_id:
            raise Refused(_("{shown} is another customer's order than {number}'s.").format(shown=shown, number=c.number))
    exists = uow.s.scalars(select(ContractLink.id).where(ContractLink.contract_id == c.id, ContractLink.target_kind == kind,
                                                         ContractLink.target_id == target_id)).first()
    if exists is not None:
        raise Refused(_("{shown} is attached to {number} already.").format(shown=shown, number=c.number))
    uow.s.add(ContractLink(contract_id=c.id, target_kind=kind, target_id=target_id, created_by=uow.actor_name,
                           created_at=uow.now))
    uow.s.flush()
    uow.audit("contract.attach", "contract", c.number, after={"kind": kind, "target": shown})
    return shown
