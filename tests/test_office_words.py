"""The office's kinds have a word each, in English and in Russian, read from one table in the domain
by both faces; a code without a word stays as stored."""

from __future__ import annotations

import pytest

from boclerk.domain import office_words as w
from boclerk.domain.office import Basis, DealKind
from boclerk.domain.office_register import EventKind, LinkKind


@pytest.fixture
def russian():
    from boclerk.i18n import use

    use("ru")
    yield
    use("en")


def test_every_stored_kind_has_its_word():
    assert set(w.LINK_WORDS) == {k.value for k in LinkKind}
    assert set(w.EVENT_WORDS) == {k.value for k in EventKind}
    assert set(w.DEAL_WORDS) == set(w.DEAL_FULL_WORDS) == {k.value for k in DealKind}
    assert set(w.BASIS_WORDS) | {"account"} == {k.value for k in Basis}


def test_the_words_are_russian_in_russian(russian):
    said = ([w.link_word(k.value) for k in LinkKind] + [w.event_word(k.value) for k in EventKind]
            + [w.deal_word(k.value) for k in DealKind] + [w.deal_word(k.value, full=True) for k in DealKind]
            + [w.basis_word(k.value, "4000") for k in Basis] + [w.party_word(k) for k in ("supplier", "customer", "other")])
    assert all(s and not any("a" <= c.lower() <= "z" for c in s) for s in [x.replace("4000", "") for x in said]), said
    assert w.link_word("po") == "заказ поставщику" and w.event_word("written_off") == "списание"
    assert w.link_word("new_kind") == "new kind"  # a code without a word, readable


def test_a_deal_s_terms_in_a_sentence(russian):
    from types import SimpleNamespace

    rule = SimpleNamespace(kind="allocation", source=None, target=None, fee=None, shares=[("SALES", "120")],
                           basis="area", basis_account=None)
    fee = SimpleNamespace(kind="service", source="IT", target="SALES", fee=500000, shares=[], basis=None,
                          basis_account=None)
    assert w.deal_terms(rule, str) == "без подразделения -> SALES 120, по базе: площадь"
    assert w.deal_terms(fee, lambda m: f"{m / 100:.2f}") == "SALES платит IT 5000.00 в месяц"
