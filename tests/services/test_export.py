"""``boclerk export``: the journal read by hledger, ledger and beancount, which must agree with
boclerk's trial balance to the kopeck on the demo shop; CSV that imports again unchanged.

The tools are oracles no one here wrote (DESIGN.md section 7); tests/oracles.py finds
hledger and ledger, beancount comes with the test extra.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from boclerk.errors import InvalidInput, NotPermitted
from boclerk.formats.journal import FORMATS, ExportAccount, account_name
from boclerk.services.exchange import export
from boclerk.services.exchange.export import (
    CSV_KINDS,
    export_csv,
    export_journal,
    journal_accounts,
)
from boclerk.services.exchange.importing import import_file
from boclerk.services.ledger.reports import movements, trial_balance
from boclerk.services.platform.setup import init_database
from boclerk.settings import location_from
from tests.conftest import BACKENDS, PG_URL
from tests.oracles import require_tool
from tests.services.trade_helpers import act, add_customer, confirmed, set_day, shop

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("export")

DEMO_ACCOUNTANT = "vera"  # the demo shop's accountant
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}  # hledger reads the locale's encoding


# -- the tools ----------------------------------------------------------------------------------

def _run(*args: str) -> str:
    """Run a tool: it must exit 0 and say nothing on stderr. Returns its stdout."""
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert done.returncode == 0 and done.stderr == "", (args, done.returncode, done.stderr[:2000])
    return done.stdout


def _bean_check() -> str:
    path = Path(sys.executable).parent / "bean-check"
    found = str(path) if path.exists() else shutil.which("bean-check")
    if found is None:
        pytest.fail(f"bean-check is not installed; install beancount with `{sys.executable} -m pip install "
                    "beancount` (the journal export is checked against it).")
    return found


def _amount(text_: str, currency: str) -> Decimal:
    return Decimal(text_.replace(currency, "").replace(",", "").strip() or "0")


def tool_balances(fmt: str, path: Path, currency: str = "RUB") -> dict[str, Decimal]:
    """Check the file with the tool for ``fmt`` and return the balance it prints per account."""
    if fmt == "hledger":
        hledger = require_tool("hledger")
        _run(hledger, "-f", str(path), "check", "-s")
        rows = list(csv.reader(io.StringIO(_run(hledger, "-f", str(path), "bal", "--flat", "-E", "-O", "csv",
                                                "--no-total"))))
        assert rows[0] == ["account", "balance"]
        return {name: _amount(amount, currency) for name, amount in rows[1:]}
    if fmt == "ledger":
        ledger = require_tool("ledger")
        _run(ledger, "-f", str(path), "--pedantic", "bal")
        out = _run(ledger, "-f", str(path), "--pedantic", "--explicit", "balance", "--flat", "--no-total",
                   "--empty", "--balance-format", "%(account)\t%(quantity(display_total))\t"
                                                  "%(commodity(display_total))\n")
        balances = {}
        for line in out.splitlines():
            name, amount, commodity = line.split("\t")
            assert commodity in (currency, ""), line
            balances[name] = _amount(amount, currency)
        return balances
    _run(_bean_check(), str(path))
    from beancount import loader
    from beancount.core import realization

    directives, errors, _ = loader.load_file(str(path))
    assert errors == []
    return {real.account: real.balance.get_currency_units(currency).number
            for real in realization.iter_children(realization.realize(directives)) if real.txn_postings}


def assert_agrees(fmt: str, path: Path, accounts: list[ExportAccount], expected: dict[str, int]) -> None:
    """The tool's balance of every account equals ``expected`` (minor units by account code)."""
    balances = tool_balances(fmt, path)
    for account in accounts:
        got = balances.get(account_name(account, fmt), Decimal(0))
        assert got == Decimal(expected.get(account.code, 0)).scaleb(-2), (fmt, account.code, got)


