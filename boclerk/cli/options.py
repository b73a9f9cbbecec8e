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
#: boclerk.cli.words.name_values (``pgettext("value", ...)``); a text, number or path parameter only
#: (not a flag or a count). Any other is called by its type (:data:`TYPE_METAVARS`).
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
    "file": NP_("value", "FILE"), "paths": NP_("value", "FILE"), "path": NP_("value", "PATH"),
    "directory": NP_("value", "FOLDER"), "text": NP_("value", "TEXT"), "words": NP_("value", "TEXT"),
    "subject": NP_("value", "TEXT"), "what": NP_("value", "TEXT"), "draft_id": NP_("value", "DRAFT"),
    "year": NP_("value", "YEAR"), "role": NP_("value", "ROLE"), "regime": NP_("value", "REGIME"),
    "measure": NP_("value", "MEASURE"), "form": NP_("value", "FORM"), "delta": NP_("value", "QTY"),
    "target": NP_("value", "RECORD"), "targets": NP_("value", "RECORD"), "lines": NP_("value", "LINE"),
    "numbers": NP_("value", "NUMBER"), "limit": NP_("value", "N"), "open_area": NP_("value", "AREA"), "link": NP_("value", "RECORD"),
}

#: What any other typed value is called, by its type, where typer would show the type's English
#: name ("<str>", "<int range>", "<path>").
TYPE_METAVARS = {
    "str": NP_("value", "VALUE"), "text": NP_("value", "VALUE"), "number": NP_("value", "N"),
    "int": NP_("value", "N"), "int range": NP_("value", "N"), "integer": NP_("value", "N"),
    "integer range": NP_("value", "N"), "float": NP_("value", "N"), "path": NP_("value", "PATH"),
}
