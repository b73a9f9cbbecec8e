"""Creating a database: ``boclerk db init``."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect

from boclerk.db.database import Database, describe_connect_error
from boclerk.db.engine import make_engine
from boclerk.db.migrate import upgrade
from boclerk.domain.company import Company
from boclerk.errors import DatabaseUnavailable, InvalidInput, Refused
from boclerk.i18n import _, language_of
from boclerk.services.platform.users import create_first_admin
from boclerk.settings import DbLocation


def validate_currency(code: str) -> str:
    from babel.numbers import list_currencies

    code = code.strip().upper()
    if code not in list_currencies():
        raise InvalidInput(_("'{code}' is not an ISO 4217 currency code (for example RUB, EUR, USD).").format(
            code=code))
    return code


@contextmanager
def _private_umask():
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _prepare_directory(directory: Path) -> None:
    """Create the data directory 0700, or tighten one we own (never a shared one like /tmp)."""
    if not directory.exists():
        try:
            directory.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            raise DatabaseUnavailable(_("Cannot create the directory {directory}: {strerror}.").format(
                directory=directory, strerror=exc.strerror)) from None
        return
    if not directory.is_dir():
        raise DatabaseUnavailable(_("{directory} is not a directory.").format(directory=directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DatabaseUnavailable(_("The directory {directory} is not writable.").format(directory=directory))
    st = directory.stat()
    shared = st.st_mode & stat.S_ISVTX or st.st_uid != os.geteuid()
    if not shared:
        directory.chmod(0o700)


def _refuse_existing(location: DbLocation) -> None:
    if location.path is not None:
        path = location.path
        if path.exists() and (path.is_dir() or path.stat().st_size > 0):
            raise Refused(_("A database already exists at {path}; boclerk db init never overwrites one.").format(
                path=path))
        return


def init_database(
    location: DbLocation,
    *,
    admin: str,
    company: str = "My Shop",
    currency: str = "RUB",
    locale: str = "ru",
    clock: Callable[[], datetime] | None = None,
    names_in: str | None = None,
    language: str | None = None,
) -> Database:
    """Create a database at the code's revision and make ``admin`` its first admin.

    The migrations themselves seed what every shop starts with (chart of accounts,
    departments, the main warehouse), so an upgraded database has them too; in English, or
    with ``names_in`` a language ("ru"), in that language. ``language``: what the words the
    services write into the books say (memos, reasons); by default ``names_in``'s, else the
    locale's.
    """
    currency = validate_currency(currency)
    if not company.strip():
        raise InvalidInput(_("The company name must not be empty."))
    _refuse_existing(location)
    created: Path | None = None  # the file this call creates, removed again on failure
    if location.path is not None:
        _prepare_directory(location.path.parent)
        if not location.path.exists():
            created = location.path
    engine = None
    try:
        with _private_umask():
            engine = make_engine(location, create=True)
            try:
                with engine.connect() as conn:
                    tables = inspect(conn).get_table_names()
            except Exception as exc:  # noqa: BLE001 - any driver error is "cannot reach"
                raise DatabaseUnavailable(describe_connect_error(location, exc)) from None
            if tables:
                raise Refused(
                    _("The database at {where} already has tables; boclerk db init never "
                        "overwrites one.").format(where=location.display())
                )
            upgrade(engine)
        if location.path is not None:
            location.path.chmod(0o600)
        db = Database(location, engine) if clock is None else Database(location, engine, clock=clock)
        with db.write(admin, system=True) as uow:
            books = language_of(language) or language_of(names_in) or language_of(locale) or "en"
            uow.s.add(Company(name=company.strip(), currency=currency, locale=locale, language=books,
                              created_at=uow.now))
            uow.s.flush()
            create_first_admin(uow, admin)
            if names_in:
                from boclerk.services.platform.seed_names import name_seeded

                name_seeded(uow, names_in)
            uow.audit("db.init", "company", 1, after={"name": company.strip(), "currency": currency,
                                                      "language": books})
        return db
    except BaseException:
        if engine is not None:
            engine.dispose()
        if created is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(created) + suffix).unlink(missing_ok=True)
        raise
