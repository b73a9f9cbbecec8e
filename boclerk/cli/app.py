"""The root ``boclerk`` command and its groups."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.cli.common import App, State, begin


def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Database file or postgresql:// URL (may stand anywhere on the line).", metavar="PATH|URL")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the demo shop (data/demo.db); the app builds it on first use.")] = False,
    no_mouse: Annotated[bool, typer.Option("--no-mouse", help="Leave the mouse to the terminal (text selection).")] = False,
    open_area: Annotated[str | None, typer.Option("--open", help=(
        "The area the app opens on: home, orders, stock, purchases, ledger, documents, office (or its key, 1-7); "
        "else the one picked with Start here in the app's palette, else the config file's open, else Home."))] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        from boclerk import __version__

        print(f"boclerk {__version__}")
        raise typer.Exit(0)
    st = State(db=db, demo=demo, announce=ctx.invoked_subcommand is not None)
    begin(st)
    ctx.obj = st
    ctx.call_on_close(st.close)
    if ctx.invoked_subcommand is None:
        from boclerk.cli.front import open_front

        open_front(st, no_mouse=no_mouse, area=open_area)


#: group name -> (module, attribute, help)
GROUPS = {
    "db": ("db_cmd", "app", "Create, check, back up, restore and upgrade the database."),
    "user": ("user_cmd", "app", "Manage users and their roles (admin)."),
    "product": ("catalog_cmd", "products", "The catalog: add, edit, archive, list products."),
    "warehouse": ("catalog_cmd", "warehouses", "Warehouses."),
    "customer": ("partner_cmd", "customers", "Customers: add, edit, list, show, statement."),
    "supplier": ("partner_cmd", "suppliers", "Suppliers: add, edit, list, show, statement."),
    "order": ("order_cmd", "app", "Orders: create, confirm, pay, ship, deliver, cancel, return."),
    "purchase": ("purchase_cmd", "app", "Purchase orders, receipts, supplier bills, payments."),
    "stock": ("stock_cmd", "app", "Stock levels, moves, adjustments, transfers and counts."),
    "ledger": ("ledger_cmd", "app", "Accounts, journal entries, reversals, lock date, allocations."),
    "report": ("report_cmd", "app", "Trial balance, P&L, balance sheet, ledgers, valuation, sales, aging."),
    "import": ("import_cmd", "app", "Import products, customers, suppliers, orders or a stock count from CSV."),
    "export": ("export_cmd", "app", "Export the journal (hledger, ledger, beancount) or data as CSV."),
    "doc": ("doc_cmd", "app", "Documents: register, scan an inbox, search, show, open, link, file."),
    "bank": ("bank_cmd", "app", "Bank statements: import, the reconciliation queue, confirm, match, ignore."),
    "rate": ("rate_cmd", "app", "Exchange rates: set one, import the Bank of Russia's daily file, list."),
    "vat": ("rate_cmd", "vat", "VAT: the rate table by date and the company's VAT regime."),
    "company": ("company_cmd", "app", "The company's own details: tax ids and bank details (admin)."),
    "shop": ("shop_cmd", "app", "The website: catalogue and offers out (CommerceML 2), web orders in."),
    "office": ("office_cmd", "app", "The office: supply requests, budgets, staff, equipment, contracts, internal deals."),
    "service": ("quality_cmd", "app", "Service levels and the working calendar: week, hours, holidays."),
}
#: single commands: name -> (module, function, help)
COMMANDS = {
    "audit": ("audit_cmd", "audit", "Read the audit trail: who did what, when."),
    "demo": ("demo_cmd", "demo", "Build the demo shop."),
    "queue": ("quality_cmd", "queue", "What waits, for how long in working time, and what is late, oldest first."),
    "find": ("lookup_cmd", "find", "Find orders, customers, products, suppliers, POs, bills, entries, documents, "
                                   "requests, equipment, contracts."),
    "show": ("lookup_cmd", "show", "Show one record in full: an order, product, customer, supplier, PO, bill, "
                                   "entry, document, request, piece of equipment or contract."),
}


def build(only: str | None = None) -> App:
    """The command tree; with ``only``, just that group or command (a quick lookup should not
    pay for building ninety commands it will not run)."""
    from importlib import import_module

    from boclerk.cli.words import Translated

    app = App(
        name="boclerk",
        help="The back office of an online store, in a terminal. Without a command, opens the app.",
        no_args_is_help=False,
        invoke_without_command=True,
        cls=Translated,
    )
    app.callback()(root)
    for name, (module, attr, help_) in GROUPS.items():
        if only in (None, name):
            if name == "report":
                import_module("boclerk.cli.aging_cmd")  # adds ar-aging and ap-aging to the report group
                import_module("boclerk.cli.sales_cmd")  # adds sales to the report group
                import_module("boclerk.cli.quality_report_cmd")  # adds service to the report group
            app.add_typer(getattr(import_module(f"boclerk.cli.{module}"), attr), name=name, help=help_)
    for name, (module, attr, help_) in COMMANDS.items():
        if only in (None, name):
            app.command(name, help=help_)(getattr(import_module(f"boclerk.cli.{module}"), attr))
    return app


def __getattr__(name: str):
    if name == "app":  # the whole tree, built on first use (tests, --help)
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)
