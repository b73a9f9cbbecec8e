"""The document store's invariants for ``boclerk db check``, and the sweep of ``--repair``.

Every stored file has its document and every document its file (of the size it says);
the full-text index holds every document. What a killed intake leaves (temporary files,
files it marked pending whose row was never committed) is reported as cleanable, not as
damage: the next intake removes it, and so does the sweep, which also removes stored
files that nothing explains. Both take the store's lock, so a file being registered right
now is never mistaken for an orphan.
"""

from __future__ import annotations

from sqlalchemy import select, text

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.documents import Document
from boclerk.domain.permissions import Perm
from boclerk.i18n import _
from boclerk.services.documents.store import DocStore


def check_store(uow: UnitOfWork) -> list[str]:
    """Every stored file has its row and every row its file (of the size it says)."""
    store = DocStore.of(uow.db)
    problems: list[str] = []
    with store.locked(exclusive=False):
        rows = {sha: (number, size) for number, sha, size in uow.s.execute(
            select(Document.number, Document.sha256, Document.size))}
        for sha, (number, size) in sorted(rows.items(), key=lambda kv: kv[1][0]):
            actual = store.size_of(sha)
            if actual is None:
                problems.append(_("{number}: its stored file {sha} is missing").format(number=number, sha=store.path_of(sha)))
            elif actual != size:
                problems.append(_("{number}: its stored file has {actual} bytes, the document says {size}").format(number=number, actual=actual, size=size))
        marked = set(store.pending())
        orphans = [sha for sha in store.stored() if sha not in rows and sha not in marked]
        if orphans:  # a fresh look, in case a document was committed after this check's snapshot
            with uow.db.read(None, system=True) as fresh:
                rows_now = set(fresh.s.scalars(select(Document.sha256).where(Document.sha256.in_(orphans))))
            problems += [_("stored file {sha} has no document (boclerk db check --repair sweeps it)").format(sha=store.path_of(sha))
                         for sha in orphans if sha not in rows_now]
    return problems


def interrupted_intake(uow: UnitOfWork) -> list[str]:
    """What a killed intake left: cleanable, not damage (the next intake or ``db check --repair`` removes it)."""
    store = DocStore.of(uow.db)
    with store.locked(exclusive=False):
        leftovers = store.leftovers()
        marked = store.pending()
    notes = [_("temporary file {p} of an interrupted intake").format(p=p) for p in leftovers]
    if marked:
        with uow.db.read(None, system=True) as fresh:
            named = set(fresh.s.scalars(select(Document.sha256).where(Document.sha256.in_(marked))))
        notes += [_("stored file {sha} of an interrupted intake, named by no document").format(sha=store.path_of(sha))
                  for sha in marked if sha not in named and store.size_of(sha) is not None]
    return notes


def sweep_orphans(db: Database, actor: str) -> list[str]:
    """Remove stored files that no document names and leftovers of interrupted writes (admin)."""
    with db.read(actor) as uow:
        uow.require(Perm.DB_ADMIN)
    store = DocStore.of(db)
    removed: list[str] = []
    if not store.root.is_dir():
        return removed
    with store.locked():
        removed += store.sweep_interrupted(lambda marked: _named(db, marked))
        with db.read(actor) as uow:
            known = set(uow.s.scalars(select(Document.sha256)))
        for sha in list(store.stored()):
            if sha not in known:
                store.remove(sha)
                removed.append(str(store.path_of(sha)))
        for leftover in store.leftovers():
            leftover.unlink(missing_ok=True)
            removed.append(str(leftover))
        if removed:
            with db.write(actor) as uow:
                uow.audit("doc.sweep", "document_store", "orphans", after={"root": str(store.root), "removed": removed})
    return removed


def _named(db: Database, shas: list[str]) -> set[str]:
    with db.read(None, system=True) as uow:
        return set(uow.s.scalars(select(Document.sha256).where(Document.sha256.in_(shas))))


def check_index(uow: UnitOfWork) -> list[str]:
    """The full-text index holds every document's text."""
    texts = uow.s.execute(text("SELECT COUNT(*) FROM document_text")).scalar_one()
    docs = uow.s.execute(text("SELECT COUNT(*) FROM document")).scalar_one()
    problems = [_("{value} document(s) have no text row for the search").format(value=docs - texts)] if texts != docs else []
    if uow.db.dialect == "sqlite":
        indexed = uow.s.execute(text("SELECT COUNT(*) FROM document_fts_docsize")).scalar_one()
        if indexed != texts:
            problems.append(_("the FTS5 index holds {indexed} documents, document_text {texts}").format(indexed=indexed, texts=texts))
    else:
        missing = uow.s.execute(text("SELECT COUNT(*) FROM document_text WHERE search IS NULL")).scalar_one()
        if missing:
            problems.append(_("{missing} document(s) are missing from the tsvector index").format(missing=missing))
    return problems
