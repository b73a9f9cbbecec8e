"""The demo shop: same seed, same database; every state present; db check passes."""

import sqlite3
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy

from boclerk.demo.shop import DEMO_TODAY, build_demo
from boclerk.services.platform.checks import run_checks
from boclerk.settings import location_from
from tests.services.doc_samples import document_store  # noqa: F401  (autouse: a PostgreSQL demo keeps its documents there)

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("demo")

TABLES = ("product", "customer", "supplier", "sales_order", "order_line", "order_payment", "shipment",
          "purchase_order", "po_line", "supplier_bill", "journal_entry", "posting", "stock_move", "stock_level",
          "account_balance", "audit_event", "number_series", "company", "document", "document_link", "bank_line",
          "staff", "supply_request", "request_line", "department_budget", "equipment", "maintenance_plan",
          "equipment_event", "depreciation_charge", "contract", "contract_link", "internal_deal", "deal_share",
          "deal_posting")


def _dump(path) -> dict[str, list]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_demos(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    paths = []
    for name in ("a.db", "b.db"):
        db, summary = build_demo(location_from(str(base / name), "test"), admin="admin", seed=7, orders=150,
                                 simulated=150)
        report = run_checks(db, "admin")
        db.close()
        paths.append((base / name, summary, report))
    return paths


#: days the demo is built on besides its own: a new year's first days, the first of a month
OTHER_DAYS = (date(2027, 1, 3), date(2027, 3, 1))


@pytest.fixture(scope="module", params=["demo's day", *OTHER_DAYS], ids=str)
def any_day(request, tmp_path_factory, two_demos):
    """A demo and the day it was built on: its own (DEMO_TODAY), or another (the app builds it on
    the day it is first opened), with the day's check."""
    if request.param == "demo's day":
        path, _summary, report = two_demos[0]
        return path, DEMO_TODAY, report
    path = tmp_path_factory.mktemp("day") / "demo.db"
    db, _summary = build_demo(location_from(str(path), "test"), admin="admin", seed=7, orders=40, simulated=40,
                              today=request.param)
    db.clock = lambda: datetime.combine(request.param, time(19), tzinfo=UTC)
    report = run_checks(db, "admin")
    db.close()
    return path, request.param, report


def test_a_finished_build_leaves_no_marker_of_building(two_demos):
    for path, _, _ in two_demos:
        assert path.exists() and not path.with_name(path.name + ".building").exists()


def test_same_seed_same_database(two_demos):
    (a, _, _), (b, _, _) = two_demos
    da, db_ = _dump(a), _dump(b)
    for table in TABLES:
        assert da[table] == db_[table], table


def test_demo_passes_db_check(any_day):
    _, _, report = any_day
    assert report.ok, report.violations


def test_demo_has_every_state(two_demos):
    path, summary, _ = two_demos[0]
    con = sqlite3.connect(path)
    statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM sales_order")}
    assert statuses >= {"draft", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled"}
    assert con.execute("SELECT COUNT(*) FROM shipment WHERE kind = 'return'").fetchone()[0] > 0
    assert con.execute("SELECT COUNT(*) FROM supplier_bill WHERE status = 'held'").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM stock_count WHERE status = 'posted'").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM journal_entry WHERE source_kind = 'recharge'").fetchone()[0] >= 2
    assert con.execute("SELECT lock_date FROM company").fetchone()[0] is not None
    assert con.execute("SELECT COUNT(DISTINCT category) FROM product").fetchone()[0] == 11  # the office's laptop: IT equipment
    assert con.execute("SELECT COUNT(*) FROM warehouse").fetchone()[0] == 2
    assert (summary.customers, summary.suppliers) == (500, 30)
    assert con.execute("SELECT COUNT(*) FROM product WHERE kind = 'consumable'").fetchone()[0] > 0
    con.close()


def test_the_last_mornings_post_waits_in_documents(two_demos):
    """A statement with proposals to confirm and one line nobody can place, a UPD that became a
    posted bill of a received PO, and a contract to review; their files are in the store."""
    path, summary, _ = two_demos[0]
    con = sqlite3.connect(path)
    try:
        docs = con.execute("SELECT doc_type, status, sha256 FROM document ORDER BY id").fetchall()
        assert [(t, s) for t, s, _ in docs] == [("bank_statement", "filed"), ("upd", "filed"), ("contract", "inbox")]
        assert summary.documents == 3
        assert all((path.parent / f"{path.stem}.documents" / sha[:2] / sha[2:]).is_file() for _, _, sha in docs)
        lines = dict(con.execute("SELECT status, COUNT(*) FROM bank_line GROUP BY status").fetchall())
        assert lines["proposed"] >= 2 and lines["unmatched"] == 1 and "confirmed" not in lines
        kinds = {k for (k,) in con.execute("SELECT match_kind FROM bank_line WHERE status = 'proposed'")}
        assert "fee" in kinds and kinds & {"order", "bill"}
        bill, po_status = con.execute(
            "SELECT b.status, p.status FROM document d JOIN document_link l ON l.document_id = d.id "
            "AND l.target_kind = 'bill' JOIN supplier_bill b ON b.id = l.target_id JOIN purchase_order p ON p.id = b.po_id "
            "WHERE d.doc_type = 'upd'").fetchone()
        assert bill == "posted" and po_status in ("billed", "partially_received")
    finally:
        con.close()


def test_the_demo_has_an_office(any_day):
    """Staff, requests in several states, equipment with a service overdue, a lease renewing itself
    whose notice date is near, rent shared by floor area, a fixed asset depreciated: the Office
    area (7) is alive on the day the demo is built, whichever it is."""
    from boclerk.db.database import Database
    from boclerk.services.office.contract_queries import reminders
    from boclerk.services.office.request_queries import list_requests
    from boclerk.services.office.reminders import office_dashboard

    path, today, _ = any_day
    db = Database.open(location_from(str(path), "test"))
    db.clock = lambda: datetime.combine(today, time(15), tzinfo=UTC)
    try:
        with db.read("admin") as uow:
            states = {r.state for r in list_requests(uow)}
            board = office_dashboard(uow)
            [lease, *_] = reminders(uow)
        assert states >= {"open", "approved", "ordered", "received", "rejected"}
        assert board.maintenance_overdue == 1 and board.notes[0].text.startswith("Service overdue since")
        assert "Printer HP LaserJet" in board.notes[0].text and board.warranties == 1
        assert (lease.what, lease.days_left, lease.auto_renew) == ("notice", 15, True)
        assert "Lease of the office" in lease.subject
    finally:
        db.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT COUNT(*) FROM journal_entry WHERE source_kind = 'allocation'").fetchone()[0] == 2
        assert con.execute("SELECT COUNT(*) FROM depreciation_charge").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM staff WHERE NOT active").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM equipment WHERE condition = 'written_off'").fetchone()[0] == 1
    finally:
        con.close()


