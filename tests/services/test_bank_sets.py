"""Matching a statement in sets gives exactly what matching it line by line gives, and a long
statement reports its progress as it is read in."""

from __future__ import annotations

import random
import shutil
from datetime import date

import pytest

from boclerk.services.documents.intake import IntakeMeta, add_files
from boclerk.services.documents.matching import Facts, Lookups, proposal
from boclerk.services.documents.matching_sets import proposals
from boclerk.services.purchasing.bills import BillLineInput, enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.orders import cancel_order
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    document_store,
    statement_1c,
    write,
)
from tests.services.trade_helpers import (
    act,
    assert_sound,
    confirmed,
    po,
    set_company,
    set_day,
    shop,
    sql,
)

DAY = date(2026, 3, 20)


@pytest.fixture
def books(db):
    """Open orders (two of ANNA's due the same), a cancelled one, a posted bill, a held bill, a PO."""
    set_day(db, DAY)
    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    db.orders = [confirmed(db, "ANNA", ("MUG", 1)), confirmed(db, "ANNA", ("MUG", 1)),
                 confirmed(db, "BORIS", ("LAMP", 1)), confirmed(db, "BORIS", ("MUG", 2))]
    db.cancelled = confirmed(db, "ANNA", ("LAMP", 1))
    act(db, "clerk", cancel_order, db.cancelled)
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    db.bill = act(db, "clerk", enter_bill, db.po, "ЭС-000417", date(2026, 3, 5)).number
    held_po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, held_po)
    db.held = act(db, "clerk", enter_bill, held_po, "INV-9", date(2026, 3, 5),
                  lines=[BillLineInput("MUG", 10, 60000)]).number
    db.held_po = held_po
    return db


