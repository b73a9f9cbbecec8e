"""The command line's text in the reader's words and the shop's numbers: the aging reports' buckets
(JSON and CSV keep the codes scripts read), an order line's discount."""

from __future__ import annotations

import json

from boclerk import i18n

from tests.cli.test_cli_dates import ok


def test_the_buckets_are_words_in_text_and_codes_in_json(cli):
    ok(cli("product", "add", "MUG", "Mug", "--price", "1200", "--cost", "500"))
    ok(cli("stock", "receive", "MUG", "10", "--cost", "500", "--yes", user="wh"))
    ok(cli("customer", "add", "ANNA", "Anna Petrova", user="clerk"))
    number = ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:2", user="clerk")).stdout.strip()
    ok(cli("order", "confirm", number, user="clerk"))
    ok(cli("order", "pay", number, "1000", "--method", "card", "--yes", user="acc"))
    ok(cli("order", "ship", number, "--yes", user="wh"))  # shipped today, 1 400,00 still owed
    data = json.loads(ok(cli("report", "ar-aging", "--json", user="acc")).stdout)
    assert [(r["document"], r["bucket"]) for r in data["rows"]] == [(number, "current")]
    assert list(data["buckets"]) == ["current", "1-30", "31-60", "61-90", "over 90"]
    assert ",current," in ok(cli("report", "ar-aging", "--csv", user="acc")).stdout
    english = ok(cli("report", "ar-aging", user="acc")).stdout
    assert "over 90 days" in english and "current" in english
    i18n.use("ru")
    try:
        russian = ok(cli("report", "ar-aging", user="acc")).stdout
    finally:
        i18n.use("en")
    assert "свыше 90 дней" in russian and "текущая" in russian
    assert "over 90" not in russian and "current" not in russian


def test_show_order_writes_a_discount_as_the_shop_writes_a_number(cli):
    ok(cli("product", "add", "MUG", "Mug", "--price", "1200", "--cost", "500"))
    ok(cli("customer", "add", "ANNA", "Anna Petrova", user="clerk"))
    number = ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:2:1200:12,5", user="clerk")).stdout.strip()
    line = next(x for x in ok(cli("order", "show", number)).stdout.splitlines() if "MUG" in x)
    assert "-12,5% =" in line and "12.50" not in line  # the test shop writes Russian numbers


def test_a_bank_fee_and_a_file_s_kind_are_words_in_text(cli, tmp_path):
    from tests.services.doc_samples import Pay, statement_1c, write

    path = write(tmp_path, "fee.txt", statement_1c([Pay("-150.00", "Комиссия банка за ведение счета", "ПАО СБЕРБАНК",
                                                        "7707083893", number="15")]))
    number = ok(cli("doc", "add", str(path), user="clerk")).stdout.split()[0]
    queue = json.loads(ok(cli("bank", "queue", "--json", user="acc")).stdout)
    assert [(q["status"], q["match"]) for q in queue] == [("proposed", "fee")]
    assert "│ bank fee │" in ok(cli("bank", "queue", user="acc")).stdout
    assert "(text, " in ok(cli("doc", "show", number)).stdout
    i18n.use("ru")
    try:
        russian_queue = ok(cli("bank", "queue", user="acc")).stdout
        russian_doc = ok(cli("doc", "show", number)).stdout
    finally:
        i18n.use("en")
    assert "│ комиссия банка │" in russian_queue and "│ fee " not in russian_queue
    assert "(текст, " in russian_doc
