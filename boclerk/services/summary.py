"""A few headline figures of the shop."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.permissions import Perm
from boclerk.domain.users import User


@dataclass(frozen=True)
class Summary:
    company: str
    currency: str
    figures: list[tuple[str, str]]


def shop_summary(uow: UnitOfWork) -> Summary:
    uow.require(Perm.READ)
    users = uow.s.scalar(select(func.count()).select_from(User)) or 0
    return Summary(uow.company.name, uow.currency, [("users", str(users))])
