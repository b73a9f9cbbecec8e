"""One search over the shop's records, for ``boclerk find`` and the app's palette.

Each kind is searched with the indexes it has: exact numbers, codes, SKUs, barcodes,
emails and tax ids first (one index probe each), then name fragments. Orders are also
found through their customer (email, phone or name) and through the channel's own
reference. Documents are found by number, by the sender's own number and by file name
(their words are for ``boclerk doc search``). Best matches come first; every kind stops at
``limit``.

Written as plain SQL on purpose: the quick lookups over SSH must not pay for loading
the ORM schema, nor on SQLite for importing SQLAlchemy (see boclerk/db/plain.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boclerk.dates import format_day
from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.document_words import state_words as document_state
from boclerk.domain.document_words import type_words
from boclerk.domain.permissions import Perm
from boclerk.domain.sales_words import channel_word
from boclerk.domain.state_words import state_word as state
from boclerk.domain.units import unit_symbol
from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _, language, pgettext
from boclerk.services import like

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

def product_kind(kind: str) -> str:
    """A product's kind as a person reads it (goods, a service, an office consumable)."""
    if kind == "service":
        return pgettext("product kind", "service")
    return _({"goods": N_("goods"), "consumable": N_("consumable")}.get(kind, kind))


KINDS = ("order", "customer", "product", "supplier", "po", "bill", "entry", "document", "request", "equipment",
         "contract")


@dataclass(frozen=True)
class Found:
    kind: str
    key: str      # what `boclerk show KIND KEY` takes
    title: str
    detail: str
    score: int    # 100 exact key ... 50 part of a name
    #: the detail in columns, for a picker that lines them up (a product's kind and unit, its
    #: price: the last one right-aligned); empty where the detail is one piece of text
    parts: tuple[str, ...] = ()


def phone_digits(phone: str) -> str:
    """The digits of a phone number, for search (+7 (912) 345-67-89 -> 79123456789)."""
    return "".join(ch for ch in phone if ch.isdigit())[-20:]




def _rows(uow: UnitOfWork, sql: str, **params) -> list:
    return list(uow.s.execute(text(sql), params))


def matching_customers(uow: UnitOfWork, term: str, limit: int) -> list[tuple[object, int]]:
    """Customers by code, email, phone or name: (row with id, code, name, email, phone, active; score)."""
    cols = "SELECT id, code, name, email, phone, active FROM customer"
    found: dict[int, tuple[object, int]] = {}

    def add(rows, score: int) -> None:
        for c in rows:
            if c.id not in found or found[c.id][1] < score:
                found[c.id] = (c, score)

    add(_rows(uow, f"{cols} WHERE code = :t LIMIT :n", t=term, n=limit), 100)
    if "@" in term:
        add(_rows(uow, f"{cols} WHERE email = :t LIMIT :n", t=term.lower(), n=limit), 95)
    if len(found) < limit and len(term) >= 3 and " " not in term:  # the start of an email, on its index
        low = term.lower()
        add(_rows(uow, f"{cols} WHERE email >= :a AND email < :b ORDER BY email LIMIT :n",
                  a=low, b=low + "\uffff", n=limit), 70)
    digits = phone_digits(term)
    if len(digits) >= 6 and len(digits) >= len(term.replace(" ", "").replace("-", "")) - 3:
        add(_rows(uow, f"{cols} WHERE phone_digits = :d LIMIT :n", d=digits, n=limit), 90)
        if len(found) < limit:
            add(_rows(uow, f"{cols} WHERE phone_digits LIKE :d LIMIT :n", d=f"%{digits}", n=limit), 80)
    if len(found) < limit and len(term) >= 2 and "@" not in term:
        add(_rows(uow, f"{cols} WHERE {like.folded_sql('name')} LIKE :p ESCAPE '\\' ORDER BY name LIMIT :n",
                  p=like.contains(term), n=limit), 50)
    return sorted(found.values(), key=lambda cs: (-cs[1], cs[0].name))[:limit]


