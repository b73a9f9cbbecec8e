"""The equipment register: items registered (from the bill they were bought on), moved to
another person, room or department, their condition, and written off, each step kept.

An item whose cost reaches the capitalisation threshold (an office setting) is a fixed asset:
registering it moves its cost from the expense its purchase booked to Fixed assets, and the
monthly run depreciates it (:mod:`boclerk.services.office.depreciation`). A cheaper item was
expensed when it was received, as every consumable is, and stays so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Product, ProductKind
from boclerk.domain.ledger import Account, AccountRole, Department
from boclerk.domain.office import DEFAULT_REMINDER_DAYS, DEFAULT_THRESHOLD, OfficeSettings, Staff
from boclerk.domain.office_register import (
    Condition,
    DepreciationCharge,
    Equipment,
    EquipmentEvent,
    EventKind,
    MaintenancePlan,
)
from boclerk.domain.purchasing import POLine, PurchaseOrder
from boclerk.domain.state_words import STATE_WORDS
from boclerk.errors import InvalidInput, NotFound, Refused
from boclerk.i18n import N_, _
from boclerk.money import decimal_str
from boclerk.services import shown
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.numbers import next_number
from boclerk.services.office import staff as staff_svc
from boclerk.services.rows import money_field

NEW, MOVE = act("office.new_equipment"), act("office.move")
CONDITION, WRITE_OFF = act("office.condition"), act("office.write_off")
SETTINGS = act("office.settings")
TEXT_LIMITS = {"name": 200, "category": 100, "model": 100, "serial": 100, "location": 100}


@dataclass(frozen=True)
class Settings:
    reminder_days: int
    capitalisation_threshold: int = money_field()


@dataclass(frozen=True)
class EquipmentResult:
    number: str
    condition: str
    fixed_asset: bool
    entry: str | None = None
    cost: int = money_field(default=0)


def office_settings(uow: UnitOfWork) -> Settings:
    row = uow.s.get(OfficeSettings, 1)
    if row is None:
        return Settings(DEFAULT_REMINDER_DAYS, DEFAULT_THRESHOLD)
    return Settings(row.reminder_days, row.capitalisation_threshold)


def set_office_settings(uow: UnitOfWork, *, threshold: int | None = None, reminder_days: int | None = None) -> Settings:
    uow.require(SETTINGS)
    if threshold is not None and (not isinstance(threshold, int) or threshold <= 0):
        raise InvalidInput(_("The capitalisation threshold must be a positive amount."))
    if reminder_days is not None and not 0 <= reminder_days <= 366:
        raise InvalidInput(_("Reminders look 0 to 366 days ahead."))
    row = uow.s.get(OfficeSettings, 1)
    if row is None:
        row = OfficeSettings(id=1)
        uow.s.add(row)
        uow.s.flush()
    before = Settings(row.reminder_days, row.capitalisation_threshold)
    if threshold is not None:
        row.capitalisation_threshold = threshold
    if reminder_days is not None:
        row.reminder_days = reminder_days
    uow.s.flush()
    after = Settings(row.reminder_days, row.capitalisation_threshold)
    uow.audit("office.settings", "office_settings", 1,
              before={"threshold": decimal_str(before.capitalisation_threshold, uow.currency),
                      "reminder_days": before.reminder_days},
              after={"threshold": decimal_str(after.capitalisation_threshold, uow.currency),
                     "reminder_days": after.reminder_days})
    return after


def equipment_by_number(uow: UnitOfWork, number: str, *, lock: bool = False) -> Equipment:
    stmt = select(Equipment).where(Equipment.number == (number or "").strip().upper())
    if lock and uow.db.dialect == "postgresql":
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = uow.s.scalars(stmt).first()
    if found is None:
        raise NotFound(_("There is no item {value} in the equipment register.").format(value=(number or '').strip().upper()))
    return found


def equipment_state(uow: UnitOfWork, number: str) -> tuple[str, str]:
    item = equipment_by_number(uow, number)
    return item.number, item.condition


def event(uow: UnitOfWork, item: Equipment, kind: EventKind, day: date, what: str = "", **values) -> EquipmentEvent:
    """An event in the item's history; ``what`` is stored text, in the words of the books
    (services.shown) like a memo: every clerk reads it as written."""
    ev = EquipmentEvent(equipment_id=item.id, day=day, kind=kind.value, what=what[:500], created_by=uow.actor_name,
                        created_at=uow.now, **values)
    uow.s.add(ev)
    uow.s.flush()
    return ev


def _state(uow: UnitOfWork, condition: str) -> str:
    """An item's condition as the books say it ("needs repair", "нужен ремонт"), not its code."""
    return shown.said(uow, STATE_WORDS.get(condition) or condition.replace("_", " "))


def dept_code(uow: UnitOfWork, department_id: int) -> str:
    return uow.s.get(Department, department_id).code


