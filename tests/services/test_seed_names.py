"""A shop set up in Russian starts with its chart of accounts, departments and main warehouse
named in Russian; in English (or any language boclerk has no words for) as seeded. Codes never
change: the books and every rule go by them."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boclerk.services.platform.seed_names import SEEDED, name_seeded
from boclerk.services.platform.setup import init_database
from boclerk.settings import location_from


def _names(db) -> dict[str, dict[str, str]]:
    with db.read("admin") as uow:
        return {table: dict(uow.s.execute(text(f"SELECT code, name FROM {table}")).all()) for table in SEEDED}


@pytest.mark.parametrize("language", [None, "en", "de"])
def test_names_stay_as_seeded_without_words_for_them(tmp_path, language):
    db = init_database(location_from(str(tmp_path / "shop.db"), "test"), admin="admin", names_in=language)
    try:
        names = _names(db)
    finally:
        db.close()
    assert names["account"]["4000"] == "Sales revenue" and names["department"]["WH"] == "Warehouse"
    assert names["warehouse"] == {"MAIN": "Main warehouse"}


def test_a_russian_shop_reads_its_chart_in_russian(tmp_path):
    english = init_database(location_from(str(tmp_path / "en.db"), "test"), admin="admin")
    russian = init_database(location_from(str(tmp_path / "ru.db"), "test"), admin="admin", names_in="ru")
    try:
        before, after = _names(english), _names(russian)
    finally:
        english.close()
        russian.close()
    for table in SEEDED:
        assert before[table].keys() == after[table].keys()  # the same codes
        assert all(after[table][code] != name for code, name in before[table].items()), table
    assert set(before["account"].values()) <= set(SEEDED["account"])  # every seeded name has its words here
    assert (after["account"]["1000"], after["account"]["4000"]) == ("Касса", "Выручка от продаж")
    assert (after["department"]["ACCT"], after["warehouse"]["MAIN"]) == ("Бухгалтерия", "Основной склад")


def test_only_names_still_as_seeded_are_renamed(tmp_path):
    db = init_database(location_from(str(tmp_path / "shop.db"), "test"), admin="admin")
    try:
        with db.write("admin", system=True) as uow:
            uow.s.execute(text("UPDATE account SET name = 'Our bank' WHERE code = '1010'"))
            renamed = name_seeded(uow, "ru")
        assert renamed == (len(SEEDED["account"]) - 1) + len(SEEDED["department"]) + len(SEEDED["warehouse"])
        names = _names(db)
    finally:
        db.close()
    assert names["account"]["1010"] == "Our bank" and names["account"]["1000"] == "Касса"
