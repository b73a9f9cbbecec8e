"""What every screen shares: service calls in thread workers, the top bar, permissions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from boclerk.domain.acts import ACTS
from boclerk.domain.permissions import Perm, allowed
from boclerk.domain.roles import role_word
from boclerk.errors import BoclerkError
from boclerk.i18n import N_, _
from boclerk.tui.refusals import refusal_words

if TYPE_CHECKING:
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.dialogs import FormDialog


def today(app) -> date:
    """The business date, as the services compute it (the local date of the database clock)."""
    return app.db.clock().astimezone().date()


class Services:
    """Run service functions off the UI thread; report refusals as toasts.

    ``read``/``write`` open one unit of work in a thread worker, call ``fn(uow, ...)``
    and hand the result to ``then`` back on the UI thread. A refusal's sentence is shown
    as an error toast; the screen never freezes and never shows a traceback.
    """

    app: BoclerkApp

    def read(self, fn: Callable, *args: Any, then: Callable[[Any], None] | None = None,
             settled: Callable[[], None] | None = None, asks: bool | str = False, **kwargs: Any) -> None:
        """``settled`` runs on the UI thread once the read is over, answered or refused. ``asks``:
        ``then`` opens a dialog (``"perhaps"``: may open one), and the keys typed until it is up
        wait for it (tui/held_keys.py)."""
        hold = getattr(self.app, "hold_keys", None) if asks else None
        if hold is not None:
            hold(perhaps=asks == "perhaps")
            settled = _and_release(self.app, settled)
        self._submit(fn, args, kwargs, then=then, write=False, settled=settled)

    def write(self, fn: Callable, *args: Any, then: Callable[[Any], None] | None = None, done: str | None = None,
              **kwargs: Any) -> None:
        self._submit(fn, args, kwargs, then=then, write=True, done=done)

    def _submit(self, fn, args, kwargs, *, then, write: bool, done: str | None = None,
                settled: Callable[[], None] | None = None) -> None:
        app = self.app
        form = form_of_write(app) if write else None

        def refused(message: str, title: str = "") -> None:
            say_refusal(app, form, message, title)

        def job() -> None:
            try:
                attempt()
            finally:
                if settled is not None:
                    app.call_from_thread(settled)

        def attempt() -> None:
            try:
                result = app.db.run(app.actor, fn, *args, write=write, **kwargs)
            except BoclerkError as exc:
                app.call_from_thread(refused, refusal_words(exc, app), _("Refused"))
                return
            except Exception as exc:  # noqa: BLE001 - shown, not raised: the clerk keeps working
                app.call_from_thread(refused, _("Something went wrong ({error}); nothing was saved.").format(
                                     error=type(exc).__name__))
                app.call_from_thread(app.log.error, repr(exc))
                return
            if form is not None:
                app.call_from_thread(form.finish)
            if done:
                app.call_from_thread(app.notify, done, timeout=4)
            if then is not None:
                app.call_from_thread(then, result)

        self.run_worker(job, thread=True, group="db", exit_on_error=False)  # type: ignore[attr-defined]

    def can(self, perm: Perm) -> bool:
        return allowed(self.app.role, perm)

    # -- the rule book ---------------------------------------------------------------------------
    def offer(self, act_id: str, state: str | None = None, *, record: bool = True) -> bool | None:
        """How the app offers an act: False hides it (the role may not), None dims it (no record
        highlighted, or one whose state does not allow it), True offers it."""
        act = ACTS[act_id]
        if not act.may(self.app.role):
            return False
        if act.record is not None and not record:
            return None
        return True if state is None or act.allows(state) else None

    def begin(self, act_id: str, key: Any, go: Callable[[], None]) -> None:
        """Check the act against the rule book on the record as it is now (role, state), then
        ``go()``: open its form or ask its question. A refusal shows the service's sentence at
        once, before anything is typed or asked."""
        from boclerk.services.acts import check_act

        self.read(check_act, act_id, key, then=lambda _state: go(), asks=True)

    def confirm_act(self, act_id: str, key: Any, run: Callable[[], None], *, question: str | None = None) -> None:
        """``begin`` an act, then ask its question (irreversible acts) before ``run()``."""
        act = ACTS[act_id]

        def ask() -> None:
            if not act.irreversible:
                run()
                return
            from boclerk.tui.dialogs import ConfirmDialog

            self.app.push_screen(ConfirmDialog(question or ask_of(act, key), act=act),
                                 lambda yes: run() if yes else None)

        self.begin(act_id, key, ask)


def _and_release(app, settled: Callable[[], None] | None) -> Callable[[], None]:
    def both() -> None:
        try:
            if settled is not None:
                settled()
        finally:
            app.release_keys()

    return both


def form_of_write(app) -> FormDialog | None:
    """The form whose answer is starting this write, now waiting for it (``FormDialog``), or None.
    Whoever takes it calls its ``finish()`` when the write is done, or ``say_refusal``."""
    form = getattr(app, "answering_form", None)
    if form is not None:
        app.answering_form = None
        form.saving()
    return form


def say_refusal(app, form: FormDialog | None, message: str, title: str = "") -> None:
    """A refused write's sentence: on the form that asked for it while it is open (it stays, with
    what was typed), else as an error toast."""
    if form is not None and form in app.screen_stack:
        form.refused(message)
    else:
        app.notify(message, title=title, severity="error", timeout=10)


def ask_of(act, key: Any) -> str:
    """An irreversible act's question in the interface language (the rule book writes it in English)."""
    if act.question:
        return _(act.question).format(key=key)
    return _("{act} {key}?").format(act=_(act.label), key=key).replace(" ?", "?")




