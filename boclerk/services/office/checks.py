"""Invariants of the equipment register, for ``boclerk db check``: what the register posted to the
books agrees with the register itself."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db.uow import UnitOfWork
from boclerk.i18n import _


def _posted(uow: UnitOfWork, role: str, sources: tuple[str, ...]) -> int:
    names = ", ".join(f"'{s}'" for s in sources)
    account = uow.s.execute(text("SELECT id FROM account WHERE role = :role"), {"role": role}).scalar()
    # the account's own postings on its index (a few), not every entry of the journal read for its kind
    return 0 if account is None else int(uow.s.execute(text(
        "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
        f"WHERE p.account_id = :a AND e.source_kind IN ({names})"), {"a": account}).scalar() or 0)


def fixed_assets_match_register(uow: UnitOfWork) -> list[str]:
    """What registering and writing off equipment posted to Fixed assets is the cost of the fixed
    assets still in the register; what depreciation and write-offs posted to Accumulated
    depreciation is what was charged on them."""
    out = []
    cost = int(uow.s.execute(text("SELECT COALESCE(SUM(cost), 0) FROM equipment WHERE fixed_asset "
                                  "AND condition <> 'written_off'")).scalar() or 0)
    booked = _posted(uow, "fixed_assets", ("equipment",))
    if booked != cost:
        out.append(_("the register's fixed assets cost {cost}, the register posted {booked} to fixed assets (minor units)").format(cost=cost, booked=booked))
    charged = int(uow.s.execute(text(
        "SELECT COALESCE(SUM(c.amount), 0) FROM depreciation_charge c JOIN equipment e ON e.id = c.equipment_id "
        "WHERE e.condition <> 'written_off'")).scalar() or 0)
    accumulated = -_posted(uow, "accumulated_depreciation", ("depreciation", "equipment"))
    if accumulated != charged:
        out.append(_("depreciation charged on fixed assets in the register is {charged}, accumulated depreciation posted for them {accumulated} (minor units)").format(charged=charged, accumulated=accumulated))
    per_entry = uow.s.execute(text(
        "SELECT e.number, SUM(c.amount), (SELECT SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
        "WHERE p.entry_id = e.id AND a.role = 'depreciation') FROM depreciation_charge c "
        "JOIN journal_entry e ON e.id = c.entry_id GROUP BY e.id, e.number")).all()
    out += [_("{number} charges {charged} on its assets but posts {posted} of depreciation").format(number=number, charged=charged, posted=posted)
            for number, charged, posted in per_entry if int(charged) != int(posted or 0)]
    return out