@core_only
def find(uow: UnitOfWork, text_: str, *, kinds: tuple[str, ...] | None = None, limit: int = 10) -> list[Found]:
    uow.require(Perm.READ)
    term = text_.strip()
    if not term:
        raise InvalidInput(_("Say what to look for."))
    wanted = kinds or KINDS
    unknown = set(wanted) - set(KINDS)
    if unknown:
        from boclerk.domain.code_words import choices, data_word

        raise InvalidInput(_("Unknown kind(s): {unknown}; choose from {codes}.").format(
            unknown=', '.join(sorted(unknown)), codes=choices(KINDS, data_word)))
    up = term.upper()
    money, day = _writers(uow)
    out: list[Found] = []
    customers = matching_customers(uow, term, limit) if {"customer", "order"} & set(wanted) else []

    if "order" in wanted:
        cols = ("SELECT o.id, o.number, o.order_date, o.status, o.total, o.channel, o.channel_ref, c.name "
                "FROM sales_order o JOIN customer c ON c.id = o.customer_id")
        rows: dict[int, tuple[object, int]] = {}
        for o in _rows(uow, f"{cols} WHERE o.number = :t", t=up):
            rows[o.id] = (o, 100)
        # the unique index is (channel, channel_ref): naming every channel lets it answer
        for o in _rows(uow, f"{cols} WHERE o.channel IN ('website', 'marketplace', 'phone', 'shop') "
                            "AND o.channel_ref = :t LIMIT :n", t=term, n=limit):
            rows.setdefault(o.id, (o, 95))
        for c, score in customers:
            for o in _rows(uow, f"{cols} WHERE o.customer_id = :c ORDER BY o.id DESC LIMIT :n", c=c.id, n=limit):
                rows.setdefault(o.id, (o, score - 5))
        for o, score in sorted(rows.values(), key=lambda r: (-r[1], -r[0].id))[:limit]:
            out.append(Found("order", o.number, f"{o.number} {o.name}",
                             f"{day(o.order_date)} {state(o.status)} {money(o.total)}"
                             + (f" {channel_word(o.channel)} {o.channel_ref}" if o.channel_ref else ""), score))

    if "customer" in wanted:
        for c, score in customers:
            out.append(Found("customer", c.code, c.name, f"{c.code} {c.email} {c.phone}".strip()
                             + ("" if c.active else _(" (archived)")), score))

    if "product" in wanted:
        cols = "SELECT p.id, p.sku, p.name, p.kind, p.unit, p.sale_price, p.active FROM product p"
        prods: dict[int, tuple[object, int]] = {}
        for p in _rows(uow, f"{cols} WHERE p.sku = :t", t=term):
            prods[p.id] = (p, 100)
        for p in _rows(uow, f"{cols} JOIN barcode b ON b.product_id = p.id WHERE b.code = :t", t=term):
            prods.setdefault(p.id, (p, 100))
        if len(prods) < limit:
            where, each_case = like.sku_prefix_sql("p.sku", term, uow.db.dialect)
            for params in each_case:  # SQLite: the first letter in upper case, then in lower case; PostgreSQL: once
                for p in _rows(uow, f"{cols} WHERE {where} ORDER BY p.sku LIMIT :n", **params, n=limit):
                    prods.setdefault(p.id, (p, 80))
        if len(prods) < limit and len(term) >= 2:
            name, sku = like.folded_sql("p.name"), like.folded_sql("p.sku")
            for p in _rows(uow, f"{cols} WHERE {name} LIKE :p ESCAPE '\\' OR {sku} LIKE :p ESCAPE '\\' "
                                "ORDER BY p.sku LIMIT :n", p=like.contains(term), n=limit):
                prods.setdefault(p.id, (p, 50))
        for p, score in sorted(prods.values(), key=lambda r: (-r[1], r[0].sku))[:limit]:
            kind = product_kind(p.kind) + ("" if p.unit == "pcs" else f", {unit_symbol(p.unit, language())}")
            archived = "" if p.active else _(" (archived)")
            out.append(Found("product", p.sku, f"{p.sku} {p.name}", f"{kind} {money(p.sale_price)}{archived}", score,
                             (kind + archived, money(p.sale_price))))

    if "supplier" in wanted:
        cols = "SELECT id, code, name, tax_id, active FROM supplier"
        sups: dict[int, tuple[object, int]] = {}
        for s in _rows(uow, f"{cols} WHERE code = :t OR tax_id = :t", t=term):
            sups[s.id] = (s, 100)
        if len(sups) < limit and len(term) >= 2:
            for s in _rows(uow, f"{cols} WHERE {like.folded_sql('name')} LIKE :p ESCAPE '\\' ORDER BY name LIMIT :n",
                           p=like.contains(term), n=limit):
                sups.setdefault(s.id, (s, 50))
        for s, score in sorted(sups.values(), key=lambda r: (-r[1], r[0].name))[:limit]:
            out.append(Found("supplier", s.code, s.name, _("{code} INN {inn}").format(
                code=s.code, inn=s.tax_id or "-") + ("" if s.active else _(" (archived)")), score))

    if "po" in wanted:
        for po in _rows(uow, "SELECT number, order_date, status, total FROM purchase_order WHERE number = :t", t=up):
            out.append(Found("po", po.number, po.number, f"{day(po.order_date)} {state(po.status)} {money(po.total)}",
                             100))
    if "bill" in wanted:
        for b in _rows(uow, "SELECT number, supplier_ref, bill_date, status, total FROM supplier_bill "
                            "WHERE number = :u OR supplier_ref = :t LIMIT :n", u=up, t=term, n=limit):
            out.append(Found("bill", b.number, f"{b.number} ({b.supplier_ref})",
                             f"{day(b.bill_date)} {state(b.status)} {money(b.total)}", 100 if b.number == up else 90))
    if "entry" in wanted:
        for e in _rows(uow, "SELECT number, entry_date, memo FROM journal_entry WHERE number = :t", t=up):
            out.append(Found("entry", e.number, e.number, f"{day(e.entry_date)} {e.memo}", 100))
    if "document" in wanted:
        out += _documents(uow, term, limit, day)
    out += _office(uow, term, wanted, limit)
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda f: (-f.score, order[f.kind]))
    return out


