"""Staff: the company's people and their departments, whether or not they use boclerk.

Requests name who asked, equipment who holds it, contracts who answers for them; allocation
by headcount counts the active staff of each department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.ledger import Department
from boclerk.domain.office import Staff
from boclerk.domain.permissions import Perm
from boclerk.errors import ConcurrentChange, InvalidInput, NotFound, Refused
from boclerk.i18n import _
from boclerk.services.ledger import book as ledger

ADD, EDIT, LEFT = act("office.add_staff"), act("office.edit_staff"), act("office.staff_left")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
EDITABLE = ("name", "department", "position", "email", "phone", "login")


@dataclass(frozen=True)
class StaffRow:
    id: int
    code: str
    name: str
    department: str
    position: str
    email: str
    phone: str
    login: str | None  # their boclerk account, if they have one
    active: bool
    version: int = 1


def _row(s: Staff, department: str) -> StaffRow:
    return StaffRow(s.id, s.code, s.name, department, s.position, s.email, s.phone, s.user_name, s.active, s.version)


def staff_by_code(uow: UnitOfWork, code: str) -> Staff:
    found = uow.s.scalars(select(Staff).where(Staff.code == (code or "").strip().upper())).first()
    if found is None:
        raise NotFound(_("There is no staff member {value}.").format(value=(code or '').strip().upper()))
    return found


def staff_state(uow: UnitOfWork, code: str) -> tuple[str, str]:
    s = staff_by_code(uow, code)
    return s.code, "active" if s.active else "left"


def holder(uow: UnitOfWork, code: str | None) -> Staff | None:
    """A staff member named as holder, requester or responsible: must still be on the staff."""
    if not code:
        return None
    s = staff_by_code(uow, code)
    if not s.active:
        raise Refused(_("{code} {name} is no longer on the staff.").format(code=s.code, name=s.name))
    return s


def of_user(uow: UnitOfWork, user: str) -> Staff | None:
    """The staff member who uses boclerk as ``user``, if any."""
    return uow.s.scalars(select(Staff).where(Staff.user_name == user, Staff.active.is_(True))
                         .order_by(Staff.id)).first()


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        text = (value or "").strip() if isinstance(value, str) or value is None else value
        if key == "name" and not text:
            raise InvalidInput(_("A staff member needs a name."))
        if key in ("position", "email", "phone") and len(text) > (200 if key == "email" else 100):
            raise InvalidInput(_("The {key} is too long.").format(key=key))
        out[key] = text
    return out


def add_staff(uow: UnitOfWork, code: str, name: str, department: str, *, position: str = "", email: str = "",
              phone: str = "", login: str | None = None) -> StaffRow:
    uow.require(ADD)
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise InvalidInput(_("'{code}' is not a staff code (letters, digits, - and _, up to 16).").format(code=code))
    values = _clean({"name": name, "position": position, "email": email, "phone": phone})
    dept = ledger.department(uow, department)
    if uow.s.scalars(select(Staff.id).where(Staff.code == code)).first() is not None:
        raise Refused(_("The staff code {code} is taken.").format(code=code))
    s = Staff(code=code, department_id=dept.id, user_name=(login or "").strip() or None, created_at=uow.now, **values)
    uow.s.add(s)
    uow.s.flush()
    row = _row(s, dept.code)
    uow.audit("staff.add", "staff", code, after={k: v for k, v in row.__dict__.items() if k not in ("id", "version")})
    return row


def edit_staff(uow: UnitOfWork, code: str, *, expected_version: int | None = None, **changes: Any) -> StaffRow:
    uow.require(EDIT)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown staff field(s): {names}.").format(names=', '.join(sorted(unknown))))
    s = staff_by_code(uow, code)
    EDIT.check(s.code, "active" if s.active else "left")
    if expected_version is not None and expected_version != s.version:
        raise ConcurrentChange(_("{code} was changed by someone else meanwhile; look again and retry.").format(code=s.code))
    before = _row(s, uow.s.get(Department, s.department_id).code)
    if "department" in changes:
        s.department_id = ledger.department(uow, changes.pop("department")).id
    if "login" in changes:
        s.user_name = (changes.pop("login") or "").strip() or None
    for key, value in _clean(changes).items():
        setattr(s, key, value)
    uow.s.flush()
    after = _row(s, uow.s.get(Department, s.department_id).code)
    uow.audit("staff.edit", "staff", s.code, before={k: v for k, v in before.__dict__.items() if k != "version"},
              after={k: v for k, v in after.__dict__.items() if k != "version"})
    return after


def staff_left(uow: UnitOfWork, code: str) -> StaffRow:
    """Mark a person as gone: they stay in the history, but hold, ask and answer for nothing new."""
    uow.require(LEFT)
    s = staff_by_code(uow, code)
    LEFT.check(s.code, "active" if s.active else "left")
    s.active = False
    uow.s.flush()
    uow.audit("staff.left", "staff", s.code, before={"active": True}, after={"active": False})
    return _row(s, uow.s.get(Department, s.department_id).code)


def list_staff(uow: UnitOfWork, *, search: str | None = None, department: str | None = None,
               include_gone: bool = False, after_code: str | None = None, limit: int = 200) -> list[StaffRow]:
    """Staff by code, paged by code."""
    stmt = staff_query(uow, search=search, department=department, include_gone=include_gone)
    if after_code:
        stmt = stmt.where(Staff.code > after_code)
    return [_row(s, d) for s, d in uow.s.execute(stmt.order_by(Staff.code).limit(limit))]


def staff_query(uow: UnitOfWork, *, search: str | None = None, department: str | None = None,
                include_gone: bool = False):
    """The select of the staff a list shows (people and their departments' codes), unordered."""
    uow.require(Perm.READ)
    stmt = select(Staff, Department.code).join(Department, Department.id == Staff.department_id)
    if not include_gone:
        stmt = stmt.where(Staff.active.is_(True))
    if department:
        stmt = stmt.where(Staff.department_id == ledger.department(uow, department).id)
    if search and search.strip():
        from boclerk.services import like

        term = search.strip()
        stmt = stmt.where(or_(Staff.code == term.upper(), like.holds(Staff.name, term),
                              Staff.user_name == term))
    return stmt


def get_staff(uow: UnitOfWork, code: str) -> StaffRow:
    uow.require(Perm.READ)
    s = staff_by_code(uow, code)
    return _row(s, uow.s.get(Department, s.department_id).code)
