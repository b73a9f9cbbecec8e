"""Every act's form is saved by the act's own button word from the rule book, said in full, as
its question is answered: «Оплатить», «Сторнировать счёт», «Принять возврат», not the key bar's
«Оплата», «Сторно счёта», «Возврат».

The forms are found in the app's code: every form (``FormDialog``, ``LinesForm`` and the forms
built on them, the Office screen's ``_form``) names its act, except the few that are no act's
(a filter, a report's period, a line being changed before anything is saved)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Button

import boclerk.tui
from boclerk.domain.acts import ACTS
from boclerk.i18n import _, speaking
from boclerk.services.purchasing.bills import enter_bill
from boclerk.services.purchasing.orders import receive_po
from boclerk.tui.dialogs import FormDialog
from tests.services.trade_helpers import act, add_product, add_supplier, confirmed, po, set_day, shop
from tests.tui.test_app_words import _app, key_bar, keys

TUI = Path(boclerk.tui.__file__).parent
FORMS = {"FormDialog", "LinesForm", "RechargeForm", "_form"}
#: forms that are no act's, by module and the start of their title as written
NOT_ACTS = {
    ("orders/screen.py", "_('Orders between dates')"),  # a filter of the list
    ("ledger/screen.py", "_('Entries between dates')"),  # a filter of the list
    ("ledger/parts.py", "title"),  # a report's day or period
    ("orders/form.py", "f'{line.sku} {line.name}'[:60]"),  # a line of the order being entered
    ("purchases/form.py", "f'{line.sku} {line.name}'"),  # a line of the PO being entered
    # the lock date's form sets the lock, moves it back or lifts it: its button says "Set", and the
    # question that follows says which of the three in full ("Lock the books", "Reopen", "Unlock")
    ("ledger/acts.py", "_('Lock date')"),
}
#: an act a form names by an expression, not by its id: the acts it stands for
BY_EXPRESSION = {
    ("outbound.py", "ACTS[f'{area}.documents']"): ("orders.documents", "purchases.documents"),
    ("office/acts_base.py", "act"): (),  # the Office screen's _form: passes on the act its callers name
    ("office/acts.py", "ACTS[act_id]"): ("office.depreciate", "office.allocate"),
}


def _forms():
    """(module, title as written, the act's expression or None) of every form in the app."""
    for path in sorted(TUI.rglob("*.py")):
        module = path.relative_to(TUI).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if name not in FORMS:
                continue
            title = ast.unparse(node.args[0])
            if title.endswith(".format"):
                title = title[: -len(".format")]
            title = title.split(".format(")[0]
            named = next((k.value for k in node.keywords if k.arg == "act"), None)
            yield module, title, None if named is None else ast.unparse(named)


def _acts_of_forms() -> set[str]:
    acts = set()
    for module, _title, named in _forms():
        if named is None:
            continue
        if named.startswith("ACTS['") or named.startswith('ACTS["'):
            acts.add(ast.literal_eval(named[len("ACTS["):-1]))
        else:
            acts.update(BY_EXPRESSION[(module, named)])  # a KeyError: a new way of naming the act
    return acts


def test_every_form_of_an_act_names_its_act():
    forms = list(_forms())
    assert len(forms) > 40  # the walk found the app's forms
    unnamed = {(module, title) for module, title, named in forms if named is None}
    assert unnamed == set(NOT_ACTS), "a form that is no act's goes into NOT_ACTS with the reason"


def test_every_act_with_a_form_has_a_button_word_said_in_full():
    acts = _acts_of_forms()
    assert {"purchases.pay", "purchases.reverse_bill", "orders.return", "office.depreciate"} <= acts
    assert [a for a in sorted(acts) if not ACTS[a].button] == []
    with speaking("ru"):
        words = {a: ACTS[a].yes_word() for a in acts}
        labels = {a: _(ACTS[a].label) for a in acts}
    assert {a: w for a, w in words.items() if w.endswith(".")} == {}
    assert (labels["purchases.pay"], words["purchases.pay"]) == ("Оплата", "Оплатить")
    assert (labels["purchases.reverse_bill"], words["purchases.reverse_bill"]) == ("Сторно счёта", "Сторнировать счёт")
    assert (labels["orders.return"], words["orders.return"]) == ("Возврат", "Принять возврат")
    assert (labels["stock.transfer"], words["stock.transfer"]) == ("Перемест.", "Переместить товар")


def test_a_form_of_an_act_takes_its_word_and_a_form_of_none_keeps_its_own():
    assert FormDialog("?", [], act=ACTS["purchases.pay"]).submit_label == "Pay the bill"
    with speaking("ru"):
        assert FormDialog("?", [], act=ACTS["purchases.pay"]).submit_label == "Оплатить"
        assert FormDialog("?", [], submit="Show").submit_label == "Показать"


DAY = date(2026, 3, 16)


@pytest.fixture
def posted(db):
    set_day(db, DAY)
    add_product(db, "MUG", price=120000, cost=50000)
    add_supplier(db, "ACME", "Acme Supplies", tax_id="7707083893", payment_terms_days=30)
    po(db, "ACME", ("MUG", 10, 50000))
    act(db, "wh", receive_po, "PO-2026-000001")
    act(db, "acc", enter_bill, "PO-2026-000001", "INV-1", DAY)
    return db


def _ok(app) -> str:
    assert isinstance(app.screen, FormDialog), type(app.screen)
    return str(app.screen.query_one("#ok", Button).label)


@pytest.mark.parametrize(("interface", "pay", "reverse"), [("ru", "Оплатить", "Сторнировать счёт"),
                                                             ("en", "Pay the bill", "Reverse the bill")])
async def test_a_bill_is_paid_and_reversed_by_the_acts_own_words(posted, interface, pay, reverse):
    app = _app(posted, "acc", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "4", "v", "p")  # the bills; pay the highlighted one
        assert _ok(app) == pay
        assert f"^s {pay}" in key_bar(app)
        await keys(pilot, "escape", "enter", "u")  # the bill's own view: reverse it
        assert _ok(app) == reverse
        assert f"^s {reverse}" in key_bar(app)


@pytest.mark.parametrize(("interface", "yes"), [("ru", "Принять возврат"), ("en", "Take back")])
async def test_a_return_is_taken_by_the_act_s_own_word(db, interface, yes):
    from boclerk.services.sales.shipping import ship_order

    shop(db)
    number = confirmed(db, "ANNA", ("MUG", 2))
    act(db, "admin", ship_order, number)
    app = _app(db, "admin", interface)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "2", "r")
        assert _ok(app) == yes
        assert f"^s {yes}" in key_bar(app)
