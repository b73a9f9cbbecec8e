"""``boclerk purchase ...``: purchase orders, receipts, supplier bills, payments."""

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
    print_table,
    run_read,
    run_write,
    state,
)
from boclerk.cli.docs_out import ForceOpt, OutputOpt
from boclerk.cli.numbers import PoNo, BillNo
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.order_cmd import PaidOnOpt, sku_qty
from boclerk.cli.output import shop
from boclerk.cli.parse import (
    parse_date,
    parse_date_opt,
    parse_money,
    positive,
    parse_qty,
    split_spec,
)

app = App()



def _po_done(res, verb: str) -> None:
    err(_("{done} {number}: {state}{entry}.").format(done=_(verb), number=res.number, state=state_word(res.status),
                                                    entry=_(", entry {number}").format(number=res.entry) if res.entry else ""))


@app.act("create", "purchases.new_po", key=None)
def create(ctx: typer.Context, supplier: Annotated[str, typer.Option("--supplier", help="Supplier code.")],
           line: Annotated[list[str], typer.Option("--line", help="SKU:QTY[:PRICE[:DEPT]] (repeat); price net of VAT.")],
           warehouse: Annotated[str | None, typer.Option("--warehouse", "-w")] = None,
           expected: Annotated[str | None, typer.Option("--expected", help="Expected delivery date.")] = None,
           notes: Annotated[str, typer.Option("--notes")] = "") -> None:
    """Create a draft purchase order; prints its number."""
    from boclerk.services.purchasing.orders import POLineInput, create_po

    sh = shop(state(ctx))
    lines = []
    for spec in line:
        parts = split_spec(spec, _("line (SKU:QTY[:PRICE[:DEPT]])"), 2, 4)
        price = parse_money(parts[2], sh.currency, sh.locale, _("price of {sku}").format(sku=parts[0])) if len(parts) > 2 and parts[2] else None
        lines.append(POLineInput(parts[0], parse_qty(parts[1], _("quantity of {sku}").format(sku=parts[0])), price,
                                 parts[3] if len(parts) > 3 and parts[3] else None))
    res = run_write(ctx, create_po, supplier, lines, warehouse=warehouse,
                    expected_date=parse_date_opt(expected, "--expected"), notes=notes)
    print(res.number)
    _po_done(res, N_("Created"))


@app.act("send", "purchases.send")
def send(ctx: typer.Context, number: PoNo) -> None:
    """Mark a draft purchase order as sent to the supplier."""
    from boclerk.services.purchasing.orders import send_po

    _po_done(run_write(ctx, send_po, number), N_("Sent"))


@app.act("cancel", "purchases.cancel_po")
def cancel(ctx: typer.Context, number: PoNo) -> None:
    """Cancel a purchase order while nothing has been received."""
    from boclerk.services.purchasing.orders import cancel_po

    _po_done(run_write(ctx, cancel_po, number), N_("Cancelled"))


@app.act("receive", "purchases.receive")
def receive(ctx: typer.Context, number: PoNo,
            line: Annotated[list[str] | None, typer.Option("--line", help="SKU:QTY received (repeat); default: all.")] = None) -> None:
    """Receive goods against a purchase order (whole remainder, or by line)."""
    from boclerk.services.purchasing.orders import check_receipt, receive_po

    lines = sku_qty(line) or None
    run_read(ctx, check_receipt, number, lines)  # before the question
    _po_done(run_write(ctx, receive_po, number, lines), N_("Received on"))


