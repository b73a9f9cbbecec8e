"""``boclerk stock ...``: levels, moves, adjustments, transfers and stocktakes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.cli.common import state_word
from boclerk.i18n import N_, _
from boclerk.cli.common import (
    ACT_COMMANDS,
    App,
    emit_json,
    emit_rows,
    err,
    expect_act,
    plain,
    run_read,
    run_write,
    state,
)
from boclerk.cli.docs_out import ForceOpt, OutputOpt
from boclerk.cli.options import CsvOpt, JsonOpt, YesOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_money, parse_qty, split_spec
from boclerk.errors import InvalidInput

app = App()
count_app = App()
app.add_typer(count_app, name="count", help="Stocktakes: open, enter, diff, post, cancel, show.")

WhOpt = Annotated[str | None, typer.Option("--warehouse", "-w", help="Warehouse code (default: the main one).")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (kept with the move).")]
KINDS = ("receipt", "adjustment", "write-off", "transfer")


@app.command("levels")
def levels(ctx: typer.Context, warehouse: WhOpt = None,
           below_reorder: Annotated[bool, typer.Option("--below-reorder", help="Only products below their reorder point.")] = False,
           sku: Annotated[str | None, typer.Option("--sku", help="One product (SKU or barcode).")] = None,
           limit: Annotated[int, typer.Option("--limit", min=1, max=1000000)] = 1000,
           json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """On hand, reserved and available per product and warehouse."""
    from boclerk.services.stock.queries import levels as svc

    rows = run_read(ctx, svc, warehouse=warehouse, below_reorder=below_reorder, sku=sku, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Stock levels"),
              columns=[N_("sku"), N_("name"), N_("wh"), N_("on hand"), N_("reserved"), N_("available"), N_("reorder at"), ""],
              right=[N_("on hand"), N_("reserved"), N_("available"), N_("reorder at")],
              cells=lambda r, sh: (r.sku, r.name + ("" if r.active else _(" (archived)")), r.warehouse, r.on_hand,
                                   r.reserved, r.available,
                                   r.reorder_point or "", _("REORDER") if r.below_reorder else ""))


@app.command("moves")
def moves(ctx: typer.Context, sku: str, warehouse: WhOpt = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 200,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """A product's moves, newest first, with the quantity on hand after each."""
    from boclerk.domain.stock_words import kind_word
    from boclerk.services.stock.queries import product_moves

    rows = run_read(ctx, product_moves, sku, warehouse=warehouse, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=_("Moves of {sku}").format(sku=sku),
              columns=[N_("date"), N_("wh"), N_("kind"), N_("qty"), N_("value"), N_("after"), N_("source"), N_("reason"), N_("by")],
              right=[N_("qty"), N_("value"), N_("after")],
              cells=lambda r, sh: (sh.day(r.move_date), r.warehouse, kind_word(r.kind), f"{r.qty:+}", sh.money(r.value), r.running_qty,
                                   r.source, r.reason, r.actor))


def _result(ctx: typer.Context, res, json_: bool, verb: str) -> None:
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(res, sh.currency))
    err(_("{done} {qty} {sku} ({warehouse}), value {value}{entry}.").format(
        done=_(verb), qty=f"{res.qty:+}", sku=res.sku, warehouse=res.warehouse, value=sh.money(res.value),
        entry=_(", entry {number}").format(number=res.entry) if res.entry else ""))


@app.act("receive", "stock.receive", key="sku", context_settings={"ignore_unknown_options": True})
def receive(ctx: typer.Context, sku: str, qty: str,
            cost: Annotated[str, typer.Option("--cost", help="Unit cost of what came in.")],
            warehouse: WhOpt = None, reason: ReasonOpt = "", json_: JsonOpt = False) -> None:
    """Goods in without a purchase order (Dr Inventory, Cr Goods received not invoiced)."""
    from boclerk.services.stock.book import receive_stock

    from boclerk.services.stock.book import check_move_input

    sh = shop(state(ctx))
    amount, unit_cost = parse_qty(qty), parse_money(cost, sh.currency, sh.locale, "--cost")
    run_read(ctx, check_move_input, sku, amount, warehouses=(warehouse,))  # before the question
    res = run_write(ctx, receive_stock, sku, amount, unit_cost, warehouse=warehouse, reason=reason)
    _result(ctx, res, json_, N_("Received"))


