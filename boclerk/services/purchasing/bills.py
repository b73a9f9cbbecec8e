"""Procure to pay, second half: supplier bills, the three-way match, payments.

A bill is matched line by line against its purchase order (the agreed price) and what
was received and not yet billed. Within the database's tolerances it posts at once:
Dr Goods received not invoiced (at PO price), Dr/Cr Purchase price differences,
Dr VAT receivable, Cr Accounts payable. Beyond them it is held as an exception until an
accountant approves (then it posts) or rejects it (nothing posts).

An e-invoice's allowances and charges (document-level, and the part of a line's net its
price does not explain) are the bill's adjustments, each with its VAT: they count in its
total and its VAT groups. The match itself lives in :mod:`.matching`; reversing a posted bill
and the supplier's credit and debit notes against it in :mod:`.corrections`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.bounds import check_amount
from boclerk.domain.catalog import Product
from boclerk.domain.partners import Supplier
from boclerk.domain.purchasing import (
    BillAdjustment,
    BillLine,
    BillStatus,
    POLine,
    POStatus,
    PurchaseOrder,
    SupplierBill,
    SupplierPayment,
    SET_ASIDE,
)
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.money import decimal_str, line_total, round_half_up, vat_on_top
from boclerk.services import shown
from boclerk.services.acts_now import bill_left
from boclerk.services.catalog import units
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.ledger.rates import to_base
from boclerk.services.ledger.vat import purchase_rate, recovers_input_vat
from boclerk.services.numbers import next_number
from boclerk.services.purchasing.matching import _allocate, _match, bill_adjustments
from boclerk.services.purchasing.orders import po_by_number, po_lines
from boclerk.services.rows import money_field

ENTER, APPROVE = act("purchases.enter_bill"), act("purchases.approve")
REJECT, PAY = act("purchases.reject"), act("purchases.pay")


@dataclass(frozen=True)
class BillLineInput:
    sku: str
    qty: int | Decimal  # in the product's unit
    unit_price: int  # net of VAT, per whole unit, in the bill's (the PO's) currency
    vat: int | None = None  # the supplier's own VAT amount for the line, if given
    vat_rate: int | None | str = "auto"  # the supplier's rate (None: без НДС); "auto": the law's on the bill date
    net: int | None = None  # the supplier's net for the line, if given: what qty x price does not explain
    #                         becomes a line-level allowance or charge of the bill


@dataclass(frozen=True)
class AdjustmentInput:
    """A document-level allowance (net < 0) or charge (net > 0) of the supplier's bill, with its VAT."""

    net: int
    vat: int
    vat_rate: int | None
    reason: str = ""


@dataclass(frozen=True)
class BillResult:
    number: str
    status: str
    hold_reason: str
    entry: str | None = None
    total: int = money_field(default=0)


def bill_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> SupplierBill:
    stmt = select(SupplierBill).where(SupplierBill.number == number.strip().upper())
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        raise NotFound(_("There is no supplier bill {upper}.").format(upper=number.strip().upper()))
    return found


def bill_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    bill = bill_by_number(uow, number)
    return bill.number, bill.status