@app.act("bill", "purchases.enter_bill")
def bill(ctx: typer.Context, number: PoNo,
         supplier_number: Annotated[str, typer.Option("--number", help="The supplier's own bill number.")],
         day: Annotated[str, typer.Option("--date", help="The bill's date.")],
         line: Annotated[list[str] | None, typer.Option("--line", help="SKU:QTY:PRICE (repeat); default: what was received.")] = None) -> None:
    """Enter the supplier's bill for a purchase order; it posts or waits as an exception."""
    from boclerk.services.purchasing.bills import BillLineInput, enter_bill

    sh = shop(state(ctx))
    lines = None
    if line:
        lines = []
        for spec in line:
            sku, qty, price = split_spec(spec, _("bill line (SKU:QTY:PRICE)"), 3, 3)
            lines.append(BillLineInput(sku, parse_qty(qty, _("quantity of {sku}").format(sku=sku)),
                                       parse_money(price, sh.currency, sh.locale, _("price of {sku}").format(sku=sku))))
    res = run_write(ctx, enter_bill, number, supplier_number, parse_date(day, "--date"), lines=lines)
    print(res.number)
    if res.status == "held":
        err(_("{number} is held as an exception: {hold_reason}. An accountant can approve or reject it.").format(number=res.number, hold_reason=res.hold_reason))
    else:
        err(_("Posted {number} ({total}), entry {entry}.").format(number=res.number, total=sh.money(res.total), entry=res.entry))


@app.act("approve", "purchases.approve")
def approve(ctx: typer.Context, number: BillNo) -> None:
    """Approve a bill held as an exception: it posts."""
    from boclerk.services.purchasing.bills import approve_bill

    res = run_write(ctx, approve_bill, number)
    err(_("Approved {number}; posted as {entry}.").format(number=res.number, entry=res.entry))


