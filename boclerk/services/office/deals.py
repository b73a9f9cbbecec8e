"""Internal deals between departments: allocation rules and service agreements.

An allocation rule splits what a shared account (rent, IT, the office itself) carries in a
month, in one department or in none, over departments by a key: headcount from the staff list,
floor area, fixed shares, or another account's amounts in the month (sales, say). A service
agreement has one department charge another a monthly fee (IT charges Sales). Both are posted
for a month by :mod:`boclerk.services.office.allocation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.code_words import choices
from boclerk.domain.ledger import Account, AccountRole, AccountType, Department
from boclerk.domain.office import Basis, DealKind, DealShare, InternalDeal
from boclerk.domain.office_words import BASIS_CHOICES
from boclerk.domain.permissions import Perm
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.ledger import book as ledger
from boclerk.services.rows import money_field

NEW, END = act("office.new_deal"), act("office.end_deal")
CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass(frozen=True)
class DealRow:
    id: int
    code: str
    name: str
    kind: str
    account: str
    source: str | None  # allocation: where the cost sits; service: the provider
    target: str | None  # service: the receiver
    basis: str | None
    basis_account: str | None
    shares: list[tuple[str, str]]  # (department, weight as written)
    valid_from: date | None
    valid_to: date | None
    state: str
    fee: int | None = money_field(default=None)
    posted: list[str] = field(default_factory=list)  # months posted


def deal_by_code(uow: UnitOfWork, code: str) -> InternalDeal:
    found = uow.s.scalars(select(InternalDeal).where(InternalDeal.code == (code or "").strip().upper())).first()
    if found is None:
        raise NotFound(_("There is no allocation rule or service agreement {value}.").format(value=(code or '').strip().upper()))
    return found


def deal_state(uow: UnitOfWork, code: str) -> tuple[str, str]:
    d = deal_by_code(uow, code)
    return d.code, "active" if d.active else "ended"


def parse_weight(text: str, what: str) -> int:
    """A weight as hundredths: "120.5" square metres is 12050; "25" percent is 2500."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(_("{what}: '{text}' is not a number.").format(what=what, text=text)) from None
    hundredths = value * 100
    if not value.is_finite() or hundredths != hundredths.to_integral_value() or value < 0:
        raise InvalidInput(_("{what}: '{text}' must be zero or more with at most two decimals.").format(what=what, text=text))
    if hundredths > 10**15:
        raise InvalidInput(_("{what}: '{text}' is too large.").format(what=what, text=text))
    return int(hundredths)


