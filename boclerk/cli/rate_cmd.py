"""``boclerk rate ...`` and ``boclerk vat ...``: exchange rates, VAT rates and the VAT regime."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import N_, _, pgettext
from boclerk.cli.common import App, emit_rows, err, run_read, run_write, state
from boclerk.cli.options import JsonOpt
from boclerk.cli.parse import parse_date, parse_date_opt
from boclerk.errors import InvalidInput

app = App()
vat = App()


def _day(ctx, value) -> str:
    from boclerk.cli.output import shop

    return shop(state(ctx)).day(value)


@app.act("set", "ledger.rate_set", key=None)
def rate_set(ctx: typer.Context, currency: str, day: str, rate: str,
             nominal: Annotated[int, typer.Option("--nominal", help="Units the rate is for (JPY: 100).")] = 1) -> None:
    """What NOMINAL units of CURRENCY cost in the books' currency on DAY: rate set EUR 2026-03-02 97.1234."""
    from boclerk.services.ledger.rates import set_rate

    row = run_write(ctx, set_rate, currency, parse_date(day, _("day")), rate, nominal=nominal)
    err(_("{currency} on {day}: {per_nominal} for {nominal}.").format(currency=row.currency, day=_day(ctx, row.day), per_nominal=row.per_nominal, nominal=row.nominal))


@app.act("import", "ledger.rate_import", key=None)
def rate_import(ctx: typer.Context, file: Annotated[Path, typer.Argument(readable=False)]) -> None:
    """Read the Bank of Russia's daily rates file (XML_daily.asp: ValCurs, windows-1251)."""
    from boclerk.formats.cbr_rates import RatesFileError, read_daily_rates
    from boclerk.services.ledger.rates import import_rates

    from boclerk.cli.files import read_input

    data = read_input(ctx, file, cap=1 << 20,
                      too_big=_("{file}: the file is larger than 1024 KB; a day's rates are a few KB.").format(file=file))
    try:
        parsed = read_daily_rates(data)
    except RatesFileError as exc:
        raise InvalidInput(f"{file.name}: {exc}") from None
    res = run_write(ctx, import_rates, parsed.day, [(r.code, r.nominal, r.value) for r in parsed.rates])
    skipped = _("; skipped {codes}").format(codes=", ".join(res.skipped)) if res.skipped else ""
    err(_("Rates of {day}: {added} added, {changed} changed, {unchanged} unchanged{skipped}.").format(day=_day(ctx, res.day), added=res.added, changed=res.changed, unchanged=res.unchanged, skipped=skipped))


@app.command("list")
def rate_list(ctx: typer.Context, currency: Annotated[str | None, typer.Argument()] = None,
              since: Annotated[str | None, typer.Option("--since", help="From this day DD.MM.YYYY.")] = None,
              json_: JsonOpt = False) -> None:
    """Exchange rates, newest first."""
    from boclerk.domain.tax_words import rate_source_word
    from boclerk.services.ledger.rates import list_rates

    rows = run_read(ctx, list_rates, currency=currency, since=parse_date_opt(since, "--since"))
    emit_rows(ctx, rows, json_=json_, title=N_("Exchange rates"), columns=[N_("day"), N_("currency"), N_("nominal"), N_("rate"), N_("source")],
              right=[N_("nominal"), N_("rate")], cells=lambda r, sh: (sh.day(r.day), r.currency, r.nominal, r.per_nominal, rate_source_word(r.source)))


@vat.command("rates")
def vat_rates(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The VAT rate table: each category's rate from a day on."""
    from boclerk.domain.tax import rate_label
    from boclerk.domain.tax_words import category_word
    from boclerk.services.ledger.vat import list_rates

    rows = run_read(ctx, list_rates)
    # a VAT rate is «ставка»; the exchange rate's "rate" above is «курс»
    emit_rows(ctx, rows, json_=json_, title=N_("VAT rates"),
              columns=[N_("category"), N_("from"), pgettext("VAT rate", "rate")],
              cells=lambda r, sh: (category_word(r.category), sh.day(r.valid_from), rate_label(r.rate)))


@vat.act("rate-add", "ledger.vat_rate", key=None)
def vat_rate_add(ctx: typer.Context, category: str, day: str,
                 rate: Annotated[str, typer.Argument(help="A whole percentage, or 'none' for exempt.")]) -> None:
    """A category's rate from DAY on, when the law changes: vat rate-add standard 2027-01-01 22."""
    from boclerk.domain.tax_words import category_word
    from boclerk.services.ledger.vat import set_rate

    value = None if rate.strip().lower() in ("none", "exempt", "-") else rate.strip().removesuffix("%")
    if value is not None and not value.isdigit():
        raise InvalidInput(_("'{rate}' is not a whole percentage.").format(rate=rate))
    row = run_write(ctx, set_rate, category, parse_date(day, _("day")), None if value is None else int(value))
    err(_("{category} from {day}: {rate}.").format(category=category_word(row.category), day=_day(ctx, row.valid_from),
                                                  rate=_("no VAT") if row.rate is None else f"{row.rate}%"))


@vat.command("regimes")
def vat_regimes(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The company's VAT regime and the day each started."""
    from boclerk.domain.tax_words import regime_word
    from boclerk.services.ledger.vat import list_regimes

    rows = run_read(ctx, list_regimes)
    emit_rows(ctx, rows, json_=json_, title=N_("VAT regime"), columns=[N_("from"), N_("regime")],
              cells=lambda r, sh: (sh.day(r.valid_from), regime_word(r.regime)))


@vat.act("regime", "ledger.vat_regime", key=None)
def vat_regime(ctx: typer.Context, regime: Annotated[str, typer.Argument(
        help="The VAT regime: general, usn_vat5, usn_vat7 or usn_exempt.")],
               since: Annotated[str, typer.Option("--from", help="The day it starts DD.MM.YYYY.")]) -> None:
    """Set the company's VAT regime from a day on."""
    from boclerk.domain.tax_words import regime_word
    from boclerk.services.ledger.vat import set_regime

    row = run_write(ctx, set_regime, regime, parse_date(since, "--from"))
    err(_("VAT regime from {valid_from}: {regime}.").format(valid_from=_day(ctx, row.valid_from),
                                                            regime=regime_word(row.regime)))
