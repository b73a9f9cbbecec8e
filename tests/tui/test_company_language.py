"""The company form shows and changes the language of the books (company.language), a choice in
words in the interface's language, saved through the service ``boclerk company set --language``
calls and audited as its change is; in English and in Russian, by keys."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Select

from boclerk.services.platform.company import company_details
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from tests.tui.helpers import notifications, screen_text, settle, type_text

#: the interface language -> what the palette is asked, the form's title, the choices in words, the label
SAID = {
    "en": ("company details", "Company details", ["English", "Russian"], "Language of the books", "Company details saved."),
    "ru": ("реквизиты", "Реквизиты организации", ["Английский", "Русский"], "Язык учёта", "Реквизиты организации сохранены."),
}


def _company(db):
    with db.read("admin") as uow:
        return company_details(uow)


def _language_events(db) -> list[tuple[dict, dict]]:
    from sqlalchemy import text

    with db.read("admin") as uow:
        rows = uow.s.execute(text("SELECT before, after FROM audit_event WHERE action = 'company.edit' "
                                  "ORDER BY id")).all()
    loaded = [tuple(json.loads(v) if isinstance(v, str) else v for v in row) for row in rows]
    return [(before, after) for before, after in loaded if "language" in after]


async def _open_form(pilot, words: str) -> FormDialog:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await type_text(pilot, words)
    await pilot.pause(0.3)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen


async def _choose(pilot, form: FormDialog, label: str) -> None:
    """Open the language's drop-down by keys and take ``label`` from it."""
    select = form.query_one("#f-language", Select)
    select.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    options = [str(prompt) for prompt, value in select._options if value is not Select.BLANK]
    current = next(str(prompt) for prompt, value in select._options if value == select.value)
    steps = options.index(label) - options.index(current)
    for _ in range(abs(steps)):
        await pilot.press("down" if steps > 0 else "up")
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("interface", ["en", "ru"])
async def test_the_form_shows_and_changes_the_books_language(db, interface):
    palette, title, words, label, saved = SAID[interface]
    assert _company(db).language == "ru"  # the test shop's locale is Russian, and so are its books
    app = BoclerkApp(db, "admin", config=Config(locale=interface) if interface == "ru" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(pilot, palette)
        assert isinstance(form, FormDialog) and form.title_text == title
        select = form.query_one("#f-language", Select)
        assert [str(p) for p, _v in select._options if _v is not Select.BLANK] == words
        assert select.value == "ru"
        shown = screen_text(app)
        assert label in shown and words[1] in shown  # the label and the chosen language, in words
        await _choose(pilot, form, words[0])
        assert select.value == "en"
        assert words[0] in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert saved in notifications(app)
    assert _company(db).language == "en"
    events = _language_events(db)
    assert events[-1] == ({"language": "ru"}, {"language": "en"})  # only what changed, before and after

    async with BoclerkApp(db, "admin", config=Config(locale=interface) if interface == "ru" else None).run_test(
            size=(80, 24)) as pilot:
        form = await _open_form(pilot, palette)
        select = form.query_one("#f-language", Select)
        assert select.value == "en" and words[0] in screen_text(pilot.app)
        await _choose(pilot, form, words[1])
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _company(db).language == "ru"
    assert _language_events(db)[-1] == ({"language": "en"}, {"language": "ru"})


async def test_saving_other_details_leaves_the_language_alone(db):
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(pilot, SAID["en"][0])
        form.query_one("#f-director", Input).value = "Петров Пётр Петрович"
        await pilot.press("ctrl+s")
        await settle(pilot)
    row = _company(db)
    assert (row.director, row.language) == ("Петров Пётр Петрович", "ru")
    assert _language_events(db) == []
