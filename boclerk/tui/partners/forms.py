"""Changing a customer's details from their card (a supplier's: :func:`boclerk.tui.purchases.acts.edit_supplier_form`).

Only what was changed is sent, with the version the form was filled from: a change someone else
made meanwhile is refused in the service's sentence, not overwritten."""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.i18n import N_, _
from boclerk.tui.dialogs import Field, FormDialog
from boclerk.tui.orders.form import CUSTOMER_KINDS

#: the fields the form shows, in its order (the country stays as it is: by command, --country)
CUSTOMER_FIELDS = (("name", N_("Name")), ("kind", N_("Kind")), ("tax_id", N_("INN")), ("kpp", N_("KPP")),
                   ("email", N_("Email")), ("phone", N_("Phone")), ("address", N_("Address")), ("notes", N_("Notes")))


def edit_customer_form(owner, code: str, then) -> None:
    """Change customer ``code``; ``then(code)`` once saved."""
    from boclerk.services.catalog.partners import edit_customer, get_customer

    def ask(row) -> None:
        def go(values: dict | None) -> None:
            if not values:
                return
            changes = {key: values[key] or "" for key, _label in CUSTOMER_FIELDS
                       if (values[key] or "") != getattr(row, key)}
            if not changes:
                owner.app.notify(_("Nothing changed."))
                return
            owner.write(edit_customer, row.code, expected_version=row.version, **changes,
                        done=_("Saved customer {code}.").format(code=row.code), then=lambda r: then(r.code))

        def field(key: str, label: str) -> Field:
            if key == "kind":
                return Field(key, _(label), "select", row.kind, tuple((_(words), kind) for words, kind in CUSTOMER_KINDS))
            return Field(key, _(label), value=str(getattr(row, key) or ""), required=key == "name")

        owner.app.push_screen(FormDialog(_("Customer {code}").format(code=row.code),
                                         [field(key, label) for key, label in CUSTOMER_FIELDS], act=ACTS["customers.edit"]), go)

    owner.read(get_customer, code, then=ask, asks=True)
