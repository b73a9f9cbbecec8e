"""``boclerk shop``: the storefront link from the command line."""

from __future__ import annotations

import json

from tests.services.test_shop_export import schema
from tests.services.trade_helpers import shop, sql_one


def test_export_writes_both_files_validated_never_over_old_ones_and_then_only_changes(cli, db, tmp_path):
    shop(db)
    out = tmp_path / "site"
    out.mkdir()
    result = cli("shop", "export", "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["products"], summary["offers"], summary["only_changes"]) == (3, 3, False)
    for name in ("import.xml", "offers.xml"):
        data = (out / name).read_bytes()
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
        schema().validate(data.decode("utf-8"))
    before = (out / "import.xml").read_bytes()

    again = cli("shop", "export", "-o", str(out))
    assert again.exit_code == 2 and "already exists; give --force" in again.stderr
    assert (out / "import.xml").read_bytes() == before
    assert sql_one(db, "SELECT count(*) FROM shop_exchange") == 1

    nothing = cli("shop", "export", "-o", str(out), "--changes")
    assert nothing.exit_code == 0 and "Nothing changed since the last export" in nothing.stderr
    cli("product", "edit", "MUG", "--price", "1 250,00")
    changed = cli("shop", "export", "-o", str(out), "--changes", "--force", "--json")
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.stdout)["offers"] == 1
    assert b"1250.00" in (out / "offers.xml").read_bytes()
    assert sql_one(db, "SELECT count(*) FROM audit_event WHERE action = 'shop.export'") == 2


def test_export_refuses_a_viewer_and_a_missing_folder(cli, db, tmp_path):
    shop(db)
    out = tmp_path / "site"
    out.mkdir()
    assert cli("shop", "export", "-o", str(out), user="viewer").exit_code == 3
    missing = cli("shop", "export", "-o", str(out / "nope"))
    assert missing.exit_code == 2 and "is not a folder" in missing.stderr
    assert not list(out.iterdir())
    assert sql_one(db, "SELECT count(*) FROM shop_exchange") == 0


def test_import_orders_reports_each_order_and_imports_once(cli, db, tmp_path):
    from tests.services.test_shop_orders import document, site_order

    shop(db)
    path = tmp_path / "orders.xml"
    path.write_bytes(document(site_order("1001", [("", "MUG", "1200.00", "2")]),
                              site_order("1002", [("", "NOPE", "1.00", "1")])))
    result = cli("shop", "import-orders", str(path), "--json")
    assert result.exit_code == 0, result.output
    rows = {r["site_number"]: r for r in json.loads(result.stdout)}
    assert rows["1001"]["result"] == "new" and rows["1001"]["order"].startswith("SO-")
    assert rows["1002"]["result"] == "refused"
    assert "Order 1002: refused: line 1 (NOPE): no product with SKU NOPE." in result.stderr
    assert "1 new, 0 updated, 0 cancelled, 0 unchanged" in result.stderr
    again = cli("shop", "import-orders", str(path))
    assert "0 new, 0 updated, 0 cancelled, 1 unchanged" in again.stderr
    assert sql_one(db, "SELECT count(*) FROM sales_order WHERE channel = 'website' AND channel_ref = '1001'") == 1

    path.write_bytes(b"<not xml")
    bad = cli("shop", "import-orders", str(path))
    assert bad.exit_code == 2 and "is not well-formed XML" in bad.stderr
    assert cli("shop", "import-orders", str(tmp_path / "none.xml")).exit_code == 2


