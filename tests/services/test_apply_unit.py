"""The apply unit of a planned act: a plain connection, the plan's actor checked, the pragma kept.

The apply phase runs on a connection without an ORM session and does not load its actor again:
it takes the one the plan's unit loaded and checks with one statement that the account is
unchanged. Rights withdrawn between the plan and the apply must still be refused, with the
sentence the one-phase act gives, and nothing written.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from boclerk.db import phases, raw
from boclerk.errors import NotPermitted
from boclerk.services.platform.users import set_active, set_role
from boclerk.services.sales import orders as so
from tests.services.trade_helpers import act, assert_sound, order, order_row, shop, sql_one

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _between_phases(monkeypatch, fn, change) -> list:
    """``change()`` once, after the first plan is made and before it is applied; returns the plans started."""
    plans = []
    prepare, __ = phases.phases(fn)

    def preparing(uow, *args, **kwargs):
        plans.append(len(plans) + 1)
        plan = prepare(uow, *args, **kwargs)
        if len(plans) == 1:
            change()
        return plan

    monkeypatch.setattr(fn, "prepare", preparing)
    return plans


def _audit_count(db) -> int:
    return sql_one(db, "SELECT count(*) FROM audit_event")


def test_rights_withdrawn_between_plan_and_apply_are_refused(db, monkeypatch):
    shop(db)
    number = order(db, "ANNA", ("MUG", 1))
    plans = _between_phases(monkeypatch, so.confirm_order, lambda: act(db, "admin", set_role, "clerk", "viewer"))
    events = _audit_count(db)
    with pytest.raises(NotPermitted, match=r"clerk \(viewer\) may not"):
        db.run("clerk", so.confirm_order, number, write=True)
    assert len(plans) == 2  # the apply saw the changed account; the second plan met the refusal
    assert order_row(db, number)["status"] == "draft"
    assert sql_one(db, "SELECT count(*) FROM reservation") == 0
    assert _audit_count(db) == events + 1  # the role's change only
    assert_sound(db)


def test_an_account_disabled_between_plan_and_apply_is_refused(db, monkeypatch):
    shop(db)
    _between_phases(monkeypatch, so.create_order, lambda: act(db, "admin", set_active, "clerk", False))
    orders = sql_one(db, "SELECT count(*) FROM sales_order")
    with pytest.raises(NotPermitted, match="'clerk' is disabled"):
        db.run("clerk", so.create_order, "ANNA", [so.LineInput("MUG", 1)], write=True)
    assert sql_one(db, "SELECT count(*) FROM sales_order") == orders
    assert sql_one(db, "SELECT count(*) FROM number_series WHERE series = 'SO'") == 0
    assert_sound(db)


def test_rights_given_between_plan_and_apply_let_the_act_through(db, monkeypatch):
    """A change of the account that keeps the right (clerk to admin) plans again and succeeds."""
    shop(db)
    number = order(db, "ANNA", ("MUG", 1))
    plans = _between_phases(monkeypatch, so.confirm_order, lambda: act(db, "admin", set_role, "clerk", "admin"))
    assert db.run("clerk", so.confirm_order, number, write=True).status == "confirmed"
    assert len(plans) == 2
    assert_sound(db)


def test_the_apply_unit_checks_its_actor_without_loading_it_again(db, monkeypatch):
    shop(db)
    number = order(db, "ANNA", ("MUG", 1))
    seen: list[str] = []

    def statement(conn, cursor, sql, params, context, executemany):
        seen.append(" ".join(sql.split()))

    sent_raw = raw.execute

    def straight(cursor, dialect, stmt, params):  # what the apply unit sends past SQLAlchemy
        done = sent_raw(cursor, dialect, stmt, params)
        if done is not None:
            seen.append(" ".join(str(stmt.compile(dialect=dialect)).split()))
        return done

    monkeypatch.setattr(raw, "execute", straight)
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        db.run("clerk", so.confirm_order, number, write=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    by_name = [s for s in seen if "FROM app_user WHERE name" in s]
    begins = [i for i, s in enumerate(seen) if s == "BEGIN IMMEDIATE"]
    assert len(by_name) == 1 and len(begins) == 1  # loaded once, in the plan's read unit
    assert seen.index(by_name[0]) < begins[0]
    assert any("FROM app_user WHERE app_user.id" in s for s in seen[begins[0]:])


def test_write_units_keep_their_synchronous_setting_on_a_reused_connection(db):
    """The pragma is sent once per connection and setting: units commit with NORMAL (they sync the
    WAL themselves after), a plain write transaction on ``db.write_engine`` with FULL, in any order
    on the same pooled connections."""
    shop(db)
    number = order(db, "ANNA", ("MUG", 1))
    got = []
    __, apply = phases.phases(so.confirm_order)

    def applying(uow, plan):
        got.append(uow.s.execute(text("PRAGMA synchronous")).scalar())
        return apply(uow, plan)

    def plain() -> None:
        with db.write_engine.begin() as conn:
            got.append(conn.execute(text("PRAGMA synchronous")).scalar())

    def unit() -> None:
        with db.write("admin") as uow:
            got.append(uow.s.execute(text("PRAGMA synchronous")).scalar())

    so.confirm_order.apply = applying
    try:
        plain()
        unit()
        unit()
        plain()
        db.run("clerk", so.confirm_order, number, write=True)
        plain()
    finally:
        so.confirm_order.apply = apply
    assert got == [2, 1, 1, 2, 1, 2]  # FULL, NORMAL, NORMAL, FULL, NORMAL, FULL