def write(db, fmt: str, path: Path, user: str = "acc", **kwargs) -> int:
    with db.read(user) as uow, path.open("w", encoding="utf-8", newline="") as out:
        return export_journal(uow, fmt, out, **kwargs)


# -- the demo shop, once per backend ------------------------------------------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory):
    """The demo shop (a few simulated months plus bulk orders), on each backend."""
    from boclerk.demo.shop import build_demo

    with pytest.MonkeyPatch.context() as mp:  # a PostgreSQL demo keeps its documents under the test's folder
        folder = tmp_path_factory.mktemp("demo-documents")
        (folder / "boclerk.toml").write_text(f'documents = "{folder / "documents"}"\n')
        mp.setenv("BOCLERK_CONFIG", str(folder / "boclerk.toml"))
        yield from _demo(request, tmp_path_factory, build_demo)


def _demo(request, tmp_path_factory, build_demo):
    if request.param == "sqlite":
        loc = location_from(str(tmp_path_factory.mktemp("demo") / "demo.db"), "test")
        # its accounts named in Russian: the files and the tools take Cyrillic names (the PostgreSQL demo's are English)
        db, _ = build_demo(loc, admin="admin", seed=5, orders=80 + 400, simulated=80, names_in="ru")
        yield db
        db.close()
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = location_from(PG_URL, "test").url
    name = f"boclerk_demo_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        db, _ = build_demo(location_from(url, "test"), admin="admin", seed=5, orders=80 + 400, simulated=80)
        yield db
        db.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n "
                              "AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _last_day(db) -> date:
    with db.engine.connect() as conn:
        value = conn.execute(text("SELECT MAX(entry_date) FROM journal_entry WHERE status = 'posted'")).scalar()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_tools_accept_the_demo_books_and_agree_with_the_trial_balance(demo, fmt, tmp_path):
    path = tmp_path / f"demo.{fmt}"
    count = write(demo, fmt, path, DEMO_ACCOUNTANT)
    with demo.read(DEMO_ACCOUNTANT) as uow:
        tb = trial_balance(uow, _last_day(demo))
        accounts = journal_accounts(uow)
        posted = uow.s.execute(text("SELECT COUNT(*) FROM journal_entry WHERE status = 'posted'")).scalar_one()
    assert count == posted > 500
    expected = {row.code: row.balance for row in tb.rows}
    assert len(expected) > 10
    assert_agrees(fmt, path, accounts, expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_period_exports_its_movements(demo, fmt, tmp_path):
    last = _last_day(demo)
    start, end = last.replace(day=1), last
    path = tmp_path / f"month.{fmt}"
    count = write(demo, fmt, path, DEMO_ACCOUNTANT, start=start, end=end)
    with demo.read(DEMO_ACCOUNTANT) as uow:
        moved = {}
        codes = {a.id: a.code for a in uow.s.execute(text("SELECT id, code FROM account"))}
        for (acc, _), (dr, cr) in movements(uow, start, end).items():
            moved[codes[acc]] = moved.get(codes[acc], 0) + dr - cr
        accounts = journal_accounts(uow)
    assert count > 0
    assert_agrees(fmt, path, accounts, moved)


@pytest.mark.parametrize("fmt", FORMATS)
def test_pages_of_entries_make_the_same_file_as_one(demo, fmt):
    files = []
    for page in (7, 1_000_000):
        out = io.StringIO()
        with demo.read(DEMO_ACCOUNTANT) as uow:
            export_journal(uow, fmt, out, page=page)
        files.append(out.getvalue())
    assert files[0] == files[1]
    first_entry = files[0].index("\n\n2")
    assert files[0].count(files[0][:first_entry]) == 1  # one header


def test_entries_are_written_by_date_with_number_source_and_department(demo):
    out = io.StringIO()
    with demo.read(DEMO_ACCOUNTANT) as uow:
        export_journal(uow, "hledger", out)
    heads = [line for line in out.getvalue().splitlines() if line[:2] == "20"]
    assert heads == sorted(heads, key=lambda h: h[:10])
    assert any("(JE-" in h for h in heads)
    assert "    ; source: SO-" in out.getvalue() and "; department: SALES" in out.getvalue()


def test_an_empty_journal_is_valid(db, tmp_path):
    for fmt in FORMATS:
        path = tmp_path / f"empty.{fmt}"
        assert write(db, fmt, path) == 0
        assert tool_balances(fmt, path) is not None


def test_export_needs_the_export_permission(db):
    for user in ("clerk", "wh", "viewer"):
        with pytest.raises(NotPermitted), db.read(user) as uow:
            export_journal(uow, "hledger", io.StringIO())
        with pytest.raises(NotPermitted), db.read(user) as uow:
            export_csv(uow, "customers", io.StringIO())


def test_bad_requests_are_refused(db):
    with db.read("acc") as uow:
        with pytest.raises(InvalidInput, match="'gnucash' is not a journal format; choose one of: hledger, ledger"):
            export_journal(uow, "gnucash", io.StringIO())
        with pytest.raises(InvalidInput, match=r"The period starts \(01\.02\.2026\) after it ends \(01\.01\.2026\)"):
            export_journal(uow, "ledger", io.StringIO(), start=date(2026, 2, 1), end=date(2026, 1, 1))
        with pytest.raises(InvalidInput, match="'invoices' is not something boclerk exports as CSV"):
            export_csv(uow, "invoices", io.StringIO())
        with pytest.raises(InvalidInput, match="--from and --to apply to orders, order-lines, entries, postings; "
                                               "not to products"):
            export_csv(uow, "products", io.StringIO(), start=date(2026, 1, 1))


# -- CSV --------------------------------------------------------------------------------------

def csv_text(db, kind: str, user: str = "acc", **kwargs) -> str:
    out = io.StringIO()
    with db.read(user) as uow:
        export_csv(uow, kind, out, **kwargs)
    return out.getvalue()


def table(db, kind: str, **kwargs) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(db, kind, **kwargs))))