def enter_bill(uow: UnitOfWork, po_number: str, supplier_ref: str, bill_date: date, *,
               lines: Sequence[BillLineInput] | None = None,
               adjustments: Sequence[AdjustmentInput] = (), prepaid: int = 0) -> BillResult:
    """Register the supplier's bill for a purchase order and match it.

    Without ``lines`` the bill is taken to be what was received and not yet billed, at
    the agreed prices. ``adjustments`` are the bill's document-level allowances and charges;
    the match compares each line's price after them (spread over the lines by net) with the
    agreed one. ``prepaid`` is what the supplier's invoice says was paid ahead: kept beside the bill,
    not booked (the bank line that carried the money pays the bill when it is matched to it).
    """
    uow.require(ENTER)
    po = po_by_number(uow, po_number, lock=True)
    ENTER.check(po.number, po.status)
    ref = supplier_ref.strip()
    if bill_date > uow.today:
        raise InvalidInput(_("The bill date {bill_date} is in the future.").format(bill_date=shown.day(uow, bill_date)))
    if not ref:
        raise InvalidInput(_("Give the supplier's own bill number."))
    sup = uow.s.get(Supplier, po.supplier_id)
    taken = uow.s.scalars(select(SupplierBill.number).where(
        SupplierBill.supplier_id == sup.id, SupplierBill.supplier_ref == ref,
        SupplierBill.status.not_in(SET_ASIDE))).first()
    if taken:
        raise Refused(_("{code}'s bill {ref} is already registered as {taken} (boclerk purchase bill-show {taken}); "
                        "another bill of theirs carries a number of its own.").format(code=sup.code, ref=ref, taken=taken))
    polines = po_lines(uow, po)
    if lines is None:
        lines = [BillLineInput(p.sku, units.shown(uow, p, ln.qty_received - ln.qty_billed), ln.unit_price)
                 for ln, p in polines if ln.qty_received > ln.qty_billed]
        if not lines:
            if any(ln.qty_received for ln, __ in polines):
                raise Refused(_("Everything received on {number} is billed already (boclerk purchase show {number}); "
                                "bill what comes next once it is received.").format(number=po.number))
            raise Refused(_("Nothing received on {number} is waiting for a bill: receive the goods first (boclerk "
                            "purchase receive {number}).").format(number=po.number))
    bill = SupplierBill(number=next_number(uow, "BILL", bill_date.year), supplier_id=sup.id, po_id=po.id,
                        supplier_ref=ref[:64], bill_date=bill_date,
                        due_date=bill_date + timedelta(days=sup.payment_terms_days), status=BillStatus.HELD.value,
                        net=0, vat=0, total=0, currency=po.currency, created_at=uow.now, created_by=uow.actor_name)
    if po.currency is not None:  # booked at the rate of the bill date; refused now if none is known
        from boclerk.services.ledger.rates import rate_on

        bill.rate, bill.rate_nominal = rate_on(uow, po.currency, bill_date)
    uow.s.add(bill)
    uow.s.flush()
    made: list[tuple[BillLine, Product]] = []
    pending: list[BillAdjustment] = []
    used: dict[int, int] = {}
    for i, li in enumerate(lines, start=1):
        if li.unit_price < 0:
            raise InvalidInput(_("Bill line {i}: the price cannot be negative.").format(i=i))
        from boclerk.services.catalog.products import product as find_product

        p = find_product(uow, li.sku)
        qty = units.stored(uow, p, li.qty, what=_("Bill line {n}").format(n=i))
        candidates = [ln for ln, lp in polines if lp.id == p.id]
        po_line = next((ln for ln in candidates if ln.qty_received - ln.qty_billed - used.get(ln.id, 0) > 0),
                       candidates[-1] if candidates else None)
        if po_line is not None:
            used[po_line.id] = used.get(po_line.id, 0) + qty
        net = check_amount(line_total(qty, li.unit_price, 0, units.decimals(uow, p)), _("Bill line {n}").format(n=i))
        if li.vat_rate == "auto":  # the law's rate on the bill date; imports carry no Russian VAT
            rate = 0 if po.currency is not None else purchase_rate(uow, p, bill_date)
        else:
            rate = li.vat_rate
        vat = (0 if rate is None else vat_on_top(net, rate)) if li.vat is None else li.vat
        if li.net is not None and li.net != net:  # a line-level allowance or charge: the rest of the line's net
            own = (0 if rate is None else vat_on_top(net, rate)) if li.vat is None or li.net == 0 \
                else round_half_up(Decimal(li.vat) * net / li.net)
            pending.append(BillAdjustment(bill_id=bill.id, line_no=0, bill_line_no=i, charge=li.net > net,
                                          reason=f"line {i}", vat_rate=rate, net=li.net - net, vat=vat - own))
            vat = own
        bl = BillLine(bill_id=bill.id, line_no=i, po_line_id=po_line.id if po_line else None, product_id=p.id,
                      qty=qty, unit_price=li.unit_price, vat_rate=rate, net=net, vat=vat)
        uow.s.add(bl)
        made.append((bl, p))
        bill.net += net
        bill.vat += vat
    for adj in adjustments:
        pending.append(BillAdjustment(bill_id=bill.id, line_no=0, charge=adj.net > 0, reason=adj.reason[:200],
                                      vat_rate=adj.vat_rate, net=adj.net, vat=adj.vat))
    for n, adj in enumerate(pending, start=1):
        adj.line_no = n
        check_amount(abs(adj.net), _("Bill allowance or charge {n}").format(n=n))
        uow.s.add(adj)
        bill.net += adj.net
        bill.vat += adj.vat
    uow.s.flush()
    bill.total = bill.net + bill.vat
    if not 0 <= prepaid <= bill.total:
        raise InvalidInput(_("The invoice says {prepaid} was paid ahead, which is not between nothing and its total of "
            "{total}.").format(prepaid=shown.money(uow, prepaid, bill.currency), total=shown.money(uow, bill.total, bill.currency)))
    bill.prepaid = prepaid
    bill.total_base = sum(net + vat for __, net, vat in vat_groups(uow, bill, [bl for bl, __ in made]))
    uow.s.flush()
    problems, __ = _match(uow, po, made)
    entry = None
    if problems:
        bill.hold_reason = "; ".join(problems)[:500]
    else:
        entry = _post_bill(uow, bill, po, made)
    uow.s.flush()
    uow.audit("bill.enter", "bill", bill.number, after={
        "po": po.number, "supplier": sup.code, "supplier_ref": ref, "currency": bill.currency or uow.currency,
        "total": decimal_str(bill.total, bill.currency or uow.currency),
        "status": bill.status, "hold_reason": bill.hold_reason or None, "entry": entry})
    return BillResult(bill.number, bill.status, bill.hold_reason, entry, bill.total)


