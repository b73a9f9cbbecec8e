"""Summaries the database keeps in step with the books itself, by triggers.

``stock_value_day`` (quantity and value per day, product and warehouse) grows with every
insert into ``stock_move``, in the statement's own transaction: whatever writes a move (an
act, an import, a stocktake, the demo's bulk builder, a reversal) keeps the summary equal to
the moves, and ``db check`` recomputes it to prove so. Moves are never updated or deleted
(guards.py), so inserts are all there is to follow.
"""

from __future__ import annotations

#: SQLite: trigger name -> DDL.
SQLITE_TRIGGERS: dict[str, str] = {
    "trg_stock_value_day": (
        "CREATE TRIGGER trg_stock_value_day AFTER INSERT ON stock_move BEGIN "
        "INSERT INTO stock_value_day (move_date, product_id, warehouse_id, qty, value) "
        "VALUES (NEW.move_date, NEW.product_id, NEW.warehouse_id, NEW.qty, NEW.value) "
        "ON CONFLICT (move_date, product_id, warehouse_id) "
        "DO UPDATE SET qty = qty + excluded.qty, value = value + excluded.value; END"),
}

#: PostgreSQL: function name -> body (plpgsql).
PG_FUNCTIONS: dict[str, str] = {
    "boclerk_stock_value_day": """
       BEGIN
         INSERT INTO stock_value_day (move_date, product_id, warehouse_id, qty, value)
         VALUES (NEW.move_date, NEW.product_id, NEW.warehouse_id, NEW.qty, NEW.value)
         ON CONFLICT (move_date, product_id, warehouse_id)
         DO UPDATE SET qty = stock_value_day.qty + EXCLUDED.qty, value = stock_value_day.value + EXCLUDED.value;
         RETURN NULL;
       END""",
}

#: PostgreSQL: trigger name -> (table, function).
PG_TRIGGERS: dict[str, tuple[str, str]] = {
    "trg_stock_value_day": ("stock_move", "boclerk_stock_value_day"),
}

#: Fills the summary from the moves (the migration, for books that exist).
FILL = ("INSERT INTO stock_value_day (move_date, product_id, warehouse_id, qty, value) "
        "SELECT move_date, product_id, warehouse_id, SUM(qty), SUM(value) FROM stock_move "
        "GROUP BY move_date, product_id, warehouse_id")


def create(conn, dialect: str) -> None:
    """Create the summaries' triggers (``conn`` executes plain SQL strings)."""
    if dialect == "sqlite":
        for ddl in SQLITE_TRIGGERS.values():
            conn(ddl)
        return
    for name, body in PG_FUNCTIONS.items():
        conn(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$")
    for trigger, (table, function) in PG_TRIGGERS.items():
        conn(f"CREATE TRIGGER {trigger} AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")


def drop(conn, dialect: str) -> None:
    if dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            conn(f"DROP TRIGGER IF EXISTS {name}")
        return
    for trigger, (table, _) in PG_TRIGGERS.items():
        conn(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for name in PG_FUNCTIONS:
        conn(f"DROP FUNCTION IF EXISTS {name}()")
