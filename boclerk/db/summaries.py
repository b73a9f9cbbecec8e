"""Summaries the database keeps in step with the books itself, by triggers.

``stock_value_day`` (quantity and value per day, product and warehouse) grows with every
insert into ``stock_move``, in the statement's own transaction: whatever writes a move (an
act, an import, a stocktake, the demo's bulk builder, a reversal) keeps the summary equal to
the moves, and ``db check`` recomputes it to prove so. Moves are never updated or deleted
(guards.py), so inserts are all there is to follow.

``sales_day`` (quantity, net, VAT and gross sold less returned, per day shipped, channel and
the decimals of the products' units, for the quantities are summed per unit's decimals) and ``sales_day_orders`` (orders per day shipped and channel) follow the sales
report's rule (services/sales/report.py): an order counts once it has a ``shipped_on`` date
and is not partially shipped; a line counts its quantity less what came back and its amounts
less the returned share, ``round_half_up(amount x returned / qty)``. Triggers on
``order_line`` (insert, update, delete) and ``sales_order`` (its state, day or channel
changing, insert, delete) take out what a row counted before and add what it counts now.

One trigger body serves both databases: SQLite runs it as a trigger program, PostgreSQL as
the body of a plpgsql function (both know NEW and OLD). Each write touches a handful of
summary rows under their primary key; on PostgreSQL the upsert is race-free.
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

_COUNTED = "({o}.shipped_on IS NOT NULL AND {o}.status <> 'partially_shipped')"


def _back(amount: str, line: str) -> str:
    """The returned share of a line's amount, half up away from zero, in integers."""
    return (f"(CASE WHEN {line}.qty_returned = 0 THEN 0 WHEN {amount} >= 0 "
            f"THEN (2 * {amount} * {line}.qty_returned + {line}.qty) / (2 * {line}.qty) "
            f"ELSE -((2 * (-{amount}) * {line}.qty_returned + {line}.qty) / (2 * {line}.qty)) END)")


def _contribution(line: str, sign: str = "") -> str:
    """qty, net, vat, gross a line counts (less returns); ``sign`` '-' takes it out."""
    bg, bv = _back(f"{line}.gross", line), _back(f"{line}.vat", line)
    return (f"{sign}({line}.qty - {line}.qty_returned), {sign}({line}.net - ({bg} - {bv})), "
            f"{sign}({line}.vat - {bv}), {sign}({line}.gross - {bg})")


def _summed_parts(line: str, sign: str = "") -> list[str]:
    """qty, net, vat, gross of a group of lines (less returns)."""
    bg, bv = _back(f"{line}.gross", line), _back(f"{line}.vat", line)
    return [f"{sign}SUM({line}.qty - {line}.qty_returned)", f"{sign}SUM({line}.net - ({bg} - {bv}))",
            f"{sign}SUM({line}.vat - {bv})", f"{sign}SUM({line}.gross - {bg})"]


def _summed(line: str, sign: str = "") -> str:
    return ", ".join(_summed_parts(line, sign))


_DAY_UPSERT = (" ON CONFLICT (shipped_on, channel, decimals) DO UPDATE SET "
               "qty = sales_day.qty + EXCLUDED.qty, net = sales_day.net + EXCLUDED.net, "
               "vat = sales_day.vat + EXCLUDED.vat, gross = sales_day.gross + EXCLUDED.gross")
_DAY_INTO = "INSERT INTO sales_day (shipped_on, channel, decimals, qty, net, vat, gross) "
#: The decimals of a line's product's unit (a product's unit never changes once it has quantities).
_UNIT = "JOIN product p ON p.id = {line}.product_id JOIN unit u ON u.code = p.unit"
_ORDERS_UPSERT = (" ON CONFLICT (shipped_on, channel) DO UPDATE SET "
                  "orders = sales_day_orders.orders + EXCLUDED.orders")


def _line_change(row: str, sign: str) -> str:
    """Add (or, with sign '-', take out) one order line ``row`` (NEW or OLD) if its order counts."""
    return (_DAY_INTO + f"SELECT o.shipped_on, o.channel, u.decimals, {_contribution(row, sign)} "
            f"FROM sales_order o, product p JOIN unit u ON u.code = p.unit WHERE o.id = {row}.order_id "
            f"AND p.id = {row}.product_id AND {_COUNTED.format(o='o')}" + _DAY_UPSERT + ";")


def _order_change(row: str, sign: str) -> str:
    """Add (or take out) an order ``row`` (NEW or OLD): its lines and its count, if it counts."""
    counted = _COUNTED.format(o=row)
    return (_DAY_INTO + f"SELECT {row}.shipped_on, {row}.channel, u.decimals, {_summed('l', sign)} "
            f"FROM order_line l {_UNIT.format(line='l')} WHERE l.order_id = {row}.id AND {counted} "
            "GROUP BY u.decimals" + _DAY_UPSERT + ";"
            f" INSERT INTO sales_day_orders (shipped_on, channel, orders) SELECT {row}.shipped_on, {row}.channel, "
            f"{sign}1 WHERE {counted}" + _ORDERS_UPSERT + ";")


