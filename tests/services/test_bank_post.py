"""A bank line that pays no order, bill or fee (a deposit the landlord refunds) posted to an
account of the chart with a memo; what is still open on a matched order or bill (a partial
payment); the count and sum that "confirm all" posts; and a customer's or supplier's card."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.services.catalog.cards import partner_card
from boclerk.services.documents.bank import bank_queue, confirm_line, match_line
from boclerk.services.documents.bank_confirm import confirm_all_counted, proposed_total
from boclerk.services.documents.bank_post import (
    is_partial,
    open_amounts,
    post_to_account,
)
from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.orders import pay_order
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    add_one,
    document_store,
    statement_1c,
    write,
)
from tests.services.trade_helpers import (
    BANK,
    act,
    assert_sound,
    audit_actions,
    confirmed,
    entry_count,
    entry_date,
    entry_lines,
    po,
    read,
    set_company,
    set_day,
    shop,
    sql,
)

DAY = date(2026, 3, 20)
OTHER = "5900"  # other expenses in the seeded chart


@pytest.fixture
def books(db, tmp_path):
    """ANNA's order of 2 400.00 paid 1 000.00 by the bank (a partial payment), ACME's bill of 6 100.00,
    and a deposit of 12 500.00 refunded by the landlord that pays nothing the shop knows."""
    set_day(db, DAY)
    shop(db)
    set_company(db, language="en")  # the books speak English, as these tests read the reasons
    db.so1 = confirmed(db, "ANNA", ("MUG", 2))
    db.po = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, db.po)
    db.bill = act(db, "clerk", enter_bill, db.po, "ЭС-000417", date(2026, 3, 5)).number
    db.statement = add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c([
        Pay("1000.00", f"Оплата по заказу {db.so1}", "Анна Петрова", number="1"),
        Pay("-6100.00", "Оплата по счету ЭС-000417 за товар", 'ООО "Поставщик"', "7707083893", number="2"),
        Pay("12500.00", "Возврат обеспечительного платежа по договору аренды", "ООО Арендодатель", "7700000000",
            number="3", day="15.03.2026")]))).number
    db.lines = {r.line_no: r.id for r in read(db, "acc", bank_queue, status="all")}
    return db


def test_a_line_of_no_order_bill_or_fee_posts_to_an_account_with_its_memo(books):
    db = books
    line = db.lines[3]
    entries = entry_count(db)
    number = act(db, "acc", post_to_account, line, OTHER, "  Deposit back   from the landlord ")
    assert entry_count(db) == entries + 1
    assert entry_lines(db, number) == [(BANK, None, 1250000), (OTHER, None, -1250000)]
    assert entry_date(db, number) == date(2026, 3, 15)  # the day the money moved
    assert sql(db, "SELECT memo, source_kind, source_ref FROM journal_entry WHERE number = :n", n=number) == [
        ("Deposit back from the landlord", "bank", db.statement)]
    status, reason, entry = sql(db, "SELECT l.status, l.reason, e.number FROM bank_line l "
                                    "JOIN journal_entry e ON e.id = l.entry_id WHERE l.id = :i", i=line)[0]
    assert (status, reason, entry) == ("confirmed", f"Posted to {OTHER} by hand: Deposit back from the landlord", number)
    assert sql(db, "SELECT match_kind FROM bank_line WHERE id = :i", i=line) == [("account",)]  # not a fee
    assert audit_actions(db, "bank_line", f"{db.statement}:3") == ["bank.post_account"]
    assert [r.line_no for r in read(db, "acc", bank_queue)] == [1, 2]  # done: out of the queue
    # posted once: neither posting it again nor matching it by hand
    with pytest.raises(Refused, match="it is already confirmed and posted"), db.write("acc") as uow:
        post_to_account(uow, line, OTHER, "again")
    with pytest.raises(Refused, match="it is confirmed and posted"), db.write("acc") as uow:
        match_line(uow, line, "fee")
    assert_sound(db)


def test_downgrading_below_0016_calls_a_line_posted_to_an_account_a_fee_again(books):
    from alembic import command

    from boclerk.db import migrate

    db = books
    act(db, "acc", post_to_account, db.lines[3], OTHER, "Deposit back")
    config = migrate.alembic_config(db.engine.execution_options(boclerk_mode="write"))
    command.downgrade(config, "0015")
    assert sql(db, "SELECT match_kind FROM bank_line WHERE id = :i", i=db.lines[3]) == [("fee",)]
    command.upgrade(config, "head")
    act(db, "acc", post_to_account, db.lines[2], OTHER, "Tax refund")  # the kind is admitted again
    assert sql(db, "SELECT match_kind FROM bank_line WHERE id = :i", i=db.lines[2]) == [("account",)]


def test_posting_to_an_account_is_refused_without_memo_account_or_right(books):
    db = books
    line = db.lines[3]
    for account, memo, error, words in (
            (OTHER, "  ", InvalidInput, "Say what the payment is"),
            ("", "deposit", InvalidInput, "Name the account"),
            ("9999", "deposit", NotFound, "There is no account 9999"),
            (BANK, "deposit", InvalidInput, "already on"),
            ("1200", "deposit", Refused, "moves only with the stock book")):
        with pytest.raises(error, match=words), db.write("acc") as uow:
            post_to_account(uow, line, account, memo)
    with pytest.raises(NotPermitted), db.write("clerk") as uow:  # an accountant's act
        post_to_account(uow, line, OTHER, "deposit")
    assert sql(db, "SELECT status FROM bank_line WHERE id = :i", i=line) == [("unmatched",)]


def test_a_partial_payment_is_told_by_what_its_order_or_bill_has_open(books):
    db = books
    rows = read(db, "acc", bank_queue)
    with db.read("acc") as uow:
        due = open_amounts(uow, rows)
    by_no = {r.line_no: r for r in rows}
    assert due == {by_no[1].id: 240000, by_no[2].id: 610000}
    assert is_partial(by_no[1].amount, due[by_no[1].id])  # 1 000.00 of 2 400.00
    assert not is_partial(by_no[2].amount, due[by_no[2].id])  # the bill in full
    assert not is_partial(100, None)
    act(db, "acc", pay_order, db.so1, 140000)  # the rest came by card: the line now pays the order in full
    with db.read("acc") as uow:
        assert open_amounts(uow, rows)[by_no[1].id] == 100000
    assert not is_partial(by_no[1].amount, 100000)


def test_confirm_all_says_how_many_lines_and_how_much(books):
    db = books
    assert read(db, "acc", proposed_total) == (2, 100000, 610000)  # a line in, a line out
    results, money_in, money_out = db.run("acc", confirm_all_counted, write=True)
    assert [r.ok for r in results] == [True, True] and (money_in, money_out) == (100000, 610000)
    assert read(db, "acc", proposed_total) == (0, 0, 0)


def test_a_customers_card_shows_who_they_are_what_they_owe_and_their_orders(books):
    db = books
    act(db, "acc", confirm_line, db.lines[1])  # 1 000.00 paid on the order (not shipped yet: an advance)
    card = read(db, "viewer", partner_card, "customer", "ANNA")
    assert (card.side, card.code, card.active) == ("customer", "ANNA", True)
    assert [(o.number, o.status, o.amount, o.open) for o in card.orders] == [(db.so1, "confirmed", 240000, 140000)]
    assert card.balance == -100000  # paid ahead of the shipment: the shop owes the goods
    assert card.open_orders == 1 and card.overdue == 0
    assert [d.number for d in card.documents] == []
    with pytest.raises(NotFound), db.read("viewer") as uow:
        partner_card(uow, "customer", "NOBODY")


def test_a_suppliers_card_shows_what_the_shop_owes_and_their_pos_and_bills(books):
    db = books
    card = read(db, "viewer", partner_card, "supplier", "ACME")
    assert card.side == "supplier" and card.tax_id
    assert [p.number for p in card.orders] == [db.po]
    assert [(b.number, b.status, b.amount, b.open) for b in card.bills] == [(db.bill, "posted", 610000, 610000)]
    assert card.balance == 610000  # the shop owes the bill
    assert card.overdue == 0  # due in 30 days from 5 March: 4 April
    set_day(db, date(2026, 4, 20))
    assert read(db, "viewer", partner_card, "supplier", "ACME").overdue == 610000
