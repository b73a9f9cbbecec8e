"""``boclerk office contract ...``: contracts, their documents, and what was bought or sold under them."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import App, emit_rows, err, run_read, run_write, state, state_word
from boclerk.cli.numbers import ContractNo
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date_opt, parse_money

app = App()

PartyOpt = Annotated[str, typer.Option("--party", help="supplier:CODE, customer:CODE or other:NAME.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Valid from DD.MM.YYYY.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Valid to DD.MM.YYYY (the end of its first term).")]
RenewOpt = Annotated[bool | None, typer.Option("--renews/--no-renew", help="Renews itself at the end of each term.")]
TermOpt = Annotated[int | None, typer.Option("--term", min=1, max=120, help="Months of each renewal (default 12).")]
NoticeOpt = Annotated[int | None, typer.Option("--notice", min=0, max=3660, help="Days of notice to stop a renewal.")]
AmountOpt = Annotated[str | None, typer.Option("--amount", help="Its amount or limit, with VAT.")]
ResponsibleOpt = Annotated[str | None, typer.Option("--responsible", help="The staff member who answers for it.")]


def _money(ctx, text: str | None) -> int | None:
    sh = shop(state(ctx))
    return None if text is None else parse_money(text, sh.currency, sh.locale, "--amount")


@app.act("add", "office.new_contract", key=None)
def add(ctx: typer.Context, subject: str, party: PartyOpt, their: Annotated[str, typer.Option(
            "--their-number", help="The counterparty's number of it.")] = "",
        start: FromOpt = None, end: ToOpt = None, renews: RenewOpt = None, term: TermOpt = None,
        notice: NoticeOpt = None, amount: AmountOpt = None, responsible: ResponsibleOpt = None,
        notes: Annotated[str, typer.Option("--notes")] = "") -> None:
    """Register a contract (a draft); prints its number."""
    from boclerk.services.office.contracts import new_contract

    res = run_write(ctx, new_contract, party, subject, their_number=their, valid_from=parse_date_opt(start, "--from"),
                    valid_to=parse_date_opt(end, "--to"), auto_renew=bool(renews), renewal_months=term or 12,
                    notice_days=notice or 0, amount=_money(ctx, amount), responsible=responsible, notes=notes)
    print(res.number)
    err(_("Registered {number} as a draft.").format(number=res.number))


@app.act("edit", "office.edit_contract")
def edit(ctx: typer.Context, number: ContractNo, subject: Annotated[str | None, typer.Option("--subject")] = None,
         party: Annotated[str | None, typer.Option("--party")] = None,
         their: Annotated[str | None, typer.Option("--their-number")] = None, start: FromOpt = None,
         end: ToOpt = None, renews: RenewOpt = None, term: TermOpt = None, notice: NoticeOpt = None,
         amount: AmountOpt = None, responsible: ResponsibleOpt = None,
         notes: Annotated[str | None, typer.Option("--notes")] = None) -> None:
    """Change a contract before it is signed."""
    from boclerk.errors import InvalidInput
    from boclerk.services.office.contracts import edit_contract

    changes = {k: v for k, v in (
        ("subject", subject), ("party", party), ("their_number", their), ("valid_from", parse_date_opt(start, "--from")),
        ("valid_to", parse_date_opt(end, "--to")), ("auto_renew", renews), ("renewal_months", term),
        ("notice_days", notice), ("amount", _money(ctx, amount)), ("responsible", responsible), ("notes", notes))
        if v is not None}
    if not changes:
        raise InvalidInput(_("Nothing to change: give what changes (see --help)."))
    run_write(ctx, edit_contract, number, **changes)
    err(_("Saved {number}.").format(number=number.upper()))


@app.act("to-lawyer", "office.to_lawyer")
def to_lawyer(ctx: typer.Context, number: ContractNo) -> None:
    """Hand a draft to the lawyer."""
    from boclerk.services.office.contracts import to_lawyer as svc

    err(_("{number} is with the lawyer.").format(number=run_write(ctx, svc, number).number))


@app.act("sign", "office.sign")
def sign(ctx: typer.Context, number: ContractNo,
         on: Annotated[str | None, typer.Option("--date", help="Signed on DD.MM.YYYY or YYYY-MM-DD (default: today).")] = None) -> None:
    """Record a contract as signed."""
    from boclerk.services.office.contracts import sign as svc

    res = run_write(ctx, svc, number, parse_date_opt(on, "--date"))
    err(_("{number} is {state}.").format(number=res.number, state=state_word(res.state)))


@app.act("terminate", "office.terminate")
def terminate(ctx: typer.Context, number: ContractNo,
              on: Annotated[str | None, typer.Option("--date", help="DD.MM.YYYY or YYYY-MM-DD (default: today).")] = None,
              reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """Terminate a signed contract: it stops renewing and leaves the reminders."""
    from boclerk.services.office.contracts import terminate as svc

    done = run_write(ctx, svc, number, day=parse_date_opt(on, "--date"), reason=reason)
    err(_("{number} is terminated.").format(number=done.number))


@app.act("attach", "office.attach")
def attach(ctx: typer.Context, number: ContractNo,
           ref: Annotated[str, typer.Argument(help="DOC-... (the scan), PO-..., BILL-... or SO-... made under it.")],
           annex: Annotated[bool, typer.Option("--annex", help="The document is an annex.")] = False) -> None:
    """Link the scanned contract, an annex, or a purchase order, bill or order made under it."""
    from boclerk.services.office.contracts import attach as svc

    shown = run_write(ctx, svc, number, ref, annex=annex)
    err(_("Attached {shown} to {number}.").format(shown=shown, number=number.upper()))


@app.command("list")
def list_(ctx: typer.Context,
          state_: Annotated[str | None, typer.Option("--state", help="Only contracts in this state: draft, with_lawyer, "
                                                     "signed, expired, terminated, or live (signed, not expired).")] = None,
          party: Annotated[str | None, typer.Option("--party", help="A supplier's or customer's code.")] = None,
          search: Annotated[str | None, typer.Option("--search")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """Contracts, newest first."""
    from boclerk.services.office.contract_queries import list_contracts

    rows = run_read(ctx, list_contracts, state=state_, party=party, search=search, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Contracts"),
              columns=[N_("number"), N_("party"), N_("subject"), N_("term ends"), N_("renews"), N_("amount"), N_("state")], right=[N_("amount")],
              cells=lambda r, sh: (r.number, r.party, r.subject, sh.day(r.term_end), _("yes") if r.auto_renew else "",
                                   sh.money(r.amount) if r.amount is not None else "", state_word(r.state)))


@app.command("show")
def show(ctx: typer.Context, number: ContractNo, json_: JsonOpt = False) -> None:
    """One contract: its terms, documents, and what was billed or ordered under it against its limit."""
    from boclerk.cli.lookup_office_out import show_contract

    show_contract(state(ctx), number, json_)
