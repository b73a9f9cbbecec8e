"""The services and format readers speak Russian when the interface does: a refused bank
statement, a refused ledger act, the counts of an import summary in Russian's three plural
forms. English is asserted everywhere else; these catch a broken wiring of the catalogue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boclerk.errors import InvalidInput, Refused
from boclerk.formats.bank_statement import read_statement
from boclerk.i18n import use
from boclerk.services.exchange.import_base import ImportResult
from boclerk.services.ledger.book import Line, post_manual, set_lock_date
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    Pay,
    add_one,
    document_store,
    statement_1c,
    write,
)
from tests.services.test_import import csv_bytes, run
from tests.services.trade_helpers import act, changed_tables, confirmed, set_day, shop, snapshot
from tests.services.test_invariants import refused

DAY = date(2026, 3, 20)


@pytest.fixture
def russian():
    use("ru")  # conftest puts English back after the test
    yield


def rent(day=DAY, amount=500000, paid=500000):
    return dict(entry_date=day, memo="Аренда", lines=[Line("5900", amount, "MGMT"), Line("1010", -paid)])


# -- bank statements ------------------------------------------------------------------------------


def test_a_bank_statement_file_is_refused_in_russian(russian):
    with pytest.raises(InvalidInput) as empty:
        read_statement(b"", name="statement.txt")
    assert str(empty.value) == "statement.txt пуст."
    with pytest.raises(InvalidInput) as unknown:
        read_statement(b"not a statement at all\n", name="statement.txt")
    assert str(unknown.value) == ("statement.txt — не банковская выписка, которую boclerk может прочитать "
                                  "(1CClientBankExchange, camt.052, camt.053, camt.054 или OFX).")


def test_a_statement_that_does_not_add_up_is_refused_in_russian_and_changes_nothing(db, tmp_path, russian):
    set_day(db, DAY)
    shop(db)
    before = snapshot(db)
    bad = add_one(db, "clerk", write(tmp_path, "bad.txt", statement_1c(
        [Pay("2400.00", "Оплата по заказу", "Анна Петрова", number="11")], closing="1.00")))
    assert bad.outcome == "refused" and bad.exit_code == 2
    assert bad.message == ("bad.txt: входящий остаток 100000.00 плюс строки (2400.00) не равен исходящему "
                           "остатку 1.00.")
    assert changed_tables(before, snapshot(db)) == []


def test_a_statement_summary_counts_its_lines_in_russian(db, tmp_path, russian):
    set_day(db, DAY)
    shop(db)
    so = confirmed(db, "ANNA", ("MUG", 2))
    pays = [Pay("2400.00", f"Оплата по заказу {so}", "Анна Петрова", number="11")] + [
        Pay(f"{100 + i}.00", "Возврат займа", "ООО Неизвестный", "7700000000", number=str(20 + i)) for i in range(4)]
    res = add_one(db, "clerk", write(tmp_path, "stmt.txt", statement_1c(pays)))
    assert res.message.endswith(": 5 новых строк выписки, с предложенным сопоставлением: 1, ждут в очереди: 4."), \
        res.message
    one = add_one(db, "clerk", write(tmp_path, "one.txt", statement_1c(
        [Pay("7.00", "Возврат займа", "ООО Неизвестный", "7700000000", number="31")], day="21.03.2026")))
    assert one.message.endswith(": 1 новая строка выписки, с предложенным сопоставлением: 0, ждут в очереди: 1."), \
        one.message


# -- the ledger ------------------------------------------------------------------------------------


def test_a_ledger_act_is_refused_in_russian(db, russian):
    set_day(db, DAY)
    refused(db, "acc", Refused, r"^Проводка не сбалансирована: дебет больше кредита на 1,00\.$",
            post_manual, **rent(paid=499900))
    refused(db, "acc", Refused, r"^Проводка не сбалансирована: кредит больше дебета на 2,34\.$",
            post_manual, **rent(paid=500234))
    refused(db, "acc", InvalidInput, r"^В проводке должно быть не меньше двух строк\.$",
            post_manual, entry_date=DAY, memo="x", lines=[Line("5900", 1000)])
    lock = DAY - timedelta(days=10)
    act(db, "admin", set_lock_date, lock)
    refused(db, "acc", Refused, rf"^Нельзя провести на {lock:%d\.%m\.%Y}: изменения запрещены по {lock:%d\.%m\.%Y} включительно\.$",
            post_manual, **rent(day=lock))
    refused(db, "admin", Refused, rf"^Изменения запрещены по {lock:%d\.%m\.%Y}; перенос даты запрета изменений назад, на "
                                  r"нет, открывает закрытый период: подтвердите это флагом --reopen\.$",
            set_lock_date, None)


# -- import summaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(("rows", "said"), [(1, "1 строка"), (2, "2 строки"), (5, "5 строк"), (11, "11 строк"),
                                            (21, "21 строка"), (22, "22 строки")])
def test_an_import_summary_counts_rows_in_russian(russian, rows, said):
    result = ImportResult("products", "products.csv", rows, added=rows)
    assert result.sentence() == f"Импортирован products.csv: {said}, новых: {rows}, обновлено: 0, без изменений: 0."
    dry = ImportResult("orders", "orders.csv", rows, added=rows, dry_run=True)
    orders = {1: "1 новый заказ", 2: "2 новых заказа", 5: "5 новых заказов"}.get(rows)
    if orders:
        assert dry.sentence() == (f"Проверен orders.csv: {said}, {orders}, уже были: 0. "
                                  "Пробный прогон: ничего не записано.")


def test_an_import_through_the_service_reports_in_russian(db, russian):
    set_day(db, date(2026, 6, 1))
    result = run(db, "suppliers", csv_bytes(
        "code,name,tax_id,email,phone,address,payment_terms_days",
        "ACME,Acme Supplies,7707083893,,,,30",
        "GLOBEX,Globex,,,,,"))
    assert result.sentence() == "Импортирован suppliers.csv: 2 строки, новых: 2, обновлено: 0, без изменений: 0."
    with pytest.raises(InvalidInput) as info:
        run(db, "suppliers", csv_bytes("code,name,colour", "ACME,Acme Supplies,red"))
    assert str(info.value).startswith("suppliers.csv: неизвестный столбец: 'colour'. Допустимые столбцы: code, name"), \
        str(info.value)
