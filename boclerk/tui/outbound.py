""""Documents to produce": choose one, write it into a folder, say where it went.

Over SSH the file lands on the server, so the toast gives its full path and the command that
copies it anywhere the person may write (``boclerk doc open DOC-... -o PATH``).
"""

from __future__ import annotations

import os

from boclerk.errors import BoclerkError
from boclerk.tui.dialogs import Field, FormDialog


def open_documents(screen, area: str, number: str) -> None:
    """The dialog for the order or purchase order ``number`` (``area``: orders or purchases)."""
    from boclerk.services.documents.produce import order_documents, po_documents

    listing = order_documents if area == "orders" else po_documents

    def ask(choices: list[tuple[str, str]]) -> None:
        if not choices:
            screen.app.notify(f"{number} has no documents to produce as it is now.", severity="warning")
            return

        def go(values: dict | None) -> None:
            if not values:
                return
            if values["form"].startswith("statement:"):  # a partner's statement asks for its period
                _, side, code = values["form"].split(":", 2)
                open_statement(screen, side, code, folder=values["folder"])
                return
            run(screen, values["form"], number, values["folder"])

        screen.app.push_screen(FormDialog(f"Documents to produce for {number}", [
            Field("form", "Document", "select", choices[0][1], tuple(choices)),
            Field("folder", "Write into folder", "text", os.getcwd()),
        ], submit="Write", hint="The file is registered in Documents once; printing again gives the same one."), go)

    screen.read(listing, number, then=ask)


def open_statement(screen, side: str | None, code: str | None, *, folder: str | None = None) -> None:
    """The reconciliation statement with customer or supplier ``code``: ask the period (and,
    from the palette, whom), write it."""
    from boclerk.tui.base import today

    day = today(screen.app)

    def go(values: dict | None) -> None:
        if values:
            run(screen, "statement", code or values["code"], values["folder"], side=side or values["side"],
                period=(values["start"], values["end"]))

    whom = [] if code else [Field("side", "With", "select", "customer", (("Customer", "customer"),
                                                                         ("Supplier", "supplier"))),
                            Field("code", "Code")]
    title = f"Reconciliation statement with {side} {code}" if code else "Reconciliation statement"
    screen.app.push_screen(FormDialog(title, [
        *whom,
        Field("start", "From", "date", day.replace(month=1, day=1).isoformat()),
        Field("end", "To", "date", day.isoformat()),
        Field("folder", "Write into folder", "text", folder or os.getcwd()),
    ], submit="Write", hint="Opening balance, every document and payment, closing balance (акт сверки).",
        focus=None if code else "code"), go)


def run(screen, form: str, number: str, folder: str, *, side: str = "", period=None) -> None:
    app = screen.app

    def job() -> None:
        from boclerk.services.documents.produce import produce_for, save_produced

        try:
            if form == "statement":
                from boclerk.services.ledger.statements import partner_statement

                _, produced = partner_statement(app.db, app.actor, side, number, *period)
            else:
                produced = produce_for(app.db, app.actor, form, number)
            paths = save_produced(app.db, app.actor, produced, folder)
        except BoclerkError as exc:
            app.call_from_thread(app.notify, exc.message, title="Refused", severity="error", timeout=10)
            return
        except Exception as exc:  # noqa: BLE001 - shown, not raised: the clerk keeps working
            app.call_from_thread(app.notify, f"Something went wrong ({type(exc).__name__}); nothing was written.",
                                 severity="error", timeout=10)
            return
        docs = ", ".join(p.number for p in produced)
        message = (f"Wrote {' and '.join(paths)} ({docs}). On a server, copy it with: "
                   f"boclerk doc open {produced[0].number} -o PATH")
        app.call_from_thread(app.notify, message, title="Document written", timeout=20)

    screen.run_worker(job, thread=True, group="db", exit_on_error=False)
