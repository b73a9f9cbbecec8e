"""The products a part of a name finds, laid out in columns: a name ending in a number is not
read into its price ("Подставки под кружки 6  товар 6 709,00"), and the prices stand under each
other, right-aligned, at 80 columns."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import OptionList

from boclerk.services.catalog import partners
from boclerk.services.catalog import products as catalog
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import ChoiceDialog
from tests.tui.helpers import new_order, settle, type_text


def choice_lines(chooser: ChoiceDialog) -> list[str]:
    """The answers' lines as the dialog draws them (inside the list's border), as text."""
    options = chooser.query_one(OptionList)
    region = options.content_region
    strips = options.render_lines(Region(0, 0, options.region.width, options.region.height))
    left, top = region.x - options.region.x, region.y - options.region.y
    lines = [strip.text[left:left + region.width].replace("\xa0", " ") for strip in strips[top:]]
    return [line.rstrip() for line in lines][:len(chooser.options)]


async def test_found_products_stand_in_columns_with_the_prices_right_aligned(db):
    with db.write("admin") as uow:
        partners.add_customer(uow, "C1", "Ivan Petrov")
        catalog.add_product(uow, "CST-6", "Подставки под кружки 6", sale_price=670900, standard_cost=100)
        catalog.add_product(uow, "CST-12", "Подставки под кружки 12", sale_price=9900, standard_cost=100)
        catalog.add_product(uow, "CST-BIG", "Подставки под кружки из пробкового дуба, набор для большой семьи",
                            sale_price=123456700, standard_cost=100)
        catalog.add_product(uow, "CST-KG", "Подставки весовые", sale_price=50000, standard_cost=100, unit="kg")
        catalog.add_product(uow, "CST-SVC", "Подставки: гравировка", kind="service", sale_price=30000)
    app = BoclerkApp(db, "clerk", config=Config(locale="ru"))
    async with app.run_test(size=(80, 24)) as pilot:
        await new_order(pilot, "C1", "Подставки")
        chooser = app.screen
        assert isinstance(chooser, ChoiceDialog) and chooser.title_text == "Какой товар?"
        lines = choice_lines(chooser)
        by_sku = dict(zip((sku for _label, sku in chooser.options), lines, strict=True))
        assert len(by_sku) == 5
        ends = {len(line) for line in lines}
        assert len(ends) == 1, "\n".join(repr(x) for x in lines)  # every price ends at the list's right edge, under the others
        assert by_sku["CST-6"].endswith("6 709,00") and by_sku["CST-12"].endswith("99,00")
        # the name and the price apart, with the kind between them in a column of its own
        six = by_sku["CST-6"]
        assert six.startswith("CST-6 Подставки под кружки 6 ") and "товар" in six
        name_end = six.index("кружки 6") + len("кружки 6")
        assert six[name_end:six.index("товар")].strip() == "" and six.index("товар") - name_end >= 2
        kinds = {line.index(word) for line in lines for word in ("товар", "услуга") if word in line}
        assert len(kinds) == 1, lines  # the kinds start in one column
        assert "товар, кг" in by_sku["CST-KG"]  # a price per kilogram says so
        assert "услуга" in by_sku["CST-SVC"]
        big = by_sku["CST-BIG"]  # too long: cut with an ellipsis, its price whole
        assert "…" in big and big.endswith("1 234 567,00") and "семьи" not in big
        await pilot.press("down", "enter")
        await settle(pilot)
        assert [ln.sku for ln in app.screen.lines] == [chooser.options[1][1]]
