"""Units of measure and a product's quantities: what a clerk types, what the books keep.

Services take quantities in units (an ``int`` or an exact ``Decimal``: 4, Decimal("1.25"))
and keep them as integers of the unit's smallest fraction (:mod:`boclerk.quantity`); rows
that go back to the faces carry them in units again, as Decimals with the unit's decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from boclerk import quantity
from boclerk.db.reference import memo, remembered
from boclerk.db.uow import UnitOfWork
from boclerk.domain.bounds import check_qty
from boclerk.domain.catalog import Product, Unit
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _


@dataclass(frozen=True)
class UnitRow:
    code: str
    okei: str
    name_ru: str
    name_en: str
    symbol_ru: str
    symbol_en: str
    decimals: int

    def symbol(self, locale: str = "ru") -> str:
        return self.symbol_ru if locale.startswith("ru") else self.symbol_en

    def named(self, language: str) -> str:
        """The unit as a choice names it in ``language``: its name and symbol ("штука (шт)",
        "kilogram (kg)"); the code stays what is stored."""
        name, symbol = (self.name_ru, self.symbol_ru) if language == "ru" else (self.name_en, self.symbol_en)
        return name if name == symbol else f"{name} ({symbol})"


_UNITS = Unit.__table__
_UNIT_ROWS = select(_UNITS.c.code, _UNITS.c.okei, _UNITS.c.name_ru, _UNITS.c.name_en, _UNITS.c.symbol_ru,
                    _UNITS.c.symbol_en, _UNITS.c.decimals)


def units(uow: UnitOfWork) -> dict[str, Unit | UnitRow]:
    """Every unit by code (a small table, read once per unit of work; in a read unit plain rows the
    process keeps while the reference data is unchanged, :mod:`boclerk.db.reference`). Not to be changed."""
    cached = uow.cache.get(("units",))
    if cached is None:
        if memo(uow) is None:
            cached = {u.code: u for u in uow.s.scalars(select(Unit))}
        else:
            cached = remembered(uow, ("units",), lambda: {r[0]: UnitRow(*r) for r in uow.s.execute(_UNIT_ROWS)})
        uow.cache[("units",)] = cached
    return cached


def unit_code(uow: UnitOfWork, text: str) -> str:
    """A unit named by its code, its OKEI code or its symbol (pcs, 796, шт, кг ...)."""
    key = str(text or "").strip().lower()
    for u in units(uow).values():
        if key in (u.code, u.okei, u.symbol_ru.lower(), u.symbol_en.lower(), u.name_ru, u.name_en):
            return u.code
    from boclerk.domain.code_words import choices
    from boclerk.i18n import words_language

    known = units(uow)
    raise InvalidInput(_("'{text}' is not a unit; choose {codes}; an OKEI code does too.").format(
        text=text, codes=choices(sorted(known), lambda code: known[code].symbol(words_language()))))


def decimals(uow: UnitOfWork, p: Product | str) -> int:
    code = p if isinstance(p, str) else p.unit
    u = units(uow).get(code)
    return u.decimals if u is not None else 0


def symbol(uow: UnitOfWork, p: Product | str) -> str:
    code = p if isinstance(p, str) else p.unit
    u = units(uow).get(code)
    return u.symbol(uow.company.locale) if u is not None else code


def stored(uow: UnitOfWork, p: Product, qty: int | Decimal, *, what: str = "", allow_negative: bool = False,
           allow_zero: bool = False) -> int:
    """A quantity of ``p`` in units, as the books keep it; refused with a sentence naming the product."""
    try:
        n = quantity.to_stored(qty, decimals(uow, p), unit=f"{p.sku} ({symbol(uow, p)})",
                               allow_negative=allow_negative, allow_zero=allow_zero)
    except InvalidInput as exc:
        message = exc.message[0].lower() + exc.message[1:] if what and exc.message[:1].isupper() else exc.message
        raise InvalidInput(_("{what}: {message}").format(what=what, message=message) if what else message) from None
    return check_qty(n, what or p.sku, decimals(uow, p))


def shown(uow: UnitOfWork, p: Product | str, stored_qty: int) -> Decimal:
    """A stored quantity of ``p`` back in units, with exactly its unit's decimals."""
    return quantity.to_units(int(stored_qty), decimals(uow, p))


def text(uow: UnitOfWork, p: Product | str, stored_qty: int) -> str:
    """A quantity for a sentence, as the sentence's language writes it: "1,25 кг", "4 шт"; "1.25 kg"."""
    from boclerk.i18n import words_language

    code = p if isinstance(p, str) else p.unit
    u = units(uow).get(code)
    symbol = code if u is None else u.symbol_ru if words_language() == "ru" else u.symbol_en
    return f"{quantity.said(shown(uow, p, stored_qty))} {symbol}"


def list_units(uow: UnitOfWork) -> list[UnitRow]:
    uow.require(Perm.READ)
    return [UnitRow(u.code, u.okei, u.name_ru, u.name_en, u.symbol_ru, u.symbol_en, u.decimals)
            for u in sorted(units(uow).values(), key=lambda u: u.code)]
