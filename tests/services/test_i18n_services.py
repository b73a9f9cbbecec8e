"""The services, the rule book and the parsers speak the interface language: in Russian a clerk
reads a refusal, a permission refusal, a parse error and a count in Russian (the rest of the
suite runs in English and asserts the English sentences)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from boclerk import dates, money, quantity
from boclerk.domain.acts import act as rule
from boclerk.errors import InvalidInput, NotPermitted, Refused
from boclerk.i18n import use
from boclerk.services.platform import paths
from boclerk.services.sales.orders import cancel_order, confirm_order
from tests.services.trade_helpers import act, order, refused, shop


@pytest.fixture
def store(db):
    shop(db)
    return db


@pytest.fixture
def russian():
    use("ru")
    yield
    use("en")


def test_confirming_a_cancelled_order_is_refused_in_russian(store, russian):
    number = order(store, "ANNA", ("MUG", 1))
    act(store, "clerk", cancel_order, number)
    exc = refused(store, "clerk", Refused, None, confirm_order, number)
    assert str(exc) == (f"Нельзя подтвердить {number}: статус — уже отменён. "
                        "Можно, когда заказ в статусе: черновик.")


def test_a_refusal_by_state_names_what_to_do_instead_in_russian(russian):
    sentence = str(rule("orders.cancel").refusal("SO-2026-000007", "shipped"))
    assert sentence == ("Нельзя отменить SO-2026-000007: статус — уже отгружен. Можно, когда заказ в статусе: "
                        "черновик или подтверждён. Вместо этого примите товар обратно возвратом.")
    assert rule("orders.ship").ask("SO-2026-000007").startswith("Отгрузить SO-2026-000007? Товар спишется")


def test_a_permission_refusal_names_the_right_in_russian(store, russian):
    number = order(store, "ANNA", ("MUG", 1))
    exc = refused(store, "viewer", NotPermitted, None, cancel_order, number)
    assert "нет права: вести заказы." in str(exc)


def test_the_same_refusal_is_english_again_when_the_language_is(store):
    number = order(store, "ANNA", ("MUG", 1))
    act(store, "clerk", cancel_order, number)
    exc = refused(store, "clerk", Refused, None, confirm_order, number)
    assert str(exc).startswith(f"Cannot confirm {number}: it is already cancelled.")


def test_a_date_that_is_not_one_is_refused_in_russian_with_the_form_in_russian_letters(russian):
    with pytest.raises(InvalidInput) as caught:
        dates.parse_day("32.13.2026", locale="ru")
    assert str(caught.value) == "«32.13.2026» — не дата; пишите так: ДД.ММ.ГГГГ или ГГГГ-ММ-ДД."


def test_an_ambiguous_amount_is_refused_in_russian(russian):
    with pytest.raises(InvalidInput) as caught:
        money.parse_amount("1,234", currency="RUB", locale="ru")
    assert str(caught.value) == ("«1,234» можно понять двояко: пишите 1234 без разделителя "
                                 "или не больше 2 знаков после «,».")
    with pytest.raises(InvalidInput) as caught:
        money.parse_amount("12x", currency="RUB", locale="ru")
    assert str(caught.value) == "«12x» — не сумма."


@pytest.mark.parametrize(("decimals", "shown"), [
    (1, "В «1,25» больше 1 знака после запятой, а кг допускает не больше."),
    (2, "В «1,255» больше 2 знаков после запятой, а кг допускает не больше."),
], ids=["one", "two"])
def test_too_many_decimals_counts_them_as_russian_does(russian, decimals, shown):
    text = "1.25" if decimals == 1 else "1.255"
    with pytest.raises(InvalidInput) as caught:
        quantity.to_stored(Decimal(text), decimals, unit="кг")
    assert str(caught.value) == shown


def test_a_file_kind_is_named_in_russian(russian, tmp_path):
    with pytest.raises(InvalidInput) as caught:
        paths.read_bytes(tmp_path, cap=10, too_big="")
    assert "— папка" in str(caught.value)


def test_a_shortfall_on_confirming_is_said_in_russian_to_its_last_part(store, russian):
    number = order(store, "ANNA", ("MUG", 20))
    exc = refused(store, "clerk", Refused, None, confirm_order, number)
    assert str(exc).startswith(f"Нельзя подтвердить {number}: MUG: свободно 10")
    assert "нужно 20" in str(exc) and "available" not in str(exc)
