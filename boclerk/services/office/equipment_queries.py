"""Reading the equipment register: the list (paged by key) and one item in full, with its plans,
its history, and for a fixed asset its depreciation so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text

from boclerk.db.dialect import as_date
from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import RECORDS
from boclerk.domain.code_words import choices
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.services.counting import CAP, Count
from boclerk.services.office.counting import capped_count
from boclerk.services.office.equipment_view import EquipmentDetail, EventRow, PlanRow, equipment_detail  # noqa: F401
from boclerk.services.rows import money_field

CONDITIONS = RECORDS["equipment"].states


def _condition(code: str) -> str:
    """A condition an equipment list may be asked for, in words ("active": not written off)."""
    return _("not written off") if code == "active" else RECORDS["equipment"].state_words(code)


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


_NEXT_DUE = ("(SELECT MIN(m.next_due) FROM maintenance_plan m WHERE m.equipment_id = e.id AND m.active)")
_LIST = f"""SELECT e.id, e.number, e.name, e.category, e.location, d.code, s.code, e.condition, e.fixed_asset,
  {_NEXT_DUE}, e.warranty_until, e.cost
FROM equipment e JOIN department d ON d.id = e.department_id LEFT JOIN staff s ON s.id = e.holder_id"""
#: the list's tables and joins, without its columns: what its count reads
_SOURCE = _LIST[_LIST.index("\nFROM ") + 1:]


def list_equipment(uow: UnitOfWork, *, condition: str | None = None, department: str | None = None,
                   holder: str | None = None, search: str | None = None, due: bool = False,
                   warranty: bool = False, before_id: int | None = None, after_id: int | None = None,
                   limit: int = 100) -> list[EquipmentRow]:
    """The register newest first, paged by id. ``condition``: one of the conditions, or "active"
    (not written off); ``due``: maintenance due within the reminder days or overdue; ``warranty``:
    a warranty ending within 30 days; ``search``: an inventory number, serial, or part of a name."""
    where, params = _filters(uow, condition=condition, department=department, holder=holder, search=search,
                             due=due, warranty=warranty)
    params["limit"] = limit
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


def count_equipment(uow: UnitOfWork, *, condition: str | None = None, department: str | None = None,
                    holder: str | None = None, search: str | None = None, due: bool = False,
                    warranty: bool = False, cap: int = CAP) -> Count:
    """How many items list_equipment pages through under the same filters, up to ``cap``."""
    where, params = _filters(uow, condition=condition, department=department, holder=holder, search=search,
                             due=due, warranty=warranty)
    return capped_count(uow, _SOURCE, where, params, cap)


def _filters(uow: UnitOfWork, *, condition: str | None, department: str | None, holder: str | None,
             search: str | None, due: bool, warranty: bool) -> tuple[list[str], dict]:
    """The conditions (and their parameters) of the items a list of the register shows."""
    uow.require(Perm.READ)
    where: list[str] = []
    params: dict = {}
    if condition:
        if condition == "active":
            where.append("e.condition <> 'written_off'")
        elif condition in CONDITIONS:
            where.append("e.condition = :condition")
            params["condition"] = condition
        else:
            raise InvalidInput(_("'{condition}' is not a condition; choose {codes}.").format(
                condition=condition, codes=choices([*CONDITIONS, "active"], _condition)))
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
        from boclerk.services import like

        term = search.strip()
        where.append("(e.number = :upper OR e.number LIKE :prefix ESCAPE '\\' OR e.serial = :term "
                     f"OR {like.folded_sql('e.name')} LIKE :like ESCAPE '\\' OR {like.folded_sql('e.model')} LIKE :like ESCAPE '\\')")
        params.update(upper=term.upper(), prefix=like.prefix(term.upper()) if term.upper().startswith("EQ-")
                      else like.escaped(term.upper()), term=term, like=like.contains(term))
    return where, params
