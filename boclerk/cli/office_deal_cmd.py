"""``boclerk office rule ...``, ``office agreement ...`` and ``office deals``: the internal deals
between departments (``boclerk ledger allocate`` posts them for a month)."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import App, emit_rows, err, run_read, run_write, state, state_word
from boclerk.cli.options import JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_date_opt, parse_money, split_spec

rules = App()
agreements = App()

FromOpt = Annotated[str | None, typer.Option("--from", help="In force from DD.MM.YYYY (default: always).")]


@rules.act("add", "office.new_deal", key=None)
def add_rule(ctx: typer.Context, code: str, name: str,
             account: Annotated[str, typer.Option("--account", help="The shared account (rent, IT ...).")],
             basis: Annotated[str, typer.Option("--basis", help="How the cost is shared out: headcount, area, fixed or account.")],
             share: Annotated[list[str] | None, typer.Option(
                 "--share", help="DEPT:WEIGHT (area in m2, fixed in %), or DEPT alone for headcount and account "
                                 "(repeat; default: every department that has any).")] = None,
             source: Annotated[str | None, typer.Option("--source", help="The department the cost sits in "
                                                        "(default: postings without a department).")] = None,
             by_account: Annotated[str | None, typer.Option("--by-account", help="For --basis account: whose amounts "
                                                            "in the month share it out (e.g. 4000 sales).")] = None,
             start: FromOpt = None) -> None:
    """An allocation rule: split a shared account over departments every month."""
    from boclerk.domain.office_words import basis_word
    from boclerk.services.office.deals import add_allocation

    shares = []
    for spec in share or []:
        parts = split_spec(spec, _("share (DEPT[:WEIGHT])"), 1, 2)
        shares.append((parts[0], parts[1] if len(parts) > 1 else ""))
    row = run_write(ctx, add_allocation, code, name, account=account, basis=basis, shares=shares, source=source,
                    basis_account=by_account, valid_from=parse_date_opt(start, "--from"))
    err((_("Added allocation rule {code}: {account} by {basis} over {departments}.") if row.shares else
         _("Added allocation rule {code}: {account} by {basis} over every department that has any.")).format(
        code=row.code, account=row.account, basis=basis_word(row.basis, row.basis_account), departments=", ".join(d for d, _w in row.shares)))


@agreements.act("add", "office.new_deal", key=None)
def add_agreement(ctx: typer.Context, code: str, name: str,
                  provider: Annotated[str, typer.Option("--provider", help="The department that serves (IT).")],
                  receiver: Annotated[str, typer.Option("--receiver", help="The department served (SALES).")],
                  fee: Annotated[str, typer.Option("--fee", help="The monthly fee.")],
                  account: Annotated[str | None, typer.Option("--account", help="Default: inter-department recharges.")]
                  = None,
                  start: FromOpt = None,
                  end: Annotated[str | None, typer.Option("--to", help="Last day in force DD.MM.YYYY.")] = None) -> None:
    """An internal service agreement: one department charges another a monthly fee."""
    from boclerk.services.office.deals import add_service

    sh = shop(state(ctx))
    row = run_write(ctx, add_service, code, name, provider=provider, receiver=receiver,
                    fee=parse_money(fee, sh.currency, sh.locale, "--fee"), account=account,
                    valid_from=parse_date_opt(start, "--from"), valid_to=parse_date_opt(end, "--to"))
    err(_("Added service agreement {code}: {target} pays {source} {fee} a month.").format(code=row.code, target=row.target, source=row.source, fee=sh.money(row.fee)))


def _end(ctx: typer.Context, code: str, last: str | None) -> None:
    from boclerk.services.office.deals import end_deal

    row = run_write(ctx, end_deal, code, last_day=parse_date_opt(last, "--last-day"))
    err(_("{code} ends on {valid_to}.").format(code=row.code, valid_to=shop(state(ctx)).day(row.valid_to)))


LastOpt = Annotated[str | None, typer.Option("--last-day", help="Its last day in force (default: today).")]


@rules.act("end", "office.end_deal", key="code")
def end_rule(ctx: typer.Context, code: str, last: LastOpt = None) -> None:
    """Stop an allocation rule: months after its last day are not allocated."""
    _end(ctx, code, last)


@agreements.act("end", "office.end_deal", key="code")
def end_agreement(ctx: typer.Context, code: str, last: LastOpt = None) -> None:
    """Stop a service agreement: months after its last day are not charged."""
    _end(ctx, code, last)


def deals(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Allocation rules and service agreements, and the months posted."""
    from boclerk.services.office.deals import list_deals

    rows, after = [], None
    while True:
        page = run_read(ctx, list_deals, after_code=after)
        rows += page
        if len(page) < 200:
            break
        after = page[-1].code

    from boclerk.cli.parse import month_said
    from boclerk.domain.office_words import deal_terms, deal_word

    emit_rows(ctx, rows, json_=json_, title=N_("Internal deals"),
              columns=[N_("code"), N_("name"), N_("kind"), N_("account"), N_("terms"), N_("state"), N_("posted")],
              cells=lambda r, sh: (r.code, r.name, deal_word(r.kind), r.account, deal_terms(r, sh.money), state_word(r.state),
                                   ", ".join(month_said(m) for m in r.posted[-3:]) + (" ..." if len(r.posted) > 3 else "")))
