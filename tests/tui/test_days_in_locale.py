"""Every list writes a day as the shop's locale does (05.12.2026 in Russian, 12/5/2026 in English):
the orders, the purchase orders, the journal and the office's requests wrote dd.mm.yyyy whatever the locale."""

from __future__ import annotations

from boclerk.services.ledger import book as ledger
from boclerk.services.ledger.book import Line
from boclerk.services.office.requests import ask
from boclerk.services.purchasing.orders import POLineInput, create_po
from boclerk.tui.app import BoclerkApp
from tests.services.trade_helpers import order, shop, today
from tests.tui.helpers import settle


async def test_lists_write_days_in_the_locale_s_form(db):
    shop(db)
    order(db, "ANNA", ("MUG", 1))
    with db.write("admin") as uow:
        create_po(uow, "ACME", [POLineInput("MUG", 5)])
        ledger.post_manual(uow, entry_date=uow.today, memo="Capital", lines=[Line("1010", 100), Line("3000", -100)])
        ask(uow, [("PAPER", 2)], department="ACCT")
    day = today(db)
    for locale, shown in (("en", f"{day.month}/{day.day}/{day.year}"), ("ru", f"{day:%d.%m.%Y}")):
        app = BoclerkApp(db, "admin")
        async with app.run_test(size=(120, 30)) as pilot:
            app.locale = locale
            seen = {}
            for key in ("2", "4", "5", "7"):  # Orders, Purchases (its orders), Ledger (the journal), Office (requests)
                await pilot.press(key)
                await settle(pilot)
                table = next(w for w in app.screen.query("DataTable") if w.display)
                seen[key] = [str(c) for c in table.get_row_at(0)]
            for key, cells in seen.items():
                assert shown in cells, (locale, key, cells)


async def test_the_vat_report_writes_its_days_in_the_locale_s_form(db):
    from boclerk.services.sales.orders import confirm_order
    from boclerk.services.sales.shipping import ship_order

    shop(db)
    number = order(db, "ANNA", ("MUG", 1))
    with db.write("admin") as uow:
        confirm_order(uow, number)
        ship_order(uow, number)
    day = today(db)
    for locale, shown in (("en", f"{day.month}/{day.day}/{day.year}"), ("ru", f"{day:%d.%m.%Y}")):
        app = BoclerkApp(db, "acc")
        async with app.run_test(size=(120, 30)) as pilot:
            app.locale = locale
            await pilot.press("5")
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            rows = app.screen.query_one("#report-table").rows_data
            assert (rows[0]["document"], rows[0]["day"]) == (number, shown), locale
