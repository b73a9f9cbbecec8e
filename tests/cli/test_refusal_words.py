"""What a service's refusal says, and what each face adds to it.

A service's sentence names no command: an archived product is "archived and cannot be bought"; the
command line adds its ``product restore`` command, the app the product card's restore key.

A refusal that lists the codes one may type says them one way everywhere: bare in English ("bank,
card or cash"), each with its meaning beside it in Russian («bank (банковский перевод), card
(карта) или cash (наличные)»), as the command line's help says them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_order_cli import ok, shop_cli  # noqa: F401  (a fixture)

PO = Path(__file__).parents[2] / "boclerk" / "locale" / "ru" / "LC_MESSAGES" / "boclerk.po"


# -- codes, said one way ----------------------------------------------------------------------------

def test_codes_are_bare_in_english_and_said_in_words_in_russian():
    from boclerk.domain.code_words import PAY_WORDS, choices
    from boclerk.domain.state_words import state_word
    from boclerk.i18n import use

    use("en")
    assert choices(("bank", "card", "cash"), PAY_WORDS) == "bank, card or cash"
    assert choices(("draft", "sent"), state_word) == "draft or sent"
    use("ru")
    assert choices(("bank", "card", "cash"), PAY_WORDS) == "bank (банковский перевод), card (карта) или cash (наличные)"
    assert choices(("draft", "partially_shipped"), state_word) == "draft (черновик) или partially_shipped (отгружен частично)"
    # a code the words do not know stands alone; so does one alone, and codes given no words
    assert choices(("bank", "cheque"), PAY_WORDS) == "bank (банковский перевод) или cheque"
    assert choices(("cash",), PAY_WORDS) == "cash (наличные)"
    assert choices(("a", "b", "c")) == "a, b или c"


def _service_refusals_that_list():
    """Each Russian refusal of a service that asks the reader to choose: (msgid, msgstr)."""
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        if "boclerk/services/" not in refs:
            continue
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[-1].split("msgstr", 1)[0]))
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr ", 1)[-1]))
        if "выберите" in msgstr:
            yield msgid, msgstr


def test_every_service_refusal_that_lists_codes_says_them_one_way():
    """No service refusal lists codes of its own making ("bank, card или cash", "одно из: {names}"):
    each gives ``{codes}``, which :func:`boclerk.domain.code_words.choices` says in words."""
    found = list(_service_refusals_that_list())
    assert len(found) > 20
    # the journal's formats are names of programs (hledger, ledger, beancount), not codes; a choice
    # that lists nothing ("выберите другое имя") has neither placeholders nor Latin words after it
    listing = re.compile(r"выберите.*(\{\w+\}|\b[a-z_]{2,}\b)")
    bare = [msgid for msgid, msgstr in found
            if listing.search(msgstr.replace("{codes}", "")) and "journal format" not in msgid]
    assert bare == []


@pytest.mark.parametrize(("args", "russian", "english"), [
    (("order", "pay", "SO-2026-000001", "100", "--method", "чек"),
     "«чек» — не способ оплаты; выберите bank (банковский перевод), card (карта) или cash (наличные).",
     "'чек' is not a payment method; choose bank, card or cash."),
    (("customer", "add", "ZED", "Zed", "--kind", "corp"),
     "«corp» — не вид покупателя; выберите person (физическое лицо), organisation (организация) или sole_trader (ИП).",
     "'corp' is not a kind of customer; choose person, organisation or sole_trader."),
    (("product", "add", "TEA", "Tea", "--kind", "food"),
     "«food» — не вид товара; выберите goods (товар), consumable (расходник) или service (услуга).",
     "'food' is not a product kind; choose goods, consumable or service."),
    (("user", "add", "bob", "--role", "boss"),
     "«boss» — не роль; выберите admin (администратор), accountant (бухгалтер), clerk (менеджер), warehouse "
     "(кладовщик) или viewer (наблюдатель).",
     "'boss' is not a role; choose admin, accountant, clerk, warehouse or viewer."),
])
def test_a_wrong_code_is_refused_with_the_codes_in_the_reader_s_words(cli, args, russian, english):
    from boclerk.i18n import use

    for language, sentence in (("ru", russian), ("en", english)):
        use(language)
        r = cli(*args, user="admin")
        assert r.exit_code == 2, r.output
        assert r.stderr.strip() == sentence
        assert "Traceback" not in r.output
    use("en")


def test_an_order_list_asked_for_a_status_that_is_none_says_what_open_means(cli):
    from boclerk.i18n import use

    use("ru")
    r = cli("order", "list", "--status", "lost", user="viewer")
    assert r.exit_code == 2, r.output
    assert r.stderr.strip().endswith("cancelled (отменён) или open (подтверждённые или отгруженные частично)."), r.stderr
    use("en")


# -- an archived product ----------------------------------------------------------------------------

def test_the_service_says_what_is_wrong_and_the_command_line_how_to_restore_it(shop_cli):
    from boclerk.i18n import use

    cli = shop_cli
    ok(cli("supplier", "add", "ACME", "Acme", user="clerk"))
    ok(cli("product", "archive", "LAMP", user="clerk"))
    r = cli("purchase", "create", "--supplier", "ACME", "--line", "LAMP:2", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (
        1, "LAMP is archived and cannot be bought. To restore it: boclerk product restore LAMP."), r.stderr
    use("ru")
    r = cli("purchase", "create", "--supplier", "ACME", "--line", "LAMP:2", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (
        1, "LAMP в архиве, его нельзя закупить. Вернуть из архива: boclerk product restore LAMP."), r.stderr
    use("en")
    ok(cli("product", "restore", "LAMP", user="clerk"))  # the command it names brings it back
    ok(cli("purchase", "create", "--supplier", "ACME", "--line", "LAMP:2", user="clerk"))


def test_the_service_s_sentence_names_no_command():
    from boclerk.errors import ProductArchived

    with pytest.raises(ProductArchived) as refused:
        raise ProductArchived("LAMP is archived and cannot be bought.", "LAMP")
    assert refused.value.sku == "LAMP"
    source = (Path(__file__).parents[2] / "boclerk" / "services" / "purchasing" / "orders.py").read_text()
    assert "product restore" not in source


def test_the_app_names_the_product_card_s_restore_key_to_who_may_restore():
    from boclerk.errors import ProductArchived
    from boclerk.i18n import use
    from boclerk.tui.refusals import refusal_words

    class App:
        role, keymap_overrides = "warehouse", {}

    use("en")
    refused = ProductArchived("LAMP is archived and cannot be bought.", "LAMP")
    assert refusal_words(refused, App()) == "LAMP is archived and cannot be bought."  # may not restore it
    App.role = "clerk"
    assert refusal_words(refused, App()) == "LAMP is archived and cannot be bought. To restore it: u on the product's card."
    App.keymap_overrides = {"stock.restore_product": "ctrl+u,u"}  # the person's own key
    assert refusal_words(refused, App()).endswith("To restore it: ctrl+u on the product's card.")
    use("ru")
    assert refusal_words(refused, App()).endswith("Вернуть из архива: клавиша ctrl+u на карточке товара.")
    use("en")


# -- what the command line's tables say -------------------------------------------------------------

def test_product_list_shows_the_unit_as_the_reader_writes_it_and_json_keeps_the_code(shop_cli):
    import json

    from boclerk.i18n import use

    cli = shop_cli
    ok(cli("product", "add", "FLOUR", "Flour", "--unit", "kg", "--price", "90"))
    use("ru")
    table = ok(cli("product", "list", user="viewer")).stdout
    rows = {line.split("│")[0].strip(): line for line in table.splitlines() if line.count("│") >= 3}
    assert " шт " in rows["MUG"] and " кг " in rows["FLOUR"], table
    assert " pcs " not in table and " kg " not in table, table
    listed = json.loads(ok(cli("product", "list", "--json", user="viewer")).stdout)
    assert {r["sku"]: r["unit"] for r in listed}["FLOUR"] == "kg"
    use("en")
    table = ok(cli("product", "list", user="viewer")).stdout
    assert " pcs " in table and " kg " in table, table
