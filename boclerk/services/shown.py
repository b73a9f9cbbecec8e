"""What a service writes, as the shop writes it: days and money in what it says (a refusal, a
check's finding, a reminder) and the words it stores in the books (a journal entry's memo).

Days are written as the shop's locale writes them: ``07.12.2026`` in Russian, ``12/7/2026`` in
English, as the app's lists and the command line's tables show them (boclerk/dates.py); money
too: ``1 234,50`` in Russian, ``1,234.50`` in English (boclerk/money.py). A clerk may type a day
or an amount back in that form.

A memo is stored text that every clerk of the shop reads, whatever their own interface language:
it is written in the shop's language (the one its locale names), not the clerk's. Its words are
catalogue messages marked with ``N_`` and said with :func:`said`; a shop in English writes them as
they are written in the code."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from boclerk.dates import format_day
from boclerk.i18n import language_of, translations

if TYPE_CHECKING:
    from decimal import Decimal

    from boclerk.db.uow import UnitOfWork


def _company(uow: UnitOfWork, column: str, default: str) -> str:
    """One of the company's settings, read once a unit (plain SQL: the quick readers have no ORM)."""
    key = "shop " + column
    found = uow.cache.get(key)
    if found is None:
        from boclerk.db.plain import text

        found = uow.cache[key] = uow.s.execute(
            text(f"SELECT {column} FROM company WHERE id = 1")).scalar() or default  # noqa: S608 - a name from code
    return found


def shop_locale(uow: UnitOfWork) -> str:
    """The shop's locale: how its days and money are written."""
    return _company(uow, "locale", "ru")


def day(uow: UnitOfWork, value: date | None) -> str:
    """``value`` as the shop's locale writes it; nothing for None."""
    return format_day(value, shop_locale(uow)) if value else ""


def money(uow: UnitOfWork, minor: int, currency: str | None = None) -> str:
    """``minor`` units of ``currency`` (the shop's unless told) as the shop's locale writes them,
    without a sign of the currency (``1 234,50``, ``1,234.50``). Written once a unit for each
    amount: a bank statement's reasons name the same amounts again and again."""
    written = uow.cache.get(("money", currency))
    if written is None:
        written = uow.cache[("money", currency)] = {}
    text_ = written.get(minor)
    if text_ is None:
        from boclerk.money import format_amount

        text_ = written[minor] = format_amount(minor, currency=currency or _currency(uow), locale=shop_locale(uow))
    return text_


def _currency(uow: UnitOfWork) -> str:
    return _company(uow, "currency", "RUB")


def language(uow: UnitOfWork) -> str:
    """The language of the shop's books (``company.language``: English for any but Russian), read
    once a unit; its locale says how days and money are written, this what the words say."""
    found = uow.cache.get("books language")
    if found is None:  # read and named once a unit: a bank statement's reasons ask it for each line
        found = uow.cache["books language"] = language_of(_company(uow, "language", "en")) or "en"
    return found


def said(uow: UnitOfWork, message: str, /, **fields: object) -> str:
    """``message`` (marked with ``N_``) in the shop's language, its ``{fields}`` filled in."""
    lang = language(uow)
    words = message if lang == "en" else translations(lang).gettext(message)
    return words.format(**fields) if fields else words


def said_in(locale: str | None, message: str, /, **fields: object) -> str:
    """``message`` in the language ``locale`` names (as written for any but Russian): also what a
    paper the shop prints in the language it is asked for says."""
    lang = language_of(locale) or "en"
    words = message if lang == "en" else translations(lang).gettext(message)
    return words.format(**fields) if fields else words


def said_n(uow: UnitOfWork, message: tuple[str, str], n: int, /, **fields: object) -> str:
    """``message`` (its singular and plural marked with ``NN_``) as the shop's language says ``n``
    of it (three forms in Russian), its ``{fields}`` filled in (``n`` among them)."""
    singular, plural = message
    lang = language(uow)
    words = (singular if n == 1 else plural) if lang == "en" else translations(lang).ngettext(singular, plural, n)
    return words.format(n=n, **fields)


def figure(uow: UnitOfWork, value: Decimal | int) -> str:
    """A figure that is not money (a quantity, a percentage) as the shop's locale writes a number,
    with the decimals it carries: ``1,250`` in Russian, ``1.250`` in English, ``4`` either way."""
    from boclerk.quantity import format_units

    return format_units(value, locale=shop_locale(uow))


def word(uow: UnitOfWork, message: str) -> str:
    """A word kept in a table (marked with ``N_``) in the shop's language."""
    return said(uow, message)
