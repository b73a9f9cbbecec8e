"""``boclerk customer ...`` and ``boclerk supplier ...``."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import (
    App,
    emit_json,
    emit_rows,
    err,
    plain,
    run_read,
    run_write,
    state,
)
from boclerk.cli.docs_out import ForceOpt, OutputOpt
from boclerk.cli.options import CsvOpt, JsonOpt, PeriodOpt
from boclerk.cli.output import shop

customers = App()
suppliers = App()

Email = Annotated[str | None, typer.Option("--email")]
Phone = Annotated[str | None, typer.Option("--phone")]
Address = Annotated[str | None, typer.Option("--address")]
Search = Annotated[str | None, typer.Option("--search", help="Name, code, email, phone (or tax id).")]
Limit = Annotated[int, typer.Option("--limit", min=1, max=100000)]
Archived = Annotated[bool, typer.Option("--archived", help="Include archived ones.")]
Version = Annotated[int | None, typer.Option("--if-version", help="Refuse if it changed since this version.")]


def _save(ctx: typer.Context, fn, done: str, *args, **options) -> None:
    """Add or change a customer or supplier with the options given (None: not given); say so."""
    row = run_write(ctx, fn, *args, **{k: v for k, v in options.items() if v is not None})
    err(_("{done} {code}.").format(done=_(done), code=row.code))


def _name(row) -> str:
    """A partner's name in a table, marked when archived (--archived lists them too)."""
    return row.name if row.active else _("{name} (archived)").format(name=row.name)


TaxId = Annotated[str | None, typer.Option("--tax-id", help="Checked by the country's rules: an INN (RU), a VAT "
                                                           "number (EU), anything else as given.")]
Country = Annotated[str | None, typer.Option("--country", help="ISO country code (default RU).")]


CustomerKindOpt = Annotated[str | None, typer.Option(
    "--kind", help="Who it is: person, organisation or sole_trader; on add, by default what "
                   "the INN says: 10 digits an organisation, 12 a sole trader, none a person.")]
CustomerKpp = Annotated[str | None, typer.Option("--kpp", help="KPP of an organisation (Russia, 9 characters).")]


@customers.command("add")
def c_add(ctx: typer.Context, code: str, name: str, email: Email = None, phone: Phone = None, address: Address = None,
          notes: Annotated[str | None, typer.Option("--notes")] = None, country: Country = None,
          tax_id: TaxId = None, kind: CustomerKindOpt = None, kpp: CustomerKpp = None) -> None:
    """Add a customer: a person, an organisation (INN, KPP) or a sole trader (INN)."""
    from boclerk.services.catalog.partners import add_customer

    _save(ctx, add_customer, N_("Added customer"), code, name, email=email, phone=phone, address=address, notes=notes,
          country=country, tax_id=tax_id, kind=kind, kpp=kpp)


@customers.command("edit")
def c_edit(ctx: typer.Context, code: str, name: Annotated[str | None, typer.Option("--name")] = None,
           email: Email = None, phone: Phone = None, address: Address = None,
           notes: Annotated[str | None, typer.Option("--notes")] = None, version: Version = None,
           country: Country = None, tax_id: TaxId = None, kind: CustomerKindOpt = None,
           kpp: CustomerKpp = None) -> None:
    """Change a customer (only the options given)."""
    from boclerk.services.catalog.partners import edit_customer

    _save(ctx, edit_customer, N_("Changed customer"), code, expected_version=version, name=name, email=email, phone=phone,
          address=address, notes=notes, country=country, tax_id=tax_id, kind=kind, kpp=kpp)


@customers.command("list")
def c_list(ctx: typer.Context, search: Search = None, after: Annotated[str | None, typer.Option("--after")] = None,
           limit: Limit = 200, archived: Archived = False, json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """List customers by code (the archived ones with --archived)."""
    from boclerk.services.catalog.partners import list_customers

    rows = run_read(ctx, list_customers, search=search, after_code=after, limit=limit, include_archived=archived)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Customers"), columns=[N_("code"), N_("name"), N_("email"), N_("phone")],
              cells=lambda r, sh: (r.code, _name(r), r.email, r.phone))


@customers.command("show")
def c_show(ctx: typer.Context, code: str, json_: JsonOpt = False) -> None:
    """One customer."""
    from boclerk.cli.lookup_out import show_partner

    show_partner(state(ctx), "customer", code, json_)


Terms = Annotated[int | None, typer.Option("--terms", min=0, max=365, help="Payment terms in days.")]
Contact = Annotated[str | None, typer.Option("--contact", help="Contact person.")]
Currency = Annotated[str | None, typer.Option("--currency", help="ISO code of the supplier's currency (EUR, CNY ...); "
                                                                 "its POs, bills and payments are in it.")]
Kpp = Annotated[str | None, typer.Option("--kpp", help="KPP (Russia).")]
Ogrn = Annotated[str | None, typer.Option("--ogrn", help="OGRN or OGRNIP (Russia), check digit checked.")]
Bik = Annotated[str | None, typer.Option("--bik", help="The bank's BIK (Russia).")]
Account = Annotated[str | None, typer.Option("--account", help="Settlement account (20 digits), checked against the BIK.")]


@suppliers.command("add")
def s_add(ctx: typer.Context, code: str, name: str, tax_id: TaxId = None, contact: Contact = None, email: Email = None,
          phone: Phone = None, address: Address = None, terms: Terms = None, country: Country = None,
          currency: Currency = None, kpp: Kpp = None, ogrn: Ogrn = None, bik: Bik = None,
          account: Account = None) -> None:
    """Add a supplier."""
    from boclerk.services.catalog.partners import add_supplier

    _save(ctx, add_supplier, N_("Added supplier"), code, name, tax_id=tax_id, contact=contact, email=email, phone=phone,
          address=address, payment_terms_days=terms, country=country, currency=currency, kpp=kpp, ogrn=ogrn, bik=bik,
          bank_account=account)