def _bill_lines(uow: UnitOfWork, bill: SupplierBill) -> list[tuple[BillLine, Product]]:
    return list(uow.s.execute(select(BillLine, Product).join(Product, Product.id == BillLine.product_id)
                              .where(BillLine.bill_id == bill.id).order_by(BillLine.line_no)).all())


def vat_groups(uow: UnitOfWork, bill: SupplierBill, lines: list[BillLine] | None = None
               ) -> list[tuple[int | None, int, int]]:
    """(rate, net, vat) of a bill per VAT rate, in the books' currency at the bill's rate.

    The posting and the VAT report both read this, so the report equals the VAT account.
    """
    if lines is None:
        lines = list(uow.s.scalars(select(BillLine).where(BillLine.bill_id == bill.id)))
    groups: dict[int | None, list[int]] = {}
    for bl in [*lines, *bill_adjustments(uow, bill.id)]:
        g = groups.setdefault(bl.vat_rate, [0, 0])
        g[0] += bl.net
        g[1] += bl.vat
    out = []
    for rate in sorted(groups, key=lambda r: (r is None, r or 0)):
        net, vat = groups[rate]
        if bill.currency is not None:
            net, vat = _base(uow, bill, net), _base(uow, bill, vat)
        out.append((rate, net, vat))
    return out


def _base(uow: UnitOfWork, bill: SupplierBill, amount: int) -> int:
    from boclerk.fx import convert

    return convert(amount, from_currency=bill.currency, to_currency=uow.currency, rate=bill.rate,
                   nominal=bill.rate_nominal)


