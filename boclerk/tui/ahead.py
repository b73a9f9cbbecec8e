"""Work done ahead while Home is on screen, so that the first visit of a list has less to do: the
list screens' default styles parsed (in a thread while Home's first reads are out, else a source
per turn once Home's figures are drawn). Textual's internals are used inside a try throughout:
on anything unexpected nothing is done ahead and the visit does it as before."""

from __future__ import annotations


def list_styles(sheet, sources: dict | None = None, parsed=None,
                screens: tuple = ()) -> tuple[list[tuple], list[tuple]]:
    """The default styles of the list screens' widgets (the filters' Input and Selects, the table,
    the detail pane) and of ``screens`` (screen classes): those the stylesheet has not parsed yet,
    as ``_parse_rules`` takes them, and the sources to add, as ``add_source`` takes them.
    ``sources`` and ``parsed`` (the keys of its parse cache) default to the stylesheet's own;
    given as copies, this runs off the main thread.

    Textual adds a widget class's DEFAULT_CSS when its first widget mounts and then parses every
    source again: at the first visit of Orders, three full parses (10-55 ms) before its rows.
    Added and parsed ahead (``parse_styles_ahead``, ``warm_styles``), the
    visit finds them there and parses nothing. Uses Textual's internals, so anything unexpected
    means: nothing to warm (the visit then parses as before)."""
    try:
        from textual.containers import Horizontal, VerticalScroll
        from textual.dom import DOMNode
        from textual.widgets import Input, Select
        from textual.widgets._select import SelectCurrent, SelectOverlay

        from boclerk.tui.paged import PagedTable

        sources = {where: tuple(source) for where, source in (sheet.source if sources is None else sources).items()}
        if parsed is None:
            parsed = sheet._parse_cache
        added = []
        for cls in (*screens, Horizontal, Input, Select, SelectCurrent, SelectOverlay, PagedTable, VerticalScroll):
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
                    if (css, where, defaults, tie_breaker, scope) not in parsed]
        return to_parse, added
    except Exception:  # noqa: BLE001 - only a head start
        return [], []


def paint_pending(screen) -> bool:
    """Whether Textual has something of ``screen`` still to lay out or draw (its internals: on a
    Textual without them, nothing is taken to be pending). Work that can wait is done after the
    frame, not before it: Textual draws a screen when its message queue is idle."""
    return bool(getattr(screen, "_layout_required", False) or getattr(screen, "_repaint_required", False)
                or getattr(screen, "_dirty_widgets", None))


def parse_styles_ahead(app) -> None:
    """While Home's first reads are out (the main thread mostly waits for them), a thread of its
    own imports the screens of ``BUILD_AHEAD`` and parses the list screens' default styles, on
    a stylesheet of its own with the theme's variables as they are now; back on the main thread
    they go into the app's stylesheet (its parse cache, then its sources), as
    ``warm_styles`` puts them, unless the theme changed meanwhile. Key 2 pressed the
    moment Home's figures show then finds the Orders screen's modules loaded and its styles
    parsed (their parse was a fifth of a profile from that key to the rows)."""
    import threading

    sheet = app.stylesheet
    variables, sources, parsed = sheet._variables, dict(sheet.source), set(sheet._parse_cache.keys())
    modes = app.BUILD_AHEAD

    def install(to_parse: list[tuple], rules: list[list], added: list[tuple]) -> None:
        if sheet._variables is not variables:
            return  # another theme: these rules are not its rules
        try:
            for key, found in zip(to_parse, rules, strict=True):
                sheet._parse_cache[key] = found
            for css, where, tie_breaker, scope in added:
                sheet.add_source(css, read_from=where, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
            sheet.parse()  # from the cache just filled
        except Exception:  # noqa: BLE001 - the visit parses them again and reports what is wrong
            pass

    def job() -> None:
        from importlib import import_module

        from textual.css.stylesheet import Stylesheet

        from boclerk.tui.areas import BY_MODE

        try:
            screens = tuple(getattr(import_module(module), name)
                            for module, name in (BY_MODE[mode].screen.split(":") for mode in modes))
            to_parse, added = list_styles(sheet, sources, parsed, screens)
            own = Stylesheet(variables=variables)
            rules = [own._parse_rules(css, where, is_default_rules=defaults, tie_breaker=tie_breaker, scope=scope)
                     for css, where, defaults, tie_breaker, scope in to_parse]
            app.call_from_thread(install, to_parse, rules, added)
        except Exception:  # noqa: BLE001 - only a head start: the visit parses what is missing
            pass

    app.styles_ahead = threading.Thread(target=job, name="list-styles", daemon=True)
    app.styles_ahead.start()


def warm_styles(app, pump, todo: tuple[list[tuple], list[tuple]] | None = None) -> None:
    """Parse the list screens' default styles ahead, one source per turn of ``pump``'s
    messages (Home, once its figures are drawn: a key pressed meanwhile is answered between
    two sources), then add them to the stylesheet as their widgets' first mount would."""
    if app.screen is not pump:
        return  # Home was left: the screen shown parses what it needs (the sources parsed so far stay cached)
    if todo is None and paint_pending(pump):  # Home's figures go on screen first
        pump.set_timer(0.02, lambda: app.warm_list_styles(pump))
        return
    sheet = app.stylesheet
    to_parse, added = list_styles(sheet) if todo is None else todo
    try:
        if to_parse:
            css, where, defaults, tie_breaker, scope = to_parse.pop(0)
            sheet._parse_rules(css, where, is_default_rules=defaults, tie_breaker=tie_breaker, scope=scope)
            pump.call_later(app.warm_list_styles, pump, (to_parse, added))
            return
        for css, where, tie_breaker, scope in added:
            sheet.add_source(css, read_from=where, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
        sheet.parse()  # from the cache just filled
    except Exception:  # noqa: BLE001 - the visit parses them again and reports what is wrong
        pass
    pump.set_timer(0.02, lambda: app.build_ahead(pump))
