"""The order acts' write units take reference data from the process's memo where acts run in one unit
(PostgreSQL; boclerk/db/reference.py): none of them changes reference data, and what they read of it
is still what another process changed last."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from boclerk.db.database import Database
from boclerk.db.phases import planned
from boclerk.services.ledger import vat
from boclerk.services.platform.users import set_role
from boclerk.services.sales import orders as so
from boclerk.services.sales.backorders import top_up_reservations
from boclerk.services.sales.shipping import deliver_order, return_order, ship_order
from tests.services.trade_helpers import assert_sound, order_row, shop, stock_in


def _generation(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT generation FROM reference_generation")).scalar_one()


def test_no_order_act_changes_reference_data(db):
    """Each act whose write unit may read the memo leaves the generation as it found it: were one to
    change an account, a rate or a user, its own later reads would miss the change."""
    shop(db)
    acts = []

    def run(user, fn, *args, **kwargs):
        before = _generation(db)
        done = db.run(user, fn, *args, **kwargs, write=True)
        assert _generation(db) == before, fn.__name__
        acts.append(fn.__name__)
        return done

    number = run("clerk", so.create_order, "ANNA", [so.LineInput("MUG", 2), so.LineInput("DELIVERY", 1)]).number
    run("clerk", so.replace_lines, number, [so.LineInput("MUG", 3), so.LineInput("DELIVERY", 1)])
    run("clerk", so.confirm_order, number)
    run("clerk", so.pay_order, number, order_row(db, number)["total"], method="card")
    run("wh", ship_order, number)
    run("clerk", deliver_order, number)
    run("clerk", return_order, number, [("MUG", 1)], refund=False)
    run("acc", so.refund_order, number, 120000, method="card")
    waiting = run("clerk", so.create_order, "BORIS", [so.LineInput("LAMP", 6)]).number
    db.run("clerk", so.confirm_order, waiting, backorder=True, write=True)
    stock_in(db, "LAMP", 5, 100000)
    run("clerk", top_up_reservations, waiting)
    run("clerk", so.cancel_order, waiting)
    assert set(acts) >= {"create_order", "replace_lines", "confirm_order", "pay_order", "ship_order", "deliver_order",
                         "return_order", "refund_order", "top_up_reservations", "cancel_order"}
    assert_sound(db)


@pytest.fixture
def other(location):
    database = Database.open(location)
    yield database
    database.close()


def test_an_act_in_one_unit_takes_the_actor_from_the_memo_and_sees_another_processs_changes(db, other):
    shop(db)
    db.plan_acts = False  # each act in one unit, as on PostgreSQL (SQLite plans them otherwise)
    assert not planned(db)
    sent: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda c, cur, statement, *rest: sent.append(statement))

    def create():
        sent.clear()
        return db.run("clerk", so.create_order, "ANNA", [so.LineInput("MUG", 1)], write=True).number

    create()
    create()
    assert not any("FROM app_user" in s for s in sent), "the actor read again though nothing changed"
    assert not any("FROM vat_rate" in s for s in sent)
    today = db.run("clerk", lambda uow: uow.today, write=False)
    other.run("admin", vat.set_rate, "standard", today, 10, write=True)
    number = create()
    assert any("FROM vat_rate" in s for s in sent)
    assert order_row(db, number)["vat"] == round(120000 * 10 / 110)  # the new rate, not the memo's
    other.run("admin", set_role, "clerk", "viewer", write=True)
    from boclerk.errors import NotPermitted

    with pytest.raises(NotPermitted):
        create()

