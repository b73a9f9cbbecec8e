"""A search finds words whatever their case in every alphabet, and "е" finds "ё" (and back).

SQLite's own lower() knows A-Z only: before, "иванов" did not find "Иванов" in any list or in
``boclerk find``, on the full path or the quick one. PostgreSQL's lower() follows the
database's locale (a UTF-8 one, as the test cluster's, lowers Cyrillic)."""

from __future__ import annotations

import sqlite3

import pytest

from boclerk.db.database import Database
from boclerk.db.plain import unicode_lower
from boclerk.db.quick import open_plain
from boclerk.services import like
from boclerk.services.catalog.partners import list_customers, list_suppliers
from boclerk.services.catalog.products import add_product, list_products
from boclerk.services.lookup import find
from boclerk.services.office.contracts import new_contract
from boclerk.services.office.contract_queries import list_contracts
from boclerk.services.office.equipment import register
from boclerk.services.office.equipment_queries import list_equipment
from boclerk.services.office.staff import add_staff, list_staff
from boclerk.services.stock.queries import levels
from tests.services.trade_helpers import add_customer, add_supplier, shop, stock_in


@pytest.fixture
def russian(location):
    db = Database.open(location)
    try:
        shop(db)
        add_customer(db, "FEDOROVA", "Фёдорова Алёна", email="alena@example.com")
        add_customer(db, "IVANOV", "Иванов Пётр", email="petr@example.com")
        add_supplier(db, "POSUDA", "ООО «Посуда-Торг»", tax_id="7736050003", payment_terms_days=14)
        with db.write("admin") as uow:
            add_product(uow, "KNIFE-1", "Нож поварской", category="Кухня", sale_price=150000)
            add_product(uow, "TREE-1", "Ёлка искусственная", category="Декор", sale_price=350000)
            add_staff(uow, "SEMENOV", "Семёнов Артём", "ACCT")
            register(uow, "Принтер лазерный", model="Ёкогава Т-1", cost=1200000, department="ACCT")
            new_contract(uow, "supplier:POSUDA", "Поставка посуды")
        stock_in(db, "KNIFE-1", 3, 60000)
    finally:
        db.close()
    return location


def _on_both_paths(location, fn, *args, **kwargs):
    answers = []
    for opened in (Database.open(location), open_plain(location)):
        try:
            answers.append(opened.run("admin", fn, *args, write=False, **kwargs))
        finally:
            opened.close()
    return answers


@pytest.mark.parametrize("typed, key", [
    ("иванов", "IVANOV"), ("ИВАНОВ", "IVANOV"), ("пётр", "IVANOV"), ("петр", "IVANOV"),
    ("федорова", "FEDOROVA"), ("ФЁДОРОВА АЛЁНА", "FEDOROVA"), ("алена", "FEDOROVA"),
    ("посуда-торг", "POSUDA"), ("«посуда", "POSUDA"),
    ("нож", "KNIFE-1"), ("НОЖ ПОВАР", "KNIFE-1"), ("елка", "TREE-1"), ("ЁЛКА ИСК", "TREE-1"),
    ("принтер", "EQ-"), ("поставка посуды", "CTR-"),
])
def test_find_folds_case_and_yo_on_the_full_path_and_the_quick_one(russian, typed, key):
    full, quick = _on_both_paths(russian, find, typed)
    assert [f.key for f in full] == [f.key for f in quick]
    assert any(f.key.startswith(key) for f in full), (typed, [f.key for f in full])


