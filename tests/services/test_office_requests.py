"""Supply requests: asked by anyone with a role, decided line by line with a reason, turned
into purchase orders (one per supplier, several requests on one PO), and received as expense
of the department that asked; budgets warn at approval; the requester sees each step."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.services.office.budgets import budget_report, set_budget
from boclerk.services.office.periods import parse_period
from boclerk.services.office.request_queries import list_requests, request_detail
from boclerk.services.office.requests import ask as ask_svc
from boclerk.services.office.requests import (
    approve,
    cancel_request,
    order_requests,
    reject,
    request_state,
)
from boclerk.services.purchasing.orders import cancel_po, receive_po, send_po
from boclerk.services.purchasing.queries import po_detail
from boclerk.services.ledger.reports import profit_and_loss
from tests.services.office_helpers import DAY, ask, office
from tests.services.trade_helpers import (
    GRNI,
    add_product,
    OFFICE,
    act,
    assert_sound,
    audit_actions,
    entries_of,
    entry_lines,
    read,
    refused,
    refused_exactly,
)


@pytest.fixture
def shop_db(db):
    office(db)
    return db


def state(db, number: str) -> str:
    return read(db, "viewer", request_state, number)[1]


def test_tea_and_paper_with_another_departments_cartridges_on_one_po_land_on_the_right_departments(shop_db):
    """Done when: a department's request for tea and paper, approved and bought with another
    department's cartridges on one PO, lands as expense on the right departments at receipt."""
    db = shop_db
    sales = ask(db, "clerk", ("TEA", 2), ("PAPER", 5), wanted_by=DAY + timedelta(days=7))  # clerk is IVANOVA (SALES)
    it = ask(db, "viewer", ("CART", 1))  # the viewer asks too: SIDOROV of IT
    assert [state(db, n) for n in (sales, it)] == ["open", "open"]
    act(db, "clerk", approve, sales)
    act(db, "clerk", approve, it)
    assert [state(db, n) for n in (sales, it)] == ["approved", "approved"]

    result = act(db, "clerk", order_requests)
    assert len(result.pos) == 1 and result.left == []
    [made] = result.pos
    assert (made.supplier, made.requests, made.total) == ("ACME", [sales, it], 2 * 30000 + 5 * 25000 + 450000)
    detail = read(db, "clerk", po_detail, made.po)
    assert [(ln.sku, ln.qty, ln.department) for ln in detail.lines] == [
        ("TEA", 2, "SALES"), ("PAPER", 5, "SALES"), ("CART", 1, "IT")]
    assert [state(db, n) for n in (sales, it)] == ["ordered", "ordered"]

    act(db, "clerk", send_po, made.po)
    act(db, "wh", receive_po, made.po, [("TEA", 2)])
    assert [state(db, n) for n in (sales, it)] == ["partially_received", "ordered"]
    act(db, "wh", receive_po, made.po)
    assert [state(db, n) for n in (sales, it)] == ["received", "received"]
    first, second = entries_of(db, made.po)
    assert entry_lines(db, first) == [(OFFICE, "SALES", 60000), (GRNI, None, -60000)]
    assert entry_lines(db, second) == [(OFFICE, "SALES", 125000), (GRNI, None, -125000),
                                       (OFFICE, "IT", 450000), (GRNI, None, -450000)]
    pnl = read(db, "acc", profit_and_loss, DAY, DAY, by_department=True)
    assert pnl.departments["SALES"].expense == 185000 and pnl.departments["IT"].expense == 450000
    assert_sound(db)


def test_the_requester_sees_each_step_and_why(shop_db):
    db = shop_db
    number = ask(db, "clerk", ("TEA", 2), ("CART", 3), note="for the visitors")
    act(db, "clerk", reject, number, "three are too many; take one", [2])
    assert state(db, number) == "open"
    act(db, "clerk", approve, number, [1])
    mine = read(db, "clerk", list_requests, mine=True)
    assert [(r.number, r.state, r.department, r.asked_by) for r in mine] == [(number, "approved", "SALES",
                                                                              "Maria Ivanova")]
    assert read(db, "viewer", list_requests, mine=True) == []
    d = read(db, "clerk", request_detail, number)
    assert [(ln.sku, ln.status, ln.reason, ln.po) for ln in d.lines] == [
        ("TEA", "approved", "", None), ("CART", "rejected", "three are too many; take one", None)]
    assert d.note == "for the visitors"
    po_number = act(db, "clerk", order_requests, [number]).pos[0].po
    d = read(db, "clerk", request_detail, number)
    assert d.lines[0].po == po_number and d.state == "ordered"
    assert [h.action for h in d.history] == ["request.ask", "request.reject", "request.approve", "request.order"]


