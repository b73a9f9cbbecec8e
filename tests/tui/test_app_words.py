"""The app's words, by keys at 80x24, in Russian and in English: units by name in the new product
form; a document refused for the company's missing details points to the app's own form, not a
command; refusals say an act in full, not the key bar's short label; the stocktake's button in
full; a month run's month in words and typed as a clerk types it; the Equipment view's everyday
keys on an 80-column key bar; F1 named alike on both bars; a product's VAT category in words."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Select

from boclerk.services.platform.company import set_company_details
from boclerk.services.sales.orders import LineInput, confirm_order, create_order
from boclerk.settings import Config
from boclerk.tui.app import BoclerkApp
from boclerk.tui.dialogs import FormDialog
from boclerk.tui.widgets import KeyBar
from tests.services.office_helpers import office
from tests.services.trade_helpers import act, add_product, add_supplier, po, set_day, sql
from tests.tui.helpers import form_error, notifications, screen_text, settle, type_text
from tests.tui.test_documents_out import BANK
from tests.tui.test_orders_screen import _shop


def _app(db, user: str, interface: str) -> BoclerkApp:
    return BoclerkApp(db, user, config=Config(locale="ru") if interface == "ru" else None)


async def keys(pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


def key_bar(app) -> str:
    bar = app.screen.query_one(KeyBar)
    bar._changed(None)
    return str(bar.content).rstrip()


# -- 1. units by name ------------------------------------------------------------------------------

@pytest.mark.parametrize(("interface", "piece", "kilogram"), [("ru", "штука (шт)", "килограмм (кг)"),
                                                               ("en", "piece (pcs)", "kilogram (kg)")])
async def test_the_new_product_form_names_the_units_and_stores_the_code(db, interface, piece, kilogram):
    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3", "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        unit = form.query_one("#f-unit", Select)
        shown = {str(prompt): value for prompt, value in unit._options if value is not Select.BLANK}
        assert shown[piece] == "pcs" and shown[kilogram] == "kg"
        assert "pcs" not in shown and "kg" not in shown  # no bare codes among the choices
        assert unit.value == "pcs" and piece in screen_text(app)
        unit.value = "kg"
        form.query_one("#f-sku").focus()
        await type_text(pilot, "SUGAR")
        await keys(pilot, "tab")
        await type_text(pilot, "Sugar")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog), form_error(app)
    assert sql(db, "SELECT unit FROM product WHERE sku = 'SUGAR'") == [("kg",)]


# -- 2. missing company details: the app's own way -------------------------------------------------

@pytest.mark.parametrize(("interface", "missing", "where"), [
    ("en", "not set yet: INN, BIK, account, bank, corr. account, director.",
     "Fill them in under Company details (ctrl+p)."),
    ("ru", "не заполнены: ИНН, БИК, счёт, банк, корр. счёт, руководитель.",
     "Заполните их в форме «Реквизиты организации» (ctrl+p)."),
])
async def test_an_invoice_without_the_company_s_details_points_to_the_company_form(db, tmp_path, monkeypatch,
                                                                                  interface, missing, where):
    _shop(db)
    with db.write("admin") as uow:
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
    monkeypatch.chdir(tmp_path)
    app = _app(db, "admin", interface)  # who may set the details (the palette offers a clerk no such form)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "2", "w", "ctrl+s")  # the first choice: the invoice for payment
        said = form_error(app)
        assert said.endswith(f"{missing} {where}"), said
        assert "boclerk company set" not in said
        await keys(pilot, "escape", "ctrl+p")  # where it points: the palette finds the form by those words
        await type_text(pilot, "реквизиты организации" if interface == "ru" else "company details")
        await pilot.pause(0.3)
        await settle(pilot)
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog) and app.screen.title_text in ("Company details",
                                                                               "Реквизиты организации")
    assert list(tmp_path.glob("*.pdf")) == []  # nothing written


async def test_with_the_details_set_the_invoice_is_written(db, tmp_path, monkeypatch):
    _shop(db)
    with db.write("admin") as uow:
        set_company_details(uow, **BANK)
        number = create_order(uow, "C1", [LineInput("MUG", 2)]).number
        confirm_order(uow, number)
    monkeypatch.chdir(tmp_path)
    app = _app(db, "clerk", "ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "2", "w", "ctrl+s")
        assert form_error(app) == ""
    assert (tmp_path / f"Счёт {number}.pdf").exists()


# -- 3. refusals say the act in full ---------------------------------------------------------------

@pytest.mark.parametrize(("interface", "sentence", "short"), [
    ("ru", "Нельзя оприходовать {po}: статус — черновик.", "Оприход."),
    ("en", "Cannot receive {po}: it is a draft.", None),
])
async def test_a_refusal_says_the_act_in_full_while_the_key_bar_keeps_its_short_word(db, interface, sentence, short):
    from datetime import date

    set_day(db, date(2026, 11, 10))
    add_product(db, "MUG", price=120000, cost=50000)
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893")
    number = po(db, "ACME", ("MUG", 10), send=False)
    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "4")
        if short:  # the key bar's word for it (its help says it too)
            from boclerk.domain.acts import ACTS
            from boclerk.i18n import _

            assert _(ACTS["purchases.receive"].label) == short
        await keys(pilot, "r")
        said = [m for m in notifications(app) if number in m]
        assert said and said[-1].startswith(sentence.format(po=number)), said
        assert all("оприход." not in m.lower() for m in said)


def test_every_act_a_state_can_refuse_has_its_full_verb():
    """The key bar's labels are short ("Оприход."); a refusal's sentence takes the act's verb."""
    from boclerk.domain.acts import ACTS

    assert [a.id for a in ACTS.values() if a.states is not None and not a.verb] == []


