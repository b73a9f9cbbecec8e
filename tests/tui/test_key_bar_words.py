"""Every word the key bar shows is one the catalogue has, so it is said in the interface's language:
also the words of keys Textual's own widgets bind (Esc in a filter's open list: "Dismiss menu")."""

from textual.widgets._select import SelectOverlay

from boclerk.locale.catalogue import extract
from boclerk.tui.app import BoclerkApp
from boclerk.tui.widgets import KeyBar
from tests.tui.helpers import settle


async def test_the_key_bar_of_an_open_filter_list_has_only_catalogued_words(db):
    known = {m.id for m in extract() if isinstance(m.id, str)}
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        app.screen.query_one("#status").focus()
        await pilot.press("enter")  # the state filter's list opens
        await settle(pilot)
        assert isinstance(app.focused, SelectOverlay)
        bar = app.screen.query_one(KeyBar)
        bar._changed(None)
        acts, tail = bar.keys()
        words = [what for _key, what, _on in acts + tail]
        assert "Dismiss menu" in words  # English here: the app speaks it
        assert [w for w in words if w not in known] == []


async def test_every_key_on_the_bar_is_named_alike_and_its_word_starts_with_a_capital(db):
    """The palette's word starts with a capital like its neighbours' ("^p Palette", not "^p palette"),
    in English and in Russian, and the keys are spelled as the top bar names them (F1) and Textual shows the others (^q, ^p)."""
    from boclerk.settings import Config

    for locale, palette in (("en", "Palette"), ("ru", "Палитра")):
        app = BoclerkApp(db, "clerk", config=Config(locale=locale))
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.press("2")
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            bar._changed(None)
            acts, tail = bar.keys()
            assert ("^p", palette, True) in tail, tail
            words = [what for _key, what, _on in acts + tail]
            assert [w for w in words if not w[:1].isupper()] == [], words
            assert [key for key, _what, _on in tail] == ["F1", "^q", "^p"], tail
