"""The queues and the service report in the app, by real key presses: a home figure opens its
queue oldest first with ages and lateness, Enter goes on to the list, l shows everything late,
v the service report with its month-by-month charts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from textual.widgets import DataTable, Sparkline

from boclerk.tui.app import BoclerkApp
from boclerk.tui.quality.queues import QueueScreen
from boclerk.tui.quality.report import ServiceScreen
from tests.tui.helpers import form_error, screen_text, settle

MSK = timezone(timedelta(hours=3))


def _shop_with_waiting_orders(db) -> tuple[str, str, str]:
    from boclerk.services.sales.orders import confirm_order
    from tests.services.trade_helpers import act, order, shop

    def at(moment):
        db.clock = lambda: moment.astimezone(UTC)

    at(datetime(2026, 3, 2, 10, tzinfo=MSK))
    shop(db)
    at(datetime(2026, 3, 16, 10, tzinfo=MSK))
    old = order(db, "ANNA", ("MUG", 1))
    done = order(db, "BORIS", ("MUG", 1))
    at(datetime(2026, 3, 16, 12, tzinfo=MSK))
    act(db, "clerk", confirm_order, done)
    at(datetime(2026, 3, 17, 9, tzinfo=MSK))
    new = order(db, "BORIS", ("LAMP", 1))
    at(datetime(2026, 3, 17, 10, tzinfo=MSK))  # old waited 8 + 1 h: late; new 1 h: not yet
    return old, new, done


async def test_a_figure_opens_its_queue_and_enter_the_list(db):
    old, new, _ = _shop_with_waiting_orders(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.focused.id == "to-confirm"
        await pilot.press("a")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        text = screen_text(app)
        assert "Orders to confirm: 2 waiting, 1 late" in text
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [r[0] for r in rows[1:]] == [old, new]  # oldest first
        assert [(r[3], r[5]) for r in rows[1:]] == [("9 h", "[b red]LATE[/b red]"), ("1 h", "")]
        import re

        assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", r[2]) for r in rows[1:]), rows  # as days are shown
        await pilot.press("l")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [table.get_row_at(i)[0] for i in range(1, table.row_count)] == [old]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.current_mode == "orders"


async def test_l_shows_everything_late_and_v_the_service_report(db):
    _shop_with_waiting_orders(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert "Every queue  late only: 3 waiting, 1 late" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ServiceScreen)
        table = screen.query_one(DataTable)
        row = table.get_row_at(0)
        assert row[:3] == ["order_confirm", "1", "2 h"]  # confirmed two working hours after it came in
        assert len(screen.query(Sparkline)) == 1
        assert "Rework:" in screen_text(app)
        await pilot.press("b")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert table.get_row_at(0)[:2] == ["order_confirm", "2026-03"]


async def _open_levels(app, pilot) -> None:
    from boclerk.tui.quality.levels import LevelsScreen

    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, LevelsScreen)


async def test_s_shows_the_service_levels_and_an_admin_sets_one_for_a_channel(db):
    from sqlalchemy import text

    from boclerk.domain.quality import MEASURES
    from boclerk.tui.dialogs import ConfirmDialog, FormDialog

    _shop_with_waiting_orders(db)
    app = BoclerkApp(db, "admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_levels(app, pilot)
        table = app.screen.query_one(DataTable)
        first = table.get_row_at(0)
        default = MEASURES["order_confirm"].default
        assert first[:3] == [f"{default} h", "all channels", "boclerk"], first
        assert "e Set a service level" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog) and not isinstance(form, ConfirmDialog)
        assert form.query_one("#f-amount").value == str(default)
        await pilot.press("ctrl+a", "ctrl+k", "6", "h")
        form.query_one("#f-channel").value = "marketplace"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # "6h" is said on the form, which keeps the channel picked: the number alone is taken
        assert app.screen is form and form_error(app) == "A service level is a whole number from 0 to 1000."
        await pilot.press("backspace", "ctrl+s")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LevelsScreen"
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [r[:3] for r in rows if r[1] == "marketplace" and r[3] == first[3]] == [
            ["6 h", "marketplace", "admin"]], rows
        assert table.get_row_at(table.cursor_row)[1] == "marketplace"  # the row just set stays highlighted
    with db.read("admin") as uow:
        assert uow.s.execute(text("SELECT measure, channel, amount FROM service_level")).all() == [
            ("order_confirm", "marketplace", 6)]
        assert uow.s.execute(text("SELECT COUNT(*) FROM audit_event WHERE action = 'quality.level'")).scalar() == 1


async def test_a_clerk_sees_the_levels_but_is_not_offered_to_set_them(db):
    from sqlalchemy import text

    _shop_with_waiting_orders(db)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_levels(app, pilot)
        assert app.screen.query_one(DataTable).row_count > 0
        assert "Set a service level" not in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LevelsScreen"
    with db.read("admin") as uow:
        assert uow.s.execute(text("SELECT COUNT(*) FROM service_level")).scalar() == 0


def test_a_levels_channel_reads_as_the_orders_screens_name_it():
    from boclerk import i18n
    from boclerk.tui.orders.words import channel_word as order_channel
    from boclerk.tui.quality.levels import ALL, channel_word

    try:
        i18n.use("ru")
        assert channel_word("marketplace") == order_channel("marketplace") == "маркетплейс"
        assert channel_word(ALL) == i18n._("all channels") != "all channels"
    finally:
        i18n.use("en")
