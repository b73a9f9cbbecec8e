"""The demo shop built in Russian: its words are Russian, its shop the same as the English one."""

import re
import sqlite3
from decimal import Decimal

import pytest
import sqlalchemy

from boclerk.demo import data, data_ru
from boclerk.demo.shop import build_demo
from boclerk.services.platform.checks import run_checks
from boclerk.settings import location_from
from tests.services.doc_samples import document_store  # noqa: F401  (autouse: a PostgreSQL demo keeps its documents there)

#: the module's shared shop is built once: its tests run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("demo_ru")

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
LATIN = re.compile("[a-z]", re.IGNORECASE)
#: the columns that hold words: they differ between the languages, nothing else does
WORDS = {
    "product": ("name", "category"), "customer": ("name", "address"), "supplier": ("name", "contact"),
    "sales_order": ("delivery_address",), "journal_entry": ("memo",), "stock_move": ("reason",),
    "warehouse": ("name",), "staff": ("name", "position"),
    "equipment": ("name", "category", "location", "write_off_reason"), "supplier_bill": ("hold_reason",),
    "purchase_order": ("notes",),
}
#: tables whose every row, words aside, is the same in both languages
SAME = ("product", "customer", "supplier", "sales_order", "order_line", "order_payment", "shipment", "purchase_order",
        "po_line", "supplier_bill", "posting", "stock_move", "stock_level", "account_balance", "journal_entry",
        "staff", "supply_request", "request_line", "equipment", "contract", "bank_line")
#: what differs besides words: the hash chain over the words, and where they appear in it
NOT_COMPARED = {"journal_entry": ("hash", "prev_hash"), "supply_request": ("note",), "request_line": ("reason",),
                "contract": ("party_name", "subject"), "bank_line": ("counterparty_name", "reason")}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A small demo in English and the same in Russian (same seed, a few hundred orders in bulk)."""
    base = tmp_path_factory.mktemp("demo-ru")
    found = {}
    for language in ("en", "ru"):
        path = base / f"{language}.db"
        db, summary = build_demo(location_from(str(path), "test"), admin="admin", seed=11, orders=60 + 300,
                                 simulated=60, names_in=language)
        report = run_checks(db, "admin")
        db.close()
        found[language] = (path, summary, report)
    return found


def _rows(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_russian_demo_passes_db_check(both):
    _, summary, report = both["ru"]
    assert report.ok, report.violations
    assert summary == both["en"][1]


def test_the_demo_is_named_in_its_own_language(both):
    names = {}
    for language, (path, *_rest) in both.items():
        con = sqlite3.connect(path)
        try:
            names[language] = con.execute("SELECT name FROM company").fetchone()[0]
        finally:
            con.close()
    assert names == {"en": "Demo Shop", "ru": "Демо-магазин"}


def test_its_products_customers_and_suppliers_are_cyrillic(both):
    path = both["ru"][0]
    for table, column in (("product", "name"), ("product", "category"), ("customer", "name"),
                          ("customer", "address"), ("supplier", "name"), ("supplier", "contact"),
                          ("staff", "name"), ("equipment", "name"), ("warehouse", "name"), ("account", "name")):
        words = [w for (w,) in _rows(path, f"SELECT {column} FROM {table}")]
        assert words and all(CYRILLIC.search(w) for w in words), (table, column, [w for w in words
                                                                                 if not CYRILLIC.search(w)])
    # the codes stay: SKUs, customers' and suppliers' codes, and the emails are ASCII
    assert {s[:3] for (s,) in _rows(path, "SELECT sku FROM product WHERE sku LIKE '%-%'")} >= {"KIT", "OFF"}
    assert all(e.isascii() for (e,) in _rows(path, "SELECT email FROM customer UNION SELECT email FROM supplier"))
    names = {n for (n,) in _rows(path, "SELECT name FROM product")}
    assert {"Нож поварской", "Сковорода 28 см", "Доставка"} <= names
    assert all(n.startswith(("ООО «", "АО «", "ТД «", "ГК «")) for (n,) in _rows(path, "SELECT name FROM supplier"))
    addresses = [a for (a,) in _rows(path, "SELECT address FROM customer")]
    assert all(re.fullmatch(r"г\. [^,]+, [^,]+, д\. \d+, (кв\.|офис) \d+", a) for a in addresses)


def test_a_surname_agrees_with_the_first_name(both):
    """Иванов Иван, Иванова Ольга: a woman's surname ends in -а, a man's does not, customers,
    suppliers' contacts and staff alike."""
    names = (*data.FIRST_NAMES, "Boris", "Vera", "Gleb")  # and the staff's
    women = {data_ru.FIRST_NAMES[n] for n in names if data.female(n)}
    men = {data_ru.FIRST_NAMES[n] for n in names if not data.female(n)}
    path = both["ru"][0]
    people = _rows(path, "SELECT name FROM customer WHERE kind = 'person' UNION ALL SELECT contact FROM supplier "
                         "UNION ALL SELECT name FROM staff")
    seen = {"women": 0, "men": 0}
    for (name,) in people:
        surname, first = name.split(" ")
        assert first in women | men, name
        if first in women:
            assert surname.endswith("а"), name
            seen["women"] += 1
        else:
            assert surname.endswith(("ов", "ев", "ёв", "ин")), name
            seen["men"] += 1
    assert min(seen.values()) > 50