def generated(db, n: int, seed: int) -> list[Facts]:
    """Lines of every kind the rules tell apart, in random mixes, amounts and wordings."""
    rng = random.Random(seed)
    due = dict(sql(db, "SELECT number, total - paid FROM sales_order"))
    bills = dict(sql(db, "SELECT number, total - paid FROM supplier_bill"))
    payers = ["Анна Петрова", "Anna Petrova", "IVANOV BORIS", "Boris Ivanov", "ООО Неизвестный", "", "ANNA"]
    out = []
    for i in range(n):
        so = rng.choice([*db.orders, db.cancelled, "SO-2026-000999"])
        bill = rng.choice([db.bill, db.held, "BILL-2026-000099"])
        in_amount = rng.choice([due.get(so, 100), due.get(so, 100) + 1, due[db.orders[0]], 240000, 99900, 1])
        out_amount = -rng.choice([bills.get(bill, 100), bills.get(bill, 100) // 2, 15000, 1000, 732000, 610000])
        kind = rng.randrange(10)
        purpose, tax_id, amount = {
            0: (f"Оплата по заказу {so}", "", in_amount),
            1: (f"Оплата по заказам {so} и {rng.choice(db.orders)}", "", in_amount),
            2: ("Оплата за товар", "", in_amount),
            3: (f"Оплата по счету {bill}", rng.choice(["", "7707083893", "RU 7707083893"]), out_amount),
            4: (f"Оплата по {rng.choice([db.po, db.held_po, 'PO-2026-000999'])}", "", out_amount),
            5: (rng.choice(["Оплата ЭС-000417 за товар", "Оплата INV-9", "Перевод"]),
                rng.choice(["", "7707083893", "7700000000"]), out_amount),
            6: ("Комиссия банка за ведение счета", rng.choice(["", "7707083893"]), -rng.randrange(1, 50000)),
            7: ("Возврат", "", 0),
            8: (f"Перевод {i}", "", rng.choice([in_amount, out_amount])),
            9: (f"Оплата {so} {bill}", "", rng.choice([in_amount, out_amount])),
        }[kind]
        currency = "RUB" if rng.random() < 0.9 else "USD"
        out.append(Facts(None, amount, purpose, rng.choice(["", str(i)]), rng.choice(payers), tax_id, currency))
    return out


def test_matching_in_sets_gives_the_per_line_results(books):
    db = books
    lines = generated(db, 400, seed=7)
    with db.read("acc") as uow:
        one_by_one = [proposal(uow, Lookups(uow), ln) for ln in lines]
    with db.read("acc") as uow:
        in_sets = proposals(uow, lines)
    assert in_sets == one_by_one
    kinds = {(p.status.value, p.kind.value if p.kind else None) for p in in_sets}
    assert {("proposed", "order"), ("proposed", "bill"), ("proposed", "fee"), ("unmatched", None)} <= kinds
    reasons = " ".join(p.reason for p in in_sets)
    for words in ("is cancelled", "which is not an order", "left to pay", "No single match", "held as an exception",
                  "which is not a bill", "which is not a purchase order", "The line is for zero", "Money in in USD",
                  "by its invoice number", "named in the purpose"):
        assert words in reasons  # every rule was asked, so both ways were compared on each


def test_matching_decides_the_same_in_either_language_of_the_books(books):
    """The rules read no sentence they wrote: with Russian books every line gets the same status,
    kind and record as with English ones (an ambiguous bill stops matching there in both), only the
    words differ; and the words are the books', whatever the clerk's interface speaks."""
    from boclerk.i18n import use

    db = books
    lines = generated(db, 400, seed=11)
    use("ru")  # the clerk's language: not what the reasons are written in
    with db.read("acc") as uow:
        english = proposals(uow, lines)
    assert not any("Нет однозначного совпадения" in p.reason for p in english)
    set_company(db, language="ru")
    use("en")
    with db.read("acc") as uow:
        russian = proposals(uow, lines)
    assert [(p.status, p.kind, p.order_id, p.bill_id) for p in russian] == \
        [(p.status, p.kind, p.order_id, p.bill_id) for p in english]
    assert any("Нет однозначного совпадения" in p.reason for p in russian)
    assert not any("No single match" in p.reason for p in russian)


def test_a_bill_made_smaller_by_a_credit_note_is_matched_by_what_it_still_owes(books):
    """A line compares with total + notes - paid, the same line by line and in sets."""
    from boclerk.services.purchasing.corrections import NoteLineInput, enter_note

    db = books
    total, paid = sql(db, "SELECT total, paid FROM supplier_bill WHERE number = :n", n=db.bill)[0]
    act(db, "acc", enter_note, db.bill, "CN-1", DAY, [NoteLineInput(-50000, -11000, 22, "2 mugs chipped")])
    owed = total - 61000 - paid
    lines = [Facts(None, -owed, "Оплата по счету ЭС-000417", "", "ООО Поставщик", "7707083893", "RUB"),  # by ref and amount
             Facts(None, -owed, "Перевод", "", "ООО Поставщик", "7707083893", "RUB"),  # by tax id and amount
             Facts(None, -owed, f"Оплата по счету {db.bill}", "", "ООО Поставщик", "", "RUB"),  # by its number
             Facts(None, -(owed + 100), f"Оплата по счету {db.bill}", "", "ООО Поставщик", "", "RUB")]  # more than owed
    with db.read("acc") as uow:
        one_by_one = [proposal(uow, Lookups(uow), ln) for ln in lines]
    with db.read("acc") as uow:
        in_sets = proposals(uow, lines)
    assert in_sets == one_by_one
    bill_id = sql(db, "SELECT id FROM supplier_bill WHERE number = :n", n=db.bill)[0][0]
    assert [(p.status.value, p.bill_id) for p in in_sets] == [("proposed", bill_id)] * 3 + [("unmatched", None)]
    assert "by the amount" in in_sets[1].reason
    left = f"{owed // 100:,}".replace(",", "\xa0") + f",{owed % 100:02d}"  # as the shop's locale (Russian) writes it
    assert f"{db.bill} has {left} left to pay" in in_sets[3].reason


def test_a_statement_stored_in_bulk_reads_as_one_matched_line_by_line(books, tmp_path):
    """The stored lines carry the per-line proposals, reasons naming each line's own number."""
    db = books
    pays = [Pay("2400.00", f"Оплата по заказу {db.orders[2]}", "Boris", number="1"),
            Pay("1200.00", "Оплата за товар", "Anna Petrova", number="2"),
            Pay("-6100.00", "Оплата по счету ЭС-000417 за товар", "ООО Поставщик", "7707083893", number="3"),
            Pay("999.00", "Возврат займа", "ООО Неизвестный", "7700000000", number="4")]
    [res] = add_files(db, "clerk", [write(tmp_path, "s.txt", statement_1c(pays))], IntakeMeta())
    assert res.outcome == "registered"
    stored = sql(db, "SELECT id, amount, purpose, reference, counterparty_name, counterparty_tax_id, status, reason, "
                     "match_kind, order_id, bill_id FROM bank_line ORDER BY id")
    with db.read("acc") as uow:
        for row in stored:
            p = proposal(uow, Lookups(uow), Facts(*row[:6], "RUB"))
            reason = p.reason if p.status.value == "proposed" else (
                p.reason.removesuffix("; match the line by hand.").rstrip(".")
                + f". Match it by hand (boclerk bank match {row[0]} SO-..., BILL-... or fee) or set it aside "
                  f"(boclerk bank ignore {row[0]}).")
            assert row[6:] == (p.status.value, reason, p.kind.value if p.kind else None, p.order_id, p.bill_id)
    assert [r[6] for r in stored] == ["proposed", "unmatched", "proposed", "unmatched"]  # two ANNA orders due 1200
    assert_sound(db)


def test_a_long_statement_reports_its_progress(books, tmp_path):
    db = books
    pays = [Pay(f"{100 + i}.00", f"Перевод {i}", f"Payer {i}", number=str(i)) for i in range(1, 12001)]
    heard: list[tuple[str, int, int]] = []
    [res] = add_files(db, "clerk", [write(tmp_path, "big.txt", statement_1c(pays))], IntakeMeta(),
                      progress=lambda stage, done, total: heard.append((stage, done, total)))
    assert res.outcome == "registered" and res.bank_lines == 12000
    stages = list(dict.fromkeys(stage for stage, _, _ in heard))
    assert stages == ["Reading big.txt", "Checking lines", "Looking up orders and bills", "Matching", "Saving",
                      "Filing"]
    matching = [(done, total) for stage, done, total in heard if stage == "Matching"]
    assert matching == [(5000, 12000), (10000, 12000), (12000, 12000)]
    saving = [done for stage, done, _ in heard if stage == "Saving"]
    assert saving == sorted(saving) and saving[-1] == 12000
    assert sql(db, "SELECT count(*) FROM bank_line")[0][0] == 12000


# -- a kill in the middle ----------------------------------------------------------------------

BANK_CODE = ("boclerk/services/documents/bank.py,boclerk/services/documents/matching.py,"
             "boclerk/services/documents/matching_sets.py")


def test_a_bank_import_killed_anywhere_leaves_all_or_nothing(templates, tmp_path):
    """kill -9 at points spread over matching and storing: the lines are all there or none, the
    books pass db check, and importing the file again finishes the work."""
    from boclerk.db.database import Database
    from boclerk.services.platform.checks import run_checks
    from boclerk.settings import location_from
    from tests.services.test_crashes import boclerk_killed_at, kill_points
    from tests.services.test_crashes import shop as crash_shop

    template = tmp_path / "template" / "shop.db"
    crash_shop(template, templates["sqlite"]).close()
    pays = [Pay(f"{100 + i}.00", f"Оплата по заказу SO-2026-{i:06d}" if i % 3 else "Комиссия банка",
                f"Payer {i}", number=str(i)) for i in range(1, 41)]
    pays += [Pay(f"-{50 + i}.00", "Комиссия банка за обслуживание", "Банк", number=str(100 + i)) for i in range(5)]
    statement = write(tmp_path, "statement.txt", statement_1c(pays))
    counted = tmp_path / "count"
    fresh = tmp_path / "counting" / "shop.db"
    fresh.parent.mkdir()
    shutil.copyfile(template, fresh)
    r = boclerk_killed_at(0, BANK_CODE, "--db", str(fresh), "bank", "import", str(statement), count_file=counted)
    assert r.returncode == 0, r.stderr
    for trial, point in enumerate(kill_points(int(counted.read_text()), "bank import")[::4]):
        path = tmp_path / f"trial-{trial}" / "shop.db"
        path.parent.mkdir()
        shutil.copyfile(template, path)
        r = boclerk_killed_at(point, BANK_CODE, "--db", str(path), "bank", "import", str(statement))
        assert r.returncode in (-9, 0), r.stderr
        db = Database.open(location_from(str(path), "test"))
        try:
            assert sql(db, "SELECT count(*) FROM bank_line")[0][0] in (0, len(pays))
            assert run_checks(db, "admin").ok
            [res] = add_files(db, "admin", [statement], IntakeMeta())
            assert res.outcome in ("registered", "known")
            assert sql(db, "SELECT count(*) FROM bank_line")[0][0] == len(pays)
            report = run_checks(db, "admin")
            assert report.ok and report.cleanable == [], (report.violations, report.cleanable)
        finally:
            db.close()


def test_a_file_of_two_accounts_is_stored_as_two_statements_each_matched(books, tmp_path):
    """A 1C file of two accounts: one statement each under the one document, every line
    matched, lines numbered through the file, and the summary says so account by account."""
    from boclerk.services.documents.bank import bank_queue
    from boclerk.services.documents.bank_post import statement_summary
    from boclerk.domain.documents import Document
    from tests.formats.test_bank import ACCOUNT, OTHER, cp1251, two_accounts

    db = books
    [res] = add_files(db, "clerk", [write(tmp_path, "two.txt", cp1251(two_accounts()))], IntakeMeta())
    assert res.outcome == "registered", res.message
    assert f"statements of 2 accounts: {ACCOUNT}: 2 new bank line(s)" in res.message
    assert f"{OTHER}: 2 new bank line(s)" in res.message and res.bank_lines == 4
    assert sql(db, "SELECT account, opening, closing, line_count FROM bank_statement ORDER BY id") == [
        (ACCOUNT, 10000000, 10250000, 2), (OTHER, 100000, 420000, 2)]
    with db.read("acc") as uow:
        summary, lines = statement_summary(uow, uow.s.query(Document).filter_by(number=res.number).one())
        assert [a["account"] for a in summary["accounts"]] == [ACCOUNT, OTHER]
        assert [(ln.line_no, ln.amount) for ln in lines] == [(1, 350000), (2, -100000), (3, 220000), (4, 100000)]
        assert {r.status for r in bank_queue(uow)} <= {"proposed", "unmatched"} and len(bank_queue(uow)) == 4
    again = add_files(db, "clerk", [write(tmp_path, "two.txt", cp1251(two_accounts()))], IntakeMeta())[0]
    assert again.outcome == "known"
    assert_sound(db)
