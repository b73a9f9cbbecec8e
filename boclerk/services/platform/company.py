"""The shop's own details: country, tax ids and bank details, checked like a partner's.

Read with plain SQL (:func:`company_details`), so that ``boclerk company show`` is answered before
typer, SQLAlchemy and the ORM schema are loaded (boclerk/cli/quick.py), as the other lookups are."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from boclerk.db.plain import core_only, text
from boclerk.domain.acts import act
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput
from boclerk.i18n import _

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

EDIT = act("ledger.company")
FIELDS = ("name", "country", "tax_id", "kpp", "ogrn", "bik", "bank_account", "legal_address", "bank_name",
          "corr_account", "director", "chief_accountant", "language")


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
    legal_address: str = ""
    bank_name: str = ""
    corr_account: str = ""
    director: str = ""
    chief_accountant: str = ""
    language: str = "en"  # what the words the services write into the books say (memos, reasons)


def _row(c) -> CompanyRow:
    return CompanyRow(c.name, c.currency, c.country, c.tax_id, c.kpp, c.ogrn, c.bik, c.bank_account,
                      c.legal_address, c.bank_name, c.corr_account, c.director, c.chief_accountant, c.language)


def _corr_account(bik: str, account: str) -> str:
    """A correspondent account (301..., 20 digits) whose control key matches the BIK; '' clears it."""
    import re

    from boclerk.domain.taxids import account_key_ok

    account = re.sub(r"\s", "", account or "")
    if not account:
        return ""
    if not re.fullmatch(r"301[0-9]{17}", account):
        raise InvalidInput(_("'{account}' is not a correspondent account: it has 20 digits and starts "
            "with 301.").format(account=account))
    if not bik:
        raise InvalidInput(_("Give the bank's BIK (--bik) with its correspondent account."))
    if not account_key_ok(bik, account):
        raise InvalidInput(_("The correspondent account {account} does not belong to the bank with BIK {bik}: its "
            "control key does not match.").format(account=account, bik=bik))
    return account


@core_only
def company_details(uow: UnitOfWork) -> CompanyRow:
    """The company's row as :class:`CompanyRow` gives it, read with plain SQL: the same values the
    ORM's row gives (every field is text), on a quick reader or a full unit alike."""
    from boclerk.errors import DatabaseUnavailable

    uow.require(Perm.READ)
    names = [f.name for f in fields(CompanyRow)]
    row = uow.s.execute(text(f"SELECT {', '.join(names)} FROM company WHERE id = 1")).first()  # noqa: S608 - names from code
    if row is None:  # as the unit's company row says it
        raise DatabaseUnavailable(_("The database has no company settings; was it initialised?"))
    return CompanyRow(*row)


def set_company_details(uow: UnitOfWork, **values: Any) -> CompanyRow:
    """Change the shop's name and requisites; tax ids and bank details by the country's rules."""
    from boclerk.services.catalog.partners import requisites

    uow.require(EDIT)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown company field(s): {fields}.").format(fields=', '.join(sorted(unknown))))
    if not values:
        raise InvalidInput(_("Nothing to change."))
    values = {k: str(v).strip() for k, v in values.items()}
    if "name" in values and not values["name"]:
        raise InvalidInput(_("The company name must not be empty."))
    if "language" in values:
        from boclerk.i18n import LANGUAGES

        if values["language"].lower() not in LANGUAGES:
            from boclerk.domain.card_words import LANGUAGE_WORDS
            from boclerk.domain.code_words import choices

            raise InvalidInput(_("'{language}' is not a language of the books; choose {codes}.").format(
                language=values["language"], codes=choices(LANGUAGES, LANGUAGE_WORDS)))
        values["language"] = values["language"].lower()
    c = uow.company
    requisites(uow, values, c)
    if "corr_account" in values or ("bik" in values and c.corr_account):
        values["corr_account"] = _corr_account(values.get("bik", c.bik), values.get("corr_account", c.corr_account))
    before = {k: getattr(c, k) for k in values}
    for key, value in values.items():
        setattr(c, key, value)
    uow.s.flush()
    uow.audit("company.edit", "company", 1, before=before, after=values)
    return _row(c)


def require_details(uow: UnitOfWork, needed: tuple[str, ...], why: str) -> None:
    """Refuse, naming them, when any of the company's ``needed`` fields is not set: ``why`` is
    what the document prints ("An invoice for payment prints ..."), the rest says which are
    missing in the words the company's card uses. Faces add their own way of setting them, or,
    to a person who may not set them, of asking an administrator."""
    from boclerk.domain.acts import act
    from boclerk.domain.card_words import COMPANY_LABELS
    from boclerk.errors import CompanyDetailsMissing

    missing = tuple(name for name in needed if not getattr(uow.company, name))
    if not missing:
        return
    words = [_(COMPANY_LABELS[name]) for name in missing]
    words = [w if w[:2].isupper() else w[:1].lower() + w[1:] for w in words]  # ИНН stays, Счёт is a word
    raise CompanyDetailsMissing(_("{why}; not set yet: {fields}.").format(why=why, fields=", ".join(words)), missing,
                                may_set=uow.can(act("ledger.company")))
