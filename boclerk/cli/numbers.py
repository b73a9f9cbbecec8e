"""Record numbers as clerks type them, for every command that takes one."""

from __future__ import annotations

from typing import Annotated

import typer
from typer._click import types as click_types


class ShortNumber(click_types.ParamType):
    """A record's number as clerks type it: whole (``SO-2026-000484``), without its zeros or in
    lower case (``so-2026-484``) or short (``484``, the latest of the recent years that has it;
    ``2025-484``), made whole before the command runs,
    as ``boclerk show`` does (boclerk.services.lookup.expand_number)."""

    name = "number"

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def convert(self, value, param, ctx):
        from boclerk.services.lookup import whole_number

        text = str(value).strip()
        if (whole := whole_number(self.kind, text)) != text:
            return whole
        if not text.replace("-", "").isdigit() or ctx is None or ctx.resilient_parsing:
            return value
        from boclerk.cli.common import run_lookup
        from boclerk.errors import BoclerkError
        from boclerk.services.lookup import expand_number

        try:
            return run_lookup(ctx, expand_number, self.kind, text)
        except BoclerkError:  # the command opens the database itself and says why it cannot
            return value


def _number(kind: str):
    return Annotated[str, typer.Argument(click_type=ShortNumber(kind), show_default=False)]


OrderNo = _number("order")
PoNo = _number("po")
BillNo = _number("bill")
EntryNo = _number("entry")
DocNo = _number("document")
RequestNo = _number("request")
ContractNo = _number("contract")
EquipmentNo = _number("equipment")