def test_the_same_seed_gives_the_same_shop_in_both_languages(both):
    """Only the words differ: every row's numbers, dates, codes and states are the same."""
    con_en, con_ru = sqlite3.connect(both["en"][0]), sqlite3.connect(both["ru"][0])
    try:
        differing = 0
        for table in SAME:
            columns = [c for (_, c, *_) in con_en.execute(f"PRAGMA table_info({table})")]
            kept = [c for c in columns if c not in WORDS.get(table, ()) + NOT_COMPARED.get(table, ())]
            order = "id" if "id" in columns else ", ".join(kept)
            sql = f"SELECT {', '.join(kept)} FROM {table} ORDER BY {order}"
            en, ru = con_en.execute(sql).fetchall(), con_ru.execute(sql).fetchall()
            assert len(en) == len(ru) > 0, table
            assert en == ru, table
            words = WORDS.get(table, ())
            if words:
                sql = f"SELECT {', '.join(words)} FROM {table} ORDER BY id"
                differing += sum(a != b for a, b in zip(con_en.execute(sql), con_ru.execute(sql), strict=True))
        assert differing > 500  # and the words did differ
    finally:
        con_en.close()
        con_ru.close()


def test_its_documents_read_back_in_cyrillic(both):
    """The morning post (a 1C statement in windows-1251, a UPD, a contract) is registered as in English,
    and the UPD of a shipment to a Russian-named customer validates and reads back."""
    from boclerk.db.database import Database
    from boclerk.formats import bank_1c
    from boclerk.formats.einvoice import read_invoice
    from boclerk.formats.upd_out import write_upd
    from boclerk.services.sales.orders import order_by_number
    from boclerk.services.sales.upd import order_shipments, upd_document
    from tests.formats.upd_schema import errors

    path = both["ru"][0]
    docs = _rows(path, "SELECT doc_type, status, sha256, original_name FROM document ORDER BY id")
    assert [(t, s) for t, s, _, _ in docs] == [("bank_statement", "filed"), ("upd", "filed"), ("contract", "inbox")]
    store = path.parent / f"{path.stem}.documents"
    raw = {t: (store / sha[:2] / sha[2:]).read_bytes() for t, _, sha, _ in docs}
    statement = bank_1c.read(raw["bank_statement"], docs[0][3])
    customers = {n for (n,) in _rows(path, "SELECT name FROM customer")}
    partners = customers | {n for (n,) in _rows(path, "SELECT name FROM supplier")}
    assert {ln.counterparty_name for ln in statement.lines} & partners  # read back from windows-1251
    upd = read_invoice(raw["upd"])
    assert all(CYRILLIC.search(ln.name) for ln in upd.lines) and upd.seller_name.startswith(("ООО", "АО", "ТД", "ГК"))
    assert raw["contract"].decode().startswith("ДОГОВОР ПОСТАВКИ") and not LATIN.search(raw["contract"].decode()[:40])
    db = Database.open(location_from(str(path), "test"))
    checked = set()
    try:
        with db.read("admin") as uow:
            numbers = [n for (n,) in uow.s.execute(sqlalchemy.text(
                "SELECT DISTINCT o.number FROM sales_order o JOIN shipment s ON s.order_id = o.id "
                "JOIN customer c ON c.id = o.customer_id WHERE s.kind = 'ship' ORDER BY c.kind, o.number"))]
            for number in numbers[:15] + numbers[-5:]:
                for n, s in enumerate(order_shipments(uow, order_by_number(uow, number)), start=1):
                    doc, _, _ = upd_document(uow, number, n)
                    written = write_upd(doc)
                    assert errors(written) == [], number
                    back = read_invoice(written)
                    assert (back.total_net, back.total_vat) == (Decimal(s.net) / 100, Decimal(s.vat) / 100)
                    assert CYRILLIC.search(back.buyer_name) and back.buyer_name in customers, back.buyer_name
                    checked.add(doc.buyer.kind)
    finally:
        db.close()
    assert checked == {"org", "person"}


