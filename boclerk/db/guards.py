"""The database's own guards on what must never change, and the check that they are all there.

Posted journal entries, postings, stock moves and audit events never change and are never
deleted; period balances (``account_balance``) only grow with postings; the chain heads only
move forward. Triggers refuse everything else, whoever connects: UPDATE, DELETE, SQLite's
``INSERT OR REPLACE`` (which deletes the old row without firing its delete trigger: the
insert guards refuse a row whose key exists), and PostgreSQL's ``TRUNCATE`` (statement
triggers). :func:`missing_guards` lists every guard that is absent, disabled or altered,
for ``boclerk db check``.

The definitions are those the migrations create (0001, 0002 and 0006, which also adds the
chain's clause to the posting trigger; 0022 the triggers that move the reference data's
generation); a test checks that a migrated database matches them.
"""

from __future__ import annotations

import re

from sqlalchemy import text

from boclerk.db import reference
from boclerk.i18n import _

_REPLACE = "BEFORE INSERT ON {t} WHEN EXISTS (SELECT 1 FROM {t} WHERE {cond}) BEGIN SELECT RAISE(ABORT, '{msg}'); END"

_DEBITS = "CASE WHEN amount > 0 THEN amount ELSE 0 END"
_CREDITS = "CASE WHEN amount < 0 THEN -amount ELSE 0 END"


def _slice(expr: str) -> str:
    """SQLite: the sum of ``expr`` over the postings of the balance row NEW (its account, department, month)."""
    month = "printf('%04d-%02d-01', NEW.period / 100, NEW.period % 100)"
    return (f"(SELECT COALESCE(SUM({expr}), 0) FROM posting WHERE account_id = NEW.account_id "
            f"AND COALESCE(department_id, 0) = NEW.dept_key AND entry_date >= {month} "
            f"AND entry_date < date({month}, '+1 month'))")