_LINE_CHANGED = ("OLD.qty <> NEW.qty OR OLD.qty_returned <> NEW.qty_returned OR OLD.net <> NEW.net "
                 "OR OLD.vat <> NEW.vat OR OLD.gross <> NEW.gross OR OLD.product_id <> NEW.product_id")
_ORDER_MOVED = (f"({_COUNTED.format(o='OLD')}) <> ({_COUNTED.format(o='NEW')}) OR ({_COUNTED.format(o='NEW')} "
                "AND (OLD.shipped_on <> NEW.shipped_on OR OLD.channel <> NEW.channel))")

#: trigger name -> (table, event, condition or None, body): the sales summaries.
SALES: dict[str, tuple[str, str, str | None, str]] = {
    "trg_sales_day_line_insert": ("order_line", "INSERT", None, _line_change("NEW", "")),
    "trg_sales_day_line_update": ("order_line", "UPDATE", _LINE_CHANGED,
                                  _line_change("OLD", "-") + " " + _line_change("NEW", "")),
    "trg_sales_day_line_delete": ("order_line", "DELETE", None, _line_change("OLD", "-")),
    "trg_sales_day_order_update": ("sales_order", "UPDATE", _ORDER_MOVED,
                                   _order_change("OLD", "-") + " " + _order_change("NEW", "")),
    "trg_sales_day_order_insert": ("sales_order", "INSERT", None, _order_change("NEW", "")),
    "trg_sales_day_order_delete": ("sales_order", "DELETE", None, _order_change("OLD", "-")),
}

for _name, (_table, _event, _when, _body) in SALES.items():
    SQLITE_TRIGGERS[_name] = (f"CREATE TRIGGER {_name} AFTER {_event} ON {_table} "
                              + (f"WHEN {_when} " if _when else "") + f"BEGIN {_body} END")

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

for _name, (_table, _event, _when, _body) in SALES.items():
    _row = "OLD" if _event == "DELETE" else "NEW"
    PG_FUNCTIONS["boclerk_" + _name[4:]] = (
        "BEGIN " + (f"IF {_when} THEN " if _when else "") + _body + (" END IF;" if _when else "")
        + " RETURN NULL; END")

#: PostgreSQL: trigger name -> (table, function).
PG_TRIGGERS: dict[str, tuple[str, str]] = {
    "trg_stock_value_day": ("stock_move", "boclerk_stock_value_day"),
    **{name: (table, "boclerk_" + name[4:]) for name, (table, *_) in SALES.items()},
}

#: PostgreSQL: trigger name -> event.
_PG_EVENTS = {"trg_stock_value_day": "INSERT", **{name: event for name, (_, event, *_) in SALES.items()}}

#: Fill the summaries from the books (the migration, for books that exist).
FILL_SALES = (
    _DAY_INTO + f"SELECT o.shipped_on, o.channel, u.decimals, {_summed('l')} "
    f"FROM sales_order o JOIN order_line l ON l.order_id = o.id {_UNIT.format(line='l')} "
    f"WHERE {_COUNTED.format(o='o')} GROUP BY o.shipped_on, o.channel, u.decimals",
    ("INSERT INTO sales_day_orders (shipped_on, channel, orders) SELECT o.shipped_on, o.channel, COUNT(*) "
     f"FROM sales_order o WHERE {_COUNTED.format(o='o')} GROUP BY o.shipped_on, o.channel"),
)
#: What the sales summaries should hold, recomputed from the orders (``db check``).
SALES_RECOMPUTED = (
    "SELECT o.shipped_on AS shipped_on, o.channel AS channel, u.decimals AS decimals, "
    + ", ".join(f"{part} AS {name}" for part, name in zip(_summed_parts("l"), ("qty", "net", "vat", "gross"),
                                                           strict=True))
    + f" FROM sales_order o JOIN order_line l ON l.order_id = o.id {_UNIT.format(line='l')} "
    f"WHERE {_COUNTED.format(o='o')} GROUP BY o.shipped_on, o.channel, u.decimals")
ORDERS_RECOMPUTED = ("SELECT o.shipped_on AS shipped_on, o.channel AS channel, COUNT(*) AS n FROM sales_order o "
                     f"WHERE {_COUNTED.format(o='o')} GROUP BY o.shipped_on, o.channel")
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
        conn(f"CREATE TRIGGER {trigger} AFTER {_PG_EVENTS[trigger]} ON {table} "
             f"FOR EACH ROW EXECUTE FUNCTION {function}()")


def drop(conn, dialect: str) -> None:
    if dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            conn(f"DROP TRIGGER IF EXISTS {name}")
        return
    for trigger, (table, _) in PG_TRIGGERS.items():
        conn(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for name in PG_FUNCTIONS:
        conn(f"DROP FUNCTION IF EXISTS {name}()")
