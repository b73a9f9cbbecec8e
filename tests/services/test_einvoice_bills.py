"""Supplier e-invoices registered as documents become supplier bills: the supplier by tax id,
the purchase order by reference or by its lines, products by article or name; the three-way
match posts or holds the bill; duplicates are refused; the rest waits with a reason."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from boclerk.errors import Refused
from boclerk.services.documents.invoices import process_document
from boclerk.services.documents.queries import search_documents, show_document
from boclerk.services.purchasing.orders import receive_po
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Item,
    add_one,
    cii,
    document_store,
    facturx,
    make_pdf,
    upd,
    write,
)
from tests.services.trade_helpers import (
    act,
    add_product,
    assert_sound,
    audit_actions,
    bill_row,
    changed_tables,
    po,
    po_progress,
    read,
    set_day,
    shop,
    snapshot,
    sql,
)

DAY = date(2026, 3, 20)
MUGS = [Item("Кружка фарфоровая", "MUG", "10", "500.00")]


@pytest.fixture
def bought(db):
    """ACME's PO for 10 mugs at 500.00, all received; GLOBEX's PO for 4 lamps at 1 000.00, received."""
    set_day(db, DAY)
    shop(db)
    db.acme_po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.acme_po)
    db.globex_po = po(db, "GLOBEX", ("LAMP", 4, 100000))
    act(db, "wh", receive_po, db.globex_po)
    return db


def bills(db):
    return [tuple(r) for r in sql(db, "SELECT number, supplier_ref, status, net, vat, total FROM supplier_bill "
                                      "ORDER BY id")]


def test_a_upd_with_its_order_number_becomes_a_posted_bill(bought, tmp_path):
    db = bought
    res = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS,
                                                              order=db.acme_po)))
    assert re.fullmatch(rf"Registered upd.xml as {res.number} \(UPD\): bill BILL-2026-000001 for {db.acme_po} "
                        r"posted \(JE-2026-\d{6}\)\.", res.message), res.message
    assert (res.doc_type, res.status, res.bill, res.bill_status) == ("upd", "filed", "BILL-2026-000001", "posted")
    assert bills(db) == [("BILL-2026-000001", "ЭС-417", "posted", 500000, 100000, 600000)]
    d = read(db, "viewer", show_document, res.number)
    assert (d.counterparty, d.their_number, d.their_date, d.amount, d.reason) == (
        "supplier:ACME", "ЭС-417", date(2026, 3, 5), 600000, "")
    assert d.links == ["BILL-2026-000001", db.acme_po, "supplier:ACME"]
    assert po_progress(db, db.acme_po) == [("MUG", 10, 10, 10)]
    assert [r.number for r in read(db, "viewer", search_documents, "фарфоровая")] == [res.number]
    assert [r.number for r in read(db, "viewer", search_documents, "ЭС-417")] == [res.number]
    assert_sound(db)


def test_cii_and_facturx_find_the_open_po_by_its_lines(bought, tmp_path):
    db = bought
    lamps = [Item("Desk lamp", "LAMP", "4", "1000.00")]
    res = add_one(db, "clerk", write(tmp_path, "inv.xml", cii("G-100", "20260306", "500100732259", lamps)))
    assert res.bill and res.bill_status == "posted", res.message
    assert bills(db)[-1] == (res.bill, "G-100", "posted", 400000, 80000, 480000)
    # the same lines again, now in a Factur-X PDF with another number: no open PO is left to bill
    fx = add_one(db, "clerk", write(tmp_path, "inv.pdf", facturx(cii("G-101", "20260307", "500100732259", lamps),
                                                                  "Globex invoice G-101")))
    assert fx.doc_type == "supplier_invoice" and fx.bill is None
    assert "waits: Ни в одном открытом заказе поставщику GLOBEX нет строк счёта (LAMP)" in fx.message  # the books' words
    second = po(db, "GLOBEX", ("LAMP", 4, 100000))
    act(db, "wh", receive_po, second)
    with db.write("clerk") as uow:
        bill, status, sentence = process_document(uow, fx.number)
    assert status == "posted" and re.fullmatch(rf"bill {bill} for {second} posted \(JE-2026-\d{{6}}\)", sentence)
    assert read(db, "viewer", show_document, fx.number).reason == ""
    assert audit_actions(db, "document", fx.number)[-1] == "doc.process"
    with pytest.raises(Refused, match=rf"has already become the bill {bill} \(boclerk purchase bill-show {bill}\)"), \
            db.write("clerk") as uow:
        process_document(uow, fx.number)
    assert [r.number for r in read(db, "viewer", search_documents, "Globex invoice G-101")] == [fx.number]
    assert_sound(db)


def test_prices_beyond_tolerance_hold_the_bill(bought, tmp_path):
    db = bought
    dear = [Item("Кружка", "MUG", "10", "600.00")]
    res = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-418", "05.03.2026", "7707083893", dear,
                                                              order=db.acme_po)))
    assert res.bill_status == "held" and res.status == "filed"
    assert res.message.endswith("held as an exception: MUG: цена 600,00 против согласованной 500,00 (+20,0%).")
    assert bill_row(db, res.bill)["status"] == "held"
    assert_sound(db)


def test_a_duplicate_invoice_is_refused(bought, tmp_path):
    db = bought
    add_one(db, "clerk", write(tmp_path, "a.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS, order=db.acme_po)))
    before = snapshot(db)
    again = upd("ЭС-417", "05.03.2026", "7707083893", MUGS, order=db.acme_po, seller="ООО Поставщик (копия)")
    res = add_one(db, "clerk", write(tmp_path, "b.xml", again))
    assert (res.outcome, res.exit_code) == ("refused", 1)
    assert res.message == ("ACME's invoice ЭС-417 is already registered as BILL-2026-000001; a corrected UPD carries "
                           "its correction number (ИспрДок), which this one does not.")
    assert changed_tables(before, snapshot(db)) == []


def test_invoices_that_cannot_become_bills_wait_with_a_reason(bought, tmp_path, cli):
    import shlex

    db = bought
    stranger = add_one(db, "clerk", write(tmp_path, "s.xml", upd("77", "05.03.2026", "7712345671", MUGS,
                                                                  seller="ООО Новый")))
    assert stranger.bill is None and stranger.status == "inbox"
    reason = read(db, "viewer", show_document, stranger.number).reason
    add = "boclerk supplier add CODE 'ООО Новый' --tax-id 7712345671 --country RU"
    assert reason == (f"Ни у одного поставщика нет ИНН 7712345671 (ООО Новый); добавьте поставщика ({add}) или укажите "
                      "этот ИНН у того поставщика, чей он (boclerk supplier edit CODE --tax-id 7712345671 --country RU), "
                      f"затем выполните: boclerk doc process {stranger.number}")  # in the books' words
    # the acts it names work as written: the supplier is found, and the invoice waits for its next need
    assert cli(*shlex.split(add.replace("CODE", "NEW"))[1:], user="clerk").exit_code == 0
    r = cli("doc", "process", stranger.number, user="clerk")
    assert r.exit_code == 1 and "waits: Ни в одном открытом заказе поставщику NEW нет строк счёта (MUG)" in r.output
    assert sql(db, f"SELECT s.code FROM document d JOIN supplier s ON s.id = d.supplier_id "
                   f"WHERE d.number = '{stranger.number}'") == [("NEW",)]
    unknown = add_one(db, "clerk", write(tmp_path, "u.xml", upd("ЭС-9", "05.03.2026", "7707083893",
                                                                [Item("Непонятный товар", "ZZZ-1", "1", "10.00")],
                                                                order=db.acme_po)))
    assert ("waits: Строка 1 (Непонятный товар, артикул ZZZ-1) не совпадает ни с одним товаром по артикулу, штрихкоду "
            "или названию") in unknown.message  # the books' words
    weighed = add_one(db, "clerk", write(tmp_path, "w.xml", upd("ЭС-10", "05.03.2026", "7707083893",
                                                                [Item("Кружка", "MUG", "2.5", "500.00")])))
    assert "Строка 1: «2,5» — не целое число, а MUG (шт) считается в целых единицах" in weighed.message
    euro = add_one(db, "clerk", write(tmp_path, "e.xml", cii("E-1", "20260306", "500100732259",
                                                             [Item("Desk lamp", "LAMP", "4", "10.00")],
                                                             currency="EUR")))
    assert "waits: Счёт в EUR; GLOBEX выставляет счета в RUB: введите счёт" in euro.message
    waiting = sql(db, "SELECT number FROM document WHERE reason <> '' ORDER BY id")
    assert [r[0] for r in waiting] == [stranger.number, unknown.number, weighed.number, euro.number]
    assert bills(db) == []
    # the supplier arrived above: the waiting invoice goes on to an open PO of the new supplier
    new_po = po(db, "NEW", ("MUG", 10, 50000))
    act(db, "wh", receive_po, new_po)
    with db.write("clerk") as uow:
        bill, status, _ = process_document(uow, stranger.number)
    assert status == "posted"
    assert_sound(db)


def test_products_by_barcode_or_name_and_lines_off_the_po(bought, tmp_path):
    db = bought
    add_product(db, "SHIP", kind="service", price=0, barcodes=["4600000000017"])
    items = [Item("Кружка", "4600000000099", "10", "500.00"), Item("Доставка", "4600000000017", "1", "300.00")]
    act(db, "admin", __import__("boclerk.services.catalog.products", fromlist=["edit_product"]).edit_product, "MUG",
        barcodes=["4600000000099"])
    res = add_one(db, "clerk", write(tmp_path, "x.xml", upd("ЭС-20", "05.03.2026", "7707083893", items,
                                                            order=db.acme_po)))
    assert res.bill_status == "held" and "SHIP нет в " + db.acme_po in res.message
    named = [Item("Product LAMP", "", "4", "1000.00")]  # the shop's own product name, no article
    res = add_one(db, "clerk", write(tmp_path, "y.xml", cii("G-7", "20260306", "500100732259", named)))
    assert res.bill_status == "posted", res.message


def test_intake_without_the_right_to_enter_bills(bought, tmp_path):
    db = bought
    res = add_one(db, "wh", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS,
                                                           order=db.acme_po)))
    assert res.outcome == "registered" and res.bill is None
    # the reason in the books' words, the refusal it carries too
    assert res.message.endswith("waits: Счёт поставщика не удалось внести: У wh (warehouse) нет права: вводить счета "
                                "поставщиков.")
    assert bills(db) == []
    with db.write("clerk") as uow:
        _, status, _ = process_document(uow, res.number)
    assert status == "posted"
    assert_sound(db)


def test_a_scanned_invoice_is_kept_as_a_document(bought, tmp_path):
    db = bought
    res = add_one(db, "clerk", write(tmp_path, "scan.pdf", make_pdf(["Invoice 55 from ACME"])),
                  doc_type="supplier_invoice", counterparty="ACME", their_number="55")
    assert (res.doc_type, res.bill) == ("supplier_invoice", None)
    with pytest.raises(Refused, match="is not an e-invoice boclerk can read"), db.write("clerk") as uow:
        process_document(uow, res.number)


def test_a_scanned_invoice_waits_until_linked_to_its_bill(bought, tmp_path):
    db = bought
    res = add_one(db, "clerk", write(tmp_path, "paper.pdf", make_pdf(["Invoice 56 from ACME"])),
                  doc_type="upd", counterparty="ACME", their_number="56")
    assert res.message.endswith("waits: enter its bill by hand and link it.")
    reason = read(db, "viewer", show_document, res.number).reason
    assert reason.startswith("Это не электронный счёт, который boclerk может прочитать: введите счёт поставщика вручную")
    from boclerk.services.documents.register import link
    from boclerk.services.purchasing.bills import enter_bill

    bill = act(db, "clerk", enter_bill, db.acme_po, "56", date(2026, 3, 6)).number
    with db.write("clerk") as uow:
        link(uow, res.number, bill)
    assert read(db, "viewer", show_document, res.number).reason == ""


def test_a_upd_in_kilograms_with_a_fractional_quantity_becomes_a_bill(bought, tmp_path):
    """Real UPDs weigh goods: КолТов="114.100" of a product counted in kilograms."""
    from boclerk.services.catalog.products import add_product

    db = bought
    act(db, "admin", add_product, "SUGAR", "Сахар", unit="кг", standard_cost=8000, vat_category="reduced")
    number = po(db, "ACME", ("SUGAR", Decimal("114.1"), 8000))
    act(db, "wh", receive_po, number)
    res = add_one(db, "clerk", write(tmp_path, "sugar.xml", upd("ЭС-77", "20.03.2026", "7707083893",
                                                                 [Item("Сахар", "SUGAR", "114.100", "80.00", "10")],
                                                                 order=number)))
    assert res.bill_status == "posted", res.message
    assert sql(db, "SELECT bl.qty, bl.unit_price, bl.vat_rate, bl.net, bl.vat FROM bill_line bl JOIN supplier_bill b "
                   "ON b.id = bl.bill_id WHERE b.supplier_ref = 'ЭС-77'") == [(114100, 8000, 10, 912800, 91280)]
    assert po_progress(db, number) == [("SUGAR", 114100, 114100, 114100)]
    assert_sound(db)


def corrected(data: bytes, number: str = "1") -> bytes:
    """The same UPD as a correction: ИспрДок with its number, as a 5.03 corrected UPD carries it."""
    head = 'ДатаДок="05.03.2026">'.encode("cp1251")
    assert data.count(head) == 1
    return data.replace(head, head + f'<ИспрДок НомИспр="{number}" ДатаИспр="06.03.2026"/>'.encode("cp1251"))


def test_a_corrected_upd_replaces_the_held_bill_it_corrects(bought, tmp_path):
    db = bought
    dear = [Item("Кружка", "MUG", "10", "600.00")]
    first = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-418", "05.03.2026", "7707083893", dear,
                                                                order=db.acme_po)))
    assert first.bill_status == "held"
    fixed = add_one(db, "clerk", write(tmp_path, "upd-fixed.xml",
                                       corrected(upd("ЭС-418", "05.03.2026", "7707083893", MUGS, order=db.acme_po))))
    assert fixed.bill_status == "posted", fixed.message
    # one bill at the corrected amounts; the held one set aside with the reason, nothing posted for it
    assert bills(db) == [("BILL-2026-000001", "ЭС-418", "rejected", 600000, 120000, 720000),
                         ("BILL-2026-000002", "ЭС-418", "posted", 500000, 100000, 600000)]
    assert bill_row(db, "BILL-2026-000001")["hold_reason"] == f"заменён исправлением 1 ({fixed.number})"
    assert audit_actions(db, "bill", "BILL-2026-000001")[-1] == "bill.replace"
    assert po_progress(db, db.acme_po) == [("MUG", 10, 10, 10)]
    assert_sound(db)


def entries_of(db, bill: str) -> list[tuple]:
    """(number, reverses, amount on accounts payable) of every entry a bill's source names."""
    return [tuple(r) for r in sql(
        db, "SELECT e.number, r.number, (SELECT SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
            "WHERE p.entry_id = e.id AND a.role = 'payable') FROM journal_entry e "
            "LEFT JOIN journal_entry r ON r.id = e.reverses_id WHERE e.source_kind = 'bill' AND e.source_ref = :b "
            "ORDER BY e.id", b=bill)]


