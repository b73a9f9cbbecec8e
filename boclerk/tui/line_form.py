"""A form with a field for each line of a record (ship, return, receive, bill): its labels are
wide enough to name the product beside its SKU, as the record's own lines do, the name cut with
an ellipsis where it is long and left out where too little of it would show."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.markup import escape

from boclerk.tui.dialogs import FormDialog
from boclerk.tui.flow import NAME_AT_LEAST

#: the cells a label of such a form has: boclerk.tcss gives ``LinesForm .dialog Label`` 40, one
#: of them its right padding (the form is 76 wide: the quantity field keeps 32)
LABEL = 39


def _cut(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis")
    return cut.plain


def line_label(named: str, plain: str, name: str, **values: object) -> str:
    """A line's label on one line of :data:`LABEL` cells: ``named`` (translated, with ``{name}``)
    with the product's name cut to what is left, or ``plain`` (without it) when less than
    :data:`boclerk.tui.flow.NAME_AT_LEAST` cells would be left for the name. Escaped for the
    label's markup (a name may hold square brackets)."""
    room = LABEL - cell_len(named.format(name="", **values))
    text = named.format(name=_cut(name, room), **values) if room >= NAME_AT_LEAST else plain.format(**values)
    return escape(_cut(text, LABEL))


class LinesForm(FormDialog):
    """A :class:`boclerk.tui.dialogs.FormDialog` whose labels name the lines' products."""