def test_every_list_s_search_folds_alike(russian):
    db = Database.open(russian)
    try:
        with db.read("admin") as uow:
            assert [c.code for c in list_customers(uow, search="федорова")] == ["FEDOROVA"]
            assert [c.code for c in list_customers(uow, search="ПЁТР")] == ["IVANOV"]
            assert [s.code for s in list_suppliers(uow, search="посуда")] == ["POSUDA"]
            assert [p.sku for p in list_products(uow, search="нож")] == ["KNIFE-1"]
            assert [p.sku for p in list_products(uow, search="елка")] == ["TREE-1"]
            assert {r.sku for r in levels(uow, search="поварской")} == {"KNIFE-1"}
            assert [s.code for s in list_staff(uow, search="семенов")] == ["SEMENOV"]
            assert [e.name for e in list_equipment(uow, search="ПРИНТЕР")] == ["Принтер лазерный"]
            assert [e.name for e in list_equipment(uow, search="екогава")] == ["Принтер лазерный"]  # its model
            assert [c.subject for c in list_contracts(uow, search="посуды")] == ["Поставка посуды"]
            assert [c.subject for c in list_contracts(uow, search="торг")] == ["Поставка посуды"]  # the party's name
            # Latin as before: "Boris Ivanov" by name, the Cyrillic one by its code
            assert {c.code for c in list_customers(uow, search="ivanov")} == {"BORIS", "IVANOV"}
    finally:
        db.close()


def test_sqlite_lower_is_python_s_on_every_connection():
    conn = sqlite3.connect(":memory:")
    assert conn.execute("SELECT lower('Ёлка ÄÖ')").fetchone() == ("Ёлка ÄÖ",)  # SQLite's own: A-Z only
    unicode_lower(conn)
    assert conn.execute("SELECT lower('Ёлка ÄÖ'), lower(NULL), lower(5)").fetchone() == ("ёлка äö", None, 5)
    sql = f"SELECT {like.folded_sql('?')} LIKE ? ESCAPE '\\'"
    assert conn.execute(sql, ("Фёдоров", like.contains("ФЕДОР"))).fetchone() == (1,)
    assert conn.execute(sql, ("Федоров", like.contains("фёдор"))).fetchone() == (1,)
    assert conn.execute(sql, ("Фёдоров", like.contains("федорова"))).fetchone() == (0,)


def test_db_check_says_when_the_database_lowers_only_a_to_z(russian, backend, tmp_path):
    from boclerk.services.platform.checks import run_checks

    db = Database.open(russian)
    try:
        report = run_checks(db, "admin")
    finally:
        db.close()
    assert "searches see every alphabet in either case" in report.checked
    assert not [v for v in report.violations if v.invariant.startswith("searches")]
    if backend != "postgresql":
        return
    # a PostgreSQL database made in the plain C locale: its lower() leaves Cyrillic as it is
    import os

    from sqlalchemy import text

    from boclerk.services.platform.setup import init_database
    from boclerk.settings import location_from
    from tests.conftest import _pg_admin_engine, _pg_url_for

    name = f"boclerk_c{os.getpid()}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 LC_CTYPE \'C\' LC_COLLATE \'C\''))
    try:
        plain_c = init_database(location_from(_pg_url_for(name), "test"), admin="admin")
        try:
            found = [v.detail for v in run_checks(plain_c, "admin").violations]
        finally:
            plain_c.close()
        assert len(found) == 1 and "(the database's LC_CTYPE is C)" in found[0] and "иванов" in found[0]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("typed", ["k", "K", "kn", "kNiFe-", "t", "T"])
def test_a_sku_prefix_is_found_whatever_its_case_on_both_paths(russian, typed):
    """"k" finds KNIFE-1 as "K" does, on PostgreSQL as on SQLite, and a SKU kept in lower case is
    found by its prefix in upper case."""
    db = Database.open(russian)
    try:
        with db.write("admin") as uow:
            add_product(uow, "knife-2", "Нож для хлеба", sale_price=90000)
            add_product(uow, "tray-1", "Поднос", sale_price=50000)
    finally:
        db.close()
    wanted = {"k": ["KNIFE-1", "knife-2"], "t": ["TREE-1", "tray-1"]}[typed[0].lower()]
    if len(typed) > 1:
        wanted = [sku for sku in wanted if sku.startswith(("KNIFE", "knife"))]
    for found in _on_both_paths(russian, find, typed, kinds=("product",), limit=10):
        by_prefix = [f.key for f in found if f.score == 80]
        assert set(wanted) <= set(by_prefix), (typed, found)
        assert all(key.lower().startswith(typed.lower()) for key in by_prefix), (typed, found)


