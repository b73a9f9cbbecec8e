"""``boclerk show document`` (and ``doc show``) names a document's customer or supplier and the
records it is linked to in the reader's words: the partner's kind, name and code, an order's,
purchase order's, bill's or entry's kind and number; ``--json`` keeps the keys a script reads."""

from __future__ import annotations

import json

import pytest

from boclerk.i18n import use
from tests.services.doc_samples import document_store  # noqa: F401  (an autouse fixture)
from tests.services.test_documents_in_words import billed  # noqa: F401  (a fixture)


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.mark.parametrize("command", [("show", "document"), ("doc", "show")])
def test_a_document_s_card_names_its_supplier_and_links_in_the_reader_s_words(billed, cli, command):  # noqa: F811
    db = billed
    number = db.upd.number
    raw = json.loads(ok(cli(*command, number, "--json", user="viewer")).stdout)
    assert (raw["counterparty"], raw["counterparty_name"]) == ("supplier:ACME", "Acme Supplies")
    assert raw["links"] == ["BILL-2026-000001", db.po, "supplier:ACME"]
    assert [(x["kind"], x["key"], x["name"]) for x in raw["linked"]] == [
        ("bill", "BILL-2026-000001", ""), ("po", db.po, ""), ("supplier", "supplier:ACME", "Acme Supplies")]
    card = ok(cli(*command, number, user="viewer")).stdout
    assert "\n  Supplier Acme Supplies (ACME)\n" in card, card
    assert f"\n  links: supplier bill BILL-2026-000001, purchase order {db.po}, supplier Acme Supplies (ACME)\n" in card
    assert "supplier:" not in card
    use("ru")
    card = ok(cli(*command, number, user="viewer")).stdout
    assert "\n  Поставщик Acme Supplies (ACME)\n" in card, card
    assert (f"\n  связи: счёт поставщика BILL-2026-000001, заказ поставщику {db.po}, поставщик Acme Supplies (ACME)\n"
            in card), card
    assert json.loads(ok(cli(*command, number, "--json", user="viewer")).stdout) == raw  # whatever the language
