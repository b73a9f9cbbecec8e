"""The plain readers (sqlite3 alone, boclerk/db/plain.py; psycopg alone, boclerk/db/plain_pg.py)
give every plain-SQL service the answer the full database (SQLAlchemy) gives, on both backends:
the lookups, the order's card, Home's figures and the Orders list, with their dates, amounts and
flags of the same types. And what differs between the drivers is handled: ``:name`` parameters,
``%`` in statements, read-only units, a server that cannot be reached, a URL's password."""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from boclerk.db.database import Database
from boclerk.db.plain import PlainDatabase, text
from boclerk.db.plain_pg import PgPlainDatabase, pyformat
from boclerk.db.quick import open_plain
from boclerk.errors import DatabaseUnavailable, InvalidInput, NotFound, NotPermitted
from boclerk.services.dashboard import dashboard, home_figures, sales_days, web_dashboard
from boclerk.services.lookup import expand_number, find
from boclerk.services.office.reminders import office_dashboard
from boclerk.services.sales.counting import count_orders
from boclerk.services.sales.orders import pay_order
from boclerk.services.sales.queries import list_orders
from boclerk.services.sales.shipping import ship_order
from boclerk.services.sales.view import order_detail
from boclerk.settings import location_from, url_without_password
from tests.services.trade_helpers import act, confirmed, shop


@pytest.fixture
def books(location):
    db = Database.open(location)
    try:
        shop(db)
        first = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1))
        act(db, "acc", pay_order, first, 540000, method="bank", reference="PP-17")
        act(db, "wh", ship_order, first)
        second = confirmed(db, "BORIS", ("KETTLE", 1))
    finally:
        db.close()
    return location, [first, second]


def _psycopg_reader(location) -> PgPlainDatabase:
    reader = PgPlainDatabase(location)
    reader.driver = "psycopg"  # what reads when no libpq can be loaded
    reader.check_revision()
    return reader


def _alike(location, actor: str, fn, *args, **kwargs):
    """``fn`` run through the full database and through the plain reader: both answers (or refusals).
    On PostgreSQL the reader through psycopg must give the libpq reader's answer too."""
    said = []
    readers = [Database.open(location), open_plain(location)]
    if location.path is None:
        readers.append(_psycopg_reader(location))
    for opened in readers:
        try:
            said.append(opened.run(actor, fn, *args, write=False, **kwargs))
        except (InvalidInput, NotFound, NotPermitted) as exc:
            said.append((type(exc).__name__, exc.message))
        finally:
            opened.close()
    if len(said) == 3:
        assert said[2] == said[1], "psycopg and libpq read alike"
        said.pop()
    return said


def test_the_plain_reader_is_the_backend_s_own(books):
    location, _ = books
    plain = open_plain(location)
    try:
        assert isinstance(plain, PgPlainDatabase if location.path is None else PlainDatabase)
        if location.path is None:  # libpq through ctypes where one can be loaded (psycopg-binary ships one)
            assert plain.driver == "libpq"
        assert plain.dialect == Database.open(location).dialect
    finally:
        plain.close()


@pytest.mark.parametrize("term, options", [
    ("anna", {}), ("anna@example.com", {}), ("ANNA", {"kinds": ("order",)}), ("m", {"kinds": ("product",), "limit": 5}),
    ("MUG", {}), ("%", {}), ("_a", {}), ("zzzz-nothing", {}), ("a\\b", {}), ("x", {"kinds": ("planet",)}), ("  ", {}),
])
def test_find_answers_alike(books, term, options):
    location, _ = books
    full, plain = _alike(location, "viewer", find, term, **options)
    assert full == plain