HISTORY = (
    b"order_number,order_date,customer_code,sku,quantity,unit_price,discount_percent,status,channel\n"
    b"H-1,2025-03-01,ANNA,MUG,2,1200,,delivered,website\n"
    b"H-1,2025-03-01,ANNA,DELIVERY,1,300,,delivered,website\n"
    b"H-2,2025-04-02,BORIS,LAMP,1,3000,12.5,shipped,phone\n"
    b"H-3,2025-04-03,BORIS,LAMP,1,3000,,cancelled,phone\n"
)


@pytest.fixture
def store(db):
    """The small shop with live orders in several states and imported history."""
    from boclerk.services.sales.orders import LineInput, create_order
    from boclerk.services.sales.shipping import ship_order

    set_day(db, date(2026, 6, 1))
    shop(db)
    add_customer(db, "EVIL", "=HYPERLINK(\"http://x\")", phone="+7 900 000-00-00", address="@home")
    confirmed(db, "ANNA", ("MUG", 2), ("KETTLE", 1, None, 500), channel_ref="W-1")
    shipped = confirmed(db, "BORIS", ("LAMP", 1), channel="phone")
    act(db, "wh", ship_order, shipped)
    act(db, "clerk", create_order, "EVIL", [LineInput("MUG", 1)], channel="shop")
    import_file(db, "admin", "orders", HISTORY, what="history.csv")
    return db


def test_every_kind_has_its_columns(store):
    expected = {
        "orders": "order_number,order_date,customer_code,sku,quantity,unit_price,discount_percent,status,channel",
        "products": "sku,name,price,category,unit,vat_rate,cost,barcode,reorder_point,reorder_qty,supplier_code,kind",
        "customers": "code,name,email,phone,address",
        "suppliers": "code,name,tax_id,email,phone,address,payment_terms_days",
        "stock": "sku,warehouse,counted_qty,unit_cost",
        "order-lines": ",".join(export.ORDER_LINE_COLUMNS),
        "entries": ",".join(export.ENTRY_COLUMNS),
        "postings": ",".join(export.POSTING_COLUMNS),
    }
    assert set(expected) == set(CSV_KINDS)
    for kind, header in expected.items():
        assert csv_text(store, kind).splitlines()[0] == header, kind


