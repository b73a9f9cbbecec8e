"""The app's in-memory choices fold what is typed as every search does: any case in every
alphabet, "ё" as "е" (the entry form's and the posting dialog's accounts, a document's link)."""

from __future__ import annotations

from types import SimpleNamespace

from boclerk.tui.documents.dialogs import narrowed
from boclerk.tui.ledger.chart_input import chart_matches


def _account(code: str, name: str, active: bool = True):
    return SimpleNamespace(code=code, name=name, active=active)


ACCOUNTS = {a.code: a for a in (_account("6010", "Расчёты с поставщиками"), _account("6200", "Расчеты по налогам"),
                                _account("7700", "Ёмкости и тара"), _account("9999", "Расчёты старые", False))}


def test_an_account_is_found_by_its_name_with_or_without_yo():
    assert [a.code for a in chart_matches(ACCOUNTS, "расчеты")] == ["6010", "6200"]
    assert [a.code for a in chart_matches(ACCOUNTS, "РАСЧЁТЫ")] == ["6010", "6200"]
    assert [a.code for a in chart_matches(ACCOUNTS, "емкости")] == ["7700"]
    assert [a.code for a in chart_matches(ACCOUNTS, "60")] == ["6010"]
    assert chart_matches(ACCOUNTS, "  ") == []


def test_a_document_s_link_is_narrowed_folded():
    candidates = ["SO-2026-000001", "customer:FEDOROV", "supplier:ЁЛКА-ТОРГ", "supplier:Елочка"]
    assert narrowed(candidates, "елка") == ["supplier:ЁЛКА-ТОРГ"]
    assert narrowed(candidates, "ЁЛОЧ") == ["supplier:Елочка"]
    assert narrowed(candidates, "so-2026") == ["SO-2026-000001"]
    assert narrowed(candidates, "") == candidates