def test_several_suppliers_give_several_pos_and_a_product_without_one_waits(shop_db):
    db = shop_db
    a = ask(db, "clerk", ("TEA", 1), ("SOAP", 4), ("PEN", 10))
    b = ask(db, "wh", ("SOAP", 2))  # SMIRNOV of WH
    act(db, "clerk", approve, a)
    act(db, "clerk", approve, b)
    result = act(db, "clerk", order_requests)
    assert [(o.supplier, o.requests) for o in result.pos] == [("ACME", [a]), ("GLOBEX", [a, b])]
    assert result.left == [f"{a} line 3: PEN has no preferred supplier; name the supplier to order it from"]
    assert state(db, a) == "approved"  # PEN still waits
    more = act(db, "clerk", order_requests, [a], supplier="GLOBEX")
    assert [(o.supplier, o.requests) for o in more.pos] == [("GLOBEX", [a])]
    assert state(db, a) == "ordered"
    refused(db, "clerk", Refused, "No approved request waits to be ordered", order_requests)


def test_a_cancelled_po_puts_its_lines_back_to_be_ordered(shop_db):
    db = shop_db
    number = ask(db, "clerk", ("TEA", 1))
    act(db, "clerk", approve, number)
    po_number = act(db, "clerk", order_requests).pos[0].po
    act(db, "clerk", cancel_po, po_number)
    assert state(db, number) == "approved"
    again = act(db, "clerk", order_requests).pos[0].po
    assert again != po_number and state(db, number) == "ordered"


def test_the_rule_book_guards_each_step(shop_db):
    db = shop_db
    number = ask(db, "clerk", ("TEA", 1))
    refused_exactly(db, "clerk", Refused, f"Cannot order {number}: it is waiting for a decision. Possible when "
                    "the supply request is approved. Approve or reject its lines first.", order_requests, [number])
    act(db, "clerk", approve, number)
    refused_exactly(db, "clerk", Refused, f"Cannot approve {number}: it is already approved. Possible when the "
                    "supply request is waiting for a decision.", approve, number)
    act(db, "clerk", order_requests)
    refused(db, "clerk", Refused, "it is already ordered", cancel_request, number)
    other = ask(db, "clerk", ("TEA", 1), ("PAPER", 1))
    act(db, "clerk", approve, other, [1])
    refused_exactly(db, "clerk", Refused, f"Line 1 of {other} (TEA) is already approved.", approve, other, [1])
    refused(db, "clerk", InvalidInput, f"{other} has no line 7", reject, other, "no", [7])
    refused(db, "clerk", InvalidInput, "Say why", reject, other, "  ")


def test_who_may_ask_decide_order_and_cancel(shop_db):
    db = shop_db
    for user in ("admin", "acc", "clerk", "wh", "viewer"):
        ask(db, user, ("TEA", 1), department="MGMT")
    number = ask(db, "viewer", ("TEA", 1))
    for user in ("acc", "wh", "viewer"):
        refused(db, user, NotPermitted, "may not approve supply requests", approve, number)
        refused(db, user, NotPermitted, "may not approve supply requests", reject, number, "no")
    refused(db, "wh", NotPermitted, "may cancel only their own requests", cancel_request, number)
    act(db, "viewer", cancel_request, number)  # their own
    assert state(db, number) == "cancelled"
    other = ask(db, "wh", ("TEA", 1))
    act(db, "clerk", approve, other)
    for user in ("acc", "wh", "viewer"):
        refused(db, user, NotPermitted, "may not manage purchase orders", order_requests, [other])
    act(db, "clerk", cancel_request, other)  # the office manager may cancel anyone's
    assert audit_actions(db, "request", other) == ["request.ask", "request.approve", "request.cancel"]


