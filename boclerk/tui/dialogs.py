"""Dialogs: confirmation of irreversible acts, small forms, help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static

from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.tui.typed_input import TypedInput
from boclerk.tui.validators import DateValidator, MoneyValidator, PeriodValidator, QtyValidator

if TYPE_CHECKING:
    from boclerk.domain.acts import Act


def app_today(app) -> date | None:
    """The business day of ``app`` as base.today computes it (None for an app without a
    database, as some tests run a dialog alone)."""
    db = getattr(app, "db", None)
    return None if db is None else db.clock().astimezone().date()


def dialog_keys():
    """The dialog's own key bar, over the one of the screen below (whose keys do not work here): the
    keys that answer the dialog, and help."""
    from boclerk.tui.widgets import KeyBar

    return KeyBar()


class DialogBody(VerticalScroll, can_focus=False):
    """A dialog that scrolls when it is taller than the terminal, without taking the focus."""


def shown_day(value: Any, locale: str) -> str:
    """A date field's starting text: a day (or its ISO text) in the locale's form."""
    from boclerk.dates import format_day

    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_day(value, locale) if isinstance(value, date) else str(value)


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"      # text, money, qty, signed_qty, date, period, select, check
    value: Any = ""
    options: tuple[tuple[str, Any], ...] = ()
    required: bool = True
    placeholder: str = ""


class FormDialog(ModalScreen[dict | None]):
    """A small form. Returns the parsed values (money and quantities as ints), or None.

    In the app the form stays open while its values are acted on (``answer``, which
    ``BoclerkApp.push_screen`` takes from the caller's callback): a write the answer starts
    closes the form when it is done, and a refusal (the service's, or an ``InvalidInput`` the
    answer raises) is said on the form's error line with everything typed kept, to be mended
    and saved again. An answer that starts no write closes the form at once."""

    BINDINGS = [
        Binding("ctrl+s", "submit", N_("Save"), id="dialog.submit"),
        Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
    ]

    def __init__(self, title: str, fields: list[Field], *, submit: str = N_("OK"), hint: str = "",
                 focus: str | None = None, act: Act | None = None) -> None:
        super().__init__()
        # the texts may come translated or marked N_ (a table of fields): shown through _() either way;
        # the form of an act is saved by the act's button word from the rule book, said in full
        # ("Оплатить", not the key bar's "Оплата"), as its question is answered
        self.title_text, self.fields, self.hint = _(title), fields, _(hint)
        self.submit_label = act.yes_word() if act is not None else _(submit)
        self.focus_field = focus or (fields[0].name if fields else None)
        #: takes the values while the form is open (None: the form closes with them, as a plain dialog)
        self.answer: Callable[[dict], None] | None = None
        #: the values are being acted on: a second ctrl+s or an Esc waits for the answer
        self.busy = False
        #: a write of the values is under way; a question about them is open; the answer is done
        self.saving_now = self.asking = self.close_on_resume = False

    def compose(self) -> ComposeResult:
        app = self.app
        # many fields: one line each, so a long form still fits 24 rows (and scrolls if not)
        with DialogBody(classes="dialog compact" if len(self.fields) > 5 else "dialog"):
            yield Static(self.title_text, classes="title")
            for f in self.fields:
                with Horizontal(classes="row"):
                    yield Label(_(f.label))
                    if f.kind == "select":
                        yield Select(list(f.options), value=f.value if f.value != "" else Select.BLANK,
                                     allow_blank=not f.required, id=f"f-{f.name}")
                    elif f.kind == "check":
                        yield Checkbox(value=bool(f.value), id=f"f-{f.name}")
                    else:
                        validators = {
                            "money": [MoneyValidator(app.currency, app.locale)],
                            "qty": [QtyValidator()],
                            "signed_qty": [QtyValidator(allow_negative=True)],
                            "date": [DateValidator(app.locale, app_today(app))],
                            "period": [PeriodValidator(app_today(app))],
                        }.get(f.kind, [])
                        start = shown_day(f.value, app.locale) if f.kind == "date" else str(f.value)
                        yield TypedInput(start, placeholder=_(f.placeholder), id=f"f-{f.name}",
                                         validators=validators, valid_empty=not f.required)
            if self.hint:
                yield Static(self.hint, classes="hint")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.submit_label, variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")
        yield dialog_keys()

    def key_word(self, action: str) -> str | None:
        """The key bar names ctrl+s by what it does here, as the form's button does ("Record payment")."""
        return self.submit_label if action == "submit" else None

    def on_mount(self) -> None:
        if self.focus_field:
            self.query_one(f"#f-{self.focus_field}").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say what is wrong while the value is typed, not only when saving."""
        result = event.validation_result
        label = next((_(f.label) for f in self.fields if f"f-{f.name}" == event.input.id), "")
        message = "" if result is None or result.is_valid or not event.value else \
            f"{label}: {'; '.join(result.failure_descriptions)}"
        self.query_one("#form-error", Static).update(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        period = any(f"f-{f.name}" == event.input.id and f.kind == "period" for f in self.fields)
        if event.input is inputs[-1] or (period and event.value.strip()):  # a period says the days itself
            self.action_submit()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    def action_submit(self) -> None:
        from boclerk.money import parse_amount
        from boclerk.quantity import parse as parse_quantity

        if self.busy:
            return
        app = self.app
        values: dict[str, Any] = {}
        error = self.query_one("#form-error", Static)
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            if f.kind == "select":
                value = widget.value
                if value is Select.BLANK:
                    value = None
                if value is None and f.required:
                    error.update(_("{label}: choose one.").format(label=_(f.label)))
                    widget.focus()
                    return
                values[f.name] = value
                continue
            if f.kind == "check":
                values[f.name] = widget.value
                continue
            text = widget.value.strip()
            if not text:
                if f.required:
                    error.update(_("{label}: a value is required.").format(label=_(f.label)))
                    widget.focus()
                    return
                values[f.name] = None
                continue
            try:
                if f.kind == "money":
                    values[f.name] = parse_amount(text, currency=app.currency, locale=app.locale)
                elif f.kind in ("qty", "signed_qty"):
                    values[f.name] = parse_quantity(text, allow_negative=f.kind == "signed_qty")
                elif f.kind == "date":
                    from boclerk.dates import parse_day

                    values[f.name] = parse_day(text, locale=app.locale, today=app_today(app))
                elif f.kind == "period":  # its first and last days
                    from boclerk.dates import parse_span

                    values[f.name] = parse_span(text, today=app_today(app))
                else:
                    values[f.name] = text
            except InvalidInput as exc:
                error.update(f"{_(f.label)}: {exc.message}")
                widget.focus()
                return
        if self.answer is None:
            self.dismiss(values)
            return
        self.busy = True
        app.call_next(self._act_on, values)

    def _act_on(self, values: dict) -> None:
        assert self.answer is not None
        answer = self.answer
        self._as_the_forms(lambda: answer(values))

    def _as_the_forms(self, act: Callable[[], None]) -> None:
        """Run ``act`` (the answer, or its question's answer) as this form's: a write it starts
        takes the form (``Services.write``: ``saving``, then ``finish`` or ``refused``), a value it
        refuses is said here; if it neither writes nor asks, the form is done."""
        app = self.app
        app.answering_form = self
        try:
            act()
        except InvalidInput as exc:
            self.refused(exc.message)
            return
        finally:
            app.answering_form = None
        if not self.saving_now and not self.asking:
            self.finish()

    def asks(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """The answer asks a question about these values first (ConfirmDialog): the form waits
        beneath it, and ``callback`` (the question's answer) runs as the form's."""
        self.asking = True

        def answered(result: Any) -> None:
            self.asking = False
            self._as_the_forms(lambda: callback(result))

        return answered

    def saving(self) -> None:
        """A write of these values has started: the form waits for it."""
        self.saving_now = True
        self.query_one("#form-error", Static).update(Text(_("Saving…"), style="dim"))

    def refused(self, message: str) -> None:
        """Nothing was saved: say why on the error line and let the values be mended."""
        self.busy = self.saving_now = False
        self.query_one("#form-error", Static).update(message)
        self.app.bell()

    def finish(self) -> None:
        """The answer is done: close the form; under another screen (help), once it is back on top."""
        self.busy = self.saving_now = False
        if self.is_active:
            self.dismiss(None)
        elif self in self.app.screen_stack:
            self.close_on_resume = True

    def on_screen_resume(self) -> None:
        if self.close_on_resume:
            self.close_on_resume = False
            self.dismiss(None)


def found_in_columns(rows) -> list:
    """Found records whose detail comes in parts (a product's kind and price), one line each laid
    out as a table's row: the title takes the room the parts leave and is cut with an ellipsis,
    each part has a column as wide as its widest, the last one (a price) right-aligned, so that
    the prices stand under each other and none is read as the end of a name ("Coasters 6")."""
    from rich.table import Table

    widths = [max(cell_len(f.parts[i]) for f in rows) for i in range(max(len(f.parts) for f in rows))]
    lines = []
    for found in rows:
        line = Table.grid(expand=True, padding=(0, 0, 0, 2))
        line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for i, width in enumerate(widths):
            last = i == len(widths) - 1
            line.add_column(width=width + 2, no_wrap=True,  # its width counts the padding before it overflow="ellipsis", justify="right" if last else "left",
                            style="" if last else "dim")
        parts = list(found.parts) + [""] * (len(widths) - len(found.parts))
        # Text: a name is not markup; the price's own justify, as the list's left text-align reaches the cells
        line.add_row(Text(found.title), *(Text(part, justify="right" if i == len(parts) - 1 else "left")
                                          for i, part in enumerate(parts)))
        lines.append(line)
    return lines


class ChoiceDialog(ModalScreen[Any]):
    """One question with a few answers to pick from (which of the customers a search found):
    the arrows move, Enter takes the highlighted one and closes; Esc answers None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]

    DEFAULT_CSS = """
    ChoiceDialog OptionList {
        height: auto;
        max-height: 16;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, title: str, options: list[tuple[str | Text, Any]]) -> None:
        super().__init__()
        self.title_text, self.options = title, options

    @classmethod
    def of_found(cls, title: str, rows) -> ChoiceDialog:
        """Which of the records a lookup found (``boclerk.services.lookup.find``'s rows, their
        keys the answers): the titles in a column (at most 30 wide, cut with an ellipsis) and what
        tells them apart after it; one line each, cut at the dialog's edge (the list's style)."""
        if rows and all(f.parts for f in rows):
            return cls(title, [(label, f.key) for label, f in zip(found_in_columns(rows), rows, strict=True)])
        width = min(max((cell_len(f.title) for f in rows), default=0), 30)

        def label(found) -> Text:
            name = Text(found.title)
            name.truncate(width, overflow="ellipsis", pad=True)
            return Text.assemble(name, "  ", (found.detail, "dim"))

        return cls(title, [(label(f), f.key) for f in rows])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield OptionList(*(label for label, _value in self.options), id="choices")
            yield Static(_("↑↓ choose, Enter takes it, Esc cancels"), classes="hint")
        yield dialog_keys()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, for acts that cannot be undone. The question of an act of the rule book is answered
    by the act's own button word (``act``: "Оприходовать", not the key bar's "Оприход.")."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, *, yes: str = N_("Yes"), act: Act | None = None) -> None:
        super().__init__()
        self.question, self.yes = question, act.yes_word() if act is not None else _(yes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="title")
            yield Static(_("y: yes   n / Esc: no"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="error", id="yes")
                yield Button(_("No"), id="no")
        yield dialog_keys()

    def key_word(self, action: str) -> str | None:
        return self.yes if action == "answer(True)" else None

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
