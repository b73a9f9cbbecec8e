"""What may be done to a record now, beyond its state (services/acts_now.py): a fully paid order
takes no payment, an order with nothing out takes no return, a bill paid on is not reversed, a
document's entry is not reversed by hand. ``check_act`` (what the app asks before a form opens, and
the command line before its question) refuses with that sentence; the acts keep their own."""

from __future__ import annotations

from datetime import date

import pytest

from boclerk.errors import Refused
from boclerk.services.acts import check_act
from boclerk.services.acts_now import acts_not_now
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.purchasing.bills import enter_bill, pay_bill
from boclerk.services.purchasing.corrections import reverse_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.backorders import top_up_reservations
from boclerk.services.sales.orders import pay_order, refund_order
from boclerk.services.sales.shipping import return_order, ship_order
from tests.services.trade_helpers import (
    act,
    confirmed,
    entries_of,
    po,
    read,
    refused_exactly,
    set_day,
    shop,
    stock_in,
)

DAY = date(2026, 3, 20)


def not_now(db, kind: str, key: str) -> dict[str, str]:
    return read(db, "acc", acts_not_now, kind, key)


def test_an_order_paid_in_full_takes_no_payment(db):
    set_day(db, DAY)
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))  # 1 200.00
    assert not_now(db, "order", number) == {}
    act(db, "acc", pay_order, number, 20000)
    assert not_now(db, "order", number) == {}  # 1 000.00 still due
    assert read(db, "acc", check_act, "orders.pay", number) == "confirmed"
    act(db, "acc", pay_order, number, 100000)
    assert not_now(db, "order", number) == {"orders.pay": f"Nothing is left to pay on {number}."}
    refused_exactly(db, "acc", Refused, f"Nothing is left to pay on {number}.", check_act, "orders.pay", number)
    # the act keeps its own sentence
    refused_exactly(db, "acc", Refused, f"{number} has 0,00 left to pay; 0,01 is too much.", pay_order, number, 1)
    act(db, "acc", refund_order, number, 20000)  # paid before shipping: the customer's money goes back
    assert not_now(db, "order", number) == {}  # 200.00 due again


def test_an_order_whose_goods_all_came_back_takes_no_return(db):
    set_day(db, DAY)
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "acc", pay_order, number, 240000)
    act(db, "wh", ship_order, number)
    assert "orders.return" not in not_now(db, "order", number)
    act(db, "wh", return_order, number, [("MUG", 1)])
    assert "orders.return" not in not_now(db, "order", number)  # one mug is still out
    act(db, "wh", return_order, number, [("MUG", 1)])
    why = f"Everything shipped on {number} has come back already."
    assert not_now(db, "order", number)["orders.return"] == why
    refused_exactly(db, "wh", Refused, why, check_act, "orders.return", number)
    # the returns refunded what was paid, and nothing is owed for goods that came back
    assert set(not_now(db, "order", number)) == {"orders.pay", "orders.return"}


def test_an_order_with_nothing_reserved_or_free_is_not_offered_for_shipping(db):
    set_day(db, DAY)
    shop(db, stock=False)
    number = confirmed(db, "ANNA", ("MUG", 2), ("LAMP", 1), backorder=True)  # nothing on hand
    why = (f"Nothing on {number} can be shipped now: none of its goods still to ship is reserved for it or "
           "free in MAIN; receive or move stock there first.")
    assert not_now(db, "order", number) == {"orders.ship": why}
    refused_exactly(db, "wh", Refused, why, check_act, "orders.ship", number)
    # the act keeps its own sentence, naming what each line lacks
    refused_exactly(db, "wh", Refused, f"Cannot ship {number} from MAIN: MUG needs 2 more than is reserved and "
                    "available; LAMP needs 1 more than is reserved and available.", ship_order, number)
    stock_in(db, "LAMP", 1, 100000)  # free, not yet reserved: it can go (the lamp alone)
    assert not_now(db, "order", number) == {}
    act(db, "clerk", top_up_reservations, number)  # now reserved for the order
    assert not_now(db, "order", number) == {}
    act(db, "wh", ship_order, number, [("LAMP", 1)])
    assert not_now(db, "order", number) == {"orders.ship": why}  # part shipped; the mugs cannot go yet
    stock_in(db, "MUG", 2, 50000)
    assert not_now(db, "order", number) == {}
    assert read(db, "wh", check_act, "orders.ship", number) == "partially_shipped"


def test_a_service_still_to_ship_can_always_go(db):
    set_day(db, DAY)
    shop(db, stock=False)
    number = confirmed(db, "ANNA", ("MUG", 1), ("DELIVERY", 1), backorder=True)
    assert not_now(db, "order", number) == {}  # the delivery alone can be shipped
    act(db, "wh", ship_order, number, [("DELIVERY", 1)])
    assert "orders.ship" in not_now(db, "order", number)


def test_a_bill_paid_on_is_not_reversed_and_the_sentence_is_the_reversals_own(db):
    set_day(db, DAY)
    shop(db)
    number = po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, number)
    bill = act(db, "acc", enter_bill, number, "A-1", DAY).number
    assert not_now(db, "bill", bill) == {}
    act(db, "acc", pay_bill, bill, 100000)
    sentence = (f"{bill} has 1\xa0000,00 paid on it and is not reversed; enter the difference as the supplier's credit "
                f"or debit note instead (boclerk purchase note {bill} ...).")
    assert not_now(db, "bill", bill) == {"purchases.reverse_bill": sentence}
    refused_exactly(db, "acc", Refused, sentence, check_act, "purchases.reverse_bill", bill)
    refused_exactly(db, "acc", Refused, sentence, reverse_bill, bill)
    assert read(db, "acc", check_act, "purchases.pay", bill) == "posted"  # 5 100.00 still to pay


def test_an_entry_a_document_posted_is_not_reversed_by_hand(db):
    set_day(db, DAY)
    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "acc", pay_order, number, 120000)
    [payment] = entries_of(db, number)
    sentence = f"{payment} was posted by {number}; correct it through that document, not by reversing the entry."
    assert not_now(db, "entry", payment) == {"ledger.reverse": sentence}
    refused_exactly(db, "acc", Refused, sentence, check_act, "ledger.reverse", payment)
    refused_exactly(db, "acc", Refused, sentence, ledger.reverse, payment)
    manual = act(db, "acc", ledger.post_manual, entry_date=DAY, memo="Rent",
                 lines=[Line("5900", 100), Line("1010", -100)]).number
    assert not_now(db, "entry", manual) == {}
    assert read(db, "acc", check_act, "ledger.reverse", manual) == "posted"


@pytest.mark.parametrize("kind", ["po", "count", "product"])
def test_a_record_without_such_acts_has_nothing_to_say(db, kind):
    assert read(db, "viewer", acts_not_now, kind, "ANY") == {}
