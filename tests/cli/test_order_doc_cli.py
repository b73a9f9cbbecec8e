"""boclerk order doc SO-... upd and boclerk company set, as a user types them."""

from __future__ import annotations

import json
import re

from boclerk.formats.einvoice import read_invoice
from tests.formats.upd_schema import errors


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


def fails(r, code: int, text: str):
    assert r.exit_code == code, (r.exit_code, r.stdout, r.stderr)
    assert text in r.stderr, r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r


def _shipped(cli) -> str:
    ok(cli("product", "add", "MUG", "Кружка белая", "--price", "1220"))
    ok(cli("stock", "receive", "MUG", "10", "--cost", "500", "--yes", user="wh"))
    ok(cli("customer", "add", "ROMASHKA", "ООО Ромашка", "--tax-id", "7707083893", user="clerk"))
    number = ok(cli("order", "create", "--customer", "ROMASHKA", "--line", "MUG:3", user="clerk")).stdout.strip()
    ok(cli("order", "confirm", number, user="clerk"))
    ok(cli("order", "ship", number, "--yes", user="wh"))
    return number


def test_company_requisites_are_set_checked_and_shown(cli):
    ok(cli("company", "set", "--tax-id", "7736207543", "--kpp", "773601001", "--bik", "044525225",
           "--account", "40702810938000000001", "--corr-account", "30101810400000000225", "--bank", "ПАО Сбербанк",
           "--address", "119991, Москва, ул. Тверская, д. 1", "--director", "Петров Пётр Петрович",
           "--accountant", "Сидорова Анна Ивановна"))
    shown = json.loads(ok(cli("company", "show", "--json", user="viewer")).stdout)
    assert (shown["bank_name"], shown["corr_account"], shown["director"], shown["chief_accountant"],
            shown["legal_address"]) == ("ПАО Сбербанк", "30101810400000000225", "Петров Пётр Петрович",
                                        "Сидорова Анна Ивановна", "119991, Москва, ул. Тверская, д. 1")
    fails(cli("company", "set", "--corr-account", "30101810400000000226"), 2, "does not belong to the bank")
    fails(cli("company", "set", "--corr-account", "40702810938000000001"), 2, "is not a correspondent account")
    fails(cli("company", "set", "--director", "Иванов", user="clerk"), 3, "")


def test_order_doc_upd_writes_the_xml_and_pdf_and_registers_them_once(cli, tmp_path):
    number = _shipped(cli)
    fails(cli("order", "doc", number, "upd", "-o", str(tmp_path / "u.xml")), 1,  # who may set them: the command
          "not set yet: INN, director. Set them first: boclerk company set --tax-id ... --director ...")
    said = fails(cli("order", "doc", number, "upd", "-o", str(tmp_path / "u.xml"), user="clerk"), 1,  # who may not
                 "not set yet: INN, director. Ask an administrator to set them: boclerk company set --tax-id ... "
                 "--director ...").stderr
    assert "Set them first" not in said
    ok(cli("company", "set", "--tax-id", "7736207543", "--kpp", "773601001", "--director", "Петров Пётр Петрович"))
    r = ok(cli("order", "doc", number, "upd", "-o", str(tmp_path / "u.xml"), user="clerk"))
    docs = re.findall(r"registered as (DOC-\d{4}-\d{6})", r.stderr)
    assert len(docs) == 2 and "boclerk doc open" in r.stderr
    xml = (tmp_path / "u.xml").read_bytes()
    assert errors(xml) == [] and (tmp_path / "u.pdf").read_bytes().startswith(b"%PDF-")
    inv = read_invoice(xml)
    assert (inv.number, str(inv.lines[0].quantity), inv.lines[0].vat_rate, str(inv.total_gross)) == \
        (f"{number}/1", "3", 22, "3660.00")
    fails(cli("order", "doc", number, "upd", "-o", str(tmp_path / "u.xml"), user="clerk"), 2,
          "already exists; give --force")
    r = ok(cli("order", "doc", number, "upd", "-o", str(tmp_path / "u.xml"), "--force", user="wh"))
    assert re.findall(r"already registered as (DOC-\d{4}-\d{6})", r.stderr) == docs
    assert (tmp_path / "u.xml").read_bytes() == xml
    found = ok(cli("find", f"{number}/1", "--json", user="viewer")).stdout
    assert all(d in found for d in docs)
    fails(cli("order", "doc", number, "receipt", user="clerk"), 2, "is not a document of an order")
    fails(cli("order", "doc", number, "upd", "--shipment", "2", user="clerk"), 4, "has no shipment 2")
    fails(cli("order", "doc", number, "upd", user="viewer"), 3, "")


