"""The app's view of a bank statement document: balances its file did not give read "not given"
(in Russian too), never 0,00; balances given are shown as money."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from boclerk.i18n import use
from boclerk.services.documents.queries import show_document
from boclerk.tui.documents.dialogs import render_document
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    add_one,
    document_store,
    statement_1c,
    write,
)
from tests.services.test_statement_intake import IBAN, notification
from tests.services.trade_helpers import read, set_day, shop

DAY = date(2026, 3, 20)


def shown(d) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(render_document(d, lambda minor: f"{minor / 100:.2f}"))
    return console.export_text()


def test_a_statement_without_balances_says_they_are_not_given(db, tmp_path):
    set_day(db, DAY)
    shop(db)
    number = add_one(db, "clerk", write(tmp_path, "n.xml", notification([
        ("1500.00", "NTF-1", "Иван Петров", "Оплата"), ("-150.00", "NTF-2", "ПАО СБЕРБАНК", "Комиссия")])),
        doc_type="bank_statement").number
    d = read(db, "viewer", show_document, number)
    assert f"Statement of {IBAN}: not given → not given RUB, 2 lines (2 new)" in shown(d)
    use("ru")
    assert f"Выписка по счёту {IBAN}: не указан → не указан RUB" in shown(d)

    given = add_one(db, "clerk", write(tmp_path, "s.txt", statement_1c([Pay("2400.00", "x", "Someone")],
                                                                       opening="1000.00"))).number
    use("en")
    assert "Statement of " in shown(read(db, "viewer", show_document, given))
    assert ": 1000.00 → 3400.00 RUB, 1 line (1 new)" in shown(read(db, "viewer", show_document, given))
