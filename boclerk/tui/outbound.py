""""Documents to produce": choose one, write it into a folder, say where it went.

Over SSH the file lands on the server, so the toast gives its full path and the command that
copies it anywhere the person may write (``boclerk doc open DOC-... -o PATH``).
"""

from __future__ import annotations

import os

from boclerk.domain.acts import ACTS
from boclerk.errors import BoclerkError
from boclerk.i18n import _
from boclerk.tui.dialogs import Field, FormDialog


def open_documents(screen, area: str, number: str) -> None:
    """The dialog for the order or purchase order ``number`` (``area``: orders or purchases)."""
    from boclerk.services.documents.produce import order_documents, po_documents

    listing = order_documents if area == "orders" else po_documents

    def ask(choices: list[tuple[str, str]]) -> None:
        if not choices:
            screen.app.notify(_("{number} has no documents to produce as it is now.").format(number=number),
                              severity="warning")
            return

        def go(values: dict | None) -> None:
            if not values:
                return
            if values["form"].startswith("statement:"):  # a partner's statement asks for its period
                _kind, side, code = values["form"].split(":", 2)
                open_statement(screen, side, code, folder=values["folder"])
                return
            run(screen, values["form"], number, values["folder"])

        screen.app.push_screen(FormDialog(_("Documents to produce for {number}").format(number=number), [
            Field("form", _("Document"), "select", choices[0][1], tuple(choices)),
            Field("folder", _("Write into folder"), "text", os.getcwd()),
        ], act=ACTS[f"{area}.documents"], hint=_("The file is registered in Documents once; printing again gives the same one.")),
            go)

    screen.read(listing, number, then=ask, asks=True)


def open_statement(screen, side: str | None, code: str | None, *, folder: str | None = None) -> None:
    """The reconciliation statement with customer or supplier ``code``: ask the period (and,
    from the palette, whom), write it."""
    from boclerk.tui.base import today

    day = today(screen.app)

    def go(values: dict | None) -> None:
        if values:
            run(screen, "statement", code or values["code"], values["folder"], side=side or values["side"],
                period=(values["start"], values["end"]))

    whom = [] if code else [Field("side", _("With"), "select", "customer", ((_("Customer"), "customer"),
                                                                            (_("Supplier"), "supplier"))),
                            Field("code", _("Code"))]
    if code:
        title = (_("Reconciliation statement with customer {code}") if side == "customer" else
                 _("Reconciliation statement with supplier {code}")).format(code=code)
    else:
        title = _("Reconciliation statement")
    screen.app.push_screen(FormDialog(title, [
        *whom,
        Field("start", _("From"), "date", day.replace(month=1, day=1).isoformat()),
        Field("end", _("To"), "date", day.isoformat()),
        Field("folder", _("Write into folder"), "text", folder or os.getcwd()),
    ], act=ACTS["documents.statement"], hint=_("Opening balance, every document and payment, closing balance (акт сверки)."),
        focus=None if code else "code"), go)


def run(screen, form: str, number: str, folder: str, *, side: str = "", period=None) -> None:
    """Produce and write in a thread worker; the form that asked stays open until it is written
    and says a refusal (a folder that is not there) with the folder typed kept."""
    from boclerk.tui.base import form_of_write, say_refusal
    from boclerk.tui.refusals import refusal_words

    app = screen.app
    asked = form_of_write(app)

    def job() -> None:
        from boclerk.services.documents.produce import produce_for, save_produced

        try:
            if form == "statement":
                from boclerk.services.ledger.statements import partner_statement

                _statement, produced = partner_statement(app.db, app.actor, side, number, *period)
            else:
                produced = produce_for(app.db, app.actor, form, number)
            paths = save_produced(app.db, app.actor, produced, folder)
        except BoclerkError as exc:
            app.call_from_thread(say_refusal, app, asked, refusal_words(exc, app), _("Refused"))
            return
        except Exception as exc:  # noqa: BLE001 - shown, not raised: the clerk keeps working
            app.call_from_thread(say_refusal, app, asked, _("Something went wrong ({error}); nothing was written.").format(
                                 error=type(exc).__name__))
            return
        if asked is not None:
            app.call_from_thread(asked.finish)
        docs = ", ".join(p.number for p in produced)
        message = _("Wrote {paths} ({docs}). On a server, copy it with: boclerk doc open {number} -o PATH").format(
            paths=_(" and ").join(paths), docs=docs, number=produced[0].number)
        app.call_from_thread(app.notify, message, title=_("Document written"), timeout=20)

    screen.run_worker(job, thread=True, group="db", exit_on_error=False)
