"""``boclerk shop import-orders``: the website's orders document into website orders.

Each "Заказ товара" of the document becomes an order in channel "website" whose reference is
the site's number. What the site said is kept as a digest (:class:`ShopOrder`), so that:

- a document imported again changes nothing;
- an order the site changed after it was imported is updated while it is still a draft (its
  lines replaced; cancelled when the site cancelled it), and once it is confirmed or further
  along it is left as it is and reported, with the change marked on it for a clerk;
- an order whose lines name a product boclerk does not know is refused, with the reason, and
  the other orders are imported.

Products are found by the Ид boclerk gave them in ``shop export``, else by the line's Артикул,
else by the Ид taken as a SKU; a service line the site calls ``ORDER_DELIVERY`` is the service
product ``DELIVERY``. Customers are found by INN (organisations), e-mail or phone, or created
(codes C000123 ...), as the CSV import does.

The whole document is one unit of work: the orders it creates or updates and the record of
the exchange are committed together or not at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Product, ProductKind
from boclerk.domain.partners import Customer
from boclerk.domain.sales import Channel, OrderStatus, SalesOrder
from boclerk.domain.storefront import Direction, IdentKind, ShopExchange, ShopIdent, ShopOrder
from boclerk.errors import BoclerkError, NotPermitted
from boclerk.formats.commerceml_orders import SiteLine, SiteOrder, SiteParty, read_orders
from boclerk.i18n import _
from boclerk.money import round_half_up, to_minor
from boclerk.services.catalog.partners import add_customer, next_customer_code, phone_digits
from boclerk.services.sales.orders import LineInput, cancel_order, create_order, replace_lines

IMPORT = act("exchange.shop_import")
DELIVERY_IDS = {"ORDER_DELIVERY": "DELIVERY"}


@dataclass
class OrderOutcome:
    site_number: str
    result: str          # new, updated, cancelled, unchanged, changed_after_confirmation, refused
    order: str | None    # SO-...
    reason: str = ""
    #: what else the clerk should know: a payment booked (or not), VAT stated otherwise by the site
    notes: list[str] = field(default_factory=list)


@dataclass
class SiteImportResult:
    outcomes: list[OrderOutcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


class _Refusal(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def digest(order: SiteOrder) -> str:
    """What the site said about an order, in a form that changes only when the order does."""
    relevant = (order.number, order.day, order.customer, order.lines, order.comment, order.status, order.paid,
                order.paid_on, order.payment_method, order.cancelled, order.delivery_address)
    return hashlib.sha256(repr(relevant).encode("utf-8")).hexdigest()


def _product(uow: UnitOfWork, line: SiteLine, i: int) -> Product:
    by_ident = None
    if line.id:
        by_ident = uow.s.scalars(select(ShopIdent.key).where(ShopIdent.kind == IdentKind.PRODUCT.value,
                                                             ShopIdent.guid == line.id)).first()
    if by_ident is not None:
        p = uow.s.get(Product, int(by_ident))
        if p is not None:
            return p
    for sku in (line.sku, DELIVERY_IDS.get(line.id, ""), line.id):
        if sku:
            p = uow.s.scalars(select(Product).where(func.lower(Product.sku) == sku.lower())).first()
            if p is not None:
                return p
    named = " or ".join(f"{what} {value}" for what, value in (("Ид", line.id), ("SKU", line.sku)) if value)
    raise _Refusal(_("line {i} ({name}): no product with {named}").format(
        i=i, name=line.name or _("no name"), named=named or _("no Ид and no SKU")))


def _line_input(uow: UnitOfWork, p: Product, line: SiteLine, i: int) -> LineInput:
    currency = uow.currency
    if line.qty <= 0:
        raise _Refusal(_("line {i} ({name}): the quantity {qty} is not positive").format(i=i, name=line.name, qty=line.qty))
    try:
        price = to_minor(line.price, currency)
        discount = to_minor(line.discount, currency)
    except BoclerkError as exc:
        raise _Refusal(_("line {i} ({name}): {message}").format(i=i, name=line.name, message=exc.message)) from None
    qty = line.qty.quantize(Decimal(1)) if line.qty == line.qty.to_integral_value() else line.qty.normalize()
    line = SiteLine(**{**line.__dict__, "qty": qty})  # "1.00" from the site is one piece
    if discount <= 0:
        return LineInput(p.sku, line.qty, price)
    # the site's discount as boclerk's percentage, when it is exact; else the price it charged
    gross = round_half_up(line.qty * price) + (discount if line.discount_included else 0)
    bp = Decimal(discount * 10000) / gross if gross else Decimal(0)
    if bp == bp.to_integral_value() and 0 < bp <= 10000:
        full_price = price + round_half_up(Decimal(discount) / line.qty) if line.discount_included else price
        if round_half_up(line.qty * full_price) == gross:
            return LineInput(p.sku, line.qty, full_price, int(bp))
    charged = round_half_up(Decimal(gross - discount) / line.qty)
    return LineInput(p.sku, line.qty, charged)


def _lines(uow: UnitOfWork, order: SiteOrder) -> list[LineInput]:
    if not order.lines:
        raise _Refusal(_("it has no lines"))
    out = []
    for i, line in enumerate(order.lines, start=1):
        p = _product(uow, line, i)
        if not p.active:
            raise _Refusal(_("line {i}: {sku} is archived").format(i=i, sku=p.sku))
        if p.kind == ProductKind.CONSUMABLE.value:
            raise _Refusal(_("line {i}: {sku} is an office consumable, not for sale").format(i=i, sku=p.sku))
        out.append(_line_input(uow, p, line, i))
    return out


def _customer(uow: UnitOfWork, party: SiteParty | None, number: str) -> str:
    if party is None or not party.name:
        raise _Refusal(_("it names no buyer"))
    conds = []
    if party.company and party.inn:
        conds.append(Customer.tax_id == party.inn)
    if party.email:
        conds.append(Customer.email == party.email.strip().lower())
    digits = phone_digits(party.phone) if party.phone else ""
    if len(digits) >= 7:
        conds.append(Customer.phone_digits == digits)
    for cond in conds:
        code = uow.s.scalars(select(Customer.code).where(cond).order_by(Customer.id)).first()
        if code is not None:
            return code
    values = {k: v for k, v in (("email", party.email), ("phone", party.phone), ("address", party.address),
                                ("tax_id", party.inn if party.company else "")) if v}
    if party.company:  # a company with an INN of 12 digits is a sole trader; only an organisation has a KPP
        values["kind"] = "sole_trader" if len(party.inn.strip()) == 12 else "organisation"
        if party.kpp and values["kind"] == "organisation":
            values["kpp"] = party.kpp
    try:
        return add_customer(uow, next_customer_code(uow), party.name[:200], **values).code
    except BoclerkError as exc:
        raise _Refusal(_("its buyer cannot be added: {message}").format(message=exc.message)) from None


def _new(uow: UnitOfWork, order: SiteOrder, signature: str) -> OrderOutcome:
    if order.cancelled:
        return OrderOutcome(order.number, "refused", None, _("it was cancelled on the site before it came here"))
    lines = _lines(uow, order)
    customer = _customer(uow, order.customer, order.number)
    res = create_order(uow, customer, lines, channel=Channel.WEBSITE.value, channel_ref=order.number,
                       delivery_address=order.delivery_address or None, notes=order.comment[:2000],
                       order_date=order.day)
    o = uow.s.scalars(select(SalesOrder).where(SalesOrder.number == res.number)).one()
    uow.s.add(ShopOrder(order_id=o.id, site_id=order.key[:64], digest=signature, site_status=order.status[:100],
                        payment_method=order.payment_method[:100], site_paid=order.paid))
    return OrderOutcome(order.number, "new", res.number)


def _changed(uow: UnitOfWork, order: SiteOrder, row: ShopOrder, signature: str) -> OrderOutcome:
    o = uow.s.get(SalesOrder, row.order_id)
    row.digest, row.site_status = signature, order.status[:100]
    row.payment_method, row.site_paid = order.payment_method[:100], order.paid
    if o.status != OrderStatus.DRAFT.value:
        row.pending_change = True
        uow.audit("shop.order_changed", "order", o.number, after={"site_status": order.status,
                                                                  "cancelled": order.cancelled})
        return OrderOutcome(order.number, "changed_after_confirmation", o.number,
                            _("{number} is {status}; the site's change is not applied here").format(number=o.number, status=o.status))
    if order.cancelled:
        cancel_order(uow, o.number)
        return OrderOutcome(order.number, "cancelled", o.number)
    replace_lines(uow, o.number, _lines(uow, order))
    return OrderOutcome(order.number, "updated", o.number)


def _notes(uow: UnitOfWork, order: SiteOrder, outcome: OrderOutcome, book_payments: bool) -> None:
    """The site's VAT compared with boclerk's, and its payment booked when the config says so."""
    from boclerk.services.exchange.shop_payments import book_site_payment, vat_differences

    if outcome.result in ("new", "updated"):
        skus = [_product(uow, line, i).sku for i, line in enumerate(order.lines, start=1)]
        outcome.notes += [_("VAT differs: {d}").format(d=d) for d in vat_differences(uow, order, skus, order.day)]
    if book_payments and outcome.result in ("new", "updated", "changed_after_confirmation"):
        booked = book_site_payment(uow, order, outcome.order)
        if booked:
            outcome.notes.append(booked)


def import_site_orders(uow: UnitOfWork, data: bytes, name: str | None = None, *,
                       book_payments: bool = False) -> SiteImportResult:
    """Import every order of a site's CommerceML orders document (a write unit of work).

    ``book_payments`` (the config's ``[shop] book_site_payments``): book what the site says was
    paid through the payment act (see :mod:`boclerk.services.exchange.shop_payments`)."""
    uow.require(IMPORT)
    name = name or _("the orders file")
    orders = read_orders(data, name)
    result = SiteImportResult()
    for order in orders:
        signature = digest(order)
        row = uow.s.scalars(select(ShopOrder).where(ShopOrder.site_id == order.key[:64])).first()
        mark = len(uow.audit_log)
        savepoint = uow.s.begin_nested()  # one order refused leaves the others and nothing of itself
        try:
            if row is None:
                taken = uow.s.scalars(select(SalesOrder.number).where(
                    SalesOrder.channel == Channel.WEBSITE.value, SalesOrder.channel_ref == order.number)).first()
                if taken:
                    raise _Refusal(_("the website order {number} is already {taken}, entered by other means").format(number=order.number, taken=taken))
                result.outcomes.append(_new(uow, order, signature))
            elif row.digest == signature:
                result.outcomes.append(OrderOutcome(order.number, "unchanged", uow.s.get(SalesOrder,
                                                                                        row.order_id).number))
            else:
                result.outcomes.append(_changed(uow, order, row, signature))
            _notes(uow, order, result.outcomes[-1], book_payments)
            savepoint.commit()
        except NotPermitted:
            raise
        except (_Refusal, BoclerkError) as exc:
            savepoint.rollback()
            del uow.audit_log[mark:]
            reason = exc.reason if isinstance(exc, _Refusal) else exc.message
            result.outcomes.append(OrderOutcome(order.number, "refused", None, reason))
    uow.s.add(ShopExchange(direction=Direction.ORDERS_IN.value, at=uow.now, actor=uow.actor_name,
                           orders_new=result.count("new"),
                           orders_updated=result.count("updated") + result.count("cancelled"),
                           orders_refused=result.count("refused"), orders_unchanged=result.count("unchanged")))
    uow.audit("shop.import_orders", "shop_exchange", Direction.ORDERS_IN.value,
              after={"file": name, **{r: result.count(r) for r in ("new", "updated", "cancelled", "unchanged",
                                                                     "changed_after_confirmation", "refused")},
                     "notes": sum(len(o.notes) for o in result.outcomes)})
    return result
