"""Keys that arrive together act in the order they were typed (boclerk.tui.typed_input, and
boclerk.tui.key_order for the focus keys)."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, Select

from boclerk.tui.key_order import KeysInOrder

from boclerk.tui.typed_input import TypedInput


class OneField(App):
    def __init__(self, field: Input) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        yield self.field


def burst(app: App, *keys: str) -> None:
    """The keys posted at once, as a burst from the terminal is: none handled before the next comes."""
    for key in keys:
        character = key if len(key) == 1 else {"backspace": "\x7f"}.get(key)
        app.post_message(events.Key(key, character))


async def typed(field: Input, *keys: str) -> str:
    app = OneField(field)
    async with app.run_test() as pilot:
        field.focus()
        await pilot.pause()
        burst(app, *keys)
        await pilot.pause(0.2)
        return field.value


async def test_a_backspace_in_a_burst_takes_the_character_before_it():
    assert await typed(TypedInput(), "1", "2", "backspace", "5") == "15"


async def test_arrows_and_home_in_a_burst_move_before_the_next_character_lands():
    assert await typed(TypedInput(), "b", "c", "home", "a", "end", "d") == "abcd"


async def test_textuals_own_field_is_why():
    """The defect this guards against (textual#6605): if Textual fixes it, TypedInput can go."""
    assert await typed(Input(), "1", "2", "backspace", "5") != "15"


class TwoFields(KeysInOrder, App):
    def compose(self) -> ComposeResult:
        yield TypedInput(id="sku")
        yield TypedInput(id="qty")


class ChoiceThenField(KeysInOrder, App):
    def compose(self) -> ComposeResult:
        yield Select((("PDF", "pdf"), ("XML", "xml")), value="pdf", id="sku")
        yield TypedInput(id="qty")


async def two_fields_typed(*keys: str, at_once: bool, app_class: type[App] = TwoFields) -> tuple[str, str]:
    app = app_class()
    async with app.run_test() as pilot:
        app.query_one("#sku").focus()
        await pilot.pause()
        if at_once:
            burst(app, *keys)
        else:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
        await pilot.pause(0.2)
        return app.query_one("#sku").value, app.query_one("#qty", Input).value


async def test_a_tab_in_a_burst_takes_the_next_characters_to_the_next_field():
    keys = ("A", "-", "1", "tab", "3", "backspace", "4")
    assert await two_fields_typed(*keys, at_once=True) == ("A-1", "4")
    assert await two_fields_typed(*keys, at_once=False) == ("A-1", "4")


async def test_shift_tab_in_a_burst_comes_back_as_when_typed_one_by_one():
    """Coming back selects the field's text, as Textual does, so the next character replaces it."""
    keys = ("a", "tab", "2", "shift+tab", "b", "tab", "3")
    assert await two_fields_typed(*keys, at_once=True) == ("b", "3")
    assert await two_fields_typed(*keys, at_once=False) == ("b", "3")


async def test_the_characters_after_a_tab_from_a_choice_reach_the_field_after_it():
    keys = ("tab", "/", "t", "m", "p")
    assert await two_fields_typed(*keys, at_once=True, app_class=ChoiceThenField) == ("pdf", "/tmp")
    assert await two_fields_typed(*keys, at_once=False, app_class=ChoiceThenField) == ("pdf", "/tmp")


async def test_without_the_app_s_order_a_tab_in_a_burst_arrives_late():
    """Why the app takes the focus keys itself: Textual's own order (if that changes, key_order can go)."""
    class Plain(App):
        compose = TwoFields.compose

    assert await two_fields_typed("a", "tab", "3", at_once=True, app_class=Plain) != ("a", "3")
