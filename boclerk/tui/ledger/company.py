"""The company's details: the requisites invoices, UPDs and statements print (``boclerk company
set`` in a form), checked by the same service: INN, KPP, OGRN, BIK and the accounts' keys."""

from __future__ import annotations

from boclerk.tui.dialogs import Field, FormDialog

#: the fields of the form, as ``company set`` names them
FIELDS = (("name", "Name"), ("country", "Country"), ("tax_id", "INN"), ("kpp", "KPP"), ("ogrn", "OGRN"),
          ("legal_address", "Legal address"), ("bank_name", "Bank"), ("bik", "BIK"),
          ("bank_account", "Account"), ("corr_account", "Corr. account"), ("director", "Director"),
          ("chief_accountant", "Chief accountant"))


def company_form(owner) -> None:
    """Show the company's details in a form; only what was changed is sent to the service."""
    from boclerk.services.platform.company import company_details, set_company_details

    def ask(row) -> None:
        def go(values: dict | None) -> None:
            if not values:
                return
            changes = {k: values[k] or "" for k, _ in FIELDS if (values[k] or "") != getattr(row, k)}
            if not changes:
                owner.app.notify("Nothing changed.")
                return
            if "bik" in changes or "bank_account" in changes:  # checked together, by the account's key
                changes.setdefault("bik", row.bik)
                changes.setdefault("bank_account", row.bank_account)
            owner.write(set_company_details, **changes, done="Company details saved.")

        owner.app.push_screen(FormDialog("Company details", [
            Field(k, label, value=getattr(row, k), required=k == "name") for k, label in FIELDS
        ], submit="Save", hint="Checked as the tax rules say: INN, KPP, OGRN and the bank accounts' keys."), go)

    owner.begin("ledger.company", None, lambda: owner.read(company_details, then=ask))
