"""``boclerk rate ...`` and ``boclerk vat ...``: exchange rates, VAT rates and the VAT regime."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.cli.common import App, emit_rows, err, run_read, run_write
from boclerk.cli.options import JsonOpt
from boclerk.cli.parse import parse_date, parse_date_opt
from boclerk.errors import InvalidInput

app = App()
vat = App()


@app.act("set", "ledger.rate_set", key=None)
def rate_set(ctx: typer.Context, currency: str, day: str, rate: str,
             nominal: Annotated[int, typer.Option("--nominal", help="Units the rate is for (JPY: 100).")] = 1) -> None:
    """What NOMINAL units of CURRENCY cost in the books' currency on DAY: rate set EUR 2026-03-02 97.1234."""
    from boclerk.services.ledger.rates import set_rate

    row = run_write(ctx, set_rate, currency, parse_date(day, "day"), rate, nominal=nominal)
    err(f"{row.currency} on {row.day}: {row.per_nominal} for {row.nominal}.")


@app.act("import", "ledger.rate_import", key=None)
def rate_import(ctx: typer.Context, file: Path) -> None:
    """Read the Bank of Russia's daily rates file (XML_daily.asp: ValCurs, windows-1251)."""
    from boclerk.formats.cbr_rates import RatesFileError, read_daily_rates
    from boclerk.services.ledger.rates import import_rates

    try:
        if file.stat().st_size > (1 << 20):
            raise InvalidInput(f"{file}: the file is larger than 1024 KB; a day's rates are a few KB.")
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read {file}: {exc.strerror}.") from None
    try:
        parsed = read_daily_rates(data)
    except RatesFileError as exc:
        raise InvalidInput(f"{file.name}: {exc}") from None
    res = run_write(ctx, import_rates, parsed.day, [(r.code, r.nominal, r.value) for r in parsed.rates])
    skipped = f"; skipped {', '.join(res.skipped)}" if res.skipped else ""
    err(f"Rates of {res.day}: {res.added} added, {res.changed} changed, {res.unchanged} unchanged{skipped}.")


@app.command("list")
def rate_list(ctx: typer.Context, currency: Annotated[str | None, typer.Argument()] = None,
              since: Annotated[str | None, typer.Option("--since", help="From this day DD.MM.YYYY.")] = None,
              json_: JsonOpt = False) -> None:
    """Exchange rates, newest first."""
    from boclerk.services.ledger.rates import list_rates

    rows = run_read(ctx, list_rates, currency=currency, since=parse_date_opt(since, "--since"))
    emit_rows(ctx, rows, json_=json_, title="Exchange rates", columns=["day", "currency", "nominal", "rate", "source"],
              right=["nominal", "rate"], cells=lambda r, sh: (r.day, r.currency, r.nominal, r.per_nominal, r.source))


@vat.command("rates")
def vat_rates(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The VAT rate table: each category's rate from a day on."""
    from boclerk.domain.tax import rate_label
    from boclerk.services.ledger.vat import list_rates

    rows = run_read(ctx, list_rates)
    emit_rows(ctx, rows, json_=json_, title="VAT rates", columns=["category", "from", "rate"],
              cells=lambda r, sh: (r.category, r.valid_from, rate_label(r.rate)))


@vat.act("rate-add", "ledger.vat_rate", key=None)
def vat_rate_add(ctx: typer.Context, category: str, day: str,
                 rate: Annotated[str, typer.Argument(help="A whole percentage, or 'none' for exempt.")]) -> None:
    """A category's rate from DAY on, when the law changes: vat rate-add standard 2027-01-01 22."""
    from boclerk.services.ledger.vat import set_rate

    value = None if rate.strip().lower() in ("none", "exempt", "-") else rate.strip().removesuffix("%")
    if value is not None and not value.isdigit():
        raise InvalidInput(f"'{rate}' is not a whole percentage.")
    row = run_write(ctx, set_rate, category, parse_date(day, "day"), None if value is None else int(value))
    err(f"{row.category} from {row.valid_from}: {'без НДС' if row.rate is None else f'{row.rate}%'}.")


@vat.command("regimes")
def vat_regimes(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The company's VAT regime and the day each started."""
    from boclerk.services.ledger.vat import list_regimes

    rows = run_read(ctx, list_regimes)
    emit_rows(ctx, rows, json_=json_, title="VAT regime", columns=["from", "regime"],
              cells=lambda r, sh: (r.valid_from, r.regime))


@vat.act("regime", "ledger.vat_regime", key=None)
def vat_regime(ctx: typer.Context, regime: Annotated[str, typer.Argument(
        help="general, usn_vat5, usn_vat7 or usn_exempt.")],
               since: Annotated[str, typer.Option("--from", help="The day it starts DD.MM.YYYY.")]) -> None:
    """Set the company's VAT regime from a day on."""
    from boclerk.services.ledger.vat import set_regime

    row = run_write(ctx, set_regime, regime, parse_date(since, "--from"))
    err(f"VAT regime from {row.valid_from}: {row.regime}.")