def _post_bill(uow: UnitOfWork, bill: SupplierBill, po: PurchaseOrder, lines: list[tuple[BillLine, Product]]) -> str:
    __, grni = _match(uow, po, lines)
    lock = uow.company.lock_date
    day = uow.today if lock is not None and bill.bill_date <= lock else bill.bill_date  # late bills post today
    groups = vat_groups(uow, bill, [bl for bl, __ in lines])
    net, vat = sum(g[1] for g in groups), sum(g[2] for g in groups)
    recovered = vat if recovers_input_vat(uow, bill.bill_date) else 0  # under УСН input VAT is a cost
    posted = ledger.post(
        uow, entry_date=day,
        memo=shown.said(uow, N_("Bill {ref} of {supplier} for {order}"), ref=bill.supplier_ref,
                        supplier=uow.s.get(Supplier, bill.supplier_id).code, order=po.number),
        lines=posting_rules.supplier_bill(grni=grni, variance=net + vat - recovered - grni, vat=recovered,
                                          total=net + vat),
        source_kind="bill", source_ref=bill.number)
    for share in _allocate(uow, po, lines):  # the same shares _match valued: nothing billed in between
        if share.line.po_line_id is None:
            continue
        for pl, qty in share.parts:
            pl.qty_billed += qty
        if share.beyond:  # billed beyond what came, within tolerance: it stays on the bill line's own PO line
            uow.s.get(POLine, share.line.po_line_id).qty_billed += share.beyond
    bill.status = BillStatus.POSTED.value
    bill.entry_id = posted.id
    uow.s.flush()
    _update_po(uow, po)
    return posted.number


def _update_po(uow: UnitOfWork, po: PurchaseOrder) -> None:
    """A PO billed in full is closed while no bill of it is left to pay or to decide, and billed again when
    one is (a debit note on a paid bill: there is more to pay)."""
    lines = po_lines(uow, po)
    if po.status == POStatus.RECEIVED.value and all(ln.qty_billed >= ln.qty_received for ln, __ in lines):
        po.status = POStatus.BILLED.value
    if po.status in (POStatus.BILLED.value, POStatus.CLOSED.value):
        open_bills = uow.s.scalars(select(SupplierBill.id).where(
            SupplierBill.po_id == po.id, SupplierBill.status.in_([BillStatus.POSTED.value, BillStatus.HELD.value])
        )).first()
        po.status = POStatus.BILLED.value if open_bills is not None else POStatus.CLOSED.value
    uow.s.flush()


def approve_bill(uow: UnitOfWork, number: str) -> BillResult:
    """Accept a held bill as it is: it posts, differences and all."""
    uow.require(APPROVE)
    bill = bill_by_number(uow, number, lock=True)
    APPROVE.check(bill.number, bill.status)
    po = uow.s.get(PurchaseOrder, bill.po_id)
    entry = _post_bill(uow, bill, po, _bill_lines(uow, bill))
    bill.decided_by = uow.actor_name
    uow.s.flush()
    uow.audit("bill.approve", "bill", bill.number, before={"status": "held", "hold_reason": bill.hold_reason},
              after={"status": bill.status, "entry": entry})
    return BillResult(bill.number, bill.status, bill.hold_reason, entry, bill.total)


def reject_bill(uow: UnitOfWork, number: str, reason: str = "") -> BillResult:
    uow.require(REJECT)
    bill = bill_by_number(uow, number, lock=True)
    REJECT.check(bill.number, bill.status)
    bill.status = BillStatus.REJECTED.value
    bill.decided_by = uow.actor_name
    uow.s.flush()
    uow.audit("bill.reject", "bill", bill.number, before={"status": "held"},
              after={"status": bill.status, "reason": reason})
    return BillResult(bill.number, bill.status, bill.hold_reason, None, bill.total)


