"""``boclerk queue``, ``boclerk report service`` and ``boclerk service ...`` by hand: on the demo
shop the late queue names the orders and bills late against the default levels; bad input is
refused with one sentence and nothing written."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from tests.services.trade_helpers import changed_tables, snapshot

#: the shared demo is built once: the tests that read it run in one process (``--dist loadgroup``)
pytestmark = pytest.mark.xdist_group("quality_cli")


def ok(r):
    assert r.exit_code == 0, (r.exit_code, r.stdout, r.stderr)
    return r


@pytest.fixture
def demo(quality_demo):
    """The demo shop and its day (tests/cli/conftest.py), only read."""
    return quality_demo


def _late_by_hand(location, now):
    """The drafts and held bills late at ``now`` against the default levels, from the records with
    the Python arithmetic (not the SQL the queues run)."""
    from sqlalchemy import text

    from boclerk.db.database import Database
    from boclerk.domain.quality import MEASURES
    from boclerk.services.quality.settings import calendar

    db = Database.open(location)
    with db.read("admin") as uow:
        cal = calendar(uow)
        drafts = uow.s.execute(text("SELECT number, channel, created_at FROM sales_order WHERE status = 'draft'")).all()
        held = uow.s.execute(text("SELECT number, created_at FROM supplier_bill WHERE status = 'held'")).all()
    db.close()

    def stamp(value):
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value)).replace(tzinfo=UTC)

    confirm = MEASURES["order_confirm"]
    orders = sorted(n for n, ch, at in drafts if cal.working_seconds(stamp(at), now) > confirm.default_for(ch) * 3600)
    bills = sorted(n for n, at in held
                   if cal.working_seconds(stamp(at), now) > MEASURES["bill_approve"].default * cal.day_seconds)
    return orders, bills, len(drafts)


def test_the_late_queue_names_the_orders_and_bills_late_on_the_demo(demo):
    """On the afternoon of a day the demo's newest draft came in: it is not late yet, the older ones are."""
    from boclerk.db.database import Database
    from boclerk.services.quality.queues import queues

    location, today = demo
    now = datetime.combine(today - timedelta(days=4), time(11), tzinfo=UTC)  # Monday 23 November, 14:00 in Moscow
    late_orders, late_bills, drafts = _late_by_hand(location, now)
    assert late_orders and late_bills and len(late_orders) < drafts  # the demo has late and not yet late
    db = Database.open(location)
    db.clock = lambda: now
    with db.read("admin") as uow:
        views = {v.name: v for v in queues(uow, late_only=True)}
    db.close()
    assert sorted(i.number for i in views["to_confirm"].items) == late_orders
    assert sorted(i.number for i in views["bills_held"].items) == late_bills
    assert views["to_confirm"].total == drafts and views["to_confirm"].late == len(late_orders)


def test_the_late_queue_by_command(demo, as_user, request):
    from tests.conftest import make_cli_runner

    location, _ = demo
    # the clock stands still over the commands below: the ages they print are hours to two decimals,
    # and the JSON and the table, read by two commands, must give the same ones on a busy machine
    traveller = time_machine.travel(datetime.now(UTC), tick=False)
    traveller.start()
    request.addfinalizer(traveller.stop)
    late_orders, late_bills, _ = _late_by_hand(location, datetime.now(UTC))
    cli = make_cli_runner(location, as_user)
    views = {v["name"]: v for v in json.loads(ok(cli("queue", "--late", "--json", user="admin")).stdout)}
    assert sorted(i["number"] for i in views["to_confirm"]["items"]) == late_orders
    assert sorted(i["number"] for i in views["bills_held"]["items"]) == late_bills
    assert all(i["late"] for v in views.values() for i in v["items"])
    one = json.loads(ok(cli("queue", "to_confirm", "--json", user="admin")).stdout)
    assert [i["since"] for i in one["items"]] == sorted(i["since"] for i in one["items"])  # oldest first
    table = ok(cli("queue", "--late", user="admin")).stdout
    assert late_bills[0] in table and "LATE" in table
    # each age as the shop's locale (the demo's, Russian) writes a number: 1 103,35 h, not 1103.35 h
    ages = [i["age"] for v in views.values() for i in v["items"]]
    from boclerk.quantity import format_figure

    assert all(f"{format_figure(age, locale='ru')} " in table for age in ages)
    assert any("," in format_figure(age, locale="ru") for age in ages) and not any(f"{age:g} " in table
                                                                                   for age in ages if age % 1)