def test_an_order_s_card_and_short_numbers_read_alike(books):
    location, numbers = books
    for number in numbers:
        full, plain = _alike(location, "viewer", order_detail, number)
        assert full == plain
        assert isinstance(plain.order_date, date) and plain.created_at.tzinfo is not None
        assert [type(v) for v in vars(plain.lines[0]).values()] == [type(v) for v in vars(full.lines[0]).values()]
    paid = _alike(location, "viewer", order_detail, numbers[0])[1]
    assert paid.paid == 540000 and len(paid.payments) == 1 and len(paid.shipments) == 1 and paid.history
    seq = str(int(numbers[0].rsplit("-", 1)[1]))
    assert _alike(location, "viewer", expand_number, "order", seq) == [numbers[0]] * 2
    assert _alike(location, "viewer", expand_number, "order", "2020-1") == ["SO-2020-000001"] * 2
    assert _alike(location, "viewer", order_detail, "SO-1999-000001")[0][0] == "NotFound"
    assert len(set(map(repr, _alike(location, "viewer", order_detail, "SO-1999-000001")))) == 1


@pytest.mark.parametrize("fn", [home_figures, sales_days, dashboard, web_dashboard, office_dashboard])
def test_home_reads_alike(books, fn):
    location, _ = books
    full, plain = _alike(location, "admin", fn)
    assert full == plain


@pytest.mark.parametrize("filters", [{}, {"status": "confirmed"}, {"search": "anna"}, {"search": "SO-"},
                                     {"channel": "website", "backorder": False}, {"after_id": 0, "limit": 1},
                                     {"start": date(2000, 1, 1), "end": date(2100, 1, 1)}])
def test_the_orders_list_reads_alike(books, filters):
    location, numbers = books
    full, plain = _alike(location, "viewer", list_orders, **filters)
    assert full == plain
    if not filters:
        assert [r.number for r in plain] == numbers[::-1]
    counting = {k: v for k, v in filters.items() if k not in ("after_id", "limit")}
    assert len(set(map(repr, _alike(location, "viewer", count_orders, **counting)))) == 1


def test_the_actor_rules_are_the_full_database_s(books):
    location, numbers = books
    for who in ("nobody-here", ""):
        full, plain = _alike(location, who, order_detail, numbers[0])
        assert full == plain and full[0] == "NotPermitted"


@pytest.fixture(params=["default", "psycopg"])
def reader(books, request):
    """The backend's plain reader, and on PostgreSQL the one through psycopg as well."""
    location, _ = books
    if request.param == "psycopg" and location.path is None:
        return _psycopg_reader(location)
    return open_plain(location)


def test_a_plain_unit_reads_only(reader):
    plain = reader
    try:
        with pytest.raises(Exception, match="read-only|readonly"), plain.read("admin") as uow:
            uow.s.execute(text("UPDATE company SET name = 'Changed' WHERE id = 1"))
        with plain.read("admin") as uow:  # the connection is sound again for the next unit
            assert uow.s.scalar(text("SELECT name FROM company WHERE id = 1")) == "Test Shop"
    finally:
        plain.close()


def test_statements_and_their_values_read_alike(reader):
    plain = reader
    try:
        with plain.read("admin") as uow:
            row = uow.s.execute(text("SELECT '50%' AS share, :a || 'x' AS joined, CAST(:n AS INTEGER) + 1 AS next"),
                                {"a": "%(a)s", "n": 41}).one()
            assert (row.share, row.joined, row.next) == ("50%", "%(a)sx", 42)
            assert uow.s.scalars(text("SELECT name FROM app_user WHERE name LIKE 'a%' ORDER BY name")) == \
                ["acc", "admin"]
            row = uow.s.execute(text("SELECT :x = :x AS same, :d AS day, :m AS amount, :none AS absent"),
                                {"x": 7, "d": date(2026, 1, 31), "m": 5, "none": None}).one()
            assert row.same in (True, 1) and row.absent is None
            assert str(row.day)[:10] == "2026-01-31" and int(row.amount) == 5
            if plain.dialect == "postgresql":  # the types psycopg gives
                row = uow.s.execute(text(
                    "SELECT 1.50::numeric AS n, DATE '2026-01-31' AS d, TIMESTAMPTZ '2026-01-31 10:00+03' AS t, "
                    "true AS b, 2::bigint AS i, '{\"a\": [1]}'::json AS j, NULL::text AS z, 'x'::text AS s")).one()
                assert row == (Decimal("1.50"), date(2026, 1, 31), datetime(2026, 1, 31, 7, 0, tzinfo=UTC), True, 2,
                               {"a": [1]}, None, "x")
                assert [type(v) for v in row] == [Decimal, date, datetime, bool, int, dict, type(None), str]
    finally:
        plain.close()


