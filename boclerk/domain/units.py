"""The units every database starts with, and their words: a table without the ORM, so that the
command line's quick lookups can name a unit without loading SQLAlchemy."""

from __future__ import annotations

#: The units every database starts with: (code, OKEI, name ru, name en, symbol ru, symbol en, decimals).
STANDARD_UNITS = (
    ("pcs", "796", "штука", "piece", "шт", "pcs", 0),
    ("kg", "166", "килограмм", "kilogram", "кг", "kg", 3),
    ("g", "163", "грамм", "gram", "г", "g", 0),
    ("t", "168", "тонна", "tonne", "т", "t", 3),
    ("m", "006", "метр", "metre", "м", "m", 3),
    ("m2", "055", "квадратный метр", "square metre", "м²", "m²", 2),
    ("m3", "113", "кубический метр", "cubic metre", "м³", "m³", 3),
    ("l", "112", "литр", "litre", "л", "l", 3),
    ("ml", "111", "миллилитр", "millilitre", "мл", "ml", 0),
    ("pack", "778", "упаковка", "pack", "упак", "pack", 0),
    ("box", "812", "ящик", "box", "ящ", "box", 0),
    ("set", "839", "комплект", "set", "компл", "set", 0),
    ("pair", "715", "пара", "pair", "пар", "pair", 0),
    ("roll", "736", "рулон", "roll", "рул", "roll", 0),
    ("h", "356", "час", "hour", "ч", "h", 2),
)
UNITS = tuple(u[0] for u in STANDARD_UNITS)
UNIT_DECIMALS = {u[0]: u[6] for u in STANDARD_UNITS}


def unit_symbol(code: str, language: str) -> str:
    """A standard unit as ``language`` writes it ("шт", "кг"; "pcs", "kg"), any other by its code."""
    unit = next((u for u in STANDARD_UNITS if u[0] == code), None)
    return code if unit is None else unit[4] if language == "ru" else unit[5]


def standard_unit(text: str) -> str | None:
    """The code of a standard unit named by its code, OKEI code, symbol or name (кг, 166, kg)."""
    key = str(text or "").strip().lower()
    for code, okei, name_ru, name_en, sym_ru, sym_en, _ in STANDARD_UNITS:
        if key in (code, okei, name_ru, name_en, sym_ru.lower(), sym_en.lower()):
            return code
    return None
