"""A line or a record named with an irreversible act is checked before the act asks: a SKU that is
not on the order or the purchase order, an equipment write-off without a reason or with a document
that is not there, a service the item cannot take. A person is at the terminal, ready to answer
yes: the question is never put, the command exits 2 with the act's one sentence, nothing changes."""

from __future__ import annotations

import pytest

from tests.cli.test_order_cli import create, ok, shop_cli  # noqa: F401  (a fixture)
from tests.services.trade_helpers import changed_tables, snapshot

YES = "y\n"  # a clerk who would say yes to any question


def refused_unasked(cli, db, args, user: str, sentence: str, code: int = 2):
    before = snapshot(db)
    r = cli(*args, user=user, input=YES)
    assert (r.exit_code, r.stderr.strip()) == (code, sentence), (r.exit_code, r.stdout, r.stderr)
    assert "?" not in r.stderr and "[y/N]" not in r.output and r.stdout == ""  # no question was put
    assert changed_tables(before, snapshot(db)) == []


def test_a_sku_not_on_the_order_is_refused_before_shipping_or_returning_asks(shop_cli, db):  # noqa: F811
    cli = shop_cli
    number = create(cli, "--customer", "ANNA", "--line", "MUG:2")
    ok(cli("order", "confirm", number))
    refused_unasked(cli, db, ("order", "ship", number, "--line", "LAMP:1"), "wh", f"{number} has no line for LAMP.")
    refused_unasked(cli, db, ("order", "ship", number, "--line", "NOPE:1"), "wh", f"{number} has no line for NOPE.")
    # too many of a line the order has is the act's rule, still said before the question
    refused_unasked(cli, db, ("order", "ship", number, "--line", "MUG:3"), "wh",
                    f"{number}: only 2 of MUG left to ship, not 3.", code=1)
    r = ok(cli("order", "ship", number, "--line", "MUG:1", user="wh", input=YES))
    assert f"Ship {number}?" in r.stderr  # good lines ask, and go ahead on yes
    refused_unasked(cli, db, ("order", "return", number, "--line", "LAMP:1"), "clerk",
                    f"{number} has no line for LAMP.")
    refused_unasked(cli, db, ("order", "return", number, "--line", "MUG:2"), "clerk",
                    f"{number}: only 1 of MUG left to return, not 2.", code=1)
    r = ok(cli("order", "return", number, "--line", "MUG:1", user="clerk", input=YES))
    assert "?" in r.stderr


def test_a_sku_not_on_the_purchase_order_is_refused_before_receiving_asks(shop_cli, db):  # noqa: F811
    cli = shop_cli
    ok(cli("supplier", "add", "ACME", "Acme Supplies", user="clerk"))
    po = ok(cli("purchase", "create", "--supplier", "ACME", "--line", "MUG:10", user="clerk")).stdout.strip()
    ok(cli("purchase", "send", po, user="clerk"))
    refused_unasked(cli, db, ("purchase", "receive", po, "--line", "LAMP:1"), "wh",
                    f"{po} has no line for LAMP; its lines are MUG.")
    r = ok(cli("purchase", "receive", po, "--line", "MUG:4", user="wh", input=YES))
    assert "?" in r.stderr


@pytest.fixture
def item(cli):
    return ok(cli("office", "equipment", "add", "Coffee machine", "--dept", "SALES", "--cost", "25000",
                  user="clerk")).stdout.strip()


def test_an_equipment_write_off_s_reason_and_document_are_checked_before_it_asks(cli, db, item):
    refused_unasked(cli, db, ("office", "equipment", "write-off", item, "--reason", " "), "clerk",
                    "Say why the item is written off (a reason).")
    refused_unasked(cli, db, ("office", "equipment", "write-off", item, "--reason", "broken", "--document",
                              "DOC-2026-999999"), "clerk", "There is no document DOC-2026-999999.")
    refused_unasked(cli, db, ("office", "equipment", "write-off", item, "--reason", "broken", "--date", "01.01.2000"),
                    "clerk", f"{item} was acquired on {_acquired(cli, item)}, after 01.01.2000.")
    # the item itself stays "not found"
    r = cli("office", "equipment", "write-off", "EQ-2026-999999", "--reason", "broken", user="clerk", input=YES)
    assert r.exit_code == 4 and "?" not in r.stderr, r.stderr
    r = ok(cli("office", "equipment", "write-off", item, "--reason", "broken", user="clerk", input=YES))
    assert "?" in r.stderr


def test_a_service_s_values_are_checked_before_it_asks(cli, db, item):
    def service(*args):
        return ("office", "equipment", "service", item, *args)

    refused_unasked(cli, db, service(" "), "clerk", "Say what was done (\"Descaled and cleaned\", \"New drum\").")
    refused_unasked(cli, db, service("Descaled", "--paid", "cheque"), "clerk",
                    "'cheque' is not a way to pay; choose bank or cash.")
    refused_unasked(cli, db, service("Descaled", "--plan", "99"), "clerk", f"{item} has no maintenance plan 99.")
    refused_unasked(cli, db, service("Descaled", "--date", "01.01.2000"), "clerk",
                    f"{item} was acquired on {_acquired(cli, item)}, after 01.01.2000.")
    ok(cli("ledger", "lock", _acquired_iso(cli, item), "--yes", user="admin"))
    refused_unasked(cli, db, service("Descaled", "--cost", "1000", "--date", _acquired(cli, item)), "clerk",
                    f"Cannot post on {_acquired(cli, item)}: the books are locked up to {_acquired(cli, item)}.", code=1)
    r = ok(cli("office", "equipment", "service", item, "Descaled", user="clerk", input=YES))
    assert "?" in r.stderr


def _acquired_iso(cli, item) -> str:
    import json

    return json.loads(ok(cli("show", "equipment", item, "--json", user="viewer")).stdout)["acquired_on"]


def _acquired(cli, item) -> str:
    from datetime import date

    return date.fromisoformat(_acquired_iso(cli, item)).strftime("%d.%m.%Y")
