"""service levels, the working calendar and its holidays

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05

The service levels the admin changed (the defaults live in the code), the working week and
hours, and the days that differ from it: the Russian public holidays and the days moved by the
government's production calendar for 2025, 2026 and 2027 (as the ``holidays`` package 0.109
lists them), which the admin can edit.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

DAYS = [
    ("2025-01-01", False, "New Year Holidays"),
    ("2025-01-02", False, "New Year Holidays"),
    ("2025-01-03", False, "New Year Holidays"),
    ("2025-01-04", False, "New Year Holidays"),
    ("2025-01-05", False, "New Year Holidays"),
    ("2025-01-06", False, "New Year Holidays"),
    ("2025-01-07", False, "Christmas Day"),
    ("2025-01-08", False, "New Year Holidays"),
    ("2025-02-23", False, "Defender of the Fatherland Day"),
    ("2025-03-08", False, "International Women's Day"),
    ("2025-05-01", False, "Holiday of Spring and Labor"),
    ("2025-05-02", False, "Day off (substituted from 01/04/2025)"),
    ("2025-05-08", False, "Day off (substituted from 02/23/2025)"),
    ("2025-05-09", False, "Victory Day"),
    ("2025-06-12", False, "Russia Day"),
    ("2025-06-13", False, "Day off (substituted from 03/08/2025)"),
    ("2025-11-01", True, "Working day (moved from a weekday)"),
    ("2025-11-03", False, "Day off (substituted from 11/01/2025)"),
    ("2025-11-04", False, "Unity Day"),
    ("2025-12-31", False, "Day off (substituted from 01/05/2025)"),
    ("2026-01-01", False, "New Year Holidays"),
    ("2026-01-02", False, "New Year Holidays"),
    ("2026-01-03", False, "New Year Holidays"),
    ("2026-01-04", False, "New Year Holidays"),
    ("2026-01-05", False, "New Year Holidays"),
    ("2026-01-06", False, "New Year Holidays"),
    ("2026-01-07", False, "Christmas Day"),
    ("2026-01-08", False, "New Year Holidays"),
    ("2026-01-09", False, "Day off (substituted from 01/03/2026)"),
    ("2026-02-23", False, "Defender of the Fatherland Day"),
    ("2026-03-08", False, "International Women's Day"),
    ("2026-03-09", False, "International Women's Day (observed)"),
    ("2026-05-01", False, "Holiday of Spring and Labor"),
    ("2026-05-09", False, "Victory Day"),
    ("2026-05-11", False, "Victory Day (observed)"),
    ("2026-06-12", False, "Russia Day"),
    ("2026-11-04", False, "Unity Day"),
    ("2026-12-31", False, "Day off (substituted from 01/04/2026)"),
    ("2027-01-01", False, "New Year Holidays"),
    ("2027-01-02", False, "New Year Holidays"),
    ("2027-01-03", False, "New Year Holidays"),
    ("2027-01-04", False, "New Year Holidays"),
    ("2027-01-05", False, "New Year Holidays"),
    ("2027-01-06", False, "New Year Holidays"),
    ("2027-01-07", False, "Christmas Day"),
    ("2027-01-08", False, "New Year Holidays"),
    ("2027-02-20", True, "Working day (moved from a weekday)"),
    ("2027-02-22", False, "Day off (substituted from 02/20/2027)"),
    ("2027-02-23", False, "Defender of the Fatherland Day"),
    ("2027-03-08", False, "International Women's Day"),
    ("2027-05-01", False, "Holiday of Spring and Labor"),
    ("2027-05-03", False, "Holiday of Spring and Labor (observed)"),
    ("2027-05-09", False, "Victory Day"),
    ("2027-05-10", False, "Victory Day (observed)"),
    ("2027-06-12", False, "Russia Day"),
    ("2027-06-14", False, "Russia Day (observed)"),
    ("2027-11-04", False, "Unity Day"),
    ("2027-11-05", False, "Day off (substituted from 01/02/2027)"),
    ("2027-12-31", False, "Day off (substituted from 01/03/2027)"),
]


def upgrade() -> None:
    # the service report finds one kind of step done in a period
    op.create_index("ix_audit_event_action_at", "audit_event", ["action", "at"], unique=False)
    op.create_table(
        "service_level",
        sa.Column("measure", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=16), server_default="", nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount >= 0 AND amount <= 1000", name=op.f("ck_service_level_amount_range")),
        sa.PrimaryKeyConstraint("measure", "channel", name=op.f("pk_service_level")),
    )
    calendar = op.create_table(
        "work_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=7), server_default="12345", nullable=False),
        sa.Column("start_minute", sa.Integer(), server_default="540", nullable=False),
        sa.Column("end_minute", sa.Integer(), server_default="1080", nullable=False),
        sa.Column("utc_offset", sa.Integer(), server_default="180", nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_work_calendar_single_row")),
        sa.CheckConstraint("start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440",
                           name=op.f("ck_work_calendar_hours")),
        sa.CheckConstraint("utc_offset >= -720 AND utc_offset <= 840", name=op.f("ck_work_calendar_offset_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_calendar")),
    )
    days = op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=100), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.bulk_insert(calendar, [{"id": 1, "weekdays": "12345", "start_minute": 540, "end_minute": 1080,
                               "utc_offset": 180}])
    op.bulk_insert(days, [{"day": date.fromisoformat(d), "working": w, "name": n} for d, w, n in DAYS])


def downgrade() -> None:
    op.drop_table("calendar_day")
    op.drop_table("work_calendar")
    op.drop_table("service_level")
    op.drop_index("ix_audit_event_action_at", table_name="audit_event")
