"""The shop's own details: country, tax ids and bank details, checked like a partner's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput

EDIT = act("ledger.company")
FIELDS = ("name", "country", "tax_id", "kpp", "ogrn", "bik", "bank_account")


@dataclass(frozen=True)
class CompanyRow:
    name: str
    currency: str
    country: str
    tax_id: str
    kpp: str
    ogrn: str
    bik: str
    bank_account: str


def _row(c) -> CompanyRow:
    return CompanyRow(c.name, c.currency, c.country, c.tax_id, c.kpp, c.ogrn, c.bik, c.bank_account)


def company_details(uow: UnitOfWork) -> CompanyRow:
    uow.require(Perm.READ)
    return _row(uow.company)


def set_company_details(uow: UnitOfWork, **values: Any) -> CompanyRow:
    """Change the shop's name and requisites; tax ids and bank details by the country's rules."""
    from boclerk.services.catalog.partners import requisites

    uow.require(EDIT)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown company field(s): {', '.join(sorted(unknown))}.")
    if not values:
        raise InvalidInput("Nothing to change.")
    values = {k: str(v).strip() for k, v in values.items()}
    if "name" in values and not values["name"]:
        raise InvalidInput("The company name must not be empty.")
    c = uow.company
    requisites(uow, values, c)
    before = {k: getattr(c, k) for k in values}
    for key, value in values.items():
        setattr(c, key, value)
    uow.s.flush()
    uow.audit("company.edit", "company", 1, before=before, after=values)
    return _row(c)
