"""Quantities of supply requests, in one place.

A request line keeps its quantity as the books keep every quantity: an integer of the
product's unit's smallest fraction (:mod:`boclerk.quantity`), so 2.5 kg of coffee is 2500 and
4 packs of paper is 4. Reading one from a person, showing it, valuing it and handing it to a
purchase order go through these functions only.
"""

from __future__ import annotations

from decimal import Decimal

from boclerk import quantity
from boclerk.db.uow import UnitOfWork
from boclerk.domain.catalog import Product
from boclerk.errors import InvalidInput
from boclerk.i18n import _
from boclerk.money import line_total
from boclerk.services.catalog import units


def parse_qty(uow: UnitOfWork, value: object, product: Product, *, what: str = "quantity") -> int:
    """A quantity typed ("2,5", "4") or given (4, Decimal("2.5")) for ``product``, as stored;
    refused unless positive and within the decimals of the product's unit."""
    if isinstance(value, bool):
        raise InvalidInput(_("{what}: '{value}' is not a quantity.").format(what=what, value=value))
    if not isinstance(value, int | Decimal):
        try:
            value = quantity.parse(str(value), locale=uow.company.locale)
        except InvalidInput as exc:
            raise InvalidInput(f"{what}: {exc.message}") from None
    return units.stored(uow, product, value, what=what)


def in_units(uow: UnitOfWork, qty: int, product: Product | str) -> Decimal:
    """A stored quantity back in the product's units (what a purchase order line takes)."""
    return units.shown(uow, product, qty)


def line_value(uow: UnitOfWork, qty: int, unit_price: int, product: Product) -> int:
    """What a line of ``qty`` (stored) at ``unit_price`` (per whole unit, minor units) comes to."""
    return line_total(qty, unit_price, 0, units.decimals(uow, product))
