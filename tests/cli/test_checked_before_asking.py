"""What a clerk types is checked before an irreversible act asks for --yes: a value the act would
refuse is refused at once (exit 2, its one sentence, nothing asked, nothing changed), in the
reader's language, with numbers written as the language writes them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_order_cli import create, ok, shop_cli  # noqa: F401  (a fixture)

ASKED = "--yes"  # what the question says when nobody is at a terminal to answer it


def refused(r, code: int, sentence: str):
    assert (r.exit_code, r.stderr.strip()) == (code, sentence), (r.exit_code, r.stdout, r.stderr)
    assert ASKED not in r.stderr and r.stdout == ""
    return r


def level(cli, sku: str) -> list:
    return [(x["warehouse"], x["on_hand"]) for x in json.loads(ok(cli("stock", "levels", "--sku", sku, "--json",
                                                                     user="viewer")).stdout)]


def test_a_stock_move_s_values_are_refused_before_the_question(shop_cli):  # noqa: F811
    cli = shop_cli
    before = level(cli, "MUG")
    refused(cli("stock", "adjust", "MUG", "+1,5", "--reason", "found", user="wh"), 2,
            "'1.5' is not a whole number, and MUG (шт) is counted in whole units.")
    refused(cli("stock", "adjust", "MUG", "-1", "--reason", "lost", "-w", "NOPE", user="wh"), 2,
            "There is no warehouse NOPE.")
    refused(cli("stock", "adjust", "MUG", "0", "--reason", "lost", user="wh"), 2,
            "The adjustment must be a non-zero quantity.")
    refused(cli("stock", "adjust", "MUG", "-1", "--reason", " ", user="wh"), 2,
            "Say why: an adjustment or write-off needs a reason.")
    refused(cli("stock", "write-off", "MUG", "0,5", "--reason", "broken", user="wh"), 2,
            "'-0.5' is not a whole number, and MUG (шт) is counted in whole units.")
    refused(cli("stock", "receive", "MUG", "2,5", "--cost", "500", user="wh"), 2,
            "'2.5' is not a whole number, and MUG (шт) is counted in whole units.")
    refused(cli("stock", "move", "receipt", "MUG", "1", "--cost", "500", "-w", "NOPE", user="wh"), 2,
            "There is no warehouse NOPE.")
    assert level(cli, "MUG") == before
    # the product is the record the act is about: not there is still "not found", as the rule book says
    r = cli("stock", "adjust", "NOPE", "-1", "--reason", "lost", user="wh")
    assert r.exit_code == 4 and ASKED not in r.stderr, r.stderr
    # good values still ask, and go ahead with --yes
    r = cli("stock", "adjust", "MUG", "-1", "--reason", "lost", user="wh")
    assert r.exit_code == 2 and ASKED in r.stderr
    ok(cli("stock", "adjust", "MUG", "-1", "--reason", "lost", "--yes", user="wh"))


def test_the_unit_s_refusal_writes_the_number_as_russian_does(shop_cli):  # noqa: F811
    from boclerk.i18n import use

    use("ru")
    refused(shop_cli("stock", "adjust", "MUG", "+1 000,5", "--reason", "нашли", user="wh"), 2,
            "«1\xa0000,5» — не целое число, а MUG (шт) считается в целых единицах.")


def test_a_journal_entry_s_lines_are_checked_before_the_question(cli):
    before = json.loads(ok(cli("ledger", "entries", "--json", user="acc")).stdout)
    for draft in ((), ("--draft",)):
        refused(cli("ledger", "entry", "--memo", "x", "--dr", "9999:100", "--cr", "1000:100", *draft, user="acc"), 2,
                "There is no account 9999.")
    refused(cli("ledger", "entry", "--memo", "x", "--dr", "5000:100", "--cr", "1000:100:ZZZ", user="acc"), 2,
            "There is no department ZZZ.")
    refused(cli("ledger", "entry", "--memo", "x", "--dr", "5000:100", "--cr", "1000:90", user="acc"), 1,
            "The entry does not balance: debits exceed credits by 10,00.")
    refused(cli("ledger", "recharge", "10", "--from", "NOPE", "--to", "NOPE2", user="acc"), 2,
            "There is no department NOPE.")
    refused(cli("ledger", "recharge", "0", "--from", "NOPE", "--to", "NOPE2", user="acc"), 2,
            "A recharge needs a positive amount.")
    assert json.loads(ok(cli("ledger", "entries", "--json", user="acc")).stdout) == before
    assert ok(cli("ledger", "drafts", "--json", user="acc")).stdout.strip() == "[]"
    r = cli("ledger", "entry", "--memo", "x", "--dr", "5000:100", "--cr", "1000:100", user="acc")
    assert r.exit_code == 2 and ASKED in r.stderr  # a good entry asks


def test_a_journal_line_s_amount_is_named_in_russian(cli):
    from boclerk.i18n import use

    use("ru")
    refused(cli("ledger", "entry", "--memo", "x", "--dr", "5000:1x00", "--cr", "1000:100", user="acc"), 2,
            "сумма по счёту 5000: «1x00» — не сумма.")


def test_a_payment_of_nothing_is_refused_before_the_question(shop_cli):  # noqa: F811
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    ok(cli("order", "confirm", number, user="clerk"))
    refused(cli("order", "pay", number, "0", user="clerk"), 2, "A payment needs a positive amount.")
    refused(cli("order", "refund", number, "0", user="clerk"), 2, "A refund needs a positive amount.")


# -- a path that is not there: bad input, one sentence naming it -----------------------------------

@pytest.mark.parametrize("args", [
    ("import", "products", "{missing}"), ("shop", "import-orders", "{missing}"), ("doc", "add", "{missing}"),
    ("bank", "import", "{missing}"), ("rate", "import", "{missing}"), ("ledger", "opening", "{missing}", "--yes"),
    ("stock", "count", "enter", "CNT-1", "--file", "{missing}"),
])
def test_a_file_that_is_not_there_is_bad_input(cli, tmp_path, args):
    missing = tmp_path / "missing.csv"
    r = cli(*(a.format(missing=missing) for a in args), user="admin")
    assert (r.exit_code, r.stderr.strip()) == (2, f"There is no file {missing}."), r.output


@pytest.mark.parametrize("args", [
    ("db", "backup", "{nowhere}/new"), ("db", "restore", "{nowhere}"), ("doc", "scan", "{nowhere}"),
    ("export", "csv", "products", "-o", "{nowhere}/p.csv"), ("doc", "add", "{nowhere}/a.pdf"),
])
def test_a_folder_that_is_not_there_is_bad_input(cli, location, tmp_path, args):
    nowhere = tmp_path / "nowhere"
    r = cli(*(a.format(nowhere=nowhere) for a in args), user="admin")
    if args[:2] == ("db", "restore") and not location.is_sqlite:  # refused before any path is read
        assert (r.exit_code, r.stderr.strip()) == (
            1, "boclerk restores SQLite databases; restore PostgreSQL with pg_restore."), r.output
        return
    assert r.exit_code == 2 and r.stderr.strip().endswith(f"There is no folder {nowhere}."), r.output


# -- find, as show: nothing there is 4 ---------------------------------------------------------------

def test_find_of_nothing_exits_4_in_both_forms(cli):
    r = cli("find", "zzzqqq", "--json", user="viewer")
    assert (r.exit_code, json.loads(r.stdout), r.stderr.strip()) == (4, [], "Nothing matches 'zzzqqq'.")
    r = cli("find", "zzzqqq", user="viewer")
    assert (r.exit_code, r.stdout, r.stderr.strip()) == (4, "", "Nothing matches 'zzzqqq'.")


# -- codes said in words in Russian, kept in JSON ------------------------------------------------------

def test_vat_categories_regimes_and_rate_sources_in_russian(cli):
    from boclerk.i18n import use

    ok(cli("rate", "set", "EUR", "2026-03-02", "97", user="acc"))
    use("ru")
    table = ok(cli("vat", "rates", user="viewer")).stdout
    assert "основная ставка" in table and "пониженная ставка" in table and "standard" not in table, table
    table = ok(cli("vat", "regimes", user="viewer")).stdout
    assert "общий режим" in table and "general" not in table, table
    table = ok(cli("rate", "list", user="viewer")).stdout
    assert "вручную" in table and "manual" not in table, table
    assert json.loads(ok(cli("rate", "list", "--json", user="viewer")).stdout)[0]["source"] == "manual"
    assert json.loads(ok(cli("vat", "regimes", "--json", user="viewer")).stdout)[0]["regime"] == "general"
    ok(cli("product", "add", "BOOK", "Книга", "--price", "500", "--vat", "reduced"))
    card = ok(cli("show", "product", "BOOK", user="viewer")).stdout
    assert "пониженная ставка" in card and "reduced" not in card, card


def test_the_calendar_s_holidays_in_russian_with_russian_dates(cli):
    from boclerk.i18n import use

    use("ru")
    table = ok(cli("service", "calendar", "--year", "2025")).stdout
    for said in ("Новогодние каникулы", "Рождество Христово", "День Победы", "Предпраздничный день",
                 "Выходной (перенесён с 04.01.2025)"):
        assert said in table, (said, table)
    for code in ("New Year", "substituted", "01/04/2025", "Pre-holiday"):
        assert code not in table, (code, table)
    days = json.loads(ok(cli("service", "calendar", "--year", "2025", "--json")).stdout)["days"]
    assert {"day": "2025-05-02", "working": False, "name": "Day off (substituted from 01/04/2025)",
            "until": None} in days
    use("en")
    table = ok(cli("service", "calendar", "--year", "2025")).stdout
    assert "Day off (moved from 04.01.2025)" in table and "New Year Holidays" in table, table


def test_a_broken_rates_file_is_explained_in_russian(cli, tmp_path):
    from boclerk.i18n import use

    broken = tmp_path / "rates.xml"
    broken.write_bytes(b'<ValCurs Date="02.03.2026">\n<Valute><a></b></Valute></ValCurs>')
    use("ru")
    r = cli("rate", "import", str(broken), user="acc")
    assert (r.exit_code, r.stderr.strip()) == (2, "rates.xml: Файл — нечитаемый XML (строка 2, столбец 13: "
                                                  "закрывающий тег не совпадает с открывающим)."), r.stderr
    use("en")
    r = cli("rate", "import", str(broken), user="acc")
    assert r.stderr.strip() == "rates.xml: The file is not readable XML (line 2, column 13: mismatched tag)."


def test_a_bank_line_s_account_or_target_is_checked_before_the_question(cli):
    refused(cli("bank", "post", "1", "9999", "--memo", "rent", user="acc"), 2, "There is no account 9999.")
    refused(cli("bank", "post", "1", "1010", "--memo", " ", user="acc"), 2,
            "Say what the payment is: a memo goes into the entry.")
    refused(cli("bank", "match", "1", "SO-2099-000001", user="acc"), 2, "There is no order SO-2099-000001.")
    refused(cli("bank", "match", "1", "rent", user="acc"), 2,
            "'rent' is not an order (SO-...), a supplier bill (BILL-...) or 'fee'.")


def test_opening_balances_name_accounts_that_exist_before_the_question(cli, tmp_path):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("account,amount\n8888,10\n")
    refused(cli("ledger", "opening", str(unknown), user="acc"), 2, "There is no account 8888.")


def test_a_file_the_system_cannot_read_is_one_sentence(cli, tmp_path, monkeypatch):
    import errno

    from boclerk.services.platform import paths

    def broken(path, **kw):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(paths, "read_bytes", broken)
    r = cli("rate", "import", str(tmp_path / "rates.xml"), user="acc")
    assert (r.exit_code, r.stderr.strip()) == (2, f"Cannot read {tmp_path / 'rates.xml'}: Input/output error.")
