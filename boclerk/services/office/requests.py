"""Supply requests: a department asks for consumables, the office manager decides each line,
approved lines become purchase orders (one per supplier, several requests on one PO), and
receiving them issues each line to the department that asked.

The state a person sees is read from the request and its lines together:

- ``open``: some line waits for a decision; ``cancelled``: given up by its requester or the office;
- ``rejected``: every line rejected; ``approved``: an approved line still waits to be ordered;
- ``ordered``, ``partially_received``, ``received``: how far the ordered lines have come in.

A line ordered on a purchase order that was then cancelled waits to be ordered again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, text

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Product, ProductKind
from boclerk.domain.ledger import Department
from boclerk.domain.office import LineStatus, RequestLine, RequestStatus, SupplyRequest
from boclerk.domain.partners import Supplier
from boclerk.domain.permissions import Perm
from boclerk.domain.purchasing import POLine, PurchaseOrder
from boclerk.errors import InvalidInput, NotFound, NotPermitted, Refused
from boclerk.i18n import N_, _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.catalog.products import product as find_product
from boclerk.services.ledger import book as ledger
from boclerk.services.numbers import next_number
from boclerk.services.office import staff as staff_svc
from boclerk.services.office.budgets import budget_warnings
from boclerk.services.office.quantities import in_units, line_value, parse_qty
from boclerk.services.office.request_view import STATE_SQL
from boclerk.services.rows import money_field

ASK, APPROVE, REJECT = act("office.ask"), act("office.approve"), act("office.reject")
ORDER, CANCEL = act("office.order"), act("office.cancel_request")


@dataclass(frozen=True)
class RequestResult:
    number: str
    state: str
    warnings: list[str] = field(default_factory=list)
    total: int = money_field(default=0)


@dataclass(frozen=True)
class OrderedPO:
    po: str
    supplier: str
    requests: list[str]
    total: int = money_field(default=0)
    supplier_name: str = ""


@dataclass(frozen=True)
class OrderResult:
    pos: list[OrderedPO]
    #: approved lines left unordered: "REQ-... line 2: PEN has no preferred supplier"
    left: list[str] = field(default_factory=list)


def request_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> SupplyRequest:
    stmt = select(SupplyRequest).where(SupplyRequest.number == (number or "").strip().upper())
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        raise NotFound(_("There is no supply request {value}.").format(value=(number or '').strip().upper()))
    return found


def state_of(uow: UnitOfWork, request_id: int) -> str:
    return uow.s.execute(text(f"SELECT {STATE_SQL} FROM supply_request r WHERE r.id = :id"),
                         {"id": request_id}).scalar_one()


def request_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    req = request_by_number(uow, number)
    return req.number, state_of(uow, req.id)


def _lines(uow: UnitOfWork, req: SupplyRequest) -> list[tuple[RequestLine, Product]]:
    return list(uow.s.execute(select(RequestLine, Product).join(Product, Product.id == RequestLine.product_id)
                              .where(RequestLine.request_id == req.id).order_by(RequestLine.line_no)).all())


# -- asking ---------------------------------------------------------------------------------------

def ask(uow: UnitOfWork, lines: Sequence[tuple[str, object]], *, department: str | None = None,
        staff: str | None = None, wanted_by: date | None = None, note: str = "") -> RequestResult:
    """Ask for consumables for a department (by default the asker's own, from the staff list)."""
    uow.require(ASK)
    if not lines:
        raise InvalidInput(_("A request needs at least one line (SKU and quantity)."))
    who = staff_svc.holder(uow, staff) if staff else staff_svc.of_user(uow, uow.actor_name)
    if department:
        dept = ledger.department(uow, department)
    elif who is not None:
        dept = uow.s.get(Department, who.department_id)
    else:
        raise InvalidInput(_("Say which department the request is for; you are not on the staff list."))
    if wanted_by is not None and wanted_by < uow.today:
        raise InvalidInput(_("The wanted-by date {wanted_by} has passed.").format(wanted_by=wanted_by.isoformat()))
    resolved = []
    for i, (sku, qty) in enumerate(lines, start=1):
        p = find_product(uow, sku)
        if p.kind != ProductKind.CONSUMABLE.value:
            raise Refused(_("Line {i}: {sku} is not in the consumables catalogue; requests are for supplies the office buys to use (paper, tea, cleaning supplies, cartridges).").format(i=i, sku=p.sku))
        if not p.active:
            raise Refused(_("Line {i}: {sku} is archived and cannot be asked for.").format(i=i, sku=p.sku))
        resolved.append((p, parse_qty(uow, qty, p, what=_("Line {i} ({sku})").format(i=i, sku=p.sku))))
    req = SupplyRequest(number=next_number(uow, "REQ", uow.today.year), department_id=dept.id,
                        staff_id=who.id if who else None, wanted_by=wanted_by, note=(note or "").strip(),
                        status=RequestStatus.OPEN.value, created_by=uow.actor_name, created_at=uow.now)
    uow.s.add(req)
    uow.s.flush()
    total = 0
    for i, (p, qty) in enumerate(resolved, start=1):
        value = line_value(uow, qty, p.standard_cost, p)
        uow.s.add(RequestLine(request_id=req.id, line_no=i, product_id=p.id, qty=qty, unit_price=p.standard_cost,
                              value=value))
        total += value
    uow.s.flush()
    uow.audit("request.ask", "request", req.number, after={
        "department": dept.code, "staff": who.code if who else None, "wanted_by": wanted_by,
        "lines": [(p.sku, in_units(uow, qty, p)) for p, qty in resolved], "estimate": decimal_str(total, uow.currency)})
    return RequestResult(req.number, RequestStatus.OPEN.value, [], total)


# -- deciding ------------------------------------------------------------------------------------------

def _pending(uow: UnitOfWork, req: SupplyRequest, wanted: Sequence[int] | None) -> list[tuple[RequestLine, Product]]:
    rows = _lines(uow, req)
    if not wanted:
        chosen = [(ln, p) for ln, p in rows if ln.status == LineStatus.PENDING.value]
    else:
        by_no = {ln.line_no: (ln, p) for ln, p in rows}
        chosen = []
        for no in dict.fromkeys(wanted):
            if no not in by_no:
                raise InvalidInput(_("{number} has no line {no}.").format(number=req.number, no=no))
            ln, p = by_no[no]
            if ln.status != LineStatus.PENDING.value:
                raise Refused(_("Line {no} of {number} ({sku}) is already {status}.").format(no=no, number=req.number, sku=p.sku, status=ln.status))
            chosen.append((ln, p))
    if not chosen:
        raise Refused(_("{number} has no line waiting for a decision.").format(number=req.number))
    return chosen


def _decide(uow: UnitOfWork, the_act, number: str, lines: Sequence[int] | None, status: str,
            reason: str) -> tuple[SupplyRequest, list[tuple[RequestLine, Product]]]:
    uow.require(the_act)
    req = request_by_number(uow, number, lock=True)
    the_act.check(req.number, state_of(uow, req.id))
    chosen = _pending(uow, req, lines)
    for ln, _ in chosen:
        ln.status, ln.reason = status, reason
        ln.decided_by, ln.decided_at, ln.decided_on = uow.actor_name, uow.now, uow.today
    uow.s.flush()
    if not any(ln.status == LineStatus.PENDING.value for ln, _ in _lines(uow, req)):
        req.status = RequestStatus.DECIDED.value
        uow.s.flush()
    return req, chosen


def approve(uow: UnitOfWork, number: str, lines: Sequence[int] | None = None, *, note: str = "") -> RequestResult:
    """Approve the lines waiting (or the numbered ones). A department's monthly budget for a
    category does not stop an approval: it warns when the approval takes it over."""
    req, chosen = _decide(uow, APPROVE, number, lines, LineStatus.APPROVED.value, (note or "").strip()[:500])
    warnings = budget_warnings(uow, req.department_id, [(p.category, ln.value) for ln, p in chosen])
    state = state_of(uow, req.id)
    uow.audit("request.approve", "request", req.number, after={
        "lines": [ln.line_no for ln, _ in chosen], "note": note or None, "state": state,
        "warnings": warnings or None})
    return RequestResult(req.number, state, warnings, sum(ln.value for ln, _ in chosen))


def reject(uow: UnitOfWork, number: str, reason: str, lines: Sequence[int] | None = None) -> RequestResult:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the lines are rejected (a reason)."))
    req, chosen = _decide(uow, REJECT, number, lines, LineStatus.REJECTED.value, reason[:500])
    state = state_of(uow, req.id)
    uow.audit("request.reject", "request", req.number, after={
        "lines": [ln.line_no for ln, _ in chosen], "reason": reason, "state": state})
    return RequestResult(req.number, state)


def cancel_request(uow: UnitOfWork, number: str) -> RequestResult:
    """Its requester, or whoever approves requests, gives it up; nothing more of it is ordered."""
    uow.require(CANCEL)
    req = request_by_number(uow, number, lock=True)
    state = state_of(uow, req.id)
    CANCEL.check(req.number, state)
    if req.created_by != uow.actor_name and not uow.can(Perm.OFFICE_APPROVE):
        raise NotPermitted(_("{actor_name} may cancel only their own requests; {number} is {created_by}'s.").format(actor_name=uow.actor_name, number=req.number, created_by=req.created_by))
    req.status = RequestStatus.CANCELLED.value
    uow.s.flush()
    uow.audit("request.cancel", "request", req.number, before={"state": state}, after={"state": "cancelled"})
    return RequestResult(req.number, "cancelled")


# -- ordering --------------------------------------------------------------------------------------------

def _to_order(uow: UnitOfWork, req: SupplyRequest) -> list[tuple[RequestLine, Product]]:
    """Approved lines not yet on a purchase order that is still alive."""
    out = []
    for ln, p in _lines(uow, req):
        if ln.status != LineStatus.APPROVED.value:
            continue
        if ln.po_line_id is not None:
            po_status = uow.s.execute(select(PurchaseOrder.status).join(POLine, POLine.po_id == PurchaseOrder.id)
                                      .where(POLine.id == ln.po_line_id)).scalar_one()
            if po_status != "cancelled":
                continue
        out.append((ln, p))
    return out


def order_requests(uow: UnitOfWork, numbers: Sequence[str] | None = None, *,
                   supplier: str | None = None) -> OrderResult:
    """Draft purchase orders for the approved lines of these requests (all approved requests when
    none are named): one per supplier (each product's preferred one, or ``supplier`` for all),
    each line for the department that asked, so that receiving it books the expense there."""
    from boclerk.services.purchasing.orders import POLineInput, create_po

    uow.require(ORDER)
    if numbers:
        reqs = []
        for number in dict.fromkeys(n.strip().upper() for n in numbers):
            req = request_by_number(uow, number, lock=True)
            ORDER.check(req.number, state_of(uow, req.id))
            reqs.append(req)
    else:
        ids = uow.s.execute(text(f"SELECT r.id FROM supply_request r WHERE r.status = 'decided' "
                                 f"AND ({STATE_SQL}) = 'approved' ORDER BY r.id")).scalars().all()
        reqs = [uow.s.get(SupplyRequest, i) for i in ids]
        if not reqs:
            raise Refused(_("No approved request waits to be ordered."))
    forced = None
    if supplier:
        from boclerk.services.catalog.partners import supplier as find_supplier

        forced = find_supplier(uow, supplier)
    groups: dict[int, list[tuple[SupplyRequest, RequestLine, Product]]] = defaultdict(list)
    left = []
    for req in reqs:
        for ln, p in _to_order(uow, req):
            sup_id = forced.id if forced else p.preferred_supplier_id
            if sup_id is None:
                left.append(_("{number} line {line_no}: {sku} has no preferred supplier; name the supplier to order it from").format(number=req.number, line_no=ln.line_no, sku=p.sku))
                continue
            groups[sup_id].append((req, ln, p))
    made = []
    for sup_id in sorted(groups):
        rows = groups[sup_id]
        sup = uow.s.get(Supplier, sup_id)
        asked = list(dict.fromkeys(req.number for req, _, _ in rows))
        inputs = [POLineInput(p.sku, in_units(uow, ln.qty, p), ln.unit_price, uow.s.get(Department, req.department_id).code)
                  for req, ln, p in rows]
        res = create_po(uow, sup.code, inputs, notes=shown.said(uow, N_("For {requests}"), requests=", ".join(asked)))
        po = uow.s.scalars(select(PurchaseOrder).where(PurchaseOrder.number == res.number)).one()
        po_lines = {pl.line_no: pl for pl in uow.s.scalars(select(POLine).where(POLine.po_id == po.id))}
        for i, (_x, ln, _x) in enumerate(rows, start=1):
            ln.po_line_id = po_lines[i].id
        uow.s.flush()
        made.append(OrderedPO(res.number, sup.code, asked, res.total, sup.name))
    if not made and left:
        raise Refused(_("Nothing could be ordered: ") + "; ".join(left) + ".")
    for req in reqs:
        ordered = [o.po for o in made if req.number in o.requests]
        if ordered:
            uow.audit("request.order", "request", req.number, after={"pos": ordered, "state": state_of(uow, req.id)})
    return OrderResult(made, left)
