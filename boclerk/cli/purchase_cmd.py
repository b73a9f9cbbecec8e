"""``boclerk purchase ...``: purchase orders, receipts, supplier bills, payments."""

from __future__ import annotations

from typing import Annotated

import typer

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
from boclerk.cli.options import CsvOpt, JsonOpt, PoNo, BillNo
from boclerk.cli.order_cmd import PaidOnOpt, sku_qty
from boclerk.cli.output import shop
from boclerk.cli.parse import (
    parse_date,
    parse_date_opt,
    parse_money,
    parse_qty,
    split_spec,
)

app = App()



def _po_done(res, verb: str) -> None:
    err(f"{verb} {res.number}: {res.status.replace('_', ' ')}" + (f", entry {res.entry}." if res.entry else "."))


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
        parts = split_spec(spec, "line (SKU:QTY[:PRICE[:DEPT]])", 2, 4)
        price = parse_money(parts[2], sh.currency, sh.locale, f"price of {parts[0]}") if len(parts) > 2 and parts[2] else None
        lines.append(POLineInput(parts[0], parse_qty(parts[1], f"quantity of {parts[0]}"), price,
                                 parts[3] if len(parts) > 3 and parts[3] else None))
    res = run_write(ctx, create_po, supplier, lines, warehouse=warehouse,
                    expected_date=parse_date_opt(expected, "--expected"), notes=notes)
    print(res.number)
    _po_done(res, "Created")


@app.act("send", "purchases.send")
def send(ctx: typer.Context, number: PoNo) -> None:
    """Mark a draft purchase order as sent to the supplier."""
    from boclerk.services.purchasing.orders import send_po

    _po_done(run_write(ctx, send_po, number), "Sent")


@app.act("cancel", "purchases.cancel_po")
def cancel(ctx: typer.Context, number: PoNo) -> None:
    """Cancel a purchase order while nothing has been received."""
    from boclerk.services.purchasing.orders import cancel_po

    _po_done(run_write(ctx, cancel_po, number), "Cancelled")


@app.act("receive", "purchases.receive")
def receive(ctx: typer.Context, number: PoNo,
            line: Annotated[list[str] | None, typer.Option("--line", help="SKU:QTY received (repeat); default: all.")] = None) -> None:
    """Receive goods against a purchase order (whole remainder, or by line)."""
    from boclerk.services.purchasing.orders import receive_po

    _po_done(run_write(ctx, receive_po, number, sku_qty(line) or None), "Received on")


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
            sku, qty, price = split_spec(spec, "bill line (SKU:QTY:PRICE)", 3, 3)
            lines.append(BillLineInput(sku, parse_qty(qty, f"quantity of {sku}"),
                                       parse_money(price, sh.currency, sh.locale, f"price of {sku}")))
    res = run_write(ctx, enter_bill, number, supplier_number, parse_date(day, "--date"), lines=lines)
    print(res.number)
    if res.status == "held":
        err(f"{res.number} is held as an exception: {res.hold_reason}. An accountant can approve or reject it.")
    else:
        err(f"Posted {res.number} ({sh.money(res.total)}), entry {res.entry}.")


@app.act("approve", "purchases.approve")
def approve(ctx: typer.Context, number: BillNo) -> None:
    """Approve a bill held as an exception: it posts."""
    from boclerk.services.purchasing.bills import approve_bill

    res = run_write(ctx, approve_bill, number)
    err(f"Approved {res.number}; posted as {res.entry}.")


