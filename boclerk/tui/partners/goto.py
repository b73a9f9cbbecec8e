"""Open a record in its area from a card or a document, wherever the clerk is: the area's screen
that can show it is brought up (screens above it are left, unless one holds typed input: then
the clerk is told to finish it first), and it shows the record."""

from __future__ import annotations

from boclerk.i18n import N_, _

#: kind of record -> (area, method of that area's screen that shows it)
SHOWN_BY = {
    "order": ("orders", "open_record"),
    "po": ("purchases", "open_record"),
    "bill": ("purchases", "open_bill"),
    "entry": ("ledger", "open_record"),
    "customer_orders": ("orders", "show_customer"),
    "supplier_orders": ("purchases", "show_supplier"),
}


def goto(app, kind: str, key: str) -> None:
    """Show record ``key`` of ``kind`` (a kind of SHOWN_BY)."""
    mode, method = SHOWN_BY[kind]
    show_in(app, mode, method, key, busy=N_("Finish or leave {what} first (Esc)."))


def show_in(app, mode: str, method: str, key: str, *, busy: str) -> None:
    """Switch to area ``mode`` and have its screen that has ``method`` show ``key``: screens above
    it are left, unless one holds typed input; then ``busy`` (marked N_, with ``{what}``) says so."""
    app.switch_mode(mode)
    while getattr(app.screen, method, None) is None and len(app.screen_stack) > 1:
        typed = getattr(app.screen, "unsaved", lambda: None)()
        if typed:
            app.notify(_(busy).format(what=typed), severity="warning")
            return
        app.pop_screen()
    target = getattr(app.screen, method, None)
    if target is not None:
        app.call_after_refresh(target, key)
