"""Statements sent straight to the sqlite3 cursor (boclerk/db/raw.py) store and read what SQLAlchemy would.

Each case runs one statement twice on two identical SQLite databases: through SQLAlchemy's
``Connection.execute`` on one, through :func:`boclerk.db.raw.execute` on the other; then every
stored value (its SQLite type and its bytes) must be equal, and so must what the statement gave
back (rows, scalars, the rowcount, the new row's key). What the raw way does not know falls back.
"""

from __future__ import annotations

import enum
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.exc import DBAPIError

from boclerk.db import raw
from boclerk.db.uow import domain_error
from boclerk.domain.base import UTCDateTime
from boclerk.errors import ConcurrentChange


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


META = MetaData()
THINGS = Table(
    "thing", META,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), nullable=False, unique=True),
    Column("note", Text, default=""),
    Column("big", BigInteger),
    Column("day", Date),
    Column("at", UTCDateTime),
    Column("naive", DateTime),
    Column("flag", Boolean, default=False),
    Column("price", Numeric(12, 4)),
    Column("data", JSON),
    Column("colour", Enum(Colour)),
    Column("made", DateTime, default=datetime.now),  # a callable default: not for the raw way
)
COUNTER = Table("counter", META, Column("series", String(8), primary_key=True),
                Column("year", Integer, primary_key=True), Column("last", Integer, nullable=False))

ROW = {"name": "a", "note": "тест", "big": 2**40, "day": date(2026, 3, 1),
       "at": datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=timezone(timedelta(hours=3))),
       "naive": datetime(2026, 3, 1, 9, 30), "flag": True, "price": Decimal("12.3456"),
       "data": {"b": [1, 2.5, None], "a": "я"}, "colour": Colour.BLUE, "made": datetime(2026, 1, 2, 3, 4, 5)}


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """Two connections to two fresh databases, in a transaction each: (SQLAlchemy's, raw's cursor)."""
    monkeypatch.setattr(raw, "FIRST_THROUGH_SQLALCHEMY", False)
    engines = [create_engine(f"sqlite:///{tmp_path / name}.db") for name in ("orm", "raw")]
    for engine in engines:
        META.create_all(engine)
    conns = [engine.connect() for engine in engines]
    for conn in conns:
        conn.begin()
    yield conns[0], conns[1]
    for conn, engine in zip(conns, engines, strict=True):
        conn.close()
        engine.dispose()


def both(pair, stmt, params=None):
    """``stmt`` through SQLAlchemy on one database, raw on the other: (SQLAlchemy's result, raw's)."""
    orm, other = pair
    cursor = other.connection.driver_connection.cursor()
    done = raw.execute(cursor, other.dialect, stmt, params)
    assert done is not None, "the raw way did not take this statement"
    return orm.execute(stmt, params), done


def stored(conn) -> dict:
    """Every value of both tables as SQLite holds it: its type and its text."""
    out = {}
    dbapi = conn.connection.driver_connection
    for name in ("thing", "counter"):
        cols = [r[1] for r in dbapi.execute(f"PRAGMA table_info({name})")]
        parts = ", ".join(f"typeof({c}), quote({c})" for c in cols)
        out[name] = dbapi.execute(f"SELECT {parts} FROM {name} ORDER BY rowid").fetchall()
    return out


def assert_same_rows(pair) -> None:
    assert stored(pair[0]) == stored(pair[1])


def test_every_type_is_stored_as_sqlalchemy_stores_it(pair):
    a, b = both(pair, insert(THINGS), dict(ROW))
    assert a.inserted_primary_key[0] == b.inserted_primary_key[0] == 1
    a, b = both(pair, insert(THINGS), {**ROW, "name": "b", "flag": False, "day": None, "at": None, "data": None,
                                       "price": Decimal("-0.0001"), "colour": Colour.RED})
    assert tuple(a.inserted_primary_key) == tuple(b.inserted_primary_key) == (2,)
    assert_same_rows(pair)
    assert stored(pair[1])["thing"][0][14:16] == ("integer", "1")  # the flag, as an integer


def test_every_type_reads_back_as_sqlalchemy_reads_it(pair):
    both(pair, insert(THINGS), dict(ROW))
    query = select(THINGS).where(THINGS.c.day == bindparam("day"), THINGS.c.flag.is_(True))
    a, b = both(pair, query, {"day": date(2026, 3, 1)})
    left, right = a.all(), b.all()
    assert [tuple(r) for r in left] == [tuple(r) for r in right]
    assert right[0].at == ROW["at"] and right[0].at.tzinfo == UTC
    assert right[0].price == Decimal("12.3456") and right[0].colour is Colour.BLUE
    assert right[0].data == ROW["data"] and right[0].flag is True and right[0].day == date(2026, 3, 1)


def test_a_column_left_out_takes_its_default_as_sqlalchemy_gives_it(pair):
    row = {k: v for k, v in ROW.items() if k not in ("note", "flag")}
    both(pair, insert(THINGS), row)
    assert_same_rows(pair)


