"""A list's filter choice: Textual's Select, in two widgets instead of six.

Select draws its value as a row of three Statics (the label, a down and an up arrow) inside a
SelectCurrent, and mounts its drop-down (a SelectOverlay, an OptionList) hidden, at once. A list
screen has a Select for each filter, and each widget mounted before the list's first rows is
styled, registered and laid out before they can be drawn (two Selects were half of the Orders
screen's widgets). Here the value's line draws itself, the same cells in the same styles, and
the drop-down is mounted the first time it opens (by key or click), so it costs nothing on a
screen whose filters are not opened. Keys, messages, values and looks are Select's.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.content import Content
from textual.css.query import NoMatches
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay


#: where the arrow's character sits in its own Static, as Textual marks each drawn character
ARROW_OFFSET = Style.from_meta({"offset": (0, 0)})


class ChoiceLine(SelectCurrent):
    """The chosen option and its arrow, drawn as one line by the widget itself."""

    COMPONENT_CLASSES = {"choice-line--arrow", "choice-line--placeholder"}
    DEFAULT_CSS = """
    ChoiceLine > .choice-line--arrow, ChoiceLine > .choice-line--placeholder {
        color: $foreground 50%;
    }
    """

    @property
    def is_container(self) -> bool:
        return False  # no children: sized and drawn from render(), as a Static is

    @property
    def is_scrollable(self) -> bool:
        return False

    def compose(self):
        return iter(())

    def update(self, label) -> None:
        self.label = label
        self.has_value = label is not Select.NULL
        self.refresh()

    def _watch_has_value(self, has_value: bool) -> None:
        super()._watch_has_value(has_value)
        self.refresh()

    def _label(self) -> Content:
        label = self.placeholder if isinstance(self.label, NoSelection) else self.label
        if isinstance(label, str):
            return Content.from_markup(label)  # as Static shows a str
        if isinstance(label, Content):
            return label
        return Content.from_rich_text(label)

    def render(self) -> Content:
        return self._label()  # its height for a height of auto (a line; the line itself: render_line)

    def render_line(self, y: int) -> Strip:
        """The label cut to one line and filled out, a space and the arrow: the strips of Select's
        row of Statics (their fill and padding in the background's style alone)."""
        width = self.size.width
        fill = Style(bgcolor=self.visual_style.rich_style.bgcolor)
        if y or width < 2:
            return Strip.blank(width, fill)
        room = width - 2
        label_style = self.get_visual_style(*(() if self.has_value else ("choice-line--placeholder",)))
        lines = Visual.to_strips(self, self._label(), room, 1, label_style) if room else []
        label = (lines[0] if lines else Strip([])).crop(0, room).extend_cell_length(room, fill)
        arrow = self.get_visual_style("choice-line--arrow").rich_style + ARROW_OFFSET
        expanded = isinstance(self.parent, Select) and self.parent.expanded
        return Strip.join([label, Strip([Segment(" ", fill), Segment("▲" if expanded else "▼", arrow)], 2)])


class ChoiceSelect(Select):
    """Select with a ChoiceLine for its value and its drop-down mounted when first opened."""

    def compose(self):
        yield ChoiceLine(self.prompt)

    @property
    def label_room(self) -> int:
        """The cells the chosen option's label has on screen (Select's label Static's width)."""
        try:
            return max(self.query_one(ChoiceLine).size.width - 2, 0)
        except NoMatches:
            return 0

    def _overlay(self) -> SelectOverlay | None:
        try:
            return self.query_one(SelectOverlay)
        except NoMatches:
            return None

    async def _open_overlay(self) -> SelectOverlay:
        overlay = self._overlay()
        if overlay is None:
            with self._context():  # bound to this Select, as in Select.compose
                overlay = SelectOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
            await self.mount(overlay)
            self._setup_options_renderables()
            index = next((i for i, (_p, value) in enumerate(self._options) if value == self.value), None)
            if index is not None:
                overlay.highlighted = index
        return overlay

    def _setup_options_renderables(self) -> None:
        if self._overlay() is not None:  # no drop-down yet: it takes the options when it is made
            super()._setup_options_renderables()

    def _watch_value(self, value) -> None:
        self._value = value
        try:
            current = self.query_one(ChoiceLine)
        except NoMatches:
            return
        if value == self.NULL:
            current.update(self.NULL)
        else:
            for index, (prompt, option) in enumerate(self._options):
                if option == value:
                    if (overlay := self._overlay()) is not None:
                        overlay.highlighted = index
                    current.update(prompt)
                    break
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        super()._watch_expanded(expanded)
        try:
            self.query_one(ChoiceLine).refresh()
        except NoMatches:
            pass

    async def action_show_overlay(self) -> None:
        await self._open_overlay()
        super().action_show_overlay()

    @on(SelectCurrent.Toggle)
    async def _choice_toggle(self, event: SelectCurrent.Toggle) -> None:
        event.stop()
        event.prevent_default()  # Select's own handler would toggle before the drop-down is there
        if not self.expanded:
            await self._open_overlay()
        self.expanded = not self.expanded
