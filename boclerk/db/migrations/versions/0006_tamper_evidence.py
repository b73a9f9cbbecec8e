"""tamper evidence: hash chains over the audit trail and the journal; guards against insert-over and TRUNCATE

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Audit events and posted journal entries get their place in a hash chain (``seq``/``chain_seq``,
``prev_hash``, ``hash``, see boclerk/domain/chain.py) and ``chain_head`` keeps the newest link
of each chain; the records already there are chained in the order they were written. New
triggers refuse SQLite's ``INSERT OR REPLACE`` over an immutable row (it deletes without
firing the delete triggers), an unchained audit event or posted entry, any change to a
period balance but growth with its postings, and (PostgreSQL) ``TRUNCATE`` of every
immutable table. Columns are only added, so no table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boclerk.domain.base import UTCDateTime
from boclerk.domain.chain import GENESIS, audit_hash, entry_hash

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

CHUNK = 2000

SQLITE_GUARDS = [
    "CREATE TRIGGER trg_audit_event_no_replace BEFORE INSERT ON audit_event WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id OR seq = NEW.seq) BEGIN SELECT RAISE(ABORT, 'audit events are immutable'); END",
    "CREATE TRIGGER trg_audit_event_chained BEFORE INSERT ON audit_event WHEN NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL BEGIN SELECT RAISE(ABORT, 'audit events are chained'); END",
    "CREATE TRIGGER trg_stock_move_no_replace BEFORE INSERT ON stock_move WHEN EXISTS (SELECT 1 FROM stock_move WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END",
    "CREATE TRIGGER trg_posting_no_replace BEFORE INSERT ON posting WHEN EXISTS (SELECT 1 FROM posting WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END",
    "CREATE TRIGGER trg_journal_entry_no_replace BEFORE INSERT ON journal_entry WHEN EXISTS (SELECT 1 FROM journal_entry WHERE id = NEW.id OR reverses_id = NEW.reverses_id OR number = NEW.number OR chain_seq = NEW.chain_seq) BEGIN SELECT RAISE(ABORT, 'posted journal entries are immutable'); END",
    "CREATE TRIGGER trg_account_balance_no_delete BEFORE DELETE ON account_balance BEGIN SELECT RAISE(ABORT, 'period balances come only from postings'); END",
    "CREATE TRIGGER trg_account_balance_only_grows BEFORE UPDATE ON account_balance WHEN NEW.debit < OLD.debit OR NEW.credit < OLD.credit OR NEW.account_id <> OLD.account_id OR NEW.dept_key <> OLD.dept_key OR NEW.period <> OLD.period BEGIN SELECT RAISE(ABORT, 'period balances come only from postings'); END",
    "CREATE TRIGGER trg_account_balance_new_key AFTER INSERT ON account_balance WHEN NEW.debit <> (SELECT COALESCE(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0) FROM posting WHERE account_id = NEW.account_id AND COALESCE(department_id, 0) = NEW.dept_key AND entry_date >= printf('%04d-%02d-01', NEW.period / 100, NEW.period % 100) AND entry_date < date(printf('%04d-%02d-01', NEW.period / 100, NEW.period % 100), '+1 month')) OR NEW.credit <> (SELECT COALESCE(SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0) FROM posting WHERE account_id = NEW.account_id AND COALESCE(department_id, 0) = NEW.dept_key AND entry_date >= printf('%04d-%02d-01', NEW.period / 100, NEW.period % 100) AND entry_date < date(printf('%04d-%02d-01', NEW.period / 100, NEW.period % 100), '+1 month')) BEGIN SELECT RAISE(ABORT, 'period balances come only from postings'); END",
    "CREATE TRIGGER trg_chain_head_no_delete BEFORE DELETE ON chain_head BEGIN SELECT RAISE(ABORT, 'hash chains only grow'); END",
    "CREATE TRIGGER trg_chain_head_forward BEFORE UPDATE ON chain_head WHEN NEW.seq < OLD.seq OR NEW.name <> OLD.name BEGIN SELECT RAISE(ABORT, 'hash chains only grow'); END",
    "CREATE TRIGGER trg_chain_head_no_replace BEFORE INSERT ON chain_head WHEN EXISTS (SELECT 1 FROM chain_head WHERE name = NEW.name) BEGIN SELECT RAISE(ABORT, 'hash chains only grow'); END",
]

PG_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION boclerk_audit_chained() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL THEN
           RAISE EXCEPTION 'audit events are chained';
         END IF;
         RETURN NEW;
       END$$""",
    """CREATE OR REPLACE FUNCTION boclerk_account_balance_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           RAISE EXCEPTION 'period balances come only from postings';
         END IF;
         IF TG_OP = 'UPDATE' THEN
           IF NEW.debit < OLD.debit OR NEW.credit < OLD.credit OR NEW.account_id <> OLD.account_id
              OR NEW.dept_key <> OLD.dept_key OR NEW.period <> OLD.period THEN
             RAISE EXCEPTION 'period balances come only from postings';
           END IF;
           RETURN NEW;
         END IF;
         IF NEW.debit <> (SELECT COALESCE(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0) FROM posting WHERE account_id = NEW.account_id AND COALESCE(department_id, 0) = NEW.dept_key AND entry_date >= make_date(NEW.period / 100, NEW.period % 100, 1) AND entry_date < make_date(NEW.period / 100, NEW.period % 100, 1) + interval '1 month')
            OR NEW.credit <> (SELECT COALESCE(SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0) FROM posting WHERE account_id = NEW.account_id AND COALESCE(department_id, 0) = NEW.dept_key AND entry_date >= make_date(NEW.period / 100, NEW.period % 100, 1) AND entry_date < make_date(NEW.period / 100, NEW.period % 100, 1) + interval '1 month') THEN
           RAISE EXCEPTION 'period balances come only from postings';
         END IF;
         RETURN NEW;
       END$$""",
    """CREATE OR REPLACE FUNCTION boclerk_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq OR NEW.name <> OLD.name THEN
           RAISE EXCEPTION 'hash chains only grow';
         END IF;
         RETURN NEW;
       END$$""",
    """CREATE OR REPLACE FUNCTION boclerk_journal_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           IF NEW.status <> 'draft' THEN
             RAISE EXCEPTION 'journal entries are created as drafts and then posted';
           END IF;
           RETURN NEW;
         END IF;
         IF OLD.status = 'posted' THEN
           RAISE EXCEPTION 'posted journal entries are immutable';
         END IF;
         IF TG_OP = 'DELETE' THEN
           RETURN OLD;
         END IF;
         IF NEW.status = 'posted' THEN
           IF NOT EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id) THEN
             RAISE EXCEPTION 'a journal entry needs postings';
           END IF;
           IF (SELECT SUM(amount) FROM posting WHERE entry_id = NEW.id) <> 0 THEN
             RAISE EXCEPTION 'journal entry does not balance';
           END IF;
           IF NEW.entry_date <= (SELECT lock_date FROM company WHERE id = 1) THEN
             RAISE EXCEPTION 'journal entry date is on or before the lock date';
           END IF;
           IF EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id AND entry_date <> NEW.entry_date) THEN
             RAISE EXCEPTION 'postings must carry the entry date';
           END IF;
           IF NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL THEN
             RAISE EXCEPTION 'posted journal entries are chained';
           END IF;
         END IF;
         RETURN NEW;
       END$$""",
]

