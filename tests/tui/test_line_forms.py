"""The forms with a field per line of a record (ship, return, receive, bill) name each line's
product beside its SKU, as the record's own lines do, and every label stays on one line: in
English and Russian, at 80x24 and at 160x48."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from boclerk.tui.flow import NAME_AT_LEAST
from boclerk.tui.dialogs import FormDialog
from boclerk.tui.line_form import LABEL, line_label
from tests.tui.helpers import settle
from tests.tui.test_snapshots import demo_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
LOCALES = pytest.mark.parametrize("locale", ["en", "ru"])


def test_a_long_name_is_cut_to_the_label_and_a_short_room_leaves_it_out():
    long = "Электрическая кофемолка с регулировкой помола [серебристая]"
    label = line_label("{sku} {name} (of {qty})", "{sku} (of {qty})", long, sku="STO-013", qty=10)
    shown = Label(label).visual.plain  # escaped for the label's markup: the bracket shows as typed
    assert shown.startswith("STO-013 Электрическая") and shown.endswith("… (of 10)") and len(shown) == LABEL
    bracket = line_label("{sku} {name} (of {qty})", "{sku} (of {qty})", "Tea [green] 100 g", sku="TEA", qty=2)
    assert Label(bracket).visual.plain == "TEA Tea [green] 100 g (of 2)"  # as typed, not read as markup
    sku = "X" * (LABEL - 8 - NAME_AT_LEAST + 1)  # too little room left for the name: the SKU alone
    assert line_label("{sku} {name} (of {qty})", "{sku} (of {qty})", long, sku=sku, qty=10) == f"{sku} (of 10)"


def _labels(form) -> list[Label]:
    return [label for label in form.query(Label) if label.parent is not None and "row" in label.parent.classes]


async def _open(pilot, area: str, status: str, key: str) -> FormDialog:
    app = pilot.app
    await settle(pilot)
    await pilot.press(area)
    await settle(pilot)
    app.screen.apply_filters(status=status)
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, FormDialog), app.screen
    return app.screen


@SIZES
@LOCALES
async def test_the_ship_form_names_each_lines_product(demo_file, tmp_path, size, locale):
    from boclerk.services.sales.view import order_detail

    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        async with app.run_test(size=size) as pilot:
            form = await _open(pilot, "2", "confirmed", "s")
            number = form.title_text.split()[-1]
            with db.read("admin") as uow:
                lines = [ln for ln in order_detail(uow, number).lines if ln.kind == "goods" and ln.qty > ln.shipped]
            labels = {str(label.render()).split()[0]: label for label in _labels(form)}
            assert lines and len(labels) == len(lines)
            for ln in lines:
                label = labels[ln.sku]
                text = str(label.render())
                assert ln.name in text or ln.name[:NAME_AT_LEAST - 1] in text, text
                assert label.size.height == 1, text
    finally:
        db.close()


@SIZES
@LOCALES
async def test_the_bill_form_keeps_each_label_on_one_line(demo_file, tmp_path, size, locale):
    from boclerk.services.purchasing.queries import po_detail

    app, db = demo_app(demo_file, tmp_path, locale)
    try:
        async with app.run_test(size=size) as pilot:
            form = await _open(pilot, "4", "received", "b")
            number = form.title_text.split()[2]
            with db.read("admin") as uow:
                lines = po_detail(uow, number).lines
            labels = _labels(form)
            assert len(labels) == 2 + 2 * len(lines)  # the bill's number and date, a quantity and a price a line
            for label in labels:
                assert label.size.height == 1, str(label.render())
            to_bill = "к счёту" if locale == "ru" else "to bill"
            for ln in lines:
                text = next(str(label.render()) for label in labels
                            if str(label.render()).startswith(f"{ln.sku} ") and to_bill in str(label.render()))
                assert ln.name in text or ln.name[:NAME_AT_LEAST - 1] in text, text
    finally:
        db.close()


@pytest.mark.parametrize("form", [("2", "confirmed", "s"), ("4", "received", "b")], ids=["ship", "bill"])
@SIZES
def test_the_forms_of_lines_in_russian(demo_file, tmp_path, snap_compare, monkeypatch, form, size):
    """The ship and bill forms as a clerk sees them: a label a line, the product named after its SKU."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible", True))
    app, db = demo_app(demo_file, tmp_path, "ru")

    async def reach(pilot) -> None:
        await _open(pilot, *form)
        pilot.app.clear_notifications()
        pilot.app.focused._cursor_visible = True
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=reach)
    finally:
        db.close()
