"""What the fields of a customer's, a supplier's and the company's card are called where a person
reads them (the command line's ``show customer``, ``show supplier`` and ``company show``), and how
a yes or no and a customer's kind read; JSON keeps the field names and the stored values.

Kept in the domain, without the services, so that a quick lookup can say them without loading
SQLAlchemy.
"""

from __future__ import annotations

from boclerk.i18n import N_, _

#: a customer's kind as stored -> as read in a sentence or on a card
CUSTOMER_KIND_WORDS = {"person": N_("person"), "organisation": N_("organisation"), "sole_trader": N_("sole trader")}

#: a card's fields in the order the card prints them: field -> label
CUSTOMER_LABELS = {
    "code": N_("Code"), "name": N_("Name"), "kind": N_("Kind"), "tax_id": N_("Tax id (INN)"), "kpp": N_("KPP"),
    "email": N_("Email"), "phone": N_("Phone"), "address": N_("Address"), "country": N_("Country"),
    "notes": N_("Notes"), "active": N_("Active"), "version": N_("Version"),
}
SUPPLIER_LABELS = {
    "code": N_("Code"), "name": N_("Name"), "tax_id": N_("Tax id (INN)"), "kpp": N_("KPP"), "ogrn": N_("OGRN"),
    "contact": N_("Contact person"), "email": N_("Email"), "phone": N_("Phone"), "address": N_("Address"),
    "country": N_("Country"), "currency": N_("Currency"), "payment_terms_days": N_("Payment terms"),
    "bik": N_("BIK"), "bank_account": N_("Account"), "active": N_("Active"), "version": N_("Version"),
}
COMPANY_LABELS = {
    "name": N_("Name"), "currency": N_("Currency"), "country": N_("Country"), "tax_id": N_("INN"),
    "kpp": N_("KPP"), "ogrn": N_("OGRN"), "legal_address": N_("Legal address"), "bank_name": N_("Bank"),
    "bik": N_("BIK"), "bank_account": N_("Account"), "corr_account": N_("Corr. account"),
    "director": N_("Director"), "chief_accountant": N_("Chief accountant"),
    "language": N_("Language of the books"),
}


#: the languages of the books (company.language)
LANGUAGE_WORDS = {"en": N_("English"), "ru": N_("Russian")}


def yes_no(value: bool) -> str:
    """A yes-or-no field as a person reads it ("да"/"нет" in Russian)."""
    return _("yes") if value else _("no")


def customer_kind_word(kind: str) -> str:
    """A customer's kind in the interface language; a code without a word stays as stored."""
    return _(CUSTOMER_KIND_WORDS[kind]) if kind in CUSTOMER_KIND_WORDS else kind
