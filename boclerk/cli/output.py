"""Rendering service rows for people: money with the shop's locale, quantities plain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boclerk.cli.common import State


@dataclass(frozen=True)
class Shop:
    currency: str
    locale: str
    name: str

    def money(self, minor: int | None) -> str:
        if minor is None:
            return ""
        from boclerk.money import format_amount

        return format_amount(minor, currency=self.currency, locale=self.locale)


def shop(st: State) -> Shop:
    """The company settings of the opened database (read once per command)."""
    cached = getattr(st, "_shop", None)
    if cached is None:
        from boclerk.db.plain import text

        with st.reader().read(None, system=True, core_only=True) as uow:
            c = uow.s.execute(text("SELECT currency, locale, name FROM company WHERE id = 1")).one()
            cached = Shop(c.currency, c.locale, c.name)
        st._shop = cached  # type: ignore[attr-defined]
    return cached