def test_statuses_to_a_file_once_then_nothing(cli, db, tmp_path):
    from tests.services.test_shop_orders import document, site_order

    shop(db)
    orders = tmp_path / "orders.xml"
    orders.write_bytes(document(site_order("1001", [("", "MUG", "1200.00", "1")])))
    cli("shop", "import-orders", str(orders))
    number = sql_one(db, "SELECT number FROM sales_order WHERE channel_ref = '1001'")
    assert cli("order", "confirm", number).exit_code == 0
    out = tmp_path / "statuses.xml"
    result = cli("shop", "statuses", "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert [(s["site_number"], s["status"]) for s in json.loads(result.stdout)] == [("1001", "confirmed")]
    schema().validate(out.read_bytes().decode("utf-8"))
    assert "Подтвержден".encode() in out.read_bytes()
    again = cli("shop", "statuses", "-o", str(out))
    assert again.exit_code == 0 and "nothing written" in again.stderr
    assert sql_one(db, "SELECT count(*) FROM shop_exchange WHERE direction = 'statuses'") == 1


def test_sync_and_status_with_the_site_in_the_config_file(cli, db, tmp_path, monkeypatch, httpserver):
    from tests.services.test_shop_orders import COMPANY, document, site_order
    from tests.services.test_shop_sync import LOGIN, PASSWORD, Site

    shop(db)
    site = Site()
    httpserver.expect_request("/1c_exchange.php").respond_with_handler(site.handle)
    site.orders = document(site_order("1001", [("", "MUG", "1200.00", "1")]),
                           site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY))
    secret = tmp_path / "site-password"
    secret.write_text(PASSWORD + "\n")
    config = tmp_path / "config.toml"
    config.write_text(f'[shop]\nurl = "{httpserver.url_for("/1c_exchange.php")}"\nlogin = "{LOGIN}"\n'
                      'password_file = "site-password"\ntimeout = 5\nretries = 0\n')
    monkeypatch.setenv("BOCLERK_CONFIG", str(config))
    assert "No exchange with the website yet" in cli("shop", "status").stderr

    result = cli("shop", "sync", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["products"], summary["orders_new"], summary["statuses"]) == (3, 2, 0)
    assert PASSWORD not in result.output
    status = {r["direction"]: r for r in json.loads(cli("shop", "status", "--json").stdout)}
    assert status["catalogue"]["products"] == 3 and status["orders_in"]["orders_new"] == 2
    assert "statuses" not in status
    assert "catalogue" in cli("shop", "status").stdout
    assert cli("shop", "sync", user="viewer").exit_code == 3

    secret.write_text("wrong\n")
    refused = cli("shop", "sync")
    assert refused.exit_code == 1 and "The site refused the login 'exchange' (401)" in refused.stderr
    assert "wrong" not in refused.output

    config.write_text('[shop]\nurl = "ftp://x"\n')
    assert "has no [shop] url" in cli("shop", "sync").stderr
    config.write_text('[shop]\npassword = "on the command line"\n')
    assert "shop is a table of url" in cli("shop", "sync").stderr


def test_import_orders_books_the_sites_payment_when_the_config_says_so(cli, db, tmp_path, monkeypatch):
    from tests.services.test_shop_orders import document
    from tests.services.test_shop_payments import VAT_22, paid_order

    shop(db)
    path = tmp_path / "orders.xml"
    path.write_bytes(document(paid_order("7001", [("", "MUG", "1200.00", "2")], total="2400.00",
                                         vat={"MUG": VAT_22})))
    config = tmp_path / "config.toml"
    config.write_text("[shop]\nbook_site_payments = \"yes\"\n")
    monkeypatch.setenv("BOCLERK_CONFIG", str(config))
    refused = cli("shop", "import-orders", str(path))
    assert refused.exit_code == 2 and "book_site_payments (true or false)" in refused.stderr
    config.write_text("[shop]\nbook_site_payments = true\n")
    result = cli("shop", "import-orders", str(path), "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["notes"][0] == "VAT differs: MUG: 22% on the site, 20% here on 17.11.2025"
    assert row["notes"][1].startswith("paid on the site: 2,400.00 booked as an advance (JE-")
    assert f"Order 7001 ({row['order']}): VAT differs: MUG: 22% on the site" in result.stderr
    assert sql_one(db, "SELECT sum(amount) FROM order_payment") == 240000
