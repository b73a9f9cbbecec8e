"""``boclerk shop sync``: boclerk plays 1C against the website's exchange URL (1c_exchange.php).

The CommerceML 2 exchange protocol, as 1C-Bitrix and the 1C-exchange modules of other sites
serve it, one HTTP GET (or POST for a file) per step:

1. ``type=catalog&mode=checkauth`` with basic auth; the answer "success", a cookie's name and
   value, which every later request carries;
2. ``mode=init``: "zip=yes|no" and "file_limit=N", the largest piece the site accepts;
3. the catalogue: ``mode=file&filename=import.xml`` (then offers.xml) in pieces of at most
   file_limit bytes, then ``mode=import&filename=...`` until the site says "success"
   ("progress" means call again);
4. the orders: ``type=sale&mode=query`` answers the site's orders document, imported here in
   one transaction, then ``type=sale&mode=success`` tells the site it may forget them (not
   while an order is refused: the site then sends it again, and it is imported once its
   product is known);
5. the statuses back: ``type=sale&mode=file&filename=...`` with the orders' new states.

A run is safe from cron: one at a time (a lock file beside the database; on PostgreSQL an
advisory lock), and a run killed anywhere leaves each step either done and recorded or not done: the orders are committed
before the site is told "success", and an order the site sends again is recognised by its
digest and changes nothing. Each answer the site gives that is not the protocol's becomes one
sentence (login refused, "failure" with the site's own text, an orders answer that is not
XML). The password comes from a file or an environment variable named in the config, never
from the command line, and is never printed.
"""

from __future__ import annotations

import base64
import fcntl
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from boclerk.db.database import Database
from boclerk.errors import BoclerkError, InvalidInput, Refused
from boclerk.i18n import _

MAX_IMPORT_CALLS = 1000  # "progress" answers before a catalogue import is given up
MAX_ANSWER = 50 * 1024 * 1024


class ExchangeFailed(BoclerkError):
    """The website did not do what the protocol says; the message says what it did instead."""

    exit_code = 1


@dataclass(frozen=True)
class SiteConfig:
    url: str
    login: str
    password: str
    timeout: float = 30.0
    retries: int = 2
    book_payments: bool = False  # [shop] book_site_payments: book what the site says was paid

    def __repr__(self) -> str:  # never the password
        return f"SiteConfig(url={self.url!r}, login={self.login!r})"


def site_config(shop: dict) -> SiteConfig:
    """The [shop] table of the config file as a :class:`SiteConfig`, its password read from its source."""
    url, login = str(shop.get("url", "")).strip(), str(shop.get("login", "")).strip()
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(_("The config file has no [shop] url (the site's exchange URL, http:// or https://)."))
    if "password_file" in shop:
        try:
            password = Path(shop["password_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InvalidInput(_("Cannot read the site's password file {path}: {reason}.").format(
                path=shop["password_file"], reason=exc.strerror)) from None
    elif "password_env" in shop:
        password = os.environ.get(shop["password_env"], "")
        if not password:
            raise InvalidInput(_("The environment variable {name} that should hold the site's password is empty or "
                                 "not set.").format(name=shop["password_env"]))
    else:
        raise InvalidInput(_("The config file's [shop] table names no password_file or password_env."))
    return SiteConfig(url, login, password, float(shop.get("timeout", 30)), int(shop.get("retries", 2)),
                      bool(shop.get("book_site_payments", False)))


