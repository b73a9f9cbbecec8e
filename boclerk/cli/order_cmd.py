"""``boclerk order ...``: the order-to-cash workflow."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.cli.common import state_word
from boclerk.i18n import N_, _
from boclerk.cli.common import (
    App,
    emit_json,
    emit_rows,
    err,
    plain,
    run_read,
    run_write,
    state,
)
from boclerk.cli.docs_out import ForceOpt, OutputOpt, write_produced
from boclerk.cli.numbers import OrderNo
from boclerk.cli.options import CsvOpt, FromOpt, JsonOpt, PeriodOpt, ToOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import (
    parse_date_opt,
    parse_discount_bp,
    parse_money,
    positive,
    parse_qty,
    period_span,
    split_spec,
)

app = App()

Lines = Annotated[list[str] | None, typer.Option("--line", help="SKU:QTY (repeat).")]
PaidOnOpt = Annotated[str | None, typer.Option("--date", help="The day the money moved, DD.MM.YYYY or YYYY-MM-DD (default: today).")]


def sku_qty(specs: list[str] | None) -> list[tuple[str, int]]:
    out = []
    for spec in specs or []:
        sku, qty = split_spec(spec, _("line (SKU:QTY)"), 2, 2)
        out.append((sku, parse_qty(qty, _("quantity of {sku}").format(sku=sku))))
    return out


def _done(res, verb: str, json_: bool = False) -> None:
    if json_:
        emit_json(plain(res, ""))
    extra = "".join(label.format(number=value) for label, value in (
        (_(", entry {number}"), res.entry), (_(", refund {number}"), res.refund_entry)) if value)
    err(_("{done} {number}: {state}{extra}.").format(done=_(verb), number=res.number, state=state_word(res.status),
                                                      extra=extra))


@app.act("create", "orders.new", key=None)
def create(ctx: typer.Context,
           customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
           line: Annotated[list[str], typer.Option("--line", help="SKU:QTY[:PRICE[:DISCOUNT%]] (repeat).")],
           channel: Annotated[str, typer.Option("--channel", help="Where the order came from: website, marketplace, phone or shop.")] = "website",
           ref: Annotated[str | None, typer.Option("--ref", help="The channel's own order number.")] = None,
           address: Annotated[str | None, typer.Option("--address", help="Delivery address (default: customer's).")] = None,
           delivery: Annotated[str | None, typer.Option("--delivery", help="Charge delivery: amount, or the DELIVERY service price with 'yes'.")] = None,
           notes: Annotated[str, typer.Option("--notes")] = "", json_: JsonOpt = False) -> None:
    """Create a draft order; prints its number."""
    from boclerk.services.sales.orders import LineInput, create_order

    sh = shop(state(ctx))
    lines = []
    for spec in line:
        parts = split_spec(spec, _("line (SKU:QTY[:PRICE[:DISCOUNT]])"), 2, 4)
        price = parse_money(parts[2], sh.currency, sh.locale, _("price of {sku}").format(sku=parts[0])) if len(parts) > 2 and parts[2] else None
        discount = parse_discount_bp(parts[3]) if len(parts) > 3 and parts[3] else 0
        lines.append(LineInput(parts[0], parse_qty(parts[1], _("quantity of {sku}").format(sku=parts[0])), price, discount))
    if delivery:
        price = None if delivery.strip().lower() == "yes" else parse_money(delivery, sh.currency, sh.locale, "--delivery")
        lines.append(LineInput("DELIVERY", 1, price))
    res = run_write(ctx, create_order, customer, lines, channel=channel, channel_ref=ref, delivery_address=address,
                    notes=notes)
    if not json_:  # with --json, stdout carries the JSON document only
        print(res.number)
    _done(res, N_("Created"), json_)


@app.act("confirm", "orders.confirm")
def confirm(ctx: typer.Context, number: OrderNo,
            warehouse: Annotated[str | None, typer.Option("--warehouse", "-w")] = None,
            backorder: Annotated[bool, typer.Option("--backorder", help="Reserve what is there and wait for the rest.")] = False) -> None:
    """Confirm a draft: reserve every stocked line in one warehouse."""
    from boclerk.services.sales.orders import confirm_order

    _done(run_write(ctx, confirm_order, number, warehouse=warehouse, backorder=backorder), N_("Confirmed"))


@app.act("reserve", "orders.reserve")
def reserve(ctx: typer.Context, number: OrderNo) -> None:
    """Reserve stock that arrived for a backorder."""
    from boclerk.services.sales.backorders import top_up_reservations

    _done(run_write(ctx, top_up_reservations, number), N_("Reserved for"))


@app.act("pay", "orders.pay")
def pay(ctx: typer.Context, number: OrderNo, amount: str,
        method: Annotated[str, typer.Option("--method", "-m", help="How the money came: bank, card or cash.")] = "bank",
        ref: Annotated[str, typer.Option("--ref", help="Bank or card reference.")] = "",
        day: PaidOnOpt = None) -> None:
    """Record a payment for an order (full or partial)."""
    from boclerk.services.sales.orders import pay_order

    sh = shop(state(ctx))
    _method(method)
    paid = positive(parse_money(amount, sh.currency, sh.locale), N_("A payment needs a positive amount."))
    _done(run_write(ctx, pay_order, number, paid, method=method, reference=ref,
                    paid_on=parse_date_opt(day, _("payment date"))), N_("Paid"))


def _method(method: str | None) -> None:
    """A payment method checked as typed, before the act's question (``--yes``) is asked."""
    if method is not None:
        from boclerk.services.sales.orders import payment_method

        payment_method(method)