def test_a_russian_demo_with_bulk_orders_passes_db_check(tmp_path, backend, empty_location):
    """On either database: the Cyrillic words go in through the services and in bulk alike."""
    location = empty_location if backend != "sqlite" else location_from(str(tmp_path / "bulk.db"), "t")
    db, summary = build_demo(location, admin="admin", seed=3, orders=40 + 500, simulated=40, names_in="ru")
    try:
        assert summary.bulk_orders == 500
        report = run_checks(db, "admin")
        assert report.ok, report.violations
        with db.read("admin") as uow:
            memos = set(uow.s.scalars(sqlalchemy.text("SELECT memo FROM journal_entry WHERE source_ref = 'OPENING'")))
            names = list(uow.s.scalars(sqlalchemy.text("SELECT name FROM product ORDER BY sku")))
        assert memos == {"Вводные остатки товаров для истории заказов"}
        assert len(names) > 150 and all(CYRILLIC.search(n) for n in names)
    finally:
        db.close()


#: what an order's entries say in a Russian shop: paid (and how), shipped, goods back, money back
ORDER_MEMO = re.compile(r"(Оплата заказа|Отгрузка заказа|Возврат товара по заказу|Возврат оплаты по заказу) "
                        r"SO-\d{4}-\d{6}( \((карта|банк|наличные|брак)\))?")


def test_its_books_read_russian_on_the_service_path_and_in_bulk_alike(both):
    """The orders acted out day by day (the services) and those added in bulk write the same Russian
    memos into the books, the shop's language being Russian."""
    path = both["ru"][0]
    rows = _rows(path, "SELECT created_by = 'system', memo FROM journal_entry WHERE source_kind = 'order'")
    by_path = {bulk: [m for b, m in rows if b == bulk] for bulk in (0, 1)}
    assert len(by_path[0]) > 100 and len(by_path[1]) == 2 * 300  # each bulk order: paid, then shipped
    assert all(ORDER_MEMO.fullmatch(m) for m in by_path[0] + by_path[1]), [
        m for m in by_path[0] + by_path[1] if not ORDER_MEMO.fullmatch(m)][:5]
    kinds = {m.split(" SO-")[0] for m in by_path[0]}
    assert {"Оплата заказа", "Отгрузка заказа"} <= kinds
    assert {m.split(" SO-")[0] for m in by_path[1]} == {"Оплата заказа", "Отгрузка заказа"}
    others = [m for (m,) in _rows(path, "SELECT memo FROM journal_entry WHERE source_kind IN ('po', 'bill', 'stock')")]
    assert others and not any(m.startswith(("Receipt", "Bill ", "Payment of", "Stocktake", "Write-off", "Adjustment"))
                              for m in others)
