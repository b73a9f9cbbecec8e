"""``boclerk shop sync`` against a website played by a local HTTP server that speaks the protocol.

The server (pytest-httpserver) behaves as 1C-Bitrix's 1c_exchange.php does: basic auth on
checkauth, then a session cookie; init gives a small file_limit so that files come in pieces;
import answers "progress" before "success"; the orders query answers the orders document the
test put on the "site"; statuses come back through type=sale&mode=file.
"""

from __future__ import annotations

import base64
from xml.etree import ElementTree as ET

import pytest
from werkzeug import Request, Response

from boclerk.services.exchange import shop_sync
from boclerk.services.exchange.shop_sync import ExchangeFailed, SiteConfig, run_sync, sync_lock
from boclerk.errors import Refused
from tests.services.test_shop_export import NS, schema
from tests.services.test_shop_orders import COMPANY, document, site_order
from tests.services.trade_helpers import act, shop, sql, sql_one

LOGIN, PASSWORD, COOKIE = "exchange", "s3cret", "abc123"


class Site:
    """The website's side of the exchange."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str], bytes] = {}
        self.pieces: dict[str, int] = {}
        self.imported: list[str] = []
        self.orders = b""
        self.acknowledged = 0
        self.statuses: list[bytes] = []
        self.calls: list[str] = []
        self.fail: dict[str, str] = {}
        self.file_limit = 700
        self.zip = False  # offers zip=yes at init: the catalogue then comes as one archive

    def handle(self, request: Request) -> Response:
        kind, mode = request.args.get("type", ""), request.args.get("mode", "")
        self.calls.append(f"{kind}:{mode}")
        if f"{kind}:{mode}" in self.fail:
            return Response(f"failure\n{self.fail[f'{kind}:{mode}']}")
        if mode == "checkauth":
            expected = "Basic " + base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()
            if request.headers.get("Authorization") != expected:
                return Response("Unauthorized", status=401)
            return Response(f"success\nPHPSESSID\n{COOKIE}\n")
        if request.cookies.get("PHPSESSID") != COOKIE:
            return Response("failure\nНе авторизован")
        if mode == "init":
            return Response(f"zip={'yes' if self.zip else 'no'}\nfile_limit={self.file_limit}\n")
        if mode == "file":
            name = request.args["filename"]
            if kind == "sale":  # a piece of the statuses file: the next piece follows at once
                if self.calls[-2:-1] == ["sale:file"]:
                    self.statuses[-1] += request.get_data()
                else:
                    self.statuses.append(request.get_data())
            else:
                self.files[(kind, name)] = self.files.get((kind, name), b"") + request.get_data()
                self.pieces[name] = self.pieces.get(name, 0) + 1
            return Response("success\n")
        if mode == "import":
            name = request.args["filename"]
            if self.imported.count(name) % 2 == 0:
                self.imported.append(name)
                return Response("progress\nИмпортировано 1 из 2\n")
            self.imported.append(name)
            return Response("success\n")
        if mode == "query":
            return Response(self.orders, content_type="application/xml")
        if mode == "success":
            self.acknowledged += 1
            return Response("success\n")
        return Response("failure\nunknown mode")

    def take_files(self) -> dict[str, bytes]:
        out = {name: data for (_, name), data in self.files.items()}
        self.files.clear()
        return out


@pytest.fixture
def site(httpserver):
    s = Site()
    httpserver.expect_request("/bitrix/admin/1c_exchange.php").respond_with_handler(s.handle)
    return s


@pytest.fixture
def config(httpserver):
    return SiteConfig(httpserver.url_for("/bitrix/admin/1c_exchange.php"), LOGIN, PASSWORD, timeout=5, retries=1)


def sync(db, config, **kw):
    return run_sync(db, "admin", config, client=shop_sync.SiteClient(config, sleep=lambda _: None), **kw)


def told(data: bytes) -> dict[str, str]:
    root = ET.fromstring(data)
    return {d.findtext("c:Номер", namespaces=NS): {
        r.findtext("c:Наименование", namespaces=NS): r.findtext("c:Значение", namespaces=NS)
        for r in d.iterfind(".//c:ЗначениеРеквизита", NS)}["Статус заказа"] for d in root.iterfind("c:Документ", NS)}


def test_the_round_trip_of_the_issue(db, site, config):
    from boclerk.services.sales.orders import confirm_order
    from boclerk.services.sales.shipping import ship_order

    shop(db)
    site.orders = document(site_order("1000", [("", "MUG", "1200.00", "1")]))
    first = sync(db, config)
    assert (first.products, first.offers, first.orders_new) == (3, 3, 1)
    files = site.take_files()
    for name in ("import.xml", "offers.xml"):
        schema().validate(files[name].decode("utf-8"))  # the pieces make up a valid file
        assert site.pieces[name] > 1
    assert site.imported == ["import.xml", "import.xml", "offers.xml", "offers.xml"]
    assert site.acknowledged == 1

    # the site hands back two new orders (a person, a company with its INN) and one changed
    site.orders = document(site_order("1000", [("", "MUG", "1200.00", "2")]),
                           site_order("1001", [("", "MUG", "1200.00", "1")]),
                           site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY))
    second = sync(db, config)
    assert (second.products, second.orders_new, second.orders_updated) == (0, 2, 1)
    assert site.take_files() == {}  # nothing in the catalogue changed
    web = dict(sql(db, "SELECT channel_ref, number FROM sales_order WHERE channel = 'website'"))
    assert sorted(web) == ["1000", "1001", "1002"]
    assert sql_one(db, "SELECT tax_id FROM customer c JOIN sales_order o ON o.customer_id = c.id "
                       "WHERE o.channel_ref = '1002'") == "7707083893"
    assert sql_one(db, "SELECT l.qty FROM order_line l JOIN sales_order o ON o.id = l.order_id "
                       "WHERE o.channel_ref = '1000'") == 2

    for ref in ("1000", "1001"):
        act(db, "clerk", confirm_order, web[ref])
    act(db, "clerk", ship_order, web["1000"])
    third = sync(db, config)
    assert third.statuses == 2 and third.offers == 1  # the mugs shipped and reserved: fewer available
    assert told(site.statuses[-1]) == {"1000": "Отгружен", "1001": "Подтвержден"}
    schema().validate(site.statuses[-1].decode("utf-8"))
    site.take_files()

    again = sync(db, config)  # all again: nothing changes
    assert (again.products, again.offers, again.orders_new, again.orders_updated, again.statuses) == (0, 0, 0, 0, 0)
    assert again.orders_unchanged == 3 and len(site.statuses) == 1 and site.take_files() == {}
    assert sql_one(db, "SELECT count(*) FROM sales_order WHERE channel = 'website'") == 3


@pytest.mark.parametrize("step", ["catalog:file", "catalog:import", "sale:query", "sale:success", "sale:file"])
def test_cut_short_at_any_step_then_run_again_imports_each_order_once(db, site, config, step):
    from boclerk.services.catalog.products import edit_product
    from boclerk.services.sales.orders import confirm_order

    shop(db)
    site.orders = document(site_order("1001", [("", "MUG", "1200.00", "1")]),
                           site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY))
    sync(db, config)
    act(db, "clerk", confirm_order, sql_one(db, "SELECT number FROM sales_order WHERE channel_ref = '1001'"))
    act(db, "admin", edit_product, "MUG", sale_price=125000)
    site.orders = document(site_order("1001", [("", "MUG", "1200.00", "1")]),
                           site_order("1002", [("", "LAMP", "3000.00", "1")], buyer=COMPANY),
                           site_order("1003", [("", "KETTLE", "1200.00", "1")]))
    site.fail[step] = "Сервер перегружен"
    with pytest.raises(ExchangeFailed, match="Сервер перегружен"):
        sync(db, config)
    del site.fail[step]
    site.files.clear()
    sync(db, config)
    if step.startswith("catalog"):  # the changes never reached the site: they are sent again
        assert "<ЦенаЗаЕдиницу>1250.00</ЦенаЗаЕдиницу>".encode() in site.files[("catalog", "offers.xml")]
    else:  # they did, and were recorded: not sent twice
        assert site.files == {}
    sync(db, config)
    counts = sql(db, "SELECT channel_ref, count(*) FROM sales_order WHERE channel = 'website' "
                     "GROUP BY channel_ref ORDER BY channel_ref")
    assert counts == [("1001", 1), ("1002", 1), ("1003", 1)]
    assert "Подтвержден" in told(site.statuses[-1]).values()


def test_refusals_are_sentences(db, site, config, httpserver):
    shop(db)
    wrong = SiteConfig(config.url, LOGIN, "wrong", timeout=5, retries=0)
    with pytest.raises(ExchangeFailed, match="refused the login 'exchange' \\(401\\)"):
        sync(db, wrong)
    assert "s3cret" not in repr(config) and "wrong" not in repr(wrong)
    site.orders = b"<html><body>Fatal error</body"
    with pytest.raises(ExchangeFailed, match="orders answer is not a document boclerk can read"):
        sync(db, config)
    assert site.acknowledged == 0  # the site keeps its orders for next time
    gone = SiteConfig(httpserver.url_for("/nowhere"), LOGIN, PASSWORD, timeout=5, retries=1)
    with pytest.raises(ExchangeFailed, match="answered 500|is not the protocol's"):
        sync(db, gone)


def test_one_sync_at_a_time(db, site, config):
    shop(db)
    with sync_lock(db), pytest.raises(Refused, match="Another shop sync is running"):
        sync(db, config)
    assert site.calls == []


def test_a_refused_order_is_kept_on_the_site_until_it_can_be_imported(db, site, config):
    from tests.services.trade_helpers import add_product

    shop(db)
    site.orders = document(site_order("1001", [("", "NEW-1", "10.00", "1")]))
    first = sync(db, config)
    assert first.orders_refused == 1 and site.acknowledged == 0
    add_product(db, "NEW-1", price=1000)
    second = sync(db, config)
    assert second.orders_new == 1 and site.acknowledged == 1


def test_when_the_site_takes_zip_the_catalogue_goes_as_one_archive_in_pieces(db, site, config):
    import io
    import zipfile

    shop(db)
    site.zip = True
    first = sync(db, config)
    assert (first.products, first.offers) == (3, 3)
    files = site.take_files()
    assert list(files) == ["import.zip"] and site.pieces["import.zip"] > 1  # in pieces of the site's limit
    with zipfile.ZipFile(io.BytesIO(files["import.zip"])) as archive:
        assert archive.testzip() is None and archive.namelist() == ["import.xml", "offers.xml"]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
        for name in archive.namelist():
            schema().validate(archive.read(name).decode("utf-8"))
    assert site.imported == ["import.xml", "import.xml", "offers.xml", "offers.xml"]  # each file by its name
    assert shop_sync.zipped([("a.xml", b"x")]) == shop_sync.zipped([("a.xml", b"x")])  # the same bytes each time
