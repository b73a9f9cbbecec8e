"""Amounts in words for the documents (num2words), roubles in words and kopecks in digits."""

from __future__ import annotations

__all__ = ["amount_in_words"]

_RU_ROUBLES = ("рубль", "рубля", "рублей")
_RU_KOPECKS = ("копейка", "копейки", "копеек")


def _ru_form(n: int, forms: tuple[str, str, str]) -> str:
    """The Russian plural of a count: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    if n % 100 in range(11, 15):
        return forms[2]
    return forms[0] if n % 10 == 1 else forms[1] if n % 10 in (2, 3, 4) else forms[2]


def amount_in_words(minor: int, locale: str = "ru") -> str:
    """``Двадцать три тысячи четыреста пятьдесят рублей 50 копеек`` (en: ``Twenty-three thousand ... roubles 50 kopecks``)."""
    from num2words import num2words

    roubles, kopecks = divmod(abs(minor), 100)
    if locale.startswith("ru"):
        text = f"{num2words(roubles, lang='ru')} {_ru_form(roubles, _RU_ROUBLES)} {kopecks:02d} " \
               f"{_ru_form(kopecks, _RU_KOPECKS)}"
    else:
        text = f"{num2words(roubles, lang='en')} {'rouble' if roubles == 1 else 'roubles'} {kopecks:02d} " \
               f"{'kopeck' if kopecks == 1 else 'kopecks'}"
    text = ("минус " if locale.startswith("ru") else "minus ") + text if minor < 0 else text
    return text[0].upper() + text[1:]
