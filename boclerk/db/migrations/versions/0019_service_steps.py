"""the workflow steps kept from the audit trail; a calendar day's own length

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

``service_step``: every workflow step the service report times (its ending audit event, the
record, channel, person, start, end and working seconds), kept from the audit trail past the
mark in ``service_mark`` by the report itself, so that a report over a million orders reads an
indexed range instead of joining the audit trail. It starts empty with the mark at 0: the first
report (or ``boclerk service steps``) reads the whole trail once.

``service_month``: a closed month's histogram of each step's working seconds, for the trend.

``calendar_day.minutes``: a working day's own length, for the day before a public holiday (one
hour shorter in Russia) or any day the admin sets; the days before 2025-2027's holidays are
filled in.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_step",
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False,
                  nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("record", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), server_default="", nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended", sa.DateTime(timezone=True), nullable=False),
        sa.Column("secs", sa.BigInteger(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_service_step")),
    )
    op.create_index("ix_service_step_step_ended", "service_step", ["step", "ended"], unique=False)
    op.create_table(
        "service_month",
        sa.Column("month", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("secs", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "step", "secs", name=op.f("pk_service_month")),
    )
    mark = op.create_table(
        "service_mark",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("audit_id", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_mark")),
    )
    op.bulk_insert(mark, [{"name": "steps", "audit_id": 0}])
    with op.batch_alter_table("calendar_day") as batch:
        batch.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
    _shorten_pre_holidays()


def _shorten_pre_holidays() -> None:
    """The working day before a public holiday is one hour shorter (the Labour Code, art. 95)."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT day, working, name FROM calendar_day")).all()
    hours = conn.execute(sa.text("SELECT weekdays, start_minute, end_minute FROM work_calendar WHERE id = 1")).first()
    weekdays, start, end = (hours[0], hours[1], hours[2]) if hours else ("12345", 540, 1080)
    days = {date.fromisoformat(str(d)[:10]): (bool(w), str(n)) for d, w, n in rows}
    for day, (working, name) in sorted(days.items()):
        if working or name.startswith("Day off") or end - start <= 60:
            continue
        before = day - timedelta(days=1)
        own = days.get(before)
        if own is None and before.year != day.year:  # a year the list does not hold
            continue
        if own[0] if own else str(before.isoweekday()) in weekdays:
            if own is None:
                conn.execute(sa.text("INSERT INTO calendar_day (day, working, name, minutes) VALUES (:d, :w, :n, :m)"),
                             {"d": before, "w": True, "n": "Pre-holiday day", "m": end - start - 60})
            else:
                conn.execute(sa.text("UPDATE calendar_day SET minutes = :m WHERE day = :d"),
                             {"d": before, "m": end - start - 60})


def downgrade() -> None:
    op.execute("DELETE FROM calendar_day WHERE name = 'Pre-holiday day'")
    with op.batch_alter_table("calendar_day") as batch:
        batch.drop_column("minutes")
    op.drop_table("service_mark")
    op.drop_table("service_month")
    op.drop_index("ix_service_step_step_ended", table_name="service_step")
    op.drop_table("service_step")