def test_order_doc_invoice(cli, tmp_path):
    number = _shipped(cli)
    fails(cli("order", "doc", number, "invoice", "-o", str(tmp_path / "i.pdf"), user="clerk"), 1,
          "Ask an administrator to set them: boclerk company set --tax-id ... --bik ... --account ... --bank ... "
          "--corr-account ... --director ...")
    ok(cli("company", "set", "--tax-id", "7736207543", "--kpp", "773601001", "--bik", "044525225",
           "--account", "40702810938000000001", "--corr-account", "30101810400000000225", "--bank", "ПАО Сбербанк",
           "--director", "Петров Пётр Петрович"))
    r = ok(cli("order", "doc", number, "invoice", "-o", str(tmp_path / "i.pdf"), user="clerk"))
    (doc,) = re.findall(r"registered as (DOC-\d{4}-\d{6})", r.stderr)
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO((tmp_path / "i.pdf").read_bytes())).pages[0].extract_text().replace("\u00a0", " ")
    assert "Итого: 3 660,00" in text and "Три тысячи шестьсот шестьдесят рублей 00 копеек" in text
    shown = json.loads(ok(cli("show", "document", doc, "--json", user="viewer")).stdout)
    assert shown["their_number"] == number
    (tmp_path / "scan.txt").write_text("Доверенность\n")
    ok(cli("doc", "add", str(tmp_path / "scan.txt"), user="clerk"))
    produced = json.loads(ok(cli("doc", "list", "--produced", "--json", user="viewer")).stdout)
    received = json.loads(ok(cli("doc", "list", "--received", "--json", user="viewer")).stdout)
    assert [(d["number"], d["doc_type"]) for d in produced] == [(doc, "customer_invoice")]
    assert [d["original_name"] for d in received] == ["scan.txt"]


def test_customer_and_supplier_statements_by_command(cli, tmp_path):
    number = _shipped(cli)
    ok(cli("company", "set", "--director", "Петров Пётр Петрович"))
    today = json.loads(ok(cli("order", "show", number, "--json", user="viewer")).stdout)["order_date"]
    r = ok(cli("customer", "statement", "ROMASHKA", "--from", "2026-01-01", "--to", today, "-o",
               str(tmp_path / "akt.pdf"), "--json", user="clerk"))
    st = json.loads(r.stdout)
    assert (st["opening"], st["closing"]) == ("0.00", "3660.00")
    assert f"at the end 3 660,00 owed to the shop" in r.stderr.replace("\u00a0", " ")
    assert (tmp_path / "akt.pdf").read_bytes().startswith(b"%PDF-")
    ok(cli("supplier", "add", "ACME", "Acme", user="clerk"))
    r = ok(cli("supplier", "statement", "ACME", "--from", "2026-01-01", "--to", today, "-o",
               str(tmp_path / "s.pdf"), user="clerk"))
    assert "at the end nothing owed" in r.stderr
    fails(cli("customer", "statement", "NOBODY", "--from", "2026-01-01", "--to", today, user="clerk"), 4,
          "There is no customer NOBODY")
    fails(cli("customer", "statement", "ROMASHKA", "--from", "2026-13-01", "--to", today, user="clerk"), 2, "")


def test_packing_slips_and_the_purchase_order_by_command(cli, tmp_path):
    number = _shipped(cli)
    day = json.loads(ok(cli("order", "show", number, "--json", user="viewer")).stdout)["order_date"]
    r = ok(cli("order", "doc", number, "packing", "-o", str(tmp_path / "slip.pdf"), user="wh"))
    assert "registered as DOC-" in r.stderr
    r = ok(cli("stock", "packing-slips", "--date", day, "-o", str(tmp_path / "day.pdf"), user="wh"))
    assert "registered as DOC-" in r.stderr and (tmp_path / "day.pdf").read_bytes().startswith(b"%PDF-")
    fails(cli("stock", "packing-slips", "--date", "2026-01-01", "-o", str(tmp_path / "none.pdf"), user="wh"), 1,
          "No shipment left on 01.01.2026")
    ok(cli("supplier", "add", "ACME", "Acme", user="clerk"))
    po = ok(cli("purchase", "create", "--supplier", "ACME", "--line", "MUG:5:400", user="clerk")).stdout.strip()
    r = ok(cli("purchase", "doc", po, "-o", str(tmp_path / "po.pdf"), user="clerk"))
    assert "registered as DOC-" in r.stderr
    fails(cli("purchase", "doc", "PO-2026-999999", "-o", str(tmp_path / "x.pdf"), user="clerk"), 4, "")