def test_the_service_report_on_the_demo(demo, as_user):
    from tests.conftest import make_cli_runner

    location, today = demo
    cli = make_cli_runner(location, as_user)
    start = f"{today:%Y-%m}-01"
    data = json.loads(ok(cli("report", "service", "--from", start, "--to", str(today), "--json", user="admin")).stdout)
    steps = {r["step"] for r in data["rows"]}
    assert {"order_confirm", "order_ship", "order_deliver"} <= steps
    assert set(data["rework"]) == {"orders_cancelled_after_confirmation", "returns", "entries_reversed",
                                   "bills_rejected", "documents_refiled"}
    assert len(data["trends"][0]["months"]) == 4  # three months before and this one
    text = ok(cli("report", "service", "--from", start, "--to", str(today), "--by", "person", user="admin")).stdout
    assert "order_confirm" in text and "Rework" in text
    csv_out = ok(cli("report", "service", "--from", start, "--to", str(today), "--csv", user="admin")).stdout
    assert csv_out.splitlines()[0] == "step,key,unit,count,median,p90,within,share,level"


def test_settings_by_command_and_bad_input(cli, db):
    ok(cli("service", "set-level", "order_confirm", "6", "--channel", "phone"))
    levels = json.loads(ok(cli("service", "levels", "--json", user="admin")).stdout)
    assert {"measure": "order_confirm", "label": "Order confirmed after it came in", "channel": "phone",
            "amount": 6, "unit": "hours", "default": False} in levels
    ok(cli("service", "day-off", "2026-03-16", "--name", "Stocktake day"))
    ok(cli("service", "workday", "2026-03-21"))
    cal = json.loads(ok(cli("service", "calendar", "--year", "2026", "--json", user="admin")).stdout)
    assert {"day": "2026-03-16", "working": False, "name": "Stocktake day", "until": None} in cal["days"]
    assert (cal["weekdays"], cal["start"], cal["end"], cal["utc_offset"]) == ("12345", "09:00", "18:00", "+03:00")
    ok(cli("service", "calendar", "--start", "08:30", "--end", "17:30", "--utc-offset", "+05:00"))
    cal = json.loads(ok(cli("service", "calendar", "--json", user="admin")).stdout)
    assert (cal["start"], cal["end"], cal["utc_offset"], cal["zone"]) == ("08:30", "17:30", "+05:00", None)
    shown = ok(cli("service", "calendar", "--zone", "Europe/Berlin")).stdout
    assert "hours 08:30-17:30  Europe/Berlin" in shown, shown
    cal = json.loads(ok(cli("service", "calendar", "--json", user="admin")).stdout)
    assert (cal["utc_offset"], cal["zone"]) == ("+01:00", "Europe/Berlin")  # the zone's standard offset
    ok(cli("service", "day-clear", "2026-03-16"))

    before = snapshot(db)
    for args, code, words in (
        (("service", "set-level", "nope", "3"), 2, "There is no service level 'nope'"),
        (("service", "set-level", "order_confirm", "3", "--channel", "moon"), 2, "There is no channel 'moon'"),
        (("service", "calendar", "--start", "9 am"), 2, "give the time as HH:MM"),
        (("service", "calendar", "--start", "19:00", "--end", "18:00"), 2, "start before they end"),
        (("service", "calendar", "--zone", "Mars/Olympus"), 2, "'Mars/Olympus' is not a time zone boclerk knows"),
        (("service", "calendar", "--zone", "Europe/Paris", "--utc-offset", "+01:00"), 2, "not both"),
        (("service", "calendar", "--start", "00:30"), 2, "starts at 01:00 or later"),
        (("service", "day-off", "31.02.2026"), 2, ""),
        (("service", "day-clear", "2026-03-17"), 4, "follows the week"),
        (("queue", "nope"), 2, "There is no queue 'nope'"),
        (("report", "service", "--from", "2026-03-31", "--to", "2026-03-01"), 2, "ends before it starts"),
        (("report", "service", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "colour"), 2, "Group the"),
    ):
        r = cli(*args)
        assert r.exit_code == code, (args, r.exit_code, r.stderr)
        assert words in r.stderr.replace("\n", " "), (args, r.stderr)
        assert "Traceback" not in r.stderr
    r = cli("service", "set-level", "order_confirm", "3", user="clerk")
    assert r.exit_code == 3, r.stderr
    assert changed_tables(before, snapshot(db)) == []