def _weight_text(weight: int) -> str:
    return str((Decimal(weight) / 100).normalize()) if weight % 100 else str(weight // 100)


def _check_code(uow: UnitOfWork, code: str, name: str) -> tuple[str, str]:
    code, name = (code or "").strip().upper(), (name or "").strip()
    if not code or len(code) > 16 or not set(code) <= CODE_CHARS:
        raise InvalidInput(_("'{code}' is not a code (letters, digits, - and _, up to 16).").format(code=code))
    if not name or len(name) > 200:
        raise InvalidInput(_("Give it a name of up to 200 characters."))
    if uow.s.scalars(select(InternalDeal.id).where(InternalDeal.code == code)).first() is not None:
        raise Refused(_("The code {code} is taken.").format(code=code))
    return code, name


def _pnl_account(uow: UnitOfWork, key: str) -> Account:
    acc = ledger.account(uow, key)
    if acc.type not in (AccountType.EXPENSE.value, AccountType.INCOME.value):
        from boclerk.domain.ledger_words import account_kind

        raise Refused(_("Departments share costs and revenue; {code} {name} is {kind}.").format(
            code=acc.code, name=acc.name, kind=account_kind(acc.type)))
    return acc


def add_allocation(uow: UnitOfWork, code: str, name: str, *, account: str, basis: str,
                   shares: Sequence[tuple[str, str]] = (), source: str | None = None,
                   basis_account: str | None = None, valid_from: date | None = None) -> DealRow:
    """A rule that splits ``account`` (as it stands in ``source``, or without a department) over
    departments, for the months from ``valid_from`` (always, when not given). ``shares``: (department, weight) for area and fixed shares; for headcount and
    another account's amounts, the departments to spread over (all with any, when none are named)."""
    uow.require(NEW)
    code, name = _check_code(uow, code, name)
    acc = _pnl_account(uow, account)
    try:
        kind = Basis((basis or "").strip().lower())
    except ValueError:
        raise InvalidInput(_("'{basis}' is not a key; choose {codes}.").format(
            basis=basis, codes=choices((b.value for b in Basis), BASIS_CHOICES))) from None
    src = ledger.department(uow, source) if source else None
    basis_acc = ledger.account(uow, basis_account) if kind is Basis.ACCOUNT and basis_account else None
    if kind is Basis.ACCOUNT and basis_acc is None:
        raise InvalidInput(_("Allocating by another account's amounts needs that account."))
    if kind is not Basis.ACCOUNT and basis_account:
        raise InvalidInput(_("Only an allocation by account amounts names another account."))
    parsed = []
    for dept_code, weight in shares:
        dept = ledger.department(uow, dept_code)
        if kind in (Basis.AREA, Basis.FIXED):
            value = parse_weight(weight, _("share of {code}").format(code=dept.code))
        else:
            if str(weight or "").strip():
                raise InvalidInput(_("A key by {basis} counts for itself; name the departments without weights ({code}).").format(
                    basis=_(BASIS_CHOICES[kind.value]), code=dept.code))
            value = 0
        parsed.append((dept, value))
    if len({d.id for d, _ in parsed}) != len(parsed):
        raise InvalidInput(_("A department is named twice."))
    if kind in (Basis.AREA, Basis.FIXED):
        if len(parsed) < 2 and not (len(parsed) == 1 and src is None):
            raise InvalidInput(_("Name at least two departments, each with its floor area in square metres.")
                               if kind is Basis.AREA else
                               _("Name at least two departments, each with its share in percent."))
        if sum(w for _, w in parsed) <= 0:
            raise InvalidInput(_("The shares add up to nothing."))
        if kind is Basis.FIXED and sum(w for _, w in parsed) != 10000:
            total = _weight_text(sum(w for _, w in parsed))
            raise InvalidInput(_("Fixed shares are percentages that add up to 100; these add up to {total}.").format(total=total))
    deal = InternalDeal(code=code, name=name, kind=DealKind.ALLOCATION.value, account_id=acc.id,
                        from_department_id=src.id if src else None, basis=kind.value,
                        basis_account_id=basis_acc.id if basis_acc else None, valid_from=valid_from,
                        created_by=uow.actor_name, created_at=uow.now)
    uow.s.add(deal)
    uow.s.flush()
    for dept, weight in parsed:
        uow.s.add(DealShare(deal_id=deal.id, department_id=dept.id, weight=weight))
    uow.s.flush()
    row = deal_row(uow, deal)
    uow.audit("deal.add", "deal", code, after={"kind": "allocation", "account": acc.code, "basis": kind.value,
                                              "source": src.code if src else None, "shares": row.shares})
    return row


def add_service(uow: UnitOfWork, code: str, name: str, *, provider: str, receiver: str, fee: int,
                account: str | None = None, valid_from: date | None = None, valid_to: date | None = None) -> DealRow:
    """An internal service agreement: ``receiver`` pays ``provider`` ``fee`` a month."""
    uow.require(NEW)
    code, name = _check_code(uow, code, name)
    if not isinstance(fee, int) or fee <= 0:
        raise InvalidInput(_("A service agreement needs a positive monthly fee."))
    src, dst = ledger.department(uow, provider), ledger.department(uow, receiver)
    if src.id == dst.id:
        raise InvalidInput(_("A department does not charge itself."))
    acc = _pnl_account(uow, account or AccountRole.RECHARGES.value)
    start = valid_from
    if valid_to is not None and start is not None and valid_to < start:
        raise InvalidInput(_("The agreement ends ({valid_to}) before it starts ({start}).").format(valid_to=shown.day(uow, valid_to), start=shown.day(uow, start)))
    deal = InternalDeal(code=code, name=name, kind=DealKind.SERVICE.value, account_id=acc.id,
                        from_department_id=src.id, to_department_id=dst.id, fee=fee, valid_from=start,
                        valid_to=valid_to, created_by=uow.actor_name, created_at=uow.now)
    uow.s.add(deal)
    uow.s.flush()
    uow.audit("deal.add", "deal", code, after={"kind": "service", "provider": src.code, "receiver": dst.code,
                                              "fee": decimal_str(fee, uow.currency), "account": acc.code})
    return deal_row(uow, deal)


def end_deal(uow: UnitOfWork, code: str, *, last_day: date | None = None) -> DealRow:
    """Stop a rule or agreement: months after ``last_day`` (default today) are not posted."""
    uow.require(END)
    deal = deal_by_code(uow, code)
    END.check(deal.code, "active" if deal.active else "ended")
    last_day = last_day or uow.today
    if deal.valid_from is not None and last_day < deal.valid_from:
        raise InvalidInput(_("{code} starts on {valid_from}; it cannot end before that.").format(code=deal.code, valid_from=shown.day(uow, deal.valid_from)))
    deal.active, deal.valid_to = False, last_day
    uow.s.flush()
    uow.audit("deal.end", "deal", deal.code, before={"active": True}, after={"active": False, "valid_to": last_day})
    return deal_row(uow, deal)


def deal_row(uow: UnitOfWork, d: InternalDeal) -> DealRow:
    from boclerk.domain.office import DealPosting
    from boclerk.services.office.periods import shown

    code = {x.id: x.code for x in uow.s.scalars(select(Department))}
    shares = [(code[s.department_id], _weight_text(s.weight) if d.basis in ("area", "fixed") else "")
              for s in uow.s.scalars(select(DealShare).where(DealShare.deal_id == d.id).order_by(DealShare.id))]
    posted = [shown(p) for p in uow.s.scalars(select(DealPosting.period).where(DealPosting.deal_id == d.id)
                                              .order_by(DealPosting.period))]
    acc = uow.s.get(Account, d.account_id)
    basis_acc = uow.s.get(Account, d.basis_account_id).code if d.basis_account_id else None
    return DealRow(d.id, d.code, d.name, d.kind, acc.code, code.get(d.from_department_id),
                   code.get(d.to_department_id), d.basis, basis_acc, shares, d.valid_from, d.valid_to,
                   "active" if d.active else "ended", d.fee, posted)


def list_deals(uow: UnitOfWork, *, after_code: str | None = None, limit: int = 200,
               include_ended: bool = True) -> list[DealRow]:
    """Allocation rules and service agreements by code, paged by code."""
    uow.require(Perm.READ)
    stmt = select(InternalDeal)
    if after_code:
        stmt = stmt.where(InternalDeal.code > after_code)
    if not include_ended:
        stmt = stmt.where(InternalDeal.active.is_(True))
    return [deal_row(uow, d) for d in uow.s.scalars(stmt.order_by(InternalDeal.code).limit(limit))]
