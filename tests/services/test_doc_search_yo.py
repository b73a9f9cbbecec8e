"""``doc search`` folds "ё" to "е" as every other search does: "федоров" finds "Фёдоров" and
"фёдоров" finds "Федоров", in a document's text and in its details, on SQLite (whose index reads
the text unfolded) and on PostgreSQL, whether its index was written folded or, as before, not."""

from __future__ import annotations

import pytest

from boclerk.services.documents.queries import search_documents
from boclerk.services.documents.register import spellings, update_document, words
from tests.services.doc_samples import add_one, document_store, write  # noqa: F401  (an autouse fixture)
from tests.services.trade_helpers import read, set_day, shop, sql


@pytest.fixture
def docs(db, tmp_path):
    from datetime import date

    set_day(db, date(2026, 3, 20))
    shop(db)
    yo = add_one(db, "clerk", write(tmp_path, "a.txt", "Счёт от ИП Фёдоров на ёлки".encode())).number
    ye = add_one(db, "clerk", write(tmp_path, "b.txt", "Акт сверки с ИП Федоров".encode())).number
    with db.write("clerk") as uow:
        update_document(uow, ye, notes="Зелёный склад")
    return yo, ye


def _found(db, query: str) -> set[str]:
    return {r.number for r in read(db, "viewer", search_documents, query)}


@pytest.mark.parametrize("query, which", [
    ("федоров", "both"), ("Фёдоров", "both"), ("ФЕДОР", "both"), ("ип-федоров", "both"), ("ип-фёдоров", "both"),
    ("счет", "yo"), ("СЧЁТ", "yo"), ("елки", "yo"), ("ёлк", "yo"), ("зеленый", "ye"), ("зелёный склад", "ye"),
    ("федоров акт", "ye"), ("фёдоров елки", "yo"),
])
def test_e_finds_yo_and_back(db, docs, query, which):
    yo, ye = docs
    assert _found(db, query) == {"both": {yo, ye}, "yo": {yo}, "ye": {ye}}[which], query


def test_a_postgresql_index_written_before_the_fold_still_answers(db, docs, backend):
    """An index whose words keep their "ё" (as they were written before): found all the same."""
    if backend != "postgresql":
        pytest.skip("SQLite's index always reads the text unfolded (the test above)")
    yo, ye = docs
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE document_text SET search = to_tsvector('simple', lower(meta || ' ' || body))"))
    assert "'фёдоров'" in str(sql(db, "SELECT search FROM document_text ORDER BY document_id")[0][0])
    assert _found(db, "федоров") == {yo, ye} and _found(db, "елки") == {yo}


def test_the_index_s_words_are_folded_and_a_word_s_spellings_are_few():
    assert words("Счёт ИП-Фёдоров, ЁЛКИ") == ["счет", "ип", "федоров", "елки"]
    assert spellings(["ип", "федоров"]) == [["ип", "федоров"], ["ип", "фёдоров"]]
    assert len(spellings(["елена"])) == 4 and ["ёлена"] in spellings(["елена"])
    many = spellings(["перееезееед"])  # seven: the word as typed and each "е" as "ё" alone
    assert len(many) == 8 and len({tuple(s) for s in many}) == 8
    assert spellings(["abc"]) == [["abc"]]