def posted_dear(db, tmp_path) -> None:
    """ACME's UPD ЭС-417 at 600.00 a mug against 500.00 agreed, held, and approved by the accountant as it was."""
    from boclerk.services.purchasing.bills import approve_bill

    dear = [Item("Кружка", "MUG", "10", "600.00")]
    first = add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", dear,
                                                                order=db.acme_po)))
    assert first.bill_status == "held"
    act(db, "acc", approve_bill, first.bill)


def test_a_corrected_upd_replaces_the_posted_unpaid_bill_it_corrects(bought, tmp_path):
    db = bought
    posted_dear(db, tmp_path)
    assert po_progress(db, db.acme_po) == [("MUG", 10, 10, 10)]
    fix = add_one(db, "acc", write(tmp_path, "fix.xml", corrected(upd("ЭС-417", "05.03.2026", "7707083893", MUGS,
                                                                      order=db.acme_po), "2")))
    assert (fix.bill, fix.bill_status) == ("BILL-2026-000002", "posted"), fix.message
    assert bills(db) == [("BILL-2026-000001", "ЭС-417", "reversed", 600000, 120000, 720000),
                         ("BILL-2026-000002", "ЭС-417", "posted", 500000, 100000, 600000)]
    # the first bill's entry is mirrored (source "bill"), on its own date; the payable holds the corrected bill
    [(first, _, booked), (mirror, reverses, unbooked)] = entries_of(db, "BILL-2026-000001")
    assert (reverses, booked, unbooked) == (first, -720000, 720000)
    assert sql(db, "SELECT entry_date FROM journal_entry WHERE number = :n", n=mirror) == \
        sql(db, "SELECT entry_date FROM journal_entry WHERE number = :n", n=first)
    assert bill_row(db, "BILL-2026-000001")["hold_reason"] == f"сторнирован проводкой {mirror}: заменён исправлением 2 ({fix.number})"
    assert audit_actions(db, "bill", "BILL-2026-000001")[-1] == "bill.reverse"
    # the PO was billed in full twice over, never more: it is billed by the corrected bill alone
    assert po_progress(db, db.acme_po) == [("MUG", 10, 10, 10)]
    assert sql(db, "SELECT status FROM purchase_order WHERE number = :n", n=db.acme_po) == [("billed",)]
    assert_sound(db)


