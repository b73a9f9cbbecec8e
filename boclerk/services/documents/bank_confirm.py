"""Confirming every proposed match of the bank queue at once ("confirm all").

A marketplace's payout statement can propose thousands of matches, each a payment to post. Posted
in one write unit they would hold the database's write lock for as long as all of them take, and
every clerk's act would wait behind them (on SQLite, writers take turns). So "confirm all" is an
act that runs units of its own (:func:`boclerk.db.phases.in_units`): :func:`confirm_all_counted`
posts :data:`CHUNK` lines a unit, and another writer's turn can come between two units. Each line
posts whole or not at all, as when confirmed alone (a savepoint each); a line that cannot post goes
back to the queue with the reason; a line someone else decided meanwhile is left as they left it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select

from boclerk.db.phases import in_units
from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import BankLine, LineStatus
from boclerk.errors import BoclerkError, NotFound
from boclerk.i18n import N_, _, speaking
from boclerk.services.documents.bank import CONFIRM_ALL, confirm_line, line_by_ref
from boclerk.services.documents.matching import set_state
from boclerk.services.shown import language, said

#: Lines a write unit confirms: what another writer may wait for is one chunk, not the statement.
CHUNK = 25


@dataclass(frozen=True)
class ConfirmResult:
    line: int
    ok: bool
    entry: str | None
    message: str


def proposed_total(uow: UnitOfWork) -> tuple[int, int, int]:
    """What "confirm all" would post: how many lines wait with a proposed match, the money in and
    the money out among them (both as positive sums)."""
    count, money_in, money_out = uow.s.execute(select(
        func.count(BankLine.id), func.coalesce(func.sum(case((BankLine.amount > 0, BankLine.amount), else_=0)), 0),
        func.coalesce(func.sum(case((BankLine.amount < 0, -BankLine.amount), else_=0)), 0))
        .where(BankLine.status == LineStatus.PROPOSED.value)).one()
    return int(count), int(money_in), int(money_out)


def proposed_ids(uow: UnitOfWork) -> list[int]:
    """The lines waiting with a proposed match, in the order they came."""
    uow.require(CONFIRM_ALL)
    return list(uow.s.scalars(select(BankLine.id).where(BankLine.status == LineStatus.PROPOSED.value)
                              .order_by(BankLine.id)))


def confirm_proposed(uow: UnitOfWork, ids: Sequence[int]) -> list[ConfirmResult]:
    """Confirm the lines ``ids`` that still wait with a proposed match (a line decided since is left
    alone); a line that cannot post goes back to the queue with the reason."""
    uow.require(CONFIRM_ALL)
    results = []
    for line_id in ids:
        try:
            line = line_by_ref(uow, line_id, lock=True)  # locked on PostgreSQL until the unit ends
        except NotFound:
            continue
        if line.status != LineStatus.PROPOSED.value:
            continue
        savepoint = uow.s.begin_nested()
        try:
            with speaking(language(uow)):  # a refusal is kept as the line's reason: in the books' words
                entry = confirm_line(uow, line_id)
            savepoint.commit()
            results.append(ConfirmResult(line_id, True, entry, _("Bank line {line_id}: posted {entry}.").format(
                line_id=line_id, entry=entry)))
        except BoclerkError as exc:
            savepoint.rollback()
            line = uow.s.get(BankLine, line_id)
            set_state(line, LineStatus.UNMATCHED, said(uow, N_("Could not post the proposed match: {message}"),
                                                       message=exc.message))
            uow.s.flush()
            results.append(ConfirmResult(line_id, False, None, _("Bank line {line_id}: {message}").format(
                line_id=line_id, message=exc.message)))
    return results


def confirm_all_proposed(uow: UnitOfWork) -> list[ConfirmResult]:
    """Confirm every proposed line in this one unit (see :func:`confirm_all_counted` for the act)."""
    return confirm_proposed(uow, proposed_ids(uow))


def _confirm_counted(uow: UnitOfWork, ids: Sequence[int]) -> tuple[list[ConfirmResult], int, int]:
    results = confirm_proposed(uow, ids)
    amounts = [uow.s.get(BankLine, r.line).amount for r in results if r.ok]
    return results, sum(a for a in amounts if a > 0), -sum(a for a in amounts if a < 0)


@in_units
def confirm_all_counted(db, actor: str | None, *, chunk: int = CHUNK,
                        progress: Callable[[str, int, int], None] | None = None) -> tuple[list[ConfirmResult], int, int]:
    """The act "confirm all": every line proposed when it starts, :data:`CHUNK` lines a write unit;
    returns the results, and the money in and out of the lines that posted (positive sums).
    ``progress`` hears how many lines are done of how many."""
    ids = db.run(actor, proposed_ids, write=False)
    results: list[ConfirmResult] = []
    money_in = money_out = 0
    for start in range(0, len(ids), chunk):
        part, part_in, part_out = db.run(actor, _confirm_counted, ids[start:start + chunk], write=True)
        results += part
        money_in, money_out = money_in + part_in, money_out + part_out
        if progress is not None:
            progress(_("Confirming"), min(start + chunk, len(ids)), len(ids))
    return results, money_in, money_out
