"""Options that many commands share, defined once so that they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First day DD.MM.YYYY.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day DD.MM.YYYY.")]
PeriodOpt = Annotated[str | None, typer.Option(
    "--period", help="A month (2026-11), quarter (2026-Q4) or year (2026), instead of --from and --to.")]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).", readable=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the file given with -o if it exists.")]

