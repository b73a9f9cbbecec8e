"""Maintenance: plans that produce due dates (a printer serviced every 6 months, fire
extinguishers checked every year, the air conditioners before summer), and services and
repairs logged with their date, what was done, by whom and at what cost. A cost is posted at
once as an expense of the item's department, paid from the bank or the till."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.code_words import PAY_WORDS, choices
from boclerk.domain.ledger import AccountRole
from boclerk.domain.office_register import EventKind, MaintenancePlan
from boclerk.errors import InvalidInput, NotFound
from boclerk.i18n import NN_, _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.office.equipment import dept_code, equipment_by_number, event
from boclerk.services.office.periods import add_months
from boclerk.services.rows import money_field

PLAN, SERVICE = act("office.plan"), act("office.service")
PAID_FROM = {"bank": AccountRole.BANK.value, "cash": AccountRole.CASH.value}


@dataclass(frozen=True)
class PlanResult:
    id: int
    equipment: str
    what: str
    every_months: int
    next_due: date


@dataclass(frozen=True)
class ServiceResult:
    equipment: str
    day: date
    what: str
    entry: str | None
    next_due: date | None
    cost: int = money_field(default=0)


def add_plan(uow: UnitOfWork, number: str, what: str, every_months: int, *, first_due: date | None = None) -> PlanResult:
    """Plan recurring maintenance; the first time is due on ``first_due`` (default: one period from today)."""
    uow.require(PLAN)
    item = equipment_by_number(uow, number, lock=True)
    PLAN.check(item.number, item.condition)
    what = (what or "").strip()
    if not what:
        raise InvalidInput(_("Say what the maintenance is (\"Service\", \"Pressure check\")."))
    if len(what) > 200:
        raise InvalidInput(_("Say what the maintenance is in 200 characters at most."))
    if not isinstance(every_months, int) or not 1 <= every_months <= 120:
        raise InvalidInput(_("A plan repeats every 1 to 120 months."))
    due = first_due or add_months(uow.today, every_months)
    plan = MaintenancePlan(equipment_id=item.id, what=what, every_months=every_months, next_due=due)
    uow.s.add(plan)
    uow.s.flush()
    event(uow, item, EventKind.PLANNED, uow.today, shown.said_n(  # the books' words, the shop's day
        uow, NN_("{what} every {n} month, first due {day}", "{what} every {n} months, first due {day}"),
        every_months, what=what, day=shown.day(uow, due)), plan_id=plan.id)
    uow.audit("equipment.plan", "equipment", item.number, after={"plan": plan.id, "what": what,
                                                                "every_months": every_months, "next_due": due})
    return PlanResult(plan.id, item.number, what, every_months, due)


def _plan(uow: UnitOfWork, item_id: int, number: str, plan: int | str | None) -> MaintenancePlan | None:
    if plan in (None, ""):
        return None
    plans = list(uow.s.scalars(select(MaintenancePlan).where(MaintenancePlan.equipment_id == item_id,
                                                            MaintenancePlan.active.is_(True))
                               .order_by(MaintenancePlan.id)))
    key = str(plan).strip()
    for p in plans:
        if str(p.id) == key or p.what.lower() == key.lower():
            return p
    raise NotFound(_("{number} has no maintenance plan {key}").format(number=number, key=key) + (
        _("; its plans: {names}.").format(names=', '.join((f'{p.id} {p.what}' for p in plans))) if plans else "."))


def _servicing(uow: UnitOfWork, number: str, what: str, cost: int, day: date | None, plan: int | str | None,
               paid_from: str, *, lock: bool):
    """Every check of logging a service on ``number``, nothing written: the item, what was done,
    the day and the plan it fulfils (or None)."""
    uow.require(SERVICE)
    item = equipment_by_number(uow, number, lock=lock)
    SERVICE.check(item.number, item.condition)
    what = (what or "").strip()
    if not what:
        raise InvalidInput(_("Say what was done (\"Descaled and cleaned\", \"New drum\")."))
    if not isinstance(cost, int) or cost < 0:
        raise InvalidInput(_("The cost of a service is an amount of zero or more."))
    if paid_from not in PAID_FROM:
        raise InvalidInput(_("'{paid_from}' is not a way to pay; choose {codes}.").format(
            paid_from=paid_from, codes=choices(PAID_FROM, PAY_WORDS)))
    day = day or uow.today
    if day > uow.today:
        raise InvalidInput(_("A service cannot be dated {day}, after today.").format(day=shown.day(uow, day)))
    if day < item.acquired_on:
        raise InvalidInput(_("{number} was acquired on {acquired_on}, after {day}.").format(number=item.number, acquired_on=shown.day(uow, item.acquired_on), day=shown.day(uow, day)))
    if cost:
        ledger.check_open_period(uow, day)
    return item, what, day, _plan(uow, item.id, item.number, plan)


def check_service(uow: UnitOfWork, number: str, what: str, *, cost: int = 0, day: date | None = None,
                  plan: int | str | None = None, paid_from: str = "bank") -> None:
    """A service as typed, checked as :func:`log_service` checks it before anyone is asked to go
    ahead; writes nothing. A plan that the item does not have is bad input here."""
    uow.require(SERVICE)
    equipment_by_number(uow, number)  # not there: not found, the record the act is about
    try:
        _servicing(uow, number, what, cost, day, plan, paid_from, lock=False)
    except NotFound as exc:  # the plan named
        raise InvalidInput(exc.message) from None


def log_service(uow: UnitOfWork, number: str, what: str, *, cost: int = 0, done_by: str = "",
                day: date | None = None, plan: int | str | None = None, paid_from: str = "bank") -> ServiceResult:
    """A service or repair done: its cost (net) is posted as an expense of the item's department;
    done under a plan, the plan's next due date moves on from the day it was done."""
    item, what, day, chosen = _servicing(uow, number, what, cost, day, plan, paid_from, lock=True)
    posted = None
    if cost:
        posted = ledger.post(uow, entry_date=day, memo=f"{item.number} {item.name}: {what}"[:500],
                             lines=posting_rules.equipment_service(cost, department=dept_code(uow, item.department_id),
                                                                   paid_from=PAID_FROM[paid_from]),
                             source_kind="equipment", source_ref=item.number)
    if chosen is not None:
        chosen.last_done = day
        chosen.next_due = add_months(day, chosen.every_months)
        uow.s.flush()
    event(uow, item, EventKind.SERVICE, day, what, done_by=(done_by or "").strip()[:200], cost=cost,
          plan_id=chosen.id if chosen else None, entry_id=posted.id if posted else None)
    uow.audit("equipment.service", "equipment", item.number, after={
        "day": day, "what": what, "by": done_by or None, "cost": decimal_str(cost, uow.currency),
        "plan": chosen.id if chosen else None, "next_due": chosen.next_due if chosen else None,
        "entry": posted.number if posted else None})
    return ServiceResult(item.number, day, what, posted.number if posted else None,
                         chosen.next_due if chosen else None, cost)