# -- 4. the stocktake's button ---------------------------------------------------------------------

async def test_the_stocktake_form_s_button_says_it_in_full(db):
    app = _app(db, "admin", "ru")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3")
        assert "c Инвент." in key_bar(app)  # the key bar keeps its short word
        await keys(pilot, "c")
        form = app.screen
        assert isinstance(form, FormDialog) and form.title_text == "Инвентаризация"
        assert "Открыть инвентаризацию" in [str(b.label) for b in form.query(Button)]
        assert "Инвент." not in [str(b.label) for b in form.query(Button)]


# -- 5. a month in words ---------------------------------------------------------------------------

@pytest.mark.parametrize(("interface", "first", "typed", "month", "question"), [
    ("ru", "октябрь 2026", "9.2026", "сентябрь 2026", "Провести амортизацию основных средств за сентябрь 2026?"),
    ("ru", "октябрь 2026", "2026-09", "сентябрь 2026", "за сентябрь 2026?"),
    ("ru", "октябрь 2026", "сент. 2026", "сентябрь 2026", "за сентябрь 2026?"),
    ("en", "October 2026", "09/2026", "September 2026", "Post the depreciation of fixed assets for September 2026?"),
])
async def test_the_month_of_a_run_is_said_in_words_and_typed_as_a_clerk_types_it(db, interface, first, typed,
                                                                                month, question):
    office(db)
    app = _app(db, "acc", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "v", "D")
        assert app.focused.id == "f-month" and app.focused.value == first  # the month before today's
        await keys(pilot, "end", *["backspace"] * len(first))
        await type_text(pilot, "13.2026")
        await keys(pilot, "ctrl+s")
        refused = form_error(app)
        assert "13.2026" in refused and first.split()[0] not in refused
        assert ("ноябрь 2026 или 11.2026" if interface == "ru" else "November 2026 or 11.2026") in refused
        await keys(pilot, *["backspace"] * len("13.2026"))
        await type_text(pilot, typed)
        await keys(pilot, "ctrl+s")
        assert question in " ".join(screen_text(app).split()), screen_text(app)
        await keys(pilot, "y")
        said = " ".join(notifications(app))
        assert month in said and "2026-09" not in said, said


# -- 6. the Equipment view's keys at 80 columns ---------------------------------------------------

@pytest.mark.parametrize(("interface", "shown"), [
    ("ru", ["n Добавить", "m Перемест.", "c Состоян.", "s Обслуж.", "F1 Справка"]),
    ("en", ["n New", "m Move", "c Condition", "s Service", "p Plan", "F1 Help"]),
])
async def test_the_equipment_view_s_everyday_keys_fit_80_columns(db, interface, shown):
    office(db)
    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "7", "v")
        assert app.screen.view == "equipment"
        bar = key_bar(app)
        assert all(f" {word} " in f" {bar} " for word in shown), bar
        assert " D " not in bar and len(bar) < 80  # the month's depreciation: help and palette
        from boclerk.tui.help import help_sections

        helped = dict(help_sections(app, app.screen))
        assert ("D", "Амортизация" if interface == "ru" else "Depreciate") in next(iter(helped.values())), helped
    app = _app(db, "admin", interface)
    async with app.run_test(size=(160, 48)) as pilot:  # room: the acts' own words
        await keys(pilot, "7", "v")
        bar = key_bar(app)
        assert ("m Переместить" if interface == "ru" else "w Write off") in bar, bar


# -- 7. F1 on both bars ----------------------------------------------------------------------------

@pytest.mark.parametrize(("interface", "help_"), [("ru", "F1 Справка"), ("en", "F1 help")])
async def test_the_top_bar_and_the_key_bar_name_f1_alike(db, interface, help_):
    from boclerk.tui.base import TopBar

    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "2")
        top = str(app.screen.query_one(TopBar).content).rstrip()
        assert top.endswith(help_), top
        assert key_bar(app).endswith(help_.replace("help", "Help")) and " f1 " not in key_bar(app)


# -- 8. a product's VAT in words -------------------------------------------------------------------

@pytest.mark.parametrize(("interface", "vat"), [("ru", "НДС 22% (основная ставка)"), ("en", "VAT 22% (standard rate)")])
async def test_the_product_card_says_its_vat_category_in_words(db, interface, vat):
    from tests.services.test_invariants import receive

    add_product(db, "MUG", price=120000, cost=50000)
    receive(db, "MUG", 3, 50000)
    app = _app(db, "viewer", interface)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "3")
        lines = _text(app.screen.query_one("#stock-detail").content).splitlines()
        assert lines[2].strip() == vat, lines


def _text(renderable) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=150, color_system=None)
    console.print(renderable)
    return console.file.getvalue()
