"""The office's commands say months in words where a person reads them ("ноябрь 2026" in a message
and a table, "November 2026"), and keep ``2026-11`` in JSON and CSV; a rule's shares are asked for
in words, not as "(DEPT:WEIGHT)" inside a Russian sentence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boclerk.dates import format_month

TODAY = date.today()
MONTH = f"{TODAY:%Y-%m}"
PERIOD = int(MONTH.replace("-", ""))


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def russian():
    from boclerk.i18n import use

    use("ru")
    yield
    use("en")


def test_a_budget_says_its_month_in_words_and_json_keeps_it(cli, russian):
    r = ok(cli("office", "budget", "set", "SALES", "Kitchen", "1000", "--month", MONTH, user="acc"))
    words = format_month(PERIOD, "ru")  # "декабрь 2026"
    assert r.stderr.strip() == f"Бюджет SALES по статье Kitchen на {words}: 1\xa0000,00.", r.stderr
    table = ok(cli("office", "budget", "report", "--from", MONTH, user="viewer")).stdout
    assert words in table and MONTH not in table, table
    rows = json.loads(ok(cli("office", "budget", "report", "--from", MONTH, "--json", user="viewer")).stdout)
    assert {r["month"] for r in rows} == {MONTH}
    csv_ = ok(cli("office", "budget", "report", "--from", MONTH, "--csv", user="viewer")).stdout
    assert MONTH in csv_ and words not in csv_


def test_depreciation_and_allocation_say_the_month_in_words(cli, russian):
    words = format_month(PERIOD, "ru")
    r = ok(cli("office", "depreciate", "--period", MONTH, "--yes", user="acc"))
    assert r.stderr.strip() == f"За {words} нет основных средств к амортизации; ничего не проведено.", r.stderr
    ok(cli("ledger", "entry", "--memo", "Rent", "--dr", "5500:1000", "--cr", "1010:1000", "--date",
           TODAY.replace(day=1).isoformat(), "--yes", user="acc"))
    ok(cli("office", "rule", "add", "RENT", "Rent", "--account", "5500", "--basis", "area", "--share", "SALES:120",
           "--share", "WH:250", user="acc"))
    ok(cli("ledger", "allocate", "--period", MONTH, "--yes", user="acc"))
    r = ok(cli("ledger", "allocate", "--period", MONTH, "--yes", user="acc"))
    assert f"RENT: уже проведено за {words} (" in r.stderr and MONTH not in r.stderr, r.stderr
    table = ok(cli("office", "deals", user="viewer")).stdout
    assert words in " ".join(table.split()) or words.split()[0] in table, table
    assert MONTH not in table, table
    rows = json.loads(ok(cli("office", "deals", "--json", user="viewer")).stdout)
    assert rows[0]["posted"] == [MONTH]


@pytest.mark.parametrize(("basis", "sentence"), [
    ("area", "Укажите хотя бы два подразделения и площадь каждого в квадратных метрах."),
    ("fixed", "Укажите хотя бы два подразделения и долю каждого в процентах."),
])
def test_a_rule_with_one_share_is_asked_for_the_others_in_words(cli, russian, basis, sentence):
    r = cli("office", "rule", "add", "R", "Rent", "--account", "5500", "--basis", basis, "--share", "SALES:100",
            "--source", "ACCT", user="acc")
    assert (r.exit_code, r.stderr.strip()) == (2, sentence)
    assert "DEPT" not in r.stderr and "WEIGHT" not in r.stderr


def test_a_key_that_counts_for_itself_is_named_in_words(cli, russian):
    r = cli("office", "rule", "add", "R", "Staff", "--account", "5500", "--basis", "headcount", "--share", "SALES:5",
            user="acc")
    assert (r.exit_code, r.stderr.strip()) == (
        2, "База «численность» считается сама; укажите подразделения без весов (SALES).")
