"""``boclerk order ...`` and ``boclerk customer`` by hand: the whole order-to-cash workflow
by commands, as a script or a clerk at a terminal would run it, with its exit codes,
sentences and JSON; and ``boclerk db check`` catching order money broken behind its back."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.services.trade_helpers import changed_tables, execute, level, snapshot

MONEY = re.compile(r"^-?\d+\.\d{2}$")


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def shop_cli(cli):
    """A shop set up by commands only."""
    ok(cli("product", "add", "MUG", "Mug", "--price", "1 200,00", "--cost", "500"))
    ok(cli("product", "add", "LAMP", "Lamp", "--price", "3000", "--cost", "1000"))
    ok(cli("product", "add", "DELIVERY", "Delivery", "--kind", "service", "--price", "300"))
    ok(cli("product", "add", "PAPER", "Paper", "--kind", "consumable", "--cost", "250"))
    ok(cli("stock", "receive", "MUG", "10", "--cost", "500", "--yes", user="wh"))
    ok(cli("stock", "receive", "LAMP", "4", "--cost", "1000", "--yes", user="wh"))
    ok(cli("customer", "add", "ANNA", "Anna Petrova", "--email", "anna@example.com",
           "--address", "Moscow, Tverskaya 1", user="clerk"))
    ok(cli("customer", "add", "BORIS", "Boris Ivanov", user="clerk"))
    return cli


def create(cli, *args, user="clerk") -> str:
    r = ok(cli("order", "create", *args, user=user))
    number = r.stdout.strip()
    assert re.fullmatch(r"SO-\d{4}-\d{6}", number), r.stdout
    assert f"Created {number}: draft." in r.stderr
    return number


def test_the_whole_order_workflow_by_commands(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:2", "--line", "LAMP:1:2 500,00:10",
                    "--delivery", "yes", "--ref", "W-1", "--channel", "website")
    r = ok(cli("order", "confirm", number, "--warehouse", "MAIN"))
    assert f"Confirmed {number}: confirmed." in r.stderr
    assert level(db, "MUG") == (10, 2) and level(db, "LAMP") == (4, 1)
    r = ok(cli("order", "pay", number, "1 000,00", "--method", "card", "--ref", "tx-1", "--yes", user="acc"))
    assert re.search(rf"Paid {number}: confirmed, entry JE-\d{{4}}-\d{{6}}\.", r.stderr)
    r = ok(cli("order", "ship", number, "--line", "MUG:1", "--yes", user="wh"))
    assert f"Shipped {number}: partially shipped, entry" in r.stderr
    r = ok(cli("order", "show", number, "--json", user="viewer"))
    d = json.loads(r.stdout)
    # MUG 2 400.00 + LAMP 2 250.00 (2 500.00 less 10%) + DELIVERY 300.00
    assert (d["total"], d["paid"], d["invoiced"], d["due"]) == ("4950.00", "1000.00", "1500.00", "3950.00")
    r = ok(cli("order", "pay", number, "3950", "--method", "bank", "--yes", user="clerk"))
    r = ok(cli("order", "ship", number, "--yes", user="wh"))
    assert f"Shipped {number}: shipped" in r.stderr
    r = ok(cli("order", "deliver", number, user="wh"))
    assert f"Delivered {number}: delivered." in r.stderr
    r = ok(cli("order", "return", number, "--line", "MUG:1", "--yes", user="wh"))
    assert re.search(rf"Returned goods of {number}: delivered, entry JE-\S+, refund JE-\S+\.", r.stderr)
    d = json.loads(ok(cli("order", "show", number, "--json")).stdout)
    assert d["status"] == "delivered" and d["channel_ref"] == "W-1" and d["warehouse"] == "MAIN"
    assert [(ln["sku"], ln["qty"], ln["shipped"], ln["returned"], ln["unit_price"], ln["discount_percent"], ln["gross"])
            for ln in d["lines"]] == [("MUG", "2", "2", "1", "1200.00", "0.00", "2400.00"),
                                      ("LAMP", "1", "1", "0", "2500.00", "10.00", "2250.00"),
                                      ("DELIVERY", "1", "1", "0", "300.00", "0.00", "300.00")]
    assert [(p["method"], p["amount"], p["reference"]) for p in d["payments"]] == [
        ("card", "1000.00", "tx-1"), ("bank", "3950.00", ""), ("bank", "-1200.00", "")]
    assert [(s["kind"], s["net"], s["vat"], s["cost"]) for s in d["shipments"]] == [
        ("ship", "1229.50", "270.50", "500.00"), ("ship", "2827.87", "622.13", "1500.00"),
        ("return", "983.60", "216.40", "500.00")]  # VAT 22% (2026) per line: 432.79 shared 216.40 + 216.39
    assert [(h["actor"], h["action"]) for h in d["history"]] == [
        ("clerk", "order.create"), ("admin", "order.confirm"), ("acc", "order.pay"), ("wh", "order.ship"),
        ("clerk", "order.pay"), ("wh", "order.ship"), ("wh", "order.deliver"), ("wh", "order.refund"),
        ("wh", "order.return")]
    assert (d["invoiced"], d["paid"], d["due"]) == ("3750.00", "3750.00", "0.00")
    text = ok(cli("order", "show", number)).stdout
    assert "history:" in text and "acc" in text and "W-1" in text
    assert "delivered" in text and "order.deliver" not in text  # the history's words, as the app says them
    assert level(db, "MUG") == (9, 0) and level(db, "LAMP") == (3, 0)
    r = ok(cli("db", "check"))
    assert "FAIL" not in r.stdout


def test_json_and_csv_shapes(shop_cli):
    cli = shop_cli
    r = ok(cli("order", "create", "--customer", "BORIS", "--line", "MUG:1:99,99", "--json"))
    created = json.loads(r.stdout)  # only JSON on stdout
    assert created["status"] == "draft" and set(created) == {"number", "status", "entry", "refund_entry"}
    number = created["number"]
    ok(cli("order", "confirm", number))
    rows = json.loads(ok(cli("order", "list", "--json", user="viewer")).stdout)
    assert rows == [{"id": rows[0]["id"], "number": number, "order_date": rows[0]["order_date"], "customer": "BORIS",
                     "customer_name": "Boris Ivanov", "channel": "website", "channel_ref": None, "status": "confirmed",
                     "backorder": False, "total": "99.99", "paid": "0.00", "invoiced": "0.00"}]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0]["order_date"])
    d = json.loads(ok(cli("order", "show", number, "--json")).stdout)
    for key in ("total", "net_total", "vat_total", "paid", "invoiced", "due"):
        assert MONEY.match(d[key]), (key, d[key])
    for key in ("unit_price", "net", "vat", "gross"):
        assert MONEY.match(d["lines"][0][key])
    assert (d["net_total"], d["vat_total"]) == ("81.96", "18.03")  # VAT 99.99 x 22/122 = 18.031 -> 18.03 (2026)
    r = ok(cli("order", "list", "--csv"))
    table = list(csv.reader(io.StringIO(r.stdout)))
    assert table[0][:3] == ["id", "number", "order_date"] and table[1][1] == number and table[1][-3] == "99.99"
    r = ok(cli("order", "list"))
    assert number in r.stdout and "99,99" in r.stdout  # the shop's locale on screen


def test_wrong_order_numbers_exit_4(shop_cli):
    cli = shop_cli
    missing = "SO-2026-999999"
    for args, user in [(("confirm", missing), "clerk"), (("pay", missing, "10"), "acc"),
                       (("ship", missing, "--yes"), "wh"), (("deliver", missing), "wh"),
                       (("cancel", missing, "--yes"), "clerk"), (("return", missing, "--line", "MUG:1", "--yes"), "wh"),
                       (("refund", missing, "10", "--yes"), "acc"), (("show", missing), "viewer"),
                       (("reserve", missing), "clerk")]:
        r = cli("order", *args, user=user)
        assert r.exit_code == 4, (args, r.output)
        assert r.stderr.strip() == f"There is no order {missing}.", args
        assert r.stdout == ""
    r = cli("order", "create", "--customer", "NOBODY", "--line", "MUG:1")
    assert r.exit_code == 4 and "There is no customer NOBODY." in r.stderr
    r = cli("order", "create", "--customer", "ANNA", "--line", "NOPE:1")
    assert r.exit_code == 4 and "There is no product with SKU or barcode 'NOPE'." in r.stderr
    r = cli("order", "list", "--customer", "NOBODY")
    assert r.exit_code == 4


def test_wrong_states_exit_1_with_the_sentence_and_write_nothing(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    before = snapshot(db)
    for args, sentence in [
        (("ship", number), f"Cannot ship {number}: it is a draft. Possible when the order is confirmed or partially "
                           "shipped."),
        (("deliver", number), f"Cannot deliver {number}: it is a draft. Possible when the order is shipped."),
        (("return", number, "--line", "MUG:1"), f"Cannot take back goods of {number}: it is a draft. Possible when "
                                                "the order is partially shipped, shipped or delivered."),
        (("reserve", number), f"Cannot top up reservations of {number}: it is a draft. Possible when the order is "
                              "confirmed or partially shipped."),
    ]:
        r = cli("order", *args, user="clerk")
        assert (r.exit_code, r.stderr.strip()) == (1, sentence), args
    assert changed_tables(before, snapshot(db)) == []
    ok(cli("order", "confirm", number))
    ok(cli("order", "ship", number, "--yes"))
    before = snapshot(db)
    for args, sentence in [
        (("ship", number), f"Cannot ship {number}: it is already shipped. Possible when the order is confirmed or "
                           "partially shipped."),
        (("confirm", number), f"Cannot confirm {number}: it is already shipped. Possible when the order is a draft."),
        (("cancel", number), f"Cannot cancel {number}: it is already shipped. Possible when the order is a draft or "
                             "confirmed. Take the goods back with a return instead."),
        (("return", number, "--line", "MUG:2", "--yes"), f"{number}: only 1 of MUG left to return, not 2."),
        (("pay", number, "1200,01", "--yes"), f"{number} has 1\xa0200,00 left to pay; 1\xa0200,01 is too much."),
    ]:
        r = cli("order", *args, user="clerk")
        assert (r.exit_code, r.stderr.strip()) == (1, sentence), args
    assert changed_tables(before, snapshot(db)) == []
    second = create(cli, "--customer", "BORIS", "--line", "MUG:2")
    ok(cli("order", "confirm", second))
    ok(cli("order", "ship", second, "--line", "MUG:1", "--yes"))
    r = cli("order", "deliver", second, user="wh")
    assert (r.exit_code, r.stderr.strip()) == (
        1, f"Cannot deliver {second}: it is partially shipped. Possible when the order is shipped. Ship the rest first.")
    third = create(cli, "--customer", "BORIS", "--line", "MUG:1")
    ok(cli("order", "cancel", third, "--yes"))
    r = cli("order", "cancel", third, "--yes")
    assert (r.exit_code, r.stderr.strip()) == (
        1, f"Cannot cancel {third}: it is already cancelled. Possible when the order is a draft or confirmed.")
    r = cli("order", "create", "--customer", "BORIS", "--line", "MUG:1", "--ref", "W-7")
    ok(r)
    r = cli("order", "create", "--customer", "ANNA", "--line", "MUG:1", "--ref", "W-7")
    assert (r.exit_code, r.stderr.strip()) == (1, f"The website order W-7 is already {r_number(cli, 'W-7')}.")
    r = cli("order", "create", "--customer", "ANNA", "--line", "PAPER:1")
    assert (r.exit_code, r.stderr.strip()) == (1, "PAPER is an office consumable; it is bought, not sold.")
    ok(cli("db", "check"))


def r_number(cli, ref: str) -> str:
    rows = json.loads(ok(cli("order", "list", "--json")).stdout)
    return next(r["number"] for r in rows if r["channel_ref"] == ref)


def test_short_stock_and_backorder(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:12", "--line", "LAMP:5", "--line", "DELIVERY:1")
    before = snapshot(db)
    r = cli("order", "confirm", number)
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Cannot confirm {number}: MUG has 10 available, 12 needed; LAMP has 4 available, 5 needed."
    assert changed_tables(before, snapshot(db)) == []
    r = ok(cli("order", "confirm", number, "--backorder"))
    rows = json.loads(ok(cli("order", "list", "--backorder", "--json")).stdout)
    assert [(x["number"], x["backorder"]) for x in rows] == [(number, True)]
    assert "(backorder)" in ok(cli("order", "list")).stdout
    r = cli("order", "ship", number, "--yes", user="wh")
    assert r.exit_code == 1 and r.stderr.strip() == (
        f"Cannot ship {number} from MAIN: MUG needs 2 more than is reserved and available; "
        "LAMP needs 1 more than is reserved and available.")
    ok(cli("stock", "receive", "MUG", "2", "--cost", "500", "--yes", user="wh"))
    ok(cli("stock", "receive", "LAMP", "1", "--cost", "1000", "--yes", user="wh"))
    r = ok(cli("order", "reserve", number))
    assert f"Reserved for {number}: confirmed." in r.stderr
    assert json.loads(ok(cli("order", "list", "--backorder", "--json")).stdout) == []
    ok(cli("order", "ship", number, "--yes", user="wh"))
    ok(cli("db", "check"))


def test_not_permitted_exits_3_and_writes_nothing(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    before = snapshot(db)
    for args, user, what in [
        (("create", "--customer", "ANNA", "--line", "MUG:1"), "viewer", "manage orders"),
        (("create", "--customer", "ANNA", "--line", "MUG:1"), "wh", "manage orders"),
        (("confirm", number), "acc", "manage orders"),
        (("pay", number, "10"), "wh", "take order payments"),
        (("cancel", number, "--yes"), "wh", "manage orders"),
        (("ship", number, "--yes"), "acc", "ship orders"),
        (("deliver", number), "viewer", "ship orders"),
        (("return", number, "--line", "MUG:1", "--yes"), "acc", "take returns"),
        (("refund", number, "1", "--yes"), "viewer", "take order payments"),
    ]:
        r = cli("order", *args, user=user)
        assert r.exit_code == 3, (args, user, r.output)
        assert f"may not {what}." in r.stderr, (args, r.stderr)
    r = cli("order", "list", user="stranger")
    assert r.exit_code == 3 and "has no boclerk account" in r.stderr
    assert changed_tables(before, snapshot(db)) == []


@pytest.mark.parametrize(("args", "message"), [
    (("create", "--customer", "ANNA", "--line", "MUG"), "'MUG' is not a valid line"),
    (("create", "--customer", "ANNA", "--line", "MUG:two"), "quantity of MUG"),
    (("create", "--customer", "ANNA", "--line", "MUG:1.5"), "not a whole number"),
    (("create", "--customer", "ANNA", "--line", "MUG:1:12,345"), "price of MUG"),
    (("create", "--customer", "ANNA", "--line", "MUG:1::150"), "discount"),
    (("create", "--customer", "ANNA", "--line", "MUG:1::12,345"), "more than two decimals"),
    (("create", "--customer", "ANNA", "--line", "MUG:1:1:2:3"), "is not a valid line"),
    (("create", "--customer", "ANNA", "--line", "MUG:-1"), "negative"),
    (("create", "--customer", "ANNA", "--line", "MUG:0"), "the quantity must be positive"),
    (("create", "--customer", "ANNA", "--line", "MUG:1", "--channel", "fax"), "'fax' is not a channel"),
    (("create", "--customer", "ANNA", "--line", "MUG:1", "--delivery", "lots"), "--delivery"),
    (("list", "--status", "lost"), "'lost' is not an order status"),
    (("list", "--from", "long ago"), "--from: 'long ago' is not a date"),
])
def test_bad_input_exits_2_and_writes_nothing(shop_cli, db, args, message):
    before = snapshot(db)
    r = shop_cli("order", *args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert changed_tables(before, snapshot(db)) == []


def test_bad_payment_input(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    before = snapshot(db)
    for args, message in [(("pay", number, "abc"), "'abc' is not an amount"),
                          (("pay", number, "-5"), "No such option"),  # a negative amount reads as an option
                          (("pay", number, "0", "--yes"), "A payment needs a positive amount."),
                          (("pay", number, "10", "--method", "cheque", "--yes"), "'cheque' is not a payment method"),
                          (("ship", number, "--line", "MUG", "--yes"), "is not a valid line (SKU:QTY)")]:
        r = cli("order", *args, user="acc" if args[0] == "pay" else "wh")
        assert r.exit_code == 2 and message in r.stderr, (args, r.output)
    assert changed_tables(before, snapshot(db)) == []


def test_irreversible_acts_ask_first(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:2")
    ok(cli("order", "confirm", number))
    before = snapshot(db)
    r = cli("order", "ship", number, user="wh", input="n\n")
    assert r.exit_code == 1 and f"Ship {number}?" in r.stderr and "Nothing was done." in r.stderr
    r = cli("order", "cancel", number, input="\n")
    assert r.exit_code == 1
    # nobody at a terminal: no question can be asked, so nothing happens without --yes
    r = cli("order", "ship", number, user="wh")
    assert r.exit_code == 2 and r.stderr.strip() == (
        f"Ship {number}? Stock leaves and revenue is posted; this cannot be undone. "
        "boclerk cannot ask without a terminal: add --yes to go ahead.")
    assert changed_tables(before, snapshot(db)) == []
    # a state that does not allow the act refuses before anything is asked
    draft = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    r = cli("order", "ship", draft, user="wh", input="y\n")
    assert r.exit_code == 1 and "?" not in r.stderr and r.stderr.startswith(f"Cannot ship {draft}: it is a draft.")
    r = ok(cli("order", "ship", number, "--line", "MUG:1", user="wh", input="y\n"))
    assert f"Shipped {number}: partially shipped" in r.stderr


def test_delivery_option_with_an_amount_and_without_a_delivery_product(shop_cli, db):
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1", "--delivery", "150", "--address", "Kazan")
    d = json.loads(ok(cli("order", "show", number, "--json")).stdout)
    assert [(ln["sku"], ln["gross"]) for ln in d["lines"]] == [("MUG", "1200.00"), ("DELIVERY", "150.00")]
    assert d["delivery_address"] == "Kazan" and d["total"] == "1350.00"
    execute(db, "UPDATE product SET sku = 'SHIPPING' WHERE sku = 'DELIVERY'")
    r = cli("order", "create", "--customer", "ANNA", "--line", "MUG:1", "--delivery", "yes")
    assert r.exit_code == 4 and "DELIVERY" in r.stderr


def test_list_filters_by_command(shop_cli):
    cli = shop_cli
    a = create(cli, "--customer", "ANNA", "--line", "MUG:1", "--channel", "phone")
    b = create(cli, "--customer", "BORIS", "--line", "MUG:1")
    ok(cli("order", "confirm", b))

    def numbers(*args):
        return [x["number"] for x in json.loads(ok(cli("order", "list", "--json", *args)).stdout)]

    assert numbers() == [b, a]
    assert numbers("--status", "draft") == [a]
    assert numbers("--status", "open") == [b]
    assert numbers("--customer", "boris") == [b]
    assert numbers("--channel", "phone") == [a]
    assert numbers("--limit", "1") == [b]
    today = json.loads(ok(cli("order", "show", a, "--json")).stdout)["order_date"]
    assert numbers("--from", today, "--to", today) == [b, a]
    assert numbers("--to", "2000-01-01") == []


# -- db check catches order money broken behind boclerk's back -------------------------------------


@pytest.fixture
def traded(shop_cli):
    cli = shop_cli
    paid = create(cli, "--customer", "ANNA", "--line", "MUG:2")
    ok(cli("order", "confirm", paid))
    ok(cli("order", "pay", paid, "1000", "--yes"))
    ok(cli("order", "ship", paid, "--line", "MUG:1", "--yes"))
    held = create(cli, "--customer", "BORIS", "--line", "LAMP:1")
    ok(cli("order", "confirm", held))
    ok(cli("db", "check"))
    return cli, paid, held


def failing(cli) -> tuple[str, list[str]]:
    # a record the last clean check covered, changed behind boclerk's back: --full looks at it again
    r = cli("db", "check", "--full")
    assert r.exit_code == 1, r.output
    assert re.search(r"\d+ violation\(s\) found\.", r.stderr)
    return r.stdout, [line[6:] for line in r.stdout.splitlines() if line.startswith("FAIL")]


def test_db_check_names_paid_changed_behind_the_back(traded, db):
    cli, paid, _ = traded
    execute(db, "UPDATE sales_order SET paid = paid + 1 WHERE number = :n", n=paid)
    out, failed = failing(cli)
    assert "receivables and advances booked by orders equal their balances" in failed
    assert f"{paid}: paid 100001, payments add up to 100000" in out
    r = cli("db", "check", "--full", "--json")  # the order was last touched before the mark: --full
    data = json.loads(r.stdout)
    assert data["ok"] is False
    assert {v["invariant"] for v in data["violations"]} == {
        "receivables and advances booked by orders equal their balances"}


def test_db_check_names_an_order_total_that_is_not_its_lines(traded, db):
    cli, paid, _ = traded
    execute(db, "UPDATE sales_order SET total = total + 100 WHERE number = :n", n=paid)
    out, failed = failing(cli)
    assert failed == ["a document's total equals the sum of its lines"]
    assert f"{paid}: total 240100" in out


def test_db_check_names_a_reservation_left_on_a_cancelled_order(traded, db):
    cli, _, held = traded
    execute(db, "UPDATE sales_order SET status = 'cancelled' WHERE number = :n", n=held)
    out, failed = failing(cli)
    assert failed == ["only open orders hold reservations"]
    assert f"{held} is cancelled but still holds a reservation" in out


def test_db_check_names_invoiced_changed_and_shipment_lines_removed(traded, db):
    cli, paid, _ = traded
    execute(db, "UPDATE sales_order SET invoiced = invoiced - 5 WHERE number = :n", n=paid)
    _, failed = failing(cli)
    assert failed == ["receivables and advances booked by orders equal their balances"]
    execute(db, "UPDATE sales_order SET invoiced = invoiced + 5 WHERE number = :n", n=paid)
    ok(cli("db", "check"))
    execute(db, "UPDATE order_line SET qty_shipped = 2 WHERE order_id = "
                "(SELECT id FROM sales_order WHERE number = :n)", n=paid)
    _, failed = failing(cli)
    assert "shipped and returned quantities equal the shipments" in failed


def test_a_payment_dated_the_day_the_money_came(shop_cli, db):
    from datetime import date, timedelta

    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    ok(cli("order", "confirm", number))
    before = snapshot(db)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for day, sentence in [
        ("last week", "payment date: 'last week' is not a date; write it as DD.MM.YYYY or YYYY-MM-DD."),
        (tomorrow, f"A payment cannot be dated {date.today() + timedelta(days=1):%d.%m.%Y}, after today."),
    ]:
        r = cli("order", "pay", number, "100", "--date", day, "--yes", user="acc")
        assert (r.exit_code, r.stderr.strip()) == (2, sentence), day
    assert changed_tables(before, snapshot(db)) == []
    earlier = (date.today() - timedelta(days=3)).isoformat()
    typed = (date.today() - timedelta(days=3)).strftime("%d.%m.%Y")  # as the app's lists show it
    ok(cli("order", "pay", number, "100", "--date", typed, "--yes", user="acc"))
    d = json.loads(ok(cli("order", "show", number, "--json")).stdout)
    assert [(p["paid_on"], p["amount"]) for p in d["payments"]] == [(earlier, "100.00")]
    [entry] = [e for e in json.loads(ok(cli("ledger", "entries", "--json")).stdout)
               if e["memo"] == f"Оплата заказа {number} (банк)"]  # the shop's words: its locale is Russian
    assert entry["entry_date"] == earlier


def test_a_payment_method_that_does_not_exist_is_refused_before_the_question(shop_cli):
    """Without a terminal an act asks for --yes; a method mistyped is said first, not after the clerk
    has said yes (pay, refund, cancel's and return's refund method alike)."""
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:1")
    ok(cli("order", "confirm", number))
    for args in (("pay", number, "100", "--method", "cheque"), ("refund", number, "100", "--method", "cheque"),
                 ("cancel", number, "--refund-method", "cheque")):
        r = cli("order", *args, user="acc" if args[0] != "cancel" else "clerk")
        assert r.exit_code == 2 and "'cheque' is not a payment method; choose bank, card or cash." in r.stderr, (args, r.stderr)
        assert "--yes" not in r.stderr, (args, r.stderr)
