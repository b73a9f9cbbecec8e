"""Where the database is and how the shop likes its numbers: configuration.

The database location is resolved in this order (first match wins):

1. ``--db PATH|URL`` on the command line,
2. the ``BOCLERK_DB`` environment variable,
3. the ``db`` key of a config file: ``/etc/boclerk/config.toml``, then the user's
   ``~/.config/boclerk/config.toml`` (``BOCLERK_CONFIG`` names one file instead of both),
4. ``data/boclerk.db`` under the current directory.

The same files hold the company name, currency and locale used by ``db init``, the UI
locale and theme, and keymap overrides for the terminal app. Values from the first file
win, so an administrator's ``/etc`` file cannot be overridden by a user's own file.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from boclerk.errors import InvalidInput
from boclerk.i18n import _

DEFAULT_DB = Path("data") / "boclerk.db"
DEMO_DB = Path("data") / "demo.db"
SYSTEM_CONFIG = Path("/etc/boclerk/config.toml")
KNOWN_KEYS = {"db", "company", "currency", "locale", "theme", "keymap", "documents", "max_upload_mb", "date_window",
              "shop", "open"}
#: the [shop] table: the website's exchange URL (CommerceML), its login and where its password is
SHOP_KEYS = {"url": str, "login": str, "password_file": str, "password_env": str, "timeout": (int, float),
             "retries": int, "book_site_payments": bool}


@dataclass(frozen=True)
class Config:
    """Values read from the config files (or their defaults)."""

    db: str | None = None
    db_source: str | None = None
    company: str = "My Shop"
    currency: str = "RUB"
    locale: str | None = None  # the interface's language (else LANG's) and a new company's locale
    theme: str = "dark"
    open: str | None = None  # the area the app opens on (else Home); ``boclerk --open`` says it for one start
    documents: str | None = None
    max_upload_mb: int = 50
    keymap: dict[str, str] = field(default_factory=dict)
    date_window: dict = field(default_factory=dict)  # past_years, future_years (see domain/bounds.py)
    shop: dict = field(default_factory=dict)  # see SHOP_KEYS
    files: tuple[Path, ...] = ()


#: The rules that name a database on the command line: a command for it must name it the same way.
BY_DB_OPTION = "--db option"
BY_DEMO = "--demo (the demo database under the current directory)"


@dataclass(frozen=True)
class DbLocation:
    """A resolved database location and the rule that gave it."""

    url: str
    rule: str
    path: Path | None = None  # the file, for SQLite

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def display(self) -> str:
        """The location for humans: the file path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return url_without_password(self.url)

    def command(self, words: str) -> str:
        """The boclerk command ``words`` (``db upgrade``) for this database, named as it was named:
        ``boclerk --demo db upgrade`` for the demo, ``boclerk --db PATH db upgrade`` for one given
        by ``--db`` (a server's URL without its password); else the plain command, which finds it
        again the same way (the environment, the config file, the default)."""
        if self.rule == BY_DEMO:
            return f"boclerk --demo {words}"
        if self.rule == BY_DB_OPTION:
            import shlex

            return f"boclerk --db {shlex.quote(self.display())} {words}"
        return f"boclerk {words}"


#: a database URL's parts, read as SQLAlchemy's ``make_url`` reads them
_URL = re.compile(r"(?P<name>[\w\+]+)://(?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?"
                  r"(?:(?:\[(?P<ipv6host>[^/\?]+)\]|(?P<ipv4host>[^/:\?]+))?(?::(?P<port>[^/\?]*))?)?"
                  r"(?:/(?P<database>[^\?]*))?(?:\?(?P<query>.*))?")


def url_without_password(url: str) -> str:
    """``url`` as SQLAlchemy renders it with ``hide_password=True`` (its password as ``***``),
    without loading SQLAlchemy: the quick lookups name the database they could not read."""
    from urllib.parse import parse_qsl, quote, quote_plus, unquote

    m = _URL.fullmatch(url)
    if m is None:
        return url.split("://", 1)[0] + "://..."
    part = m.groupdict()
    s = part["name"] + "://"
    if part["username"] is not None:
        s += quote(unquote(part["username"]), safe=" +") + (":***" if part["password"] is not None else "") + "@"
    host = part["ipv6host"] or part["ipv4host"]
    if host is not None:
        s += f"[{host}]" if ":" in host else host
    if part["port"]:
        s += ":" + (str(int(part["port"])) if part["port"].isdigit() else part["port"])
    if part["database"] is not None:
        s += "/" + quote(unquote(part["database"]), safe=" +/")
    pairs = sorted(parse_qsl(part["query"] or ""), key=lambda kv: kv[0])
    if pairs:
        s += "?" + "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in pairs)
    return s


def backups_folder(location: DbLocation) -> Path:
    """Where boclerk keeps the backups it takes itself: ``backups/`` beside the database file."""
    base = location.path.parent if location.path is not None else Path("data")
    return base / "backups"


def config_paths() -> list[Path]:
    """The config files consulted, most authoritative first."""
    explicit = os.environ.get("BOCLERK_CONFIG")
    if explicit:
        return [Path(explicit)]
    xdg = os.environ.get("XDG_CONFIG_HOME")
    user_dir = Path(xdg) if xdg else Path.home() / ".config"
    return [SYSTEM_CONFIG, user_dir / "boclerk" / "config.toml"]


def app_state_path() -> Path:
    """Where the app remembers what a person picked in it (the theme): per OS user, beside
    nothing the admin manages (``$XDG_STATE_HOME/boclerk/app.json``)."""
    xdg = os.environ.get("XDG_STATE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "state") / "boclerk" / "app.json"


def remembered(path: Path | None) -> dict:
    """What the app remembered at ``path`` ({} when nothing, or nothing readable, is there)."""
    import json

    if path is None:
        return {}
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}