#: SQLite: trigger name -> its CREATE statement.
SQLITE: dict[str, str] = {
    # 0001
    "trg_audit_event_no_update": """CREATE TRIGGER trg_audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit events are immutable'); END""",
    "trg_audit_event_no_delete": """CREATE TRIGGER trg_audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit events are immutable'); END""",
    # 0002
    "trg_journal_entry_insert": """CREATE TRIGGER trg_journal_entry_insert BEFORE INSERT ON journal_entry WHEN NEW.status <> 'draft'
       BEGIN SELECT RAISE(ABORT, 'journal entries are created as drafts and then posted'); END""",
    "trg_journal_entry_immutable": """CREATE TRIGGER trg_journal_entry_immutable BEFORE UPDATE ON journal_entry WHEN OLD.status = 'posted'
       BEGIN SELECT RAISE(ABORT, 'posted journal entries are immutable'); END""",
    "trg_journal_entry_no_delete": """CREATE TRIGGER trg_journal_entry_no_delete BEFORE DELETE ON journal_entry WHEN OLD.status = 'posted'
       BEGIN SELECT RAISE(ABORT, 'posted journal entries are immutable'); END""",
    "trg_journal_entry_post": """CREATE TRIGGER trg_journal_entry_post BEFORE UPDATE OF status ON journal_entry
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
       END""",
    "trg_posting_insert": """CREATE TRIGGER trg_posting_insert BEFORE INSERT ON posting
       WHEN (SELECT status FROM journal_entry WHERE id = NEW.entry_id) <> 'draft'
       BEGIN SELECT RAISE(ABORT, 'postings are added only while their entry is being posted'); END""",
    "trg_posting_no_update": """CREATE TRIGGER trg_posting_no_update BEFORE UPDATE ON posting
       BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END""",
    "trg_posting_no_delete": """CREATE TRIGGER trg_posting_no_delete BEFORE DELETE ON posting
       BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END""",
    "trg_stock_move_no_update": """CREATE TRIGGER trg_stock_move_no_update BEFORE UPDATE ON stock_move
       BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END""",
    "trg_stock_move_no_delete": """CREATE TRIGGER trg_stock_move_no_delete BEFORE DELETE ON stock_move
       BEGIN SELECT RAISE(ABORT, 'stock moves are immutable'); END""",
    # 0006
    "trg_audit_event_no_replace": "CREATE TRIGGER trg_audit_event_no_replace " + _REPLACE.format(
        t="audit_event", cond="id = NEW.id OR seq = NEW.seq", msg="audit events are immutable"),
    "trg_audit_event_chained": "CREATE TRIGGER trg_audit_event_chained BEFORE INSERT ON audit_event "
                               "WHEN NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL "
                               "BEGIN SELECT RAISE(ABORT, 'audit events are chained'); END",
    "trg_stock_move_no_replace": "CREATE TRIGGER trg_stock_move_no_replace " + _REPLACE.format(
        t="stock_move", cond="id = NEW.id", msg="stock moves are immutable"),
    "trg_posting_no_replace": "CREATE TRIGGER trg_posting_no_replace " + _REPLACE.format(
        t="posting", cond="id = NEW.id", msg="postings are immutable"),
    "trg_journal_entry_no_replace": "CREATE TRIGGER trg_journal_entry_no_replace " + _REPLACE.format(
        t="journal_entry", cond="id = NEW.id OR reverses_id = NEW.reverses_id OR number = NEW.number "
                                "OR chain_seq = NEW.chain_seq", msg="posted journal entries are immutable"),
    "trg_account_balance_no_delete": "CREATE TRIGGER trg_account_balance_no_delete BEFORE DELETE ON account_balance "
                                     "BEGIN SELECT RAISE(ABORT, 'period balances come only from postings'); END",
    "trg_account_balance_only_grows": "CREATE TRIGGER trg_account_balance_only_grows BEFORE UPDATE ON account_balance "
                                      "WHEN NEW.debit < OLD.debit OR NEW.credit < OLD.credit "
                                      "OR NEW.account_id <> OLD.account_id OR NEW.dept_key <> OLD.dept_key "
                                      "OR NEW.period <> OLD.period "
                                      "BEGIN SELECT RAISE(ABORT, 'period balances come only from postings'); END",
    "trg_account_balance_new_key": "CREATE TRIGGER trg_account_balance_new_key AFTER INSERT ON account_balance "
                                   f"WHEN NEW.debit <> {_slice(_DEBITS)} OR NEW.credit <> {_slice(_CREDITS)} "
                                   "BEGIN SELECT RAISE(ABORT, 'period balances come only from postings'); END",
    "trg_chain_head_no_delete": "CREATE TRIGGER trg_chain_head_no_delete BEFORE DELETE ON chain_head "
                                "BEGIN SELECT RAISE(ABORT, 'hash chains only grow'); END",
    "trg_chain_head_forward": "CREATE TRIGGER trg_chain_head_forward BEFORE UPDATE ON chain_head "
                              "WHEN NEW.seq < OLD.seq OR NEW.name <> OLD.name "
                              "BEGIN SELECT RAISE(ABORT, 'hash chains only grow'); END",
    "trg_chain_head_no_replace": "CREATE TRIGGER trg_chain_head_no_replace " + _REPLACE.format(
        t="chain_head", cond="name = NEW.name", msg="hash chains only grow"),
}

_BALANCE_SLICE = ("(SELECT COALESCE(SUM({expr}), 0) FROM posting WHERE account_id = NEW.account_id "
                  "AND COALESCE(department_id, 0) = NEW.dept_key "
                  "AND entry_date >= make_date(NEW.period / 100, NEW.period % 100, 1) "
                  "AND entry_date < make_date(NEW.period / 100, NEW.period % 100, 1) + interval '1 month')")

