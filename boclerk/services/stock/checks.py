"""The stock book's invariants, run by ``boclerk db check``: levels, reservations and cost rows
equal the immutable moves, and the inventory account equals the stock's value."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db.uow import UnitOfWork
from boclerk.services.ledger import book as ledger
from boclerk.i18n import _


def check_levels_match_moves(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT p.sku, w.code, t.on_hand, t.moved FROM "
        "(SELECT product_id, warehouse_id, SUM(on_hand) AS on_hand, SUM(moved) AS moved FROM ("
        "  SELECT product_id, warehouse_id, on_hand, 0 AS moved FROM stock_level"
        "  UNION ALL SELECT product_id, warehouse_id, 0, qty FROM stock_move) u "
        " GROUP BY product_id, warehouse_id HAVING SUM(on_hand) <> SUM(moved)) t "
        "JOIN product p ON p.id = t.product_id JOIN warehouse w ON w.id = t.warehouse_id"
    )).all()
    return [_("{sku} in {wh}: on hand {oh}, moves add up to {mq}").format(
        sku=sku, wh=wh, oh=oh, mq=mq) for sku, wh, oh, mq in rows]


def check_levels_sane(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT p.sku, w.code, l.on_hand, l.reserved FROM stock_level l "
        "JOIN product p ON p.id = l.product_id JOIN warehouse w ON w.id = l.warehouse_id "
        "WHERE l.on_hand < 0 OR l.reserved < 0 OR l.reserved > l.on_hand"
    )).all()
    return [_("{sku} in {wh}: on hand {oh}, reserved {rs}").format(
        sku=sku, wh=wh, oh=oh, rs=rs) for sku, wh, oh, rs in rows]


def check_reservations(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT p.sku, w.code, l.reserved, COALESCE(r.qty, 0) FROM stock_level l "
        "LEFT JOIN (SELECT product_id, warehouse_id, SUM(qty) AS qty FROM reservation WHERE active "
        "GROUP BY product_id, warehouse_id) r ON r.product_id = l.product_id AND r.warehouse_id = l.warehouse_id "
        "JOIN product p ON p.id = l.product_id JOIN warehouse w ON w.id = l.warehouse_id "
        "WHERE l.reserved <> COALESCE(r.qty, 0)"
    )).all()
    return [_("{sku} in {wh}: {lr} reserved, reservations add up to {rq}").format(
        sku=sku, wh=wh, lr=lr, rq=rq) for sku, wh, lr, rq in rows]


def check_cost_rows(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT p.sku, COALESCE(c.qty, 0), COALESCE(c.value, 0), COALESCE(m.qty, 0), COALESCE(m.value, 0) "
        "FROM product p LEFT JOIN product_cost c ON c.product_id = p.id "
        "LEFT JOIN (SELECT product_id, SUM(qty) AS qty, SUM(value) AS value FROM stock_move GROUP BY product_id) m "
        "ON m.product_id = p.id "
        "WHERE COALESCE(c.qty, 0) <> COALESCE(m.qty, 0) OR COALESCE(c.value, 0) <> COALESCE(m.value, 0)"
    )).all()
    return [_("{sku}: cost row {cq} units worth {cv}, moves add up to {mq} units worth {mv}").format(
        sku=sku, cq=cq, cv=cv, mq=mq, mv=mv)
            for sku, cq, cv, mq, mv in rows]


def check_inventory_account(uow: UnitOfWork) -> list[str]:
    inventory = ledger.account(uow, "inventory")
    booked = uow.s.execute(text("SELECT COALESCE(SUM(amount), 0) FROM posting WHERE account_id = :a"),
                           {"a": inventory.id}).scalar_one()
    valued = uow.s.execute(text("SELECT COALESCE(SUM(value), 0) FROM stock_move")).scalar_one()
    if booked != valued:
        return [_("account {code} holds {booked}, the stock is valued at {valued} (minor units)").format(
            code=inventory.code, booked=booked, valued=valued)]
    return []


def check_value_summary(uow: UnitOfWork) -> list[str]:
    """``stock_value_day`` equals the moves recomputed, and its trigger is in place."""
    from boclerk.db import summaries

    rows = uow.s.execute(text(
        "SELECT t.move_date, p.sku, w.code, t.sq, t.mq, t.sv, t.mv FROM "
        "(SELECT move_date, product_id, warehouse_id, SUM(sq) AS sq, SUM(mq) AS mq, SUM(sv) AS sv, SUM(mv) AS mv FROM ("
        "  SELECT move_date, product_id, warehouse_id, qty AS sq, 0 AS mq, value AS sv, 0 AS mv FROM stock_value_day"
        "  UNION ALL SELECT move_date, product_id, warehouse_id, 0, qty, 0, value FROM stock_move) u "
        " GROUP BY move_date, product_id, warehouse_id HAVING SUM(sq) <> SUM(mq) OR SUM(sv) <> SUM(mv)) t "
        "JOIN product p ON p.id = t.product_id JOIN warehouse w ON w.id = t.warehouse_id "
        "ORDER BY t.move_date, p.sku, w.code LIMIT 50"
    )).all()
    problems = [_("stock value of {sku} in {wh} on {day}: summary {sq} units {sv}, moves {mq} units {mv}").format(
        sku=sku, wh=wh, day=day, sq=sq, sv=sv, mq=mq, mv=mv)
                for day, sku, wh, sq, mq, sv, mv in rows]
    if uow.db.dialect == "sqlite":
        have = set(uow.s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        wanted = set(summaries.SQLITE_TRIGGERS)
    else:
        have = set(uow.s.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")))
        wanted = set(summaries.PG_TRIGGERS)
    problems += [_("the trigger {name} that keeps a summary in step is missing or disabled").format(name=name)
                 for name in sorted(wanted - have)]
    return problems
