"""Corrections of a posted supplier bill: its reversal, and the supplier's credit and debit notes.

A bill is reversed when it should not have been booked as it was: the supplier's corrected UPD
(ИспрДок) replaces it, or it was entered by mistake. Its entry is mirrored (source "bill", so the
supplier's balance, its reconciliation statement and the VAT report see it), what it billed of
its purchase order waits for a bill again (a billed PO is received again), and its supplier
number may be registered anew. A bill with payments or notes is not reversed: they name it.

A credit note (the supplier lowers what is owed: a УКД's decrease, a UBL credit note, a price
cut agreed by letter) or a debit note (a УКД's increase) changes a posted or paid bill without
touching its lines: Dr Accounts payable, Cr VAT receivable (what the bill's regime recovers),
Cr Purchase price differences (the goods stay in stock at the cost they came in at); a debit
note the other way round. What a bill owes is its total plus its notes less its payments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.bounds import check_amount
from boclerk.domain.ledger import Account, Department, JournalEntry, Posting
from boclerk.domain.partners import Supplier
from boclerk.domain.purchasing import (
    BillLine,
    BillStatus,
    NoteKind,
    POStatus,
    PurchaseOrder,
    SupplierBill,
    SupplierNote,
    SupplierNoteLine,
)
from boclerk.errors import InvalidInput, Refused
from boclerk.i18n import N_, _, pgettext
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.acts_now import bill_reversal_refused
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.vat import recovers_input_vat
from boclerk.services.numbers import next_number
from boclerk.services.purchasing.bills import BillResult, _base, _update_po, bill_by_number
from boclerk.services.purchasing.hold_words import REVERSED, REVERSED_WHY
from boclerk.services.purchasing.orders import po_lines
from boclerk.services.rows import money_field

#: an entered note's memo in the books, by its kind
_NOTE_MEMOS = {"credit": N_("Credit note {ref} of {supplier} on {bill}"),
               "debit": N_("Debit note {ref} of {supplier} on {bill}")}

REVERSE, NOTE = act("purchases.reverse_bill"), act("purchases.note")


def note_command(bill: str, ref: str, day: date, net: int, vat: int, rate: int | None, currency: str) -> str:
    """The command that enters a note by hand, as refusals and waiting reasons name it."""
    shown_rate = "none" if rate is None else str(rate)
    return (f"boclerk purchase note {bill} --number \"{ref}\" --date {day.isoformat()} "
            f"--net {decimal_str(net, currency)} --vat {decimal_str(vat, currency)} --rate {shown_rate}")


# -- reversal --------------------------------------------------------------------------------------

def _mirror(uow: UnitOfWork, entry: JournalEntry) -> list[ledger.Line]:
    rows = uow.s.execute(
        select(Account.code, Department.code, Posting.amount)
        .join(Account, Account.id == Posting.account_id)
        .outerjoin(Department, Department.id == Posting.department_id)
        .where(Posting.entry_id == entry.id).order_by(Posting.line_no)).all()
    return [ledger.Line(code, -amount, dept) for code, dept, amount in rows]


def _unbill(uow: UnitOfWork, bill: SupplierBill) -> None:
    """Give back to the PO lines what the bill billed: per product, its own line first."""
    po = uow.s.get(PurchaseOrder, bill.po_id) if bill.po_id else None
    if po is None:
        return
    polines = po_lines(uow, po)
    for bl in uow.s.scalars(select(BillLine).where(BillLine.bill_id == bill.id, BillLine.po_line_id.is_not(None))
                            .order_by(BillLine.line_no)):
        same = sorted((ln for ln, p in polines if p.id == bl.product_id),
                      key=lambda ln: (ln.id != bl.po_line_id, -ln.id))
        left = bl.qty
        for ln in same:
            take = min(left, ln.qty_billed)
            ln.qty_billed -= take
            left -= take
    uow.s.flush()
    if po.status in (POStatus.BILLED.value, POStatus.CLOSED.value) and any(
            ln.qty_billed < ln.qty_received for ln, __ in po_lines(uow, po)):
        po.status = POStatus.RECEIVED.value
    uow.s.flush()


def reverse_bill(uow: UnitOfWork, number: str, reason: str = "") -> BillResult:
    """Mirror a posted, unpaid bill's entry and give its quantities back to its purchase order."""
    uow.require(REVERSE)
    bill = bill_by_number(uow, number, lock=True)
    REVERSE.check(bill.number, bill.status)
    why = bill_reversal_refused(uow, bill.id, bill.number, bill.paid, bill.currency or uow.currency)
    if why:
        raise Refused(why)  # the rule the app asks before it offers Reverse
    original = uow.s.get(JournalEntry, bill.entry_id)
    lock = uow.company.lock_date
    # in the period of the entry it mirrors while that is open, so the period shows the corrected bill
    day = original.entry_date if lock is None or original.entry_date > lock else uow.today
    sup = uow.s.get(Supplier, bill.supplier_id)
    posted = ledger.post(uow, entry_date=day, memo=shown.said(uow, N_("Reversal of bill {ref} of {supplier} ({bill}): {reason}") if reason.strip()
                                                   else N_("Reversal of bill {ref} of {supplier} ({bill})"),
                                                   ref=bill.supplier_ref, supplier=sup.code, bill=bill.number,
                                                   reason=reason.strip()),
                         lines=_mirror(uow, original), source_kind="bill", source_ref=bill.number,
                         reverses_id=original.id)
    _unbill(uow, bill)
    bill.status = BillStatus.REVERSED.value
    bill.hold_reason = shown.said(uow, REVERSED_WHY if reason.strip() else REVERSED, entry=posted.number,
                                  reason=reason.strip())[:500]  # the books' words, as its memo
    bill.decided_by = uow.actor_name
    uow.s.flush()
    uow.audit("bill.reverse", "bill", bill.number, before={"status": "posted", "entry": original.number},
              after={"status": bill.status, "entry": posted.number, "reason": reason.strip() or None})
    return BillResult(bill.number, bill.status, bill.hold_reason, posted.number, bill.total)