def test_the_office_and_the_shop_number_their_papers_in_date_order(any_day):
    """The office's story runs beside the shop's days, so its purchase orders, bills and entries are
    numbered among the shop's as the days went: an entry may be dated a day or two before the one
    numbered before it (a bill of the supplier's date, a month closed on the 2nd), never months;
    and nothing is dated after the day the demo was built."""
    path, today, _ = any_day
    con = sqlite3.connect(path)
    try:
        for table, day in (("purchase_order", "order_date"), ("supplier_bill", "bill_date")):
            days = [d for _n, d in sorted(con.execute(f"SELECT number, {day} FROM {table}").fetchall())]
            assert days == sorted(days), table
        entries = sorted(con.execute("SELECT number, entry_date FROM journal_entry").fetchall())
        assert con.execute("SELECT COUNT(*) FROM journal_entry WHERE memo LIKE 'Office and warehouse rent%'"
                           ).fetchone()[0] == 3  # the office is in there
        back = max((date.fromisoformat(a) - date.fromisoformat(b)).days for (_, a), (_, b) in zip(entries, entries[1:]))
        assert back <= 3, back
        assert max(date.fromisoformat(d) for _n, d in entries) <= today
        assert max(date.fromisoformat(d) for (d,) in con.execute("SELECT order_date FROM sales_order")) <= today
    finally:
        con.close()


def test_bulk_orders_apply_the_same_rules(tmp_path, backend, empty_location):
    db, summary = build_demo(empty_location if backend != "sqlite" else location_from(str(tmp_path / "bulk.db"), "t"),
                             admin="admin", seed=3, orders=60 + 2000, simulated=60)
    try:
        assert summary.bulk_orders == 2000
        report = run_checks(db, "admin")
        assert report.ok, report.violations
    finally:
        db.close()