def test_a_correction_a_clerk_brings_waits_for_an_accountant_who_processes_it(bought, tmp_path):
    db = bought
    posted_dear(db, tmp_path)
    fix = add_one(db, "clerk", write(tmp_path, "fix.xml", corrected(upd("ЭС-417", "05.03.2026", "7707083893", MUGS,
                                                                        order=db.acme_po), "2")))
    assert fix.bill is None
    reason = read(db, "viewer", show_document, fix.number).reason
    assert reason == ("Исправление 2 счёта ЭС-417 поставщика ACME меняет BILL-2026-000001, который проведён; замена "
                      "сторнирует его, а для этого нужно право утверждать счета: бухгалтер может выполнить boclerk doc "
                      f"process {fix.number}")
    bill, status, _ = act(db, "acc", process_document, fix.number)
    assert (bill, status) == ("BILL-2026-000002", "posted")
    assert [r[2] for r in bills(db)] == ["reversed", "posted"]
    assert_sound(db)


def test_a_correction_that_cannot_become_a_bill_leaves_the_posted_bill_alone(bought, tmp_path):
    db = bought
    add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS, order=db.acme_po)))
    other = [Item("Чайник", "NOPE-1", "1", "100.00")]  # a line no product matches
    fix = add_one(db, "acc", write(tmp_path, "fix.xml", corrected(upd("ЭС-417", "05.03.2026", "7707083893", other,
                                                                      order=db.acme_po), "3")))
    assert fix.bill is None
    assert read(db, "viewer", show_document, fix.number).reason.startswith("Строка 1 (Чайник, артикул NOPE-1) не совпадает ни с одним")
    assert [r[2] for r in bills(db)] == ["posted"]
    assert entries_of(db, "BILL-2026-000001")[1:] == []
    assert po_progress(db, db.acme_po) == [("MUG", 10, 10, 10)]
    assert_sound(db)


