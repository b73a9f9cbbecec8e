"""boclerk rate set/import/list, vat, report vat and suppliers abroad, as a user types them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "formats" / "samples" / "cbr_xml_daily_2022-03-15.xml"


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def fails(r, code: int, text: str):
    assert r.exit_code == code, (r.exit_code, r.stdout, r.stderr)
    assert text in r.stderr, r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r


def test_rate_set_import_and_list(cli):
    r = ok(cli("rate", "set", "EUR", "2026-03-02", "97,1234", user="acc"))
    assert r.stderr.strip() == "EUR on 02.03.2026: 97.1234 for 1."
    r = ok(cli("rate", "import", str(SAMPLE), user="acc"))
    assert r.stderr.strip() == "Rates of 15.03.2022: 34 added, 0 changed, 0 unchanged."
    rows = json.loads(ok(cli("rate", "list", "JPY", "--json", user="viewer")).stdout)
    assert [(x["day"], x["nominal"], x["per_nominal"], x["rate"]) for x in rows] == [
        ("2022-03-15", 100, "99.4486", "0.994486")]
    fails(cli("rate", "set", "EUR", "2026-03-02", "abc", user="acc"), 2, "'abc' is not an exchange rate")
    fails(cli("rate", "set", "EUR", "2026-03-02", "90", user="clerk"), 3, "")
    fails(cli("rate", "import", str(Path(__file__)), user="acc"), 2, "is not readable XML")


def test_a_supplier_abroad_and_a_wrong_inn_by_command(cli):
    ok(cli("supplier", "add", "LEUCHT", "Leuchten GmbH", "--country", "DE", "--tax-id", "DE136695976",
           "--currency", "EUR", user="clerk"))
    shown = json.loads(ok(cli("supplier", "show", "LEUCHT", "--json")).stdout)
    assert (shown["country"], shown["tax_id"], shown["currency"]) == ("DE", "DE136695976", "EUR")
    fails(cli("supplier", "add", "BAD", "Bad", "--tax-id", "7707083894", user="clerk"), 2,
          "'7707083894' is not a valid INN: its check digits do not match.")
    fails(cli("supplier", "add", "BAD", "Bad", "--tax-id", "7707083893", "--bik", "044525225", "--account",
              "40702810938000000000", user="clerk"), 2, "its control key does not match")


def test_report_vat_and_the_vat_tables(cli):
    rates = json.loads(ok(cli("vat", "rates", "--json")).stdout)
    assert {"category": "standard", "valid_from": "2026-01-01", "rate": 22} in rates
    assert {"category": "standard", "valid_from": "1993-01-01", "rate": 20} in rates  # history finds its rate
    assert json.loads(ok(cli("vat", "regimes", "--json")).stdout) == [{"valid_from": "1993-01-01", "regime": "general"}]
    today = date.today()
    ok(cli("product", "add", "MUG", "Mug", "--price", "1220", user="admin"))
    ok(cli("customer", "add", "ANNA", "Anna", "--tax-id", "500100732259", user="clerk"))
    ok(cli("stock", "receive", "MUG", "5", "--cost", "500", "--yes", user="wh"))
    number = ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:2", user="clerk")).stdout.strip()
    ok(cli("order", "confirm", number, user="clerk"))
    ok(cli("order", "ship", number, "--yes", user="wh"))
    start, end = (today - timedelta(days=1)).isoformat(), today.isoformat()
    report = json.loads(ok(cli("report", "vat", "--from", start, "--to", end, "--json", user="viewer")).stdout)
    assert [(x["document"], x["tax_id"], x["rate"], x["base"], x["vat"]) for x in report["rows"]] == [
        (number, "500100732259", "22%", "2000.00", "440.00")]  # 2 x 1 220.00 incl. 22%
    assert report["net_vat"] == report["ledger_net"] == "440.00"
    table = ok(cli("report", "vat", "--from", start, "--to", end, user="viewer")).stdout
    assert "VAT accounts' movement" in table and "440,00" in table
    fails(cli("report", "vat", "--from", end, "--to", start), 2, "The period is empty")
    fails(cli("vat", "regime", "flat", "--from", end, user="acc"), 2, "'flat' is not a VAT regime")


def test_company_details_are_checked(cli):
    fails(cli("company", "set", "--bik", "044525225", "--account", "40702810938000000000"), 2,
          "its control key does not match")
    ok(cli("company", "set", "--tax-id", "7707083893", "--kpp", "773601001", "--bik", "044525225",
           "--account", "30101810400000000225"))
    shown = json.loads(ok(cli("company", "show", "--json", user="viewer")).stdout)
    assert (shown["tax_id"], shown["bik"], shown["bank_account"]) == ("7707083893", "044525225", "30101810400000000225")
    fails(cli("company", "set", "--tax-id", "7707083894"), 2, "check digits do not match")
    fails(cli("company", "set", "--tax-id", "7707083893", user="acc"), 3, "")


def test_a_vat_rate_is_a_stavka_and_an_exchange_rate_a_kurs_in_russian(cli):
    from boclerk.i18n import use

    ok(cli("rate", "set", "EUR", "2026-03-02", "97", user="acc"))
    ok(cli("product", "add", "MUG", "Mug", "--price", "1220", user="admin"))
    ok(cli("customer", "add", "ANNA", "Anna", user="clerk"))
    ok(cli("stock", "receive", "MUG", "5", "--cost", "500", "--yes", user="wh"))
    number = ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:1", user="clerk")).stdout.strip()
    ok(cli("order", "confirm", number, user="clerk"))
    ok(cli("order", "ship", number, "--yes", user="wh"))
    today = date.today()
    use("ru")
    head = ok(cli("vat", "rates", user="viewer")).stdout.splitlines()[1]
    assert "ставка" in head and "курс" not in head, head
    head = next(line for line in ok(cli("report", "vat", "--from", (today - timedelta(days=1)).isoformat(), "--to",
                                         today.isoformat(), user="viewer")).stdout.splitlines() if "ставка" in line)
    assert "курс" not in head and "налог" not in head.split("ставка")[0], head
    head = ok(cli("rate", "list", user="viewer")).stdout.splitlines()[1]
    assert "курс" in head and "ставка" not in head, head
    use("en")
    assert "rate" in ok(cli("vat", "rates", user="viewer")).stdout.splitlines()[1]
