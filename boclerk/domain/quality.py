"""How well the back office works: service levels, the working calendar, its holidays.

A service level promises how long a step may take: an order confirmed within 4 working hours,
shipped within 2 working days of its confirmation (or of its payment, when it is paid later).
Levels are settings with defaults here (:data:`MEASURES`); the ``service_level`` table holds
what the admin changed, for every channel (``channel = ''``) or for one. The working calendar
(``work_calendar``, one row) and its days (``calendar_day``: Russian public holidays and the
days moved by the government's production calendar) say which hours count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, Date, Index, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import BigId, UTCDateTime
from boclerk.i18n import N_

HOURS, DAYS, DUE = "hours", "days", "due"


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    unit: str  # HOURS or DAYS of working time; DUE: days of grace after a due date
    default: int
    channels: dict[str, int] = field(default_factory=dict)  # defaults that differ by channel
    per_channel: bool = False  # whether the admin may set it per channel

    def default_for(self, channel: str = "") -> int:
        return self.channels.get(channel, self.default)


#: every service level, in the order of the report
MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("order_confirm", N_("Order confirmed after it came in"), HOURS, 4, {"marketplace": 2}, per_channel=True),
    Measure("order_ship", N_("Order shipped after confirmation or payment"), DAYS, 2, {"marketplace": 1},
            per_channel=True),
    Measure("order_deliver", N_("Order delivered after shipping"), DAYS, 5, per_channel=True),
    Measure("po_receive", N_("Purchase order received after sending"), DAYS, 10),
    Measure("bill_approve", N_("Held supplier bill decided after receipt"), DAYS, 3),
    Measure("bill_pay", N_("Supplier bill paid after entry"), DAYS, 10),
    Measure("bank_reconcile", N_("Bank line reconciled after import"), DAYS, 2),
    Measure("doc_review", N_("Inbox document reviewed after receipt"), DAYS, 2),
    Measure("doc_file", N_("Reviewed document filed"), DAYS, 5),
    Measure("request_answer", N_("Supply request answered"), DAYS, 2),
    Measure("maintenance", N_("Maintenance done by its due date"), DUE, 0),
)}


class ServiceLevel(SQLModel, table=True):
    """A service level the admin set (the defaults of :data:`MEASURES` need no row)."""

    __tablename__ = "service_level"
    __table_args__ = (CheckConstraint("amount >= 0 AND amount <= 1000", name="amount_range"),)

    measure: str = Field(sa_column=Column(String(24), primary_key=True))
    channel: str = Field(default="", sa_column=Column(String(16), primary_key=True, server_default=""))
    amount: int = Field(sa_column=Column(Integer, nullable=False))


class WorkCalendar(SQLModel, table=True):
    """The working week and hours (one row, made by migration 0013)."""

    __tablename__ = "work_calendar"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440", name="hours"),
        CheckConstraint("utc_offset >= -720 AND utc_offset <= 840", name="offset_range"),
    )

    id: int = Field(default=1, primary_key=True)
    weekdays: str = Field(default="12345", sa_column=Column(String(7), nullable=False, server_default="12345"))
    start_minute: int = Field(default=540, sa_column=Column(Integer, nullable=False, server_default="540"))
    end_minute: int = Field(default=1080, sa_column=Column(Integer, nullable=False, server_default="1080"))
    utc_offset: int = Field(default=180, sa_column=Column(Integer, nullable=False, server_default="180"))
    #: a named zone whose clocks change (Europe/Berlin); '' keeps the fixed offset (migration 0020)
    zone: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))


class CalendarDay(SQLModel, table=True):
    """A day that differs from the working week: a holiday or day off, or a working weekend day."""

    __tablename__ = "calendar_day"

    day: date = Field(sa_column=Column(Date, primary_key=True))
    working: bool = Field(sa_column=Column(Boolean, nullable=False))
    name: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    #: a working day's own length in minutes (a pre-holiday day one hour shorter); None: the usual hours
    minutes: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))


class ServiceStep(SQLModel, table=True):
    """One workflow step done, as the audit trail tells it, with its working time: kept from the
    audit events past :class:`ServiceMark` by the service report (never by the acts themselves)."""

    __tablename__ = "service_step"
    __table_args__ = (Index("ix_service_step_step_ended", "step", "ended"),)

    event_id: int = Field(sa_column=Column(BigId, primary_key=True, autoincrement=False))  # the ending audit event
    step: str = Field(sa_column=Column(String(24), nullable=False))
    record: str = Field(sa_column=Column(String(64), nullable=False))
    channel: str = Field(default="", sa_column=Column(String(16), nullable=False, server_default=""))
    person: str = Field(sa_column=Column(String(64), nullable=False))
    started: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    ended: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    secs: int = Field(sa_column=Column(BigInteger, nullable=False))  # working seconds
    month: int = Field(sa_column=Column(Integer, nullable=False))  # yyyymm of ``ended`` in the shop's time


class ServiceMonth(SQLModel, table=True):
    """A closed month's histogram of one step's working seconds (how many steps took ``secs``):
    the service report's trend reads its medians from here. Made from ``service_step`` when a
    face asks for the month; forgotten when steps of the month are kept later or the calendar changes."""

    __tablename__ = "service_month"

    month: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))  # yyyymm
    step: str = Field(sa_column=Column(String(24), primary_key=True))
    secs: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    n: int = Field(sa_column=Column(Integer, nullable=False))


class ServiceMark(SQLModel, table=True):
    """How far the steps were kept: the highest audit event id read (one row, ``steps``)."""

    __tablename__ = "service_mark"

    name: str = Field(sa_column=Column(String(16), primary_key=True))
    audit_id: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