#: PostgreSQL: function name -> its body (between the $$).
PG_FUNCTIONS: dict[str, str] = {
    "boclerk_refuse": "BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END",
    "boclerk_journal_entry_guard": """
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
       END""",
    "boclerk_posting_guard": """
       BEGIN
         IF TG_OP = 'INSERT' THEN
           IF (SELECT status FROM journal_entry WHERE id = NEW.entry_id) <> 'draft' THEN
             RAISE EXCEPTION 'postings are added only while their entry is being posted';
           END IF;
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'postings are immutable';
       END""",
    "boclerk_audit_chained": """
       BEGIN
         IF NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL THEN
           RAISE EXCEPTION 'audit events are chained';
         END IF;
         RETURN NEW;
       END""",
    "boclerk_account_balance_guard": """
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
         IF NEW.debit <> """ + _BALANCE_SLICE.format(expr=_DEBITS) + """
            OR NEW.credit <> """ + _BALANCE_SLICE.format(expr=_CREDITS) + """ THEN
           RAISE EXCEPTION 'period balances come only from postings';
         END IF;
         RETURN NEW;
       END""",
    "boclerk_chain_head_guard": """
       BEGIN
         IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq OR NEW.name <> OLD.name THEN
           RAISE EXCEPTION 'hash chains only grow';
         END IF;
         RETURN NEW;
       END""",
}

_TRUNCATE = {"audit_event": "audit events are immutable", "stock_move": "stock moves are immutable",
             "posting": "postings are immutable", "journal_entry": "posted journal entries are immutable",
             "account_balance": "period balances come only from postings", "chain_head": "hash chains only grow"}

#: PostgreSQL: trigger name -> (table, function).
PG_TRIGGERS: dict[str, tuple[str, str]] = {
    "trg_audit_event_immutable": ("audit_event", "boclerk_refuse"),
    "trg_journal_entry_guard": ("journal_entry", "boclerk_journal_entry_guard"),
    "trg_posting_guard": ("posting", "boclerk_posting_guard"),
    "trg_stock_move_immutable": ("stock_move", "boclerk_refuse"),
    "trg_audit_event_chained": ("audit_event", "boclerk_audit_chained"),
    "trg_account_balance_guard": ("account_balance", "boclerk_account_balance_guard"),
    "trg_account_balance_new_key": ("account_balance", "boclerk_account_balance_guard"),
    "trg_chain_head_guard": ("chain_head", "boclerk_chain_head_guard"),
    **{f"trg_{table}_no_truncate": (table, "boclerk_refuse") for table in _TRUNCATE},
}

# migration 0022: the triggers that move the reference data's generation (boclerk.db.reference)
SQLITE.update(reference.sqlite_triggers())
PG_TRIGGERS.update(reference.pg_triggers())
PG_FUNCTIONS.update(reference.pg_functions())


def pg_truncate_guards() -> list[str]:
    return [f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION boclerk_refuse('{message}')" for table, message in _TRUNCATE.items()]


def _plain(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def missing_guards(conn) -> list[str]:
    """One sentence per guard that is absent, disabled or not as the migrations made it."""
    if conn.dialect.name == "sqlite":
        found = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
        problems = []
        for name, ddl in SQLITE.items():
            if name not in found:
                problems.append(_("the guard trigger {name} is missing").format(name=name))
            elif _plain(found[name]) != _plain(ddl):
                problems.append(_("the guard trigger {name} was altered").format(name=name))
        return problems
    rows = conn.execute(text(
        "SELECT t.tgname, c.relname, p.proname, t.tgenabled FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE NOT t.tgisinternal AND t.tgname LIKE 'trg_%'")).all()
    found = {name: (table, function, enabled) for name, table, function, enabled in rows}
    problems = []
    for name, (table, function) in PG_TRIGGERS.items():
        if name not in found:
            problems.append(_("the guard trigger {name} is missing").format(name=name))
        elif found[name][:2] != (table, function):
            problems.append(_("the guard trigger {name} was altered").format(name=name))
        elif found[name][2] == "D":
            problems.append(_("the guard trigger {name} is disabled").format(name=name))
    bodies = dict(conn.execute(text(
        "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'boclerk_%'")).all())
    for name, body in PG_FUNCTIONS.items():
        if name not in bodies:
            problems.append(_("the guard function {name} is missing").format(name=name))
        elif _plain(bodies[name]) != _plain(body):
            problems.append(_("the guard function {name} was altered").format(name=name))
    return problems