def test_formulas_are_neutralised_and_numbers_stay_numbers(store):
    evil = next(r for r in table(store, "customers") if r["code"] == "EVIL")
    assert evil["name"] == "'=HYPERLINK(\"http://x\")" and evil["phone"] == "'+7 900 000-00-00"
    assert evil["address"] == "'@home"
    postings = table(store, "postings")
    assert any(r["amount"].startswith("-") for r in postings)  # credits: plain negative numbers
    assert all(Decimal(r["amount"]) for r in postings)
    assert sum(Decimal(r["amount"]) for r in postings) == 0
    orders = table(store, "orders")
    assert {r["order_number"] for r in orders} >= {"W-1", "H-1", "H-2", "H-3"}
    h2 = next(r for r in orders if r["order_number"] == "H-2")
    assert (h2["unit_price"], h2["discount_percent"], h2["status"]) == ("3000.00", "12.5", "shipped")
    lines = table(store, "order-lines")
    assert {r["historical"] for r in lines} == {"yes", "no"}
    assert all(r["order_number"].startswith("SO-") for r in lines)


def test_dated_kinds_take_a_period(store):
    orders = table(store, "orders", start=date(2025, 4, 1), end=date(2025, 4, 30))
    assert {r["order_number"] for r in orders} == {"H-2", "H-3"}
    assert table(store, "entries", start=date(2020, 1, 1), end=date(2020, 1, 2)) == []


def test_pages_of_rows_make_the_same_csv(store, monkeypatch):
    whole = {kind: csv_text(store, kind) for kind in CSV_KINDS}
    monkeypatch.setattr(export, "PAGE", 2)
    for kind in CSV_KINDS:
        assert csv_text(store, kind) == whole[kind], kind


def test_export_then_import_into_a_fresh_database_gives_the_same_data(store, backend, empty_location, tmp_path):
    kinds = ("suppliers", "products", "customers", "stock", "orders")
    first = {kind: csv_text(store, kind) for kind in kinds}
    fresh = init_database(empty_location, admin="admin", company="Fresh", currency="RUB", locale="ru")
    try:
        set_day(fresh, date(2026, 6, 1))
        for kind in kinds:
            result = import_file(fresh, "admin", "stock-count" if kind == "stock" else kind,
                                 first[kind].encode(), what=f"{kind}.csv")
            assert result.added > 0, kind
        second = {kind: csv_text(fresh, kind, "admin") for kind in kinds}
        assert second == first
        # and the second database sells the same: the history and the shipped order count alike
        from boclerk.services.sales.report import sales_report

        reports = []
        for database in (store, fresh):
            with database.read("admin") as uow:
                r = sales_report(uow, date(2025, 1, 1), date(2026, 6, 30), by="customer")
                reports.append([(row.key, row.orders, row.qty, row.total) for row in r.rows])
        assert reports[0] == reports[1]
    finally:
        fresh.close()


def test_the_sqlite_demo_books_are_named_in_russian(demo):
    """What the export tests above read on SQLite: a chart named in Russian (codes as seeded)."""
    with demo.read(DEMO_ACCOUNTANT) as uow:
        names = dict(uow.s.execute(text("SELECT code, name FROM account")).all())
    if demo.dialect == "sqlite":
        assert (names["1010"], names["4000"], names["2300"]) == ("Расчётный счёт", "Выручка от продаж", "НДС к уплате")
    else:
        assert (names["1010"], names["4000"]) == ("Bank", "Sales revenue")
