"""The folders the OS-account tests open under the temporary folder are gone after each test, even
when the service account owns what is in them and closed its data folder to others."""

from __future__ import annotations

import os
from pathlib import Path

from tests import osusers
from tests.osusers import add_user, open_folder, remove_folders, remove_user, require_root


def test_an_opened_folder_with_another_accounts_closed_folder_is_removed():
    require_root()
    svc = add_user("clean")
    try:
        base = open_folder("server")
        data = base / "srv" / "data"
        data.mkdir(parents=True)
        (data / "boclerk.db").write_bytes(b"x")
        os.symlink("/etc/passwd", data / "link")  # a link is removed, not followed
        for path in (base / "srv", data, data / "boclerk.db"):
            os.chown(path, svc.uid, svc.gid, follow_symlinks=False)
        data.chmod(0o700)
        (data / "boclerk.db").chmod(0o600)
        assert base in osusers._MADE
        assert remove_folders() == []
        assert not base.exists() and osusers._MADE == [] and Path("/etc/passwd").exists()
    finally:
        remove_user(svc)


def test_the_test_modules_that_open_folders_remove_them():
    """The modules using open_folder (directly or through build_server) take the fixture that removes them."""
    import tests.cli.test_os_deputy as deputy
    import tests.cli.test_os_identity as identity

    for module in (deputy, identity):
        assert module.folders_removed is osusers.folders_removed
        assert module.readable_copy_removed is osusers.readable_copy_removed
