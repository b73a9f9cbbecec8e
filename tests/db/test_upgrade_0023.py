"""Upgrading to 0023: the books' language, taken from the shop's locale (the English demo, named
"Demo Shop", English); the company table keeps the triggers of 0022; going back takes it away."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from boclerk.db import migrate
from boclerk.db.engine import make_engine
from boclerk.db.guards import missing_guards


@pytest.mark.parametrize(("name", "locale", "language"), [
    ("ООО Ромашка", "ru", "ru"), ("Shop GmbH", "de", "en"), ("Demo Shop", "ru", "en"), ("Демо-магазин", "ru_RU", "ru"),
])
def test_an_older_shop_takes_its_locale_s_language(empty_location, name, locale, language):
    if empty_location.path is not None:
        empty_location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(empty_location, create=True)
    try:
        migrate.upgrade(engine, "0022")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO company (id, name, currency, locale, created_at) "
                              "VALUES (1, :n, 'RUB', :l, CURRENT_TIMESTAMP)"), {"n": name, "l": locale})
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT language FROM company")).scalar_one() == language
            assert missing_guards(conn) == []  # the company's generation triggers are still there

        from alembic import command

        command.downgrade(migrate.alembic_config(engine.execution_options(boclerk_mode="write")), "0022")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("company")}
            assert "language" not in columns
            assert missing_guards(conn) == []
    finally:
        engine.dispose()
