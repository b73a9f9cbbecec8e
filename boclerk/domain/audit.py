"""The audit trail: one row per write, written in the same transaction, and chained.

Every event carries its place in the chain (``seq``), the hash of the event before it and
its own (:mod:`boclerk.domain.chain`); ``chain_head`` keeps the newest link of each chain.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from boclerk.domain.base import BigId, UTCDateTime


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity", "entity_id", "id"),
        Index("ix_audit_event_actor", "actor", "id"),
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_action_at", "action", "at"),  # the service report: one kind of step in a period
        Index("ix_audit_event_seq", "seq", unique=True),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    actor: str = Field(sa_column=Column(String(64), nullable=False))
    action: str = Field(sa_column=Column(String(64), nullable=False))
    entity: str = Field(sa_column=Column(String(32), nullable=False))
    entity_id: str = Field(sa_column=Column(String(64), nullable=False))
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    prev_hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))


class ChainHead(SQLModel, table=True):
    """The newest link of a hash chain ('audit', 'journal'): where the next record continues."""

    __tablename__ = "chain_head"

    name: str = Field(sa_column=Column(String(16), primary_key=True))
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))
