"""What a web order's document says about money: that it was paid, and at which VAT rates.

- **Paid on the site.** With ``[shop] book_site_payments = true`` in the config, an order the
  site says is paid gets that payment booked through the payment act of orders (the rule book's
  ``orders.pay``): what is left to pay of it, up to the site's total, as of the site's payment
  date, by the method the site names (card unless it says cash or bank transfer). Before it is
  shipped the money is the customer's advance, as any payment on an open order is. Booked once:
  the payment carries the site's number as its reference. Without the setting nothing is booked
  and money is recognised from the bank statements, as before.
- **VAT.** Each line's rate as the site states it is compared with boclerk's rate for the product
  on the order's day; a difference is reported per order (the order keeps boclerk's rate).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Product
from boclerk.domain.sales import OrderPayment, OrderStatus, SalesOrder
from boclerk.errors import BoclerkError
from boclerk.formats.commerceml_orders import SiteOrder
from boclerk.i18n import _
from boclerk.money import format_amount, to_minor
from boclerk.services import shown

PAY = act("orders.pay")


def site_reference(order: SiteOrder) -> str:
    return f"website {order.number}"[:100]


def pay_method(text: str) -> str:
    """boclerk's payment method for the site's words: cash, a bank transfer, else a card."""
    words = (text or "").lower()
    if any(w in words for w in ("безнал", "перевод", "по счет", "по счёт", "bank", "transfer", "invoice")):
        return "bank"
    if "налич" in words or "cash" in words:
        return "cash"
    return "card"


def book_site_payment(uow: UnitOfWork, order: SiteOrder, number: str) -> str:
    """Book what the site says was paid on ``number``; returns what was done, in words ('' for nothing)."""
    from boclerk.services.sales.orders import amount_due, pay_order

    if not order.paid:
        return ""
    o = uow.s.scalars(select(SalesOrder).where(SalesOrder.number == number)).one()
    if o.status == OrderStatus.CANCELLED.value:
        return ""
    reference = site_reference(order)
    if uow.s.scalars(select(OrderPayment.id).where(OrderPayment.order_id == o.id,
                                                   OrderPayment.reference == reference)).first():
        return ""  # booked before
    if not uow.can(PAY):
        return _("paid on the site, not booked: {role} may not take payments").format(
            role=uow.actor.role if uow.actor else _("no one"))
    currency = uow.currency
    try:
        site_total = to_minor(order.total, currency)
    except BoclerkError:
        site_total = 0
    due = amount_due(uow, o)
    amount = min(site_total, due) if site_total > 0 else due
    if amount <= 0:
        return _("paid on the site; nothing is left to pay here")
    savepoint = uow.s.begin_nested()
    mark = len(uow.audit_log)
    try:
        res = pay_order(uow, number, amount, method=pay_method(order.payment_method), reference=reference,
                        paid_on=order.paid_on)
        savepoint.commit()
    except BoclerkError as exc:
        savepoint.rollback()
        del uow.audit_log[mark:]
        return _("paid on the site, not booked: {message}").format(message=exc.message)
    money = format_amount(amount, currency=currency, locale="en")
    kind = _("an advance") if o.invoiced < o.paid else _("a payment")
    return _("paid on the site: {money} booked as {kind} ({entry})").format(money=money, kind=kind, entry=res.entry)


def _site_rate(text: str | None) -> int | None | str:
    """The site's rate as a number, None for no VAT, '' when it says nothing boclerk can read."""
    if text is None:
        return ""
    words = text.strip().rstrip("%").strip().lower()
    if words in ("без ндс", "без налога", "не облагается", "none", "no vat"):
        return None
    try:
        value = Decimal(words.replace(",", "."))
    except ArithmeticError:
        return ""
    return int(value) if value == value.to_integral_value() else ""


def vat_differences(uow: UnitOfWork, order: SiteOrder, skus: list[str], day: date) -> list[str]:
    """Lines whose VAT the site states otherwise than boclerk's rate on ``day``, in words."""
    from boclerk.services.ledger.vat import sale_rate

    out = []
    for line, sku in zip(order.lines, skus, strict=True):
        site = _site_rate(line.vat)
        if site == "":
            continue
        p = uow.s.scalars(select(Product).where(Product.sku == sku)).one()
        ours = sale_rate(uow, p, day)
        if site != ours:
            def words(rate):
                return _("no VAT") if rate is None else f"{rate}%"

            out.append(_("{sku}: {site} on the site, {ours} here on {day}").format(sku=sku, site=words(site), ours=words(ours), day=shown.day(uow, day)))
    return out
