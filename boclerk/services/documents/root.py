"""Where a database keeps its documents: a store of its own (boclerk/services/documents/store.py).

Kept apart from the store itself so that whoever only needs the folder's name (who owns the
database, on the lookup path) loads neither hashlib nor secrets.
"""

from __future__ import annotations

import re
from pathlib import Path


def _configured() -> Path | None:
    from boclerk.settings import load_config

    configured = load_config().documents
    return Path(configured).expanduser().resolve() if configured else None


def _pg_name(location) -> str:
    """The PostgreSQL database's name, as a folder name (host and port left out: a name is
    what a shop calls its books)."""
    from urllib.parse import unquote, urlsplit

    name = unquote(urlsplit(location.url).path.lstrip("/")) or "postgres"
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "postgres"


def store_root_of(location) -> Path:
    """Where the database at ``location`` keeps its documents: a store of its own."""
    if location.path is not None:
        return location.path.parent / f"{location.path.stem}.documents"
    configured = _configured()
    return configured if configured else (Path("data") / f"{_pg_name(location)}.documents").resolve()
