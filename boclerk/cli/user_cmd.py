"""``boclerk user ...``: accounts and roles (admin)."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import (
    App,
    emit_json,
    err,
    plain,
    print_table,
    run_read,
    run_write,
)

app = App()


@app.act("add", "users.add", key=None)
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The OS account name.")],
    role: Annotated[str, typer.Option("--role", help="The role: admin, accountant, clerk, warehouse or viewer.")],
    full_name: Annotated[str, typer.Option("--full-name", help="The person's name, for lists.")] = "",
) -> None:
    """Give an OS account a boclerk role."""
    from boclerk.services.platform.users import add_user

    row = run_write(ctx, add_user, name, role, full_name)
    err(_("Added {name} as {role}.").format(name=row.name, role=row.role))


@app.command("list")
def list_(ctx: typer.Context, json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List users with their roles."""
    from boclerk.services.platform.users import list_users

    from boclerk.cli.common import state
    from boclerk.cli.output import shop

    rows = run_read(ctx, list_users)
    if json_:
        emit_json(plain(rows, ""))
        return
    print_table(N_("Users"), [N_("name"), N_("role"), N_("full name"), N_("active"), N_("since")],
                [(r.name, r.role, r.full_name, _("yes") if r.active else _("no"), shop(state(ctx)).day(r.created_at))
                 for r in rows])


@app.act("set-role", "users.set_role", key=None)
def set_role(ctx: typer.Context, name: str, role: str) -> None:
    """Change a user's role."""
    from boclerk.services.platform.users import set_role as svc

    row = run_write(ctx, svc, name, role)
    err(_("{name} is now {role}.").format(name=row.name, role=row.role))


@app.act("disable", "users.disable", key=None)
def disable(ctx: typer.Context, name: str) -> None:
    """Disable an account (it keeps its history)."""
    from boclerk.services.platform.users import set_active

    run_write(ctx, set_active, name, False)
    err(_("Disabled {name}.").format(name=name))


@app.act("enable", "users.enable", key=None)
def enable(ctx: typer.Context, name: str) -> None:
    """Enable a disabled account again."""
    from boclerk.services.platform.users import set_active

    run_write(ctx, set_active, name, True)
    err(_("Enabled {name}.").format(name=name))
