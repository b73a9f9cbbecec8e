"""The clerk's app: a dashboard and one screen per area, all by keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from boclerk.i18n import N_, _
from boclerk.settings import remember, remembered
from boclerk.tui.areas import AREAS
from boclerk.tui.css_variables import KeptCssVariables
from boclerk.tui.palette import ActsProvider, RecordsProvider

if TYPE_CHECKING:
    from pathlib import Path

    from boclerk.db.database import Database
    from boclerk.settings import Config
    from boclerk.tui.demo_build import PendingShop


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


def _list_styles(sheet) -> tuple[list[tuple], list[tuple]]:
    """The default styles of the list screens' widgets (the filters' Input and Selects and their
    drop-downs, mounted when first opened; the table, the detail pane): those the stylesheet has not parsed yet, as ``_parse_rules`` takes them, and
    the sources to add, as ``add_source`` takes them.

    Textual adds a widget class's DEFAULT_CSS when its first widget mounts and then parses every
    source again: at the first visit of Orders, three full parses (10-55 ms) before its rows.
    Added and parsed ahead (``BoclerkApp.warm_list_styles``), the visit finds them there and
    parses nothing. Uses Textual's internals, so anything unexpected means: nothing to warm (the
    visit then parses as before)."""
    try:
        from textual.containers import Horizontal, VerticalScroll
        from textual.dom import DOMNode
        from textual.widgets import Input, Select
        from textual.widgets._select import SelectCurrent, SelectOverlay

        from boclerk.tui.paged import PagedTable
        from boclerk.tui.widgets_choice import ChoiceLine, ChoiceSelect

        sources = {where: tuple(source) for where, source in sheet.source.items()}
        added = []
        for cls in (Horizontal, Input, Select, SelectCurrent, SelectOverlay, ChoiceSelect, ChoiceLine, PagedTable, VerticalScroll):
            node = type("Bases", (), {"_node_bases": cls._css_bases(cls)})()
            for where, css, tie_breaker, scope in DOMNode._get_default_css(node):
                added.append((css, where, tie_breaker, scope))
                known = sources.get(where)
                if known is None or known[0] != css:
                    sources[where] = (css, True, tie_breaker, scope)
                elif known[2] > tie_breaker:  # as Stylesheet.add_source keeps it
                    sources[where] = (known[0], known[1], tie_breaker, known[3])
        to_parse = [(css, where, defaults, tie_breaker, scope)
                    for where, (css, defaults, tie_breaker, scope) in sources.items()
                    if sheet._parse_cache.get((css, where, defaults, tie_breaker, scope)) is None]
        return to_parse, added
    except Exception:  # noqa: BLE001 - only a head start
        return [], []


def _paint_pending(screen) -> bool:
    """Whether Textual has something of ``screen`` still to lay out or draw (its internals: on a
    Textual without them, nothing is taken to be pending). Work that can wait is done after the
    frame, not before it: Textual draws a screen when its message queue is idle."""
    return bool(getattr(screen, "_layout_required", False) or getattr(screen, "_repaint_required", False)
                or getattr(screen, "_dirty_widgets", None))


#: Textual's own words in the palette (its system commands), in the catalogue so they are translated
TEXTUAL_WORDS = (
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"), N_("Bell"), N_("Ring the bell"),
)


class BoclerkApp(KeptCssVariables, App):
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
                 building: PendingShop | None = None, style_cache: Path | None = None) -> None:
        super().__init__()
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
        self.switch_mode("dashboard")
        # once the first screens are up (they read with plain SQL), load the ORM schema for the acts
        self.set_timer(self.WARM_UP_AFTER, lambda: self.run_worker(lambda: _load_schema(self.db, self), thread=True, group="warm-up",
                                                    exit_on_error=False))

    def warm_list_styles(self, pump, todo: tuple[list[tuple], list[tuple]] | None = None) -> None:
        """Parse the list screens' default styles ahead, one source per turn of ``pump``'s
        messages (Home, once its figures are drawn: a key pressed meanwhile is answered between
        two sources), then add them to the stylesheet as their widgets' first mount would."""
        if self.screen is not pump:
            return  # Home was left: the screen shown parses what it needs (the sources parsed so far stay cached)
        if todo is None and _paint_pending(pump):  # Home's figures go on screen first
            pump.set_timer(0.02, lambda: self.warm_list_styles(pump))
            return
        sheet = self.stylesheet
        to_parse, added = _list_styles(sheet) if todo is None else todo
        try:
            if to_parse:
                css, where, defaults, tie_breaker, scope = to_parse.pop(0)
                sheet._parse_rules(css, where, is_default_rules=defaults, tie_breaker=tie_breaker, scope=scope)
                pump.call_later(self.warm_list_styles, pump, (to_parse, added))
                return
            for css, where, tie_breaker, scope in added:
                sheet.add_source(css, read_from=where, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
            sheet.parse()  # from the cache just filled
        except Exception:  # noqa: BLE001 - the visit parses them again and reports what is wrong
            pass
        pump.set_timer(0.02, lambda: self.build_ahead(pump))

    #: the areas built (composed, mounted, their first rows read) while Home is idle, once its
    #: figures are drawn and the list styles parsed: their key then only shows them
    BUILD_AHEAD: tuple[str, ...] = ("orders",)
    #: seconds a screen built ahead shows the rows it read then; shown later, it reads them again
    FRESH_FOR = 1.0

    def build_ahead(self, home=None) -> None:
        """Build the areas of ``BUILD_AHEAD`` in the background while Home is on screen, as a
        first switch to them would (Textual's ``_init_mode``), without showing them: pressing 2
        then only switches to a screen that is composed, mounted, laid out and filled, instead of
        doing all of that between the key and its first rows. Skipped once another area is shown,
        or on a Textual without ``_init_mode``; a screen shown more than ``FRESH_FOR`` seconds
        after it was built reads its rows again (``ListScreen.on_screen_resume``)."""
        import time

        if self.current_mode != "dashboard" or self.building is not None or self.db is None:
            return
        if home is not None and _paint_pending(home):  # built in the background, not before Home's frame
            home.set_timer(0.02, lambda: self.build_ahead(home))
            return
        stacks = getattr(self, "_screen_stacks", None)
        if not isinstance(stacks, dict) or not hasattr(self, "_init_mode"):
            return
        for mode in self.BUILD_AHEAD:
            if mode in stacks:
                continue
            self._init_mode(mode)
            stacks[mode][0].built_ahead = time.monotonic()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.building is not None and action in ("goto", "command_palette"):
            return False  # no shop to show yet
        return super().check_action(action, parameters)

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
