"""Reconciliation statements: built from the documents, closing where the ledger does."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from boclerk.errors import InvalidInput, NotFound
from boclerk.services.ledger.statements import ledger_balance, partner_statement, statement
from boclerk.services.purchasing.bills import enter_bill, pay_bill
from boclerk.services.purchasing.orders import POLineInput, create_po, receive_po, send_po
from boclerk.services.sales.orders import confirm_order, pay_order, refund_order
from boclerk.services.sales.shipping import return_order, ship_order
from tests.services.trade_helpers import (
    act,
    add_customer,
    add_product,
    add_supplier,
    balance,
    order,
    read,
    set_day,
    sql_one,
    stock_in,
)


def _codes(db, *roles):
    return [sql_one(db, "SELECT code FROM account WHERE role = :r", r=r) for r in roles]


@pytest.fixture
def trade(db):
    """One customer and one supplier, so that whole accounts are theirs alone: an oracle."""
    set_day(db, date(2026, 1, 10))
    add_product(db, "MUG", price=122000, cost=50000)
    add_customer(db, "ROMASHKA", "ООО Ромашка", tax_id="7707083893")
    add_supplier(db, "ACME", "Acme", tax_id="7736207543")
    stock_in(db, "MUG", 20, 50000)
    first = order(db, "ROMASHKA", ("MUG", 3))
    act(db, "clerk", confirm_order, first)
    act(db, "wh", ship_order, first)                          # owes 3 660,00
    set_day(db, date(2026, 1, 20))
    act(db, "acc", pay_order, first, 300000, method="bank")   # pays 3 000,00
    set_day(db, date(2026, 2, 5))
    act(db, "wh", return_order, first, [("MUG", 1)], refund=False)  # returns 1 220,00: 560,00 in its favour
    second = order(db, "ROMASHKA", ("MUG", 2))
    act(db, "clerk", confirm_order, second)
    act(db, "acc", pay_order, second, 244000, method="bank")  # pays 2 440,00 ahead: an advance
    set_day(db, date(2026, 2, 10))
    act(db, "wh", ship_order, second)                         # 2 440,00 shipped
    act(db, "acc", refund_order, first, 50000)                # 500,00 back
    po = act(db, "clerk", create_po, "ACME", [POLineInput("MUG", 10, 50000)]).number
    act(db, "clerk", send_po, po)
    act(db, "wh", receive_po, po)
    bill = act(db, "clerk", enter_bill, po, "INV-1", date(2026, 2, 10)).number
    set_day(db, date(2026, 3, 1))
    act(db, "acc", pay_bill, bill, 250000)
    return db, first, second, bill


def test_the_customer_statement_closes_at_the_ledger_balance(trade):
    db, first, second, _ = trade
    st = read(db, "viewer", statement, "customer", "ROMASHKA", date(2026, 2, 1), date(2026, 2, 28))
    # January: shipped 3 660,00, paid 3 000,00
    assert st.opening == 66000
    assert sorted((r.day, r.kind, r.debit, r.credit) for r in st.rows) == [
        (date(2026, 2, 5), "payment", 0, 244000), (date(2026, 2, 5), "return", 0, 122000),
        (date(2026, 2, 10), "refund", 50000, 0), (date(2026, 2, 10), "shipment", 244000, 0)]
    assert st.closing == 66000 - 122000 - 244000 + 244000 + 50000 == -6000  # the shop owes 60,00
    assert read(db, "viewer", ledger_balance, "customer", "ROMASHKA", date(2026, 2, 28)) == st.closing
    receivable, advances = _codes(db, "receivable", "customer_advances")
    assert balance(db, receivable) + balance(db, advances) == st.closing  # the whole accounts: one customer
    assert read(db, "viewer", ledger_balance, "customer", "ROMASHKA", date(2026, 1, 31)) == st.opening


def test_the_supplier_statement_closes_at_the_ledger_balance(trade):
    db, _, _, bill = trade
    st = read(db, "viewer", statement, "supplier", "ACME", date(2026, 3, 1), date(2026, 3, 31))
    total = sql_one(db, "SELECT total FROM supplier_bill WHERE number = :n", n=bill)
    assert st.opening == total and [(r.kind, r.debit) for r in st.rows] == [("payment", 250000)]
    assert st.closing == total - 250000
    (payable,) = _codes(db, "payable")
    assert -balance(db, payable) == st.closing == read(db, "viewer", ledger_balance, "supplier", "ACME",
                                                       date(2026, 3, 31))


def test_the_pdf_is_registered_once_for_the_same_figures_and_again_when_they_change(trade):
    db, first, second, _ = trade
    st, (pdf,) = partner_statement(db, "clerk", "customer", "ROMASHKA", date(2026, 1, 1), date(2026, 2, 28))
    text = PdfReader(BytesIO(pdf.data)).pages[0].extract_text().replace("\u00a0", " ")
    for words in ("Акт сверки взаимных расчётов", "за период с 01.01.2026 по 28.02.2026", "ООО Ромашка",
                  f"Отгрузка, УПД № {first}/1", "3 660,00", "Сальдо конечное",
                  "На 28.02.2026 задолженность в пользу ООО Ромашка: 60,00 RUB"):
        assert words in text, words
    _, (again,) = partner_statement(db, "acc", "customer", "ROMASHKA", date(2026, 1, 1), date(2026, 2, 28))
    assert (again.number, again.new) == (pdf.number, False)
    set_day(db, date(2026, 2, 28))
    act(db, "acc", refund_order, first, 6000)
    _, (changed,) = partner_statement(db, "acc", "customer", "ROMASHKA", date(2026, 1, 1), date(2026, 2, 28))
    assert changed.new and changed.number != pdf.number
    assert "задолженности нет" in PdfReader(BytesIO(changed.data)).pages[0].extract_text()


def test_refusals(trade):
    db = trade[0]
    with pytest.raises(NotFound, match="There is no customer NOBODY"):
        read(db, "viewer", statement, "customer", "NOBODY", date(2026, 1, 1), date(2026, 1, 31))
    with pytest.raises(InvalidInput, match="ends"):
        read(db, "viewer", statement, "customer", "ROMASHKA", date(2026, 2, 1), date(2026, 1, 31))


@pytest.mark.parametrize(("locale", "language", "clerk", "words", "name"), [
    ("ru", "en", "ru", ["Reconciliation statement", "for the period 01.01.2026 to 28.02.2026", "Shipment, UPD {first}/1",
                        "3 660,00", "Closing balance", "On 28.02.2026 60,00 RUB is owed to ООО Ромашка"],
     "Statement ROMASHKA 2026-01-01..2026-02-28.pdf"),
    ("en", "ru", "en", ["Акт сверки взаимных расчётов", "за период с 2026-01-01 по 2026-02-28",
                        "Отгрузка, УПД № {first}/1", "3,660.00", "Сальдо конечное",
                        "На 2026-02-28 задолженность в пользу ООО Ромашка: 60.00 RUB"],
     "Акт сверки ROMASHKA 2026-01-01..2026-02-28.pdf"),
], ids=["ru-locale-en-books", "en-locale-ru-books"])
def test_the_statement_speaks_the_language_of_the_books_whoever_prints_it(trade, locale, language, clerk, words, name):
    """The statement's words are the books' (company.language), its amounts and dates the shop's
    locale's, whatever the clerk's interface speaks; asked for a locale on purpose, it follows that."""
    from boclerk.formats.statement_pdf import statement_pdf
    from boclerk.i18n import use
    from boclerk.services.ledger.statements import statement_data
    from tests.services.trade_helpers import set_company

    db, first, _, _ = trade
    set_company(db, locale=locale, language=language)
    use(clerk)  # conftest puts English back after the test
    _, (pdf,) = partner_statement(db, "clerk", "customer", "ROMASHKA", date(2026, 1, 1), date(2026, 2, 28))
    text = PdfReader(BytesIO(pdf.data)).pages[0].extract_text().replace("\u00a0", " ")
    for said in words:
        assert said.format(first=first) in text, said
    assert pdf.file_name == name
    asked = "en" if language == "ru" else "ru"  # (the same figures make the same document: asked for apart)
    data = read(db, "clerk", statement_data, read(db, "clerk", statement, "customer", "ROMASHKA", date(2026, 1, 1),
                                                  date(2026, 2, 28)), asked)
    assert ("Reconciliation statement" if asked == "en" else "Акт сверки") in \
        PdfReader(BytesIO(statement_pdf(data))).pages[0].extract_text()
