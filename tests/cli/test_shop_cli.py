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
