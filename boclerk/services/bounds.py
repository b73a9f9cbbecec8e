"""The sanity ranges of boclerk/domain/bounds.py, with the shop's own date window."""

from __future__ import annotations

from datetime import date

from boclerk.db.uow import UnitOfWork
from boclerk.domain.bounds import DateWindow, check_date


def date_window(uow: UnitOfWork) -> DateWindow:
    """The window of the config file (read once per unit of work)."""
    window = uow.cache.get("date_window")
    if window is None:
        from boclerk.settings import load_config

        window = uow.cache["date_window"] = DateWindow(**load_config().date_window)
    return window


def business_date(uow: UnitOfWork, day: date, what: str) -> date:
    """``day`` if it lies in the window around today; one sentence otherwise."""
    return check_date(day, uow.today, date_window(uow), what)
