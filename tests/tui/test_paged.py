"""PagedTable: pages by key in both directions, never loops, keeps a bounded window."""

from textual.app import App, ComposeResult

from boclerk.tui.paged import Column, PagedTable
from tests.tui.helpers import settle

KEYS = list(range(1000, 0, -1))  # display order: newest (highest key) first


def fetch(uow, *, after=None, before=None, last=False, limit=100):
    fetch.calls.append((after, before, last))
    if last:
        return KEYS[-limit:]
    if before is not None:
        i = KEYS.index(before)
        return KEYS[max(i - limit, 0):i]
    start = 0 if after is None else KEYS.index(after) + 1
    return KEYS[start:start + limit]


class ListApp(App):
    def __init__(self, db) -> None:
        super().__init__()
        self.db, self.actor = db, "viewer"

    def compose(self) -> ComposeResult:
        yield PagedTable([Column("key", "Key", 8)], fetch, lambda k: {"key": k}, lambda k: k, page=50,
                         window_pages=3)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.reload()
        table.focus()


async def test_pages_forward_back_and_to_both_ends(db):
    fetch.calls = []
    app = ListApp(db)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        table = app.query_one(PagedTable)
        assert table.rows_data[0] == 1000 and len(table.rows_data) == 50 and table.more_after
        steps = []
        for _ in range(12):  # well past the first page: more pages come, the window stays bounded
            before = table.current
            await pilot.press("pagedown")
            await settle(pilot)
            steps.append(before - table.current)
        assert all(0 < step <= 19 for step in steps), steps  # on, at most a screenful, also when a page leaves
        assert len(table.rows_data) <= 150
        assert table.current < 1000 - 100
        # the table shows exactly the kept rows, and the cursor stands on the current one
        assert table.row_count == len(table.rows_data)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [str(k) for k in table.rows_data]
        assert str(table.get_row_at(table.cursor_row)[0]) == str(table.current)
        fetch.calls.clear()
        await pilot.press("G")
        await settle(pilot)
        await settle(pilot)
        assert table.current == 1 and table.rows_data[-1] == 1
        assert fetch.calls == [(None, None, True)], "jumping to the end must fetch once, not loop"
        for _ in range(6):
            await pilot.press("pageup")
            await settle(pilot)
        assert table.more_before and table.current > 1
        await pilot.press("g")
        await settle(pilot)
        assert table.current == 1000


async def test_the_first_rows_are_a_screenful_and_the_rest_of_the_page_follows(db):
    """The first fetch asks for as many rows as the terminal is high; the rest of the page comes
    right after it, from the last key, so the list ends with the same page a single fetch gives,
    and says it has loaded once, when the page is whole."""
    asked: list[tuple] = []

    def counted(uow, *, after=None, before=None, last=False, limit=100):
        asked.append((after, limit))
        return fetch(uow, after=after, before=before, last=last, limit=limit)

    fetch.calls = []
    loads: list[int] = []

    class Counting(ListApp):
        def compose(self) -> ComposeResult:
            yield PagedTable([Column("key", "Key", 8)], counted, lambda k: {"key": k}, lambda k: k, page=50,
                             window_pages=3)

        def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
            loads.append(len(event.table.rows_data))

    app = Counting(db)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        table = app.query_one(PagedTable)
        assert asked == [(None, 20), (981, 30)]
        assert table.rows_data == KEYS[:50] and table.more_after and not table.more_before
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [str(k) for k in KEYS[:50]]
        assert loads == [50]
        assert table.cursor_row == 0


async def test_a_short_list_is_fetched_once(db):
    """Fewer rows than the terminal shows: one fetch, nothing more to ask for."""
    global KEYS
    kept, KEYS = KEYS, list(range(12, 0, -1))
    try:
        fetch.calls = []
        app = ListApp(db)
        async with app.run_test(size=(40, 20)) as pilot:
            await settle(pilot)
            table = app.query_one(PagedTable)
            assert fetch.calls == [(None, None, False)]
            assert table.rows_data == KEYS and not table.more_after
    finally:
        KEYS = kept


