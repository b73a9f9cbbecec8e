"""The memos the services write into the books are in the shop's language (its locale's), not the
clerk's: a Russian shop's payment, shipment, bill and stocktake entries read Russian whatever
language the clerk who posts them speaks, and an English shop's read as they always did. Money
in what a service says is written as the shop's locale writes it (1 234,50 in a Russian shop)."""

from __future__ import annotations

import pytest

from boclerk.errors import Refused
from boclerk.i18n import use
from boclerk.services.ledger.book import Line, post_manual, reverse
from boclerk.services.purchasing.bills import enter_bill, pay_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.services.sales.orders import pay_order, refund_order
from boclerk.services.sales.shipping import return_order, ship_order
from boclerk.services.stock.book import adjust_stock
from boclerk.services.stock.stocktake import enter_counts, open_count, post_count
from tests.services.trade_helpers import SHOP_DAY, act, confirmed, po, set_company, shop, sql

#: what each act's entry says, in an English shop and a Russian one ({o} the order, {p} the PO ...)
WORDS = {
    "en": ("Payment for {o} (card)", "Shipment of {o}", "Return of {o}", "Refund for {o} (card)",
           "Receipt against {p}", "Bill INV-7 of ACME for {p}", "Payment of {b}", "Stocktake {c} of MAIN",
           "Write-off -1 pcs MUG in MAIN: broken", "Reversal of {j}: Rent"),
    "ru": ("Оплата заказа {o} (карта)", "Отгрузка заказа {o}", "Возврат товара по заказу {o}",
           "Возврат оплаты по заказу {o} (карта)", "Поступление по заказу {p}", "Счёт INV-7 поставщика ACME по заказу {p}",
           "Оплата счёта {b}", "Инвентаризация {c} склада MAIN", "Списание -1 шт MUG на складе MAIN: broken",
           "Сторно {j}: Rent"),
}


def _memo(db, number: str) -> str:
    return sql(db, "SELECT memo FROM journal_entry WHERE number = :n", n=number)[0][0]


@pytest.mark.parametrize(("shop_locale", "clerk"), [("ru", "en"), ("en", "ru"), ("ru", "ru")])
def test_the_books_are_written_in_the_shops_language_whatever_the_clerk_speaks(db, shop_locale, clerk):
    shop(db)
    set_company(db, locale=shop_locale, language=shop_locale)
    use(clerk)  # conftest puts English back after the test
    o = confirmed(db, "ANNA", ("MUG", 2))
    paid = act(db, "clerk", pay_order, o, 240000, method="card").entry
    shipped = act(db, "wh", ship_order, o).entry
    back = act(db, "wh", return_order, o, [("MUG", 1)], refund=False).entry
    refunded = act(db, "acc", refund_order, o, 120000, method="card").refund_entry
    p = po(db, "ACME", ("LAMP", 2, 100000))
    received = act(db, "wh", receive_po, p).entry
    bill = act(db, "acc", enter_bill, p, "INV-7", SHOP_DAY)
    bill_paid = act(db, "acc", pay_bill, bill.number, bill.total).entry
    count = act(db, "wh", open_count, "MAIN")
    act(db, "wh", enter_counts, count.number, [("KETTLE", 4)])
    counted = act(db, "wh", post_count, count.number).entry
    written_off = act(db, "wh", adjust_stock, "MUG", -1, reason="broken", write_off=True).entry
    rent = act(db, "acc", post_manual, entry_date=SHOP_DAY, memo="Rent", lines=[Line("5900", 100), Line("1010", -100)])
    reversed_ = act(db, "acc", reverse, rent.number).number
    entries = (paid, shipped, back, refunded, received, bill.entry, bill_paid, counted, written_off, reversed_)
    fields = {"o": o, "p": p, "b": bill.number, "c": count.number, "j": rent.number}
    assert None not in entries, entries
    assert [_memo(db, n) for n in entries] == [w.format(**fields) for w in WORDS[shop_locale]]


