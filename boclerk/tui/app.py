"""The clerk's app: a dashboard and one screen per area, all by keyboard."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from boclerk.i18n import N_, _
from boclerk.settings import remember, remembered
from boclerk.tui.ahead import BuildsAhead
from boclerk.tui.areas import AREAS, BY_MODE
from boclerk.tui.css_variables import KeptCssVariables
from boclerk.tui.held_keys import HeldKeys
from boclerk.tui.key_order import KeysInOrder
from boclerk.tui.palette import ActsProvider, RecordsProvider

if TYPE_CHECKING:
    from pathlib import Path

    from boclerk.db.database import Database
    from boclerk.settings import Config
    from boclerk.tui.demo_build import PendingShop
    from boclerk.tui.dialogs import FormDialog


def _screen(name: str):
    """Screens are imported when first shown, so start-up loads only the dashboard."""

    def make():
        return _styled_as_now(_new(name))

    return make


def _styled_as_now(screen):
    """Mark a new area screen as styled by the stylesheet as it is now: its widgets take their
    styles when they mount. Otherwise Textual re-parses every stylesheet twice on the first
    visit of each area (before the switch and after it), some 50 ms each time on this app."""
    try:
        app = screen.app
    except Exception:  # made outside a running app: nothing to save
        return screen
    if isinstance(getattr(app, "_css_update_count", None), int) \
            and isinstance(getattr(screen, "_css_update_count", None), int):
        screen._css_update_count = app._css_update_count
    return screen


def _new(name: str):
    from boclerk.tui.areas import BY_MODE

    return BY_MODE[name].make()


def _load_schema(db=None, app=None) -> None:
    """Load the ORM schema in the background once the first screen is up: the home screen and
    the Orders list read with plain SQL and do not need it; the first act will.

    Then everything made so far (Textual, SQLAlchemy, the schema: objects that live as long as
    the app) is moved out of the garbage collector's sight, so that a full collection no longer
    walks them: it was a pause of some 80 ms, felt when it fell on a key press. The collector,
    paused while the app started (``BoclerkApp.on_load``), runs again from then on.
    """
    import gc

    from boclerk.domain import models  # noqa: F401

    if db is not None and hasattr(db, "full"):
        db.full  # noqa: B018 - opens SQLAlchemy's engine now rather than on the first act

    if app is not None:
        app.keep_styles()
    gc.collect()
    gc.freeze()
    if app is not None:
        app.collect_again()


#: Textual's own words in the palette (its system commands), in the catalogue so they are translated
TEXTUAL_WORDS = (
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"), N_("Bell"), N_("Ring the bell"),
)


class BoclerkApp(HeldKeys, KeysInOrder, BuildsAhead, KeptCssVariables, App):
    CSS_PATH = "boclerk.tcss"
    TITLE = "boclerk"
    MODES = {area.mode: _screen(area.mode) for area in AREAS}
    COMMANDS = App.COMMANDS | {RecordsProvider, ActsProvider}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    #: seconds after the first screen until the ORM schema and SQLAlchemy's engine are loaded
    WARM_UP_AFTER = 2.0
    # the screen keys 1-7 are named in every screen's top line, not in the footer
    BINDINGS = [
        *(Binding(area.key, f"goto('{area.mode}')", area.title, show=False, id=area.binding_id) for area in AREAS),
        Binding("f1", "help", N_("Help"), id="app.help"),
        Binding("question_mark", "help", N_("Help"), show=False, id="app.help_question"),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
    ]

    def __init__(self, db: Database | None, actor: str, *, config: Config | None = None, remember: Path | None = None,
                 building: PendingShop | None = None, style_cache: Path | None = None, area: str = "dashboard") -> None:
        super().__init__()
        from boclerk.tui.nobreak import keep_figures_whole

        keep_figures_whole()  # "54 027,80" is never cut at its no-break space, wherever the app shows it
        self.first_area = area  # the mode the app opens on (boclerk --open, the config's open): Home unless said
        self.remember = remember  # the person's picks (the theme), kept across restarts
        #: the stylesheets' parsed rules, kept across restarts at ``style_cache`` (boclerk.tui.style_cache)
        self.style_cache = None
        if style_cache is not None:
            from boclerk.tui.style_cache import start

            self.style_cache = start(style_cache)
        self.actor = actor
        self.config = config
        #: the demo shop still being built: the app opens on its progress and then on Home
        self.building = building
        self.db = None
        self.currency, self.locale, self.shop_name, self.role = "RUB", "ru", "", "viewer"
        if db is not None:
            self._open_shop(db)
        from boclerk.i18n import pick_language, use

        self.language = use(pick_language(config.locale if config is not None else None))
        self.keymap_overrides = dict(config.keymap) if config is not None else {}

    def _open_shop(self, db: Database) -> None:
        """Take the shop's database: its name, currency and locale, and the actor's role. Refuses
        an unknown or disabled OS user; on SQLite reads with sqlite3 alone (boclerk.db.quick)."""
        from boclerk.db.plain import text

        first_read = db.quick_read(self.actor) if hasattr(db, "quick_read") else db.read(self.actor, core_only=True)
        with first_read as uow:
            company = uow.s.execute(text("SELECT name, currency, locale FROM company WHERE id = 1")).one()
            self.currency, self.locale, self.shop_name = company.currency, company.locale, company.name
            self.role = uow.actor.role
        config = self.config
        if config is not None and config.locale:
            self.locale = config.locale if config.locale in ("ru", "en") else self.locale
        self.db = db

    #: whether the cyclic garbage collector was on when the app started (it is paused meanwhile)
    _gc_paused = False

    def on_load(self) -> None:
        """Pause the cyclic garbage collector while the app starts: Textual's start, the first
        screens and their rows make tens of thousands of objects that live as long as the app, and
        the collector walked them again and again before the first figures were on screen (a full
        pass fell on the first screen's paint). The warm-up collects once, moves what lives on out
        of the collector's sight (gc.freeze) and turns it on again; so does quitting before that."""
        import gc

        if gc.isenabled():
            gc.disable()
            self._gc_paused = True

    def collect_again(self) -> None:
        """Turn the collector on again (once), if the app paused it."""
        if self._gc_paused:
            import gc

            self._gc_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        self.collect_again()
        self.keep_styles(done=True)

    def keep_styles(self, *, done: bool = False) -> None:
        """Write the rules parsed so far to the style cache (the warm-up does, and quitting, if
        screens shown since parsed more); ``done``: the stylesheets parse as Textual's again."""
        if self.style_cache is not None:
            from boclerk.tui.style_cache import keep

            keep(self.style_cache, done=done)

    def on_mount(self) -> None:
        picked = remembered(self.remember).get("theme")
        if picked in self.available_themes:
            self.theme = picked
        elif self.config is not None and self.config.theme == "light":
            self.theme = "textual-light"
        else:
            self.theme = "textual-dark"
        self._theme_now = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_picked)
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        if self.building is not None:
            from boclerk.tui.demo_build import DemoBuildScreen

            self.push_screen(DemoBuildScreen(self.building.path, command=self.building.command, done=self._shop_built))
            return
        self._home()

    def _home(self) -> None:
        """Open the first area (Home unless ``first_area`` says another)."""
        self.switch_mode(self.first_area)
        # once the first screens are up (they read with plain SQL), load the ORM schema for the acts
        self.set_timer(self.WARM_UP_AFTER, lambda: self.run_worker(lambda: _load_schema(self.db, self), thread=True, group="warm-up",
                                                    exit_on_error=False))

    def _shop_built(self) -> None:
        """The demo shop is ready: open it and go Home."""
        from boclerk.errors import BoclerkError

        pending = self.building
        assert pending is not None
        try:
            self._open_shop(pending.open())
        except BoclerkError as exc:
            self.screen.failed(exc.message)
            return
        self.building = None
        self.pop_screen()
        self._home()

    #: the form whose values are being acted on now (FormDialog._act_on): a write started meanwhile reports to it
    answering_form: FormDialog | None = None

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):  # type: ignore[override]
        """As Textual's, but a form keeps itself open while its values are acted on (FormDialog),
        so the caller's callback becomes the form's ``answer``. A question its answer asks
        (ConfirmDialog) opens over the form, which waits for it; a form whose answer opens any
        other screen is done, and closes first rather than wait beneath."""
        from boclerk.tui.dialogs import ConfirmDialog, FormDialog

        form = self.answering_form
        if form is not None and self.screen is form:
            if isinstance(screen, ConfirmDialog) and callback is not None:
                callback = form.asks(callback)
            else:
                form.finish()
        if isinstance(screen, FormDialog) and callback is not None and not wait_for_dismiss:
            screen.answer, callback = callback, None
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.building is not None and action in ("goto", "command_palette"):
            return False  # no shop to show yet
        if action == "command_palette" and self._in_dialog():
            return False  # a form, question or choice is answered or left first: the palette's acts open screens of their own
        return super().check_action(action, parameters)

    def _in_dialog(self) -> bool:
        from textual.screen import ModalScreen

        return isinstance(self.screen, ModalScreen) and self.screen.id != "--command-palette"

    def get_key_display(self, binding) -> str:
        """A key as the keyboard labels it: function keys in capitals (F1, F8), as the top bar's
        "F1 help" names it; the others as Textual shows them (^q, ⏎, n)."""
        shown = super().get_key_display(binding)
        return re.sub(r"(?<![^+])f(\d+)$", r"F\1", shown)

    def money(self, minor: int | None) -> str:
        if minor is None:
            return ""
        from boclerk.money import format_amount

        return format_amount(minor, currency=self.currency, locale=self.locale)

    def _theme_picked(self, theme) -> None:
        """Remember a theme the person picks (not the one the app started in)."""
        if theme.name != self._theme_now:
            self._theme_now = theme.name
            remember(self.remember, theme=theme.name)

    def on_key(self, event) -> None:
        """A letter that came back to the app unanswered while a text box of the screen has the
        focus was typed for that box: typed in the same burst as the key that opened it (``/abc``
        on a list), it went to the widget focused before (the list), which takes no letters. It
        goes into the box, in the order typed."""
        from textual import events
        from textual.widgets import Input

        focused = self.focused
        if event.is_forwarded and event.is_printable and isinstance(focused, Input) and focused.screen is self.screen:
            event.stop()
            focused.post_message(events.Key(event.key, event.character))

    def action_goto(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def open_list(self, mode: str, **filters) -> None:
        """Switch to an area and apply filters to its list (the dashboard's figures do this)."""
        for screen in getattr(self, "_screen_stacks", {}).get(mode, ())[:1]:
            screen.built_ahead = None  # the filters read the list again: no second read for its age
        self.switch_mode(mode)
        screen = self.screen
        if hasattr(screen, "apply_filters"):
            self.call_after_refresh(screen.apply_filters, **filters)

    def unsaved_work(self) -> list[str]:
        """What quitting now would lose: every form, in any area, that holds typed input (a
        form says what through its ``unsaved()``)."""
        stacks = getattr(self, "_screen_stacks", {self.current_mode: self.screen_stack})
        return [what for stack in stacks.values() for screen in stack
                if (what := getattr(screen, "unsaved", lambda: None)())]

    async def action_quit(self) -> None:
        """ctrl+q: quit at once, unless a form holds typed input; then ask first."""
        from boclerk.tui.dialogs import ConfirmDialog

        lost = self.unsaved_work()
        if not lost:
            self.exit()
            return
        what = lost[0]
        for more in lost[1:]:
            what = _("{some} and {last}").format(some=what, last=more)
        self.push_screen(ConfirmDialog(_("Quit and lose {what}?").format(what=what), yes=_("Quit")),
                         lambda yes: yes and self.exit())

    def get_system_commands(self, screen):
        """Textual's own commands in the palette, in the interface language."""
        from textual.app import SystemCommand

        for command in super().get_system_commands(screen):
            yield SystemCommand(_(command.title), _(command.help), command.callback, command.discover)
        mode = self.current_mode
        if mode in BY_MODE and self.remember is not None:
            area = _(BY_MODE[mode].title)
            yield SystemCommand(_("Start here"), _("Open the app on {area} from the next start").format(area=area),
                                lambda: self.start_here(mode))

    def start_here(self, mode: str) -> None:
        """Remember ``mode`` as the area the app opens on for this person (``boclerk --open`` still
        says otherwise for one start)."""
        remember(self.remember, open=mode)
        self.notify(_("From the next start the app opens on {area}.").format(area=_(BY_MODE[mode].title)))

    def action_command_palette(self) -> None:
        """ctrl+p: the palette, its prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_help(self) -> None:
        from boclerk.tui.help import HelpScreen, help_sections

        screen = self.screen
        self.push_screen(HelpScreen(getattr(screen, "TITLE", "") or "boclerk", getattr(screen, "HELP", ""),
                                    help_sections(self, screen)))