def act_bindings(*act_ids: str) -> list[Binding]:
    """The app's bindings of these acts, as the rule book gives them (key, label, id)."""
    out = []
    for act_id in act_ids:
        act = ACTS[act_id]
        if act.key is None:
            raise ValueError(f"{act_id} has no key in the rule book")
        out.append(Binding(act.key, act.action, act.label, show=act.show, id=act.id))
    return out


class TopBar(Static):
    """Shop, screen, user, the business date and the area keys, on one line that fits: on a
    narrow terminal the area keys shrink to ``1-7 screens`` and the role goes first."""

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self.area_title = title

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        from boclerk.dates import format_day
        from boclerk.tui.areas import AREAS

        app: BoclerkApp = self.app  # type: ignore[assignment]
        day = format_day(today(app), app.locale)
        keys = " ".join(f"{a.key} {_(a.title).lower()}" for a in AREAS)
        width = self.size.width or self.app.size.width
        role = role_word(app.role)
        help_key, screens = _("F1 help"), _("1-7 screens")
        for who, areas in ((f"{app.actor} ({role})", f"{keys}  {help_key}"),
                           (f"{app.actor} ({role})", f"{screens}  {help_key}"),
                           (app.actor, f"{screens}  {help_key}"),
                           (app.actor, help_key)):
            line = f"{app.shop_name}  ·  {_(self.area_title)}  ·  {who}  ·  {day}  ·  {areas}"
            if len(line) <= width:
                break
        self.update(line, layout=False)  # one line (#topbar): a repaint, not a layout of the screen


