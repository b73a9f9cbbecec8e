"""One journal entry with its lines, read with plain SQL (the entry's number or id; its id in the
lines), so that ``boclerk show entry`` over SSH answers without loading the ORM schema, nor on
SQLite SQLAlchemy. The app's entry detail and the typer commands read the same function."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boclerk.db.dialect import as_date
from boclerk.db.plain import core_only, text
from boclerk.domain.permissions import Perm
from boclerk.errors import NotFound
from boclerk.i18n import _
from boclerk.services.rows import money_field

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork


@dataclass(frozen=True)
class EntryLine:
    account: str
    account_name: str
    department: str | None
    debit: int = money_field()
    credit: int = money_field()


@dataclass(frozen=True)
class EntryDetail:
    number: str | None
    id: int
    entry_date: date
    memo: str
    status: str
    source_kind: str
    source: str
    reverses: str | None
    reversed_by: str | None
    created_by: str
    posted_by: str | None
    lines: list[EntryLine]
    total: int = money_field()


_COLUMNS = ("SELECT id, number, entry_date, memo, status, source_kind, source_ref, reverses_id, created_by, posted_by "
            "FROM journal_entry")


@core_only
def entry_detail(uow: UnitOfWork, key: str) -> EntryDetail:
    """A posted entry by number (JE-...) or a draft by its id (#12 or 12)."""
    uow.require(Perm.READ)
    q = lambda sql, **p: list(uow.s.execute(text(sql), p))  # noqa: E731
    key = key.strip()
    if key.lstrip("#").isdigit():  # an id past what a column holds names no entry (the driver would refuse it)
        ident = int(key.lstrip("#")) if key.lstrip("#").isascii() else -1
        found = q(f"{_COLUMNS} WHERE id = :i", i=ident) if 0 <= ident < 2**63 else []
    else:
        found = q(f"{_COLUMNS} WHERE number = :n LIMIT 1", n=key.upper())
    if not found:
        raise NotFound(_("There is no journal entry {key}.").format(key=key))
    entry = found[0]
    table = "posting" if entry.status == "posted" else "draft_line"
    rows = q("SELECT a.code, a.name, d.code AS department, l.amount "  # noqa: S608 - the table's name comes from code
             f"FROM {table} l JOIN account a ON a.id = l.account_id LEFT JOIN department d ON d.id = l.department_id "
             "WHERE l.entry_id = :e ORDER BY l.line_no", e=entry.id)
    lines = [EntryLine(r.code, r.name, r.department, max(r.amount, 0), max(-r.amount, 0)) for r in rows]
    reverses = q("SELECT number FROM journal_entry WHERE id = :i", i=entry.reverses_id) if entry.reverses_id else []
    reversed_by = q("SELECT number FROM journal_entry WHERE reverses_id = :i LIMIT 1", i=entry.id)
    return EntryDetail(entry.number, entry.id, as_date(entry.entry_date), entry.memo, entry.status, entry.source_kind,
                       entry.source_ref, reverses[0].number if reverses else None,
                       reversed_by[0].number if reversed_by else None, entry.created_by, entry.posted_by, lines,
                       sum(line.debit for line in lines))
