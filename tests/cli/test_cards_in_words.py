"""``show customer``, ``show supplier`` and ``company show`` print a card in the reader's words:
labels in the interface language, yes or no, a customer's kind and payment terms in words; their
``--json`` keeps the field names and the stored values."""

from __future__ import annotations

import json

import pytest


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def partners(cli):
    ok(cli("customer", "add", "ANNA", "Anna Petrova", "--email", "anna@example.com", user="clerk"))
    ok(cli("supplier", "add", "ACME", "Acme Supplies", "--terms", "14"))
    return cli


def _labels(text: str) -> list[str]:
    return [line.split(":", 1)[0].strip() for line in text.splitlines() if ":" in line]


@pytest.mark.parametrize("args", [("show", "customer", "ANNA"), ("customer", "show", "ANNA"),
                                  ("show", "supplier", "ACME"), ("supplier", "show", "ACME"), ("company", "show")])
def test_a_card_speaks_russian_and_its_json_keeps_the_codes(partners, args):
    from boclerk.i18n import use

    cli = partners
    raw = json.loads(ok(cli(*args, "--json", user="viewer")).stdout)
    use("ru")
    card = ok(cli(*args, user="viewer")).stdout
    labels = _labels(card)
    assert labels and not any("_" in label or label.isascii() and label.isalpha() for label in labels), card
    assert "True" not in card and "False" not in card and "None" not in card, card
    if "active" in raw:
        assert raw["active"] is True and "да" in card.split()
    assert "Название" in labels
    # the JSON is what it was, whatever the language
    assert json.loads(ok(cli(*args, "--json", user="viewer")).stdout) == raw


def test_a_customer_s_kind_and_a_supplier_s_terms_read_as_words(partners):
    from boclerk.i18n import use

    cli = partners
    ok(cli("customer", "archive", "ANNA", user="clerk"))
    use("ru")
    anna = " ".join(ok(cli("show", "customer", "ANNA", user="viewer")).stdout.split())
    assert "Вид: физическое лицо" in anna and "Активен: нет" in anna, anna
    acme = ok(cli("show", "supplier", "ACME", user="viewer")).stdout
    assert "14 дней" in acme and "payment_terms_days" not in acme, acme
    assert json.loads(ok(cli("show", "supplier", "ACME", "--json", user="viewer")).stdout)["payment_terms_days"] == 14
    use("en")
    acme = ok(cli("show", "supplier", "ACME", user="viewer")).stdout
    assert "Payment terms: 14 days" in " ".join(acme.split()), acme
    assert "Currency: RUB" in " ".join(acme.split()), acme  # none of its own: the books'
