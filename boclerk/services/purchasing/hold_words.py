"""Why a supplier bill is held, set aside or reversed: stored text in the words of the books.

A bill's hold reason is written like a memo (:mod:`boclerk.services.shown`): in the language of
the books (``company.language``), its amounts, quantities and percentages as the shop's locale
writes them, and every clerk reads it as it is stored, whatever their own interface speaks. It is
one or more of the parts below, joined by "; ".

A reason stored before the books had a language of their own is English with plain figures
(``MUG: price 5490.00 against 5000.00 agreed (+9.8%)``). :func:`read_hold` reads it in the words
of the books: each part of a known shape is said again in them, with its figures as the locale
writes them; a part of no known shape (what a person typed) stays as it is. A reason written in
the books' words reads as it is: its figures are not plain decimals, and its words are the books'.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from boclerk.i18n import N_
from boclerk.services import shown

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

NOT_ON_PO = N_("{sku} is not on {po}")
BILLED_BEYOND = N_("{sku}: billed {billed}, received and not yet billed {left}")
PRICE_AFTER = N_("{sku}: price {price} after the bill's allowances and charges against {agreed} agreed ({gap})")
PRICE = N_("{sku}: price {price} against {agreed} agreed ({gap})")
REPLACED = N_("replaced by correction {correction} ({number})")
REVERSED_WHY = N_("reversed by {entry}: {reason}")
REVERSED = N_("reversed by {entry}")
#: the gap of a price when nothing was agreed (a PO line at 0)
NEW_PRICE = N_("new price")

#: each part as it was stored in English, and the message that says it
_PARTS = (
    (re.compile(r"(?P<sku>.+) is not on (?P<po>\S+)"), NOT_ON_PO),
    (re.compile(r"(?P<sku>.+): billed (?P<billed>.+), received and not yet billed (?P<left>.+)"), BILLED_BEYOND),
    (re.compile(r"(?P<sku>.+): price (?P<price>.+?) after the bill's allowances and charges against "
                r"(?P<agreed>.+?) agreed \((?P<gap>[^)]*)\)"), PRICE_AFTER),
    (re.compile(r"(?P<sku>.+): price (?P<price>.+?) against (?P<agreed>.+?) agreed \((?P<gap>[^)]*)\)"), PRICE),
    (re.compile(r"replaced by correction (?P<correction>\S+) \((?P<number>[^)]*)\)"), REPLACED),
    (re.compile(r"reversed by (?P<entry>\S+): (?P<reason>.*)", re.DOTALL), REVERSED_WHY),
    (re.compile(r"reversed by (?P<entry>\S+)"), REVERSED),
)
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_PERCENT = re.compile(r"([+-])([0-9]+\.[0-9])%")


def gap(uow: UnitOfWork, part: int, whole: int) -> str:
    """How far a price is from the agreed one, as the locale writes a number: ``+9,8%``."""
    if not whole:
        return shown.said(uow, NEW_PRICE)
    text = f"{Decimal(part) * 100 / whole:+.1f}"
    return text[0] + shown.figure(uow, Decimal(text[1:])) + "%"


def _figure(uow: UnitOfWork, key: str, value: str) -> str:
    """A figure of an old reason as the locale writes it (one that is not plain stays)."""
    if key in ("price", "agreed", "billed", "left") and _PLAIN.fullmatch(value):
        return shown.figure(uow, Decimal(value))
    if key == "gap":
        if value == "new":
            return shown.said(uow, NEW_PRICE)
        percent = _PERCENT.fullmatch(value)
        if percent:
            return percent[1] + shown.figure(uow, Decimal(percent[2])) + "%"
    if key == "reason":
        return _part(uow, value)
    return value


def _part(uow: UnitOfWork, part: str) -> str:
    for pattern, message in _PARTS:
        m = pattern.fullmatch(part)
        if m:
            return shown.said(uow, message, **{k: _figure(uow, k, v) for k, v in m.groupdict().items()})
    return part


def read_hold(uow: UnitOfWork, stored: str) -> str:
    """A bill's stored hold reason in the words of the books (one stored in English before they
    had a language of their own said again in them); nothing for nothing."""
    if not stored:
        return stored
    return "; ".join(_part(uow, part) for part in stored.split("; "))
