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
            if values:
                run(screen, values["form"], number, values["folder"])

        screen.app.push_screen(FormDialog(f"Documents to produce for {number}", [
            Field("form", "Document", "select", choices[0][1], tuple(choices)),
            Field("folder", "Write into folder", "text", os.getcwd()),
        ], submit="Write", hint="The file is registered in Documents once; printing again gives the same one."), go)

    screen.read(listing, number, then=ask)


def run(screen, form: str, number: str, folder: str) -> None:
    app = screen.app

    def job() -> None:
        from boclerk.services.documents.produce import produce_for, save_produced

        try:
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
