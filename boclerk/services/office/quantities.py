"""Quantities of supply requests, in one place.

A request line keeps its quantity as the integer the purchase order line will carry, in the
product's unit. Reading one from a person, showing it, and valuing it go through these
functions only, so that a change of the quantity model touches nothing else of the office.
"""

from __future__ import annotations

from boclerk.errors import InvalidInput


def parse_qty(value: object, product=None, *, what: str = "quantity") -> int:
    """A quantity typed or given for ``product``, as the stored integer; refused unless positive."""
    if isinstance(value, bool):
        raise InvalidInput(f"{what}: '{value}' is not a quantity.")
    if isinstance(value, int):
        qty = value
    else:
        from boclerk.money import parse_quantity

        try:
            qty = parse_quantity(str(value))
        except InvalidInput as exc:
            raise InvalidInput(f"{what}: {exc.message}") from None
    if qty <= 0:
        raise InvalidInput(f"{what}: the quantity must be a positive whole number.")
    return qty


def show_qty(qty: int, product=None) -> str:
    """A stored quantity as a person reads it."""
    return str(qty)


def line_value(qty: int, unit_price: int, product=None) -> int:
    """What a line of ``qty`` at ``unit_price`` (per unit, minor units) comes to."""
    return qty * unit_price
