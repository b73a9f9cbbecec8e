"""Upgrading to 0014: customers get the kind their INN says, documents the shop produced before get
their own type, and the document table's copy (SQLite) keeps the full-text index working."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from boclerk.db import migrate
from boclerk.db.engine import make_engine

AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _doc(conn, n: int, doc_type: str, name: str) -> int:
    return conn.execute(text(
        "INSERT INTO document (number, sha256, size, original_name, kind, doc_type, status, created_by, created_at, "
        "version) VALUES (:n, :h, 1, :name, 'pdf', :t, 'filed', 'admin', :at, 1) RETURNING id"),
        {"n": f"DOC-2026-{n:06d}", "h": f"{n:064d}", "name": name, "t": doc_type, "at": AT}).scalar()


def _shop_at_0011(location) -> None:
    if location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(location, create=True)
    migrate.upgrade(engine, "0011")
    with engine.begin() as conn:
        for code, tax_id, country in (("ORG", "7707083893", "RU"), ("IP", "500100732259", "RU"),
                                      ("PERSON", "", "RU"), ("DE", "DE136695976", "DE")):
            conn.execute(text("INSERT INTO customer (code, name, tax_id, country, active, created_at, version) "
                              "VALUES (:c, :c, :t, :k, :a, :at, 1)"), {"c": code, "t": tax_id, "k": country,
                                                                        "a": True, "at": AT})
        for n, kind in enumerate(("invoice", "packing", "packing_day", "po", "statement"), start=1):
            doc = _doc(conn, n, "other", f"{kind}.pdf")
            conn.execute(text("INSERT INTO outbound_document (kind, target_kind, target_id, period, document_id, "
                              "created_at) VALUES (:k, 'order', 1, '', :d, :at)"), {"k": kind, "d": doc, "at": AT})
        scan = _doc(conn, 9, "other", "scan.pdf")  # came in: stays "other"
        conn.execute(text("INSERT INTO document_text (document_id, meta, body) VALUES (:d, 'scan', 'квитанция')"),
                     {"d": scan})
    engine.dispose()


def test_customers_get_their_kind_and_produced_documents_their_type(empty_location):
    _shop_at_0011(empty_location)
    engine = make_engine(empty_location)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        kinds = dict(conn.execute(text("SELECT code, kind FROM customer")).all())
        types = dict(conn.execute(text("SELECT original_name, doc_type FROM document")).all())
    assert kinds == {"ORG": "organisation", "IP": "sole_trader", "PERSON": "person", "DE": "person"}
    assert types == {"invoice.pdf": "customer_invoice", "packing.pdf": "packing_slip",
                     "packing_day.pdf": "packing_slip", "po.pdf": "purchase_order",
                     "statement.pdf": "reconciliation", "scan.pdf": "other"}
    with pytest.raises(IntegrityError), engine.begin() as conn:  # the check is still there, with the new types
        _doc(conn, 20, "nonsense", "x.pdf")
    with pytest.raises(IntegrityError), engine.begin() as conn:  # a person has no KPP
        conn.execute(text("UPDATE customer SET kpp = '770701001' WHERE code = 'PERSON'"))
    with engine.begin() as conn:
        conn.execute(text("UPDATE customer SET kpp = '770701001' WHERE code = 'ORG'"))
        _doc(conn, 21, "packing_slip", "new.pdf")
    if engine.dialect.name == "sqlite":  # the full-text index still follows document_text
        with engine.begin() as conn:
            new = _doc(conn, 22, "other", "late.pdf")
            conn.execute(text("INSERT INTO document_text (document_id, meta, body) VALUES (:d, '', 'накладная')"),
                         {"d": new})
            hits = conn.execute(text("SELECT rowid FROM document_fts WHERE document_fts MATCH :q ORDER BY rowid"),
                                {"q": "квитанция OR накладная"}).scalars().all()
            checks = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        assert len(hits) == 2 and new in hits
        assert checks == []
    engine.dispose()


def test_downgrade_gives_the_old_types_back(empty_location):
    _shop_at_0011(empty_location)
    engine = make_engine(empty_location)
    migrate.upgrade(engine)
    from alembic import command

    command.downgrade(migrate.alembic_config(engine.execution_options(boclerk_mode="write")), "0011")
    with engine.connect() as conn:
        types = set(conn.execute(text("SELECT doc_type FROM document")).scalars())
        columns = {c for c in conn.execute(text("SELECT * FROM customer")).keys()}
    assert types == {"other"} and "kind" not in columns
    engine.dispose()
