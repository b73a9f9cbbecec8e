"""Reading the equipment register: the list (paged by key) and one item in full, with its plans,
its history, and for a fixed asset its depreciation so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.office_register import EquipmentEvent, MaintenancePlan
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.office.depreciation import life_month, monthly_charge
from boclerk.services.office.equipment import depreciated, equipment_by_number
from boclerk.services.rows import money_field

CONDITIONS = RECORDS["equipment"].states


@dataclass(frozen=True)
class EquipmentRow:
    id: int
    number: str
    name: str
    category: str
    location: str
    department: str
    holder: str | None
    condition: str
    fixed_asset: bool
    next_due: date | None
    warranty_until: date | None
    cost: int = money_field()


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


_NEXT_DUE = ("(SELECT MIN(m.next_due) FROM maintenance_plan m WHERE m.equipment_id = e.id AND m.active)")
_LIST = f"""SELECT e.id, e.number, e.name, e.category, e.location, d.code, s.code, e.condition, e.fixed_asset,
  {_NEXT_DUE}, e.warranty_until, e.cost
FROM equipment e JOIN department d ON d.id = e.department_id LEFT JOIN staff s ON s.id = e.holder_id"""


def list_equipment(uow: UnitOfWork, *, condition: str | None = None, department: str | None = None,
                   holder: str | None = None, search: str | None = None, due: bool = False,
                   warranty: bool = False, before_id: int | None = None, after_id: int | None = None,
                   limit: int = 100) -> list[EquipmentRow]:
    """The register newest first, paged by id. ``condition``: one of the conditions, or "active"
    (not written off); ``due``: maintenance due within the reminder days or overdue; ``warranty``:
    a warranty ending within 30 days; ``search``: an inventory number, serial, or part of a name."""
    uow.require(Perm.READ)
    where, params = [], {"limit": limit}
    if condition:
        if condition == "active":
            where.append("e.condition <> 'written_off'")
        elif condition in CONDITIONS:
            where.append("e.condition = :condition")
            params["condition"] = condition
        else:
            raise InvalidInput(_("'{condition}' is not a condition; choose one of: {names}, active.").format(condition=condition, names=', '.join(CONDITIONS)))
    if department:
        from boclerk.services.ledger.book import department as find_department

        where.append("e.department_id = :dept")
        params["dept"] = find_department(uow, department).id
    if holder:
        from boclerk.services.office.staff import staff_by_code

        where.append("e.holder_id = :holder")
        params["holder"] = staff_by_code(uow, holder).id
    if due:
        from boclerk.services.office.equipment import office_settings

        where.append("e.condition <> 'written_off' AND EXISTS (SELECT 1 FROM maintenance_plan m "
                     "WHERE m.equipment_id = e.id AND m.active AND m.next_due <= :due)")
        params["due"] = uow.today + timedelta(days=office_settings(uow).reminder_days)
    if warranty:
        where.append("e.condition <> 'written_off' AND e.warranty_until >= :today AND e.warranty_until <= :until")
        params["today"], params["until"] = uow.today, uow.today + timedelta(days=30)
    if search and search.strip():
        from boclerk.services.lookup import _like

        term = search.strip()
        where.append("(e.number = :upper OR e.number LIKE :prefix OR e.serial = :term "
                     "OR LOWER(e.name) LIKE :like ESCAPE '\\' OR LOWER(e.model) LIKE :like ESCAPE '\\')")
        params.update(upper=term.upper(), prefix=term.upper() + "%" if term.upper().startswith("EQ-") else term.upper(),
                      term=term, like=_like(term))
    if after_id is not None:
        where.append("e.id > :after")
        params["after"], order = after_id, "ASC"
    else:
        if before_id:
            where.append("e.id < :before")
            params["before"] = before_id
        order = "DESC"
    sql = _LIST + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY e.id {order} LIMIT :limit"
    rows = [EquipmentRow(i, n, name, cat, loc, d, h, c, bool(fa), as_date(nd) if nd else None,
                         as_date(w) if w else None, int(cost))
            for i, n, name, cat, loc, d, h, c, fa, nd, w, cost in uow.s.execute(text(sql), params)]
    return list(reversed(rows)) if order == "ASC" else rows


def equipment_detail(uow: UnitOfWork, number: str) -> EquipmentDetail:
    uow.require(Perm.READ)
    from sqlalchemy import select

    item = equipment_by_number(uow, number)
    names = uow.s.execute(text(
        "SELECT d.code, s.code, s.name, sup.code, b.number, doc.number FROM equipment e "
        "JOIN department d ON d.id = e.department_id LEFT JOIN staff s ON s.id = e.holder_id "
        "LEFT JOIN supplier sup ON sup.id = e.supplier_id LEFT JOIN supplier_bill b ON b.id = e.bill_id "
        "LEFT JOIN document doc ON doc.id = e.write_off_document_id WHERE e.id = :id"), {"id": item.id}).one()
    plans = [PlanRow(p.id, p.what, p.every_months, p.next_due, p.last_done, p.active) for p in uow.s.scalars(
        select(MaintenancePlan).where(MaintenancePlan.equipment_id == item.id).order_by(MaintenancePlan.id))]
    events = []
    for ev, entry in uow.s.execute(text(
            "SELECT ev.id, j.number FROM equipment_event ev LEFT JOIN journal_entry j ON j.id = ev.entry_id "
            "WHERE ev.equipment_id = :id ORDER BY ev.id"), {"id": item.id}):
        e = uow.s.get(EquipmentEvent, ev)
        events.append(EventRow(e.day, e.kind, e.what, e.done_by, entry, e.created_by, e.cost))
    done = depreciated(uow, item.id) if item.fixed_asset else 0
    monthly = 0
    if item.fixed_asset and item.condition != "written_off":
        monthly = monthly_charge(item.cost, item.useful_life_months, life_month(item, uow.today.year * 100
                                                                                 + uow.today.month))
    return EquipmentDetail(item.number, item.name, item.category, item.model, item.serial, item.location, names[0],
                           names[1], names[2], names[3], names[4], item.acquired_on, item.warranty_until,
                           item.condition, item.fixed_asset, item.useful_life_months, item.written_off_on,
                           item.write_off_reason, names[5], plans, events, item.cost, done,
                           item.cost - done if item.fixed_asset else 0, monthly)
