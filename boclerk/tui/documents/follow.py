"""o on a document: open what it is linked to, on that record's own screen. A UPD or supplier
invoice that became a bill opens the bill in Purchases; else the order, the purchase order, the
entry, or the customer's or supplier's card it concerns (the first of these it is linked to)."""

from __future__ import annotations

from boclerk.i18n import _

#: the kinds of record a document's links lead to (LinkKind), in the order they are followed
_KINDS = ("bill", "order", "po", "entry", "customer", "supplier")


def target(linked) -> tuple[str, str] | None:
    """(kind, key) of the record a document's links (its ``linked`` records) lead to first, or None:
    the key as the palette opens it, a number or a partner's code."""
    for kind in _KINDS:
        for record in linked:
            if record.kind == kind and record.key:
                return kind, record.key.split(":", 1)[1] if ":" in record.key else record.key
    return None


def follow(screen, number: str) -> None:
    """Read the document ``number`` and open what it is linked to (or say that it is linked to nothing)."""
    from boclerk.services.documents.queries import show_document

    def go(d) -> None:
        found = target(d.linked)
        if found is None:
            screen.app.notify(_("{number} is not linked to any record yet: l links it.").format(number=d.number),
                              severity="warning")
            return
        kind, key = found
        if kind in ("customer", "supplier"):
            from boclerk.tui.partners.card import open_card

            open_card(screen.app, kind, key)
            return
        from boclerk.tui.partners.goto import goto

        goto(screen.app, kind, key)

    screen.read(show_document, number, then=go, asks=True)
