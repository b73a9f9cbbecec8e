"""Reports over a period take a month, quarter or year (``--period 2026-11``, ``2026-Q4``, ``2026``)
as well as ``--from``/``--to``, and with neither run over this month so far (the VAT report and the
reconciliation statements over this quarter so far), as the app's reports open. Each is compared with the same report asked for by
its first and last days, so the figures are the service's; what is tested is the span."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boclerk import i18n
from boclerk.dates import span_of

from tests.cli.test_catalog_cli import fails, ok
from tests.cli.test_cli_dates import sold  # noqa: F401  (a fixture)
from tests.cli.test_ledger_cli import EARLIER, TODAY, books  # noqa: F401  (a fixture)


def _json(r) -> dict:
    return json.loads(ok(r).stdout)


def _days(first: date, last: date) -> tuple[str, ...]:
    return "--from", first.isoformat(), "--to", last.isoformat()


def _quarter_text(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def test_a_report_with_no_days_covers_this_month_and_the_vat_report_this_quarter(books):
    cli = books
    month, quarter = (span_of("month", TODAY)[0], TODAY), (span_of("quarter", TODAY)[0], TODAY)
    assert month[0].day == 1 and month[0].month == TODAY.month and quarter[0].month in (1, 4, 7, 10)
    pnl = _json(cli("report", "pnl", "--json", user="viewer"))
    assert pnl == _json(cli("report", "pnl", *_days(*month), "--json", user="viewer"))
    assert (pnl["start"], pnl["end"]) == (month[0].isoformat(), month[1].isoformat())
    vat = _json(cli("report", "vat", "--json", user="acc"))
    assert vat == _json(cli("report", "vat", *_days(*quarter), "--json", user="acc"))
    assert (vat["date_from"], vat["date_to"]) == (quarter[0].isoformat(), quarter[1].isoformat())
    sales = _json(cli("report", "sales", "--json", user="viewer"))
    assert (sales["start"], sales["end"]) == (month[0].isoformat(), month[1].isoformat())


@pytest.mark.parametrize("kind", ["month", "quarter", "year"])
def test_period_names_a_month_a_quarter_or_a_year(books, kind):
    cli = books
    first, last = span_of(kind, EARLIER)
    text = {"month": f"{EARLIER.year}-{EARLIER.month:02d}", "quarter": _quarter_text(EARLIER),
            "year": str(EARLIER.year)}[kind]
    by_period = _json(cli("report", "pnl", "--period", text, "--json", user="viewer"))
    assert (by_period["start"], by_period["end"]) == (first.isoformat(), last.isoformat())
    assert by_period == _json(cli("report", "pnl", *_days(first, last), "--json", user="viewer"))
    # the sale posted EARLIER is inside its own month, quarter and year
    assert by_period["income"] == "1000.00"
    entries = _json(cli("ledger", "entries", "--period", text, "--json", user="viewer"))
    assert entries == _json(cli("ledger", "entries", *_days(first, last), "--json", user="viewer"))
    assert {"Capital", "Sale"} <= {e["memo"] for e in entries}


def test_a_period_in_the_russian_forms(books):
    cli = books
    quarter = (EARLIER.month - 1) // 3 + 1
    first, last = span_of("quarter", EARLIER)
    for text in (f"{quarter} кв. {EARLIER.year}", f"Q{quarter} {EARLIER.year}", f"{quarter}кв{EARLIER.year}"):
        r = _json(cli("report", "pnl", "--period", text, "--json", user="viewer"))
        assert (r["start"], r["end"]) == (first.isoformat(), last.isoformat()), text
    month = _json(cli("report", "pnl", "--period", f"{EARLIER.month:02d}.{EARLIER.year}", "--json", user="viewer"))
    assert (month["start"], month["end"]) == tuple(d.isoformat() for d in span_of("month", EARLIER))


def test_from_alone_runs_to_today_and_mixed_or_wrong_periods_are_refused(books):
    cli = books
    alone = _json(cli("report", "pnl", "--from", EARLIER.isoformat(), "--json", user="viewer"))
    assert (alone["start"], alone["end"]) == (EARLIER.isoformat(), TODAY.isoformat())
    assert alone["profit"] == "700.00"
    fails(cli("report", "pnl", "--period", "2026-11", "--from", EARLIER.isoformat(), user="viewer"), 2,
          "either --period or --from and --to")
    fails(cli("report", "vat", "--period", "2026-Q5", user="acc"), 2, "is not a period")
    fails(cli("report", "sales", "--period", "2026-13", user="viewer"), 2, "is not a period")
    fails(cli("report", "pnl", "--to", TODAY.isoformat(), user="viewer"), 2, "--to needs --from")


def test_lists_without_a_period_keep_every_day(books):
    cli = books
    every = _json(cli("ledger", "entries", "--json", user="viewer"))
    assert {"Capital", "Sale", "Rent"} <= {e["memo"] for e in every}


def test_a_sales_title_says_how_it_is_grouped_in_russian(sold):
    cli, _number = sold
    i18n.use("ru")
    try:
        table = ok(cli("report", "sales", "--by", "month", user="viewer")).stdout
        by_day = ok(cli("report", "sales", user="viewer")).stdout
    finally:
        i18n.use("en")
    assert "по месяцам" in table and "по месяц " not in table
    assert "по дням" in by_day
    english = ok(cli("report", "sales", "--by", "customer", user="viewer")).stdout
    assert "by customer" in english