@app.act("adjust", "stock.adjust", key="sku", context_settings={"ignore_unknown_options": True})
def adjust(ctx: typer.Context, sku: str,
           delta: Annotated[str, typer.Argument(help="+N found, -N lost.")],
           reason: Annotated[str, typer.Option("--reason", help="Why the stock is wrong (required).")],
           warehouse: WhOpt = None,
           cost: Annotated[str | None, typer.Option("--cost", help="Unit cost of stock found (default: average).")] = None,
           json_: JsonOpt = False) -> None:
    """Correct stock up or down, with a reason; posts the gain or shrinkage."""
    from boclerk.services.stock.book import adjust_stock, check_move_input

    sh = shop(state(ctx))
    unit_cost = parse_money(cost, sh.currency, sh.locale, "--cost") if cost else None
    delta = delta.strip()
    if delta.startswith("+") and delta[1:2].isdigit():  # "+N found", as the help says
        delta = delta[1:]
    amount = parse_qty(delta, _("adjustment"), allow_negative=True)
    run_read(ctx, check_move_input, sku, amount, warehouses=(warehouse,), reason=reason)  # before the question
    res = run_write(ctx, adjust_stock, sku, amount, reason=reason, warehouse=warehouse, unit_cost=unit_cost)
    _result(ctx, res, json_, N_("Adjusted"))


@app.act("write-off", "stock.write_off", key="sku", context_settings={"ignore_unknown_options": True})
def write_off(ctx: typer.Context, sku: str, qty: str,
              reason: Annotated[str, typer.Option("--reason", help="Damaged, expired, stolen ... (required).")],
              warehouse: WhOpt = None, json_: JsonOpt = False) -> None:
    """Write stock off at its moving-average cost."""
    from boclerk.services.stock.book import adjust_stock, check_move_input

    amount = -parse_qty(qty)
    run_read(ctx, check_move_input, sku, amount, warehouses=(warehouse,), reason=reason, write_off=True)
    res = run_write(ctx, adjust_stock, sku, amount, reason=reason, warehouse=warehouse, write_off=True)
    _result(ctx, res, json_, N_("Wrote off"))


@app.act("transfer", "stock.transfer", key="sku", context_settings={"ignore_unknown_options": True})
def transfer(ctx: typer.Context, sku: str, qty: str,
             from_wh: Annotated[str, typer.Option("--from", help="Warehouse the goods leave.")],
             to_wh: Annotated[str, typer.Option("--to", help="Warehouse the goods go to.")],
             reason: ReasonOpt = "", json_: JsonOpt = False) -> None:
    """Move stock between warehouses (value moves at average cost; no entry)."""
    from boclerk.services.stock.book import transfer_stock

    res = run_write(ctx, transfer_stock, sku, parse_qty(qty), from_wh=from_wh, to_wh=to_wh, reason=reason)
    _result(ctx, res, json_, N_("Transferred"))


@app.command("move", context_settings={"ignore_unknown_options": True})
def move(ctx: typer.Context,
         kind: Annotated[str, typer.Argument(help="The kind of move: receipt, adjustment, write-off or transfer.")],
         sku: str, qty: str, warehouse: WhOpt = None,
         to_wh: Annotated[str | None, typer.Option("--to", help="Destination of a transfer.")] = None,
         cost: Annotated[str | None, typer.Option("--cost", help="Unit cost (receipts, stock found).")] = None,
         reason: ReasonOpt = "", yes: YesOpt = False, json_: JsonOpt = False) -> None:
    """Any manual stock move by kind (the other stock commands are shortcuts)."""
    kind = kind.strip().lower()
    if kind in MOVE_ACTS:
        expect_act(ctx, MOVE_ACTS[kind], sku, yes=yes)
    if kind == "receipt":
        if cost is None:
            raise InvalidInput(_("A receipt needs --cost."))
        receive(ctx, sku, qty, cost, warehouse, reason, json_)
    elif kind == "adjustment":
        adjust(ctx, sku, qty, reason, warehouse, cost, json_)
    elif kind == "write-off":
        write_off(ctx, sku, qty, reason, warehouse, json_)
    elif kind == "transfer":
        if not to_wh:
            raise InvalidInput(_("A transfer needs --to."))
        transfer(ctx, sku, qty, warehouse or "MAIN", to_wh, reason, json_)
    else:
        raise InvalidInput(_("'{kind}' is not a kind of move; choose one of: {kinds}.").format(kind=kind, kinds=", ".join(KINDS)))


MOVE_ACTS = {"receipt": "stock.receive", "adjustment": "stock.adjust", "write-off": "stock.write_off",
             "transfer": "stock.transfer"}
for _act in MOVE_ACTS.values():
    ACT_COMMANDS.setdefault(_act, []).append((app, "move"))


# -- stocktake -------------------------------------------------------------------------

def _count_info(ctx: typer.Context, info, json_: bool, verb: str) -> None:
    if json_:
        emit_json(plain(info, shop(state(ctx)).currency))
    err(_("{done} {number} of {warehouse}: {counted} of {lines} lines counted, {state}{entry}.").format(
        done=_(verb), number=info.number,
        warehouse=info.warehouse + (f" ({info.category})" if info.category else ""), counted=info.counted,
        lines=info.lines, state=state_word(info.status),
        entry=_(", entry {number}").format(number=info.entry) if info.entry else ""))


@count_app.act("open", "stock.stocktake", key=None)
def count_open(ctx: typer.Context, warehouse: WhOpt = None,
               category: Annotated[str | None, typer.Option("--category", help="Count only this category.")] = None,
               json_: JsonOpt = False) -> None:
    """Open a count of a warehouse; prints its number."""
    from boclerk.services.stock.stocktake import open_count

    info = run_write(ctx, open_count, warehouse, category=category)
    print(info.number)
    _count_info(ctx, info, json_, N_("Opened"))


