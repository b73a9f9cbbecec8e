"""The memos an order's entries carry in the books, in the shop's language (services/shown.py):
"Payment for SO-2026-000123 (card)" in an English shop, "Оплата заказа SO-2026-000123 (карта)"
in a Russian one. The demo's orders added in bulk write the same words through these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boclerk.domain.sales_words import METHOD_WORDS
from boclerk.i18n import N_
from boclerk.services.shown import said, word

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


def method(uow: UnitOfWork, code: str) -> str:
    """A payment method's word in the shop's language (a code without a word stays as stored)."""
    return word(uow, METHOD_WORDS[code]) if code in METHOD_WORDS else code


def payment(uow: UnitOfWork, number: str, code: str) -> str:
    return said(uow, N_("Payment for {number} ({method})"), number=number, method=method(uow, code))


def refund(uow: UnitOfWork, number: str, code: str) -> str:
    return said(uow, N_("Refund for {number} ({method})"), number=number, method=method(uow, code))


def shipment(uow: UnitOfWork, number: str) -> str:
    return said(uow, N_("Shipment of {number}"), number=number)


def goods_back(uow: UnitOfWork, number: str, damaged: bool) -> str:
    if damaged:
        return said(uow, N_("Return of {number} (damaged)"), number=number)
    return said(uow, N_("Return of {number}"), number=number)