def test_bad_requests_are_refused_and_change_nothing(shop_db):
    db = shop_db
    from boclerk.services.office.requests import ask as svc

    refused(db, "clerk", Refused, "MUG is not in the consumables catalogue", svc, [("MUG", 1)])
    refused(db, "clerk", InvalidInput, "the quantity must be positive", svc, [("TEA", 0)])
    refused(db, "clerk", InvalidInput, "Line 1 \\(TEA\\): '1.5' is not a whole number", svc, [("TEA", "1,5")])
    refused(db, "clerk", InvalidInput, "at least one line", svc, [])
    refused(db, "acc", InvalidInput, "Say which department", svc, [("TEA", 1)])  # acc is on no staff list
    refused(db, "clerk", NotFound, "no department NOPE", svc, [("TEA", 1)], department="NOPE")
    refused(db, "clerk", InvalidInput, "has passed", svc, [("TEA", 1)], wanted_by=DAY - timedelta(days=1))
    refused(db, "clerk", NotFound, "no supply request REQ-2026-999999", approve, "REQ-2026-999999")


def test_budget_warns_at_approval_and_the_report_shows_spending_against_it(shop_db):
    db = shop_db
    month = parse_period("2026-11")
    act(db, "acc", set_budget, "SALES", "Kitchen", 100000, month)
    first = ask(db, "clerk", ("TEA", 2))
    assert act(db, "clerk", approve, first).warnings == []  # 600.00 of 1 000.00
    second = ask(db, "clerk", ("TEA", 2), ("PAPER", 1))
    warned = act(db, "clerk", approve, second)
    assert warned.warnings == ["Over budget: SALES's Kitchen budget for November 2026 is 1000.00; approved 1200.00 "
                               "with these lines (200.00 over)."]
    assert state(db, second) == "approved"  # a warning, not a refusal
    po_number = act(db, "clerk", order_requests).pos[0].po
    act(db, "clerk", send_po, po_number)
    act(db, "wh", receive_po, po_number, [("TEA", 3)])
    rows = read(db, "viewer", budget_report, month, month)
    assert [(r.month, r.department, r.category, r.budget, r.approved, r.received, r.left, r.over) for r in rows] == [
        ("2026-11", "SALES", "Kitchen", 100000, 120000, 90000, -20000, True),
        ("2026-11", "SALES", "Stationery", None, 25000, 0, None, False),
    ]
    refused(db, "clerk", NotPermitted, "may not set department budgets", set_budget, "SALES", "Kitchen", 1, month)
    refused(db, "acc", InvalidInput, "Name the category", set_budget, "SALES", " ", 1, month)


def test_requests_are_listed_by_state_and_paged_by_key(shop_db):
    db = shop_db
    numbers = [ask(db, "clerk", ("TEA", 1)) for _ in range(5)]
    act(db, "clerk", approve, numbers[1])
    act(db, "clerk", reject, numbers[2], "no")
    waiting = read(db, "clerk", list_requests, state="waiting")
    assert [r.number for r in waiting] == [numbers[4], numbers[3], numbers[0]]
    assert [r.number for r in read(db, "clerk", list_requests, state="to_order")] == [numbers[1]]
    assert [r.number for r in read(db, "clerk", list_requests, state="rejected")] == [numbers[2]]
    page = read(db, "clerk", list_requests, limit=2)
    nxt = read(db, "clerk", list_requests, limit=2, before_id=page[-1].id)
    back = read(db, "clerk", list_requests, limit=2, after_id=nxt[0].id)
    assert [r.number for r in page + nxt] == numbers[::-1][:4] and back == page
    assert [r.number for r in read(db, "clerk", list_requests, search=numbers[3])] == [numbers[3]]
    with pytest.raises(InvalidInput, match="not a state"):
        read(db, "clerk", list_requests, state="lost")


def test_coffee_asked_for_by_the_kilogram_keeps_its_grams_to_the_purchase_order(shop_db):
    """A request line is a quantity like any other: 2,5 kg typed is 2.500 kg asked, valued and ordered."""
    db = shop_db
    add_product(db, "BEANS", kind="consumable", cost=120000, unit="kg", category="Kitchen", preferred_supplier="ACME")
    number = ask(db, "clerk", ("BEANS", "2,5"))
    d = read(db, "viewer", request_detail, number)
    assert [(ln.sku, ln.qty, ln.unit, ln.value) for ln in d.lines] == [("BEANS", Decimal("2.500"), "kg", 300000)]
    refused(db, "clerk", InvalidInput, r"Line 1 \(BEANS\): '0.0005' has more than 3 decimals", ask_svc,
            [("BEANS", "0,0005")])
    act(db, "clerk", approve, number)
    po = act(db, "clerk", order_requests, [number]).pos[0].po
    assert [(ln.sku, ln.qty) for ln in read(db, "viewer", po_detail, po).lines] == [("BEANS", Decimal("2.500"))]
    assert read(db, "viewer", request_detail, number).lines[0].received == Decimal("0.000")
