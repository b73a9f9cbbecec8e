"""The app's office views say what is attached to a contract, an item's events and a deal's kind in
words, and every history line and product move writes its day as the shop's locale does (with the
year), not in a fixed form."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from rich.console import Console

from boclerk.dates import format_day, format_moment


@pytest.fixture
def russian():
    from boclerk.i18n import use

    use("ru")
    yield
    use("en")


def _text(renderable) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def _money(minor):
    return "" if minor is None else f"{minor / 100:.2f}"


AT = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
HISTORY = [SimpleNamespace(at=AT, actor="clerk", action="contract.sign")]


def _contract():
    return SimpleNamespace(
        number="CTR-2025-000001", state="signed", subject="Supplies", party="Acme", party_kind="supplier",
        their_number="", signed_on=None, valid_from=None, valid_to=None, term_end=None, auto_renew=False,
        renewal_months=12, notice_days=0, notice_by=None, responsible=None, amount=None, billed=0, ordered=0,
        left=None, notes="", history=HISTORY,
        links=[SimpleNamespace(kind="po", ref="PO-2025-000001", day=date(2025, 3, 5), status="received", amount=100)])


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_a_contract_s_links_party_and_history_in_words_and_the_locale_s_days(russian, locale):
    from boclerk.tui.office.views import render_contract

    text = _text(render_contract(_contract(), _money, lambda d: format_day(d, locale) if d else "", locale))
    assert "заказ поставщику PO-2025-000001" in text and "(поставщик)" in text, text
    assert "получен" in text and "received" not in text and " po " not in text, text
    assert format_moment(AT, locale) in text and format_day(AT.astimezone().date(), locale) in text, text
    assert "2025" in format_moment(AT, locale)


def test_an_item_s_events_and_a_deal_s_kind_in_words(russian):
    from boclerk.tui.office.views import render_deal, render_equipment

    item = SimpleNamespace(
        number="EQ-2025-000001", name="Printer", category="", model="", serial="", location="", department="IT",
        holder=None, holder_name=None, supplier=None, bill=None, acquired_on=date(2025, 3, 1), warranty_until=None,
        condition="in_use", fixed_asset=False, useful_life_months=None, written_off_on=None, write_off_reason="",
        write_off_document=None, plans=[], cost=9000, depreciated=0, book_value=0, monthly=0,
        events=[SimpleNamespace(day=date(2025, 3, 1), kind="registered", what="", done_by="", entry=None,
                                by="clerk", cost=0),
                SimpleNamespace(day=date(2025, 3, 2), kind="written_off", what="", done_by="", entry=None,
                                by="clerk", cost=0)])
    text = _text(render_equipment(item, _money, lambda d: format_day(d, "ru") if d else ""))
    assert "регистрация:" in text and "списание:" in text and "registered" not in text, text
    deal = SimpleNamespace(code="RENT", name="Rent", kind="allocation", account="5500", source=None, target=None,
                           fee=None, shares=[("SALES", "120")], basis="headcount", basis_account=None,
                           valid_from=None, valid_to=None, state="active", posted=[])
    text = _text(render_deal(deal, _money, lambda d: ""))
    assert "правило распределения" in text and "численность" in text and "headcount" not in text, text


def test_a_product_s_moves_write_the_locale_s_day(russian):
    from boclerk.tui.stock.product import render_card

    product = SimpleNamespace(sku="MUG", name="Mug", category="", unit="pcs", sale_price=100, standard_cost=50,
                              reorder_point=0, reorder_qty=0, barcodes=[], preferred_supplier=None, active=True,
                              vat_category="standard", vat_rate=22)
    move = SimpleNamespace(move_date=date(2025, 3, 4), warehouse="MAIN", kind="receipt", qty=5, running_qty=5,
                           value=250, source="PO-2025-000001", reason="")
    card = SimpleNamespace(product=product, levels=[], moves=[move], warehouse=None)
    for locale, shown in (("ru", "04.03.2025"), ("en", "3/4/2025")):
        text = _text(render_card(card, _money, lambda d, locale=locale: format_day(d, locale)))
        assert shown in text and "04.03.25 " not in text, text


def test_a_moment_as_each_locale_writes_it():
    at = datetime(2026, 12, 7, 11, 5, tzinfo=UTC)
    local = at.astimezone()
    assert format_moment(at, "ru") == f"{local:%d.%m.%Y %H:%M}"
    assert format_moment(at, "en") == f"{local.month}/{local.day}/{local.year} {local:%H:%M}"
    assert format_moment(at.replace(tzinfo=None), "ru") == format_moment(at, "ru")  # naive: UTC
