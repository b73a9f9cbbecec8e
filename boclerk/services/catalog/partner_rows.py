"""What a customer or supplier is to the faces: plain rows, readable without SQLAlchemy (``boclerk
show customer`` reads one with sqlite3 alone: :func:`boclerk.services.lookup.partner`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CustomerRow:
    code: str
    name: str
    email: str
    phone: str
    address: str
    notes: str
    active: bool
    version: int
    country: str = "RU"
    tax_id: str = ""
    kind: str = "person"  # CustomerKind: person, organisation, sole_trader
    kpp: str = ""


@dataclass(frozen=True)
class SupplierRow:
    code: str
    name: str
    tax_id: str
    contact: str
    email: str
    phone: str
    address: str
    payment_terms_days: int
    active: bool
    version: int
    country: str = "RU"
    currency: str | None = None  # None: the books' currency
    kpp: str = ""
    ogrn: str = ""
    bik: str = ""
    bank_account: str = ""