class AreaScreen(Services, Screen):
    """A screen of the app: top bar, body, footer; wide terminals get the ``wide`` class."""

    TITLE = ""
    HELP = ""
    WIDE = 140
    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False, id="screen.back"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield from self.body()
        from boclerk.tui.widgets import KeyBar

        yield KeyBar()

    def body(self) -> ComposeResult:
        yield from ()

    #: the stylesheet's update count and the theme when the screen's widgets took their styles
    #: (mounting), until the screen is first left
    _styled_as: tuple | None = None

    def on_mount(self) -> None:
        self._styled_as = (getattr(self.app, "_css_update_count", None), self.app.theme)

    def on_screen_suspend(self) -> None:
        self._styled_as = None

    def _on_screen_resume(self, event) -> None:
        """A screen shown for the first time was styled as it mounted, just before: Textual's
        resume (sent twice on a mode's first switch) would style every widget of it again before
        its first paint (an eighth of a profile from key 2 to the Orders rows). Later resumes (a theme picked meanwhile, or
        the stylesheet read again) restyle as before."""
        if self._styled_as is not None and self._styled_as == (getattr(self.app, "_css_update_count", None),
                                                               self.app.theme):
            event.refresh_styles = False

    def on_resize(self, event) -> None:
        wide = event.size.width >= self.WIDE
        self.set_class(wide, "wide")
        if wide and self.DETAIL:  # grown wide: the pane shows the highlighted record
            self.call_after_refresh(self.show_current)

    def offered(self, action: str) -> bool | None:
        """How the screen offers an action: True; None, dimmed (no record highlighted, or one in a
        state that does not allow it); False, not at all (the role may not). Screens say."""
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A dimmed act still runs when its key is pressed: the rule book's check then says why
        # not, in the service's own sentence, before any form opens. Only what the role may not
        # do is switched off.
        return False if self.offered(action) is False else True

    def refresh_acts(self) -> None:
        """Refresh the footer only when the acts on offer changed.

        Moving the cursor to a record in another state changes which acts are enabled; most
        moves change nothing, and rebuilding the footer on every row costs more than the move.
        """
        signature = []
        for binding in self.BINDINGS:
            action = binding.action if isinstance(binding, Binding) else binding[1]
            name = action.split("(", 1)[0]
            signature.append(self.offered(name))
        signature = tuple(signature)
        previous = getattr(self, "_acts_signature", None)
        self._acts_signature = signature
        if signature != previous:  # the first look too: the footer may have been drawn before any record came
            self.refresh_bindings()

    # -- the wide layout's detail pane -----------------------------------------------------------
    DETAIL = ""  # the id of the Static beside the list that shows the highlighted record
    _detail_ask: tuple | None = None
    _detail_seq = 0
    _detail_busy = False

    def cursor_moved(self) -> None:
        """The list's cursor moved: the acts on offer may change, and a wide pane follows it."""
        self.refresh_acts()
        if self.is_wide:
            self.show_current()

    def show_current(self) -> None:
        """Show the highlighted record in the detail pane (screens with a pane say how)."""

    def show_detail(self, fn: Callable, *args: Any, render: Callable[[Any], Any]) -> None:
        """Read ``fn(uow, *args)`` and show ``render(answer)`` in the detail pane.

        One read at a time: asks made meanwhile collapse into the latest, and an answer that a
        later ask has overtaken is dropped, so holding an arrow key costs a handful of reads and
        the pane always ends on the row the cursor rests on.
        """
        self._detail_ask = (fn, args, render)
        self._detail_seq += 1
        if not self._detail_busy:
            self._next_detail()

    def show_detail_text(self, text: Any) -> None:
        """Show what needs no read (an empty list, a row's own fields); pending answers are dropped."""
        self._detail_ask = None
        self._detail_seq += 1
        self.query_one(f"#{self.DETAIL}", Static).update(text)

    def _next_detail(self) -> None:
        ask, self._detail_ask = self._detail_ask, None
        self._detail_busy = ask is not None
        if ask is None:
            return
        fn, args, render = ask
        seq = self._detail_seq

        def shown(answer: Any) -> None:
            if seq == self._detail_seq:
                self.query_one(f"#{self.DETAIL}", Static).update(render(answer))

        self.read(fn, *args, then=shown, settled=self._next_detail)

    @property
    def is_wide(self) -> bool:
        return self.size.width >= self.WIDE

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.has_class("-filter") and self.list_widget() is not None:
            self.list_widget().focus()  # Esc in a filter field goes back to the list
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def list_widget(self):
        """The screen's main list, if it has one (Esc from a filter returns to it)."""
        from boclerk.tui.paged import PagedTable

        found = self.query(PagedTable)
        return found.first() if found else None

    def money(self, minor: int | None) -> str:
        return self.app.money(minor)

    def day(self, value: date | None) -> str:
        """A day as the locale writes it (05.12.2026 in Russian, 12/5/2026 in English); nothing for None."""
        from boclerk.dates import format_day

        return format_day(value, self.app.locale) if value else ""

    def figure(self, value) -> str:
        """A figure that is not money (an age in hours, a percentage) as the locale writes a number: 1 201,65."""
        from boclerk.quantity import format_figure

        return format_figure(value, locale=self.app.locale)

    def quantity(self, value, unit: str = "") -> str:
        """A quantity in units as the locale writes it, with its unit unless pieces: "1,250 kg", "4".

        A whole number in a common locale (a list's count, most quantities) is grouped with the
        locale's symbols as Babel gives them (boclerk/locale/formats.py), without loading Babel's
        locale data: that load (a sixth of a profile from key 2 to the rows) fell on the Orders
        list's first count, between its first rows and the rest of its page."""
        from boclerk.locale.formats import NUMBERS

        symbols = NUMBERS.get(self.app.locale)
        if symbols is not None and type(value) is int and (not unit or unit == "pcs"):
            group, _point, minus = symbols
            text = f"{abs(value):,}".replace(",", group)
            return minus + text if value < 0 else text
        from boclerk.quantity import format_for_clerk

        return format_for_clerk(value, unit, locale=self.app.locale)