@app.act("reject", "purchases.reject")
def reject(ctx: typer.Context, number: BillNo, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """Reject a bill held as an exception: nothing posts."""
    from boclerk.services.purchasing.bills import reject_bill

    res = run_write(ctx, reject_bill, number, reason)
    err(_("Rejected {number}.").format(number=res.number))


@app.act("pay", "purchases.pay")
def pay(ctx: typer.Context, number: BillNo, amount: str, ref: Annotated[str, typer.Option("--ref")] = "",
        day: PaidOnOpt = None) -> None:
    """Pay a supplier bill (full or partial): Dr Accounts payable, Cr Bank."""
    from boclerk.services.purchasing.bills import pay_bill

    sh = shop(state(ctx))
    paid = positive(parse_money(amount, sh.currency, sh.locale), N_("A payment needs a positive amount."))
    res = run_write(ctx, pay_bill, number, paid, reference=ref,
                    paid_on=parse_date_opt(day, _("payment date")))
    err(_("Paid {number}: {status}, entry {entry}.").format(number=res.number, status=state_word(res.status),
                                                          entry=res.entry))


@app.act("bill-reverse", "purchases.reverse_bill")
def bill_reverse(ctx: typer.Context, number: BillNo, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """Reverse a posted bill nothing is paid on: its entry is mirrored and its PO waits for a bill again."""
    from boclerk.services.purchasing.corrections import reverse_bill

    res = run_write(ctx, reverse_bill, number, reason)
    err(_("Reversed {number} by {entry}.").format(number=res.number, entry=res.entry))


@app.act("note", "purchases.note")
def note(ctx: typer.Context, number: BillNo,
         supplier_number: Annotated[str, typer.Option("--number", help="The supplier's own number of the note.")],
         day: Annotated[str, typer.Option("--date", help="The note's date.")],
         net: Annotated[str, typer.Option("--net", help="Change of the net amount: negative lowers what is owed "
                                                        "(a credit note), positive raises it (a debit note).")],
         vat: Annotated[str, typer.Option("--vat", help="Change of the VAT, signed as --net.")],
         rate: Annotated[str, typer.Option("--rate", help="Its VAT rate in percent, or 'none' (без НДС).")],
         reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """Enter the supplier's credit or debit note against a posted or paid bill; it posts."""
    from boclerk.services.purchasing.corrections import NoteLineInput, enter_note, note_rate

    sh = shop(state(ctx))
    line = NoteLineInput(parse_money(net, sh.currency, sh.locale, "--net", allow_negative=True),
                         parse_money(vat, sh.currency, sh.locale, "--vat", allow_negative=True),
                         note_rate(rate), reason)
    res = run_write(ctx, enter_note, number, supplier_number, parse_date(day, "--date"), [line], reason=reason)
    print(res.number)
    said = (_("Credit note {number} ({total}) on {bill}, entry {entry}; the bill is {state}.") if res.kind == "credit"
            else _("Debit note {number} ({total}) on {bill}, entry {entry}; the bill is {state}."))
    err(said.format(number=res.number, total=sh.money(res.total), bill=res.bill, entry=res.entry,
                    state=state_word(res.bill_status)))


@app.command("suggest")
def suggest(ctx: typer.Context,
            create: Annotated[bool, typer.Option("--create", help="Make a draft PO per supplier.")] = False,
            json_: JsonOpt = False) -> None:
    """Products below their reorder point, by preferred supplier."""
    from boclerk.services.purchasing.orders import suggest_reorders

    groups = run_write(ctx, suggest_reorders, create=True) if create else run_read(ctx, suggest_reorders)
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(groups, sh.currency))
        return
    if not groups:
        err(_("Nothing is below its reorder point."))
    for g in groups:
        title = f"{g.supplier or '-'} {g.supplier_name}" + (f" -> {g.created}" if g.created else "")
        print_table(title, [N_("sku"), N_("name"), N_("available"), N_("on order"), N_("reorder at"), N_("suggest"), N_("price")],
                    ((s.sku, s.name, s.available, s.on_order, s.reorder_point, s.qty, sh.money(s.unit_price))
                     for s in g.lines), right=[N_("available"), N_("on order"), N_("reorder at"), N_("suggest"), N_("price")])
        if create and g.supplier is None:
            err(_("Products without a preferred supplier were not ordered; set one with: boclerk product edit SKU --supplier S"))


@app.command("list")
def list_(ctx: typer.Context, status: Annotated[str | None, typer.Option("--status")] = None,
          supplier: Annotated[str | None, typer.Option("--supplier")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Purchase orders, newest first."""
    from boclerk.services.purchasing.queries import list_pos

    rows = run_read(ctx, list_pos, status=status, supplier=supplier, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Purchase orders"),
              columns=[N_("number"), N_("date"), N_("supplier"), N_("status"), N_("total")], right=[N_("total")],
              cells=lambda r, sh: (r.number, sh.day(r.order_date), r.supplier_name, state_word(r.status),
                                   sh.money(r.total)))


@app.command("show")
def show(ctx: typer.Context, number: PoNo, json_: JsonOpt = False) -> None:
    """One purchase order with its lines, bills and history."""
    from boclerk.cli.show_out import show_po

    show_po(state(ctx), number, json_)


@app.command("bills")
def bills(ctx: typer.Context, status: Annotated[str | None, typer.Option("--status", help="Only bills in this state: held, posted, paid, rejected or reversed.")] = None,
          supplier: Annotated[str | None, typer.Option("--supplier")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Supplier bills, newest first."""
    from boclerk.services.purchasing.queries import list_bills

    rows = run_read(ctx, list_bills, status=status, supplier=supplier, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Supplier bills"),
              columns=[N_("number"), N_("supplier"), N_("their no."), N_("date"), N_("due"), N_("status"), N_("total"), N_("paid")],
              right=[N_("total"), N_("paid")],
              cells=lambda r, sh: (r.number, r.supplier, r.supplier_ref, sh.day(r.bill_date), sh.day(r.due_date),
                                   state_word(r.status),
                                   sh.money(r.total), sh.money(r.paid)))


@app.command("bill-show")
def bill_show(ctx: typer.Context, number: BillNo, json_: JsonOpt = False) -> None:
    """One supplier bill."""
    from boclerk.cli.show_out import show_bill

    show_bill(state(ctx), number, json_)


@app.command("doc")
def doc(ctx: typer.Context, number: PoNo, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """The purchase order as a PDF to send the supplier; registered in Documents once."""
    from boclerk.cli.common import actor, writing
    from boclerk.cli.docs_out import write_produced
    from boclerk.services.purchasing.po_doc import po_document

    write_produced(ctx, po_document(writing(ctx), actor(), number), output, force)
