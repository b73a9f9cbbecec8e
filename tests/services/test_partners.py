"""Customers and suppliers: add, edit, list, search, duplicate codes, tax ids, optimistic locking."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boclerk.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    NotPermitted,
    Refused,
)
from boclerk.services.catalog.partners import (
    add_customer,
    add_supplier,
    edit_customer,
    edit_supplier,
    get_customer,
    get_supplier,
    list_customers,
    list_suppliers,
)
from boclerk.services.platform import audit
from tests.services.trade_helpers import (
    act,
    assert_sound,
    read,
    refused,
    refused_exactly,
    sql,
)


@pytest.fixture
def people(db):
    act(db, "clerk", add_customer, "ANNA", "Anna Petrova", email=" Anna@Example.COM ", phone="+7 (912) 345-67-89",
        address="Moscow, Tverskaya 1", notes="VIP")
    act(db, "clerk", add_customer, "BORIS", "Boris Ivanov", email="boris@example.com", phone="8 800 555 35 35")
    act(db, "clerk", add_customer, "CAROL", "Carol Annabel", phone="12-34")
    act(db, "acc", add_supplier, "ACME", "Acme Supplies", tax_id="7707083893", contact="Ivan", payment_terms_days=45)
    act(db, "clerk", add_supplier, "GLOBEX", "Globex Corp", tax_id="500100732259")
    return db


# -- customers ------------------------------------------------------------------------------------


def test_add_customer_normalises_and_audits(people):
    db = people
    row = read(db, "viewer", get_customer, "anna")  # the code is found whatever its case
    assert (row.code, row.name, row.email, row.phone, row.address, row.notes, row.active, row.version) == (
        "ANNA", "Anna Petrova", "anna@example.com", "+7 (912) 345-67-89", "Moscow, Tverskaya 1", "VIP", True, 1)
    assert sql(db, "SELECT phone_digits FROM customer WHERE code = 'ANNA'")[0][0] == "79123456789"
    events = read(db, "admin", audit.list_events, entity="customer", entity_id="ANNA")
    assert [(e.action, e.actor) for e in events] == [("customer.add", "clerk")]
    assert events[0].after["email"] == "anna@example.com" and events[0].after["name"] == "Anna Petrova"


def test_customer_refusals_write_nothing(people):
    db = people
    refused_exactly(db, "clerk", Refused, "The customer anna already exists.", add_customer, "anna", "Other Anna")
    refused(db, "clerk", InvalidInput, "is not a customer code", add_customer, "A B", "Spaces")
    refused(db, "clerk", InvalidInput, "is not a customer code", add_customer, "X" * 33, "Too long")
    refused(db, "clerk", InvalidInput, "is not an email address", add_customer, "DORA", "Dora", email="dora@nowhere")
    refused(db, "clerk", InvalidInput, "A name is required", add_customer, "DORA", "   ")
    refused(db, "clerk", InvalidInput, "Unknown field", add_customer, "DORA", "Dora", bik="044525225")
    refused(db, "clerk", InvalidInput, "is not a valid INN", add_customer, "DORA", "Dora", tax_id="7707083894")
    refused_exactly(db, "clerk", NotFound, "There is no customer NOBODY.", edit_customer, "NOBODY", name="X")
    refused(db, "clerk", InvalidInput, "Nothing to change", edit_customer, "ANNA")
    refused(db, "clerk", InvalidInput, "is not an email address", edit_customer, "ANNA", email="not-mail")
    with pytest.raises(NotFound, match="There is no customer NOBODY"):
        read(db, "viewer", get_customer, "NOBODY")


@pytest.mark.parametrize("who", ["acc", "wh", "viewer"])
def test_only_clerks_and_admins_manage_customers(people, who):
    db = people
    refused(db, who, NotPermitted, rf"{who} \(\w+\) may not manage customers", add_customer, "DORA", "Dora")
    refused(db, who, NotPermitted, "may not manage customers", edit_customer, "ANNA", name="Anna P.")
    assert [c.code for c in read(db, who, list_customers)] == ["ANNA", "BORIS", "CAROL"]


def test_edit_customer_records_before_and_after_and_bumps_the_version(people):
    db = people
    row = act(db, "clerk", edit_customer, "ANNA", phone="+7 999 000-11-22", notes="", expected_version=1)
    assert (row.phone, row.notes, row.version) == ("+7 999 000-11-22", "", 2)
    assert sql(db, "SELECT phone_digits FROM customer WHERE code = 'ANNA'")[0][0] == "79990001122"
    ev = read(db, "admin", audit.list_events, entity="customer", entity_id="ANNA")[0]
    assert ev.action == "customer.edit"
    assert ev.before == {"phone": "+7 (912) 345-67-89", "notes": "VIP"}
    assert ev.after == {"phone": "+7 999 000-11-22", "notes": ""}
    # the old phone no longer finds her, the new one does
    assert read(db, "clerk", list_customers, search="345-67-89") == []
    assert [c.code for c in read(db, "clerk", list_customers, search="999 000 11 22")] == ["ANNA"]


def test_optimistic_locking_of_customers(people):
    db = people
    # a form opened at version 1, saved after someone else changed the customer
    act(db, "admin", edit_customer, "BORIS", name="Boris I. Ivanov")
    refused_exactly(db, "clerk", ConcurrentChange,
                    "The customer BORIS was changed by someone else meanwhile; reload and try again.",
                    edit_customer, "BORIS", name="Boris Ivanovich", expected_version=1)
    assert read(db, "clerk", get_customer, "BORIS").name == "Boris I. Ivanov"
    # the row changes between reading and writing: the version column catches it at flush
    from boclerk.services.catalog.partners import customer

    with pytest.raises(ConcurrentChange, match="changed by someone else meanwhile"), db.write("clerk") as uow:
        loaded = customer(uow, "BORIS")  # the form's copy, at version 2
        assert loaded.version == 2
        uow.s.execute(text("UPDATE customer SET version = version + 1 WHERE code = 'BORIS'"))
        edit_customer(uow, "BORIS", name="Lost update")
    assert read(db, "clerk", get_customer, "BORIS").name == "Boris I. Ivanov"


def test_customer_search(people):
    db = people

    def codes(term: str) -> list[str]:
        return [c.code for c in read(db, "viewer", list_customers, search=term)]

    assert codes("anna") == ["ANNA", "CAROL"]            # part of the name, any case
    assert codes("PETROV") == ["ANNA"]
    assert codes("ANNA@example.com") == ["ANNA"]          # email: exact, ignoring case
    assert codes("example.com") == []                     # ... not a part of it
    assert codes("anna@example.co") == []
    assert codes("912 345 67 89") == ["ANNA"]             # phone: by its digits, however written
    assert codes("8 (912) 345-67-89") == []               # another number ending differently
    assert codes("+79123456789") == ["ANNA"]
    assert codes("555-35-35") == ["BORIS"]
    assert codes("1234") == []                            # fewer than five digits is not a phone search
    assert codes("boris") == ["BORIS"]
    assert codes("carol") == ["CAROL"]                    # the code itself


def test_customer_list_pages_by_code(people):
    db = people
    first = read(db, "viewer", list_customers, limit=2)
    assert [c.code for c in first] == ["ANNA", "BORIS"]
    rest = read(db, "viewer", list_customers, after_code=first[-1].code, limit=2)
    assert [c.code for c in rest] == ["CAROL"]
    assert read(db, "viewer", list_customers, after_code="CAROL") == []


# -- suppliers --------------------------------------------------------------------------------------


def test_add_supplier_and_refusals(people):
    db = people
    s = read(db, "viewer", get_supplier, "acme")
    assert (s.code, s.tax_id, s.contact, s.payment_terms_days, s.version) == ("ACME", "7707083893", "Ivan", 45, 1)
    assert read(db, "viewer", get_supplier, "GLOBEX").payment_terms_days == 30  # the default terms
    refused_exactly(db, "clerk", Refused, "The supplier Acme already exists.", add_supplier, "Acme", "Again")
    refused_exactly(db, "clerk", Refused, "The tax id 7707083893 already belongs to the supplier ACME.",
                    add_supplier, "INITECH", "Initech", tax_id="7707083893")
    for bad in ("770123456", "77070838938", "77O1234567", "1234567890123"):
        refused_exactly(db, "clerk", InvalidInput, f"'{bad}' is not an INN: a Russian INN has 10 digits (a company) "
                        "or 12 (a person).", add_supplier, "INITECH", "Initech", tax_id=bad)
    refused(db, "clerk", InvalidInput, "from 0 to 365", add_supplier, "INITECH", "Initech", payment_terms_days=366)
    refused(db, "clerk", InvalidInput, "from 0 to 365", add_supplier, "INITECH", "Initech", payment_terms_days=-1)
    refused(db, "clerk", InvalidInput, "is not a supplier code", add_supplier, "-X", "Dash first")
    refused_exactly(db, "clerk", NotFound, "There is no supplier NOPE.", edit_supplier, "NOPE", name="X")
    # a supplier without a tax id is fine, twice
    act(db, "clerk", add_supplier, "LOCAL1", "Corner shop")
    act(db, "clerk", add_supplier, "LOCAL2", "Other corner shop")
    assert {s.code for s in read(db, "viewer", list_suppliers)} == {"ACME", "GLOBEX", "LOCAL1", "LOCAL2"}


def test_edit_supplier_tax_id_uniqueness_and_locking(people):
    db = people
    refused_exactly(db, "acc", Refused, "The tax id 500100732259 already belongs to the supplier GLOBEX.",
                    edit_supplier, "ACME", tax_id="500100732259")
    row = act(db, "acc", edit_supplier, "ACME", tax_id="7707083893", payment_terms_days=14)  # its own tax id again
    assert (row.tax_id, row.payment_terms_days, row.version) == ("7707083893", 14, 2)
    refused_exactly(db, "clerk", ConcurrentChange,
                    "The supplier ACME was changed by someone else meanwhile; reload and try again.",
                    edit_supplier, "ACME", contact="Olga", expected_version=1)
    from boclerk.services.catalog.partners import supplier

    with (pytest.raises(ConcurrentChange, match="The supplier ACME was changed by someone else meanwhile"),
          db.write("acc") as uow):
        loaded = supplier(uow, "ACME")  # the form's copy, at version 2
        assert loaded.version == 2
        uow.s.execute(text("UPDATE supplier SET version = version + 1 WHERE code = 'ACME'"))
        edit_supplier(uow, "ACME", contact="Lost update")
    assert read(db, "acc", get_supplier, "ACME").contact == "Ivan"
    ev = read(db, "admin", audit.list_events, entity="supplier", entity_id="ACME")[0]
    assert (ev.action, ev.actor, ev.before, ev.after) == (
        "supplier.edit", "acc", {"payment_terms_days": 45, "tax_id": "7707083893"},
        {"payment_terms_days": 14, "tax_id": "7707083893"})


@pytest.mark.parametrize("who", ["wh", "viewer"])
def test_warehouse_and_viewers_may_not_manage_suppliers(people, who):
    db = people
    refused(db, who, NotPermitted, "may not manage suppliers", add_supplier, "INITECH", "Initech")
    refused(db, who, NotPermitted, "may not manage suppliers", edit_supplier, "ACME", name="Acme 2")
    assert len(read(db, who, list_suppliers)) == 2


def test_supplier_search(people):
    db = people

    def codes(term: str) -> list[str]:
        return [s.code for s in read(db, "viewer", list_suppliers, search=term)]

    assert codes("supp") == ["ACME"]
    assert codes("GLOBEX") == ["GLOBEX"]
    assert codes("500100732259") == ["GLOBEX"]   # tax id, exact
    assert codes("50010073") == []
    assert_sound(db)


# -- customers in law: person, organisation, sole trader --------------------------------------


def test_a_customer_kind_is_what_its_inn_says_unless_given(people):
    db = people
    act(db, "clerk", add_customer, "ROMASHKA", "ООО Ромашка", tax_id="7707083893", kpp="770701001")
    act(db, "clerk", add_customer, "IP", "Иванов Иван", tax_id="500100732259")
    act(db, "clerk", add_customer, "PERSON12", "Пётр Сидоров", tax_id="500100732259", kind="person")
    act(db, "clerk", add_customer, "GMBH", "Example GmbH", country="DE", tax_id="DE136695976", kind="organisation")
    kinds = {r.code: (r.kind, r.kpp) for r in read(db, "viewer", list_customers)}
    assert kinds == {"ANNA": ("person", ""), "BORIS": ("person", ""), "CAROL": ("person", ""),
                     "ROMASHKA": ("organisation", "770701001"), "IP": ("sole_trader", ""),
                     "PERSON12": ("person", ""), "GMBH": ("organisation", "")}
    assert read(db, "viewer", get_customer, "ROMASHKA").kpp == "770701001"


@pytest.mark.parametrize("values, message", [
    ({"tax_id": "500100732259", "kind": "organisation"}, "organisation's INN has 10 digits"),
    ({"tax_id": "7707083893", "kind": "sole_trader"}, "is an organisation's INN"),
    ({"tax_id": "7707083893", "kind": "person"}, "is an organisation's INN"),
    ({"kind": "sole_trader"}, "sole trader is known by an INN"),
    ({"kpp": "770701001"}, "Only an organisation has a KPP"),
    ({"tax_id": "500100732259", "kpp": "770701001"}, "Only an organisation has a KPP"),
    ({"tax_id": "7707083893", "kpp": "77070100"}, "is not a KPP"),
    ({"kind": "shop"}, "not a kind of customer"),
])
def test_a_customer_kind_that_does_not_fit_is_refused(people, values, message):
    db = people
    refused(db, "clerk", InvalidInput, message, add_customer, "X", "X", **values)


def test_changing_a_customer_kind_checks_it_against_what_it_has(people):
    db = people
    act(db, "clerk", add_customer, "ROMASHKA", "ООО Ромашка", tax_id="7707083893", kpp="770701001")
    with pytest.raises(InvalidInput, match="is an organisation's INN"):
        act(db, "clerk", edit_customer, "ROMASHKA", kind="sole_trader")
    with pytest.raises(InvalidInput, match="Only an organisation has a KPP"):
        act(db, "clerk", edit_customer, "ANNA", kpp="770701001")
    # a new INN of 12 digits and the kind with it: the KPP goes, since only organisations have one
    row = act(db, "clerk", edit_customer, "ROMASHKA", tax_id="500100732259", kind="sole_trader")
    assert (row.kind, row.kpp, row.tax_id) == ("sole_trader", "", "500100732259")
    edits = [e for e in read(db, "admin", audit.list_events, entity="customer", entity_id="ROMASHKA")
             if e.action == "customer.edit"]
    assert [(e.before["kpp"], e.after["kpp"]) for e in edits] == [("770701001", "")]
    row = act(db, "clerk", edit_customer, "ANNA", kind="org", tax_id="7707083893", kpp="770701001")
    assert (row.kind, row.kpp) == ("organisation", "770701001")