def test_a_correction_of_a_paid_bill_waits_with_the_note_that_enters_it(bought, tmp_path, cli):
    from boclerk.services.purchasing.bills import pay_bill

    db = bought
    add_one(db, "clerk", write(tmp_path, "upd.xml", upd("ЭС-417", "05.03.2026", "7707083893", MUGS, order=db.acme_po)))
    act(db, "acc", pay_bill, "BILL-2026-000001", 600000)
    cheaper = [Item("Кружка фарфоровая", "MUG", "10", "450.00")]
    fix = add_one(db, "acc", write(tmp_path, "fix.xml", corrected(upd("ЭС-417", "05.03.2026", "7707083893", cheaper,
                                                                      order=db.acme_po), "2")))
    assert fix.outcome == "registered" and fix.bill is None
    reason = read(db, "viewer", show_document, fix.number).reason
    command = ('boclerk purchase note BILL-2026-000001 --number "ЭС-417 corr. 2" --date 2026-03-05 '
               "--net -500.00 --vat -100.00 --rate 20")
    assert reason == ("Исправление 2 счёта ЭС-417 поставщика ACME меняет BILL-2026-000001, который оплачен полностью; "
                      f"счёт с оплатами не заменяется: внесите разницу как кредит-ноту: {command}")
    # the command it names works, as written
    import shlex

    r = cli(*shlex.split(command)[1:], "--yes", user="acc")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "NOTE-2026-000001"
    assert sql(db, "SELECT kind, net, vat, total FROM supplier_note") == [("credit", -50000, -10000, -60000)]
    # the bill is still paid; the supplier now owes back what the credit note took off
    assert sql(db, "SELECT status, total, noted, paid FROM supplier_bill") == [("paid", 600000, -60000, 600000)]
    assert_sound(db)


