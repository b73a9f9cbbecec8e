"""Users and roles (admin only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.permissions import Perm
from boclerk.domain.users import Role, User
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import _

_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,63}$", re.IGNORECASE)


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    full_name: str
    active: bool
    created_at: datetime


def _row(user: User) -> UserRow:
    return UserRow(user.name, user.role, user.full_name, user.active, user.created_at)


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        from boclerk.domain.code_words import choices
        from boclerk.domain.roles import role_word

        raise InvalidInput(_("'{text}' is not a role; choose {codes}.").format(
            text=text, codes=choices((r.value for r in Role), role_word))) from None


def _get(uow: UnitOfWork, name: str) -> User:
    user = uow.s.scalars(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(_("There is no boclerk user '{name}'.").format(name=name))
    return user


def _active_admins(uow: UnitOfWork) -> int:
    return len(uow.s.scalars(select(User.id).where(User.role == Role.ADMIN, User.active.is_(True))).all())


def add_user(uow: UnitOfWork, name: str, role: str, full_name: str = "") -> UserRow:
    uow.require(Perm.USER_MANAGE)
    name = name.strip()
    if not _NAME.match(name):
        raise InvalidInput(_("'{name}' is not a valid OS user name.").format(name=name))
    role_v = parse_role(role)
    if uow.s.scalars(select(User).where(User.name == name)).first() is not None:
        raise Refused(_("The user '{name}' already exists.").format(name=name))
    user = User(name=name, role=role_v.value, full_name=full_name.strip(), created_at=uow.now)
    uow.s.add(user)
    uow.s.flush()
    uow.audit("user.add", "user", name, after={"role": user.role, "full_name": user.full_name})
    return _row(user)


def create_first_admin(uow: UnitOfWork, name: str) -> UserRow:
    """Used once, by ``db init``, to make the invoking OS user the first admin."""
    user = User(name=name, role=Role.ADMIN.value, created_at=uow.now)
    uow.s.add(user)
    uow.s.flush()
    uow.audit("user.add", "user", name, after={"role": user.role, "first_admin": True})
    return _row(user)


def list_users(uow: UnitOfWork) -> list[UserRow]:
    uow.require(Perm.USER_MANAGE)
    return [_row(u) for u in uow.s.scalars(select(User).order_by(User.name))]


def set_role(uow: UnitOfWork, name: str, role: str) -> UserRow:
    uow.require(Perm.USER_MANAGE)
    role_v = parse_role(role)
    user = _get(uow, name)
    if user.role == role_v.value:
        raise Refused(_("{name} is already {role}.").format(name=name, role=role_v.value))
    if user.role == Role.ADMIN and user.active and _active_admins(uow) <= 1:
        raise Refused(_("{name} is the last active admin; make another admin first.").format(name=name))
    before = user.role
    user.role = role_v.value
    uow.s.flush()
    uow.audit("user.set_role", "user", name, before={"role": before}, after={"role": user.role})
    return _row(user)


def set_active(uow: UnitOfWork, name: str, active: bool) -> UserRow:
    uow.require(Perm.USER_MANAGE)
    user = _get(uow, name)
    if user.active == active:
        raise Refused((_("{name} is already enabled.") if active else _("{name} is already disabled.")).format(
            name=name))
    if not active and user.role == Role.ADMIN and _active_admins(uow) <= 1:
        raise Refused(_("{name} is the last active admin; make another admin first.").format(name=name))
    user.active = active
    uow.s.flush()
    uow.audit("user.enable" if active else "user.disable", "user", name,
              before={"active": not active}, after={"active": active})
    return _row(user)
