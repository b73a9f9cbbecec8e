"""The command line's text writes days in the shop's locale and codes as words, as the app does;
JSON and CSV keep ISO days and the stored codes (scripts read them). The test shop's locale is
Russian (07.12.2026), whatever language the interface speaks."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from boclerk.cli.output import day_text, moment_text

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def sold(cli):
    """An order of the website, confirmed, paid and shipped: (cli, its number)."""
    ok(cli("product", "add", "MUG", "Mug", "--price", "1200", "--cost", "500"))
    ok(cli("stock", "receive", "MUG", "10", "--cost", "500", "--yes", user="wh"))
    ok(cli("customer", "add", "ANNA", "Anna Petrova", user="clerk"))
    number = ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:2", "--channel", "website",
                    "--ref", "W-7", user="clerk")).stdout.strip()
    ok(cli("order", "confirm", number, user="clerk"))
    ok(cli("order", "pay", number, "2400", "--method", "card", "--yes", user="acc"))
    ok(cli("order", "ship", number, "--yes", user="wh"))
    return cli, number


def today_shown() -> str:
    return day_text(date.today(), "ru")


@pytest.mark.parametrize("args", [
    ("order", "list"), ("order", "show", "{number}"), ("show", "order", "{number}"), ("find", "{number}"),
    ("stock", "moves", "MUG"), ("show", "product", "MUG"), ("ledger", "entries"), ("report", "ledger", "inventory"),
    ("audit", "--entity", "order"),
])
def test_a_table_or_card_writes_the_days_as_the_shops_locale_does(sold, args):
    cli, number = sold
    r = ok(cli(*(a.format(number=number) for a in args), user="admin"))
    assert today_shown() in r.stdout, r.stdout
    assert not ISO.search(r.stdout), r.stdout


def test_json_and_csv_keep_iso_days_and_codes(sold):
    cli, number = sold
    today = date.today().isoformat()
    listed = json.loads(ok(cli("order", "list", "--json", user="viewer")).stdout)
    assert (listed[0]["order_date"], listed[0]["channel"]) == (today, "website")
    shown = json.loads(ok(cli("show", "order", number, "--json", user="viewer")).stdout)
    assert shown["order_date"] == today and shown["channel"] == "website" and shown["payments"][0]["method"] == "card"
    csv_text = ok(cli("order", "list", "--csv", user="viewer")).stdout
    assert today in csv_text and "website" in csv_text and today_shown() not in csv_text


def test_channels_methods_and_moves_read_as_words_in_russian(sold):
    from boclerk.i18n import use

    cli, number = sold
    use("ru")
    listed = ok(cli("order", "list", user="viewer")).stdout
    assert "сайт" in listed and "website" not in listed
    card = ok(cli("order", "show", number, user="viewer")).stdout
    assert "сайт W-7" in card and "website" not in card
    assert "карта" in card and " card " not in card  # the payment's method
    assert "отгрузка" in card  # the shipment's kind, as the app's order screen says it
    moves = ok(cli("stock", "moves", "MUG", user="viewer")).stdout
    assert "receipt" not in moves and "shipment" not in moves
    # the option still takes the code
    assert number in ok(cli("order", "list", "--channel", "website", user="viewer")).stdout


def test_service_levels_say_all_channels_and_who_set_a_level_in_russian(cli):
    from boclerk.i18n import use

    ok(cli("service", "set-level", "order_ship", "3", "--channel", "marketplace"))
    use("ru")
    out = ok(cli("service", "levels", user="viewer")).stdout
    assert "все каналы" in out and "маркетплейс" in out and "boclerk" in out
    assert not re.search(r"\b(all|default|set|marketplace)\b", out), out


def test_days_and_moments_as_each_locale_writes_them():
    from datetime import UTC, datetime

    assert day_text(date(2026, 12, 7), "ru") == "07.12.2026" and day_text("2026-12-07", "en") == "12/7/2026"
    assert day_text(None, "ru") == "" and day_text("not a day", "ru") == "not a day"
    at = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    assert moment_text(at, "ru", utc=True) == "07.12.2026 23:30"
    assert moment_text("2026-12-07T23:30:00+00:00", "en", utc=True) == "12/7/2026 23:30"
    assert moment_text(date(2026, 12, 7), "ru") == "07.12.2026"
