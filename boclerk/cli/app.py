"""The root ``boclerk`` command and its groups."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.cli.common import App, State

app = App(
    name="boclerk",
    help="The back office of an online store, in a terminal. Without a command, opens the app.",
    no_args_is_help=False,
    invoke_without_command=True,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Database file or postgresql:// URL (may stand anywhere on the line).", metavar="PATH|URL")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the demo database (data/demo.db), creating it first.")] = False,
    no_mouse: Annotated[bool, typer.Option("--no-mouse", help="Leave the mouse to the terminal (text selection).")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        from boclerk import __version__

        print(f"boclerk {__version__}")
        raise typer.Exit(0)
    st = State(db=db, demo=demo)
    ctx.obj = st
    ctx.call_on_close(st.close)
    if ctx.invoked_subcommand is None:
        from boclerk.cli.front import open_front

        open_front(st, no_mouse=no_mouse)


def _register() -> None:
    from boclerk.cli import (  # noqa: F401  (aging_cmd adds its commands to the report group)
        aging_cmd, audit_cmd, catalog_cmd, demo_cmd, db_cmd, ledger_cmd, order_cmd, partner_cmd, purchase_cmd, report_cmd, stock_cmd,
        user_cmd,
    )

    app.add_typer(db_cmd.app, name="db", help="Create, check, back up, restore and upgrade the database.")
    app.add_typer(user_cmd.app, name="user", help="Manage users and their roles (admin).")
    app.add_typer(catalog_cmd.products, name="product", help="The catalog: add, edit, archive, list products.")
    app.add_typer(catalog_cmd.warehouses, name="warehouse", help="Warehouses.")
    app.add_typer(partner_cmd.customers, name="customer", help="Customers: add, edit, list, show.")
    app.add_typer(partner_cmd.suppliers, name="supplier", help="Suppliers: add, edit, list, show.")
    app.add_typer(order_cmd.app, name="order", help="Orders: create, confirm, pay, ship, deliver, cancel, return.")
    app.add_typer(purchase_cmd.app, name="purchase", help="Purchase orders, receipts, supplier bills, payments.")
    app.add_typer(stock_cmd.app, name="stock", help="Stock levels, moves, adjustments, transfers and counts.")
    app.add_typer(ledger_cmd.app, name="ledger", help="Accounts, journal entries, reversals, lock date.")
    app.add_typer(report_cmd.app, name="report", help="Trial balance, P&L, balance sheet, ledgers, valuation.")
    app.command("audit", help="Read the audit trail: who did what, when.")(audit_cmd.audit)
    app.command("demo", help="Build the demo shop.")(demo_cmd.demo)


_register()
