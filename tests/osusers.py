"""Throwaway OS accounts, and boclerk run as one of them in a real process.

What identity and deputy rights mean can only be shown by an ordinary account: boclerk
is started in its own interpreter with that account's uid, gid and groups (nothing of
root's left but what the command line and the environment give it), exactly as
``runuser`` or ``sudo -u`` would start it. The accounts are made with ``useradd`` (so the
tests need root, which CI has) and removed again when the session ends.

The interpreter and the installed packages must be readable by the account: when the
test interpreter lives under a private home (``/root/.pyenv``), a system interpreter of
the same version is used with the test environment's site-packages; when the checkout or
the site-packages cannot be read by others, they are copied once into a readable folder.
"""

from __future__ import annotations

import fcntl
import grp
import os
import secrets
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_LOCK = Path(tempfile.gettempdir()) / "boclerk-test-useradd.lock"


@dataclass(frozen=True)
class OsUser:
    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]


def _readable_by_others(path: Path) -> bool:
    """Whether an account with no special rights can reach ``path`` (every folder on the way searchable)."""
    path = path.resolve()
    for folder in [*reversed(path.parents), path]:
        mode = folder.stat().st_mode
        need = stat.S_IXOTH if folder.is_dir() else stat.S_IROTH
        if not mode & need:
            return False
    return True


def require_root() -> None:
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("these tests make throwaway OS accounts and need root, which CI has")
        pytest.skip("making throwaway OS accounts needs root (CI runs these)")
    if shutil.which("useradd") is None:
        pytest.fail("useradd is missing: install the passwd package")


def _locked(args: list[str], *, check: bool = True) -> None:
    """Run an account tool under a lock shared by the test processes (they edit /etc/passwd)."""
    with open(_LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            subprocess.run(args, check=check, capture_output=True)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def add_group(name: str) -> int:
    _locked(["groupadd", name])
    return grp.getgrnam(name).gr_gid


def add_user(prefix: str, *, groups: tuple[str, ...] = ()) -> OsUser:
    import pwd

    name = f"bk{prefix[:6]}{secrets.token_hex(3)}"
    args = ["useradd", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
            "--user-group"] + (["--groups", ",".join(groups)] if groups else []) + [name]
    _locked(args)
    entry = pwd.getpwnam(name)
    return OsUser(name, entry.pw_uid, entry.pw_gid, tuple(os.getgrouplist(name, entry.pw_gid)))


def remove_user(user: OsUser) -> None:
    _locked(["userdel", user.name], check=False)


def remove_group(name: str) -> None:
    _locked(["groupdel", name], check=False)


# -- an interpreter and packages the account can read ------------------------------------------

_SETUP: tuple[str, list[str]] | None = None
_COPY: list[Path] = []


def _interpreter() -> str:
    real = Path(os.path.realpath(sys.executable))
    if _readable_by_others(real) and _readable_by_others(Path(sysconfig.get_paths()["stdlib"])):
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin", "/bin"):
        candidate = Path(folder) / version
        if candidate.exists() and _readable_by_others(candidate):
            return str(candidate)
    pytest.fail(f"no {version} that other accounts may run: {real} is private and there is no "
                f"{version} in /usr/bin or /usr/local/bin")


def _paths() -> list[str]:
    """The project and the site-packages, copied into a readable folder if need be."""
    site = Path(sysconfig.get_paths()["purelib"])
    wanted = [ROOT, site]
    if all(_readable_by_others(p) for p in wanted):
        return [str(ROOT), str(site)]
    copy = Path(tempfile.mkdtemp(prefix="boclerk-readable-"))
    copy.chmod(0o755)
    _COPY.append(copy)  # removed at the end of the session (readable_copy_removed)
    shutil.copytree(ROOT / "boclerk", copy / "project" / "boclerk", symlinks=True)
    shutil.copytree(site, copy / "site", symlinks=True, ignore=shutil.ignore_patterns("__editable__*"))
    for folder, dirs, files in os.walk(copy):
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o755)
        for f in files:
            p = os.path.join(folder, f)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
    return [str(copy / "project"), str(copy / "site")]


def _setup() -> tuple[str, list[str]]:
    global _SETUP
    if _SETUP is None:
        _SETUP = (_interpreter(), _paths())
    return _SETUP


_BOOT = """
import sys
paths = sys.argv[1].split(":")
sys.path[:0] = paths
import site
site.addsitedir(paths[-1])
sys.argv = ["boclerk", *sys.argv[2:]]
from boclerk.cli.main import main
main()
"""


