"""Parsed styles kept across starts of the app.

Textual parses the app's stylesheet and every widget class's DEFAULT_CSS at each start, and again
for the widgets of each screen shown for the first time: on the way to the Orders list's first
rows 27 sources, 13.4 ms of the main thread's CPU (read from here: 3.5 ms). The rules a source parses to depend on nothing
but the source's text, where it was read from, its flags and the theme's variables, so they are
kept on disk (``$XDG_CACHE_HOME/boclerk/styles.pickle``) under all of these, whole (no digest that
two sources could share), in a file that also names Textual's and Python's versions and the
state of Textual's parsing modules: a file from another version is not read, and a source or a
theme that changed is another key. Anything unexpected (no file, a damaged one, one the user
does not own or others may write to, one that names anything but Textual's classes) means
parsing as Textual does.

Each source's rules are kept pickled on their own and unpickled when asked for, so a start pays only
for the sources its screens use, and every parse gives new objects, as Textual's own parse does.
"""

from __future__ import annotations

import io
import os
import pickle
import stat
import sys
import threading
from pathlib import Path
from typing import Any

#: the file's layout; a file of another is not read
FORMAT = 1
#: sources kept at most (those the last run used first); a theme adds a set of its own
MAX_ENTRIES = 600
#: a larger file is not read (the app's own is some 100 kB)
MAX_BYTES = 16 << 20


