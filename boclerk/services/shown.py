"""Days in what a service says (a refusal, a check's finding, a reminder), written as the shop's
locale writes them: ``07.12.2026`` in Russian, ``12/7/2026`` in English, as the app's lists and
the command line's tables show them (boclerk/dates.py). A clerk may type a day back in that form."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from boclerk.dates import format_day

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


def shop_locale(uow: UnitOfWork) -> str:
    """The shop's locale, read once a unit (plain SQL: the quick readers have no ORM)."""
    found = uow.cache.get("shop locale")
    if found is None:
        from boclerk.db.plain import text

        found = uow.cache["shop locale"] = uow.s.execute(
            text("SELECT locale FROM company WHERE id = 1")).scalar() or "ru"
    return found


def day(uow: UnitOfWork, value: date | None) -> str:
    """``value`` as the shop's locale writes it; nothing for None."""
    return format_day(value, shop_locale(uow)) if value else ""
