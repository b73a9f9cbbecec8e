"""The company's details: the requisites invoices, UPDs and statements print (``boclerk company
set`` in a form), checked by the same service: INN, KPP, OGRN, BIK and the accounts' keys; and the
language of the books (what the memos and reasons boclerk writes into them say), a choice in words."""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.i18n import N_, _
from boclerk.tui.dialogs import Field, FormDialog

#: the fields of the form, as ``company set`` names them
FIELDS = (("name", N_("Name")), ("country", N_("Country")), ("tax_id", N_("INN")), ("kpp", N_("KPP")),
          ("ogrn", N_("OGRN")), ("legal_address", N_("Legal address")), ("bank_name", N_("Bank")), ("bik", N_("BIK")),
          ("bank_account", N_("Account")), ("corr_account", N_("Corr. account")), ("director", N_("Director")),
          ("chief_accountant", N_("Chief accountant")))


def language_choices() -> tuple[tuple[str, str], ...]:
    """The languages of the books as the form offers them: (words, code), named in the interface's
    language as ``company show`` names them ("русский"), begun with a capital as a choice is."""
    from boclerk.domain.card_words import LANGUAGE_WORDS

    named = ((code, _(word)) for code, word in LANGUAGE_WORDS.items())
    return tuple((word[:1].upper() + word[1:], code) for code, word in named)


def company_form(owner) -> None:
    """Show the company's details in a form; only what was changed is sent to the service."""
    from boclerk.services.platform.company import company_details, set_company_details

    def ask(row) -> None:
        def go(values: dict | None) -> None:
            if not values:
                return
            changes = {k: values[k] or "" for k in (*(k for k, _label in FIELDS), "language")
                       if (values[k] or "") != getattr(row, k)}
            if not changes:
                owner.app.notify(_("Nothing changed."))
                return
            if "bik" in changes or "bank_account" in changes:  # checked together, by the account's key
                changes.setdefault("bik", row.bik)
                changes.setdefault("bank_account", row.bank_account)
            owner.write(set_company_details, **changes, done=_("Company details saved."))

        owner.app.push_screen(FormDialog(_("Company details"), [
            *(Field(k, _(label), value=getattr(row, k), required=k == "name") for k, label in FIELDS),
            Field("language", _("Language of the books"), "select", row.language, language_choices()),
        ], act=ACTS["ledger.company"], hint=_("Checked as the tax rules say: INN, KPP, OGRN and the bank accounts' keys.")), go)

    owner.begin("ledger.company", None, lambda: owner.read(company_details, then=ask, asks=True))