def _office(uow: UnitOfWork, term: str, wanted, limit: int) -> list[Found]:
    """Supply requests by number; equipment by inventory number, serial or name; contracts by
    number, the counterparty's number or subject."""
    out: list[Found] = []
    up = term.upper()
    if "request" in wanted:
        for r in _rows(uow, "SELECT r.number, r.status, r.created_by, d.code FROM supply_request r "
                            "JOIN department d ON d.id = r.department_id WHERE r.number = :t", t=up):
            out.append(Found("request", r.number, f"{r.number} {r.code}", _("asked by {user}").format(
                user=r.created_by), 100))
    if "equipment" in wanted:
        cols = "SELECT id, number, name, serial, location, condition FROM equipment"
        items = {e.id: (e, 100) for e in _rows(uow, f"{cols} WHERE number = :u OR serial = :t", u=up, t=term)}
        if len(items) < limit and len(term) >= 2:
            for e in _rows(uow, f"{cols} WHERE {like.folded_sql('name')} LIKE :p ESCAPE '\\' ORDER BY id DESC LIMIT :n",
                           p=like.contains(term), n=limit):
                items.setdefault(e.id, (e, 50))
        for e, score in sorted(items.values(), key=lambda r: (-r[1], -r[0].id))[:limit]:
            out.append(Found("equipment", e.number, f"{e.number} {e.name}",
                             f"{state(e.condition)} {e.location} {e.serial}".strip(), score))
    if "contract" in wanted:
        cols = "SELECT id, number, their_number, subject, status FROM contract"
        found = {c.id: (c, 100) for c in _rows(uow, f"{cols} WHERE number = :u OR their_number = :t", u=up, t=term)}
        if len(found) < limit and len(term) >= 2:
            for c in _rows(uow, f"{cols} WHERE {like.folded_sql('subject')} LIKE :p ESCAPE '\\' ORDER BY id DESC LIMIT :n",
                           p=like.contains(term), n=limit):
                found.setdefault(c.id, (c, 50))
        for c, score in sorted(found.values(), key=lambda r: (-r[1], -r[0].id))[:limit]:
            out.append(Found("contract", c.number, f"{c.number} {c.subject}",
                             state(c.status) + (" " + _("no. {number}").format(number=c.their_number)
                                                if c.their_number else ""),
                             score))
    return out


def _documents(uow: UnitOfWork, term: str, limit: int, day) -> list[Found]:
    cols = "SELECT id, number, doc_type, status, original_name, their_number, their_date FROM document"
    docs: dict[int, tuple[object, int]] = {}
    for d in _rows(uow, f"{cols} WHERE number = :u", u=term.upper()):
        docs[d.id] = (d, 100)
    for d in _rows(uow, f"{cols} WHERE their_number = :t ORDER BY id DESC LIMIT :n", t=term, n=limit):
        docs.setdefault(d.id, (d, 90))
    if len(docs) < limit and len(term) >= 3:
        for d in _rows(uow, f"{cols} WHERE {like.folded_sql('original_name')} LIKE :p ESCAPE '\\' ORDER BY id DESC LIMIT :n",
                       p=like.contains(term), n=limit):
            docs.setdefault(d.id, (d, 50))
    return [Found("document", d.number, f"{d.number} {d.original_name}",
                  " ".join(part for part in (type_words(d.doc_type), document_state(d.status),
                                             _("no. {number}").format(number=d.their_number) if d.their_number else "",
                                             _("of {day}").format(day=day(d.their_date)) if d.their_date else "")
                           if part), score)
            for d, score in sorted(docs.values(), key=lambda r: (-r[1], -r[0].id))[:limit]]