@pytest.mark.parametrize(("shop_locale", "too_much"), [
    ("ru", "{o} has 1\xa0234,50 left to pay; 1\xa0234,51 is too much."),  # Babel's no-break space
    ("en", "{o} has 1,234.50 left to pay; 1,234.51 is too much."),
])
def test_a_refusal_writes_money_as_the_shops_locale_does(db, shop_locale, too_much):
    shop(db)
    set_company(db, locale=shop_locale, language=shop_locale)
    o = confirmed(db, "ANNA", ("MUG", 1, 123450))
    with pytest.raises(Refused) as refused, db.write("clerk") as uow:
        pay_order(uow, o, 123451)
    assert refused.value.message == too_much.format(o=o)


def test_the_language_of_the_books_is_the_locale_s_unless_told_and_an_admin_changes_it(db, cli):
    """A new shop's books speak its locale's language (``db init`` in a Russian locale: Russian),
    the demo built in English English; ``company set --language`` changes what is written next."""
    from boclerk.services.shown import language

    with db.read("admin") as uow:
        assert language(uow) == "ru"  # the test shop: locale ru, no language given
    shop(db)
    o = confirmed(db, "ANNA", ("MUG", 2))
    first = act(db, "clerk", pay_order, o, 100000, method="card").entry
    r = cli("company", "set", "--language", "EN")
    assert r.exit_code == 0, r.stdout + r.stderr
    second = act(db, "clerk", pay_order, o, 100000, method="card").entry
    assert (_memo(db, first), _memo(db, second)) == (f"Оплата заказа {o} (карта)", f"Payment for {o} (card)")
    shown = cli("company", "show")
    assert "Language of the books: English" in " ".join(shown.stdout.split()), shown.stdout
    refused = cli("company", "set", "--language", "de")
    assert refused.exit_code == 2 and "is not a language of the books" in refused.stderr


@pytest.mark.parametrize(("shop_locale", "memo"), [("ru", "Перераспределение IT → SALES"), ("en", "Recharge IT -> SALES")])
def test_a_recharge_s_memo_is_in_the_shops_language(db, shop_locale, memo):
    from boclerk.services.ledger.book import recharge

    shop(db)
    set_company(db, locale=shop_locale, language=shop_locale)
    use("en")
    assert _memo(db, act(db, "acc", recharge, from_dept="IT", to_dept="SALES", amount=500).number) == memo


@pytest.mark.parametrize(("shop_locale", "clerk", "memo"), [("ru", "en", "Перераспределение IT → SALES"),
                                                            ("en", "ru", "Recharge IT -> SALES")])
def test_a_form_shows_the_recharge_memo_the_books_will_get_whatever_the_clerk_speaks(db, shop_locale, clerk, memo):
    from boclerk.services.ledger.book import recharge, recharge_memo_pattern

    shop(db)
    set_company(db, locale=shop_locale, language=shop_locale)
    use(clerk)
    try:
        with db.write("acc") as uow:
            pattern = recharge_memo_pattern(uow)
        assert pattern.format(source="IT", target="SALES") == memo
        assert _memo(db, act(db, "acc", recharge, from_dept="IT", to_dept="SALES", amount=500).number) == memo
    finally:
        use("en")


def test_an_account_that_cannot_be_shared_is_named_by_its_type_in_words(db):
    """"1010 Bank is an asset account": in Russian «счёт активов», not «счёт типа asset»."""
    from boclerk.services.ledger.book import recharge
    from boclerk.services.office.deals import add_allocation

    shop(db)
    use("ru")
    for key, kind in (("1010", "счёт активов"), ("2000", "счёт обязательств")):
        with pytest.raises(Refused) as said, db.write("acc") as uow:
            recharge(uow, from_dept="IT", to_dept="SALES", amount=10, account_key=key)
        assert str(said.value).startswith("Перераспределить можно только расходы или доходы; " + key), said.value
        assert str(said.value).endswith(f" — {kind}.") and "asset" not in str(said.value), said.value
    with pytest.raises(Refused) as said, db.write("admin") as uow:
        add_allocation(uow, "RENT", "Rent", account="1010", basis="area", shares=[("IT", "1"), ("SALES", "1")])
    assert str(said.value).startswith("Между подразделениями распределяются только расходы и доходы; 1010 ")
    assert str(said.value).endswith(" — счёт активов."), said.value
