"""``boclerk audit``: the audit trail."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_
from boclerk.cli.common import emit_json, plain, print_table, run_read
from boclerk.cli.parse import parse_date_opt


def audit(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Option("--user", help="Only this user's acts.")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Only records of this kind: order, user, entry ...")] = None,
    id_: Annotated[str | None, typer.Option("--id", help="Only this record (with --entity).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date (DD.MM.YYYY).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 200,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Read the audit trail, newest first."""
    from boclerk.services.platform.audit import list_events

    rows, currency = run_read(ctx, lambda uow: (
        list_events(uow, user=user, entity=entity, entity_id=id_, since=parse_date_opt(since, "--since"),
                    limit=limit), uow.currency))
    if json_:
        emit_json(plain(rows, currency))
        return
    from boclerk.cli.common import state
    from boclerk.cli.output import shop

    sh = shop(state(ctx))
    print_table(N_("Audit trail"), [N_("#"), N_("when (UTC)"), N_("who"), N_("action"), N_("record"), N_("change")], [
        (r.id, sh.moment(r.at, utc=True), r.actor, r.action, f"{r.entity} {r.entity_id}",
         _change(r.before, r.after))
        for r in rows
    ])


def _change(before, after) -> str:
    if before and after and isinstance(before, dict) and isinstance(after, dict):
        keys = sorted(set(before) | set(after))
        return ", ".join(f"{k}: {before.get(k)} -> {after.get(k)}" for k in keys if before.get(k) != after.get(k))
    data = after if after is not None else before
    if isinstance(data, dict):
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return "" if data is None else str(data)