def test_a_prepaid_invoice_is_billed_at_its_gross_and_the_prepayment_is_its_bank_line(bought, tmp_path, cli):
    """The bill is the supplier's whole claim (its cost and input VAT are the whole invoice's); what the
    invoice says was paid ahead is shown beside it and booked from the bank line that carried the money."""
    from tests.services.doc_samples import Pay, statement_1c

    db = bought
    ahead = add_one(db, "acc", write(tmp_path, "bank.txt", statement_1c(
        [Pay("-1000.00", "Предоплата по заказу, НДС не облагается", name="Globex", inn="500100732259")])))
    assert ahead.bank_lines == 1, ahead.message
    [(line_id, status)] = sql(db, "SELECT id, status FROM bank_line")
    assert status == "unmatched"
    lamps = [Item("Desk lamp", "LAMP", "4", "1000.00")]
    data = cii("G-100", "20260306", "500100732259", lamps).replace(
        b"<ram:DuePayableAmount>4800.00</ram:DuePayableAmount>",
        b"<ram:TotalPrepaidAmount>1000.00</ram:TotalPrepaidAmount><ram:DuePayableAmount>3800.00</ram:DuePayableAmount>")
    res = add_one(db, "clerk", write(tmp_path, "inv.xml", data))
    assert res.bill_status == "posted", res.message
    assert res.message.endswith(f"the invoice says 1\xa0000,00 RUB was paid ahead: match the bank line of that payment to "
                                f"the bill (boclerk bank match LINE {res.bill}).")
    assert sql(db, "SELECT total, paid, prepaid FROM supplier_bill WHERE number = :n", n=res.bill) == [
        (480000, 0, 100000)]
    r = cli("bank", "match", str(line_id), res.bill, "--yes", user="acc")  # the act the sentence names
    assert r.exit_code == 0, r.output
    assert sql(db, "SELECT total, paid, status FROM supplier_bill WHERE number = :n", n=res.bill) == [
        (480000, 100000, "posted")]
    r = cli("purchase", "bill-show", res.bill, user="viewer")
    assert "the supplier's invoice says 1\xa0000,00 was paid ahead\n" in r.stdout, r.stdout  # and it was matched
    assert_sound(db)