@suppliers.command("edit")
def s_edit(ctx: typer.Context, code: str, name: Annotated[str | None, typer.Option("--name")] = None,
           tax_id: TaxId = None, contact: Contact = None, email: Email = None, phone: Phone = None,
           address: Address = None, terms: Terms = None, version: Version = None, country: Country = None,
           currency: Currency = None, kpp: Kpp = None, ogrn: Ogrn = None, bik: Bik = None,
           account: Account = None) -> None:
    """Change a supplier (only the options given)."""
    from boclerk.services.catalog.partners import edit_supplier

    _save(ctx, edit_supplier, N_("Changed supplier"), code, expected_version=version, name=name, tax_id=tax_id,
          contact=contact, email=email, phone=phone, address=address, payment_terms_days=terms, country=country,
          currency=currency, kpp=kpp, ogrn=ogrn, bik=bik, bank_account=account)


@suppliers.command("list")
def s_list(ctx: typer.Context, search: Search = None, limit: Limit = 200, archived: Archived = False,
           json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """List suppliers by code (the archived ones with --archived)."""
    from boclerk.services.catalog.partners import list_suppliers

    rows = run_read(ctx, list_suppliers, search=search, limit=limit, include_archived=archived)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Suppliers"),
              columns=[N_("code"), N_("name"), N_("tax id"), N_("cur"), N_("terms"), N_("email"), N_("phone")],
              cells=lambda r, sh: (r.code, _name(r), r.tax_id if r.country == "RU" else f"{r.tax_id} ({r.country})",
                                   r.currency or sh.currency, f"{r.payment_terms_days} d", r.email, r.phone))


@suppliers.command("show")
def s_show(ctx: typer.Context, code: str, json_: JsonOpt = False) -> None:
    """One supplier."""
    from boclerk.cli.lookup_out import show_partner

    show_partner(state(ctx), "supplier", code, json_)


def _set_active(ctx: typer.Context, fn, code: str, active: bool) -> None:
    row = run_write(ctx, fn, code, active)
    err((_("Restored {code}.") if active else _("Archived {code}.")).format(code=row.code))


@customers.act("archive", "customers.archive", key="code")
def c_archive(ctx: typer.Context, code: str) -> None:
    """Archive a customer: kept with their orders and balance, but no new orders for them."""
    from boclerk.services.catalog.partners import set_customer_active

    _set_active(ctx, set_customer_active, code, False)


@customers.act("restore", "customers.restore", key="code")
def c_restore(ctx: typer.Context, code: str) -> None:
    """Bring an archived customer back."""
    from boclerk.services.catalog.partners import set_customer_active

    _set_active(ctx, set_customer_active, code, True)


@suppliers.act("archive", "purchases.archive_supplier", key="code")
def s_archive(ctx: typer.Context, code: str) -> None:
    """Archive a supplier: kept with their orders, bills and balance, but no new purchase orders to them."""
    from boclerk.services.catalog.partners import set_supplier_active

    _set_active(ctx, set_supplier_active, code, False)


@suppliers.act("restore", "purchases.restore_supplier", key="code")
def s_restore(ctx: typer.Context, code: str) -> None:
    """Bring an archived supplier back."""
    from boclerk.services.catalog.partners import set_supplier_active

    _set_active(ctx, set_supplier_active, code, True)


FromOpt = Annotated[str | None, typer.Option("--from", help="First day of the period, DD.MM.YYYY.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day of the period, DD.MM.YYYY.")]


def _statement(ctx: typer.Context, side: str, code: str, start: str | None, end: str | None, period: str | None,
               output, force: bool, json_: bool) -> None:
    from boclerk.cli.common import actor, writing
    from boclerk.cli.docs_out import write_produced
    from boclerk.cli.parse import period_span
    from boclerk.money import format_amount
    from boclerk.services.ledger.statements import partner_statement

    st, produced = partner_statement(writing(ctx), actor(), side, code, *period_span(start, end, period, default="quarter"))
    if json_:
        emit_json(plain(st, shop(state(ctx)).currency))
    write_produced(ctx, produced, output, force)
    sh = shop(state(ctx))

    def owed(balance: int) -> str:
        if not balance:
            return _("nothing owed")
        to_shop = (balance > 0) == (side == "customer")
        amount = format_amount(abs(balance), currency=sh.currency, locale=sh.locale)
        return (_("{amount} owed to the shop") if to_shop else _("{amount} owed by the shop")).format(amount=amount)

    err(_("{code}, {start} to {end}: at the start {opening}, at the end {closing}.").format(code=st.code, start=sh.day(st.start), end=sh.day(st.end), opening=owed(st.opening), closing=owed(st.closing)))


@customers.command("statement")
def c_statement(ctx: typer.Context, code: str, start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
                output: OutputOpt = None, force: ForceOpt = False, json_: JsonOpt = False) -> None:
    """The reconciliation statement (акт сверки) with a customer for a period (this quarter unless told), as a PDF."""
    _statement(ctx, "customer", code, start, end, period, output, force, json_)


@suppliers.command("statement")
def s_statement(ctx: typer.Context, code: str, start: FromOpt = None, end: ToOpt = None, period: PeriodOpt = None,
                output: OutputOpt = None, force: ForceOpt = False, json_: JsonOpt = False) -> None:
    """The reconciliation statement (акт сверки) with a supplier for a period (this quarter unless told), as a PDF."""
    _statement(ctx, "supplier", code, start, end, period, output, force, json_)
