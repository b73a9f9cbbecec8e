"""the reference data's generation

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06

``reference_generation``: one row whose ``generation`` takes a new random value whenever a row of
the tables every act reads and hardly anything changes (accounts, departments, VAT rates and
regimes, the company, units, warehouses, users) is inserted, updated or deleted, by triggers, in
the transaction that makes the change. A process keeps what it read of those tables while the
generation it reads in a unit is the one it read them under (:mod:`boclerk.db.reference`). A
random value and not a counter: a database restored from a backup, or copied, never comes back to
a generation a process saw with other rows. SQLite: three triggers a table; PostgreSQL: a row
trigger deferred to the commit (so the one row is not held, and writers of these tables do not
queue for it, while their transactions run), a TRUNCATE trigger, and one function.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

#: As boclerk.db.reference.TABLES when this revision was written.
TABLES = ("account", "department", "vat_rate", "company_vat_regime", "company", "unit", "warehouse", "app_user")
_BUMP_SQLITE = "UPDATE reference_generation SET generation = random()"
_BUMP_PG = "(random() * 4e18)::bigint"


def upgrade() -> None:
    op.create_table(
        "reference_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_reference_generation_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_generation")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO reference_generation (id, generation) VALUES (1, random())")
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"CREATE TRIGGER trg_{table}_reference_{event} AFTER {event.upper()} ON {table} "
                           f"BEGIN {_BUMP_SQLITE}; END")
        return
    op.execute(f"INSERT INTO reference_generation (id, generation) VALUES (1, {_BUMP_PG})")
    op.execute(f"""CREATE FUNCTION boclerk_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE reference_generation SET generation = {_BUMP_PG};
         RETURN NULL;
       END$$""")
    for table in TABLES:  # at commit: the one row is held only while the changing transaction commits
        op.execute(f"CREATE CONSTRAINT TRIGGER trg_{table}_reference AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION boclerk_reference_changed()")
        op.execute(f"CREATE TRIGGER trg_{table}_reference_truncate AFTER TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION boclerk_reference_changed()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_reference_{event}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_reference ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_reference_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS boclerk_reference_changed()")
    op.drop_table("reference_generation")