@count_app.act("enter", "stock.count_enter")
def count_enter(ctx: typer.Context, number: str,
                lines: Annotated[list[str] | None, typer.Argument(help="SKU:QTY or BARCODE:QTY entries.")] = None,
                file: Annotated[Path | None, typer.Option("--file", help="CSV with columns sku and counted_qty.", readable=False)] = None,
                add: Annotated[bool, typer.Option("--add", help="Add to what is already counted (scanning).")] = False,
                json_: JsonOpt = False) -> None:
    """Record counted quantities (on the command line or from a CSV file)."""
    from boclerk.services.stock.stocktake import enter_counts

    counts = []
    for spec in lines or []:
        code, qty = split_spec(spec, _("count entry (SKU:QTY)"), 2, 2)
        counts.append((code, parse_qty(qty, _("count of {code}").format(code=code))))
    if file is not None:
        counts.extend(read_count_file(ctx, file))
    if not counts:
        raise InvalidInput(_("Give SKU:QTY entries or --file."))
    _count_info(ctx, run_write(ctx, enter_counts, number, counts, add=add), json_, N_("Counted"))


def read_count_file(ctx: typer.Context, path: Path) -> list[tuple[str, int]]:
    from boclerk.cli.files import read_input
    from boclerk.formats.csvio import ColumnSpec, read_table, validate_rows

    data = read_input(ctx, path, cap=50 * 1024 * 1024, too_big=_("{name} is larger than 50 MB.").format(name=path.name))
    table = read_table(data, what=path.name, columns=[
        ColumnSpec("sku", True, aliases=("barcode", N_("code"))),
        ColumnSpec("counted_qty", True, aliases=("counted", N_("qty"), N_("quantity"))),
    ])
    return validate_rows(table.rows, lambda row: (row.require("sku"), _counted(row)))


@count_app.command("diff")
def count_diff(ctx: typer.Context, number: str,
               all_lines: Annotated[bool, typer.Option("--all", help="Also lines without a difference.")] = False,
               json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Counted against on hand now, with the value of each difference."""
    from boclerk.services.stock.stocktake import differences

    rows = run_read(ctx, differences, number, all_lines=all_lines)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=_("Differences of {number}").format(number=number.upper()),
              columns=[N_("sku"), N_("name"), N_("expected"), N_("on hand"), N_("counted"), N_("difference"), N_("value")],
              right=[N_("expected"), N_("on hand"), N_("counted"), N_("difference"), N_("value")],
              cells=lambda r, sh: (r.sku, r.name, r.expected, r.on_hand, "" if r.counted is None else r.counted,
                                   f"{r.difference:+}", sh.money(r.value)))


@count_app.act("post", "stock.count_post")
def count_post(ctx: typer.Context, number: str, json_: JsonOpt = False) -> None:
    """Post the differences: stock moves and one journal entry. Cannot be undone."""
    from boclerk.services.stock.stocktake import post_count

    _count_info(ctx, run_write(ctx, post_count, number), json_, N_("Posted"))


@count_app.act("cancel", "stock.count_cancel")
def count_cancel(ctx: typer.Context, number: str) -> None:
    """Cancel an open count (nothing is posted)."""
    from boclerk.services.stock.stocktake import cancel_count

    _count_info(ctx, run_write(ctx, cancel_count, number), False, N_("Cancelled"))


@count_app.command("show")
def count_show(ctx: typer.Context, number: str, json_: JsonOpt = False) -> None:
    """A count's state."""
    from boclerk.services.stock.stocktake import count_info

    info = run_read(ctx, count_info, number)
    if json_:
        emit_json(plain(info, shop(state(ctx)).currency))
    else:
        print(_("{number}  {warehouse}  {state}  {counted}/{lines} counted").format(
            number=info.number, warehouse=info.warehouse, state=state_word(info.status), counted=info.counted,
            lines=info.lines) + (_("  entry {number}").format(number=info.entry) if info.entry else ""))


def _counted(row):
    counted = row.decimal("counted_qty")
    if counted < 0:
        raise row.error("counted_qty", _("{counted} is negative.").format(counted=counted))
    return counted


@app.command("packing-slips")
def packing_slips(ctx: typer.Context,
                  day: Annotated[str, typer.Option("--date", help="The day the shipments left, DD.MM.YYYY.")],
                  output: OutputOpt = None, force: ForceOpt = False) -> None:
    """One PDF with the packing slip of every shipment of a day, for the warehouse."""
    from boclerk.cli.common import actor, writing
    from boclerk.cli.docs_out import write_produced
    from boclerk.cli.parse import parse_date
    from boclerk.services.stock.packing import day_slips

    write_produced(ctx, day_slips(writing(ctx), actor(), parse_date(day, "--date")), output, force)