PG_TRIGGERS = [
    "CREATE TRIGGER trg_audit_event_chained BEFORE INSERT ON audit_event FOR EACH ROW "
    "EXECUTE FUNCTION boclerk_audit_chained()",
    "CREATE TRIGGER trg_account_balance_guard BEFORE UPDATE OR DELETE ON account_balance FOR EACH ROW "
    "EXECUTE FUNCTION boclerk_account_balance_guard()",
    "CREATE TRIGGER trg_account_balance_new_key AFTER INSERT ON account_balance FOR EACH ROW "
    "EXECUTE FUNCTION boclerk_account_balance_guard()",
    "CREATE TRIGGER trg_chain_head_guard BEFORE UPDATE OR DELETE ON chain_head FOR EACH ROW "
    "EXECUTE FUNCTION boclerk_chain_head_guard()",
] + [
    f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT "
    f"EXECUTE FUNCTION boclerk_refuse('{message}')"
    for table, message in (("audit_event", "audit events are immutable"), ("stock_move", "stock moves are immutable"),
                           ("posting", "postings are immutable"),
                           ("journal_entry", "posted journal entries are immutable"),
                           ("account_balance", "period balances come only from postings"),
                           ("chain_head", "hash chains only grow"))
]

#: The posting trigger of 0002, with the chain's clause added (the last check: its sentence never hides another).
SQLITE_POST = """CREATE TRIGGER trg_journal_entry_post BEFORE UPDATE OF status ON journal_entry
       WHEN OLD.status = 'draft' AND NEW.status = 'posted'
       BEGIN
         SELECT RAISE(ABORT, 'a journal entry needs postings')
           WHERE NOT EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id);
         SELECT RAISE(ABORT, 'journal entry does not balance')
           WHERE (SELECT SUM(amount) FROM posting WHERE entry_id = NEW.id) <> 0;
         SELECT RAISE(ABORT, 'journal entry date is on or before the lock date')
           WHERE NEW.entry_date <= (SELECT lock_date FROM company WHERE id = 1);
         SELECT RAISE(ABORT, 'postings must carry the entry date')
           WHERE EXISTS (SELECT 1 FROM posting WHERE entry_id = NEW.id AND entry_date <> NEW.entry_date);
         SELECT RAISE(ABORT, 'posted journal entries are chained')
           WHERE NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL;
       END"""

