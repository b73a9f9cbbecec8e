"""The rule book, the services and both faces agree, act by act and state by state.

A shop is built with a record of every kind in every state it can be in. Then, for every act
of the rule book that works on a record, and every state of that record:

- the service, run for real (and rolled back), refuses with the rule book's sentence exactly
  when the rule book says the state does not allow the act, and never otherwise;
- the check both faces run before a form or a question (``check_act``) says the same;
- the app offers the act (True) or dims it (None) as the rule book says;
- the command line, run on a copy of the shop, refuses with the same sentence and exit 1
  before it asks anything, or else ends as the service did.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from boclerk.db.database import Database
from boclerk.domain.acts import ACTS, RECORDS, StateRefused
from boclerk.errors import BoclerkError
from boclerk.settings import location_from
from tests.conftest import make_cli_runner
from tests.services.doc_samples import Pay, make_pdf, statement_1c, write
from tests.services.trade_helpers import act, confirmed, execute, order, set_day, shop, sql

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("rulebook")

DAY = date(2026, 3, 16)


class Rollback(Exception):
    """Thrown out of a unit of work to undo what an act did."""


# -- a shop with a record in every state -------------------------------------------------------


def _build(db, files) -> dict[str, dict[str, str]]:
    from boclerk.services.catalog.partners import add_customer, add_supplier
    from boclerk.services.catalog.products import add_product, add_warehouse, set_product_active
    from boclerk.services.documents.bank import confirm_line, ignore_line
    from boclerk.services.documents.intake import IntakeMeta, add_files
    from boclerk.services.documents.register import link, set_status
    from boclerk.services.ledger.book import Line, create_draft, post_draft, post_manual, reverse
    from boclerk.services.purchasing.bills import BillLineInput, enter_bill, pay_bill, reject_bill
    from boclerk.services.purchasing.corrections import reverse_bill
    from boclerk.services.purchasing.orders import POLineInput, cancel_po, create_po, receive_po, send_po
    from boclerk.services.sales.orders import cancel_order
    from boclerk.services.sales.shipping import deliver_order, ship_order
    from boclerk.services.stock.stocktake import cancel_count, open_count, post_count

    set_day(db, DAY)
    shop(db)
    r: dict[str, dict[str, str]] = {kind: {} for kind in RECORDS}
    act(db, "admin", add_warehouse, "B", "Second")
    act(db, "admin", add_warehouse, "C", "Third")
    act(db, "admin", add_product, "OLD", "Old mug", sale_price=100)
    act(db, "admin", set_product_active, "OLD", False)
    r["product"] = {"active": "MUG", "archived": "OLD"}
    act(db, "admin", add_customer, "GONE", "Gone customer")
    act(db, "admin", add_supplier, "GONE", "Gone supplier")
    execute(db, "UPDATE customer SET active = false WHERE code = 'GONE'")
    execute(db, "UPDATE supplier SET active = false WHERE code = 'GONE'")
    r["customer"] = {"active": "ANNA", "archived": "GONE"}
    r["supplier"] = {"active": "ACME", "archived": "GONE"}

    o = r["order"]
    o["draft"] = order(db, "ANNA", ("MUG", 1))
    o["confirmed"] = confirmed(db, "ANNA", ("MUG", 1))
    o["partially_shipped"] = confirmed(db, "BORIS", ("MUG", 2))
    act(db, "admin", ship_order, o["partially_shipped"], [("MUG", 1)])
    o["shipped"] = confirmed(db, "BORIS", ("LAMP", 1))
    act(db, "admin", ship_order, o["shipped"])
    o["delivered"] = confirmed(db, "ANNA", ("KETTLE", 1))
    act(db, "admin", ship_order, o["delivered"])
    act(db, "admin", deliver_order, o["delivered"])
    o["cancelled"] = order(db, "BORIS", ("MUG", 1))
    act(db, "admin", cancel_order, o["cancelled"])

    def po(qty=4):
        return act(db, "admin", create_po, "ACME", [POLineInput("MUG", qty, 50000)]).number

    p = r["po"]
    p["draft"] = po()
    p["sent"] = po()
    act(db, "admin", send_po, p["sent"])
    p["partially_received"] = po()
    act(db, "admin", send_po, p["partially_received"])
    act(db, "admin", receive_po, p["partially_received"], [("MUG", 1)])
    p["received"] = po()
    act(db, "admin", send_po, p["received"])
    act(db, "admin", receive_po, p["received"])
    p["cancelled"] = po()
    act(db, "admin", cancel_po, p["cancelled"])

    def received():
        number = po(2)
        act(db, "admin", send_po, number)
        act(db, "admin", receive_po, number)
        return number

    b = r["bill"]
    b["held"] = act(db, "admin", enter_bill, received(), "H-1", DAY, lines=[BillLineInput("MUG", 2, 90000)]).number
    p["billed"] = received()  # billed in full, the bill not paid yet
    b["posted"] = act(db, "admin", enter_bill, p["billed"], "P-1", DAY).number
    p["closed"] = received()  # received, billed and the bill paid
    b["paid"] = act(db, "admin", enter_bill, p["closed"], "PD-1", DAY).number
    act(db, "admin", pay_bill, b["paid"], 122000)  # 2 x 500.00 and 22% VAT (March 2026)
    rejected_po = received()
    b["rejected"] = act(db, "admin", enter_bill, rejected_po, "R-1", DAY,
                        lines=[BillLineInput("MUG", 2, 90000)]).number
    act(db, "admin", reject_bill, b["rejected"], "wrong price")
    b["reversed"] = act(db, "admin", enter_bill, received(), "RV-1", DAY).number
    act(db, "admin", reverse_bill, b["reversed"], "entered by mistake")

    lines = [Line("5900", 1000), Line("1010", -1000)]
    e = r["entry"]
    e["posted"] = act(db, "admin", post_manual, entry_date=DAY, memo="kept", lines=lines).number
    e["reversed"] = act(db, "admin", post_manual, entry_date=DAY, memo="undone", lines=lines).number
    act(db, "admin", reverse, e["reversed"])
    d = r["draft"]
    d["draft"] = str(act(db, "admin", create_draft, entry_date=DAY, memo="later", lines=lines))
    posted_draft = act(db, "admin", create_draft, entry_date=DAY, memo="now", lines=lines)
    act(db, "admin", post_draft, posted_draft)
    d["posted"] = str(posted_draft)

    c = r["count"]
    c["posted"] = act(db, "admin", open_count, "B").number
    act(db, "admin", post_count, c["posted"])
    c["cancelled"] = act(db, "admin", open_count, "C").number
    act(db, "admin", cancel_count, c["cancelled"])
    c["open"] = act(db, "admin", open_count, "MAIN").number

    def document(name: str) -> str:
        [res] = add_files(db, "admin", [write(files, name, make_pdf([f"Letter {name}"]))], IntakeMeta(doc_type="other"))
        return res.number

    doc = r["document"]
    doc["inbox"] = document("inbox.pdf")
    doc["reviewed"] = document("reviewed.pdf")
    act(db, "admin", set_status, doc["reviewed"], "reviewed")
    doc["filed"] = document("filed.pdf")
    act(db, "admin", link, doc["filed"], "customer:ANNA")
    act(db, "admin", set_status, doc["filed"], "filed")
    doc["archived"] = document("archived.pdf")
    act(db, "admin", set_status, doc["archived"], "archived")

    day = DAY.strftime("%d.%m.%Y")
    payments = [Pay("1200.00", f"Оплата по заказу {o['confirmed']}", "Анна Петрова", day=day, number="1"),
                Pay("-150.00", "Комиссия банка за ведение счета", "ПАО СБЕРБАНК", "7707083893", day=day, number="2"),
                Pay("999.00", "Возврат займа", "ООО Неизвестный", "7700000000", day=day, number="3"),
                Pay("777.00", "Неизвестный платёж", "ООО Другой", "7700000001", day=day, number="4")]
    statement = write(files, "bank.txt", statement_1c(payments, day=day))
    add_files(db, "admin", [statement], IntakeMeta(doc_type="bank_statement"))
    ids = [row[0] for row in sql(db, "SELECT id FROM bank_line ORDER BY line_no")]
    bl = r["bank_line"]
    bl["proposed"], bl["confirmed"], bl["unmatched"], bl["ignored"] = (str(i) for i in ids)
    act(db, "admin", confirm_line, bl["confirmed"])
    act(db, "admin", ignore_line, bl["ignored"], "not ours")
    _office(db, r)
    return r


def _office(db, r) -> None:
    """Staff, supply requests, equipment, contracts and internal deals in every state."""
    from boclerk.services.catalog.products import add_product
    from boclerk.services.office import contracts, deals, equipment, requests, staff
    from boclerk.services.purchasing.orders import receive_po, send_po

    act(db, "admin", add_product, "TEA", "Tea", kind="consumable", standard_cost=30000, preferred_supplier="ACME")
    act(db, "admin", staff.add_staff, "ANNA", "Anna Staff", "SALES")
    act(db, "admin", staff.add_staff, "GONE", "Gone Staff", "IT")
    act(db, "admin", staff.staff_left, "GONE")
    r["staff"] = {"active": "ANNA", "left": "GONE"}

    def asked(qty: int = 1) -> str:
        return act(db, "admin", requests.ask, [("TEA", qty)], department="SALES").number

    q = r["request"]
    q["open"] = asked()
    q["approved"] = asked()
    act(db, "admin", requests.approve, q["approved"])
    q["rejected"] = asked()
    act(db, "admin", requests.reject, q["rejected"], "no")
    q["cancelled"] = asked()
    act(db, "admin", requests.cancel_request, q["cancelled"])
    for state in ("ordered", "partially_received", "received"):
        q[state] = asked(2)
        act(db, "admin", requests.approve, q[state])
        po_number = act(db, "admin", requests.order_requests, [q[state]]).pos[0].po
        if state != "ordered":
            act(db, "admin", send_po, po_number)
            act(db, "admin", receive_po, po_number, [("TEA", 1 if state == "partially_received" else 2)])

    e = r["equipment"]
    for condition in ("in_use", "needs_repair", "in_repair", "in_store", "written_off"):
        e[condition] = act(db, "admin", equipment.register, f"Chair {condition}", department="SALES",
                           cost=100000).number
        if condition == "written_off":
            act(db, "admin", equipment.write_off, e[condition], "broken")
        elif condition != "in_use":
            act(db, "admin", equipment.set_condition, e[condition], condition)

    c = r["contract"]

    def contract(**kwargs) -> str:
        return act(db, "admin", contracts.new_contract, "supplier:ACME", "Supplies", **kwargs).number

    c["draft"] = contract()
    c["with_lawyer"] = contract()
    act(db, "admin", contracts.to_lawyer, c["with_lawyer"])
    c["signed"] = contract(valid_to=DAY + timedelta(days=300))
    act(db, "admin", contracts.sign, c["signed"])
    c["expired"] = contract(valid_from=DAY - timedelta(days=300), valid_to=DAY - timedelta(days=1))
    act(db, "admin", contracts.sign, c["expired"], DAY - timedelta(days=300))
    c["terminated"] = contract()
    act(db, "admin", contracts.sign, c["terminated"])
    act(db, "admin", contracts.terminate, c["terminated"])

    act(db, "admin", deals.add_service, "LIVE", "Support", provider="IT", receiver="SALES", fee=100000)
    act(db, "admin", deals.add_service, "OVER", "Old support", provider="IT", receiver="WH", fee=100000,
        valid_from=DAY - timedelta(days=60))
    act(db, "admin", deals.end_deal, "OVER", last_day=DAY - timedelta(days=30))
    r["deal"] = {"active": "LIVE", "ended": "OVER"}


@pytest.fixture(scope="module")
def world(templates, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rulebook")
    path = folder / "shop.db"
    shutil.copyfile(templates["sqlite"], path)
    db = Database.open(location_from(str(path), "test"))
    records = _build(db, folder / "files")
    states = {kind: dict(_states(db, kind, keys)) for kind, keys in records.items()}
    db.close()
    return SimpleNamespace(path=path, records=records, states=states)


def _states(db, kind, keys):
    from boclerk.services.acts import reader

    with db.read("admin") as uow:
        for wanted, key in keys.items():
            shown, state, *_ = reader(kind)(uow, key)
            yield wanted, state


def test_the_shop_has_a_record_in_every_state(world):
    """The fixture is what it claims: each record is in the state it is filed under."""
    for kind, found in world.states.items():
        assert found == {state: state for state in found}, kind
    for kind in ("order", "po", "bill", "entry", "draft", "count", "document", "bank_line", "product", "request",
                 "equipment", "contract", "staff", "deal"):
        wanted = {state for state in RECORDS[kind].states if (kind, state) not in NO_RECORD}
        assert set(world.states[kind]) == wanted, kind


# -- the service of each act, with the least it needs ------------------------------------------------


def _calls():
    from boclerk.services.catalog import partners, products
    from boclerk.services.documents import bank, bank_post, invoices, produce, register
    from boclerk.services.ledger import book, statements
    from boclerk.services.purchasing import bills, corrections
    from boclerk.services.purchasing import orders as purchasing
    from boclerk.services.sales import backorders, orders
    from boclerk.services.sales import shipping
    from boclerk.services.sales.orders import LineInput
    from boclerk.services.stock import book as stock
    from boclerk.services.office import contracts, deals, equipment, maintenance, staff
    from boclerk.services.office import requests as office_requests
    from boclerk.services.stock import stocktake

    return {
        "orders.edit": lambda u, k: orders.replace_lines(u, k, [LineInput("MUG", 1)]),
        "orders.confirm": lambda u, k: orders.confirm_order(u, k, backorder=True),
        "orders.documents": lambda u, k: produce.order_documents(u, k),
        "purchases.documents": lambda u, k: produce.po_documents(u, k),
        "purchases.statement": lambda u, k: statements.statement(u, "supplier", k, DAY - timedelta(days=30), DAY),
        "orders.pay": lambda u, k: orders.pay_order(u, k, 100),
        "orders.ship": lambda u, k: shipping.ship_order(u, k),
        "orders.deliver": lambda u, k: shipping.deliver_order(u, k),
        "orders.cancel": lambda u, k: orders.cancel_order(u, k),
        "orders.return": lambda u, k: shipping.return_order(u, k, [("MUG", 1)]),
        "orders.refund": lambda u, k: orders.refund_order(u, k, 100),
        "orders.reserve": lambda u, k: backorders.top_up_reservations(u, k),
        "customers.edit": lambda u, k: partners.edit_customer(u, k, name="Renamed"),
        "customers.archive": lambda u, k: partners.set_customer_active(u, k, False),
        "customers.restore": lambda u, k: partners.set_customer_active(u, k, True),
        "purchases.send": lambda u, k: purchasing.send_po(u, k),
        "purchases.receive": lambda u, k: purchasing.receive_po(u, k),
        "purchases.enter_bill": lambda u, k: bills.enter_bill(u, k, "RB-1", DAY),
        "purchases.cancel_po": lambda u, k: purchasing.cancel_po(u, k),
        "purchases.approve": lambda u, k: bills.approve_bill(u, k),
        "purchases.reject": lambda u, k: bills.reject_bill(u, k, "no"),
        "purchases.pay": lambda u, k: bills.pay_bill(u, k, 100),
        "purchases.reverse_bill": lambda u, k: corrections.reverse_bill(u, k),
        "purchases.note": lambda u, k: corrections.enter_note(u, k, "N-1", DAY,
                                                              [corrections.NoteLineInput(-100, -22, 22)]),
        "purchases.edit_supplier": lambda u, k: partners.edit_supplier(u, k, name="Renamed"),
        "purchases.archive_supplier": lambda u, k: partners.set_supplier_active(u, k, False),
        "purchases.restore_supplier": lambda u, k: partners.set_supplier_active(u, k, True),
        "stock.found": lambda u, k: stock.adjust_stock(u, k, 1, reason="found"),
        "stock.write_off": lambda u, k: stock.adjust_stock(u, k, -1, reason="broken", write_off=True),
        "stock.adjust": lambda u, k: stock.adjust_stock(u, k, -1, reason="lost"),
        "stock.receive": lambda u, k: stock.receive_stock(u, k, 1, 100),
        "stock.transfer": lambda u, k: stock.transfer_stock(u, k, 1, from_wh="MAIN", to_wh="B"),
        "stock.count_enter": lambda u, k: stocktake.enter_counts(u, k, [("MUG", 1)]),
        "stock.count_post": lambda u, k: stocktake.post_count(u, k),
        "stock.count_cancel": lambda u, k: stocktake.cancel_count(u, k),
        "stock.edit_product": lambda u, k: products.edit_product(u, k, name="Renamed"),
        "stock.archive_product": lambda u, k: products.set_product_active(u, k, False),
        "stock.restore_product": lambda u, k: products.set_product_active(u, k, True),
        "ledger.post_draft": lambda u, k: book.post_draft(u, int(k)),
        "ledger.delete_draft": lambda u, k: book.delete_draft(u, int(k)),
        "ledger.reverse": lambda u, k: book.reverse(u, k),
        "documents.edit": lambda u, k: register.update_document(u, k, notes="seen"),
        "documents.link": lambda u, k: register.link(u, k, "customer:BORIS"),
        "documents.unlink": lambda u, k: register.unlink(u, k, "customer:ANNA"),
        "documents.review": lambda u, k: register.set_status(u, k, "reviewed"),
        "documents.file": lambda u, k: register.set_status(u, k, "filed"),
        "documents.archive": lambda u, k: register.set_status(u, k, "archived"),
        "documents.process": lambda u, k: invoices.process_document(u, k),
        "documents.confirm": lambda u, k: bank.confirm_line(u, k),
        "documents.match": lambda u, k: bank.match_line(u, k, "fee"),
        "documents.ignore": lambda u, k: bank.ignore_line(u, k, "not ours"),
        "documents.post_account": lambda u, k: bank_post.post_to_account(u, k, "5900", "deposit back"),
        "office.approve": lambda u, k: office_requests.approve(u, k),
        "office.reject": lambda u, k: office_requests.reject(u, k, "no"),
        "office.order": lambda u, k: office_requests.order_requests(u, [k]),
        "office.cancel_request": lambda u, k: office_requests.cancel_request(u, k),
        "office.edit_staff": lambda u, k: staff.edit_staff(u, k, position="Boss"),
        "office.staff_left": lambda u, k: staff.staff_left(u, k),
        "office.move": lambda u, k: equipment.move(u, k, location="101"),
        "office.condition": lambda u, k: equipment.set_condition(u, k, "in_store"),
        "office.service": lambda u, k: maintenance.log_service(u, k, "Cleaned", cost=100),
        "office.plan": lambda u, k: maintenance.add_plan(u, k, "Check", 12),
        "office.write_off": lambda u, k: equipment.write_off(u, k, "broken"),
        "office.edit_contract": lambda u, k: contracts.edit_contract(u, k, notes="seen"),
        "office.to_lawyer": lambda u, k: contracts.to_lawyer(u, k),
        "office.sign": lambda u, k: contracts.sign(u, k),
        "office.attach": lambda u, k: contracts.attach(u, k, "BILL-2026-000002"),
        "office.terminate": lambda u, k: contracts.terminate(u, k),
        "office.end_deal": lambda u, k: deals.end_deal(u, k),
    }


#: the command line of each act (``--yes`` where it cannot be undone)
CLI = {
    "orders.confirm": lambda k: ["order", "confirm", k, "--backorder"],
    "orders.pay": lambda k: ["order", "pay", k, "1"],
    "orders.ship": lambda k: ["order", "ship", k],
    "orders.deliver": lambda k: ["order", "deliver", k],
    "orders.cancel": lambda k: ["order", "cancel", k],
    "orders.return": lambda k: ["order", "return", k, "--line", "MUG:1"],
    "orders.refund": lambda k: ["order", "refund", k, "1"],
    "orders.reserve": lambda k: ["order", "reserve", k],
    "purchases.send": lambda k: ["purchase", "send", k],
    "purchases.receive": lambda k: ["purchase", "receive", k],
    "purchases.enter_bill": lambda k: ["purchase", "bill", k, "--number", "RB-1", "--date", DAY.isoformat()],
    "purchases.cancel_po": lambda k: ["purchase", "cancel", k],
    "purchases.approve": lambda k: ["purchase", "approve", k],
    "purchases.reject": lambda k: ["purchase", "reject", k, "--reason", "no"],
    "purchases.pay": lambda k: ["purchase", "pay", k, "1"],
    "purchases.reverse_bill": lambda k: ["purchase", "bill-reverse", k],
    "purchases.note": lambda k: ["purchase", "note", k, "--number", "N-1", "--date", DAY.isoformat(), "--net", "-1.00",
                                 "--vat", "-0.22", "--rate", "22"],
    "stock.count_enter": lambda k: ["stock", "count", "enter", k, "MUG:1"],
    "stock.count_post": lambda k: ["stock", "count", "post", k],
    "stock.count_cancel": lambda k: ["stock", "count", "cancel", k],
    "customers.archive": lambda k: ["customer", "archive", k],
    "customers.restore": lambda k: ["customer", "restore", k],
    "purchases.archive_supplier": lambda k: ["supplier", "archive", k],
    "purchases.restore_supplier": lambda k: ["supplier", "restore", k],
    "stock.archive_product": lambda k: ["product", "archive", k],
    "stock.restore_product": lambda k: ["product", "restore", k],
    "stock.write_off": lambda k: ["stock", "write-off", k, "1", "--reason", "broken"],
    "stock.adjust": lambda k: ["stock", "adjust", k, "-1", "--reason", "lost"],
    "stock.receive": lambda k: ["stock", "receive", k, "1", "--cost", "1"],
    "stock.transfer": lambda k: ["stock", "transfer", k, "1", "--from", "MAIN", "--to", "B"],
    "ledger.post_draft": lambda k: ["ledger", "post-draft", k],
    "ledger.delete_draft": lambda k: ["ledger", "delete-draft", k],
    "ledger.reverse": lambda k: ["ledger", "reverse", k],
    "documents.edit": lambda k: ["doc", "edit", k, "--notes", "seen"],
    "documents.link": lambda k: ["doc", "link", k, "customer:BORIS"],
    "documents.unlink": lambda k: ["doc", "unlink", k, "customer:ANNA"],
    "documents.review": lambda k: ["doc", "review", k],
    "documents.file": lambda k: ["doc", "file", k],
    "documents.archive": lambda k: ["doc", "archive", k],
    "documents.process": lambda k: ["doc", "process", k],
    "documents.confirm": lambda k: ["bank", "confirm", k],
    "documents.match": lambda k: ["bank", "match", k, "fee"],
    "documents.ignore": lambda k: ["bank", "ignore", k, "--reason", "not ours"],
    "documents.post_account": lambda k: ["bank", "post", k, "5900", "--memo", "deposit back"],
    "office.approve": lambda k: ["office", "approve", k],
    "office.reject": lambda k: ["office", "reject", k, "--reason", "no"],
    "office.order": lambda k: ["office", "order", k],
    "office.cancel_request": lambda k: ["office", "cancel", k],
    "office.edit_staff": lambda k: ["office", "staff", "edit", k, "--position", "Boss"],
    "office.staff_left": lambda k: ["office", "staff", "left", k],
    "office.move": lambda k: ["office", "equipment", "move", k, "--room", "101"],
    "office.condition": lambda k: ["office", "equipment", "condition", k, "in_store"],
    "office.service": lambda k: ["office", "equipment", "service", k, "Cleaned", "--cost", "1"],
    "office.plan": lambda k: ["office", "equipment", "plan", k, "Check", "--every", "12"],
    "office.write_off": lambda k: ["office", "equipment", "write-off", k, "--reason", "broken"],
    "office.edit_contract": lambda k: ["office", "contract", "edit", k, "--notes", "seen"],
    "office.to_lawyer": lambda k: ["office", "contract", "to-lawyer", k],
    "office.sign": lambda k: ["office", "contract", "sign", k],
    "office.attach": lambda k: ["office", "contract", "attach", k, "BILL-2026-000002"],
    "office.terminate": lambda k: ["office", "contract", "terminate", k],
    "office.end_deal": lambda k: ["office", "agreement", "end", k],
}

RECORD_ACTS = sorted(a.id for a in ACTS.values() if a.record is not None)
#: an entry is a draft only before it has a number, and acts on entries name them by number
NO_RECORD = {("entry", "draft")}
CASES = [(act_id, state) for act_id in RECORD_ACTS for state in RECORDS[ACTS[act_id].record].states
         if (ACTS[act_id].record, state) not in NO_RECORD]


def test_every_act_on_a_record_is_tried_by_service_and_command_line():
    assert set(RECORD_ACTS) == set(_calls()), "an act of the rule book has no service call in this test"
    # "Documents" in the app is a choice of several; by command each has its own (order doc, purchase doc);
    # the statement by command asks for its period and file (supplier statement CODE --from --to -o)
    no_cli = {"orders.edit", "customers.edit", "purchases.edit_supplier", "stock.found", "stock.edit_product",
              "orders.documents", "purchases.documents", "purchases.statement"}
    assert set(RECORD_ACTS) - set(CLI) == no_cli


def _service(db, act_id: str, key: str):
    """What the service answers: the refusal, or None when it went through (and was undone)."""
    try:
        with db.write("admin") as uow:
            _calls()[act_id](uow, key)
            raise Rollback
    except Rollback:
        return None
    except BoclerkError as exc:
        return exc


def _check(db, act_id: str, key: str):
    from boclerk.services.acts import check_act

    try:
        with db.read("admin") as uow:
            check_act(uow, act_id, key)
    except BoclerkError as exc:
        return exc
    return None


@pytest.mark.parametrize(("act_id", "state"), CASES, ids=[f"{a}-{s}" for a, s in CASES])
def test_service_precheck_app_and_command_line_agree(world, tmp_path, act_id, state, as_user):
    act_ = ACTS[act_id]
    key = world.records[act_.record][state]
    allowed = act_.allows(state)
    # each case gets its own copy of the shop (the command line really does what it is asked)
    copy = tmp_path / "shop.db"
    shutil.copyfile(world.path, copy)
    if (world.path.parent / f"{world.path.stem}.documents").exists():
        shutil.copytree(world.path.parent / f"{world.path.stem}.documents", tmp_path / "shop.documents")
    db = Database.open(location_from(str(copy), "test"))
    try:
        service = _service(db, act_id, key)
        check = _check(db, act_id, key)
        if allowed:
            assert not isinstance(service, StateRefused), service
            assert check is None, check
        else:
            assert isinstance(service, StateRefused), f"{act_id} on a {state} {act_.record}: {service}"
            assert isinstance(check, StateRefused) and check.message == service.message
        assert _app_offers(act_id, state) is (True if allowed else None)
        if act_id in CLI:
            cli = make_cli_runner(location_from(str(copy), "test"), as_user)
            argv = CLI[act_id](key) + (["--yes"] if act_.irreversible else [])
            r = cli(*argv)
            if not allowed:
                assert (r.exit_code, r.stderr.strip()) == (1, service.message), argv
            elif service is None:
                assert r.exit_code == 0, (argv, r.output)
            else:
                assert (r.exit_code, r.stderr.strip()) == (service.exit_code, service.message), argv
            if not allowed and act_.irreversible:  # refused before it would have asked
                r = cli(*CLI[act_id](key), input="y\n")
                assert (r.exit_code, r.stderr.strip()) == (1, service.message), argv
    finally:
        db.close()


# -- what the app offers ---------------------------------------------------------------------------


#: a stand-in for a screen asks the services nothing of what may be done now (tests/services/test_acts_now.py)
NOT_ASKED = {"_now_asking": True}


def _app_offers(act_id: str, state: str):
    """Ask the screen that shows the record whether it offers the act, for an admin, with the
    highlighted record in ``state`` (the screens' own offered(), on a stand-in for the screen)."""
    from boclerk.tui.base import Services
    from boclerk.tui.documents.bank import BankActs
    from boclerk.tui.documents.screen import DocumentsScreen
    from boclerk.tui.ledger.acts import LedgerActs
    from boclerk.tui.ledger.entry import EntryDetailScreen
    from boclerk.tui.orders.acts import OrderActs
    from boclerk.tui.orders.detail import OrderDetailScreen
    from boclerk.tui.purchases.acts import KIND_OF, PurchaseActs
    from boclerk.tui.purchases.detail import PODetailScreen
    from boclerk.tui.stock.acts import StockActs
    from boclerk.tui.stock.count import CountScreen
    from boclerk.tui.stock.product import ProductScreen

    app = SimpleNamespace(role="admin")
    area, action = act_id.split(".", 1)
    kind = ACTS[act_id].record
    if kind in ("customer", "supplier") and action.split("_")[0] in ("archive", "restore"):  # on the card
        from boclerk.tui.partners.card import PartnerCardScreen

        probe = type("Probe", (Services,), {"app": app, "side": kind, "card": SimpleNamespace(active=state == "active"),
                                            "_act": PartnerCardScreen._act})()
        return PartnerCardScreen.offered(probe, action.split("_")[0])
    if ACTS[act_id].key is None:  # no key on any screen: what the app would offer where it shows it
        return type("Probe", (Services,), {"app": app})().offer(act_id, state)
    if area == "orders":
        probe = type("Probe", (OrderActs,), {"app": app, "current_number": lambda s: "SO-1",
                                             "current_status": lambda s: state, **NOT_ASKED})()
        return OrderDetailScreen.offered(probe, action)
    if area == "purchases":
        probe = type("Probe", (PurchaseActs,), {"app": app, "current_kind": lambda s: KIND_OF[action],
                                                "current_key": lambda s: "X-1", "current_status": lambda s: state,
                                                **NOT_ASKED})()
        return PODetailScreen.offered(probe, action)
    if act_id == "ledger.reverse":
        row = SimpleNamespace(number="JE-1", status="posted" if state == "reversed" else state, source="",
                              reversed_by="JE-2" if state == "reversed" else None)
        probe = type("Probe", (LedgerActs,), {"app": app, "current_entry": lambda s: row, **NOT_ASKED})()
        return EntryDetailScreen.offered(probe, action)
    if area == "ledger":  # the drafts screen lists drafts only
        probe = type("Probe", (Services,), {"app": app})()
        return probe.offer(act_id, state)
    if kind == "count":
        probe = type("Probe", (StockActs,), {"app": app, "info": SimpleNamespace(status=state)})()
        return CountScreen.offered(probe, action)
    if area == "stock":  # the product's screen knows its state (archived or not)
        card = SimpleNamespace(product=SimpleNamespace(active=state == "active"))
        probe = type("Probe", (StockActs,), {"app": app, "current_sku": lambda s: "MUG", "shown_card": card})()
        return ProductScreen.offered(probe, action)
    if area == "documents":
        row = SimpleNamespace(status=state)
        probe = type("Probe", (BankActs,), {
            "app": app, "view": "bank" if kind == "bank_line" else "docs", "current": row})()
        return DocumentsScreen.offered(probe, action)
    if area == "office":
        from boclerk.tui.office.acts import KIND_OF as OFFICE_KIND_OF
        from boclerk.tui.office.acts import OfficeActs
        from boclerk.tui.office.screen import OfficeScreen

        probe = type("Probe", (OfficeActs,), {"app": app, "current_kind": lambda s: OFFICE_KIND_OF[action],
                                              "current_key": lambda s: "X-1", "current_status": lambda s: state})()
        return OfficeScreen.offered(probe, action)
    raise AssertionError(f"no screen shows {act_id}")


# -- the app's keys come from the rule book --------------------------------------------------------


def _screens():
    import importlib
    import pkgutil

    from textual.screen import Screen

    import boclerk.tui as tui

    for info in pkgutil.walk_packages(tui.__path__, "boclerk.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == info.name:
                yield value


def test_every_act_binding_is_the_rule_books_and_runs_an_action_the_screen_has():
    seen = set()
    for screen in _screens():
        for binding in screen.BINDINGS:
            act_ = ACTS.get(getattr(binding, "id", None) or "")
            if act_ is None or not binding.action.isidentifier():
                continue
            seen.add(act_.id)
            assert (binding.key, binding.action, binding.description) == (act_.key, act_.action, act_.label), \
                (screen.__name__, act_.id)
            assert callable(getattr(screen, f"action_{act_.action}", None)), (screen.__name__, act_.id)
    keyed = {a.id for a in ACTS.values() if a.key is not None and a.area in ("orders", "purchases", "stock",
                                                                             "ledger", "documents", "office")}
    assert keyed <= seen, f"acts with a key that no screen binds: {sorted(keyed - seen)}"


def test_the_palette_offers_the_rule_books_acts_by_role():
    from boclerk.tui.palette import ActsProvider

    def offered(role):
        probe = SimpleNamespace(app=SimpleNamespace(role=role))
        return {label for label, _mode, _action in ActsProvider._acts(probe)}

    assert "Set the lock date" in offered("admin") and "Set the lock date" not in offered("accountant")
    assert "New order" in offered("clerk") and "New order" not in offered("warehouse")
    # a viewer reads everything and changes nothing, but asks for supplies like anyone in the company
    assert offered("viewer") == {a.palette for a in ACTS.values() if a.palette and not a.writes} | {"Ask for supplies"}


# -- a remapped key reaches the act it names ---------------------------------------------------------


async def test_a_remapped_key_reaches_the_act_it_names(world, tmp_path):
    from boclerk.settings import Config
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.dialogs import FormDialog
    from tests.tui.helpers import settle

    copy = tmp_path / "shop.db"
    shutil.copyfile(world.path, copy)
    db = Database.open(location_from(str(copy), "test"))
    app = BoclerkApp(db, "admin", config=Config(keymap={"orders.confirm": "ctrl+k"}))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("2")
            await settle(pilot)
            screen = app.screen
            screen.apply_filters(status="draft")
            await settle(pilot)
            assert screen.current_status() == "draft"
            await pilot.press("c")  # the old key does nothing now
            await settle(pilot)
            assert app.screen is screen
            await pilot.press("ctrl+k")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert app.screen.title_text.startswith(f"Confirm {screen.current_number()}")
    finally:
        db.close()