@app.act("reject", "purchases.reject")
def reject(ctx: typer.Context, number: BillNo, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """Reject a bill held as an exception: nothing posts."""
    from boclerk.services.purchasing.bills import reject_bill

    res = run_write(ctx, reject_bill, number, reason)
    err(f"Rejected {res.number}.")


@app.act("pay", "purchases.pay")
def pay(ctx: typer.Context, number: BillNo, amount: str, ref: Annotated[str, typer.Option("--ref")] = "",
        day: PaidOnOpt = None) -> None:
    """Pay a supplier bill (full or partial): Dr Accounts payable, Cr Bank."""
    from boclerk.services.purchasing.bills import pay_bill

    sh = shop(state(ctx))
    res = run_write(ctx, pay_bill, number, parse_money(amount, sh.currency, sh.locale), reference=ref,
                    paid_on=parse_date_opt(day, "payment date"))
    err(f"Paid {res.number}: {res.status}, entry {res.entry}.")


@app.act("bill-reverse", "purchases.reverse_bill")
def bill_reverse(ctx: typer.Context, number: BillNo, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """Reverse a posted bill nothing is paid on: its entry is mirrored and its PO waits for a bill again."""
    from boclerk.services.purchasing.corrections import reverse_bill

    res = run_write(ctx, reverse_bill, number, reason)
    err(f"Reversed {res.number} by {res.entry}.")


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
    from boclerk.errors import InvalidInput
    from boclerk.services.purchasing.corrections import NoteLineInput, enter_note

    sh = shop(state(ctx))
    text = rate.strip().rstrip("%").lower()
    if text not in ("none", "без ндс") and not text.isdigit():
        raise InvalidInput(f"--rate {rate!r} is not a VAT rate: give a whole percent (22) or 'none'.")
    line = NoteLineInput(parse_money(net, sh.currency, sh.locale, "--net", allow_negative=True),
                         parse_money(vat, sh.currency, sh.locale, "--vat", allow_negative=True),
                         None if not text.isdigit() else int(text), reason)
    res = run_write(ctx, enter_note, number, supplier_number, parse_date(day, "--date"), [line], reason=reason)
    print(res.number)
    err(f"{res.kind.capitalize()} note {res.number} ({sh.money(res.total)}) on {res.bill}, entry {res.entry}; "
        f"the bill is {res.bill_status}.")


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
        err("Nothing is below its reorder point.")
    for g in groups:
        title = f"{g.supplier or '-'} {g.supplier_name}" + (f" -> {g.created}" if g.created else "")
        print_table(title, ["SKU", "name", "available", "on order", "reorder at", "suggest", "price"],
                    ((s.sku, s.name, s.available, s.on_order, s.reorder_point, s.qty, sh.money(s.unit_price))
                     for s in g.lines), right=["available", "on order", "reorder at", "suggest", "price"])
        if create and g.supplier is None:
            err("Products without a preferred supplier were not ordered; set one with: boclerk product edit SKU --supplier S")


@app.command("list")
def list_(ctx: typer.Context, status: Annotated[str | None, typer.Option("--status")] = None,
          supplier: Annotated[str | None, typer.Option("--supplier")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Purchase orders, newest first."""
    from boclerk.services.purchasing.queries import list_pos

    rows = run_read(ctx, list_pos, status=status, supplier=supplier, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title="Purchase orders",
              columns=["number", "date", "supplier", "status", "total"], right=["total"],
              cells=lambda r, sh: (r.number, r.order_date, r.supplier_name, r.status.replace("_", " "),
                                   sh.money(r.total)))


@app.command("show")
def show(ctx: typer.Context, number: PoNo, json_: JsonOpt = False) -> None:
    """One purchase order with its lines, bills and history."""
    from boclerk.services.purchasing.queries import po_detail

    d = run_read(ctx, po_detail, number)
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(d, sh.currency))
        return
    print(f"{d.number}  {d.order_date}  {d.status.replace('_', ' ')}  {d.supplier} {d.supplier_name}  -> {d.warehouse}")
    for ln in d.lines:
        print(f"  {ln.line_no:>2} {ln.sku:<14} {ln.name[:30]:<30} {ln.qty:>5} x {sh.money(ln.unit_price):>12}"
              f"  received {ln.received}, billed {ln.billed}")
    for b in d.bills:
        print(f"  bill {b.number} ({b.supplier_ref}) {b.status} {sh.money(b.total)} paid {sh.money(b.paid)}")
    print(f"  total {sh.money(d.total)} net")


@app.command("bills")
def bills(ctx: typer.Context, status: Annotated[str | None, typer.Option("--status", help="held, posted, paid, rejected, reversed.")] = None,
          supplier: Annotated[str | None, typer.Option("--supplier")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Supplier bills, newest first."""
    from boclerk.services.purchasing.queries import list_bills

    rows = run_read(ctx, list_bills, status=status, supplier=supplier, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title="Supplier bills",
              columns=["number", "supplier", "their no.", "date", "due", "status", "total", "paid"],
              right=["total", "paid"],
              cells=lambda r, sh: (r.number, r.supplier, r.supplier_ref, r.bill_date, r.due_date, r.status,
                                   sh.money(r.total), sh.money(r.paid)))


@app.command("bill-show")
def bill_show(ctx: typer.Context, number: BillNo, json_: JsonOpt = False) -> None:
    """One supplier bill."""
    from boclerk.services.purchasing.queries import bill_detail

    d = run_read(ctx, bill_detail, number)
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(d, sh.currency))
        return
    b = d.bill
    print(f"{b.number}  {b.supplier} bill {b.supplier_ref} of {b.bill_date}, due {b.due_date}, {b.status}"
          + (f" ({b.hold_reason})" if b.hold_reason else ""))
    for ln in d.lines:
        print(f"  {ln.line_no:>2} {ln.sku:<14} {ln.qty:>5} x {sh.money(ln.unit_price):>12} net {sh.money(ln.net)} VAT {sh.money(ln.vat)}")
    for a in d.adjustments:
        what = ("charge" if a.charge else "allowance") + (f" on line {a.line}" if a.line else "")
        print(f"     {what}: {a.reason[:40]} net {sh.money(a.net)} VAT {sh.money(a.vat)}")
    print(f"  net {sh.money(d.net)}, VAT {sh.money(d.vat)}, total {sh.money(b.total)}, paid {sh.money(b.paid)}"
          + (f"; entry {d.entry}" if d.entry else ""))
    for n in d.notes:
        print(f"  {n.kind} note {n.number} ({n.supplier_ref}) of {n.note_date}: net {sh.money(n.net)} "
              f"VAT {sh.money(n.vat)} total {sh.money(n.total)}" + (f"; entry {n.entry}" if n.entry else ""))
    if d.notes:
        print(f"  owed after its notes and payments: {sh.money(d.owed)}")
    if d.prepaid:
        print(f"  the supplier's invoice says {sh.money(d.prepaid)} was paid ahead"
              + ("" if b.paid >= d.prepaid else "; match that payment's bank line to this bill"))


@app.command("doc")
def doc(ctx: typer.Context, number: PoNo, output: OutputOpt = None, force: ForceOpt = False) -> None:
    """The purchase order as a PDF to send the supplier; registered in Documents once."""
    from boclerk.cli.common import actor, writing
    from boclerk.cli.docs_out import write_produced
    from boclerk.services.purchasing.po_doc import po_document

    write_produced(ctx, po_document(writing(ctx), actor(), number), output, force)
