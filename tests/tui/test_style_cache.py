"""The styles parsed at one start are read at the next instead of parsed again: the same rules, the
same screens; another theme or a changed source parses anew; a file not to be trusted is not read."""

from __future__ import annotations

import io
import os
import pickle

import pytest

from boclerk.settings import Config
from boclerk.tui import style_cache
from boclerk.tui.app import BoclerkApp
from tests.tui.helpers import settle


@pytest.fixture(autouse=True)
def _parse_as_textual():
    yield
    style_cache.use(None)  # whatever a failed test left: the other tests parse as Textual does


def _styles(screen) -> list[tuple]:
    return [(type(w).__name__, w.id, w.styles.background, w.styles.color, w.styles.height, w.styles.width,
             w.styles.display, w.styles.border, w.styles.padding) for w in screen.walk_children(with_self=True)]


def _rule(rule) -> tuple:
    """A rule as data (a layout is an object of its class: told apart by its class)."""
    styles = sorted((name, type(value).__name__ if name == "layout" else value)
                    for name, value in rule.styles.get_rules().items())
    return (rule.selector_names, [selectors.css for selectors in rule.selector_set], rule.is_default_rules,
            rule.tie_breaker, styles)


async def _home_and_orders(db, theme: str = "dark", path=None) -> tuple[BoclerkApp, list, list, list[str], str]:
    app = BoclerkApp(db, "admin", config=Config(theme=theme), style_cache=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = _styles(app.screen)
        await pilot.press("2")
        await settle(pilot)
        orders = _styles(app.screen)
        rules = [_rule(rule) for rule in app.stylesheet.rules]
        shot = app.export_screenshot()
    return app, home, orders, rules, shot


async def test_a_second_start_reads_the_rules_and_looks_the_same(db, tmp_path):
    path = tmp_path / "cache" / "styles.pickle"
    _, home0, orders0, rules0, shot0 = await _home_and_orders(db)  # no cache: Textual's own parse

    first, home1, orders1, rules1, _ = await _home_and_orders(db, path=path)
    assert first.style_cache.misses > 0 and first.style_cache.hits == 0
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    assert style_cache.active() is None  # quitting gave parsing back to Textual

    second, home2, orders2, rules2, shot2 = await _home_and_orders(db, path=path)
    assert second.style_cache.misses == 0 and second.style_cache.hits >= first.style_cache.misses
    assert home0 == home1 == home2 and orders0 == orders1 == orders2
    assert rules0 == rules1 == rules2
    assert shot2 == shot0


async def test_another_theme_parses_anew_and_is_kept_beside(db, tmp_path):
    path = tmp_path / "styles.pickle"
    await _home_and_orders(db, path=path)
    light, *_ = await _home_and_orders(db, theme="light", path=path)
    assert light.style_cache.misses > 0  # the theme's variables are a part of what a source parses to
    _, _, orders_light, rules_light, _ = await _home_and_orders(db, theme="light")
    again, _, orders_again, rules_again, _ = await _home_and_orders(db, theme="light", path=path)
    assert again.style_cache.misses == 0
    assert orders_again == orders_light and rules_again == rules_light
    dark, *_ = await _home_and_orders(db, path=path)
    assert dark.style_cache.misses == 0  # both themes kept


def test_a_changed_source_is_parsed_not_read(tmp_path):
    from textual.css.stylesheet import Stylesheet

    path = tmp_path / "styles.pickle"
    style_cache.use(style_cache.StyleCache(path).load())
    sheet = Stylesheet()
    sheet.add_source("Static { height: 3; }", read_from=("app.tcss", ""))
    sheet.parse()
    assert style_cache.active().save()

    cache = style_cache.StyleCache(path).load()
    style_cache.use(cache)
    for css, height in (("Static { height: 3; }", 3), ("Static { height: 5; }", 5)):
        sheet = Stylesheet()
        sheet.add_source(css, read_from=("app.tcss", ""))
        sheet.parse()
        assert sheet.rules[0].styles.height.value == height
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_stylesheet_with_errors_is_reported_and_not_kept(tmp_path):
    from textual.css.stylesheet import Stylesheet, StylesheetParseError

    cache = style_cache.StyleCache(tmp_path / "styles.pickle").load()
    style_cache.use(cache)
    for _ in range(2):
        sheet = Stylesheet()
        sheet.add_source("Static { height: tall; }", read_from=("app.tcss", ""))
        with pytest.raises(StylesheetParseError):
            sheet.parse()
    assert cache.entries == {} and cache.misses == 2 and not cache.save()


def _kept_file(tmp_path) -> tuple:
    from textual.css.stylesheet import Stylesheet

    path = tmp_path / "styles.pickle"
    style_cache.use(style_cache.StyleCache(path).load())
    sheet = Stylesheet()
    sheet.add_source("Static { height: 3; }", read_from=("app.tcss", ""))
    sheet.parse()
    assert style_cache.active().save()
    style_cache.use(None)
    return path, style_cache.StyleCache(path).load().entries


def test_a_file_others_may_write_or_a_link_is_not_read(tmp_path):
    path, entries = _kept_file(tmp_path)
    assert entries
    os.chmod(path, 0o666)
    assert style_cache.StyleCache(path).load().entries == {}
    os.chmod(path, 0o600)
    link = tmp_path / "link.pickle"
    link.symlink_to(path)
    assert style_cache.StyleCache(link).load().entries == {}


def test_a_file_of_other_versions_or_damaged_is_not_read(tmp_path):
    path, entries = _kept_file(tmp_path)
    kept = pickle.loads(path.read_bytes())
    kept["versions"] = (0, *kept["versions"][1:])
    path.write_bytes(pickle.dumps(kept))
    assert style_cache.StyleCache(path).load().entries == {}
    path.write_bytes(b"not a pickle at all")
    assert style_cache.StyleCache(path).load().entries == {}


class _Loud:
    def __reduce__(self):
        return (os.system, ("echo should never run",))


def test_a_file_naming_anything_but_parsed_styles_is_not_read(tmp_path, capfd):
    path, _ = _kept_file(tmp_path)
    kept = pickle.loads(path.read_bytes())
    key = next(iter(kept["entries"]))
    kept["entries"][key] = pickle.dumps(_Loud())
    path.write_bytes(pickle.dumps(kept))
    cache = style_cache.StyleCache(path).load()
    assert key in cache.entries  # the file is whole; the bad entry is refused when asked for

    from textual.css.stylesheet import Stylesheet

    style_cache.use(cache)
    sheet = Stylesheet()
    sheet.add_source("Static { height: 3; }", read_from=("app.tcss", ""))
    sheet.parse()
    assert sheet.rules[0].styles.height.value == 3 and cache.misses == 1
    assert "should never run" not in capfd.readouterr().out
    outer = {"versions": kept["versions"], "entries": _Loud()}
    path.write_bytes(pickle.dumps(outer))
    assert style_cache.StyleCache(path).load().entries == {}
    assert "should never run" not in capfd.readouterr().out


def test_nothing_is_written_into_a_folder_others_may_write_to_or_a_link(tmp_path):
    from textual.css.stylesheet import Stylesheet

    for name, make in (("open", lambda d: (d.mkdir(), os.chmod(d, 0o777))),
                       ("link", lambda d: (tmp_path.joinpath("real").mkdir(), d.symlink_to(tmp_path / "real")))):
        folder = tmp_path / name
        make(folder)
        cache = style_cache.StyleCache(folder / "styles.pickle").load()
        style_cache.use(cache)
        sheet = Stylesheet()
        sheet.add_source("Static { height: 3; }", read_from=("app.tcss", ""))
        sheet.parse()
        assert cache.entries and not cache.save()
        assert not (folder / "styles.pickle").exists() and list(folder.iterdir()) == []


def test_no_home_no_cache(monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(style_cache.Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert style_cache.style_cache_path() is None and style_cache.start(None) is None


def test_what_textuals_modules_import_from_elsewhere_is_not_named():
    """A pickle may name Textual's and Rich's own classes, not a module or a function they import
    (``textual.app.os`` is the os module: ``os.system`` would be one step away)."""
    import textual.app

    assert hasattr(textual.app, "os")
    for module, name in (("textual.app", "os"), ("textual.app", "Path"), ("rich.console", "sys")):
        with pytest.raises(pickle.UnpicklingError):
            style_cache._Unpickler(io.BytesIO(b"")).find_class(module, name)
    from textual.css.model import RuleSet

    assert style_cache._Unpickler(io.BytesIO(b"")).find_class("textual.css.model", "RuleSet") is RuleSet
