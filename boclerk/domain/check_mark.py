"""Where ``boclerk db check`` got to: what the last clean check covered.

One row (id 1), written after a check that found nothing: the highest ids of the journal's
entries and postings, of the stock moves, and the audit and journal chains' links (place and
hash) it verified. The next ``db check`` checks what came after; ``db check --full`` checks
everything again. A mark whose links no longer match the chains (a database restored from a
backup, or changed behind boclerk's back) is not trusted: the check is then a full one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import UTCDateTime


class CheckMark(SQLModel, table=True):
    __tablename__ = "check_mark"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    checked_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    full: bool = Field(sa_column=Column(Boolean, nullable=False))
    entry_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    posting_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    move_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    audit_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    audit_hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    journal_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    journal_hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
