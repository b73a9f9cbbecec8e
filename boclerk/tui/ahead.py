"""What the app prepares while Home is on screen and idle: the list screens' default styles
parsed, then the Orders screen built (composed, mounted, its first rows read), so that the key
that opens it only shows it."""

from __future__ import annotations


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


class BuildsAhead:
    """The app's side of it (a mixin of :class:`boclerk.tui.app.BoclerkApp`)."""

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
