"""Options that many commands share, defined once so that they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import NP_

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First day DD.MM.YYYY.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day DD.MM.YYYY.")]
PeriodOpt = Annotated[str | None, typer.Option(
    "--period", help="A month (2026-11), quarter (2026-Q4) or year (2026), instead of --from and --to.")]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).", readable=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the file given with -o if it exists.")]


#: What a typed value is called in help, by the parameter's name (the commonest commands' arguments
#: and options): "--line LINE", "NUMBER" in English, «--line СТРОКА», «НОМЕР» in Russian, where
#: typer would show the parameter's name and its type ("number <str>"). Put in place by
#: boclerk.cli.words.name_values (``pgettext("value", ...)``); a text or number parameter only (not a flag,
#: a path or a count).
METAVARS = {
    "number": NP_("value", "NUMBER"), "code": NP_("value", "CODE"), "sku": NP_("value", "SKU"),
    "qty": NP_("value", "QTY"), "line": NP_("value", "LINE"), "amount": NP_("value", "AMOUNT"),
    "cost": NP_("value", "AMOUNT"), "name": NP_("value", "NAME"), "reason": NP_("value", "TEXT"),
    "memo": NP_("value", "TEXT"), "notes": NP_("value", "TEXT"), "note": NP_("value", "TEXT"),
    "search": NP_("value", "TEXT"), "day": NP_("value", "DATE"), "date_": NP_("value", "DATE"),
    "start": NP_("value", "DATE"), "end": NP_("value", "DATE"), "at": NP_("value", "DATE"),
    "since": NP_("value", "DATE"), "period": NP_("value", "PERIOD"), "warehouse": NP_("value", "WAREHOUSE"),
    "dept": NP_("value", "DEPARTMENT"), "customer": NP_("value", "CUSTOMER"),
    "supplier": NP_("value", "SUPPLIER"), "account": NP_("value", "ACCOUNT"),
    "currency": NP_("value", "CURRENCY"), "kind": NP_("value", "KIND"), "category": NP_("value", "CATEGORY"),
    "status": NP_("value", "STATE"), "method": NP_("value", "METHOD"),
    "refund_method": NP_("value", "METHOD"), "channel": NP_("value", "CHANNEL"),
    "ref": NP_("value", "REFERENCE"), "email": NP_("value", "EMAIL"), "phone": NP_("value", "PHONE"),
    "address": NP_("value", "ADDRESS"),
}