async def test_a_reload_asked_for_while_the_rest_is_on_its_way_fetches_again(db):
    """A filter changed between the first rows and the rest of the page: the list loads again
    from the first page (the rest that was on its way is dropped), and ends whole."""
    fetch.calls = []
    app = ListApp(db)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(PagedTable)
        while not table.rows_data:
            await pilot.pause(0.001)
        table.reload()
        await settle(pilot)
        assert table.rows_data == KEYS[:50] and table.more_after
        assert table.row_count == 50
        assert fetch.calls.count((None, None, False)) >= 2


def _orders(db, n: int) -> None:
    from boclerk.services.catalog import partners
    from boclerk.services.catalog import products as catalog
    from boclerk.services.sales.orders import LineInput, create_order

    with db.write("admin") as uow:
        partners.add_customer(uow, "C1", "Ivan Petrov")
        catalog.add_product(uow, "DELIVERY", "Delivery", kind="service", sale_price=30000)
    for _ in range(n):
        with db.write("clerk") as uow:
            create_order(uow, "C1", [LineInput("DELIVERY", 1)])


def _counting_list_orders(monkeypatch) -> list[dict]:
    import boclerk.services.sales.queries as queries

    asked: list[dict] = []
    original = queries.list_orders

    def counted(uow, **kwargs):
        asked.append(kwargs)
        return original(uow, **kwargs)

    monkeypatch.setattr(queries, "list_orders", counted)
    return asked


async def test_a_list_screen_reads_its_first_page_once_while_it_is_built(db, monkeypatch):
    """The Orders list's first page is asked for while its screen is built, and its first load
    takes it: one fetch of a whole page, nothing asked again."""
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.paged import PagedTable

    _orders(db, 30)
    asked = _counting_list_orders(monkeypatch)
    app = BoclerkApp(db, "clerk")
    app.FRESH_FOR = 3600.0  # rows built ahead stay fresh: on a busy machine "2" may come a second late
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert len(table.rows_data) == 30 and table.rows_data[0].number == "SO-2026-000030"
        assert table.row_count == 30 and not table.more_after
        assert [(a.get("before_id"), a.get("after_id"), a["limit"]) for a in asked] == [(None, None, 100)], asked


async def test_a_whole_first_page_read_early_says_there_is_more(db, monkeypatch):
    """A first page read early that fills the page: the list says more rows follow, and moving
    down past it fetches them from its last key."""
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.paged import PagedTable

    _orders(db, 105)
    asked = _counting_list_orders(monkeypatch)
    app = BoclerkApp(db, "clerk")
    app.FRESH_FOR = 3600.0  # rows built ahead stay fresh: on a busy machine "2" may come a second late
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert len(table.rows_data) == 100 and table.more_after
        assert "more below" in str(app.screen.query_one("#orders-status").content)
        await pilot.press("end")  # G: the last page
        await settle(pilot)
        assert table.rows_data[-1].number == "SO-2026-000001"
        assert len(asked) == 2, asked


async def test_first_rows_read_early_are_not_shown_when_the_filters_changed_meanwhile(db, monkeypatch):
    """A figure of Home opens the list narrowed right after the screen is built: the list ends with
    what the filter keeps, not with the rows read early under no filter."""
    from boclerk.tui.app import BoclerkApp
    from boclerk.tui.paged import PagedTable

    _orders(db, 3)
    with db.write("clerk") as uow:
        from boclerk.services.catalog import partners

        partners.add_customer(uow, "C2", "Olga Sidorova")
    asked = _counting_list_orders(monkeypatch)
    app = BoclerkApp(db, "clerk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_list("orders", customer="C2")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert table.rows_data == []
        assert asked and asked[-1].get("customer") == "C2"


async def test_the_table_is_sized_as_datatable_sizes_it_without_measuring_each_cell(db, monkeypatch):
    """Columns of fixed width and rows of one line: the table's size is the one DataTable's own
    measuring gives, and no cell is measured for it."""
    from textual.widgets import DataTable

    import textual.widgets._data_table as data_table

    measured: list[object] = []
    measure = data_table.measure
    monkeypatch.setattr(data_table, "measure", lambda *a, **k: measured.append(a[1]) or measure(*a, **k))
    fetch.calls = []
    app = ListApp(db)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        table = app.query_one(PagedTable)
        assert len(table.rows_data) == 50
        assert {str(m) for m in measured} <= {"Key"}  # the column's label, never a row's cell
        ours = table.virtual_size
        DataTable._update_dimensions(table, list(table.rows))
        assert table.virtual_size == ours and len(measured) >= 50