def pay_bill(uow: UnitOfWork, number: str, amount: int, *, reference: str = "",
             paid_on: date | None = None, bank_account: str | None = None) -> BillResult:
    """Pay a posted bill in full or in part: Dr Accounts payable, Cr Bank.

    ``amount`` is in the bill's currency. ``paid_on`` is the day the money left (a bank
    statement's booking date); default today. A bill in a foreign currency is paid at the rate
    of that day, from the bank account kept in its currency when there is one; the payable is
    cleared at the bill's own rate and the difference is an exchange gain or loss.
    """
    uow.require(PAY)
    if not isinstance(amount, int) or amount <= 0:
        raise InvalidInput(_("A payment needs a positive amount."))
    day = ledger.payment_day(uow, paid_on)
    bill = bill_by_number(uow, number, lock=True)
    PAY.check(bill.number, bill.status)
    cur = bill.currency or uow.currency
    owed = bill_left(bill.total, bill.noted, 0)  # the supplier's credit and debit notes change what is owed
    left = owed - bill.paid
    if amount > left:
        code = f" {cur}" if bill.currency else ""
        raise Refused(_("{number} has {decimal_str}{code} left to pay; {amount}{code} is too much: pay that much or less.").format(
            number=bill.number, decimal_str=shown.money(uow, max(left, 0), cur), code=code, amount=shown.money(uow, amount, cur)))
    payment = SupplierPayment(bill_id=bill.id, paid_on=day, amount=amount, reference=reference[:100],
                              created_by=uow.actor_name)
    if bill.currency is None:
        payment.amount_base = payment.cleared_base = amount
    else:
        from boclerk.services.ledger.rates import rate_on

        payment.rate, payment.rate_nominal = rate_on(uow, bill.currency, day)
        payment.amount_base = to_base(uow, amount, bill.currency, day)
        # cumulatively rounded: paying all that is owed clears exactly what the bill and its notes booked
        payment.cleared_base = (round_half_up(Decimal(bill.total_base + bill.noted_base) * (bill.paid + amount)
                                              / owed) - bill.paid_base)
    bank = _bank_account(uow, bill.currency, bank_account)
    posted = ledger.post(uow, entry_date=day, memo=shown.said(uow, N_("Payment of {bill}"), bill=bill.number),
                         lines=posting_rules.supplier_payment(payment.cleared_base, paid=payment.amount_base,
                                                              bank=bank),
                         source_kind="bill", source_ref=bill.number)
    payment.entry_id = posted.id
    uow.s.add(payment)
    bill.paid += amount
    bill.paid_base += payment.cleared_base
    if bill.paid == owed:
        bill.status = BillStatus.PAID.value
    uow.s.flush()
    if bill.po_id:
        _update_po(uow, uow.s.get(PurchaseOrder, bill.po_id))
    audit = {"amount": decimal_str(amount, cur), "paid": decimal_str(bill.paid, cur), "entry": posted.number}
    if bill.currency is not None:
        audit.update(currency=cur, amount_base=decimal_str(payment.amount_base, uow.currency),
                     exchange_difference=decimal_str(payment.amount_base - payment.cleared_base, uow.currency))
    uow.audit("bill.pay", "bill", bill.number, after=audit)
    return BillResult(bill.number, bill.status, bill.hold_reason, posted.number, bill.total)


def _bank_account(uow: UnitOfWork, currency: str | None, code: str | None) -> str:
    """The ledger account the money leaves: the one named, else the bank account in the bill's
    currency when the books have exactly one, else the bank."""
    from boclerk.domain.ledger import Account, AccountRole

    if code:
        acc = ledger.account(uow, code)
        if acc.type != "asset":
            raise InvalidInput(_("{code} {name} is not a bank or cash account.").format(code=acc.code, name=acc.name))
        if (acc.currency or None) != currency:
            raise Refused(_("{code} {name} is kept in {currency}, the bill in {bill_currency}: pay it from an account kept in {bill_currency}.").format(
                code=acc.code, name=acc.name, currency=acc.currency or uow.currency, bill_currency=currency or uow.currency))
        return acc.code
    if currency is not None:
        kept = list(uow.s.scalars(select(Account.code).where(Account.currency == currency,
                                                             Account.active.is_(True))))
        if len(kept) == 1:
            return kept[0]
    return AccountRole.BANK.value
