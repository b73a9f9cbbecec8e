"""The monthly depreciation run: straight-line over each fixed asset's useful life.

A fixed asset is depreciated from the month after the one it was acquired in, for as many
months as its useful life: month k of n charges round(cost x k / n) - round(cost x (k-1) / n),
so the months add up to the cost exactly. A run posts one entry for the month (a line per
department), dated the month's last day, and records what it charged per asset: running the
month again charges nothing twice and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.ledger import JournalEntry
from boclerk.domain.office_register import Condition, DepreciationCharge, Equipment
from boclerk.domain.office_terms import monthly_charge
from boclerk.errors import Refused
from boclerk.i18n import N_, _
from boclerk.money import decimal_str
from boclerk.services.ledger import book as ledger
from boclerk.services.ledger import posting_rules
from boclerk.services.office.equipment import dept_code
from boclerk.services.office.periods import first_day, in_words, last_day, months_between, period_of, shown
from boclerk.services.rows import money_field
from boclerk.services.shown import said

DEPRECIATE = act("office.depreciate")


def life_month(item: Equipment, period: int) -> int:
    """Which month of its depreciation ``period`` is for the item (1 the month after acquisition)."""
    return months_between(period_of(item.acquired_on), period)


@dataclass(frozen=True)
class DepreciationRun:
    period: str
    entry: str | None  # posted now; None when there was nothing (more) to charge
    assets: int
    earlier: list[str] = field(default_factory=list)  # entries of this month posted before
    amount: int = money_field(default=0)


def depreciate(uow: UnitOfWork, period: int) -> DepreciationRun:
    uow.require(DEPRECIATE)
    if first_day(period) > uow.today:
        raise Refused(_("{period} has not begun; depreciation is posted for months that have.").format(period=in_words(period)))
    charged = set(uow.s.scalars(select(DepreciationCharge.equipment_id).where(DepreciationCharge.period == period)))
    earlier = list(uow.s.scalars(
        select(JournalEntry.number).join(DepreciationCharge, DepreciationCharge.entry_id == JournalEntry.id)
        .where(DepreciationCharge.period == period).distinct().order_by(JournalEntry.number)))
    items = uow.s.scalars(select(Equipment).where(Equipment.fixed_asset.is_(True),
                                                  Equipment.condition != Condition.WRITTEN_OFF.value)
                          .order_by(Equipment.id))
    due = []
    for item in items:
        if item.id in charged:
            continue
        amount = monthly_charge(item.cost, item.useful_life_months, life_month(item, period))
        if amount:
            due.append((item, amount, dept_code(uow, item.department_id)))
    if not due:
        return DepreciationRun(shown(period), None, 0, earlier)
    posted = ledger.post(uow, entry_date=last_day(period), memo=said(uow, N_("Depreciation of fixed assets, {period}"), period=shown(period)),
                         lines=posting_rules.depreciation([(amount, dept) for _, amount, dept in due]),
                         source_kind="depreciation", source_ref=shown(period))
    for item, amount, _x in due:
        uow.s.add(DepreciationCharge(equipment_id=item.id, period=period, amount=amount, entry_id=posted.id))
    uow.s.flush()
    total = sum(amount for _, amount, _ in due)
    uow.audit("equipment.depreciate", "period", shown(period), after={
        "entry": posted.number, "amount": decimal_str(total, uow.currency),
        "assets": {item.number: decimal_str(amount, uow.currency) for item, amount, _ in due}})
    return DepreciationRun(shown(period), posted.number, len(due), earlier, total)
