"""Tax ids and bank details, checked by the rules of the partner's country (python-stdnum).

Russia: INN (10 digits for a company, 12 for a person, with their check digits), KPP, OGRN
(13) or OGRNIP (15); EU member states: the VAT number with its country prefix, or where a
business may have none (Germany: the Steuernummer), the national tax number; any other
country: kept as given. Bank details (Russia): the BIK and the account's control key, which
is computed over the BIK and the 20-digit account.
"""

from __future__ import annotations

import re

from boclerk.errors import InvalidInput
from boclerk.i18n import _

#: Member states whose VAT numbers python-stdnum checks (Greece writes EL).
EU_COUNTRIES = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())

#: A business's national tax number where it may trade without a VAT number (a small German
#: business invoices with its Steuernummer alone): the python-stdnum module that checks it.
NATIONAL_TAX_NUMBERS = {"DE": "stdnum.de.stnr"}


def country_code(text: str | None) -> str:
    """An ISO 3166 alpha-2 code, upper case; RU when none is given."""
    code = (text or "RU").strip().upper()
    if code == "EL":
        code = "GR"
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InvalidInput(_("'{text}' is not a country code (two letters, e.g. RU, DE, CN).").format(text=text))
    return code


def normalise_tax_id(tax_id: str, country: str) -> str:
    """The tax id in its compact form, checked by the country's rules; '' stays ''.

    Raises InvalidInput with one sentence when the number is not valid.
    """
    raw = (tax_id or "").strip()
    if not raw:
        return ""
    country = country_code(country)
    if country == "RU":
        from stdnum.exceptions import ValidationError
        from stdnum.ru import inn

        number = re.sub(r"[\s-]", "", raw)
        if not re.fullmatch(r"[0-9]{10}|[0-9]{12}", number):
            raise InvalidInput(_("'{raw}' is not an INN: a Russian INN has 10 digits (a company) or 12 (a "
                "person).").format(raw=raw))
        try:
            return inn.validate(number)
        except ValidationError:
            raise InvalidInput(_("'{raw}' is not a valid INN: its check digits do not match.").format(
                raw=raw)) from None
    if country in EU_COUNTRIES:
        from stdnum.eu import vat
        from stdnum.exceptions import ValidationError

        number = re.sub(r"[\s.-]", "", raw).upper()
        prefix = "EL" if country == "GR" else country
        if not number.startswith(prefix):
            number = prefix + number
        try:
            return vat.validate(number)
        except ValidationError:
            pass
        if country in NATIONAL_TAX_NUMBERS and not raw.upper().startswith(prefix):
            from importlib import import_module

            try:
                return import_module(NATIONAL_TAX_NUMBERS[country]).validate(raw)
            except ValidationError:
                raise InvalidInput(_("'{raw}' is neither a valid {country} VAT number nor a valid {country} tax "
                                     "number.").format(raw=raw, country=country)) from None
        raise InvalidInput(_("'{raw}' is not a valid {country} VAT number.").format(raw=raw, country=country))
    if len(raw) > 20:
        raise InvalidInput(_("'{raw}' is too long for a tax id (at most 20 characters).").format(raw=raw))
    return raw


def check_kpp(kpp: str) -> str:
    """A KPP: 9 characters, the 5th and 6th may be capital Latin letters; '' stays ''."""
    kpp = (kpp or "").strip().upper()
    if kpp and not re.fullmatch(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}", kpp):
        raise InvalidInput(_("'{kpp}' is not a KPP (9 characters, e.g. 770701001).").format(kpp=kpp))
    return kpp


def check_ogrn(ogrn: str) -> str:
    """An OGRN (13 digits) or OGRNIP (15) with its check digit; '' stays ''."""
    ogrn = re.sub(r"\s", "", ogrn or "")
    if not ogrn:
        return ""
    from stdnum.exceptions import ValidationError
    from stdnum.ru import ogrn as stdnum_ogrn

    try:
        return stdnum_ogrn.validate(ogrn)
    except ValidationError:
        raise InvalidInput(_("'{ogrn}' is not a valid OGRN: 13 digits (15 for a sole trader) whose check digit "
            "matches.").format(ogrn=ogrn)) from None


_WEIGHTS = ((7, 1, 3) * 8)[:23]  # over the 3 digits from the BIK and the 20 of the account


def account_key_ok(bik: str, account: str) -> bool:
    """The Bank of Russia's control key: the BIK's part and the account, weighted 7-1-3, sum to
    a multiple of 10. A correspondent account (301...) uses 0 and the BIK's 5th-6th digits,
    any other account the BIK's last three."""
    prefix = "0" + bik[4:6] if account.startswith("301") else bik[-3:]
    digits = prefix + account
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 10 == 0


def check_bank_details(bik: str, account: str) -> tuple[str, str]:
    """A BIK (9 digits) and a settlement account (20 digits) whose control key matches.

    Both empty is fine (no bank details); one without the other is refused.
    """
    bik, account = re.sub(r"\s", "", bik or ""), re.sub(r"\s", "", account or "")
    if not bik and not account:
        return "", ""
    if not re.fullmatch(r"[0-9]{9}", bik):
        raise InvalidInput(_("'{bik}' is not a BIK: a BIK has 9 digits.").format(bik=bik))
    if not re.fullmatch(r"[0-9]{20}", account):
        raise InvalidInput(_("'{account}' is not a bank account number: it has 20 digits.").format(account=account))
    if not account_key_ok(bik, account):
        raise InvalidInput(_("The account {account} does not belong to the bank with BIK {bik}: its control key does "
            "not match.").format(account=account, bik=bik))
    return bik, account
