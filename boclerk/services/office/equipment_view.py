"""One item of the equipment register in full, read with plain SQL: where it is, who holds it, its
plans, its history and, for a fixed asset, its depreciation so far. ``boclerk show equipment``
answers with it before SQLAlchemy is loaded (see boclerk/db/plain.py); the app and ``boclerk
office equipment show`` read the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.office_terms import monthly_charge
from boclerk.domain.permissions import Perm
from boclerk.errors import NotFound
from boclerk.i18n import _
from boclerk.services.office.periods import months_between, period_of
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class PlanRow:
    id: int
    what: str
    every_months: int
    next_due: date
    last_done: date | None
    active: bool


@dataclass(frozen=True)
class EventRow:
    day: date
    kind: str
    what: str
    done_by: str
    entry: str | None
    by: str
    cost: int = money_field()


@dataclass(frozen=True)
class EquipmentDetail:
    number: str
    name: str
    category: str
    model: str
    serial: str
    location: str
    department: str
    holder: str | None
    holder_name: str | None
    supplier: str | None
    bill: str | None
    acquired_on: date
    warranty_until: date | None
    condition: str
    fixed_asset: bool
    useful_life_months: int | None
    written_off_on: date | None
    write_off_reason: str
    write_off_document: str | None
    plans: list[PlanRow]
    events: list[EventRow]
    cost: int = money_field()
    depreciated: int = money_field(default=0)
    book_value: int = money_field(default=0)
    monthly: int = money_field(default=0)  # this month's charge of a fixed asset


def _day(value) -> date | None:
    return None if value is None else as_date(value)


@core_only
def equipment_detail(uow: UnitOfWork, number: str) -> EquipmentDetail:
    uow.require(Perm.READ)
    wanted = (number or "").strip().upper()
    q = lambda sql, **p: uow.s.execute(text(sql), p)  # noqa: E731
    e = q("SELECT e.id, e.number, e.name, e.category, e.model, e.serial, e.location, e.cost, e.acquired_on, "
          "e.warranty_until, e.condition, e.fixed_asset, e.useful_life_months, e.written_off_on, e.write_off_reason, "
          "d.code AS department, s.code AS holder, s.name AS holder_name, sup.code AS supplier, b.number AS bill, "
          "doc.number AS document FROM equipment e "
          "JOIN department d ON d.id = e.department_id LEFT JOIN staff s ON s.id = e.holder_id "
          "LEFT JOIN supplier sup ON sup.id = e.supplier_id LEFT JOIN supplier_bill b ON b.id = e.bill_id "
          "LEFT JOIN document doc ON doc.id = e.write_off_document_id WHERE e.number = :n", n=wanted).first()
    if e is None:
        raise NotFound(_("There is no item {value} in the equipment register.").format(value=wanted))
    plans = [PlanRow(p.id, p.what, p.every_months, as_date(p.next_due), _day(p.last_done), bool(p.active))
             for p in q("SELECT id, what, every_months, next_due, last_done, active FROM maintenance_plan "
                        "WHERE equipment_id = :id ORDER BY id", id=e.id)]
    events = [EventRow(as_date(v.day), v.kind, v.what, v.done_by, v.number, v.created_by, int(v.cost))
              for v in q("SELECT ev.day, ev.kind, ev.what, ev.done_by, ev.cost, ev.created_by, j.number "
                         "FROM equipment_event ev LEFT JOIN journal_entry j ON j.id = ev.entry_id "
                         "WHERE ev.equipment_id = :id ORDER BY ev.id", id=e.id)]
    fixed, cost, acquired = bool(e.fixed_asset), int(e.cost), as_date(e.acquired_on)
    done = int(q("SELECT COALESCE(SUM(amount), 0) FROM depreciation_charge WHERE equipment_id = :id",
                 id=e.id).scalar() or 0) if fixed else 0
    monthly = 0
    if fixed and e.condition != "written_off":
        today = uow.today
        monthly = monthly_charge(cost, e.useful_life_months,
                                 months_between(period_of(acquired), today.year * 100 + today.month))
    return EquipmentDetail(e.number, e.name, e.category, e.model, e.serial, e.location, e.department, e.holder,
                           e.holder_name, e.supplier, e.bill, acquired, _day(e.warranty_until), e.condition, fixed,
                           e.useful_life_months, _day(e.written_off_on), e.write_off_reason, e.document, plans, events,
                           cost, done, cost - done if fixed else 0, monthly)
