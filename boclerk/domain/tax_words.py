"""What VAT categories and regimes, and where an exchange rate came from, are called where a person
reads them (the command line's tables and cards); the books, JSON and CSV keep the stored codes."""

from __future__ import annotations

from boclerk.i18n import N_, _

#: a product's VAT category (domain/catalog.py VatCategory)
CATEGORIES = {"standard": N_("standard rate"), "reduced": N_("reduced rate"), "zero": N_("zero rate"),
              "exempt": N_("exempt")}

#: the company's VAT regime (domain/tax_rules.py VatRegime)
REGIMES = {"general": N_("general regime"), "usn_vat5": N_("simplified, VAT 5%"),
           "usn_vat7": N_("simplified, VAT 7%"), "usn_exempt": N_("simplified, no VAT")}

#: where an exchange rate came from
RATE_SOURCES = {"manual": N_("entered by hand"), "cbr": N_("Bank of Russia")}


def category_word(code: str | None) -> str:
    return _(CATEGORIES[code]) if code in CATEGORIES else code or ""


def regime_word(code: str | None) -> str:
    return _(REGIMES[code]) if code in REGIMES else code or ""


def rate_source_word(code: str | None) -> str:
    return _(RATE_SOURCES[code]) if code in RATE_SOURCES else code or ""
