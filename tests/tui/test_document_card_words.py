"""The app's card of a document names its customer or supplier and the records it is linked to in
the clerk's words (kind, number, a partner's name and code); removing a link offers them in words
and removes the one chosen by its key; following a document opens the record its key names."""

from __future__ import annotations

from rich.console import Console

from boclerk.domain.document_words import record_words
from boclerk.i18n import use
from boclerk.services.documents.queries import show_document
from boclerk.services.documents.register import link
from boclerk.tui.documents.dialogs import linked_words, render_document
from boclerk.tui.documents.follow import target
from tests.services.doc_samples import document_store  # noqa: F401  (an autouse fixture)
from tests.services.test_documents_in_words import billed  # noqa: F401  (a fixture)
from tests.services.trade_helpers import act, confirmed, read, sql_one
from tests.tui.test_documents_screen import (  # noqa: F401  (fixtures)
    documents_app,
    inbox_db,
    keys,
    open_documents,
    settle,
)


def shown(d) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(render_document(d, lambda minor: f"{minor / 100:.2f}"))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def test_a_document_s_card_says_its_records_in_the_clerk_s_words(billed):  # noqa: F811
    db = billed
    d = read(db, "viewer", show_document, db.upd.number)
    card = shown(d)
    assert "\nSupplier Acme Supplies (ACME)\n" in card, card
    assert f"\nLinks: supplier bill BILL-2026-000001, purchase order {db.po}, supplier Acme Supplies (ACME)\n" in card
    assert "supplier:" not in card
    use("ru")
    card = shown(d)
    assert "\nПоставщик Acme Supplies (ACME)\n" in card, card
    assert f"\nСвязи: счёт поставщика BILL-2026-000001, заказ поставщику {db.po}, поставщик Acme Supplies (ACME)\n" in card


def test_links_are_offered_in_words_and_followed_by_their_keys(billed):  # noqa: F811
    db = billed
    so = confirmed(db, "ANNA", ("MUG", 1))
    act(db, "clerk", link, db.upd.number, so)
    act(db, "clerk", link, db.upd.number, "customer:ANNA")
    d = read(db, "viewer", show_document, db.upd.number)
    use("ru")
    # the choice of a link to remove: (what the clerk reads, the key the service takes)
    assert list(zip(linked_words(d), d.links, strict=True)) == [
        ("счёт поставщика BILL-2026-000001", "BILL-2026-000001"), (f"заказ поставщику {db.po}", db.po),
        (f"заказ {so}", so), ("покупатель Anna Petrova (ANNA)", "customer:ANNA"),
        ("поставщик Acme Supplies (ACME)", "supplier:ACME")]
    assert target(d.linked) == ("bill", "BILL-2026-000001")
    assert target([r for r in d.linked if r.kind in ("customer", "supplier")]) == ("customer", "ANNA")
    assert target([]) is None


def test_a_record_that_is_gone_and_a_partner_without_a_name_read_in_words():
    use("ru")
    assert record_words("order", "", missing_id=7) == "заказ #7 (не найден)"
    assert record_words("entry", "JE-2026-000001") == "проводка JE-2026-000001"
    assert record_words("customer", "customer:ANNA") == "покупатель ANNA"


async def test_removing_a_link_offers_the_records_in_words_and_removes_the_one_chosen(inbox_db):  # noqa: F811
    from textual.widgets import Select

    from boclerk.tui.dialogs import FormDialog

    db = inbox_db
    contract = sql_one(db, "SELECT number FROM document WHERE original_name = 'contract.pdf'")
    act(db, "clerk", link, contract, db.so1)
    act(db, "clerk", link, contract, "supplier:ACME")
    app = documents_app(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_documents(app, pilot)
        screen.table().move_cursor(row=[r.number for r in screen.table().rows_data].index(contract))
        await keys(app, pilot, "u")
        assert isinstance(app.screen, FormDialog)
        choice = app.screen.query_one("#f-target", Select)
        assert [str(prompt) for prompt, _value in choice._options if _value is not Select.BLANK] == [
            f"order {db.so1}", "supplier Acme Supplies (ACME)"]
        choice.value = "supplier:ACME"
        await keys(app, pilot, "ctrl+s")
        await settle(app, pilot)
    assert read(db, "viewer", show_document, contract).links == [db.so1]