# -- credit and debit notes ------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteLineInput:
    """What a note changes at one VAT rate: signed (a credit lowers, < 0), in the bill's currency."""

    net: int
    vat: int
    vat_rate: int | None
    description: str = ""


@dataclass(frozen=True)
class NoteResult:
    number: str
    kind: str
    bill: str
    bill_status: str
    entry: str | None
    total: int = money_field()


def no_vat_word() -> str:
    """What a clerk types for a note without VAT, in their language (``none`` is taken in any)."""
    return pgettext("VAT rate", "none")


def note_rate(text: str, what: str = "--rate") -> int | None:
    """A note's VAT rate as a clerk types it: a whole percent ("22", "22%") or none ("none", "без НДС")."""
    value = (text or "").strip().rstrip("%").strip().lower()
    if value in ("none", "без ндс", no_vat_word().lower()):
        return None
    if not value.isdigit() or int(value) > 100:
        raise InvalidInput(_("{what} {rate!r} is not a VAT rate: give a whole percent (22) or “{none}”.").format(
            what=what, rate=text, none=no_vat_word()))
    return int(value)


def _kind(lines: Sequence[NoteLineInput]) -> str:
    signs = {(li.net > 0) - (li.net < 0) for li in lines if li.net} | {(li.vat > 0) - (li.vat < 0)
                                                                       for li in lines if li.vat}
    if not signs:
        raise InvalidInput(_("A credit or debit note needs an amount that is not zero."))
    if len(signs) > 1:
        raise InvalidInput(_("A note either lowers what is owed (a credit note: negative amounts) or raises it "
                           "(a debit note: positive amounts), not both; enter two notes."))
    return NoteKind.CREDIT.value if signs == {-1} else NoteKind.DEBIT.value


