"""Contracts: from draft through the lawyer to signed, terminated or expired; documents, POs,
bills and orders under them, with spending against the limit; reminders of ends and notice dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boclerk.errors import InvalidInput, NotPermitted, Refused
from boclerk.services.office.contract_queries import contract_detail, list_contracts, reminders
from boclerk.services.office.contracts import (
    attach,
    contract_state,
    edit_contract,
    new_contract,
    sign,
    terminate,
    to_lawyer,
)
from boclerk.services.office.reminders import office_dashboard
from tests.services.office_helpers import DAY, bought, office
from tests.services.trade_helpers import act, audit_actions, confirmed, read, refused, refused_exactly, set_day


@pytest.fixture
def shop_db(db):
    office(db)
    return db


def state(db, number):
    return read(db, "viewer", contract_state, number)[1]


def test_a_supplier_contract_with_a_limit_shows_what_was_billed_under_it(shop_db):
    """Done when: a supplier contract with a limit shows what was billed under it."""
    db = shop_db
    number = act(db, "clerk", new_contract, "supplier:ACME", "Office supplies 2026", amount=50000000,
                 valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31), responsible="IVANOVA").number
    act(db, "clerk", to_lawyer, number)
    act(db, "clerk", sign, number, date(2026, 1, 10))
    first = bought(db, "CART", 2, dept="IT", ref="A-1")  # billed 9 000.00 + 22% VAT (the rate of 2026)
    second = bought(db, "TEA", 10, dept="SALES", ref="A-2")  # 3 000.00 + VAT, attached through its PO
    act(db, "clerk", attach, number, first)
    from tests.services.trade_helpers import sql_one

    po_of_second = sql_one(db, "SELECT o.number FROM supplier_bill b JOIN purchase_order o ON o.id = b.po_id "
                               "WHERE b.number = :n", n=second)
    act(db, "clerk", attach, number, po_of_second)
    d = read(db, "viewer", contract_detail, number)
    assert (d.amount, d.billed, d.left) == (50000000, 1098000 + 366000, 50000000 - 1464000)
    assert [(ln.kind, ln.ref) for ln in d.links] == [("bill", first), ("po", po_of_second)]
    assert (d.party, d.responsible, d.state, d.signed_on) == ("Acme Supplies", "IVANOVA", "signed", date(2026, 1, 10))
    refused_exactly(db, "clerk", Refused, f"{first} is attached to {number} already.", attach, number, first)


def test_a_lease_renewing_itself_in_45_days_with_30_days_notice_is_on_the_reminders_now(shop_db):
    """Done when: a lease renewing itself in 45 days with a 30-day notice period is on the reminders list now."""
    db = shop_db
    lease = act(db, "clerk", new_contract, "other:Business Centre Neva LLC", "Lease of office 305",
                valid_from=date(2025, 12, 25), valid_to=DAY + timedelta(days=45), auto_renew=True, notice_days=30,
                amount=18000000).number
    act(db, "clerk", sign, lease, date(2025, 12, 20))
    isp = act(db, "clerk", new_contract, "other:Fast Net", "Internet", valid_to=DAY + timedelta(days=90),
              auto_renew=True, notice_days=30).number
    act(db, "clerk", sign, isp)
    [r] = read(db, "viewer", reminders, 30)
    assert (r.number, r.what, r.day, r.days_left, r.term_end) == (lease, "notice", DAY + timedelta(days=15), 15,
                                                                  DAY + timedelta(days=45))
    assert read(db, "viewer", office_dashboard).notes[0].text == (
        f"Notice by 25.11.2026 or it renews on 25.12.2026: Lease of office 305, Business Centre Neva LLC ({lease})")
    assert read(db, "viewer", reminders, 10) == []
    # past its notice date it renews: on the list as renewing; past its end, the next term counts
    set_day(db, DAY + timedelta(days=20))
    [r] = read(db, "viewer", reminders, 30)
    assert (r.what, r.day) == ("renews", DAY + timedelta(days=45))
    set_day(db, DAY + timedelta(days=50))
    assert state(db, lease) == "signed"
    assert read(db, "viewer", contract_detail, lease).term_end == date(2027, 12, 25)


def test_a_contract_that_does_not_renew_expires_and_a_terminated_one_leaves_the_reminders(shop_db):
    db = shop_db
    number = act(db, "clerk", new_contract, "customer:ANNA", "Corporate gifts", valid_to=DAY + timedelta(days=5),
                 amount=1000000).number
    act(db, "clerk", sign, number)
    [r] = read(db, "viewer", reminders, 30)
    assert (r.what, r.day) == ("ends", DAY + timedelta(days=5))
    order = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "clerk", attach, number, order)
    assert read(db, "viewer", contract_detail, number).ordered == 120000
    refused(db, "clerk", Refused, "another customer's order", attach, number, confirmed(db, "BORIS", ("MUG", 1)))
    set_day(db, DAY + timedelta(days=6))
    assert state(db, number) == "expired"
    refused_exactly(db, "clerk", Refused, f"Cannot terminate {number}: it is already expired. Possible when the "
                    "contract is signed.", terminate, number)
    assert [c.number for c in read(db, "viewer", list_contracts, state="expired")] == [number]
    lease = act(db, "clerk", new_contract, "other:Landlord", "Lease", valid_to=DAY + timedelta(days=20),
                auto_renew=True, notice_days=10).number
    act(db, "clerk", sign, lease)
    act(db, "clerk", terminate, lease, reason="moving out")
    assert read(db, "viewer", reminders, 60) == []
    assert audit_actions(db, "contract", lease) == ["contract.add", "contract.sign", "contract.terminate"]


def test_the_life_of_a_contract_is_guarded_by_the_rule_book(shop_db):
    db = shop_db
    number = act(db, "clerk", new_contract, "supplier:GLOBEX", "Cleaning").number
    act(db, "clerk", edit_contract, number, notice_days=14, subject="Cleaning services")
    act(db, "clerk", to_lawyer, number)
    refused_exactly(db, "clerk", Refused, f"Cannot send to the lawyer {number}: it is already with the lawyer. "
                    "Possible when the contract is a draft.", to_lawyer, number)
    act(db, "clerk", sign, number)
    refused_exactly(db, "clerk", Refused, f"Cannot edit {number}: it is already signed. Possible when the contract is "
                    "a draft or with the lawyer. Attach an annex instead.", edit_contract, number, notes="x")
    refused(db, "clerk", InvalidInput, "An annex is a document", attach, number, "PO-2026-000001", annex=True)
    refused(db, "clerk", InvalidInput, "is not a document, purchase order", attach, number, "XYZ-1")
    refused(db, "wh", NotPermitted, "may not manage contracts", terminate, number)
    refused(db, "viewer", NotPermitted, "may not manage contracts", new_contract, "other:X", "Y")


def test_bad_contracts_are_refused(shop_db):
    db = shop_db
    refused(db, "clerk", InvalidInput, "does not name a counterparty", new_contract, "landlord", "Lease")
    refused(db, "clerk", InvalidInput, "ends .* before it starts", new_contract, "other:X", "Lease",
            valid_from=DAY, valid_to=DAY - timedelta(days=1))
    refused(db, "clerk", InvalidInput, "needs the end of its first term", new_contract, "other:X", "Lease",
            auto_renew=True)
    refused(db, "clerk", InvalidInput, "subject", new_contract, "other:X", " ")
    refused(db, "clerk", Exception, "no supplier NOPE", new_contract, "supplier:NOPE", "X")
