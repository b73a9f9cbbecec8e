"""``boclerk import``, ``boclerk export`` and ``boclerk report sales`` by hand, as a new user would
run them: files written here, exit codes, one-sentence refusals, and the issue's "done when":
a store's data in the CSV forms imports, shows up in find/show and the reports, and exports to
a journal that hledger, ledger and beancount accept and agree with."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from boclerk.formats.journal import FORMATS, ExportAccount
from tests.services.test_export import assert_agrees


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def refused(r, code: int, *phrases: str):
    """A refusal: the exit code, no traceback, the phrases on stderr, nothing on stdout."""
    assert r.exit_code == code, (r.exit_code, r.stdout, r.stderr)
    assert "Traceback" not in r.output
    for phrase in phrases:
        assert phrase in r.stderr, r.stderr
    assert r.stdout == ""
    return r


def write(path, *lines: str, encoding: str = "utf-8", bom: bool = False):
    data = ("\n".join(lines) + "\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" + data) if bom else data)
    return str(path)


def count(db, table: str) -> int:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


# -- import ---------------------------------------------------------------------------------


def test_import_by_hand(cli, db, tmp_path):
    customers = write(tmp_path / "customers.csv", "code;name;email", "ANNA;Анна Петрова;anna@example.com",
                      "BORIS;Борис Иванов;", encoding="cp1251")
    r = ok(cli("import", "customers", customers, "--dry-run"))
    assert r.stderr.strip() == ("Checked customers.csv: 2 rows, 2 new, 0 updated, 0 unchanged. "
                                "Dry run: nothing was written.")
    assert count(db, "customer") == 0
    r = ok(cli("import", "customers", customers))
    assert r.stderr.strip() == "Imported customers.csv: 2 rows, 2 new, 0 updated, 0 unchanged."
    assert r.stdout == ""
    r = ok(cli("import", "customers", customers, "--json"))
    assert json.loads(r.stdout) == {"kind": "customers", "file": "customers.csv", "rows": 2, "added": 0,
                                    "updated": 0, "unchanged": 2, "dry_run": False, "notes": []}
    r = ok(cli("customer", "show", "ANNA", "--json"))
    assert json.loads(r.stdout)["name"] == "Анна Петрова"


def test_import_refusals_are_one_sentence_and_change_nothing(cli, db, tmp_path):
    refused(cli("import", "customers", str(tmp_path / "missing.csv")), 2, "There is no file")
    refused(cli("import", "customers", str(tmp_path)), 2, "is a directory")
    bad = write(tmp_path / "c.csv", "code,name,fax", "A,B,C")
    refused(cli("import", "customers", bad), 2, "c.csv has an unknown column: 'fax'.")
    rows = ["code,name,email"] + [f"C{i},Customer {i},c{i}@example.com" for i in range(2, 80)]
    rows[56] = "C57,Customer 57,@@"
    r = refused(cli("import", "customers", write(tmp_path / "many.csv", *rows)), 2)
    assert r.stderr.strip() == "many.csv line 57, column email: '@@' is not an email address."
    assert count(db, "customer") == 0
    good = write(tmp_path / "ok.csv", "code,name", "A,B")
    for user, code in (("clerk", 3), ("viewer", 3)):
        refused(cli("import", "customers", good, user=user), code, "may not import data")
    refused(cli("import", "invoices", good), 2)  # no such command
    assert count(db, "customer") == 0


def test_a_confirmed_order_without_stock_is_refused_with_its_line(cli, tmp_path):
    ok(cli("import", "products", write(tmp_path / "p.csv", "sku,name,price", "MUG,Mug,1200")))
    ok(cli("import", "customers", write(tmp_path / "c.csv", "code,name", "ANNA,Anna")))
    orders = write(tmp_path / "o.csv", "order_number,order_date,customer_code,sku,quantity,unit_price,status",
                   f"W-1,{date.today() - timedelta(days=1)},ANNA,MUG,2,1200,confirmed")
    r = refused(cli("import", "orders", orders), 1, "o.csv line 2 (order W-1): Cannot confirm",
                "MUG has 0 available, 2 needed. Import the stock count first")
    assert len(r.stderr.strip().splitlines()) == 1


# -- export ---------------------------------------------------------------------------------


def test_export_by_hand(cli, tmp_path):
    ok(cli("import", "products", write(tmp_path / "p.csv", "sku,name,price,cost", "MUG,Mug,1200,500")))
    ok(cli("import", "stock-count", write(tmp_path / "s.csv", "sku,warehouse,counted_qty", "MUG,MAIN,10")))
    r = ok(cli("export", "journal", "--format", "ledger", user="acc"))
    assert "Equity:3900 Opening balances" in r.stdout and "5000.00 RUB" in r.stdout
    assert r.stderr.strip() == "Exported 1 journal entry for ledger."
    target = tmp_path / "out" / "books.beancount"
    target.parent.mkdir()
    r = ok(cli("export", "journal", "-f", "beancount", "-o", str(target)))
    assert r.stdout == "" and target.read_text().count('number: "JE-') == 1
    assert [p.name for p in target.parent.iterdir()] == ["books.beancount"]  # no temporary file left
    r = ok(cli("export", "csv", "stock"))
    assert r.stdout == "sku,warehouse,counted_qty,unit_cost\nMUG,MAIN,10,500.00\n"
    refused(cli("export", "csv", "postings", "-o", str(tmp_path / "p.csv")), 2,
            f"{tmp_path / 'p.csv'} already exists; give --force to overwrite it.")
    assert (tmp_path / "p.csv").read_text().startswith("sku,name,price,cost")
    r = ok(cli("export", "csv", "postings", "--from", "2000-01-01", "-o", str(tmp_path / "p.csv"), "--force"))
    assert r.stderr.strip() == f"Exported 2 rows of postings to {tmp_path / 'p.csv'}."
    events = [(e["action"], e["after"]["path"], e["after"]["replaced"])
              for e in json.loads(ok(cli("audit", "--entity", "file", "--json")).stdout)]
    assert events == [("file.replace", str(tmp_path / "p.csv"), True),
                      ("file.write", str(target), False)]


def test_export_refusals(cli, tmp_path):
    refused(cli("export", "journal", "--format", "gnucash"), 2, "'gnucash' is not a journal format")
    refused(cli("export", "journal", "--format", "hledger", "--from", "long ago"), 2,
            "--from: 'long ago' is not a date")
    refused(cli("export", "csv", "invoices"), 2, "'invoices' is not something boclerk exports as CSV")
    out = tmp_path / "out"
    out.mkdir()
    refused(cli("export", "csv", "products", "--from", "2026-01-01", "-o", str(out / "products.csv")), 2,
            "--from and --to apply to orders, order-lines, entries, postings; not to products.")
    refused(cli("export", "journal", "-f", "hledger", "-o", str(out / "j.journal"), user="clerk"), 3)
    assert list(out.iterdir()) == []  # nothing left behind
    refused(cli("export", "csv", "products", "-o", str(out / "no" / "where.csv")), 2, "There is no folder")
    refused(cli("export", "csv", "products", "-o", str(out)), 2, "is a directory")
    refused(cli("export", "csv", "customers", user="clerk"), 3, "may not export data")


# -- the sales report -----------------------------------------------------------------------


def test_report_sales_by_hand(cli, tmp_path):
    ok(cli("import", "products", write(tmp_path / "p.csv", "sku,name,price", "MUG,Mug,1200", "LAMP,Lamp,3000")))
    ok(cli("import", "customers", write(tmp_path / "c.csv", "code,name", "ANNA,Anna", "BORIS,Boris")))
    ok(cli("import", "orders", write(tmp_path / "o.csv",
                                     "order_number,order_date,customer_code,sku,quantity,unit_price,status",
                                     "1,2025-01-05,ANNA,MUG,2,1200,delivered", "1,2025-01-05,ANNA,LAMP,1,3000,delivered",
                                     "2,2025-02-07,BORIS,LAMP,1,2900,shipped",
                                     "3,2025-02-08,BORIS,LAMP,1,2900,cancelled")))
    r = ok(cli("report", "sales", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "month", "--json",
               user="viewer"))
    data = json.loads(r.stdout)
    assert (data["total"], data["net"], data["orders"], data["qty"]) == ("8300.00", "6916.67", 2, "4")
    assert [(row["key"], row["total"]) for row in data["rows"]] == [("2025-01", "5400.00"), ("2025-02", "2900.00")]
    r = ok(cli("report", "sales", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "product", "--csv"))
    assert r.stdout.splitlines() == ["sku,name,orders,qty,net,vat,total", "LAMP,Lamp,2,2,4916.67,983.33,5900.00",
                                     "MUG,Mug,1,2,2000.00,400.00,2400.00"]
    r = ok(cli("report", "sales", "--from", "2025-01-01", "--to", "2025-12-31"))
    assert "05.01.2025" in r.stdout and "2025-01-05" not in r.stdout and re.search(r"Total\s+│\s+2\s+│\s+4\s+│", r.stdout)
    refused(cli("report", "sales", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "week"), 2,
            "'week' is not a way to group sales")
    refused(cli("report", "sales", "--from", "2025-12-31", "--to", "2025-01-01"), 2, "starts (31.12.2025) after")
    r = ok(cli("report", "sales", "--from", "2020-01-01", "--to", "2020-01-31"))
    assert "none" in r.stderr


# -- done when ----------------------------------------------------------------------------------


def _store_files(tmp_path, rng: random.Random) -> tuple[dict[str, str], dict]:
    """A store's data as its own spreadsheets would give it: three years of orders."""
    today = date.today()
    suppliers = ["code,name,tax_id,email,phone,payment_terms_days",
                 "POT,Гончарная мастерская,7707083893,sales@pot.example.com,+7 495 111-22-33,30",
                 "LUX,Свет и Ко,500100732259,,,14"]
    products = ["sku;name;price;category;unit;vat_rate;cost;barcode;supplier_code;kind"]
    goods = []
    for i in range(1, 21):
        price = rng.randrange(300, 5000)
        sku = f"{'MUG' if i % 2 else 'LMP'}-{i:03d}"
        goods.append((sku, price))
        products.append(f"{sku};{'Кружка' if i % 2 else 'Лампа'} №{i};{price},00;{'Кухня' if i % 2 else 'Свет'};"
                        f"шт;20;{price * 45 // 100},00;46000000{i:05d};{'POT' if i % 2 else 'LUX'};goods"
                        .replace("шт", "pcs"))
    products.append("DELIVERY;Доставка;350,00;Услуги;pcs;20;;;;service")
    customers = ["code,name,email,phone,address"]
    for i in range(1, 41):
        customers.append(f"C{i:03d},Customer {i},customer{i}@example.com,+7 912 000-{i:02d}-{i:02d},"
                         f"\"Moscow, street {i}\"")
    stock = ["sku,warehouse,counted_qty,unit_cost"] + [f"{sku},MAIN,{rng.randrange(20, 60)},{price * 45 // 100}"
                                                      for sku, price in goods]
    orders = ["order_number,order_date,customer_code,sku,quantity,unit_price,discount_percent,status,channel"]
    start = today - timedelta(days=3 * 365)
    expected = {"total": Decimal(0), "orders": 0}
    for n in range(1, 241):
        day = start + timedelta(days=n * (3 * 365 - 10) // 240)
        status = "delivered" if n % 17 else "cancelled"
        if n > 236:
            status = "confirmed" if n % 2 else "new"
        channel = ("website", "marketplace", "phone", "shop")[n % 4]
        customer = f"C{rng.randrange(1, 41):03d}"
        lines = rng.sample(goods, rng.randrange(1, 4))
        for sku, price in lines:
            qty = rng.randrange(1, 3)
            orders.append(f"{channel[0].upper()}-{n},{day},{customer},{sku},{qty},{price},,{status},{channel}")
            if status == "delivered":
                expected["total"] += qty * price
        if status == "delivered":
            expected["orders"] += 1
    files = {
        "suppliers": write(tmp_path / "suppliers.csv", *suppliers, bom=True),
        "products": write(tmp_path / "products.csv", *products, encoding="cp1251"),
        "customers": write(tmp_path / "customers.csv", *customers),
        "stock-count": write(tmp_path / "opening-stock.csv", *stock),
        "orders": write(tmp_path / "orders.csv", *orders),
    }
    expected["start"] = start
    return files, expected


def test_a_store_moves_in_and_its_books_go_out(cli, db, tmp_path):
    files, expected = _store_files(tmp_path, random.Random(11))
    for kind in ("suppliers", "products", "customers", "stock-count", "orders"):
        r = ok(cli("import", kind, files[kind]))
        assert r.stderr.startswith("Imported ")
    # everything again: nothing changes
    for kind in ("suppliers", "products", "customers", "stock-count", "orders"):
        r = ok(cli("import", kind, files[kind]))
        assert " 0 new" in r.stderr or "0 opening stock, 0 counted differently" in r.stderr, r.stderr
    ok(cli("db", "check"))

    # find and show
    r = ok(cli("find", "customer7@example.com", "--json", user="viewer"))
    found = json.loads(r.stdout)
    assert found[0]["kind"] == "customer" and found[0]["key"] == "C007"
    r = ok(cli("find", "W-4", "--kind", "order", "--json", user="viewer"))
    (order,) = json.loads(r.stdout)
    r = ok(cli("show", "order", order["key"], "--json", user="viewer"))
    shown = json.loads(r.stdout)
    assert shown["channel_ref"] == "W-4" and shown["historical"] is True and shown["status"] == "delivered"
    r = ok(cli("show", "product", "MUG-001", "--json", user="viewer"))
    assert json.loads(r.stdout)["product"]["name"] == "Кружка №1"
    r = ok(cli("show", "supplier", "POT", user="viewer"))
    assert "Гончарная мастерская" in r.stdout
    live = ok(cli("order", "list", "--status", "open", "--json", user="viewer"))
    assert len(json.loads(live.stdout)) == 2  # the two confirmed orders of the last days

    # the reports
    r = ok(cli("report", "sales", "--from", str(expected["start"]), "--to", str(date.today()), "--by", "month",
               "--json", user="viewer"))
    sales = json.loads(r.stdout)
    assert Decimal(sales["total"]) == expected["total"] and sales["orders"] == expected["orders"]
    assert len(sales["rows"]) > 30  # three years of months
    r = ok(cli("report", "stock-valuation", "--json", user="viewer"))
    valuation = json.loads(r.stdout)
    assert valuation["total"] == valuation["inventory_account"] != "0.00"
    r = ok(cli("report", "trial-balance", "--json", user="acc"))
    tb = json.loads(r.stdout)
    balances = {row["code"]: int(Decimal(row["balance"]) * 100) for row in tb["rows"]}
    assert balances["1200"] == -balances["3900"] > 0  # Dr inventory, Cr opening balances

    # the journal, for the three tools
    r = ok(cli("ledger", "accounts", "--json", user="acc"))
    accounts = [ExportAccount(a["code"], a["name"], a["type"]) for a in json.loads(r.stdout)]
    for fmt in FORMATS:
        path = tmp_path / f"books.{fmt}"
        ok(cli("export", "journal", "--format", fmt, "-o", str(path), user="acc"))
        assert_agrees(fmt, path, accounts, balances)

    # and the data back out, in the forms it came in
    r = ok(cli("export", "csv", "orders", user="acc"))
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == len(Path(files["orders"]).read_text().splitlines()) - 1
    assert {row["status"] for row in rows} == {"delivered", "cancelled", "confirmed", "new"}


@pytest.mark.parametrize("kind", ["products", "customers", "suppliers", "orders", "stock-count"])
def test_every_import_has_help(cli, kind):
    r = ok(cli("import", kind, "--help", db=False))
    assert "--dry-run" in r.stdout


def test_csv_comes_only_from_regular_files_and_never_hangs(cli, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$not-a-real-hash:19000:0:99999:7:::\n")
    (tmp_path / "link.csv").symlink_to(secret)
    os.mkfifo(tmp_path / "pipe.csv")  # a reader of a FIFO would wait for a writer forever
    refused(cli("import", "products", str(tmp_path / "link.csv")), 2,
            f"{tmp_path / 'link.csv'} is a symbolic link; boclerk reads only regular files, never links.")
    assert "root:" not in cli("import", "products", str(tmp_path / "link.csv")).stderr
    refused(cli("import", "products", str(tmp_path / "pipe.csv")), 2, "is a named pipe, not a regular file")
    refused(cli("import", "products", "/dev/zero"), 2, "/dev/zero is a device, not a regular file")
    long_header = write(tmp_path / "wide.csv", "sku,name,price," + "x" * 140_000, "A,B,1,")
    r = cli("import", "products", long_header)
    refused(r, 2, "wide.csv line 1: a value is too long.")
    assert len(r.stderr.strip().splitlines()) == 1
