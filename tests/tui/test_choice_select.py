"""A list's filter choice (ChoiceSelect) shows, answers keys and clicks, and reports changes as
Textual's Select does: the same screen, cell for cell and style for style, at every step."""

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from boclerk.tui.widgets_choice import ChoiceLine, ChoiceSelect
from tests.tui.helpers import settle

CSS = (Path(__file__).parents[2] / "boclerk" / "tui" / "boclerk.tcss").read_text(encoding="utf-8")

OPTIONS = [("All", ""), ("To confirm (draft)", "draft"), ("Частично отгружены", "partly"),
           ("a rather long label that wraps over", "long"), ("x" * 40, "fold"), ("東京の店舗です東京の店舗です", "cjk")]


class FiltersApp(App):
    CSS = CSS

    def __init__(self, kind: type[Select], value=""):
        super().__init__()
        self.kind = kind
        self.value = value
        self.changes: list = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Input(id="search", classes="-filter")
            yield self.kind(OPTIONS, value=self.value, allow_blank=False, id="status", classes="-filter")
            yield self.kind([("All channels", ""), ("Website", "website")], value="", allow_blank=False,
                            id="channel", classes="-filter")
        yield Input(id="below")

    def on_select_changed(self, event: Select.Changed) -> None:
        self.changes.append((event.select.id, event.value))


def screen(app) -> list:
    """Each line's runs of text in one style (where a line is cut into segments does not show)."""
    return [list(Segment.simplify(strip)) for strip in app.screen._compositor.render_strips()]


STEPS = [
    (),  # as mounted, the search box focused
    ("tab",),  # the first choice focused
    ("enter",),  # its drop-down open
    ("down", "down"),
    ("enter",),  # the third option taken
    ("down",),  # opened again by the arrow key
    ("up", "escape"),  # closed without a change
    ("space", "t", "enter"),  # typed to search
    ("tab", "space", "down", "enter"),  # the second choice
    ("up", "down", "down", "down", "enter"),
    ("shift+tab", "shift+tab", "shift+tab"),
]


@pytest.mark.parametrize("size", [(80, 24), (40, 16)])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("value", ["", "long", "fold", "cjk"])
async def test_choice_select_is_selects_own(size, theme, value):
    seen = {}
    for kind in (Select, ChoiceSelect):
        app = FiltersApp(kind, value)
        app.theme = theme
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            frames = [screen(app)]
            values = [(app.query_one("#status", Select).value, app.query_one("#channel", Select).value)]
            for keys in STEPS[1:]:
                await pilot.press(*keys)
                await settle(pilot)
                frames.append(screen(app))
                values.append((app.query_one("#status", Select).value, app.query_one("#channel", Select).value))
            seen[kind] = (frames, values, list(app.changes))
    (own_frames, own_values, own_changes), (frames, values, changes) = seen[Select], seen[ChoiceSelect]
    assert values == own_values and changes == own_changes
    assert own_values[-1] != own_values[0]  # the steps did change the choices
    for step, (own, new) in enumerate(zip(own_frames, frames)):
        assert new == own, f"step {step} {STEPS[step]}"


async def test_clicks_open_and_choose():
    seen = {}
    for kind in (Select, ChoiceSelect):
        app = FiltersApp(kind)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.click("#status")
            await settle(pilot)
            opened = screen(app)
            await pilot.click(SelectOverlay, offset=(2, 3))
            await settle(pilot)
            seen[kind] = (opened, screen(app), app.query_one("#status", Select).value, list(app.changes))
    assert seen[ChoiceSelect] == seen[Select]
    assert seen[Select][2] != ""


async def test_drop_down_mounted_when_first_opened():
    app = FiltersApp(ChoiceSelect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        choice = app.query_one("#status", ChoiceSelect)
        assert not choice.query(SelectOverlay) and len(choice.query("*")) == 1
        assert isinstance(choice.query_one("*"), ChoiceLine)
        choice.value = "draft"  # set before the drop-down exists, then opened on it
        choice.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert choice.expanded and choice.query_one(SelectOverlay).highlighted == 1
        choice.set_options([("One", 1), ("Two", 2)])  # new options reach the open drop-down
        await settle(pilot)
        assert choice.query_one(SelectOverlay).option_count == 2 and choice.value == 1