@pytest.mark.parametrize("typed, first", [("k", "K"), ("K", "K"), ("-k", None), ("ж", None)])
def test_a_sku_prefix_is_asked_of_the_sku_index_one_range_per_case(typed, first):
    """On SQLite the prefix is a search of the SKU's unique index, never a scan of it; a term no SKU
    can begin with asks nothing."""
    con = sqlite3.connect(":memory:")
    unicode_lower(con)
    con.execute("CREATE TABLE product (id INTEGER PRIMARY KEY, sku VARCHAR(64) NOT NULL UNIQUE, name TEXT)")
    where, each_case = like.sku_prefix_sql("p.sku", typed, "sqlite")
    if first is None:
        assert each_case == []
        return
    assert [params["sku_from"] for params in each_case] == [first, first.lower()]
    for params in each_case:
        plan = con.execute(f"EXPLAIN QUERY PLAN SELECT p.id, p.sku FROM product p WHERE {where} ORDER BY p.sku "
                           "LIMIT 10", params).fetchall()
        assert len(plan) == 1 and plan[0][3].startswith("SEARCH p USING COVERING INDEX"), plan


@pytest.mark.parametrize("typed, low, high", [("KN", "kn", "ko"), ("sku-1", "sku-1", "sku-2"), ("a_", "a_", "a`")])
def test_a_sku_prefix_on_postgresql_is_one_range_of_the_lowered_sku(typed, low, high):
    where, each_case = like.sku_prefix_sql("p.sku", typed, "postgresql")
    assert where == 'lower(p.sku) COLLATE "C" >= :sku_from AND lower(p.sku) COLLATE "C" < :sku_to'
    assert each_case == [{"sku_from": low, "sku_to": high}]
    assert like.sku_prefix_sql("p.sku", "-k", "postgresql") == ("", [])


def test_a_sku_prefix_is_asked_of_its_index_in_a_database_that_does_not_sort_by_bytes(backend):
    """PostgreSQL: in a database whose collation is a language's (here ICU's Russian), the range
    the search asks is read from the index of migration 0024, whether the plan is made for the
    term typed or once for any term (a prepared statement's generic plan); and it finds what it
    should."""
    if backend != "postgresql":
        return  # SQLite's plan: the test above
    import os

    from sqlalchemy import text

    from boclerk.services.platform.setup import init_database
    from boclerk.settings import location_from
    from tests.conftest import _pg_admin_engine, _pg_url_for

    name = f"boclerk_ru{os.getpid()}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu "
                          "ICU_LOCALE 'ru-RU' LOCALE 'C.UTF-8'"))
    try:
        db = init_database(location_from(_pg_url_for(name), "test"), admin="admin")
        try:
            with db.write("admin") as uow:
                for sku in ("KNIFE-1", "knife-2", "Kettle-3", "TRAY-1"):
                    add_product(uow, sku, sku, sale_price=1000)
            where, (params,) = like.sku_prefix_sql("p.sku", "Kn", "postgresql")
            query = f"SELECT p.sku FROM product p WHERE {where} ORDER BY p.sku LIMIT 10"
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT 'a' < 'B'")).scalar() is True  # not byte order
                assert sorted(conn.execute(text(query), params).scalars()) == ["KNIFE-1", "knife-2"]
                conn.execute(text("SET enable_seqscan = off"))
                plans = ["\n".join(conn.execute(text(f"EXPLAIN {query}"), params).scalars())]
                conn.execute(text("SET plan_cache_mode = force_generic_plan"))
                conn.execute(text(f"PREPARE skus(text, text) AS {query.replace(':sku_from', '$1').replace(':sku_to', '$2')}"))
                plans.append("\n".join(conn.execute(text("EXPLAIN EXECUTE skus('kn', 'ko')")).scalars()))
        finally:
            db.close()
        for plan in plans:
            assert "ix_product_sku_lower_c" in plan and "Index Cond" in plan, plan
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