def test_the_demo_shop_charges_the_vat_of_2026(two_demos):
    """Every shipment of the demo's six months of 2026 carries 22% (standard) or 10% (reduced)."""
    path, _, _ = two_demos[0]
    con = sqlite3.connect(path)
    rates = dict(con.execute("SELECT p.vat_category, GROUP_CONCAT(DISTINCT sl.vat_rate) FROM shipment_line sl "
                             "JOIN order_line l ON l.id = sl.order_line_id JOIN product p ON p.id = l.product_id "
                             "GROUP BY p.vat_category"))
    assert rates == {"standard": "22", "reduced": "10"}
    assert con.execute("SELECT COUNT(*) FROM bill_line WHERE vat_rate NOT IN (22, 10)").fetchone()[0] == 0
    con.close()


def test_the_upd_of_every_shipment_of_the_demo_validates_and_reads_back(two_demos):
    """The demo shop's UPDs: valid against the FNS 5.03 schema, the same lines and totals read back."""
    from decimal import Decimal

    from boclerk.db.database import Database
    from boclerk.formats.einvoice import read_invoice
    from boclerk.formats.upd_out import write_upd
    from boclerk.services.sales.upd import order_shipments, upd_document
    from boclerk.services.sales.orders import order_by_number
    from tests.formats.upd_schema import errors

    path, _, _ = two_demos[0]
    db = Database.open(location_from(str(path), "test"))
    checked = organisations = 0
    try:
        with db.read("admin") as uow:
            numbers = [n for (n,) in uow.s.execute(sqlalchemy.text(
                "SELECT DISTINCT o.number FROM sales_order o JOIN shipment s ON s.order_id = o.id "
                "WHERE s.kind = 'ship' ORDER BY 1"))]
            for number in numbers:
                shipments = order_shipments(uow, order_by_number(uow, number))
                for n, s in enumerate(shipments, start=1):
                    doc, _, _ = upd_document(uow, number, n)
                    data = write_upd(doc)
                    assert errors(data) == [], number
                    inv = read_invoice(data)
                    assert (inv.total_net, inv.total_vat) == (Decimal(s.net) / 100, Decimal(s.vat) / 100), number
                    assert [x.vat_rate for x in inv.lines] == [x.vat_rate for x in doc.lines]
                    checked += 1
                    if doc.buyer.kpp:
                        assert doc.buyer.kind == "org" and f'КПП="{doc.buyer.kpp}"'.encode("cp1251") in data
                        organisations += 1
            orgs = uow.s.execute(sqlalchemy.text(
                "SELECT tax_id, kpp, address FROM customer WHERE kind = 'organisation'")).all()
    finally:
        db.close()
    assert checked > 50
    # some demo customers are businesses, with an INN, a KPP and an address, and their UPDs name them
    assert len(orgs) >= 10 and all(len(inn) == 10 and kpp[:4] == inn[:4] and address for inn, kpp, address in orgs)
    assert organisations > 0


#: the words of the English demo (seed 7): what a clerk reads in every table that holds them
ENGLISH_WORDS = {"product": "sku, name, category", "customer": "code, name, email, address",
                 "supplier": "code, name, contact, email", "staff": "code, name, position",
                 "equipment": "number, name, category, location, write_off_reason",
                 "contract": "number, party_name, subject",
                 "journal_entry": "id, memo", "stock_move": "id, reason", "warehouse": "code, name",
                 "sales_order": "number, delivery_address", "supply_request": "number, note",
                 "department_budget": "category", "maintenance_plan": "what", "app_user": "name, full_name"}


def test_the_english_demo_says_what_it_always_said(two_demos):
    """Built in English the demo keeps its words, row for row (the snapshots and figures of other
    tests read them): a fingerprint over them, to be changed only on purpose."""
    import hashlib

    path, _, _ = two_demos[0]
    con = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for table, columns in ENGLISH_WORDS.items():
            for row in con.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}"):
                digest.update(repr(row).encode())
        assert con.execute("SELECT name FROM product WHERE sku = 'KIT-001'").fetchone() == ("Chef knife",)
    finally:
        con.close()
    # the memos the services write are in the language of the books, English for the demo built in
    # English (its shop's locale is Russian: days and roubles as a Russian shop writes them)
    assert digest.hexdigest() == "945654ff1cd289a9916c39ef47f9422f7cbbdc11b8e835516c52e8ba90614624"