def _texts(values: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, value in values.items():
        value = (value or "").strip()
        if len(value) > TEXT_LIMITS[key]:
            raise InvalidInput(_("The {key} is too long ({text_limits} characters at most).").format(key=key, text_limits=TEXT_LIMITS[key]))
        out[key] = value
    if "name" in out and not out["name"]:
        raise InvalidInput(_("An item needs a name (what it is: \"Laptop\", \"Coffee machine\")."))
    return out


def _expense_account(uow: UnitOfWork, p: Product) -> Account:
    """The account receiving ``p`` booked its cost to (as purchasing's receipt does)."""
    if p.expense_account_id:
        return uow.s.get(Account, p.expense_account_id)
    role = AccountRole.OFFICE_SUPPLIES if p.kind == ProductKind.CONSUMABLE.value else AccountRole.OTHER_EXPENSES
    return ledger.account(uow, role.value)


def _from_bill(uow: UnitOfWork, bill_number: str, sku: str | None) -> tuple:
    """The bill, its PO line for the item, and the product: where and at what price it was bought."""
    from boclerk.services.purchasing.bills import bill_by_number

    bill = bill_by_number(uow, bill_number)
    if bill.status not in ("posted", "paid"):
        raise Refused(_("{number} is {status}; register equipment from a posted bill.").format(number=bill.number, status=bill.status))
    if bill.po_id is None:
        raise Refused(_("{number} has no purchase order to say what was bought.").format(number=bill.number))
    rows = uow.s.execute(select(POLine, Product).join(Product, Product.id == POLine.product_id)
                         .where(POLine.po_id == bill.po_id).order_by(POLine.line_no)).all()
    po_number = uow.s.get(PurchaseOrder, bill.po_id).number
    if sku:
        rows = [(ln, p) for ln, p in rows if p.sku.lower() == sku.strip().lower()]
        if not rows:
            raise Refused(_("{po_number} (billed on {number}) has no line for {sku}.").format(po_number=po_number, number=bill.number, sku=sku.strip()))
    else:
        rows = [(ln, p) for ln, p in rows if p.kind != ProductKind.GOODS.value]
        if len(rows) != 1:
            raise InvalidInput(_("Say which line of {number} the item is (its SKU).").format(number=bill.number))
    for ln, p in rows:
        if p.kind == ProductKind.GOODS.value:
            raise Refused(_("{sku} is stocked goods for sale; equipment is bought as a consumable or a service.").format(sku=p.sku))
        taken = uow.s.scalar(select(func.count()).select_from(Equipment).where(Equipment.po_line_id == ln.id))
        if taken < ln.qty_received:
            return bill, ln, p
    ln, p = rows[-1]
    raise Refused(_("Every {sku} received on {po_number} ({qty_received}) is in the register already.").format(sku=p.sku, po_number=po_number, qty_received=ln.qty_received))


def register(uow: UnitOfWork, name: str, *, department: str | None = None, category: str = "", model: str = "",
             serial: str = "", location: str = "", holder: str | None = None, cost: int | None = None,
             bill: str | None = None, sku: str | None = None, supplier: str | None = None,
             acquired_on: date | None = None, warranty_until: date | None = None,
             life_months: int | None = None) -> EquipmentResult:
    """Put an item in the register: bought on ``bill`` (its price and department come from the
    purchase order line), or, for one the office already had, at ``cost`` (below the threshold)."""
    uow.require(NEW)
    texts = _texts({"name": name, "category": category, "model": model, "serial": serial, "location": location})
    threshold = office_settings(uow).capitalisation_threshold
    bill_row = po_line = product = None
    supplier_id = None
    if bill:
        if cost is not None:
            raise InvalidInput(_("An item bought on a bill costs what its purchase order line says; leave the cost out."))
        bill_row, po_line, product = _from_bill(uow, bill, sku)
        cost, supplier_id = po_line.unit_price, bill_row.supplier_id
        acquired_on = acquired_on or bill_row.bill_date
    else:
        if sku:
            raise InvalidInput(_("A SKU names the line of a bill; give the bill too."))
        if cost is None or not isinstance(cost, int) or cost < 0:
            raise InvalidInput(_("Give the item's cost (or the bill it was bought on)."))
        if cost >= threshold:
            raise Refused(_("An item costing {amount} or more is a fixed asset: register it from the bill it was bought on, so that its cost is capitalised.").format(amount=shown.money(uow, threshold)))
        if supplier:
            from boclerk.services.catalog.partners import supplier as find_supplier

            supplier_id = find_supplier(uow, supplier).id
        acquired_on = acquired_on or uow.today
    if acquired_on > uow.today:
        raise InvalidInput(_("An item cannot be acquired on {acquired_on}, after today.").format(acquired_on=acquired_on.isoformat()))
    fixed = cost >= threshold
    if fixed and (not isinstance(life_months, int) or not 1 <= life_months <= 600):
        raise InvalidInput(_("A fixed asset (cost {amount}) needs its useful life in months (1 to 600).").format(amount=shown.money(uow, cost)))
    if department:
        dept = ledger.department(uow, department)
    elif po_line is not None and po_line.department_id:
        dept = uow.s.get(Department, po_line.department_id)
    else:
        raise InvalidInput(_("Say which department the item belongs to."))
    who = staff_svc.holder(uow, holder)
    item = Equipment(number=next_number(uow, "EQ", uow.today.year), department_id=dept.id,
                     holder_id=who.id if who else None, supplier_id=supplier_id,
                     bill_id=bill_row.id if bill_row else None, po_line_id=po_line.id if po_line else None,
                     cost=cost, acquired_on=acquired_on, warranty_until=warranty_until,
                     condition=Condition.IN_USE.value, fixed_asset=fixed, useful_life_months=life_months if fixed else None,
                     created_by=uow.actor_name, created_at=uow.now, **texts)
    uow.s.add(item)
    uow.s.flush()
    posted = None
    if fixed:
        bought_for = uow.s.get(Department, po_line.department_id).code if po_line.department_id else None
        posted = ledger.post(uow, entry_date=uow.today, memo=shown.said(uow, N_("{number} {name} capitalised"), number=item.number, name=item.name),
                             lines=posting_rules.capitalisation(cost, expense_account=_expense_account(uow, product).code,
                                                                department=bought_for),
                             source_kind="equipment", source_ref=item.number)
        item.capitalised_entry_id = posted.id if posted else None
    where = [shown.said(uow, N_("registered in {department}"), department=dept.code)]
    where += [shown.said(uow, N_("held by {holder}"), holder=who.code)] if who else []
    event(uow, item, EventKind.REGISTERED, acquired_on, ", ".join(where + ([texts["location"]] if texts["location"] else [])),
          cost=cost, entry_id=posted.id if posted else None)
    uow.audit("equipment.register", "equipment", item.number, after={
        "name": item.name, "department": dept.code, "holder": who.code if who else None,
        "cost": decimal_str(cost, uow.currency), "bill": bill_row.number if bill_row else None,
        "fixed_asset": fixed, "life_months": item.useful_life_months, "entry": posted.number if posted else None})
    return EquipmentResult(item.number, item.condition, fixed, posted.number if posted else None, cost)


def move(uow: UnitOfWork, number: str, *, holder: str | None = None, location: str | None = None,
         department: str | None = None, day: date | None = None, note: str = "") -> EquipmentResult:
    """Hand an item to another person, room or department (``holder="-"`` leaves it with nobody)."""
    uow.require(MOVE)
    item = equipment_by_number(uow, number, lock=True)
    MOVE.check(item.number, item.condition)
    if holder is None and location is None and department is None:
        raise InvalidInput(_("Say where the item goes: a person, a room or a department."))
    changes = []
    if holder is not None:
        old = uow.s.get(Staff, item.holder_id).code if item.holder_id else "-"
        new = None if holder.strip() in ("", "-") else staff_svc.holder(uow, holder)
        if (new.code if new else "-") != old:
            item.holder_id = new.id if new else None
            changes.append(shown.said(uow, N_("holder {old} -> {new}"), old=old, new=new.code if new else "-"))
    if location is not None:
        loc = _texts({"location": location})["location"]
        if loc != item.location:
            changes.append(shown.said(uow, N_("room {old} -> {new}"), old=item.location or "-", new=loc or "-"))
            item.location = loc
    if department is not None:
        dept = ledger.department(uow, department)
        if dept.id != item.department_id:
            changes.append(shown.said(uow, N_("department {old} -> {new}"), old=dept_code(uow, item.department_id),
                                      new=dept.code))
            item.department_id = dept.id
    if not changes:
        raise Refused(_("{number} is already there.").format(number=item.number))
    day = day or uow.today
    if day > uow.today:
        raise InvalidInput(_("A move cannot be dated {day}, after today.").format(day=shown.day(uow, day)))
    uow.s.flush()
    event(uow, item, EventKind.MOVED, day, "; ".join(changes) + (f" ({note.strip()})" if note.strip() else ""))
    uow.audit("equipment.move", "equipment", item.number, after={"changes": changes, "day": day})
    return EquipmentResult(item.number, item.condition, item.fixed_asset, None, item.cost)


def set_condition(uow: UnitOfWork, number: str, condition: str, *, note: str = "") -> EquipmentResult:
    uow.require(CONDITION)
    item = equipment_by_number(uow, number, lock=True)
    CONDITION.check(item.number, item.condition)
    choices = [c.value for c in Condition if c is not Condition.WRITTEN_OFF]
    wanted = (condition or "").strip().lower().replace(" ", "_").replace("-", "_")
    if wanted == Condition.WRITTEN_OFF.value:
        raise InvalidInput(_("Writing an item off is an act of its own (with a reason), not a condition."))
    if wanted not in choices:
        from boclerk.domain.code_words import choices as said_choices
        from boclerk.domain.office_words import condition_word

        raise InvalidInput(_("'{condition}' is not a condition; choose {codes}.").format(
            condition=condition, codes=said_choices(choices, condition_word)))
    if wanted == item.condition:
        from boclerk.domain.office_words import condition_word

        raise Refused(_("{number} is already in the condition '{wanted}'.").format(number=item.number, wanted=condition_word(wanted)))
    before = item.condition
    item.condition = wanted
    uow.s.flush()
    event(uow, item, EventKind.CONDITION, uow.today, f"{_state(uow, before)} -> {_state(uow, wanted)}"
          + (f" ({note.strip()})" if note.strip() else ""))
    uow.audit("equipment.condition", "equipment", item.number, before={"condition": before},
              after={"condition": wanted})
    return EquipmentResult(item.number, item.condition, item.fixed_asset, None, item.cost)


def depreciated(uow: UnitOfWork, item_id: int) -> int:
    return int(uow.s.scalar(select(func.coalesce(func.sum(DepreciationCharge.amount), 0))
                            .where(DepreciationCharge.equipment_id == item_id)) or 0)


def _writing_off(uow: UnitOfWork, number: str, reason: str, document: str | None, day: date | None, *,
                 lock: bool):
    """Every check of writing ``number`` off, nothing written: the item, the reason, the act's
    document and the day."""
    uow.require(WRITE_OFF)
    item = equipment_by_number(uow, number, lock=lock)
    WRITE_OFF.check(item.number, item.condition)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the item is written off (a reason)."))
    doc = None
    if document:
        from boclerk.services.documents.register import doc_by_number

        doc = doc_by_number(uow, document)
    day = day or uow.today
    if day > uow.today:
        raise InvalidInput(_("A write-off cannot be dated {day}, after today.").format(day=shown.day(uow, day)))
    if day < item.acquired_on:
        raise InvalidInput(_("{number} was acquired on {acquired_on}, after {day}.").format(number=item.number, acquired_on=shown.day(uow, item.acquired_on), day=shown.day(uow, day)))
    if item.fixed_asset:
        ledger.check_open_period(uow, day)
    return item, reason, doc, day


def check_write_off(uow: UnitOfWork, number: str, reason: str, *, document: str | None = None,
                    day: date | None = None) -> None:
    """A write-off as typed, checked as the act checks it before anyone is asked to go ahead;
    writes nothing. A document number that names nothing is bad input here."""
    uow.require(WRITE_OFF)
    equipment_by_number(uow, number)  # not there: not found, the record the act is about
    try:
        _writing_off(uow, number, reason, document, day, lock=False)
    except NotFound as exc:  # the act's document
        raise InvalidInput(exc.message) from None


def write_off(uow: UnitOfWork, number: str, reason: str, *, document: str | None = None,
              day: date | None = None) -> EquipmentResult:
    """Take an item out of use for good, with a reason and the act that records it (a document of
    the store). A fixed asset's cost is cleared by its depreciation and the loss of what was left."""
    item, reason, doc, day = _writing_off(uow, number, reason, document, day, lock=True)
    posted = None
    if item.fixed_asset:
        done = depreciated(uow, item.id)
        posted = ledger.post(uow, entry_date=day, memo=shown.said(uow, N_("{number} {name} written off: {reason}"), number=item.number,
                                                                name=item.name, reason=reason)[:500],
                             lines=posting_rules.asset_disposal(cost=item.cost, depreciated=done,
                                                                department=dept_code(uow, item.department_id)),
                             source_kind="equipment", source_ref=item.number)
    before = item.condition
    item.condition, item.written_off_on, item.write_off_reason = Condition.WRITTEN_OFF.value, day, reason[:500]
    item.write_off_document_id = doc.id if doc else None
    for plan in uow.s.scalars(select(MaintenancePlan).where(MaintenancePlan.equipment_id == item.id)):
        plan.active = False
    uow.s.flush()
    event(uow, item, EventKind.WRITTEN_OFF, day,
          shown.said(uow, N_("{reason} (act {document})"), reason=reason, document=doc.number) if doc else reason,
          entry_id=posted.id if posted else None)
    uow.audit("equipment.write_off", "equipment", item.number, before={"condition": before}, after={
        "condition": item.condition, "reason": reason, "document": doc.number if doc else None,
        "entry": posted.number if posted else None})
    return EquipmentResult(item.number, item.condition, item.fixed_asset, posted.number if posted else None, item.cost)
