"""Customers and suppliers.

Both are partners of the same shape: a code, a name and contact fields, added once,
edited under optimistic locking, listed by code. :class:`_Kind` holds what differs
(model, permission, fields, how a list is searched, the supplier's unique tax id, the
customer's phone digits); the use cases are written once over it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm.exc import StaleDataError

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.bounds import shown
from boclerk.domain.card_words import CUSTOMER_KIND_WORDS
from boclerk.domain.card_words import CUSTOMER_KIND_WORDS
from boclerk.domain.code_words import choices
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.errors import ConcurrentChange, InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.services import like
from boclerk.services.catalog.partner_rows import CustomerRow, SupplierRow

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CUSTOMER_FIELDS = ("name", "email", "phone", "address", "notes", "country", "tax_id", "kind", "kpp")
SUPPLIER_FIELDS = ("name", "tax_id", "contact", "email", "phone", "address", "payment_terms_days", "country",
                   "currency", "kpp", "ogrn", "bik", "bank_account")
_REQUISITES = ("country", "tax_id", "currency", "kpp", "ogrn", "bik", "bank_account", "kind")

#: how a kind of customer reads in a sentence (the one table, which the cards read too)
KIND_WORDS = CUSTOMER_KIND_WORDS


def phone_digits(phone: str) -> str:
    """The digits of a phone number, for search (+7 (912) 345-67-89 -> 79123456789)."""
    return re.sub(r"\D", "", phone)[-20:]


def check_code(code: str, what: str) -> str:
    code = code.strip()
    if not _CODE.match(code):
        raise InvalidInput(_("'{code}' is not a {what} code (letters, digits, . _ -, up to 32).").format(
            code=code, what=_(what)))
    return code


def clean_fields(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise InvalidInput(_("Unknown field(s): {fields}.").format(fields=', '.join(sorted(unknown))))
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "payment_terms_days":
            if not isinstance(value, int) or not 0 <= value <= 365:
                raise InvalidInput(_("Payment terms are a number of days from 0 to 365."))
            out[key] = value
            continue
        text = str(value or "").strip()
        if key in ("name", "contact"):
            text = shown(text).strip()  # no control characters or direction overrides in a shown name
        if key == "name" and not text:
            raise InvalidInput(_("A name is required."))
        if key == "email" and text:
            text = text.lower()
            if not _EMAIL.match(text):
                raise InvalidInput(_("'{text}' is not an email address.").format(text=text))
        if key in _REQUISITES:  # checked together, by the partner's country: see requisites()
            out[key] = text
            continue
        limits = {"name": 200, "email": 200, "phone": 40, "address": 500, "contact": 200, "notes": 4000}
        out[key] = text[: limits.get(key, 200)]
    return out


# -- what differs between customers and suppliers --------------------------------------------

@dataclass(frozen=True)
class _Kind:
    what: str                                   # in sentences, audit actions and entities
    model: type[Customer] | type[Supplier]
    row: type[CustomerRow] | type[SupplierRow]
    perm: Perm
    fields: tuple[str, ...]
    search: Callable[[str], list]               # conditions a list's search term matches
    check: Callable[[UnitOfWork, dict[str, Any], int | None], None] = lambda uow, values, own_id: None
    derive: Callable[[Any], None] = lambda record: None  # columns kept from others (phone digits)
    archive: str = ""                           # the rule book's acts that archive and restore one
    restore: str = ""


def _customer_search(term: str) -> list:
    conds = [like.holds(Customer.name, term), Customer.email == term.lower(),
             func.lower(Customer.code) == term.lower()]
    digits = phone_digits(term)
    if len(digits) >= 5:
        conds.append(Customer.phone_digits.like(f"%{digits}"))  # digits only: nothing to escape
    return conds


def _supplier_search(term: str) -> list:
    return [like.holds(Supplier.name, term), Supplier.tax_id == term,
            func.lower(Supplier.code) == term.lower()]


def requisites(uow: UnitOfWork, values: dict[str, Any], record: Any | None) -> None:
    """Country, tax ids, bank details and currency of a partner, checked by the country's rules
    (python-stdnum) against what the record already has; normalised in place."""
    from boclerk.domain.taxids import check_bank_details, check_kpp, check_ogrn, country_code, normalise_tax_id

    def current(key: str, default: Any = "") -> Any:
        return values[key] if key in values else getattr(record, key, default) if record is not None else default

    country = country_code(current("country", "RU"))
    if "country" in values:
        values["country"] = country
    if "tax_id" in values or "country" in values:
        values["tax_id"] = normalise_tax_id(current("tax_id"), country)
    if "kpp" in values:
        values["kpp"] = check_kpp(values["kpp"])
    if "ogrn" in values:
        values["ogrn"] = check_ogrn(values["ogrn"])
    if "bik" in values or "bank_account" in values:
        values["bik"], values["bank_account"] = check_bank_details(current("bik"), current("bank_account"))
    if "currency" in values:
        from boclerk.services.ledger.rates import foreign

        values["currency"] = foreign(uow, values["currency"])


def customer_kind(uow: UnitOfWork, values: dict[str, Any], record: Any | None) -> None:
    """A customer's kind in law, checked with its INN and KPP (after :func:`requisites`).

    Not given when the customer is added, the kind is the one a Russian INN says (10 digits an
    organisation, 12 a sole trader, none a person). In Russia an organisation's INN has 10
    digits, a sole trader's or a person's 12; only an organisation has a KPP, and a sole trader
    is known by an INN.
    """
    from boclerk.domain.partners import CustomerKind

    def current(key: str, default: Any = "") -> Any:
        return values[key] if key in values else getattr(record, key, default) if record is not None else default

    country, tax_id = current("country", "RU"), current("tax_id")
    if "kind" in values:
        text = str(values["kind"] or "").strip().lower().replace("-", "_").replace(" ", "_")
        text = {"org": "organisation", "organization": "organisation", "company": "organisation",
                "ip": "sole_trader", "individual": "person"}.get(text, text)
        if text not in {k.value for k in CustomerKind}:
            raise InvalidInput(_("'{kind}' is not a kind of customer; choose {codes}.").format(
                kind=values['kind'], codes=choices((k.value for k in CustomerKind), CUSTOMER_KIND_WORDS)))
        values["kind"] = text
    elif record is None:
        values["kind"] = {10: "organisation", 12: "sole_trader"}.get(len(tax_id), "person") \
            if country == "RU" else "person"
    kind, kpp = current("kind", "person"), current("kpp")
    if country == "RU" and tax_id:
        if kind == "organisation" and len(tax_id) != 10:
            raise InvalidInput(_("An organisation's INN has 10 digits; {tax_id} is a person's or a sole "
                "trader's.").format(tax_id=tax_id))
        if kind != "organisation" and len(tax_id) != 12:
            raise InvalidInput(_("{tax_id} is an organisation's INN (10 digits); a {kind} has 12.").format(
                tax_id=tax_id, kind=_(KIND_WORDS.get(kind, kind))))
    if kind == "sole_trader" and country == "RU" and not tax_id:
        raise InvalidInput(_("A sole trader is known by an INN (12 digits): give --tax-id."))
    if kpp and kind != "organisation":
        if "kpp" in values:
            raise InvalidInput(_("Only an organisation has a KPP; this customer is a {kind}.").format(
                kind=_(KIND_WORDS.get(kind, kind))))
        values["kpp"] = ""  # no longer an organisation: its KPP goes with it


def _customer_check(uow: UnitOfWork, values: dict[str, Any], own_id: int | None) -> None:
    record = uow.s.get(Customer, own_id) if own_id else None
    customer_kind(uow, values, record)


def _tax_id_free(uow: UnitOfWork, values: dict[str, Any], own_id: int | None) -> None:
    """A tax id belongs to one supplier (of a country)."""
    if values.get("tax_id"):
        country = values.get("country")
        if country is None:
            own = uow.s.get(Supplier, own_id) if own_id else None
            country = own.country if own is not None else "RU"
        other = uow.s.scalars(select(Supplier.code).where(Supplier.tax_id == values["tax_id"],
                                                          Supplier.country == country,
                                                          Supplier.id != (own_id or 0))).first()
        if other:
            raise Refused(_("The tax id {tax_id} already belongs to the supplier {other}.").format(
                tax_id=values['tax_id'], other=other))


def _keep_phone_digits(c: Customer) -> None:
    c.phone_digits = phone_digits(c.phone)


CUSTOMERS = _Kind(N_("customer"), Customer, CustomerRow, Perm.CUSTOMER_MANAGE, CUSTOMER_FIELDS, _customer_search,
                  check=_customer_check, derive=_keep_phone_digits,
                  archive="customers.archive", restore="customers.restore")
SUPPLIERS = _Kind(N_("supplier"), Supplier, SupplierRow, Perm.SUPPLIER_MANAGE, SUPPLIER_FIELDS, _supplier_search,
                  check=_tax_id_free, archive="purchases.archive_supplier", restore="purchases.restore_supplier")


# -- one partner's use cases -----------------------------------------------------------------

def _row(kind: _Kind, record: Any) -> Any:
    return kind.row(**{f.name: getattr(record, f.name) for f in dataclasses.fields(kind.row)})


def _find(uow: UnitOfWork, kind: _Kind, code: str) -> Any:
    if not code.strip():
        raise InvalidInput(_("Say which {what}: give their code.").format(what=_(kind.what)))
    model = kind.model
    found = uow.s.scalars(select(model).where(model.code == code.strip())).first()
    if found is None:
        found = uow.s.scalars(select(model).where(func.lower(model.code) == code.strip().lower())).first()
    if found is None:
        raise NotFound(_("There is no {what} {code}.").format(what=_(kind.what), code=code))
    return found


def _add(uow: UnitOfWork, kind: _Kind, code: str, name: str, values: dict[str, Any]) -> Any:
    uow.require(kind.perm)
    code = check_code(code, kind.what)
    values = clean_fields({"name": name, **values}, kind.fields)
    if uow.s.scalars(select(kind.model.id).where(func.lower(kind.model.code) == code.lower())).first():
        raise Refused(_("The {what} {code} already exists.").format(what=_(kind.what), code=code))
    requisites(uow, values, None)
    kind.check(uow, values, None)
    record = kind.model(code=code, created_at=uow.now, **values)
    kind.derive(record)
    uow.s.add(record)
    uow.s.flush()
    uow.audit(f"{kind.what}.add", kind.what, code, after=values)
    return _row(kind, record)


def _edit(uow: UnitOfWork, kind: _Kind, code: str, expected_version: int | None, changes: dict[str, Any]) -> Any:
    uow.require(kind.perm)
    if not changes:
        raise InvalidInput(_("Nothing to change."))
    changes = clean_fields(changes, kind.fields)
    record = _find(uow, kind, code)
    if expected_version is not None and record.version != expected_version:
        raise ConcurrentChange(_("The {what} {code} was changed by someone else meanwhile; reload and try "
            "again.").format(what=_(kind.what), code=record.code))
    requisites(uow, changes, record)
    kind.check(uow, changes, record.id)
    before = {k: getattr(record, k) for k in changes}
    code = record.code  # a failed flush expires the object: name it from this copy
    for key, value in changes.items():
        setattr(record, key, value)
    kind.derive(record)
    try:
        uow.s.flush()
    except StaleDataError:
        raise ConcurrentChange(_("The {what} {code} was changed by someone else meanwhile.").format(
            what=_(kind.what), code=code)) from None
    uow.audit(f"{kind.what}.edit", kind.what, code, before=before, after=changes)
    return _row(kind, record)


def _set_active(uow: UnitOfWork, kind: _Kind, code: str, active: bool) -> Any:
    """Archive a partner (kept with its history; no new orders with it) or bring one back."""
    which = act(kind.restore if active else kind.archive)
    uow.require(which)
    record = _find(uow, kind, code)
    which.check(record.code, "active" if record.active else "archived")
    record.active = active
    uow.s.flush()
    uow.audit(f"{kind.what}.{'restore' if active else 'archive'}", kind.what, record.code,
              before={"active": not active}, after={"active": active})
    return _row(kind, record)


def _list(uow: UnitOfWork, kind: _Kind, search: str | None, after_code: str | None, limit: int,
          include_archived: bool) -> list:
    stmt = _select(uow, kind, search, include_archived).order_by(kind.model.code).limit(limit)
    if after_code:
        stmt = stmt.where(kind.model.code > after_code)
    return [_row(kind, record) for record in uow.s.scalars(stmt)]


def _select(uow: UnitOfWork, kind: _Kind, search: str | None, include_archived: bool):
    uow.require(Perm.READ)
    model = kind.model
    stmt = select(model)
    if not include_archived:
        stmt = stmt.where(model.active.is_(True))
    if search:
        stmt = stmt.where(or_(*kind.search(search.strip())))
    return stmt


def suppliers_query(uow: UnitOfWork, *, search: str | None = None, include_archived: bool = False):
    """The select of list_suppliers, unordered and unpaged (its count reads it too)."""
    return _select(uow, SUPPLIERS, search, include_archived)


# -- customers -----------------------------------------------------------------------

def customer(uow: UnitOfWork, code: str) -> Customer:
    return _find(uow, CUSTOMERS, code)


def add_customer(uow: UnitOfWork, code: str, name: str, **values: Any) -> CustomerRow:
    return _add(uow, CUSTOMERS, code, name, values)


def set_customer_active(uow: UnitOfWork, code: str, active: bool) -> CustomerRow:
    return _set_active(uow, CUSTOMERS, code, active)


def next_customer_code(uow: UnitOfWork) -> str:
    """A free code like C000123 for a customer created on the fly."""
    count = uow.s.scalar(select(func.count()).select_from(Customer)) or 0
    n = count + 1
    while uow.s.scalars(select(Customer.id).where(Customer.code == f"C{n:06d}")).first():
        n += 1
    return f"C{n:06d}"


def edit_customer(uow: UnitOfWork, code: str, *, expected_version: int | None = None, **changes: Any) -> CustomerRow:
    return _edit(uow, CUSTOMERS, code, expected_version, changes)


def list_customers(uow: UnitOfWork, *, search: str | None = None, after_code: str | None = None,
                   limit: int = 200, include_archived: bool = False) -> list[CustomerRow]:
    """Customers by code, a page at a time (keyset: pass the last code as ``after_code``);
    the archived ones only when asked."""
    return _list(uow, CUSTOMERS, search, after_code, limit, include_archived)


def get_customer(uow: UnitOfWork, code: str) -> CustomerRow:
    uow.require(Perm.READ)
    return _row(CUSTOMERS, customer(uow, code))


# -- suppliers -------------------------------------------------------------------------

def supplier(uow: UnitOfWork, code: str) -> Supplier:
    return _find(uow, SUPPLIERS, code)


def add_supplier(uow: UnitOfWork, code: str, name: str, **values: Any) -> SupplierRow:
    return _add(uow, SUPPLIERS, code, name, values)


def edit_supplier(uow: UnitOfWork, code: str, *, expected_version: int | None = None, **changes: Any) -> SupplierRow:
    return _edit(uow, SUPPLIERS, code, expected_version, changes)


def set_supplier_active(uow: UnitOfWork, code: str, active: bool) -> SupplierRow:
    return _set_active(uow, SUPPLIERS, code, active)


def list_suppliers(uow: UnitOfWork, *, search: str | None = None, after_code: str | None = None,
                   limit: int = 200, include_archived: bool = False) -> list[SupplierRow]:
    """Suppliers by code, a page at a time (keyset: pass the last code as ``after_code``);
    the archived ones only when asked."""
    return _list(uow, SUPPLIERS, search, after_code, limit, include_archived)


def get_supplier(uow: UnitOfWork, code: str) -> SupplierRow:
    uow.require(Perm.READ)
    return _row(SUPPLIERS, supplier(uow, code))
