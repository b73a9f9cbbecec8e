"""Raw SQL that posts the way boclerk posts: for tests that build (or break) books by hand."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.domain.chain import entry_hash


def post_raw(conn, entry_id: int, number: str, *, extra: str = "", params: dict | None = None) -> None:
    """Post the draft ``entry_id`` as ``number``, linked into the journal chain (``extra``: more SET clauses)."""
    e = conn.execute(text("SELECT entry_date, memo, source_kind, source_ref, reverses_id, created_by, posted_by, "
                          "posted_at FROM journal_entry WHERE id = :e"), {"e": entry_id}).one()
    lines = conn.execute(text("SELECT line_no, account_id, department_id, amount FROM posting WHERE entry_id = :e "
                              "ORDER BY line_no"), {"e": entry_id}).all()
    seq, prev = conn.execute(text("SELECT seq, hash FROM chain_head WHERE name = 'journal'")).one()
    values = dict(params or {})
    day = values.get("d", e.entry_date)
    digest = entry_hash(prev, seq + 1, number=number, entry_date=day, memo=e.memo, source_kind=e.source_kind,
                        source_ref=e.source_ref, reverses_id=e.reverses_id, created_by=e.created_by,
                        posted_by=e.posted_by, posted_at=e.posted_at, postings=lines)
    conn.execute(text(f"UPDATE journal_entry SET status = 'posted', number = :n, chain_seq = :s, prev_hash = :p, "
                      f"hash = :h{extra} WHERE id = :e"),
                 {**values, "n": number, "s": seq + 1, "p": prev, "h": digest, "e": entry_id})
    conn.execute(text("UPDATE chain_head SET seq = :s, hash = :h WHERE name = 'journal'"), {"s": seq + 1, "h": digest})
