"""Who owns the database is asked on every lookup: answering it loads neither the document store
(hashlib, secrets, random) nor SQLAlchemy, on either backend, and names the same folder the store
uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

RUN = """
import json, sys
from boclerk.settings import location_from
from boclerk.services.platform.identity import database_owner, NOT_CREATED, UNKNOWN
owner = database_owner(location_from(sys.argv[1], "test"))
loaded = sorted(m for m in ("boclerk.services.documents.store", "secrets", "random", "hashlib", "sqlalchemy")
                if m in sys.modules)
print(json.dumps([owner, NOT_CREATED, UNKNOWN, loaded]))
"""


def _ask(where: str, config) -> list:
    env = {"BOCLERK_CONFIG": str(config), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-c", RUN, where], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def test_a_postgresql_owner_is_its_store_folders_and_loads_no_store(tmp_path):
    store = tmp_path / "shop.documents"
    config = tmp_path / "boclerk.toml"
    config.write_text(f'documents = "{store}"\n')
    owner, _not_created, unknown, loaded = _ask("postgresql://clerk@127.0.0.1:1/shop", config)
    assert owner == unknown and loaded == []  # no store folder yet: whose it is cannot be told
    store.mkdir()
    owner, _not_created, _unknown, loaded = _ask("postgresql://clerk@127.0.0.1:1/shop", config)
    assert owner == os.stat(store).st_uid and loaded == []


def test_the_folder_is_the_stores_own(tmp_path, monkeypatch):
    from boclerk.services.documents import store
    from boclerk.settings import location_from

    config = tmp_path / "boclerk.toml"
    config.write_text(f'documents = "{tmp_path / "kept"}"\n')
    monkeypatch.setenv("BOCLERK_CONFIG", str(config))
    for where in ("postgresql://clerk@127.0.0.1:1/shop", str(tmp_path / "shop.db")):
        location = location_from(where, "test")
        assert store.DocStore.at(location).root == store.store_root_of(location)
    assert store.store_root_of(location_from("postgresql://clerk@127.0.0.1:1/shop", "test")) == tmp_path / "kept"
    monkeypatch.setenv("BOCLERK_CONFIG", os.devnull)
    assert store.store_root_of(location_from("postgresql://clerk@127.0.0.1:1/my shop", "test")).name == \
        "my_shop.documents"


def test_an_sqlite_owner_is_the_files_and_loads_no_store(tmp_path):
    db = tmp_path / "shop.db"
    owner, not_created, _unknown, loaded = _ask(str(db), os.devnull)
    assert owner == not_created and loaded == []
    db.write_bytes(b"")
    owner, _not_created, _unknown, loaded = _ask(str(db), os.devnull)
    assert owner == os.stat(db).st_uid and loaded == []