def test_a_callable_default_or_text_or_an_empty_in_list_goes_through_sqlalchemy(pair, monkeypatch):
    orm, other = pair
    cursor = other.connection.driver_connection.cursor()
    row = {k: v for k, v in ROW.items() if k != "made"}  # "made" would be computed by SQLAlchemy
    assert raw.execute(cursor, other.dialect, insert(THINGS), row) is None
    assert raw.execute(cursor, other.dialect, text("SELECT 1"), {}) is None
    in_list = select(THINGS.c.id).where(THINGS.c.id.in_(bindparam("ids", expanding=True)))
    assert raw.execute(cursor, other.dialect, in_list, {"ids": []}) is None
    assert raw.execute(cursor, other.dialect, in_list, {"ids": [1]}) is not None
    assert raw.execute(cursor, other.dialect, select(THINGS.c.id), [{"x": 1}, {"y": 2}]) is None  # mixed sets
    assert stored(other)["thing"] == []


def test_a_statement_is_sent_through_sqlalchemy_the_first_time(pair, monkeypatch):
    monkeypatch.setattr(raw, "FIRST_THROUGH_SQLALCHEMY", True)
    other = pair[1]
    cursor = other.connection.driver_connection.cursor()
    stmt = select(func.count()).select_from(THINGS)
    assert raw.execute(cursor, other.dialect, stmt, None) is None
    assert raw.execute(cursor, other.dialect, stmt, None).scalar() == 0
    assert raw.execute(cursor, other.dialect, select(func.count()).select_from(THINGS), None) is None  # another


def test_in_lists_of_any_length_read_what_sqlalchemy_reads(pair):
    both(pair, insert(THINGS), [{**ROW, "name": f"n{i}", "day": date(2026, 3, i)} for i in range(1, 8)])
    assert_same_rows(pair)
    query = select(THINGS.c.name).where(THINGS.c.day.in_(bindparam("days", expanding=True)),
                                        THINGS.c.big == bindparam("big")).order_by(THINGS.c.name)
    for days in ([date(2026, 3, 2)], [date(2026, 3, d) for d in (1, 5, 7, 30)], [date(2026, 3, 3)] * 2):
        a, b = both(pair, query, {"days": days, "big": 2**40})
        assert a.scalars().all() == b.scalars().all() != []


def test_conditional_updates_count_their_rows_and_constants_are_bound(pair):
    both(pair, insert(THINGS), dict(ROW))
    take = update(THINGS).where(THINGS.c.id == bindparam("tid"), THINGS.c.big >= bindparam("qty")).values(
        big=THINGS.c.big - bindparam("qty"), flag=False, note="taken", at=bindparam("when"))
    when = datetime(2026, 3, 2, 1, 2, 3, tzinfo=UTC)
    a, b = both(pair, take, {"tid": 1, "qty": 5, "when": when})
    assert a.rowcount == b.rowcount == 1
    a, b = both(pair, take, {"tid": 1, "qty": 2**41, "when": when})
    assert a.rowcount == b.rowcount == 0
    assert_same_rows(pair)


def test_an_upsert_returning_and_executemany_match(pair):
    stmt = upsert(COUNTER).values(series=bindparam("series"), year=bindparam("year"), last=1)
    stmt = stmt.on_conflict_do_update(index_elements=["series", "year"],
                                      set_={"last": COUNTER.c.last + 1}).returning(COUNTER.c.last)
    for __ in range(3):
        a, b = both(pair, stmt, {"series": "SO", "year": 2026})
        assert a.scalar_one() == b.scalar_one()
    assert b.inserted_primary_key == ("SO", 2026)
    batch = upsert(COUNTER)
    batch = batch.on_conflict_do_update(index_elements=["series", "year"],
                                        set_={"last": COUNTER.c.last + batch.excluded.last})
    both(pair, batch, [{"series": s, "year": 2026, "last": n} for s, n in (("SO", 10), ("JE", 2), ("JE", 3))])
    assert_same_rows(pair)
    assert stored(pair[1])["counter"][-1][-1] == "5"


def test_a_database_refusal_is_the_error_sqlalchemy_raises(pair):
    other = pair[1]
    cursor = other.connection.driver_connection.cursor()
    stmt = insert(THINGS)
    row = {k: v for k, v in ROW.items()}
    assert raw.execute(cursor, other.dialect, stmt, row) is not None
    with pytest.raises(DBAPIError) as caught:
        raw.execute(cursor, other.dialect, stmt, row)  # the same name again: unique
    assert isinstance(caught.value.orig, sqlite3.IntegrityError)
    assert isinstance(domain_error(caught.value), ConcurrentChange)


def test_an_apply_unit_sends_through_sqlalchemy_while_someone_listens_to_the_statements(tmp_path, monkeypatch):
    monkeypatch.setattr(raw, "FIRST_THROUGH_SQLALCHEMY", False)
    engine = create_engine(f"sqlite:///{tmp_path / 'watched.db'}")
    META.create_all(engine)
    heard: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        heard.append(statement.split()[0])

    stmt = select(func.count()).select_from(THINGS)
    try:
        unit = raw.CoreSession(engine.connect())
        assert unit.execute(stmt).scalar() == 0 and heard == []  # straight to the cursor
        unit.close()
        event.listen(engine, "before_cursor_execute", listen)
        unit = raw.CoreSession(engine.connect())
        assert unit.execute(stmt).scalar() == 0 and heard == ["SELECT"]
        unit.rollback()
        unit.close()
    finally:
        engine.dispose()