@pytest.mark.parametrize("case", ["weighed", "euro", "po-in-roubles"])
def test_an_invoice_that_must_be_billed_by_hand_says_how_and_that_works(bought, tmp_path, cli, case):
    """The waiting reason names two commands; run as written (with the bill's own figures), the document
    ends linked to its bill and waits no more."""
    import shlex

    db = bought
    if case == "weighed":  # 2.5 mugs: MUG is counted in whole units
        data, number, order = upd("ЭС-10", "05.03.2026", "7707083893", [Item("Кружка", "MUG", "2.5", "500.00")]), \
            "ЭС-10", db.acme_po
        spec = "MUG:2:500.00"
    else:  # in EUR from a supplier who bills in roubles, or who bills in euros now but was ordered from in roubles
        if case == "po-in-roubles":
            assert cli("supplier", "edit", "GLOBEX", "--currency", "EUR", user="clerk").exit_code == 0
        data, number, order = cii("E-1", "20260306", "500100732259", [Item("Desk lamp", "LAMP", "4", "10.00")],
                                  currency="EUR"), "E-1", db.globex_po
        spec = "LAMP:4:1000.00"
    res = add_one(db, "clerk", write(tmp_path, "inv.xml", data))
    reason = read(db, "viewer", show_document, res.number).reason
    if case == "po-in-roubles":  # billed as roubles it would have been 40.00 RUB for 4 000.00 RUB of lamps
        assert res.bill is None and reason.startswith(
            f"Счёт выставлен в EUR, а {db.globex_po} поставщика GLOBEX — в RUB, а счёт поставщика ведётся в валюте "
            "своего заказа: попросите у GLOBEX счёт в RUB или введите счёт вручную"), reason
        assert reason.endswith("с суммами в RUB")
    enter, link = re.findall(r"\((boclerk [^)]*)\)", reason)
    assert enter == "boclerk purchase bill PO-... --number ... --date ... --line ..."
    assert link == f"boclerk doc link {res.number} BILL-..."
    r = cli(*shlex.split(enter)[1:3], order, "--number", number, "--date", "2026-03-06", "--line", spec, user="clerk")
    assert r.exit_code == 0, r.output
    bill = r.stdout.strip()
    r = cli(*shlex.split(link.replace("BILL-...", bill))[1:], user="clerk")
    assert r.exit_code == 0, r.output
    assert read(db, "viewer", show_document, res.number).reason == ""
    assert_sound(db)
