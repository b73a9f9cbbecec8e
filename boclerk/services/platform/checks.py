"""``boclerk db check``: storage checks and every domain invariant registered so far.

Each invariant is a function ``(uow) -> list[str]`` returning one sentence per
violation. They run in one read transaction, so they all see the same snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.company import NumberSeries, format_number
from boclerk.domain.permissions import Perm
from boclerk.i18n import N_, _
from boclerk.services.numbers import SERIES_TABLES

Check = Callable[[UnitOfWork], list[str]]


@dataclass(frozen=True)
class Violation:
    invariant: str
    detail: str


@dataclass(frozen=True)
class CheckReport:
    checked: list[str]
    violations: list[Violation]
    cleanable: list[str] = field(default_factory=list)  # leftovers of interrupted work: not damage
    #: when the check whose mark this one continued ran (None: a full check)
    since: datetime | None = None
    #: checks a check since a mark leaves to ``--full``
    left: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def _integrity(uow: UnitOfWork) -> list[str]:
    if uow.db.dialect != "sqlite":
        return []
    rows = uow.s.execute(text("PRAGMA integrity_check")).all()
    return [] if [tuple(r) for r in rows] == [("ok",)] else [str(r[0]) for r in rows]


def _foreign_keys(uow: UnitOfWork) -> list[str]:
    if uow.db.dialect != "sqlite":
        return []  # PostgreSQL enforces foreign keys on every statement
    rows = uow.s.execute(text("PRAGMA foreign_key_check")).all()
    return [_("{table} row {row} points to a missing {parent} row").format(
        table=r[0], row=r[1], parent=r[2]) for r in rows]


#: letters of several alphabets in upper case, as a search's lower() must lower them
_CASED = "ЁЛКА ÄÖÜ"


def _searches_lower(uow: UnitOfWork) -> list[str]:
    """Every search compares lower() of a column with the term lowered in Python: the database's
    lower() must lower every alphabet (SQLite's connections get Python's; PostgreSQL's follows the
    database's LC_CTYPE, which in the plain C locale lowers A-Z only)."""
    lowered = uow.s.execute(text("SELECT lower(:t)"), {"t": _CASED}).scalar_one()
    if lowered == _CASED.lower():
        return []
    ctype = uow.s.execute(text("SHOW lc_ctype")).scalar_one() if uow.db.dialect == "postgresql" else "?"
    return [_("lower() turns {cased} into {lowered} (the database's LC_CTYPE is {ctype}): a search for "
              "\"иванов\" misses \"Иванов\"; copy the shop into a database created with a UTF-8 locale "
              "(createdb --locale=C.UTF-8 --template=template0).").format(cased=_CASED, lowered=lowered, ctype=ctype)]


def highest_number(uow: UnitOfWork, table: str, column: str, prefix: str) -> tuple[int, str | None]:
    """(how many numbers of ``table.column`` start with ``prefix``, the highest of them).

    Highest as a number, not as text: the counter is zero-padded to six digits, so past
    999999 the longer number is the higher one ("SO-2026-1000000" sorts below
    "SO-2026-999999" as text). Among numbers of one length, text order is number order.
    """
    return uow.s.execute(text(
        f"SELECT COUNT({column}), (SELECT MAX({column}) FROM {table} WHERE {column} LIKE :p AND LENGTH({column}) = "
        f"(SELECT MAX(LENGTH({column})) FROM {table} WHERE {column} LIKE :p)) FROM {table} WHERE {column} LIKE :p"),
        {"p": prefix + "%"}).one()


def _series_whole(uow: UnitOfWork, table: str, column: str, prefix: str, last: int, top: str | None) -> bool:
    """Whether ``table.column`` holds ``last`` numbers starting with ``prefix``, none above ``top``
    (compared as numbers: a longer one is higher) and ``top`` itself: what :func:`highest_number`
    answers, in one pass over the numbers instead of three (it is asked only when this fails, for
    the sentence)."""
    if top is None:
        return not uow.s.execute(text(f"SELECT 1 FROM {table} WHERE {column} LIKE :p LIMIT 1"),
                                 {"p": prefix + "%"}).first()
    count, above = uow.s.execute(text(
        f"SELECT COUNT({column}), COUNT(CASE WHEN LENGTH({column}) > :n OR (LENGTH({column}) = :n AND {column} > :top) "
        f"THEN 1 END) FROM {table} WHERE {column} LIKE :p"), {"p": prefix + "%", "n": len(top), "top": top}).one()
    return count == last and not above and uow.s.execute(
        text(f"SELECT 1 FROM {table} WHERE {column} = :top"), {"top": top}).first() is not None


def _number_series(uow: UnitOfWork) -> list[str]:
    problems = []
    for row in uow.s.scalars(select(NumberSeries)):
        if row.series not in SERIES_TABLES:
            continue
        table, column = SERIES_TABLES[row.series]
        prefix = f"{row.series}-{row.year:04d}-"
        expected_top = format_number(row.series, row.year, row.last) if row.last else None
        if _series_whole(uow, table, column, prefix, row.last, expected_top):
            continue
        count, top = highest_number(uow, table, column, prefix)
        if count != row.last or top != expected_top:
            problems.append(
                _("series {series}: counter at {last}, {count} numbers used, highest {top}").format(
                    series=prefix[:-1], last=row.last, count=count, top=top or _("none"))
            )
    return problems


def registered() -> list[tuple[str, Check]]:
    """Every check, in the order they run. Areas add theirs here. The names are marked for the
    catalogue; a face translates them where it shows them."""
    from boclerk.services.documents import checks as documents_checks
    from boclerk.services.ledger import checks as ledger_checks
    from boclerk.services.office import checks as office_checks
    from boclerk.services.platform import integrity
    from boclerk.services.quality import store as quality_store
    from boclerk.services.sales import checks as trade_checks
    from boclerk.services.stock import checks as stock

    return [
        (N_("storage integrity"), _integrity),
        (N_("foreign keys"), _foreign_keys),
        (N_("searches see every alphabet in either case"), _searches_lower),
        (N_("every journal entry balances"), ledger_checks.entries_balance),
        (N_("postings belong to posted entries"), ledger_checks.postings_posted),
        (N_("the trial balance sums to zero"), ledger_checks.trial_balance_zero),
        (N_("period balances equal the postings"), ledger_checks.period_balances),
        (N_("on hand equals the sum of stock moves"), stock.check_levels_match_moves),
        (N_("on hand is never negative and reserved never exceeds it"), stock.check_levels_sane),
        (N_("reserved equals the active reservations"), stock.check_reservations),
        (N_("moving-average cost rows equal the moves"), stock.check_cost_rows),
        (N_("the inventory account equals the stock valuation"), stock.check_inventory_account),
        (N_("the stock value summary equals the moves; every summary's trigger is in place"), stock.check_value_summary),
        (N_("a document's total equals the sum of its lines"), trade_checks.document_totals),
        (N_("shipped and returned quantities equal the shipments"), trade_checks.shipped_quantities),
        (N_("the sales summary equals the orders"), trade_checks.sales_summary),
        (N_("receivables and advances booked by orders equal their balances"), trade_checks.customer_balances),
        (N_("payables booked by bills equal the open bills"), trade_checks.supplier_balances),
        (N_("only open orders hold reservations"), trade_checks.reservations_belong_to_open_orders),
        (N_("every stored file has its document and back"), documents_checks.check_store),
        (N_("the search index holds every document"), documents_checks.check_index),
        (N_("the fixed assets in the books are the register's"), office_checks.fixed_assets_match_register),
        (N_("number series have no gaps"), _number_series),
        (N_("the kept workflow steps equal the audit trail"), quality_store.check_steps),
        (N_("every guard trigger is in place"), integrity.check_guards),
        (N_("the audit trail's hash chain is unbroken"), integrity.check_audit_chain),
        (N_("the journal's hash chain is unbroken"), integrity.check_journal_chain),
    ]


def run_checks(db: Database, actor: str, *, full: bool = True, keep_mark: bool = False) -> CheckReport:
    """Every check (``full``), or those of what changed since the last clean check's mark when
    that mark is still trusted (services/platform/incremental.py). ``keep_mark``: a check that
    finds nothing leaves its own mark for the next one."""
    from boclerk.services.platform import incremental

    names: list[str] = []
    violations: list[Violation] = []
    cleanable: list[str] = []
    checks, mark, left = registered(), None, []
    with db.read(actor) as uow:
        uow.require(Perm.DB_CHECK)
        if not full:
            mark = incremental.read_mark(uow)
            if mark is not None and not incremental.trusted(uow, mark):
                mark = None
        if mark is not None:
            left = [name for name, _check in checks if name in incremental.FULL_ONLY]
            checks = incremental.since(mark, checks)
        reached = incremental.current_mark(uow, full=mark is None) if keep_mark else None
        for name, check in checks:
            names.append(name)
            violations.extend(Violation(name, detail) for detail in check(uow))
        from boclerk.services.documents.checks import interrupted_intake

        cleanable = interrupted_intake(uow)
    if reached is not None and not violations:
        def keep(w: UnitOfWork) -> None:
            w.require(Perm.DB_CHECK)
            incremental.save_mark(w, reached)

        db.run(actor, keep, write=True)
    return CheckReport(names, violations, cleanable, mark.checked_at if mark else None, left)