def style_cache_path() -> Path | None:
    """Where the parsed styles are kept, per OS user (``$XDG_CACHE_HOME/boclerk/styles.pickle``);
    None for an account with no home to keep them in."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(xdg) if xdg else Path.home() / ".cache") / "boclerk" / "styles.pickle"
    except (RuntimeError, KeyError):
        return None


#: the modules of Textual whose code makes the rules of a source (their file's time and size go in the key)
_PARSING = ("css/parse.py", "css/tokenize.py", "css/tokenizer.py", "css/model.py", "css/_styles_builder.py",
            "css/styles.py", "css/_style_properties.py", "css/scalar.py", "css/constants.py", "color.py")


def _versions() -> tuple:
    """What the parsed rules were made by: this layout, Python, the installed Textual (its
    distribution's name, as ``importlib.metadata`` would read it, at a fraction of its cost) and
    its parsing modules' files as they are."""
    import textual

    here = os.path.dirname(textual.__file__)
    installed = tuple(sorted(name for name in os.listdir(os.path.dirname(here))
                             if name.startswith("textual-") and name.endswith(".dist-info")))
    files = []
    for name in _PARSING:
        info = os.stat(os.path.join(here, name))
        files.append((name, info.st_mtime_ns, info.st_size))
    return FORMAT, sys.version_info[:3], here, installed, tuple(files)


class _Unpickler(pickle.Unpickler):
    """Only Textual's own classes (rules, selectors, styles and their values) and the two helpers
    their pickles name."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in (("builtins", "getattr"), ("functools", "partial")):
            return super().find_class(module, name)
        if module.startswith(("textual.", "rich.")):
            found = super().find_class(module, name)
            # defined there, not a module or a function those modules imported from elsewhere
            if str(getattr(found, "__module__", "")).startswith(("textual.", "rich.")):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a part of parsed styles")


def _loads(blob: bytes) -> Any:
    return _Unpickler(io.BytesIO(blob)).load()


class StyleCache:
    """The parsed rules of stylesheet sources, read from ``path`` and written back there (``save``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: (the theme's variables, the source, both as their repr) -> the source's rules, pickled
        self.entries: dict[tuple[str, str], bytes] = {}
        self.used: set[tuple[str, str]] = set()
        self.hits = self.misses = 0
        self.changed = False
        self._lock = threading.Lock()
        self._tokens: tuple[Any, str] = (None, "")  # the variables last seen, and as their repr
        self.versions: tuple | None = None  # what made the rules this process parses (``_versions``)

    # -- the file -------------------------------------------------------------------------------
    def load(self) -> StyleCache:
        """Read what the file holds, if it is this user's own, written by these versions."""
        try:
            self.versions = _versions()
        except Exception:  # noqa: BLE001 - a Textual laid out otherwise: nothing kept
            return self
        try:
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.path, flags)
        except OSError:
            return self
        try:
            info = os.fstat(fd)
            if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022
                    or info.st_size > MAX_BYTES):
                return self
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(MAX_BYTES + 1)
            kept = _loads(data)
            if isinstance(kept, dict) and kept.get("versions") == self.versions and isinstance(kept.get("entries"), dict):
                self.entries = {k: v for k, v in kept["entries"].items() if isinstance(v, bytes) and isinstance(k, tuple)
                                and len(k) == 2 and all(isinstance(part, str) for part in k)}
        except Exception:  # noqa: BLE001 - a cache: anything wrong with it means parsing as before
            self.entries = {}
        finally:
            os.close(fd)
        return self

    def save(self) -> bool:
        """Write the entries back if new ones were parsed (whole, then renamed into place; those this
        run used are kept first). A cache that cannot be written is not worth stopping work for."""
        with self._lock:
            if not self.changed or self.versions is None:
                return False
            self.changed = False
            entries = dict(self.entries)
            used = set(self.used)
        if len(entries) > MAX_ENTRIES:
            keep = [k for k in entries if k in used] + [k for k in entries if k not in used]
            entries = {k: entries[k] for k in keep[:MAX_ENTRIES]}
        tmp = None
        try:
            import tempfile

            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder = os.lstat(self.path.parent)
            if not stat.S_ISDIR(folder.st_mode) or folder.st_uid != os.geteuid() or folder.st_mode & 0o022:
                return False  # a link, or a folder of another account or open to others: nothing written there
            fd, tmp = tempfile.mkstemp(prefix=".styles-", dir=self.path.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"versions": self.versions, "entries": entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            return True
        except Exception:  # noqa: BLE001
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            return False

    # -- parsing ------------------------------------------------------------------------------------
    def _variables(self, variable_tokens: Any) -> str:
        """The theme's variables as a key: each name with its tokens' kinds and values (made once
        per set of variables; the keys made with it share the one string, in memory and on disk)."""
        seen, words = self._tokens
        if seen is not variable_tokens:
            words = repr(sorted((name, [(token.name, token.value) for token in tokens])
                                for name, tokens in (variable_tokens or {}).items()))
            self._tokens = (variable_tokens, words)
        return words

    def rules(self, original, scope: str, css: str, read_from: Any, variables: Any = None, variable_tokens: Any = None,
              is_default_rules: bool = False, tie_breaker: int = 0) -> list:
        """What ``original`` (Textual's parse) gives for these arguments: kept, or parsed now and kept."""
        if variables is not None:  # not how stylesheets parse: nothing kept
            return list(original(scope, css, read_from, variables, variable_tokens, is_default_rules, tie_breaker))
        key = (self._variables(variable_tokens), repr((scope, css, read_from, bool(is_default_rules), tie_breaker)))
        blob = self.entries.get(key)
        if blob is not None:
            try:
                rules = _loads(blob)
            except Exception:  # noqa: BLE001 - parsed again below
                rules = None
            if isinstance(rules, list):
                self.hits += 1
                self.used.add(key)
                return rules
        self.misses += 1
        rules = list(original(scope, css, read_from, variable_tokens=variable_tokens,
                              is_default_rules=is_default_rules, tie_breaker=tie_breaker))
        if not any(rule.errors for rule in rules):  # a stylesheet with errors is reported, never kept
            try:
                blob = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - rules that do not pickle are parsed every time
                return rules
            with self._lock:
                self.entries[key] = blob
                self.used.add(key)
                self.changed = True
        return rules


#: the cache Textual's stylesheets parse through now (one app runs at a time); None: they parse as ever
_active: list[StyleCache | None] = [None]


def use(cache: StyleCache | None) -> None:
    """Let Textual's stylesheets parse through ``cache`` (None: as Textual does). Replaces the
    name ``parse`` that ``textual.css.stylesheet`` calls with one that asks the cache first, once."""
    import textual.css.stylesheet as module

    current = module.parse
    if not getattr(current, "kept_styles", False):
        original = current

        def parse(scope, css, read_from, variables=None, variable_tokens=None, is_default_rules=False,
                  tie_breaker=0):
            cache = _active[0]
            if cache is None:
                return original(scope, css, read_from, variables, variable_tokens, is_default_rules, tie_breaker)
            return cache.rules(original, scope, css, read_from, variables, variable_tokens, is_default_rules,
                               tie_breaker)

        parse.kept_styles = True  # type: ignore[attr-defined]
        module.parse = parse
    _active[0] = cache


def active() -> StyleCache | None:
    return _active[0]


def start(path: Path | None) -> StyleCache | None:
    """The cache at ``path``, read, and Textual's stylesheets parsing through it (None: it cannot be kept)."""
    if path is None:
        return None
    cache = StyleCache(path).load()
    if cache.versions is None:
        return None
    use(cache)
    return cache


def keep(cache: StyleCache, *, done: bool = False) -> None:
    """Write what ``cache`` parsed anew; ``done``: the stylesheets parse as Textual's again."""
    cache.save()
    if done and active() is cache:
        use(None)
