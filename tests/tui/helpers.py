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
