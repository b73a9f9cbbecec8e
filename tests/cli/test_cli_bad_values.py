"""A value the command line does not know is refused with one sentence that says what to type
instead (exit 2), in the reader's language, rather than taken to mean "none" or left in English."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli_language import boclerk
from tests.cli.test_order_cli import ok, shop_cli  # noqa: F401  (a fixture)


def test_an_unknown_channel_is_refused_not_listed_as_no_orders(shop_cli):  # noqa: F811
    cli = shop_cli
    ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:1", "--channel", "phone"))
    for json_ in ((), ("--json",)):
        r = cli("order", "list", "--channel", "fax", *json_, user="viewer")
        assert r.exit_code == 2, r.output
        assert r.stdout == ""
        assert r.stderr.strip() == "'fax' is not a channel; choose website, marketplace, phone or shop."
    listed = json.loads(ok(cli("order", "list", "--channel", " Phone ", "--json", user="viewer")).stdout)
    assert [row["channel"] for row in listed] == ["phone"]


def test_the_plain_list_knows_the_domain_s_channels():
    from boclerk.domain.sales import Channel
    from boclerk.services.sales.queries import CHANNELS

    assert CHANNELS == tuple(c.value for c in Channel)


@pytest.mark.parametrize(("args", "russian", "english"), [
    (("order", "list", "--limit", "1.5"), "'1.5' — не целое число.", "is not a valid int range"),
    (("order", "list", "--limit", "0"), "0 вне допустимого диапазона 1<=x<=1000000.", "is not in the range"),
    (("rate", "set", "EUR", "2026-03-02", "97", "--nominal", "abc"), "'abc' — не целое число.", "is not a valid int"),
])
def test_click_s_own_sentences_on_numbers_are_said_in_russian(tmp_path, args, russian, english):
    r = boclerk(*args, cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert russian in r.stderr and english not in r.stderr, r.stderr
    r = boclerk(*args, cwd=tmp_path, lang="C.UTF-8")
    assert r.returncode == 2 and english in r.stderr


def test_db_where_says_its_rule_in_russian(tmp_path):
    r = boclerk("--db", str(tmp_path / "shop.db"), "db", "where", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == str(tmp_path / "shop.db")
    assert r.stderr.strip() == "(по правилу: параметр --db)"
    r = boclerk("--demo", "db", "where", cwd=tmp_path)
    assert r.stderr.strip() == "(по правилу: --demo (демонстрационная база в текущей папке))"
    r = boclerk("--db", str(tmp_path / "shop.db"), "db", "where", cwd=tmp_path, lang="C.UTF-8")
    assert r.stderr.strip() == "(from the --db option)"


def test_a_document_s_status_and_type_are_named_in_russian(cli):
    from boclerk.i18n import use

    use("ru")
    r = cli("doc", "list", "--status", "weird", user="viewer")
    assert r.exit_code == 2 and r.stderr.startswith("«weird» — не статус документа; выберите inbox (входящий),"), r.stderr
    r = cli("doc", "list", "--type", "weird", user="viewer")
    assert r.exit_code == 2 and r.stderr.startswith("«weird» — не тип документа;"), r.stderr


# -- words left in English in Russian tables -----------------------------------------------------

def test_db_status_and_the_documents_columns_speak_russian(cli, tmp_path):
    from boclerk.i18n import use

    note = tmp_path / "note.txt"
    note.write_text("Счёт на оплату канцелярии\n", encoding="utf-8")
    ok(cli("doc", "add", str(note)))
    use("ru")
    r = cli("db", "status", user="viewer")
    assert r.exit_code == 0 and "состояние: актуальна" in r.stdout and "up to date" not in r.stdout, r.stdout
    for args, last in ((("doc", "list"), "чего ждёт"), (("doc", "search", "счёт"), "найдено")):
        r = cli(*args, user="viewer")
        assert r.exit_code == 0, r.output
        assert last in r.stdout and "waits for" not in r.stdout and "found" not in r.stdout, r.stdout


@pytest.mark.xdist_group("quality_cli")  # in the process that holds the demo (tests/cli/conftest.py)
def test_the_queue_and_the_service_report_write_their_units_in_russian(quality_demo, as_user):
    from boclerk.i18n import use
    from tests.conftest import make_cli_runner

    location, today = quality_demo
    cli = make_cli_runner(location, as_user)
    use("ru")
    queue = cli("queue", user="admin")
    assert queue.exit_code == 0, queue.output
    assert " рд проср." in queue.stdout and " рд" in queue.stdout and " ч " in queue.stdout, queue.stdout
    report = cli("report", "service", "--from", f"{today:%Y-%m}-01", "--to", str(today), user="admin")
    assert report.exit_code == 0 and " рд" in report.stdout and " ч" in report.stdout, report.stdout
    for said in (queue.stdout, report.stdout):
        assert not any(word in said.split() for word in ("h", "wd", "late", "past", "due")), said


# -- a CSV with a decimal comma, in both languages ----------------------------------------------

def test_a_decimal_comma_in_a_comma_separated_file_is_explained(cli, tmp_path):
    from boclerk.i18n import use

    split = tmp_path / "prices.csv"
    split.write_text("sku,name,price\nPEN,Pen,12,50\n", encoding="utf-8")
    address = tmp_path / "names.csv"  # one cell too many, but no number split by its comma
    address.write_text("sku,name,price\nPEN,Pen, blue,12\n", encoding="utf-8")
    word = tmp_path / "words.csv"
    word.write_text("sku;name;price\nPEN;Pen;twelve\n", encoding="utf-8")
    r = cli("import", "products", str(split), "--dry-run")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == ("prices.csv line 2: 4 cells, but the header has only 3 columns. A number with a "
                                "decimal comma (12,50) is two cells in a comma-separated file: put it in quotes "
                                "(\"12,50\"), write 12.50, or separate the columns with semicolons.")
    r = cli("import", "products", str(address), "--dry-run")
    assert r.exit_code == 2 and r.stderr.strip() == "names.csv line 2: 4 cells, but the header has only 3 columns."
    use("ru")
    r = cli("import", "products", str(split), "--dry-run")
    assert r.exit_code == 2
    assert r.stderr.startswith("prices.csv, строка 2: ячеек — 4, а столбцов в заголовке — только 3."), r.stderr
    assert "Число с десятичной запятой (12,50) в файле, где столбцы разделены запятыми, — это две ячейки" in r.stderr
    r = cli("import", "products", str(word), "--dry-run")
    assert r.exit_code == 2
    assert "'twelve' — не число (пишите, например, 1234.56 или 1 234,56)." in r.stderr, r.stderr
    assert "a number" not in r.stderr
