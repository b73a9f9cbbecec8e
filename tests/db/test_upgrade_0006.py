"""A shop with history written before the chains existed upgrades to 0006: its records are chained
in the order they were written, the guards arrive, db check passes, and new acts continue the chains."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from boclerk.db import migrate
from boclerk.db.database import Database
from boclerk.db.engine import make_engine
from boclerk.db.schema import SCHEMA_REVISION
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.platform.checks import run_checks
from boclerk.services.platform.maintenance import upgrade

DAY = date(2026, 11, 20)


def _shop_at_0005(location) -> None:
    engine = make_engine(location, create=True)
    migrate.upgrade(engine, "0005")
    at = datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO company (id, name, currency, locale, created_at, version) "
                          "VALUES (1, 'Old Shop', 'RUB', 'ru', :t, 1)"), {"t": at})
        conn.execute(text("INSERT INTO app_user (name, role, full_name, active, created_at, version) "
                          "VALUES ('admin', 'admin', '', :a, :t, 1)"), {"a": True, "t": at})
        for i in range(7):
            conn.execute(text("INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after) "
                              "VALUES (:t, 'admin', 'test.act', 'thing', :i, NULL, :after)"),
                         {"t": at + timedelta(seconds=i), "i": str(i), "after": '{"n": %d}' % i})
        conn.execute(text("INSERT INTO number_series (series, year, last) VALUES ('JE', 2026, 2)"))
        for n, (memo, amount, dept) in enumerate((("Rent", 300000, None), ("Fees", 1500, "ACCT")), start=1):
            eid = conn.execute(text(
                "INSERT INTO journal_entry (entry_date, memo, status, source_kind, source_ref, created_by, created_at,"
                " version) VALUES (:d, :m, 'draft', 'manual', '', 'admin', :t, 1) RETURNING id"),
                {"d": DAY, "m": memo, "t": at}).scalar()
            for line, (code, value, d) in enumerate((("5900", amount, dept), ("1010", -amount, None)), start=1):
                conn.execute(text(
                    "INSERT INTO posting (entry_id, line_no, account_id, department_id, amount, entry_date) VALUES "
                    "(:e, :l, (SELECT id FROM account WHERE code = :c), (SELECT id FROM department WHERE code = :dp), "
                    ":a, :d)"), {"e": eid, "l": line, "c": code, "dp": d, "a": value, "d": DAY})
            conn.execute(text("UPDATE journal_entry SET status = 'posted', number = :n, posted_by = 'admin', "
                              "posted_at = :t WHERE id = :e"), {"n": f"JE-2026-{n:06d}", "t": at, "e": eid})
        for code, dept, debit, credit in (("5900", None, 300000, 0), ("5900", "ACCT", 1500, 0),
                                          ("1010", None, 0, 301500)):
            conn.execute(text(
                "INSERT INTO account_balance (account_id, dept_key, period, debit, credit) VALUES "
                "((SELECT id FROM account WHERE code = :c), COALESCE((SELECT id FROM department WHERE code = :dp), 0),"
                " 202611, :dr, :cr)"), {"c": code, "dp": dept, "dr": debit, "cr": credit})
    engine.dispose()


def test_a_shop_with_history_upgrades_to_chained_and_guarded(empty_location, tmp_path):
    if empty_location.is_sqlite:
        empty_location.path.parent.mkdir(parents=True)
    _shop_at_0005(empty_location)
    before, after, saved = upgrade(empty_location, "admin", backup_dir=tmp_path / "bk")
    assert (before, after) == ("0005", SCHEMA_REVISION) and saved is not None  # through 0006 and on
    db = Database.open(empty_location)
    try:
        report = run_checks(db, "admin")
        assert report.ok, report.violations
        with db.read("admin") as uow:
            events = uow.s.execute(text("SELECT seq, entity_id FROM audit_event ORDER BY id")).all()
            entries = uow.s.execute(text("SELECT number, chain_seq FROM journal_entry ORDER BY id")).all()
        assert [s for s, _ in events] == list(range(1, len(events) + 1))  # the old ones first, in their order
        assert [e for _, e in events[:7]] == [str(i) for i in range(7)]
        assert entries == [("JE-2026-000001", 1), ("JE-2026-000002", 2)]

        with db.write("admin") as uow:
            posted = ledger.post_manual(uow, entry_date=DAY, memo="After the upgrade",
                                        lines=[Line("5300", 2500), Line("1010", -2500)])
        with db.read("admin") as uow:
            assert uow.s.execute(text("SELECT chain_seq FROM journal_entry WHERE number = :n"),
                                 {"n": posted.number}).scalar() == 3
        assert run_checks(db, "admin").ok

        # the old records' links are real: changing one behind the guards is seen
        with db.engine.begin() as conn:
            if db.dialect == "sqlite":
                conn.execute(text("DROP TRIGGER trg_audit_event_no_update"))
            else:
                conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_immutable"))
            conn.execute(text("UPDATE audit_event SET after = '{\"n\": 99}' WHERE entity_id = '3'"))
        found = {v.invariant: v.detail for v in run_checks(db, "admin").violations}
        assert found["the audit trail's hash chain is unbroken"].startswith(
            "the audit chain breaks at audit event #") and "(link 4)" in found["the audit trail's hash chain is unbroken"]
    finally:
        db.close()