@app.act("ship", "orders.ship")
def ship(ctx: typer.Context, number: OrderNo, line: Lines = None) -> None:
    """Ship the whole order, or --line SKU:QTY for a partial shipment."""
    from boclerk.services.sales.shipping import check_shipping, ship_order

    lines = sku_qty(line) or None
    run_read(ctx, check_shipping, number, lines)  # before the question
    _done(run_write(ctx, ship_order, number, lines), N_("Shipped"))


@app.act("deliver", "orders.deliver")
def deliver(ctx: typer.Context, number: OrderNo) -> None:
    """Mark a shipped order delivered."""
    from boclerk.services.sales.shipping import deliver_order

    _done(run_write(ctx, deliver_order, number), N_("Delivered"))


@app.act("cancel", "orders.cancel")
def cancel(ctx: typer.Context, number: OrderNo,
           refund_method: Annotated[str | None, typer.Option("--refund-method", help="How the money goes back: bank, card or cash (default: as it was paid).")] = None) -> None:
    """Cancel an order that has not shipped: release stock, refund payments."""
    from boclerk.services.sales.orders import cancel_order

    _method(refund_method)
    _done(run_write(ctx, cancel_order, number, refund_method=refund_method), N_("Cancelled"))


@app.act("return", "orders.return")
def return_(ctx: typer.Context, number: OrderNo,
            line: Annotated[list[str], typer.Option("--line", help="SKU:QTY coming back (repeat).")],
            damaged: Annotated[bool, typer.Option("--damaged", help="Write the goods off instead of restocking.")] = False,
            no_refund: Annotated[bool, typer.Option("--no-refund", help="Keep the credit for the customer.")] = False,
            refund_method: Annotated[str | None, typer.Option("--refund-method")] = None) -> None:
    """Take shipped goods back: stock in (or written off), revenue reversed, refund."""
    from boclerk.services.sales.shipping import check_returning, return_order

    _method(refund_method)
    lines = sku_qty(line)
    run_read(ctx, check_returning, number, lines)  # before the question
    _done(run_write(ctx, return_order, number, lines, damaged=damaged, refund=not no_refund,
                    refund_method=refund_method), N_("Returned goods of"))


@app.act("refund", "orders.refund")
def refund(ctx: typer.Context, number: OrderNo, amount: str,
           method: Annotated[str | None, typer.Option("--method", "-m")] = None) -> None:
    """Pay back a customer's credit on an order."""
    from boclerk.services.sales.orders import refund_order

    sh = shop(state(ctx))
    _method(method)
    paid = positive(parse_money(amount, sh.currency, sh.locale), N_("A refund needs a positive amount."))
    _done(run_write(ctx, refund_order, number, paid, method=method), N_("Refunded"))


@app.command("list")
def list_(ctx: typer.Context,
          status: Annotated[str | None, typer.Option("--status", help="Only orders in this state: draft, confirmed, partially_shipped, shipped, delivered, cancelled, or open (confirmed or partially shipped).")] = None,
          customer: Annotated[str | None, typer.Option("--customer")] = None,
          channel: Annotated[str | None, typer.Option("--channel", help="Only orders from: website, marketplace, phone or shop.")] = None,
          start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
          backorder: Annotated[bool, typer.Option("--backorder", help="Only backorders.")] = False,
          limit: Annotated[int, typer.Option("--limit", min=1, max=1000000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Orders, newest first."""
    from boclerk.domain.sales_words import channel_word
    from boclerk.services.sales.queries import list_orders

    first, last = period_span(start, end, period, default=None)
    rows = run_read(ctx, list_orders, status=status, customer=customer, channel=channel, start=first, end=last,
                    backorder=True if backorder else None, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Orders"),
              columns=[N_("number"), N_("date"), N_("customer"), N_("channel"), N_("status"), N_("total"), N_("paid"), N_("shipped")],
              right=[N_("total"), N_("paid"), N_("shipped")],
              cells=lambda r, sh: (r.number, sh.day(r.order_date), r.customer_name, channel_word(r.channel),
                                   state_word(r.status) + (_(" (backorder)") if r.backorder else ""),
                                   sh.money(r.total), sh.money(r.paid), sh.money(r.invoiced)))


@app.command("show")
def show(ctx: typer.Context, number: OrderNo, json_: JsonOpt = False) -> None:
    """One order: lines, reservations, payments, shipments and history."""
    from boclerk.cli.lookup_out import show_order

    show_order(state(ctx), number, json_)


@app.command("doc")
def doc(ctx: typer.Context, number: OrderNo,
        form: Annotated[str, typer.Argument(help="invoice: the invoice for payment (PDF, with a payment QR code); "
                                                 "upd: the UPD (XML 5.03 and its PDF) of a shipment; "
                                                 "packing: the packing slip (what to pick, or what a shipment took).")],
        shipment: Annotated[int | None, typer.Option("--shipment", help="Which shipment (1, 2 ...; default: the last).")] = None,
        output: OutputOpt = None, force: ForceOpt = False) -> None:
    """Produce a document of an order, register it once, and write it."""
    from boclerk.cli.common import actor, writing
    from boclerk.errors import InvalidInput

    forms = ("invoice", "upd", "packing")
    if form not in forms:
        raise InvalidInput(_("{form} is not a document of an order; choose one of: {forms}.").format(
            form=repr(form), forms=", ".join(forms)))
    if form == "invoice":
        from boclerk.services.sales.invoice import order_invoice

        produced = order_invoice(writing(ctx), actor(), number)
    elif form == "packing":
        from boclerk.services.stock.packing import order_slip

        produced = order_slip(writing(ctx), actor(), number)
    else:
        from boclerk.services.sales.upd import shipment_upd

        produced = shipment_upd(writing(ctx), actor(), number, shipment)
    write_produced(ctx, produced, output, force)
