"""Users of boclerk: OS accounts with a role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import UTCDateTime, utcnow, version_column
from boclerk.domain.roles import Role

__all__ = ["Role", "User"]


_user_version = version_column()


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'accountant', 'clerk', 'warehouse', 'viewer')", name="role"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    role: str = Field(sa_column=Column(String(16), nullable=False))
    full_name: str = Field(default="", max_length=200)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, sa_column=_user_version)

    __mapper_args__ = {"version_id_col": _user_version}