@pytest.mark.parametrize("sql, expected", [
    ("SELECT :a, :b_2", "SELECT %(a)s, %(b_2)s"),
    ("SELECT x::int FROM t WHERE y = :y", "SELECT x::int FROM t WHERE y = %(y)s"),
    ("SELECT '50%' WHERE a LIKE :p ESCAPE '\\'", "SELECT '50%%' WHERE a LIKE %(p)s ESCAPE '\\'"),
    ("SELECT '12\\:30', :t", "SELECT '12:30', %(t)s"),
    ("WHERE number IN (:n0, :n1)", "WHERE number IN (%(n0)s, %(n1)s)"),
])
def test_named_parameters_become_psycopg_s_as_sqlalchemy_makes_them(sql, expected):
    from sqlalchemy import text as sa_text
    from sqlalchemy.dialects import postgresql

    assert pyformat(sql) == expected
    compiled = sa_text(sql).compile(dialect=postgresql.psycopg.dialect())
    assert pyformat(sql) == str(compiled)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_that_is_down_is_one_sentence_without_the_password():
    url = f"postgresql://clerk:s3cret-word@127.0.0.1:{_closed_port()}/shop"
    location = location_from(url, "test")
    with pytest.raises(DatabaseUnavailable) as plain:
        open_plain(location)
    with pytest.raises(DatabaseUnavailable) as full:
        Database.open(location)
    assert plain.value.message == full.value.message
    assert plain.value.exit_code == full.value.exit_code
    assert plain.value.message.startswith(f"Cannot reach the database at {location.display()}: ")
    assert "s3cret" not in plain.value.message and "clerk:***@" in plain.value.message
    assert "\n" not in plain.value.message


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "postgresql+psycopg://bob:s3cr%40t@db.example.com:5432/shop?sslmode=require&application_name=x",
    "postgresql+psycopg://bob:@host/db", "postgresql+psycopg://bob@/db?host=/tmp/sock",
    "postgresql+psycopg://[::1]:5432/db", "postgresql+psycopg://user%20name:pw@h/d%2Fb", "postgresql+psycopg://h",
    "postgresql+psycopg:///db", "postgresql+psycopg://u:p:q@h:1/d?b=2&a=1&b=1", "postgresql+psycopg://@h/d",
    "postgresql+psycopg://h/", "postgresql+psycopg://u:p@h:05432/d?x=", "postgresql+psycopg://u:pa/ss@h/d",
])
def test_a_url_is_shown_as_sqlalchemy_shows_it(url):
    from sqlalchemy.engine import make_url

    assert url_without_password(url) == make_url(url).render_as_string(hide_password=True)


@pytest.mark.parametrize("kind, typed, whole", [
    ("order", "so-2026-484", "SO-2026-000484"), ("order", "SO-2026-9", "SO-2026-000009"),
    ("order", " SO-2026-000484 ", "SO-2026-000484"), ("po", "po-2025-12", "PO-2025-000012"),
    ("bill", "Bill-2026-3", "BILL-2026-000003"), ("equipment", "eq-2026-1", "EQ-2026-000001"),
    ("order", "SO-26-484", "SO-26-484"), ("order", "PO-2026-1", "PO-2026-1"), ("order", "SO-2026-", "SO-2026-"),
    ("order", "484", "484"), ("customer", "so-2026-1", "so-2026-1"),
])
def test_a_number_typed_with_its_series_is_made_whole_without_the_database(kind, typed, whole):
    from boclerk.services.lookup import whole_number

    assert whole_number(kind, typed) == whole