def remember(path: Path | None, **values) -> None:
    """Keep ``values`` at ``path`` beside what is there already (written whole, then renamed
    into place). A preference that cannot be written is not worth stopping work for."""
    import json
    import tempfile

    if path is None:
        return
    merged = {**remembered(path), **values}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                         prefix=".app-", suffix=".json") as tmp:
            json.dump(merged, tmp, ensure_ascii=False)
        os.replace(tmp.name, path)
    except OSError:
        return


#: Config files read and checked: path -> (what os.stat said of it then, its keys). Every act that posts
#: asks for the date window; the file is parsed again only once it has changed.
_READ: dict[Path, tuple[tuple, dict]] = {}


def _read_toml(path: Path) -> dict:
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None:
        seen = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        kept = _READ.get(path)
        if kept is not None and kept[0] == seen:
            return copy.deepcopy(kept[1]) if kept[1] else {}
    data = _parse_toml(path)
    if st is not None:
        _READ[path] = (seen, copy.deepcopy(data))
    return data


def _parse_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return {}
    except PermissionError:
        return {}
    if not raw:
        return {}  # an empty file: nothing to parse (and no TOML parser to load for it)
    import tomllib

    try:
        data = tomllib.loads(raw.decode())
    except UnicodeDecodeError as exc:  # as tomllib.load says it of bytes that are not UTF-8
        raise InvalidInput(_("The config file {path} is not valid TOML: {exc}.").format(path=path, exc=exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(_("The config file {path} is not valid TOML: {exc}.").format(path=path, exc=exc)) from None
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise InvalidInput(_("The config file {path} has unknown key(s): {unknown}.").format(
            path=path, unknown=', '.join(unknown)))
    return data


def load_config(paths: list[Path] | None = None) -> Config:
    """Merge the config files; the first file that sets a key wins."""
    values: dict = {}
    keymap: dict[str, str] = {}
    used: list[Path] = []
    for path in paths if paths is not None else config_paths():
        data = _read_toml(path)
        if not data:
            continue
        used.append(path)
        for key, value in data.items():
            if key == "date_window":
                if not isinstance(value, dict) or set(value) - {"past_years", "future_years"} or not all(
                        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100 for v in value.values()):
                    raise InvalidInput(_("The config file {path}: date_window is a table of past_years and "
                        "future_years, whole numbers from 0 to 100.").format(path=path))
                if "date_window" not in values:
                    values["date_window"] = dict(value)
            elif key == "shop":
                if not isinstance(value, dict) or any(
                        k not in SHOP_KEYS or not isinstance(v, SHOP_KEYS[k])
                        or isinstance(v, bool) != (SHOP_KEYS[k] is bool) for k, v in value.items()):
                    raise InvalidInput(_("The config file {path}: shop is a table of url, login, password_file or "
                        "password_env (text), timeout (seconds), retries (a whole number) and "
                        "book_site_payments (true or false).").format(path=path))
                if "shop" not in values:
                    shop = dict(value)
                    if "password_file" in shop:
                        shop["password_file"] = _resolve_relative(shop["password_file"], path.parent)
                    values["shop"] = shop
            elif key == "keymap":
                if not isinstance(value, dict):
                    raise InvalidInput(_("The config file {path}: keymap must be a table.").format(path=path))
                for action, keys in value.items():
                    keymap.setdefault(str(action), str(keys))
            elif key not in values:
                if key in ("db", "documents"):  # a relative path is read from the file's own folder
                    value = _resolve_relative(str(value), path.parent)
                if key == "db":
                    values["db_source"] = f"config file {path}"
                values[key] = value
    try:
        return Config(keymap=keymap, files=tuple(used), **values)
    except TypeError as exc:  # pragma: no cover - guarded by KNOWN_KEYS
        raise InvalidInput(_("Bad config: {exc}.").format(exc=exc)) from None


def _resolve_relative(value: str, base: Path) -> str:
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else (base / path))


def location_from(value: str, rule: str) -> DbLocation:
    """Turn a path or URL given by a user into a :class:`DbLocation`."""
    value = value.strip()
    if not value:
        raise InvalidInput(_("The database location from {rule} is empty.").format(rule=rule))
    if "://" in value:
        if value.startswith("sqlite"):
            from sqlalchemy.engine import make_url

            db = make_url(value).database
            if not db or db == ":memory:":
                raise InvalidInput(_("boclerk needs a database file, not an in-memory database."))
            path = Path(db).expanduser().resolve()
            return DbLocation(url=f"sqlite:///{path}", rule=rule, path=path)
        if value.startswith(("postgresql", "postgres")):
            url = value.replace("postgres://", "postgresql://", 1)
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://"):]
            return DbLocation(url=url, rule=rule)
        raise InvalidInput(
            _("Unsupported database URL {scheme}://...; use a file path or postgresql://.").format(
                scheme=value.split('://')[0])
        )
    path = Path(value).expanduser().resolve()
    return DbLocation(url=f"sqlite:///{path}", rule=rule, path=path)


def resolve_db(cli_value: str | None = None, *, demo: bool = False, config: Config | None = None) -> DbLocation:
    """Apply the resolution order described in the module docstring."""
    if cli_value:
        return location_from(cli_value, BY_DB_OPTION)
    if demo:
        return location_from(str(DEMO_DB), BY_DEMO)
    env = os.environ.get("BOCLERK_DB")
    if env:
        return location_from(env, "BOCLERK_DB environment variable")
    config = config if config is not None else load_config()
    if config.db:
        return location_from(config.db, config.db_source or "config file")
    return location_from(str(DEFAULT_DB), "default (data/boclerk.db under the current directory)")