def enter_note(uow: UnitOfWork, bill_number: str, supplier_ref: str, note_date: date,
               lines: Sequence[NoteLineInput], *, reason: str = "") -> NoteResult:
    """Post the supplier's credit or debit note against a posted or paid bill."""
    uow.require(NOTE)
    bill = bill_by_number(uow, bill_number, lock=True)
    NOTE.check(bill.number, bill.status)
    ref = supplier_ref.strip()
    if not ref:
        raise InvalidInput(_("Give the supplier's own number of the note."))
    if note_date > uow.today:
        raise InvalidInput(_("The note date {note_date} is in the future.").format(note_date=shown.day(uow, note_date)))
    if note_date < bill.bill_date:
        raise InvalidInput(_("The note is dated {note_date}, before the bill it corrects ({bill_date}).").format(
            note_date=shown.day(uow, note_date), bill_date=shown.day(uow, bill.bill_date)))
    if not lines:
        raise InvalidInput(_("A credit or debit note needs at least one amount."))
    kind = _kind(lines)
    sup = uow.s.get(Supplier, bill.supplier_id)
    taken = uow.s.scalars(select(SupplierNote.number).where(
        SupplierNote.supplier_id == sup.id, SupplierNote.supplier_ref == ref[:64], SupplierNote.kind == kind)).first()
    if taken:
        raise Refused(_("{code}'s {kind} note {ref} is already registered as {taken}.").format(
            code=sup.code, kind=kind, ref=ref, taken=taken))
    cur = bill.currency or uow.currency
    net, vat = sum(li.net for li in lines), sum(li.vat for li in lines)
    for i, li in enumerate(lines, start=1):
        check_amount(abs(li.net) + abs(li.vat), _("Note line {n}").format(n=i))
    total = net + vat
    owed = bill.total + bill.noted
    if total < 0 and -total > owed:
        raise Refused(_("A credit of {decimal_str} is more than the {owed} {number} is for; enter the note against "
            "the bill it corrects.").format(decimal_str=shown.money(uow, -total, cur), owed=shown.money(uow, owed, cur), number=bill.number))
    note = SupplierNote(number=next_number(uow, "NOTE", note_date.year), bill_id=bill.id, supplier_id=sup.id,
                        kind=kind, supplier_ref=ref[:64], note_date=note_date, reason=reason.strip()[:200],
                        net=net, vat=vat, total=total, total_base=0, created_at=uow.now,
                        created_by=uow.actor_name)
    uow.s.add(note)
    uow.s.flush()
    for i, li in enumerate(lines, start=1):
        uow.s.add(SupplierNoteLine(note_id=note.id, line_no=i, description=li.description[:200],
                                   vat_rate=li.vat_rate, net=li.net, vat=li.vat))
    net_base, vat_base = (net, vat) if bill.currency is None else (_base(uow, bill, net), _base(uow, bill, vat))
    note.total_base = net_base + vat_base
    recovered = vat_base if recovers_input_vat(uow, bill.bill_date) else 0
    lock = uow.company.lock_date
    day = uow.today if lock is not None and note_date <= lock else note_date  # a late note posts today
    posted = ledger.post(uow, entry_date=day, memo=shown.said(uow, _NOTE_MEMOS[kind], ref=ref, supplier=sup.code,
                                                             bill=bill.number),
                         lines=posting_rules.supplier_note(variance=note.total_base - recovered, vat=recovered,
                                                           total=note.total_base),
                         source_kind="bill", source_ref=bill.number)
    note.entry_id = posted.id if posted else None
    before = {"status": bill.status, "noted": decimal_str(bill.noted, cur)}
    bill.noted += total
    bill.noted_base += note.total_base
    if bill.status == BillStatus.PAID.value and bill.paid < bill.total + bill.noted:
        bill.status = BillStatus.POSTED.value  # a debit note on a paid bill: there is more to pay
    elif bill.status == BillStatus.POSTED.value and bill.paid >= bill.total + bill.noted:
        bill.status = BillStatus.PAID.value  # a credit note for what was left to pay
    uow.s.flush()
    po = uow.s.get(PurchaseOrder, bill.po_id) if bill.po_id else None
    if po is not None:  # paid in full closes it; a debit note on a paid bill makes it billed again
        before["po_status"] = po.status
        _update_po(uow, po)
    uow.audit("bill.note", "bill", bill.number, before=before, after={
        "note": note.number, "kind": kind, "supplier_ref": ref, "total": decimal_str(total, cur),
        "noted": decimal_str(bill.noted, cur), "status": bill.status, "entry": posted.number if posted else None,
        **({"po_status": po.status} if po is not None else {})})
    return NoteResult(note.number, kind, bill.number, bill.status, posted.number if posted else None, total)


def bill_notes(uow: UnitOfWork, bill_id: int) -> list[SupplierNote]:
    return list(uow.s.scalars(select(SupplierNote).where(SupplierNote.bill_id == bill_id).order_by(SupplierNote.id)))


def note_vat_groups(uow: UnitOfWork, note: SupplierNote) -> list[tuple[int | None, int, int]]:
    """(rate, net, vat) of a note per VAT rate, in the books' currency at its bill's rate."""
    bill = uow.s.get(SupplierBill, note.bill_id)
    groups: dict[int | None, list[int]] = {}
    for ln in uow.s.scalars(select(SupplierNoteLine).where(SupplierNoteLine.note_id == note.id)):
        g = groups.setdefault(ln.vat_rate, [0, 0])
        g[0] += ln.net
        g[1] += ln.vat
    out = []
    for rate in sorted(groups, key=lambda r: (r is None, r or 0)):
        net, vat = groups[rate]
        if bill.currency is not None:
            net, vat = _base(uow, bill, net), _base(uow, bill, vat)
        out.append((rate, net, vat))
    return out


__all__ = ["NoteLineInput", "NoteResult", "bill_notes", "enter_note", "note_command", "note_rate",
           "note_vat_groups", "reverse_bill"]