def boclerk_as(user: OsUser, *args: str, env: dict[str, str] | None = None, cwd: str | Path | None = None,
               input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``boclerk ARGS`` in a new process as ``user`` (uid, gid and groups), with a clean environment."""
    python, paths = _setup()
    environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                   "HOME": "/nonexistent", "BOCLERK_CONFIG": os.devnull, "TZ": "UTC", "PYTHONDONTWRITEBYTECODE": "1"}
    environment.update(env or {})
    return subprocess.run(
        [python, "-s", "-c", _BOOT, ":".join(paths), *args],
        user=user.uid, group=user.gid, extra_groups=list(user.groups), env=environment,
        cwd=str(cwd) if cwd else "/", input=input, capture_output=True, text=True, timeout=timeout, check=False,
    )


def sudo_env(person: OsUser) -> dict[str, str]:
    """What ``sudo -u <service account>`` puts in the environment of the command it runs."""
    return {"SUDO_USER": person.name, "SUDO_UID": str(person.uid), "SUDO_GID": str(person.gid),
            "SUDO_COMMAND": "/usr/local/bin/boclerk"}


# -- a shared server: a service account that owns the data, people who reach it through sudo ---------

@dataclass
class Server:
    base: Path  # a folder everyone may pass through
    srv: Path  # the service account's home (0755), holding data/ (0700)
    db: Path  # data/boclerk.db (0600), owned by the service account
    service: OsUser
    people: dict[str, OsUser]

    def run(self, who: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        """``sudo -u <service account> boclerk ARGS`` as the person ``who`` (the database as the
        administrator's config file names it, not named by the person)."""
        env = sudo_env(self.people[who]) | {"BOCLERK_DB": str(self.db)} | kwargs.pop("env", {})
        return boclerk_as(self.service, *args, env=env, **kwargs)

    def folder(self, name: str, owner: OsUser, mode: int) -> Path:
        path = self.base / name
        path.mkdir()
        os.chown(path, owner.uid, owner.gid)
        path.chmod(mode)
        return path


#: folders :func:`open_folder` made that are still there (removed after each test: see :func:`folders_removed`)
_MADE: list[Path] = []


def open_folder(prefix: str) -> Path:
    """A new folder under the temporary folder that every account may pass through (0755).

    Not under pytest's own temporary folder, which only its owner may enter. It is removed when
    the test ends (:func:`folders_removed`, which a test module using this imports), not when the
    process exits: an xdist worker may end without running its exit handlers."""
    path = Path(tempfile.mkdtemp(prefix=f"boclerk-{prefix}-"))
    path.chmod(0o755)
    _MADE.append(path)
    return path


def remove_tree(path: Path) -> None:
    """Remove ``path`` and all in it, whoever owns it: each folder is made ours (0700) before it is
    entered, so that a folder of another account closed to others (the service account's 0700 data)
    is no obstacle where root lacks the right to pass any folder."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        if info.st_uid != os.geteuid():
            os.chown(path, os.geteuid(), os.getegid(), follow_symlinks=False)
        path.chmod(0o700)
        for child in path.iterdir():
            remove_tree(child)
        path.rmdir()
    else:
        path.unlink()


def remove_folders() -> list[Path]:
    """Remove every folder :func:`open_folder` made; returns those it could not remove."""
    left = []
    while _MADE:
        path = _MADE.pop()
        try:
            remove_tree(path)
        except OSError:
            left.append(path)
    return left


@pytest.fixture(autouse=True)
def folders_removed():
    """After each test, the folders it opened are gone (and the test fails if one cannot be removed)."""
    yield
    left = remove_folders()
    assert not left, f"could not remove {left}"


@pytest.fixture(autouse=True, scope="session")
def readable_copy_removed():
    """At the end of the session, the readable copy of the project and packages, if one was made."""
    yield
    if _COPY:
        remove_tree(_COPY.pop())


def chown_tree(path: Path, user: OsUser) -> None:
    for folder, dirs, files in os.walk(path):
        os.chown(folder, user.uid, user.gid)
        for name in dirs + files:
            os.chown(os.path.join(folder, name), user.uid, user.gid, follow_symlinks=False)


def build_server(service: OsUser, people: dict[str, OsUser], roles: dict[str, str], prepare=None) -> Server:
    """The README's deployment: ``people['admin']`` made the database, the others have ``roles``.

    ``prepare(db)`` may add records first (run as root, before the files go to the service account).
    """
    from boclerk.services.platform.setup import init_database
    from boclerk.services.platform.users import add_user as add_boclerk_user
    from boclerk.settings import location_from

    base = open_folder("server")
    srv = base / "srv"
    srv.mkdir(mode=0o755)
    data = srv / "data"
    db_path = data / "boclerk.db"
    db = init_database(location_from(str(db_path), "test"), admin=people["admin"].name, company="Shop")
    try:
        with db.write(people["admin"].name) as uow:
            for who, role in roles.items():
                add_boclerk_user(uow, people[who].name, role)
        if prepare is not None:
            prepare(db)
    finally:
        db.close()
    chown_tree(srv, service)
    data.chmod(0o700)
    db_path.chmod(0o600)
    return Server(base, srv, db_path, service, people)
