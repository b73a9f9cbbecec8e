"""A PO with nothing received and not yet billed dims its bill key on its own screen: its lines'
figures say so. The rule book keeps the act open (a bill may come beyond what was received), so the
key still opens the form, which says there is nothing waiting for a bill; a PO with something left
to bill offers the key as before."""

from __future__ import annotations

import shutil

import pytest

from boclerk.db.database import Database
from boclerk.services.purchasing.queries import list_pos, po_detail
from boclerk.settings import Config, location_from
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from boclerk.tui.purchases.detail import PODetailScreen
from boclerk.tui.widgets import KeyBar
from tests.tui.helpers import settle
from tests.tui.test_snapshots import FROZEN


def _po(db, status: str, billed_in_full: bool) -> str:
    with db.read("admin") as uow:
        for row in list_pos(uow, status=status, limit=50):
            d = po_detail(uow, row.number)
            if all(ln.billed >= ln.received for ln in d.lines) is billed_in_full:
                return row.number
    raise AssertionError(f"no {status} PO in the demo")


@pytest.mark.parametrize("locale", ["en", "ru"])
@pytest.mark.parametrize(("status", "left"), [("billed", False), ("received", True)])
async def test_the_bill_key_is_dimmed_when_nothing_is_left_to_bill(demo_file, tmp_path, locale, status, left):
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = Database.open(location_from(str(copy), "test"))
    db.clock = lambda: FROZEN
    number = _po(db, status, billed_in_full=not left)
    app = BoclerkApp(db, "admin", config=Config(locale=locale))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(PODetailScreen(number))
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            bar._changed(None)
            acts, _tail = bar.keys()
            bill = next(item for item in acts if item[0] == "b")
            assert bill[2] is left, acts
            await pilot.press("b")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog), app.screen  # dimmed, the key still opens the form
            waiting = "ждёт счёта" if locale == "ru" else "waiting for a bill"
            assert (waiting in app.screen.hint) is not left, app.screen.hint
    finally:
        db.close()
