"""``boclerk doc ...`` and ``boclerk bank ...`` by commands: the month-end inbox of the issue's
"done when" in one ``doc scan``, then the reconciliation queue, search, open, the status flow,
exit codes and sentences, and ``db check --repair``."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Item,
    Pay,
    camt_statement,
    cii,
    document_store,
    facturx,
    make_pdf,
    statement_1c,
    store_dir,
    upd,
    write,
)
from tests.services.trade_helpers import act, confirmed, po, set_company, shop

TODAY = date.today()
YEAR = TODAY.year
DAY = TODAY - timedelta(days=3)
DOC = re.compile(rf"DOC-{YEAR}-\d{{6}}")


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def month(db, tmp_path):
    """A shop with open orders and received purchases, and an inbox with a month of paper."""
    from boclerk.services.purchasing.orders import receive_po

    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    db.so1 = confirmed(db, "ANNA", ("MUG", 2))        # 2 400.00, paid by number
    db.so2 = confirmed(db, "BORIS", ("LAMP", 1))      # 3 000.00, paid by amount and name
    db.so3 = confirmed(db, "ANNA", ("MUG", 1))        # 1 200.00, paid through the EUR-free camt file
    db.po1 = po(db, "ACME", ("MUG", 10, 50000))
    db.po2 = po(db, "GLOBEX", ("LAMP", 4, 100000))
    db.po3 = po(db, "ACME", ("KETTLE", 5, 40000))
    for number in (db.po1, db.po2, db.po3):
        act(db, "wh", receive_po, number)
    inbox = tmp_path / "inbox"
    write(inbox, "upd_acme_417.xml", upd("ЭС-417", dmy(DAY - timedelta(days=10)), "7707083893",
                                         [Item("Кружка фарфоровая белая", "MUG", "10", "500.00")], order=db.po1))
    write(inbox, "globex_G-100.xml", cii("G-100", (DAY - timedelta(days=9)).strftime("%Y%m%d"), "500100732259",
                                         [Item("Desk lamp brass", "LAMP", "4", "1000.00")]))
    write(inbox, "acme_kettles.pdf", facturx(cii("ЭС-430", (DAY - timedelta(days=8)).strftime("%Y%m%d"),
                                                 "7707083893", [Item("Kettle steel", "KETTLE", "5", "480.00")],
                                                 order=db.po3), "ACME invoice for steel kettles"))
    write(inbox, "contract.pdf", make_pdf(["Supply contract 17-P with Globex", "Annex: delivery terms"]))
    write(inbox, "memo.txt", "Напоминание: сверка с ООО Ромашка до пятницы\n".encode("cp1251"))
    write(inbox, "bank_1c.txt", statement_1c([
        Pay("2400.00", f"Оплата по заказу {db.so1}", "Анна Петрова", "500100732259", number="11", day=dmy(DAY)),
        Pay("3000.00", "Оплата за лампу", "IVANOV BORIS", number="12", day=dmy(DAY)),
        Pay("-6000.00", "Оплата по счету ЭС-417 за товар", 'ООО "Поставщик"', "7707083893", number="13",
            day=dmy(DAY)),
        Pay("-4800.00", "Оплата по счету G-100", "Globex", "500100732259", number="14", day=dmy(DAY)),
        Pay("-150.00", "Комиссия банка за ведение счета", "ПАО СБЕРБАНК", "7707083893", number="15", day=dmy(DAY)),
        Pay("999.00", "Возврат займа", "ООО Неизвестный", "7700000000", number="16", day=dmy(DAY)),
    ], day=dmy(DAY)))
    write(inbox, "camt053.xml", camt_statement([
        ("1200.00", "C-1", "Anna Petrova", f"Order {db.so3}"),
        ("-2880.00", "C-2", "ACME", "Invoice ЭС-430 kettles"),
        ("-5.00", "C-3", "Bank", "Monthly account fee"),
    ], day=DAY.isoformat()))
    db.inbox = inbox
    return db


def test_a_month_of_paper_in_one_command(cli, month):
    db = month
    r = ok(cli("doc", "scan", str(db.inbox), user="clerk"))
    numbers = r.stdout.split()
    assert len(numbers) == 7 and all(DOC.fullmatch(n) for n in numbers)
    assert "7 registered, 0 already registered, 0 refused." in r.stderr
    assert "bill BILL-" in r.stderr and "held as an exception: KETTLE: price 480,00 against 400,00" in r.stderr

    # every invoice a bill (posted or held)
    bills = json.loads(ok(cli("purchase", "bills", "--json")).stdout)
    assert sorted((b["supplier_ref"], b["status"]) for b in bills) == [
        ("G-100", "posted"), ("ЭС-417", "posted"), ("ЭС-430", "held")]

    queue = json.loads(ok(cli("bank", "queue", "--json", user="acc")).stdout)
    assert [(q["status"], q["match"]) for q in queue] == [
        ("proposed", db.so1), ("proposed", db.so2), ("proposed", q_bill(bills, "ЭС-417")),
        ("proposed", q_bill(bills, "G-100")), ("proposed", "fee"), ("unmatched", ""),
        ("proposed", db.so3), ("unmatched", ""), ("proposed", "fee")]
    r = ok(cli("bank", "confirm", "--all-proposed", "--yes", user="acc"))
    assert "7 posted, 0 back in the queue with the reason." in r.stderr

    # every payment posted or queued with a reason
    waiting = json.loads(ok(cli("bank", "queue", "--json", user="viewer")).stdout)
    assert [(q["amount"], q["status"]) for q in waiting] == [("999.00", "unmatched"), ("-2880.00", "unmatched")]
    assert all(q["reason"] for q in waiting)
    assert q_bill(bills, "ЭС-430") in waiting[1]["reason"] and "held as an exception" in waiting[1]["reason"]
    orders = {o["number"]: o for o in json.loads(ok(cli("order", "list", "--json")).stdout)}
    assert [orders[n]["paid"] for n in (db.so1, db.so2, db.so3)] == ["2400.00", "3000.00", "1200.00"]
    bills = {b["supplier_ref"]: b for b in json.loads(ok(cli("purchase", "bills", "--json")).stdout)}
    assert (bills["ЭС-417"]["status"], bills["G-100"]["status"]) == ("paid", "paid")

    # every file findable by its words
    for words, name in (("фарфоровая", "upd_acme_417.xml"), ("brass lamp", "globex_G-100.xml"),
                        ("steel kettles", "acme_kettles.pdf"), ("annex delivery", "contract.pdf"),
                        ("сверка ромашка", "memo.txt"), ("Возврат займа", "bank_1c.txt"),
                        ("monthly account fee", "camt053.xml")):
        found = json.loads(ok(cli("doc", "search", *words.split(), "--json", user="viewer")).stdout)
        assert [f["original_name"] for f in found] == [name], words

    r = ok(cli("db", "check"))
    assert "FAIL" not in r.stdout and "ok    every stored file has its document and back" in r.stdout

    # the same inbox again: nothing new, nothing posted twice
    r = ok(cli("doc", "scan", str(db.inbox), user="clerk"))
    assert "0 registered, 7 already registered, 0 refused." in r.stderr
    assert "No proposed matches to confirm." in ok(cli("bank", "confirm", "--all-proposed", "--yes", user="acc")).stderr


def q_bill(bills, ref: str) -> str:
    return next(b["number"] for b in bills if b["supplier_ref"] == ref)


def test_add_show_open_and_the_status_flow(cli, db, tmp_path):
    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    so = confirmed(db, "ANNA", ("MUG", 1))
    data = make_pdf(["Waybill 3141 for Anna"])
    path = write(tmp_path, "waybill.pdf", data)
    r = ok(cli("doc", "add", str(path), "--type", "waybill", "--counterparty", "ANNA", "--number", "3141",
               "--date", (TODAY - timedelta(days=1)).isoformat(), "--amount", "1 200,00", "--link", so, user="wh"))
    number = r.stdout.strip()
    assert DOC.fullmatch(number) and r.stderr.strip() == f"Registered waybill.pdf as {number} (waybill)."
    r = ok(cli("doc", "add", str(path), user="wh"))
    assert r.stdout.strip() == number and r.stderr.strip() == f"waybill.pdf is already registered as {number}."
    d = json.loads(ok(cli("doc", "show", number, "--json", user="viewer")).stdout)
    assert (d["doc_type"], d["counterparty"], d["their_number"], d["amount"], d["links"], d["status"]) == (
        "waybill", "customer:ANNA", "3141", "1200.00", [so], "inbox")
    text = ok(cli("doc", "show", number)).stdout
    assert "Waybill 3141 for Anna" in text and "\n  Customer Anna Petrova (ANNA)\n" in text
    assert f"\n  links: order {so}\n" in text
    assert [x["number"] for x in json.loads(ok(cli("doc", "list", "--link", so, "--json")).stdout)] == [number]

    assert ok(cli("doc", "open", number, user="viewer")).stdout_bytes == data
    out = tmp_path / "copy.pdf"
    r = ok(cli("doc", "open", number, "-o", str(out)))
    assert out.read_bytes() == data and f"Wrote {number} (waybill.pdf, {len(data)} bytes)" in r.stderr
    r = cli("doc", "open", number, "-o", str(out))
    assert (r.exit_code, r.stderr.strip()) == (2, f"{out} already exists; give --force to overwrite it.")
    ok(cli("doc", "open", number, "-o", str(out), "--force"))

    r = cli("doc", "review", number, user="wh")
    assert (r.exit_code, r.stderr.strip()) == (3, "wh (warehouse) may not file and link documents.")
    assert ok(cli("doc", "review", number, user="clerk")).stderr.strip() == f"{number} is reviewed."
    ok(cli("doc", "link", number, "supplier:ACME", "customer:BORIS", user="clerk"))
    ok(cli("doc", "unlink", number, "customer:BORIS", user="clerk"))
    ok(cli("doc", "edit", number, "--notes", "signed by the driver", user="clerk"))
    assert ok(cli("doc", "file", number, user="clerk")).stderr.strip() == f"{number} is filed."
    r = cli("doc", "review", number, user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot mark reviewed {number}: it is already filed. Possible "
                                                  "when the document is in the inbox.")
    ok(cli("doc", "archive", number, "--yes", user="clerk"))
    rows = json.loads(ok(cli("doc", "list", "--status", "archived", "--json")).stdout)
    assert [(x["number"], x["status"]) for x in rows] == [(number, "archived")]
    found = json.loads(ok(cli("doc", "search", "driver", "--json")).stdout)
    assert [x["number"] for x in found] == [number]
    r = cli("doc", "show", "DOC-2020-000404")
    assert (r.exit_code, r.stderr.strip()) == (4, "There is no document DOC-2020-000404.")

    # the quick lookups know documents: by number, by the sender's number, by file name
    for term in (number.lower(), "3141", "waybil"):
        found = json.loads(ok(cli("find", term, "--json", user="viewer")).stdout)
        assert [(f["kind"], f["key"]) for f in found if f["kind"] == "document"] == [("document", number)], term
    found = json.loads(ok(cli("find", "3141", "--kind", "document", "--json")).stdout)
    # words and the day as the reader reads them (the shop writes days dd.mm.yyyy)
    assert [f["detail"] for f in found] == [f"waybill archived no. 3141 of {TODAY - timedelta(days=1):%d.%m.%Y}"]
    assert json.loads(ok(cli("show", "document", number, "--json")).stdout)["number"] == number
    assert "their no. 3141, of" in ok(cli("show", "document", number)).stdout
    r = cli("doc", "search", "--", "--")
    assert (r.exit_code, r.stderr.strip()) == (2, "Give at least one word to search for.")


def test_refusals_exit_with_their_code_and_store_nothing(cli, db, tmp_path):
    encrypted = write(tmp_path, "locked.pdf", b"%PDF-1.4\nnot really a pdf")
    good = write(tmp_path, "good.txt", b"fine")
    r = cli("doc", "add", str(encrypted), str(good), user="clerk")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == f"{encrypted}: locked.pdf is not a readable PDF."
    assert "1 registered, 0 already registered, 1 refused." in r.stderr
    assert len(r.stdout.split()) == 1
    r = cli("doc", "add", str(tmp_path), user="clerk")
    assert r.exit_code == 2 and "is a directory; register the files in it with: boclerk doc scan" in r.stderr
    r = cli("doc", "add", str(good), user="viewer")
    assert (r.exit_code, r.stderr.strip()) == (3, "viewer (viewer) may not register documents.")
    r = cli("doc", "scan", str(tmp_path / "nowhere"), user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (2, f"There is no folder {tmp_path / 'nowhere'}.")  # bad input
    r = cli("doc", "add", str(good), "--date", "31.11.2026", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (2, "--date: '31.11.2026' is not a date; write it as DD.MM.YYYY or YYYY-MM-DD.")
    r = cli("bank", "import", str(write(tmp_path, "notes.txt", b"not a statement")), user="acc")
    assert r.exit_code == 2 and "is not a bank statement boclerk can read" in r.stderr
    r = cli("bank", "import", str(good), user="acc")  # known by its content: said at once, with what it is
    assert (r.exit_code, r.stderr.splitlines()[0]) == (  # and refused: it is no statement, nothing was queued
        2, f"{good}: already registered as {r.stdout.strip()}, a document of type other: it has no bank lines to queue.")


def test_bank_commands_by_hand_and_db_check_repair(cli, db, tmp_path):
    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    so = confirmed(db, "ANNA", ("MUG", 2))
    path = write(tmp_path, "s.txt", statement_1c([Pay("2400.00", "за кружки", "Someone", day=dmy(DAY)),
                                                  Pay("-12.00", "перевод", "Кто-то", number="2", day=dmy(DAY))],
                                                 day=dmy(DAY)))
    r = ok(cli("bank", "import", str(path), user="acc"))
    assert "2 new bank line(s), 0 with a proposed match, 2 waiting in the queue" in r.stderr
    lines = json.loads(ok(cli("bank", "queue", "--json")).stdout)
    first, second = lines[0]["id"], lines[1]["id"]
    r = cli("bank", "confirm", str(first), "--yes", user="acc")
    assert r.exit_code == 1 and "Cannot confirm bank line 1: it is unmatched." in r.stderr and "Match it by hand" in r.stderr
    r = cli("bank", "confirm", "--yes", user="acc")
    assert (r.exit_code, r.stderr.strip()) == (2, "Give line numbers or --all-proposed (not both).")
    r = ok(cli("bank", "match", str(first), so, "--yes", user="acc"))
    assert re.fullmatch(rf"Bank line {first}: posted JE-{YEAR}-\d{{6}}\.", r.stderr.strip())
    r = cli("bank", "ignore", str(second), "--reason", "", user="acc")
    assert (r.exit_code, r.stderr.strip()) == (2, "Say why the line is ignored.")
    ok(cli("bank", "ignore", str(second), "--reason", "test transfer", user="acc"))
    assert json.loads(ok(cli("bank", "queue", "--json")).stdout) == []
    text = ok(cli("bank", "queue", "--status", "all")).stdout
    assert "confirmed" in text and "ignored" in text
    ok(cli("bank", "rematch", user="acc"))

    orphan = store_dir(db) / "ab" / ("c" * 62)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"left by a crash")
    r = cli("db", "check")
    assert r.exit_code == 1 and f"stored file {orphan} has no document" in r.stdout
    r = cli("db", "check", "--repair", user="acc")
    assert r.exit_code == 3
    r = ok(cli("db", "check", "--repair"))
    assert f"Removed {orphan}" in r.stderr and "Swept 1 orphan file(s)" in r.stderr and not orphan.exists()
