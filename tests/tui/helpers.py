"""Driving the app in tests: settle after every step instead of sleeping."""

from __future__ import annotations


async def settle(pilot, rounds: int = 3) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def form_error(app) -> str:
    """The open form's error line ("" with no form open): where a refused write is said."""
    from textual.widgets import Static

    from boclerk.tui.dialogs import FormDialog

    screen = app.screen
    return str(screen.query_one("#form-error", Static).render()) if isinstance(screen, FormDialog) else ""


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from Textual's own screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def sent_key(key: str):
    """The key event a terminal sends for ``key``, a name as ``pilot.press`` takes it: a printable
    key with its character ("a", "slash" as "/"), Enter, Tab, Esc, Backspace and ctrl+letter with
    the one control character the terminal sends for them ("\\r" for Enter), the arrows and the
    like, which the terminal sends as an escape sequence, with none."""
    import unicodedata

    from textual import events
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    controls = {}
    for sequence, keys in ANSI_SEQUENCES_KEYS.items():
        if len(sequence) == 1 and isinstance(keys, tuple) and len(keys) == 1:
            controls.setdefault(keys[0].value, sequence)
    character = controls.get(key)
    if character is None:
        try:
            character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            character = key if len(key) == 1 else None
    return events.Key(key, character)


async def burst(pilot, keys) -> None:
    """The keys as a terminal sends a burst: all queued at once, none waiting for the one before
    to be answered (``pilot.press`` waits for the app to go idle after each key). Each is a key's
    name, as ``pilot.press`` takes it, and goes as that key (:func:`sent_key`): "enter" is Enter,
    "down" the arrow, never the letters of their names."""
    app = pilot.app
    for key in keys:
        event = sent_key(key)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


async def new_order(pilot, customer: str, *items: str) -> None:
    """A new order begun by keys as a clerk begins it: the Orders screen (2), a new order (n), the
    customer typed and Enter, then each item (a SKU, a barcode or part of a name) typed and Enter."""
    for key in ("2", "n"):
        await pilot.press(key)
        await settle(pilot)
    for typed in (customer, *items):
        await type_text(pilot, typed)
        await pilot.press("enter")
        await settle(pilot)