def company_money(uow: UnitOfWork) -> tuple[str, str]:
    """(currency, locale) of the shop, without the ORM."""
    row = uow.s.execute(text("SELECT currency, locale FROM company WHERE id = 1")).one()
    return row.currency, row.locale


def _writers(uow: UnitOfWork):
    """How the found records' amounts and days are written: as the shop's locale writes them."""
    from boclerk.money import format_amount

    currency, locale = company_money(uow)
    return (lambda minor: format_amount(minor, currency=currency, locale=locale),
            lambda value: format_day(as_date(value), locale) if value else "")



#: the number series and table of each kind ``boclerk show`` takes by number
SHOW_SERIES = {"order": ("SO", "sales_order"), "po": ("PO", "purchase_order"), "bill": ("BILL", "supplier_bill"),
               "entry": ("JE", "journal_entry"), "document": ("DOC", "document"),
               "request": ("REQ", "supply_request"), "equipment": ("EQ", "equipment"), "contract": ("CTR", "contract")}


def whole_number(kind: str, key: str) -> str:
    """A number typed with its series but not as the series writes it, made whole without asking
    the database: ``so-2026-484`` or ``SO-2026-484`` is ``SO-2026-000484``; anything else comes
    back as it was given."""
    series = SHOW_SERIES.get(kind, ("", ""))[0]
    parts = key.strip().split("-")
    if (series and len(parts) == 3 and parts[0].upper() == series
            and all(p.isdigit() for p in parts[1:]) and len(parts[1]) == 4 and len(parts[2]) <= 9):
        return f"{series}-{parts[1]}-{int(parts[2]):06d}"
    return key


@core_only
def expand_number(uow: UnitOfWork, kind: str, key: str, *, years: int = 15) -> str:
    """A short number as clerks say it: ``484`` (the latest of the last ``years`` years that has
    it), ``2025-484`` or ``so-2025-484`` becomes ``SO-2025-000484`` for an order; anything else,
    or a short number no record has, comes back as it was given (and is refused as such)."""
    from datetime import date

    if kind not in SHOW_SERIES:
        return key
    if (whole := whole_number(kind, key)) != key:
        return whole
    series, table = SHOW_SERIES[kind]
    parts = key.strip().split("-")
    if len(parts) > 2 or not all(p.isdigit() and len(p) <= 9 for p in parts):
        return key
    if len(parts) == 2:
        return f"{series}-{int(parts[0]):04d}-{int(parts[1]):06d}"
    seq, this_year = int(parts[0]), date.today().year
    candidates = {f"n{i}": f"{series}-{year:04d}-{seq:06d}" for i, year in enumerate(range(this_year + 1,
                                                                                        this_year - years, -1))}
    row = uow.s.execute(text(f"SELECT MAX(number) FROM {table} "  # noqa: S608 - the table's name comes from code
                             f"WHERE number IN ({', '.join(':' + k for k in candidates)})"), candidates).first()
    return row[0] if row is not None and row[0] else key


@core_only
def partner(uow: UnitOfWork, side: str, code: str):
    """A customer or supplier by code (exact, then ignoring case), as :func:`boclerk.services.catalog.
    partners.get_customer` and ``get_supplier`` give it, read with plain SQL (``boclerk show customer``)."""
    import dataclasses

    from boclerk.errors import NotFound
    from boclerk.services.catalog.partner_rows import CustomerRow, SupplierRow

    uow.require(Perm.READ)
    row_type, table, what = {"customer": (CustomerRow, "customer", _("customer")),
                             "supplier": (SupplierRow, "supplier", _("supplier"))}[side]
    if not code.strip():
        raise InvalidInput(_("Say which {what}: give their code.").format(what=what))
    names = [f.name for f in dataclasses.fields(row_type)]
    cols = f"SELECT {', '.join(names)} FROM {table}"  # noqa: S608 - names and table come from code
    found = uow.s.execute(text(f"{cols} WHERE code = :c"), {"c": code.strip()}).first()
    if found is None:
        found = uow.s.execute(text(f"{cols} WHERE lower(code) = :c"), {"c": code.strip().lower()}).first()
    if found is None:
        raise NotFound(_("There is no {what} {code}.").format(what=what, code=code))
    values = dict(zip(names, found, strict=True))
    values["active"] = bool(values["active"])  # SQLite keeps a boolean as 0 or 1
    return row_type(**values)
