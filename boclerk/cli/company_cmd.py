"""``boclerk company``: the shop's own details (tax ids and bank details, checked)."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import _
from boclerk.cli.common import App, err, pass_gate, run_write, state
from boclerk.cli.options import JsonOpt

app = App()


@app.command("show")
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The company's name, currency, country, tax ids and bank details."""
    from boclerk.cli.lookup_out import show_company

    show_company(state(ctx), json_)  # printed as the quick path prints it (boclerk/cli/quick.py)


@app.act("set", "ledger.company", key=None)
def set_(ctx: typer.Context,
         name: Annotated[str | None, typer.Option("--name")] = None,
         country: Annotated[str | None, typer.Option("--country", help="ISO country code (RU).")] = None,
         tax_id: Annotated[str | None, typer.Option("--tax-id", help="INN (checked), or the country's tax id.")] = None,
         kpp: Annotated[str | None, typer.Option("--kpp")] = None,
         ogrn: Annotated[str | None, typer.Option("--ogrn")] = None,
         bik: Annotated[str | None, typer.Option("--bik")] = None,
         account: Annotated[str | None, typer.Option("--account", help="Settlement account, checked with the BIK.")] = None,
         address: Annotated[str | None, typer.Option("--address", help="Legal address, as documents print it.")] = None,
         bank: Annotated[str | None, typer.Option("--bank", help="The bank's name.")] = None,
         corr_account: Annotated[str | None, typer.Option("--corr-account",
                                                          help="The bank's correspondent account, checked with the BIK.")] = None,
         director: Annotated[str | None, typer.Option("--director", help="Surname, name, patronymic.")] = None,
         accountant: Annotated[str | None, typer.Option("--accountant", help="The chief accountant's name.")] = None,
         language: Annotated[str | None, typer.Option(
             "--language", help="The language of the memos and reasons boclerk writes into the books: ru or en.")] = None,
         ) -> None:
    """Change the company's details (only the options given)."""
    from boclerk.services.platform.company import set_company_details

    values = {k: v for k, v in {"name": name, "country": country, "tax_id": tax_id, "kpp": kpp, "ogrn": ogrn,
                                "bik": bik, "bank_account": account, "legal_address": address,
                                "bank_name": bank, "corr_account": corr_account, "director": director,
                                "chief_accountant": accountant, "language": language}.items() if v is not None}
    pass_gate(ctx)
    run_write(ctx, set_company_details, **values)
    err(_("Company details changed."))
