"""What the office must not forget, for the home screen: maintenance due or overdue, warranties
ending within 30 days, and contracts ending or whose notice date comes within the reminder days.

Plain SQL (``core_only``): the home screen is the first thing the app shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import plain_sql, text
from boclerk.domain.office_terms import DEFAULT_REMINDER_DAYS, notice_date, term_end
from boclerk.domain.permissions import Perm
from boclerk.i18n import _
from boclerk.services import shown

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

WARRANTY_DAYS = 30


@dataclass(frozen=True)
class Note:
    kind: str  # overdue, due, warranty, notice, renews, ends
    day: date
    number: str
    text: str


@dataclass(frozen=True)
class OfficeDashboard:
    maintenance_overdue: int
    maintenance_due: int  # due within the reminder days, not yet overdue
    warranties: int
    contracts: int
    notes: list[Note] = field(default_factory=list)  # soonest first, the overdue before all


def _day(value) -> date:
    return as_date(value)


@plain_sql
def office_dashboard(uow: UnitOfWork) -> OfficeDashboard:
    uow.require(Perm.READ)
    today = uow.today
    days = uow.s.execute(text("SELECT reminder_days FROM office_settings WHERE id = 1")).scalar()
    days = DEFAULT_REMINDER_DAYS if days is None else int(days)
    horizon = today + timedelta(days=days)
    notes: list[Note] = []
    overdue = due = 0
    for number, name, what, next_due in uow.s.execute(text(
            "SELECT e.number, e.name, m.what, m.next_due FROM maintenance_plan m "
            "JOIN equipment e ON e.id = m.equipment_id WHERE m.active AND e.condition <> 'written_off' "
            "AND m.next_due <= :horizon ORDER BY m.next_due, e.number"), {"horizon": horizon}):
        day = _day(next_due)
        if day < today:
            overdue += 1
            notes.append(Note("overdue", day, number, _("{what} overdue since {day}: {name} ({number})").format(what=what, day=shown.day(uow, day), name=name, number=number)))
        else:
            due += 1
            notes.append(Note("due", day, number, _("{what} due {day}: {name} ({number})").format(what=what, day=shown.day(uow, day), name=name, number=number)))
    warranties = 0
    for number, name, until in uow.s.execute(text(
            "SELECT number, name, warranty_until FROM equipment WHERE condition <> 'written_off' "
            "AND warranty_until >= :today AND warranty_until <= :until ORDER BY warranty_until, number"),
            {"today": today, "until": today + timedelta(days=WARRANTY_DAYS)}):
        warranties += 1
        day = _day(until)
        notes.append(Note("warranty", day, number, _("Warranty ends {day}: {name} ({number})").format(day=shown.day(uow, day), name=name, number=number)))
    contracts = 0
    for row in uow.s.execute(text(
            "SELECT c.number, c.subject, c.status, c.valid_to, c.auto_renew, c.renewal_months, c.notice_days, "
            "COALESCE(s.name, cu.name, c.party_name) FROM contract c LEFT JOIN supplier s ON s.id = c.supplier_id "
            "LEFT JOIN customer cu ON cu.id = c.customer_id WHERE c.status = 'signed' AND c.valid_to IS NOT NULL "
            "AND (c.auto_renew OR c.valid_to >= :today) ORDER BY c.id"), {"today": today}):
        number, subject, status, valid_to, auto, months, notice_days, party = row
        c = SimpleNamespace(status=status, valid_to=_day(valid_to), auto_renew=bool(auto), renewal_months=months,
                            notice_days=notice_days)
        end, notice = term_end(c, today), notice_date(c, today)
        if notice is not None and today <= notice <= horizon:
            contracts += 1
            notes.append(Note("notice", notice, number, _("Notice by {notice} or it renews on {end}: {subject}, {party} ({number})").format(notice=shown.day(uow, notice), end=shown.day(uow, end), subject=subject, party=party, number=number)))
        elif end is not None and today <= end <= horizon:
            contracts += 1
            kind = "renews" if c.auto_renew else "ends"
            notes.append(Note(kind, end, number, (_("Renews {end}: {subject}, {party} ({number})") if c.auto_renew else
                                                  _("Ends {end}: {subject}, {party} ({number})")).format(
                                                     end=shown.day(uow, end), subject=subject, party=party, number=number)))
    notes.sort(key=lambda n: (n.kind != "overdue", n.day, n.number))
    return OfficeDashboard(overdue, due, warranties, contracts, notes)
