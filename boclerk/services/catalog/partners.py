"""Customers and suppliers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm.exc import StaleDataError

from boclerk.db.uow import UnitOfWork
from boclerk.domain.bounds import shown
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.permissions import Perm
from boclerk.errors import ConcurrentChange, InvalidInput, NotFound, Refused

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CUSTOMER_FIELDS = ("name", "email", "phone", "address", "notes")
SUPPLIER_FIELDS = ("name", "tax_id", "contact", "email", "phone", "address", "payment_terms_days")


@dataclass(frozen=True)
class CustomerRow:
    code: str
    name: str
    email: str
    phone: str
    address: str
    notes: str
    active: bool
    version: int


@dataclass(frozen=True)
class SupplierRow:
    code: str
    name: str
    tax_id: str
    contact: str
    email: str
    phone: str
    address: str
    payment_terms_days: int
    active: bool
    version: int


def phone_digits(phone: str) -> str:
    """The digits of a phone number, for search (+7 (912) 345-67-89 -> 79123456789)."""
    return re.sub(r"\D", "", phone)[-20:]


def _customer_row(c: Customer) -> CustomerRow:
    return CustomerRow(c.code, c.name, c.email, c.phone, c.address, c.notes, c.active, c.version)


def _supplier_row(s: Supplier) -> SupplierRow:
    return SupplierRow(s.code, s.name, s.tax_id, s.contact, s.email, s.phone, s.address, s.payment_terms_days,
                       s.active, s.version)


def _check_code(code: str, what: str) -> str:
    code = code.strip()
    if not _CODE.match(code):
        raise InvalidInput(f"'{code}' is not a {what} code (letters, digits, . _ -, up to 32).")
    return code


def _clean(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise InvalidInput(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "payment_terms_days":
            if not isinstance(value, int) or not 0 <= value <= 365:
                raise InvalidInput("Payment terms are a number of days from 0 to 365.")
            out[key] = value
            continue
        text = str(value or "").strip()
        if key in ("name", "contact"):
            text = shown(text).strip()  # no control characters or direction overrides in a shown name
        if key == "name" and not text:
            raise InvalidInput("A name is required.")
        if key == "email" and text:
            text = text.lower()
            if not _EMAIL.match(text):
                raise InvalidInput(f"'{text}' is not an email address.")
        if key == "tax_id" and text and not (text.isdigit() and len(text) in (10, 12)):
            raise InvalidInput(f"'{text}' is not a tax id (INN: 10 or 12 digits).")
        limits = {"name": 200, "email": 200, "phone": 40, "address": 500, "contact": 200, "notes": 4000}
        out[key] = text[: limits.get(key, 200)]
    return out


# -- customers -----------------------------------------------------------------------

def customer(uow: UnitOfWork, code: str) -> Customer:
    found = uow.s.scalars(select(Customer).where(Customer.code == code.strip())).first()
    if found is None:
        found = uow.s.scalars(select(Customer).where(func.lower(Customer.code) == code.strip().lower())).first()
    if found is None:
        raise NotFound(f"There is no customer {code}.")
    return found


def add_customer(uow: UnitOfWork, code: str, name: str, **values: Any) -> CustomerRow:
    uow.require(Perm.CUSTOMER_MANAGE)
    code = _check_code(code, "customer")
    values = _clean({"name": name, **values}, CUSTOMER_FIELDS)
    if uow.s.scalars(select(Customer.id).where(func.lower(Customer.code) == code.lower())).first():
        raise Refused(f"The customer {code} already exists.")
    c = Customer(code=code, created_at=uow.now, **values)
    c.phone_digits = phone_digits(c.phone)
    uow.s.add(c)
    uow.s.flush()
    uow.audit("customer.add", "customer", code, after=values)
    return _customer_row(c)


def next_customer_code(uow: UnitOfWork) -> str:
    """A free code like C000123 for a customer created on the fly."""
    count = uow.s.scalar(select(func.count()).select_from(Customer)) or 0
    n = count + 1
    while uow.s.scalars(select(Customer.id).where(Customer.code == f"C{n:06d}")).first():
        n += 1
    return f"C{n:06d}"


def edit_customer(uow: UnitOfWork, code: str, *, expected_version: int | None = None, **changes: Any) -> CustomerRow:
    uow.require(Perm.CUSTOMER_MANAGE)
    if not changes:
        raise InvalidInput("Nothing to change.")
    changes = _clean(changes, CUSTOMER_FIELDS)
    c = customer(uow, code)
    if expected_version is not None and c.version != expected_version:
        raise ConcurrentChange(f"The customer {c.code} was changed by someone else meanwhile; reload and try again.")
    before = {k: getattr(c, k) for k in changes}
    code = c.code  # a failed flush expires the object: name it from this copy
    for key, value in changes.items():
        setattr(c, key, value)
    c.phone_digits = phone_digits(c.phone)
    try:
        uow.s.flush()
    except StaleDataError:
        raise ConcurrentChange(f"The customer {code} was changed by someone else meanwhile.") from None
    uow.audit("customer.edit", "customer", c.code, before=before, after=changes)
    return _customer_row(c)


def list_customers(uow: UnitOfWork, *, search: str | None = None, after_code: str | None = None,
                   limit: int = 200) -> list[CustomerRow]:
    uow.require(Perm.READ)
    stmt = select(Customer).order_by(Customer.code).limit(limit)
    if after_code:
        stmt = stmt.where(Customer.code > after_code)
    if search:
        term = search.strip()
        like = f"%{term.lower()}%"
        conds = [func.lower(Customer.name).like(like), Customer.email == term.lower(),
                 func.lower(Customer.code) == term.lower()]
        digits = phone_digits(term)
        if len(digits) >= 5:
            conds.append(Customer.phone_digits.like(f"%{digits}"))
        stmt = stmt.where(or_(*conds))
    return [_customer_row(c) for c in uow.s.scalars(stmt)]


def get_customer(uow: UnitOfWork, code: str) -> CustomerRow:
    uow.require(Perm.READ)
    return _customer_row(customer(uow, code))


# -- suppliers -------------------------------------------------------------------------

def supplier(uow: UnitOfWork, code: str) -> Supplier:
    found = uow.s.scalars(select(Supplier).where(Supplier.code == code.strip())).first()
    if found is None:
        found = uow.s.scalars(select(Supplier).where(func.lower(Supplier.code) == code.strip().lower())).first()
    if found is None:
        raise NotFound(f"There is no supplier {code}.")
    return found


def add_supplier(uow: UnitOfWork, code: str, name: str, **values: Any) -> SupplierRow:
    uow.require(Perm.SUPPLIER_MANAGE)
    code = _check_code(code, "supplier")
    values = _clean({"name": name, **values}, SUPPLIER_FIELDS)
    if uow.s.scalars(select(Supplier.id).where(func.lower(Supplier.code) == code.lower())).first():
        raise Refused(f"The supplier {code} already exists.")
    if values.get("tax_id"):
        other = uow.s.scalars(select(Supplier.code).where(Supplier.tax_id == values["tax_id"])).first()
        if other:
            raise Refused(f"The tax id {values['tax_id']} already belongs to the supplier {other}.")
    s = Supplier(code=code, created_at=uow.now, **values)
    uow.s.add(s)
    uow.s.flush()
    uow.audit("supplier.add", "supplier", code, after=values)
    return _supplier_row(s)


def edit_supplier(uow: UnitOfWork, code: str, *, expected_version: int | None = None, **changes: Any) -> SupplierRow:
    uow.require(Perm.SUPPLIER_MANAGE)
    if not changes:
        raise InvalidInput("Nothing to change.")
    changes = _clean(changes, SUPPLIER_FIELDS)
    s = supplier(uow, code)
    if expected_version is not None and s.version != expected_version:
        raise ConcurrentChange(f"The supplier {s.code} was changed by someone else meanwhile; reload and try again.")
    if changes.get("tax_id"):
        other = uow.s.scalars(select(Supplier.code).where(Supplier.tax_id == changes["tax_id"],
                                                          Supplier.id != s.id)).first()
        if other:
            raise Refused(f"The tax id {changes['tax_id']} already belongs to the supplier {other}.")
    before = {k: getattr(s, k) for k in changes}
    code = s.code  # a failed flush expires the object: name it from this copy
    for key, value in changes.items():
        setattr(s, key, value)
    try:
        uow.s.flush()
    except StaleDataError:
        raise ConcurrentChange(f"The supplier {code} was changed by someone else meanwhile.") from None
    uow.audit("supplier.edit", "supplier", s.code, before=before, after=changes)
    return _supplier_row(s)


def list_suppliers(uow: UnitOfWork, *, search: str | None = None, after_code: str | None = None,
                   limit: int = 200) -> list[SupplierRow]:
    uow.require(Perm.READ)
    stmt = select(Supplier).order_by(Supplier.code).limit(limit)
    if after_code:
        stmt = stmt.where(Supplier.code > after_code)
    if search:
        term = search.strip()
        stmt = stmt.where(or_(func.lower(Supplier.name).like(f"%{term.lower()}%"), Supplier.tax_id == term,
                              func.lower(Supplier.code) == term.lower()))
    return [_supplier_row(s) for s in uow.s.scalars(stmt)]


def get_supplier(uow: UnitOfWork, code: str) -> SupplierRow:
    uow.require(Perm.READ)
    return _supplier_row(supplier(uow, code))