#: SQLite triggers of 0001/0002 that refuse the UPDATE which chains the records already there.
SQLITE_HELD = {
    "trg_audit_event_no_update": """CREATE TRIGGER trg_audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit events are immutable'); END""",
    "trg_journal_entry_immutable": """CREATE TRIGGER trg_journal_entry_immutable BEFORE UPDATE ON journal_entry WHEN OLD.status = 'posted'
       BEGIN SELECT RAISE(ABORT, 'posted journal entries are immutable'); END""",
}
PG_HELD = (("audit_event", "trg_audit_event_immutable"), ("journal_entry", "trg_journal_entry_guard"))

_AUDIT = sa.table("audit_event", sa.column("id", sa.BigInteger), sa.column("at", UTCDateTime()),
                  sa.column("actor", sa.String), sa.column("action", sa.String), sa.column("entity", sa.String),
                  sa.column("entity_id", sa.String), sa.column("before", sa.Text), sa.column("after", sa.Text),
                  sa.column("seq", sa.BigInteger), sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
_ENTRY = sa.table("journal_entry", sa.column("id", sa.Integer), sa.column("number", sa.String),
                  sa.column("entry_date", sa.Date), sa.column("memo", sa.String), sa.column("status", sa.String),
                  sa.column("source_kind", sa.String), sa.column("source_ref", sa.String),
                  sa.column("reverses_id", sa.Integer), sa.column("created_by", sa.String),
                  sa.column("posted_by", sa.String), sa.column("posted_at", UTCDateTime()),
                  sa.column("chain_seq", sa.BigInteger), sa.column("prev_hash", sa.String),
                  sa.column("hash", sa.String))
_POSTING = sa.table("posting", sa.column("entry_id", sa.Integer), sa.column("line_no", sa.Integer),
                    sa.column("account_id", sa.Integer), sa.column("department_id", sa.Integer),
                    sa.column("amount", sa.BigInteger))
_HEAD = sa.table("chain_head", sa.column("name", sa.String), sa.column("seq", sa.BigInteger),
                 sa.column("hash", sa.String))


def _chain_audit(conn) -> tuple[int, str]:
    seq, prev, last_id = 0, GENESIS, None
    while True:
        query = sa.select(_AUDIT).order_by(_AUDIT.c.id).limit(CHUNK)
        if last_id is not None:
            query = query.where(_AUDIT.c.id > last_id)
        rows = conn.execute(query).all()
        if not rows:
            return seq, prev
        updates = []
        for r in rows:
            seq += 1
            digest = audit_hash(prev, seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after)
            updates.append({"rid": r.id, "s": seq, "p": prev, "h": digest})
            prev, last_id = digest, r.id
        conn.execute(sa.update(_AUDIT).where(_AUDIT.c.id == sa.bindparam("rid"))
                     .values(seq=sa.bindparam("s"), prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")), updates)


def _chain_journal(conn) -> tuple[int, str]:
    ids = [r[0] for r in conn.execute(sa.select(_ENTRY.c.id).where(_ENTRY.c.status == "posted")
                                      .order_by(_ENTRY.c.posted_at, _ENTRY.c.id))]
    seq, prev = 0, GENESIS
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        entries = {r.id: r for r in conn.execute(sa.select(_ENTRY).where(_ENTRY.c.id.in_(chunk)))}
        lines: dict[int, list] = {i: [] for i in chunk}
        for p in conn.execute(sa.select(_POSTING).where(_POSTING.c.entry_id.in_(chunk))
                              .order_by(_POSTING.c.entry_id, _POSTING.c.line_no)):
            lines[p.entry_id].append((p.line_no, p.account_id, p.department_id, p.amount))
        updates = []
        for entry_id in chunk:
            e = entries[entry_id]
            seq += 1
            digest = entry_hash(prev, seq, number=e.number, entry_date=e.entry_date, memo=e.memo,
                                source_kind=e.source_kind, source_ref=e.source_ref, reverses_id=e.reverses_id,
                                created_by=e.created_by, posted_by=e.posted_by, posted_at=e.posted_at,
                                postings=lines[entry_id])
            updates.append({"rid": entry_id, "s": seq, "p": prev, "h": digest})
            prev = digest
        conn.execute(sa.update(_ENTRY).where(_ENTRY.c.id == sa.bindparam("rid"))
                     .values(chain_seq=sa.bindparam("s"), prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
                     updates)
    return seq, prev


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.create_table('chain_head',
    sa.Column('name', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_chain_head'))
    )
    for table, seq_column in (("audit_event", "seq"), ("journal_entry", "chain_seq")):
        op.add_column(table, sa.Column(seq_column, sa.BigInteger(), nullable=True))
        op.add_column(table, sa.Column('prev_hash', sa.String(length=64), nullable=True))
        op.add_column(table, sa.Column('hash', sa.String(length=64), nullable=True))

    # chain what is there: the immutability triggers step aside for this one statement each
    if sqlite:
        for name in SQLITE_HELD:
            op.execute(f"DROP TRIGGER {name}")
    else:
        for table, name in PG_HELD:
            op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    audit = _chain_audit(conn)
    journal = _chain_journal(conn)
    if sqlite:
        for ddl in SQLITE_HELD.values():
            op.execute(ddl)
    else:
        for table, name in PG_HELD:
            op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
    op.bulk_insert(_HEAD, [{"name": "audit", "seq": audit[0], "hash": audit[1]},
                           {"name": "journal", "seq": journal[0], "hash": journal[1]}])

    op.create_index('ix_audit_event_seq', 'audit_event', ['seq'], unique=True)
    op.create_index('ix_journal_entry_chain_seq', 'journal_entry', ['chain_seq'], unique=True)
    if sqlite:
        op.execute("DROP TRIGGER trg_journal_entry_post")
        op.execute(SQLITE_POST)
    for ddl in SQLITE_GUARDS if sqlite else PG_FUNCTIONS + PG_TRIGGERS:
        op.execute(ddl)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER IF EXISTS {ddl.split()[2]}")
        op.execute("DROP TRIGGER trg_journal_entry_post")
        op.execute(SQLITE_POST.replace("""         SELECT RAISE(ABORT, 'posted journal entries are chained')
           WHERE NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL;
""", ""))
    else:
        for ddl in PG_TRIGGERS:
            name, table = ddl.split()[2], ddl.split(" ON ")[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in ("boclerk_audit_chained", "boclerk_account_balance_guard", "boclerk_chain_head_guard"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index('ix_journal_entry_chain_seq', table_name='journal_entry')
    op.drop_index('ix_audit_event_seq', table_name='audit_event')
    for table, seq_column in (("journal_entry", "chain_seq"), ("audit_event", "seq")):
        for column in ("hash", "prev_hash", seq_column):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.drop_table('chain_head')
    if conn.dialect.name == "postgresql":  # the journal guard as 0002 made it
        op.execute(PG_FUNCTIONS[-1].replace(
            """           IF NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL THEN
             RAISE EXCEPTION 'posted journal entries are chained';
           END IF;
""", ""))
