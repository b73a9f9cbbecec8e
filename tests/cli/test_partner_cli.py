"""``boclerk customer ...`` and ``boclerk supplier ...`` by hand."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.services.trade_helpers import changed_tables, snapshot


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def test_customer_add_edit_list_show(cli):
    r = ok(cli("customer", "add", "ANNA", "Anna Petrova", "--email", "Anna@Example.com", "--phone",
               "+7 (912) 345-67-89", "--address", "Moscow", "--notes", "VIP", user="clerk"))
    assert r.stderr.strip() == "Added customer ANNA." and r.stdout == ""
    ok(cli("customer", "add", "BORIS", "Boris Ivanov", "--phone", "8 800 555 35 35", user="clerk"))
    shown = json.loads(ok(cli("customer", "show", "anna", "--json", user="viewer")).stdout)
    assert shown == {"code": "ANNA", "name": "Anna Petrova", "email": "anna@example.com",
                     "phone": "+7 (912) 345-67-89", "address": "Moscow", "notes": "VIP", "active": True, "version": 1,
                     "country": "RU", "tax_id": "", "kind": "person", "kpp": ""}
    text = ok(cli("customer", "show", "ANNA")).stdout
    assert "anna@example.com" in text and "Anna Petrova" in text
    r = ok(cli("customer", "edit", "ANNA", "--phone", "+7 999 000 11 22", "--if-version", "1", user="clerk"))
    assert r.stderr.strip() == "Changed customer ANNA."
    r = cli("customer", "edit", "ANNA", "--name", "Anna P.", "--if-version", "1", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (
        1, "The customer ANNA was changed by someone else meanwhile; reload and try again.")
    rows = json.loads(ok(cli("customer", "list", "--json", user="viewer")).stdout)
    assert [(c["code"], c["phone"], c["version"]) for c in rows] == [("ANNA", "+7 999 000 11 22", 2),
                                                                     ("BORIS", "8 800 555 35 35", 1)]

    def search(term: str) -> list[str]:
        return [c["code"] for c in json.loads(ok(cli("customer", "list", "--search", term, "--json")).stdout)]

    assert search("petrov") == ["ANNA"]
    assert search("ANNA@EXAMPLE.COM") == ["ANNA"]
    assert search("000-11-22") == ["ANNA"]
    assert search("555 35 35") == ["BORIS"]
    assert search("nobody") == []
    assert [c["code"] for c in json.loads(ok(cli("customer", "list", "--after", "ANNA", "--json")).stdout)] == ["BORIS"]
    assert [c["code"] for c in json.loads(ok(cli("customer", "list", "--limit", "1", "--json")).stdout)] == ["ANNA"]
    table = list(csv.reader(io.StringIO(ok(cli("customer", "list", "--csv")).stdout)))
    assert table[0] == ["code", "name", "email", "phone", "address", "notes", "active", "version", "country", "tax_id",
                        "kind", "kpp"]
    assert table[2][:4] == ["BORIS", "Boris Ivanov", "", "8 800 555 35 35"]
    assert "Anna Petrova" in ok(cli("customer", "list")).stdout


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cli):
    ok(cli("customer", "add", "EVIL", "=1+1", "--phone", "+7 912 345 67 89"))
    table = list(csv.reader(io.StringIO(ok(cli("customer", "list", "--csv")).stdout)))
    assert table[1][1] == "'=1+1" and table[1][3] == "'+7 912 345 67 89"


def test_customer_refusals_and_exit_codes(cli, db):
    ok(cli("customer", "add", "ANNA", "Anna"))
    before = snapshot(db)
    for args, user, code, message in [
        (("add", "anna", "Another Anna"), "clerk", 1, "The customer anna already exists."),
        (("add", "NEW ONE", "Spaces"), "clerk", 2, "'NEW ONE' is not a customer code (letters, digits, . _ -, up to 32)."),
        (("add", "NEW", "New", "--email", "not-an-email"), "clerk", 2, "'not-an-email' is not an email address."),
        (("add", "NEW", " "), "clerk", 2, "A name is required."),
        (("edit", "ANNA"), "clerk", 2, "Nothing to change."),
        (("edit", "NOBODY", "--name", "X"), "clerk", 4, "There is no customer NOBODY."),
        (("show", "NOBODY"), "viewer", 4, "There is no customer NOBODY."),
        (("show", " "), "viewer", 2, "Say which customer: give their code."),
        (("add", "NEW", "New"), "wh", 3, "wh (warehouse) may not manage customers."),
        (("add", "NEW", "New"), "acc", 3, "acc (accountant) may not manage customers."),
        (("edit", "ANNA", "--name", "X"), "viewer", 3, "viewer (viewer) may not manage customers."),
    ]:
        r = cli("customer", *args, user=user)
        assert (r.exit_code, r.stderr.strip()) == (code, message), args
    assert changed_tables(before, snapshot(db)) == []


def test_supplier_add_edit_list_show(cli, db):
    r = ok(cli("supplier", "add", "ACME", "Acme Supplies", "--tax-id", "7707083893", "--contact", "Ivan",
               "--terms", "45", "--email", "sales@acme.example", user="acc"))
    assert r.stderr.strip() == "Added supplier ACME."
    ok(cli("supplier", "add", "GLOBEX", "Globex", "--tax-id", "500100732259", user="clerk"))
    shown = json.loads(ok(cli("supplier", "show", "acme", "--json", user="viewer")).stdout)
    assert (shown["code"], shown["tax_id"], shown["contact"], shown["payment_terms_days"], shown["email"]) == (
        "ACME", "7707083893", "Ivan", 45, "sales@acme.example")
    assert json.loads(ok(cli("supplier", "show", "GLOBEX", "--json")).stdout)["payment_terms_days"] == 30
    before = snapshot(db)
    for args, user, code, message in [
        (("add", "INITECH", "Initech", "--tax-id", "7707083893"), "clerk", 1,
         "The tax id 7707083893 already belongs to the supplier ACME."),
        (("add", "INITECH", "Initech", "--tax-id", "12345"), "clerk", 2, "'12345' is not an INN: a Russian INN has 10 digits (a company) or 12 (a person)."),
        (("add", "acme", "Again"), "clerk", 1, "The supplier acme already exists."),
        (("edit", "GLOBEX", "--tax-id", "7707083893"), "acc", 1,
         "The tax id 7707083893 already belongs to the supplier ACME."),
        (("edit", "NOPE", "--terms", "5"), "acc", 4, "There is no supplier NOPE."),
        (("add", "INITECH", "Initech"), "wh", 3, "wh (warehouse) may not manage suppliers."),
        (("edit", "ACME", "--terms", "5"), "viewer", 3, "viewer (viewer) may not manage suppliers."),
    ]:
        r = cli("supplier", *args, user=user)
        assert (r.exit_code, r.stderr.strip()) == (code, message), args
    r = cli("supplier", "add", "INITECH", "Initech", "--terms", "400")
    assert r.exit_code == 2  # typer's own range check
    assert changed_tables(before, snapshot(db)) == []
    ok(cli("supplier", "edit", "ACME", "--terms", "14", "--if-version", "1", user="acc"))
    r = cli("supplier", "edit", "ACME", "--terms", "7", "--if-version", "1", user="acc")
    assert (r.exit_code, r.stderr.strip()) == (
        1, "The supplier ACME was changed by someone else meanwhile; reload and try again.")
    rows = json.loads(ok(cli("supplier", "list", "--json")).stdout)
    assert [(s["code"], s["payment_terms_days"], s["version"]) for s in rows] == [("ACME", 14, 2), ("GLOBEX", 30, 1)]
    assert [s["code"] for s in json.loads(ok(cli("supplier", "list", "--search", "500100732259", "--json")).stdout)] \
        == ["GLOBEX"]
    text = ok(cli("supplier", "list")).stdout
    assert "14 d" in text and "Globex" in text


@pytest.mark.parametrize("group", ["customer", "supplier"])
def test_empty_lists(cli, group):
    r = ok(cli(group, "list", "--json"))
    assert json.loads(r.stdout) == []
    r = ok(cli(group, "list"))
    assert r.stdout == "" and "none" in r.stderr


def test_customer_kind_and_kpp_by_hand(cli, db):
    r = ok(cli("customer", "add", "ROMASHKA", "ООО Ромашка", "--tax-id", "7707083893", "--kpp", "770701001",
               "--address", "Москва, ул. Ленина, 1", user="clerk"))
    assert r.stderr.strip() == "Added customer ROMASHKA."
    shown = json.loads(ok(cli("customer", "show", "ROMASHKA", "--json")).stdout)
    assert (shown["kind"], shown["kpp"], shown["tax_id"]) == ("organisation", "770701001", "7707083893")
    before = snapshot(db)
    r = cli("customer", "add", "ANNA", "Anna", "--kpp", "770701001", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (2, "Only an organisation has a KPP; this customer is a person.")
    r = cli("customer", "edit", "ROMASHKA", "--kind", "sole_trader", user="clerk")
    assert r.exit_code == 2 and "is an organisation's INN (10 digits); a sole trader has 12." in r.stderr
    r = cli("customer", "edit", "ROMASHKA", "--kind", "shop", user="clerk")
    assert r.exit_code == 2 and "not a kind of customer; choose person, organisation or sole_trader." in r.stderr
    assert changed_tables(before, snapshot(db)) == []
    ok(cli("customer", "edit", "ROMASHKA", "--kind", "sole_trader", "--tax-id", "500100732259", user="clerk"))
    shown = json.loads(ok(cli("customer", "show", "ROMASHKA", "--json")).stdout)
    assert (shown["kind"], shown["kpp"]) == ("sole_trader", "")


@pytest.mark.parametrize("group, add", [("customer", ("ANNA", "Anna Petrova")),
                                         ("supplier", ("ANNA", "Anna Supplies"))])
def test_archive_and_restore_a_partner(cli, db, group, add):
    ok(cli(group, "add", *add))
    r = ok(cli(group, "archive", "anna", user="clerk"))
    assert r.stderr.strip() == "Archived ANNA."
    assert json.loads(ok(cli(group, "show", "ANNA", "--json")).stdout)["active"] is False
    assert json.loads(ok(cli(group, "list", "--json")).stdout) == []  # the lists leave them out
    assert [r["code"] for r in json.loads(ok(cli(group, "list", "--archived", "--json")).stdout)] == ["ANNA"]
    assert f"{add[1]} (archived)" in ok(cli(group, "list", "--archived")).stdout
    [found] = json.loads(ok(cli("find", "ANNA", "--kind", group, "--json")).stdout)
    assert found["detail"].endswith(" (archived)"), found  # found, and said to be archived
    before = snapshot(db)
    for args, user, code, message in [
        (("archive", "ANNA"), "clerk", 1, "Cannot archive ANNA: it is already archived. Possible when the "
                                          f"{group} is active."),
        (("restore", "ANNA"), "wh", 3, f"wh (warehouse) may not manage {group}s."),
        (("restore", "NOBODY"), "clerk", 4, f"There is no {group} NOBODY."),
    ]:
        r = cli(group, *args, user=user)
        assert (r.exit_code, r.stderr.strip()) == (code, message), args
    assert changed_tables(before, snapshot(db)) == []
    assert ok(cli(group, "restore", "ANNA", user="clerk")).stderr.strip() == "Restored ANNA."
    shown = json.loads(ok(cli(group, "show", "ANNA", "--json")).stdout)
    assert (shown["active"], shown["version"]) == (True, 3)
    assert [r["code"] for r in json.loads(ok(cli(group, "list", "--json")).stdout)] == ["ANNA"]
    assert "archived" not in json.loads(ok(cli("find", "ANNA", "--kind", group, "--json")).stdout)[0]["detail"]
    r = cli(group, "restore", "ANNA", user="clerk")
    assert (r.exit_code, r.stderr.strip()) == (1, f"Cannot restore ANNA: it is active. Possible when the {group} is archived.")


def test_an_archived_customer_takes_no_order_until_restored(cli, db):
    ok(cli("customer", "add", "ANNA", "Anna"))
    ok(cli("product", "add", "MUG", "Mug", "--price", "100"))
    ok(cli("customer", "archive", "ANNA"))
    r = cli("order", "create", "--customer", "ANNA", "--line", "MUG:1")
    assert (r.exit_code, r.stderr.strip()) == (1, "The customer ANNA is archived. To restore them: "
                                                  "boclerk customer restore ANNA.")  # the command line's way
    ok(cli("customer", "restore", "ANNA"))
    ok(cli("order", "create", "--customer", "ANNA", "--line", "MUG:1"))


def test_an_archived_supplier_takes_no_purchase_order_and_the_command_says_how_to_restore_them(cli, db):
    ok(cli("supplier", "add", "ACME", "Acme"))
    ok(cli("product", "add", "MUG", "Mug", "--price", "100"))
    ok(cli("supplier", "archive", "acme"))
    r = cli("purchase", "create", "--supplier", "ACME", "--line", "MUG:1:50")
    assert (r.exit_code, r.stderr.strip()) == (1, "The supplier ACME is archived: order from another supplier. "
                                                  "To restore them: boclerk supplier restore ACME.")
