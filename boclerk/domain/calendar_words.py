"""What the working calendar's days are called where a person reads them. The calendar keeps the
names the ``holidays`` package gives (in English, moved days with a US-style date: "Day off
(substituted from 01/04/2025)") and what an admin typed; a reader sees the known ones in the
interface language, a moved day's date in the locale's form. JSON keeps the stored names."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from boclerk.i18n import N_, _

NAMES = {
    "New Year Holidays": N_("New Year Holidays"),
    "Christmas Day": N_("Christmas Day"),
    "Defender of the Fatherland Day": N_("Defender of the Fatherland Day"),
    "International Women's Day": N_("International Women's Day"),
    "Holiday of Spring and Labor": N_("Holiday of Spring and Labor"),
    "Victory Day": N_("Victory Day"),
    "Russia Day": N_("Russia Day"),
    "Unity Day": N_("Unity Day"),
    "Pre-holiday day": N_("Pre-holiday day"),
    "Working day (moved from a weekday)": N_("Working day (moved from a weekday)"),
}
_MOVED = re.compile(r"Day off \(substituted from ([0-9]{2})/([0-9]{2})/([0-9]{4})\)")
_OBSERVED = " (observed)"


def day_name(name: str, day_text: Callable[[date], str]) -> str:
    """A calendar day's stored name as the reader's language says it (``day_text`` writes a date
    in the locale's form); a name boclerk does not know is shown as it was typed."""
    if name in NAMES:
        return _(NAMES[name])
    if name.endswith(_OBSERVED) and name[:-len(_OBSERVED)] in NAMES:
        return _("{name} (moved)").format(name=_(NAMES[name[:-len(_OBSERVED)]]))
    moved = _MOVED.fullmatch(name)
    if moved:
        month, day, year = (int(part) for part in moved.groups())
        try:
            return _("Day off (moved from {day})").format(day=day_text(date(year, month, day)))
        except ValueError:
            return name
    return name
