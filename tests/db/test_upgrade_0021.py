"""Upgrading to 0021: a bank statement's balances may be missing (NULL, not 0); every statement
stored before keeps its balances and its lines; going back refuses while a balance is missing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from boclerk.db import migrate
from boclerk.db.engine import make_engine

AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _statement(conn, n: int, opening, closing) -> int:
    doc = conn.execute(text(
        "INSERT INTO document (number, sha256, size, original_name, kind, doc_type, status, created_by, created_at, "
        "version) VALUES (:n, :h, 1, :name, 'xml', 'bank_statement', 'filed', 'admin', :at, 1) RETURNING id"),
        {"n": f"DOC-2026-{n:06d}", "h": f"{n:064d}", "name": f"s{n}.xml", "at": AT}).scalar()
    return conn.execute(text(
        "INSERT INTO bank_statement (document_id, format, account, currency, period_start, period_end, opening, "
        "closing, line_count, new_lines) VALUES (:d, 'camt053', 'RU02', 'RUB', :day, :day, :o, :c, 1, 1) RETURNING id"),
        {"d": doc, "day": date(2026, 11, 19), "o": opening, "c": closing}).scalar()


def _rows(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT s.opening, s.closing, l.amount FROM bank_statement s JOIN bank_line l ON l.statement_id = s.id "
            "ORDER BY s.id"))]


def test_statements_keep_their_balances_and_a_missing_one_is_kept_as_null(empty_location):
    if empty_location.path is not None:
        empty_location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(empty_location, create=True)
    migrate.upgrade(engine, "0020")
    with engine.begin() as conn:
        for n, (opening, closing) in enumerate(((100_000, 124_000), (0, 0), (-5_000, 19_000)), start=1):
            sid = _statement(conn, n, opening, closing)
            conn.execute(text(
                "INSERT INTO bank_line (statement_id, line_no, fingerprint, booked, amount, counterparty_name, "
                "counterparty_tax_id, counterparty_account, purpose, reference, status, reason) VALUES "
                "(:s, 1, :f, :day, :a, '', '', '', '', '', 'unmatched', '')"),
                {"s": sid, "f": f"fp-{n}", "day": date(2026, 11, 19), "a": closing - opening})
        with pytest.raises(IntegrityError), conn.begin_nested():  # before: a balance must be given
            _statement(conn, 9, None, None)
    engine.dispose()

    engine = make_engine(empty_location)
    migrate.upgrade(engine)
    assert _rows(engine) == [(100_000, 124_000, 24_000), (0, 0, 0), (-5_000, 19_000, 24_000)]
    with engine.begin() as conn:
        _statement(conn, 4, None, None)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT opening, closing FROM bank_statement WHERE opening IS NULL")).all() == [
            (None, None)]

    config = migrate.alembic_config(engine.execution_options(boclerk_mode="write"))
    with pytest.raises(RuntimeError, match="1 bank statement.s. have no balance from their file"):
        command.downgrade(config, "0020")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM bank_statement WHERE opening IS NULL"))
    command.downgrade(config, "0020")
    assert _rows(engine) == [(100_000, 124_000, 24_000), (0, 0, 0), (-5_000, 19_000, 24_000)]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        _statement(conn, 5, None, 10)
    engine.dispose()
