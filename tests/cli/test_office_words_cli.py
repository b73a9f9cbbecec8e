"""The command line's contract and equipment cards and its list of internal deals say what is
attached, what happened and which kind of deal in words; JSON keeps the codes."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def office(cli):
    ok(cli("supplier", "add", "ACME", "Acme Supplies", user="clerk"))
    ok(cli("product", "add", "CART", "Cartridge", "--kind", "consumable", "--cost", "4500", "--supplier", "ACME"))
    contract = ok(cli("office", "contract", "add", "Supplies 2026", "--party", "supplier:ACME", "--amount", "100000",
                      user="clerk")).stdout.strip()
    po = ok(cli("purchase", "create", "--supplier", "ACME", "--line", "CART:2::IT", user="clerk")).stdout.strip()
    ok(cli("office", "contract", "attach", contract, po, user="clerk"))
    item = ok(cli("office", "equipment", "add", "Printer", "--cost", "9000", "--dept", "IT", user="clerk"))
    item = re.search(r"EQ-\d{4}-\d{6}", item.stdout + item.stderr).group(0)
    ok(cli("office", "equipment", "condition", item, "needs_repair", "--note", "jams", user="clerk"))
    ok(cli("ledger", "entry", "--memo", "Rent", "--dr", "5500:1000", "--cr", "1010:1000", "--date",
           date.today().isoformat(), "--yes", user="acc"))
    ok(cli("office", "rule", "add", "RENT", "Rent", "--account", "5500", "--basis", "area", "--share", "SALES:120",
           "--share", "WH:250", user="acc"))
    return cli, contract, po, item


def test_kinds_read_as_words_in_russian_and_json_keeps_the_codes(office):
    from boclerk.i18n import use

    cli, contract, po, item = office
    raw = json.loads(ok(cli("show", "contract", contract, "--json", user="viewer")).stdout)
    assert raw["party_kind"] == "supplier" and [ln["kind"] for ln in raw["links"]] == ["po"]
    events = json.loads(ok(cli("show", "equipment", item, "--json", user="viewer")).stdout)["events"]
    assert {e["kind"] for e in events} == {"registered", "condition"}
    deals = json.loads(ok(cli("office", "deals", "--json", user="viewer")).stdout)
    assert (deals[0]["kind"], deals[0]["basis"]) == ("allocation", "area")
    use("ru")
    card = ok(cli("show", "contract", contract, user="viewer")).stdout
    assert "(поставщик)" in card and "заказ поставщику" in card and "(supplier)" not in card, card
    assert not re.search(r"^\s*po\s", card, re.M), card
    card = ok(cli("office", "equipment", "show", item, user="viewer")).stdout
    assert "регистрация" in card and "состояние" in card, card
    kinds = [line.split("│")[1].strip() for line in card.splitlines() if re.match(r"\d\d\.\d\d\.\d{4}\s", line)]
    assert kinds == ["регистрация", "состояние"], card  # the event column (what was done is the event's own text)
    listed = " ".join(ok(cli("office", "deals", user="viewer")).stdout.split())
    assert "правило" in listed and "по базе: площадь" in listed, listed
    assert not re.search(r"\b(allocation|area|by)\b", listed), listed
    said = ok(cli("office", "rule", "add", "RENT2", "Rent 2", "--account", "5500", "--basis", "headcount",
                  user="acc")).stderr
    assert "численность" in said and "headcount" not in said, said