class SiteClient:
    """One exchange session with the site."""

    def __init__(self, config: SiteConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.cookie = ""
        self.zip = False
        self.file_limit = 0
        self.sleep = sleep

    def _request(self, params: dict[str, str], body: bytes | None = None, *, auth: bool = False) -> bytes:
        sep = "&" if "?" in self.config.url else "?"
        url = self.config.url + sep + urllib.parse.urlencode(params)
        headers = {"User-Agent": "boclerk"}
        if auth:
            token = base64.b64encode(f"{self.config.login}:{self.config.password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        step = f"{params.get('type', '')} {params.get('mode', '')}".strip()
        last = ""
        for attempt in range(self.config.retries + 1):
            if attempt:
                self.sleep(min(0.5 * 2 ** (attempt - 1), 5.0))
            req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
            try:
                with urllib.request.urlopen(req, timeout=self.config.timeout) as resp:  # noqa: S310 (configured)
                    return resp.read(MAX_ANSWER + 1)[:MAX_ANSWER]
            except urllib.error.HTTPError as exc:
                if exc.code in (401, 403):
                    raise ExchangeFailed(_("The site refused the login {login!r} ({code}); check the [shop] login and password.").format(login=self.config.login, code=exc.code)) from None
                if exc.code < 500:
                    raise ExchangeFailed(_("The site answered {code} to {step}.").format(code=exc.code, step=step)) from None
                last = _("it answered {code}").format(code=exc.code)
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = _("it could not be reached ({reason})").format(reason=reason)
        raise ExchangeFailed(_("The site did not answer {step} after {value} tries: {last}.").format(step=step, value=self.config.retries + 1, last=last))

    @staticmethod
    def _lines(answer: bytes) -> list[str]:
        text = answer.decode("utf-8", errors="replace").lstrip("\ufeff")
        return [line.strip() for line in text.strip().splitlines()]

    def _expect_success(self, answer: bytes, step: str) -> list[str]:
        lines = self._lines(answer)
        head = lines[0].lower() if lines else ""
        if head == "success":
            return lines
        if head == "failure":
            said = " ".join(lines[1:])[:300] or _("no reason given")
            raise ExchangeFailed(_("The site refused {step}: {said}").format(step=step, said=said))
        raise ExchangeFailed(_("The site's answer to {step} is not the protocol's ({value!r}).").format(step=step, value=(lines[0] if lines else '')[:80]))

    def checkauth(self, kind: str = "catalog") -> None:
        lines = self._expect_success(self._request({"type": kind, "mode": "checkauth"}, auth=True), _("the login"))
        if len(lines) >= 3 and lines[1]:
            self.cookie = f"{lines[1]}={lines[2]}"

    def init(self, kind: str) -> None:
        answer = self._lines(self._request({"type": kind, "mode": "init"}))
        values = dict(line.split("=", 1) for line in answer if "=" in line)
        if answer and answer[0].lower() == "failure":
            raise ExchangeFailed(_("The site refused to begin the exchange: {names}").format(names=' '.join(answer[1:])[:300]))
        self.zip = values.get("zip", "no").strip().lower() == "yes"
        try:
            self.file_limit = max(int(values.get("file_limit", "0").strip() or 0), 0)
        except ValueError:
            raise ExchangeFailed(_("The site's answer to init gives no file size limit boclerk can read.")) from None

    def upload(self, kind: str, filename: str, data: bytes) -> None:
        size = self.file_limit or len(data) or 1
        for start in range(0, max(len(data), 1), size):
            piece = data[start:start + size]
            self._expect_success(self._request({"type": kind, "mode": "file", "filename": filename}, piece),
                                 _("the file {filename}").format(filename=filename))

    def import_file(self, filename: str) -> None:
        for _x in range(MAX_IMPORT_CALLS):
            lines = self._lines(self._request({"type": "catalog", "mode": "import", "filename": filename}))
            head = lines[0].lower() if lines else ""
            if head == "success":
                return
            if head != "progress":
                self._expect_success(b"\n".join(x.encode() for x in lines), _("the import of {filename}").format(filename=filename))
        raise ExchangeFailed(_("The site was still importing {filename} after {max_import_calls} calls.").format(filename=filename, max_import_calls=MAX_IMPORT_CALLS))

    def query_orders(self) -> bytes:
        answer = self._request({"type": "sale", "mode": "query"})
        if answer.lstrip(b"\xef\xbb\xbf \t\r\n")[:7].lower() == b"failure":
            self._expect_success(answer, _("to hand over its orders"))
        return answer

    def orders_success(self) -> None:
        answer = self._request({"type": "sale", "mode": "success"})
        if answer.strip():
            self._expect_success(answer, _("the receipt of its orders"))


def zipped(files) -> bytes:
    """One zip archive of ``(name, data)`` files, deflated, stamped with a fixed date so that the
    same files give the same bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


#: the advisory lock key of a sync on PostgreSQL (advisory locks belong to one database)
PG_LOCK_KEY = 0x626F636C  # "bocl"


@contextmanager
def sync_lock(database: Database):
    """One sync at a time per database: on SQLite an exclusive lock on a file beside the database,
    on PostgreSQL a session advisory lock held on a connection of its own."""
    busy = Refused(_("Another shop sync is running; this one did nothing."))
    if database.location.path is None:
        from sqlalchemy import text

        with database.engine.connect() as conn:
            if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_LOCK_KEY}).scalar():
                raise busy
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.commit()
        return
    path = database.location.path.parent / f".{database.location.path.name}.shop-sync.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        yield
    finally:
        os.close(fd)

@dataclass
class SyncSummary:
    products: int = 0
    offers: int = 0
    orders_new: int = 0
    orders_updated: int = 0
    orders_cancelled: int = 0
    orders_unchanged: int = 0
    orders_changed_after_confirmation: int = 0
    orders_refused: int = 0
    statuses: int = 0
    refusals: list[tuple[str, str]] | None = None
    notes: list[tuple[str, str]] | None = None  # (site number, what to know): payments booked, VAT differences


def run_sync(database: Database, actor: str, config: SiteConfig, *, full: bool = False,
             client: SiteClient | None = None, progress: Callable[[str], None] | None = None) -> SyncSummary:
    """One whole exchange: the catalogue and offers out (only the changes unless ``full``), the
    site's orders in, the statuses back. Each step is committed before the site hears it is done."""
    from boclerk.services.exchange.shop_export import plan_export, record_export
    from boclerk.services.exchange.shop_orders import import_site_orders
    from boclerk.services.exchange.shop_statuses import plan_statuses, record_statuses

    client = client or SiteClient(config)
    say = progress or (lambda _: None)
    summary = SyncSummary()
    with sync_lock(database):
        say(_("logging in"))
        client.checkauth("catalog")
        client.init("catalog")
        with database.read(actor) as uow:
            plan = plan_export(uow, only_changes=not full)
        if plan.products or plan.offers or full:
            say(_("sending {products} products and {offers} offers").format(products=plan.products, offers=plan.offers))
            files = (("import.xml", plan.catalogue_xml), ("offers.xml", plan.offers_xml))
            if client.zip:  # the site unpacks one archive, then imports each file of it by name
                client.upload("catalog", "import.zip", zipped(files))
            else:
                for name, data in files:
                    client.upload("catalog", name, data)
            for name in ("import.xml", "offers.xml"):
                client.import_file(name)
            with database.write(actor) as uow:
                record_export(uow, plan, [config.url], lambda: None)
            summary.products, summary.offers = plan.products, plan.offers

        say(_("fetching the orders"))
        client.checkauth("sale")
        client.init("sale")
        answer = client.query_orders()
        if answer.strip():
            try:
                with database.write(actor) as uow:
                    result = import_site_orders(uow, answer, _("the site's orders"), book_payments=config.book_payments)
            except InvalidInput as exc:
                raise ExchangeFailed(_("The site's orders answer is not a document boclerk can read: {message}").format(message=exc.message)) \
                    from None
            summary.orders_new, summary.orders_updated = result.count("new"), result.count("updated")
            summary.orders_cancelled, summary.orders_unchanged = result.count("cancelled"), result.count("unchanged")
            summary.orders_changed_after_confirmation = result.count("changed_after_confirmation")
            summary.orders_refused = result.count("refused")
            summary.refusals = [(o.site_number, o.reason) for o in result.outcomes
                                if o.result in ("refused", "changed_after_confirmation")]
            summary.notes = [(o.site_number, note) for o in result.outcomes for note in o.notes]
        if not summary.orders_refused:  # else the site sends them again next time, for the clerk to retry
            client.orders_success()

        with database.read(actor) as uow:
            statuses = plan_statuses(uow)
        if statuses.count:
            say(_("sending {count} order statuses").format(count=statuses.count))
            client.upload("sale", "statuses.xml", statuses.xml)
            with database.write(actor) as uow:
                record_statuses(uow, statuses, lambda: None)
            summary.statuses = statuses.count
    return summary


@dataclass(frozen=True)
class ExchangeRow:
    direction: str
    at: object
    actor: str
    products: int
    offers: int
    orders_new: int
    orders_updated: int
    orders_refused: int
    orders_unchanged: int


def last_exchanges(uow) -> list[ExchangeRow]:
    """When each direction of the exchange last ran and what it carried (a read unit)."""
    from sqlalchemy import func, select

    from boclerk.domain.permissions import Perm
    from boclerk.domain.storefront import ShopExchange

    uow.require(Perm.READ)
    latest = select(func.max(ShopExchange.id)).group_by(ShopExchange.direction)
    rows = uow.s.scalars(select(ShopExchange).where(ShopExchange.id.in_(latest)).order_by(ShopExchange.direction))
    return [ExchangeRow(r.direction, r.at, r.actor, r.products, r.offers, r.orders_new, r.orders_updated,
                        r.orders_refused, r.orders_unchanged) for r in rows]

