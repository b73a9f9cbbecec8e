"""Who is running boclerk: the OS account, never ``$USER``.

The identity is the name of the effective uid in the password database, with one
exception: under ``sudo -u <service account> boclerk`` it is ``SUDO_USER``, the person
who called sudo. The environment alone proves nothing (anyone can type
``SUDO_USER=root SUDO_UID=0 boclerk ...``), so ``SUDO_USER`` is honoured only when all of
these hold:

* boclerk runs as the account that owns the database (the SQLite file; on PostgreSQL the
  document store folder), the service account of the documented set-up, which people
  reach only through sudo; a database not created yet counts as owned by whoever runs
  ``db init``;
* ``SUDO_UID`` is another uid than the one boclerk runs as;
* ``SUDO_USER`` and ``SUDO_UID`` name the same account in the password database.

Someone who sets the variables by hand runs as themselves, owns no database but their
own, and so stays themselves. Whose rights apply to the paths a person names is a
separate question, answered by :func:`person` (see :mod:`boclerk.services.platform.paths`).
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass

from boclerk.errors import NotPermitted
from boclerk.i18n import _

#: ``database_owner`` of a database that does not exist yet (``db init`` is about to create it).
NOT_CREATED = None
#: ``database_owner`` of a database whose owner cannot be read: SUDO_USER is never honoured.
UNKNOWN = -1


def database_owner(location) -> int | None:
    """The uid that owns the database at ``location``; NOT_CREATED or UNKNOWN otherwise."""
    if location.path is not None:
        anchor = location.path
    else:
        from boclerk.services.documents.root import store_root_of

        anchor = store_root_of(location)
    try:
        return os.stat(anchor).st_uid
    except FileNotFoundError:
        return NOT_CREATED if location.path is not None else UNKNOWN
    except OSError:
        return UNKNOWN


def _sudo_caller() -> tuple[str, int] | None:
    """(name, uid) of the person sudo says called it, when the two variables agree."""
    name = os.environ.get("SUDO_USER", "")
    uid_text = os.environ.get("SUDO_UID", "")
    if not name or not uid_text.isdigit():
        return None
    try:
        if pwd.getpwnam(name).pw_uid != int(uid_text):
            return None
    except KeyError:
        return None
    return name, int(uid_text)


def os_user_name(owner: int | None = UNKNOWN) -> str:
    """The boclerk identity of this process, given the uid that owns the database (see above)."""
    euid = os.geteuid()
    caller = _sudo_caller()
    if caller is not None and caller[1] != euid and (owner == euid or owner is NOT_CREATED):
        return caller[0]
    try:
        return pwd.getpwuid(euid).pw_name
    except KeyError:
        raise NotPermitted(
            _("The OS user with uid {euid} has no name in the password database; boclerk cannot tell "
                "who you are.").format(euid=euid)
        ) from None


@dataclass(frozen=True)
class Person:
    """Someone acting through the service account: whose rights every path they name is checked against."""

    name: str
    uid: int
    gid: int
    groups: frozenset[int]


def person() -> Person | None:
    """The person behind ``sudo -u <service account>``, or None when boclerk acts for itself.

    Unlike the identity, this trusts ``SUDO_UID`` whenever it names another uid: checking
    a path against a second person's rights can only take rights away (the kernel still
    applies the process's own), so a forged value harms nobody but the one who typed it.
    """
    uid_text = os.environ.get("SUDO_UID", "")
    if not uid_text.isdigit() or int(uid_text) == os.geteuid():
        return None
    uid = int(uid_text)
    try:
        entry = pwd.getpwuid(uid)
    except KeyError:
        gid_text = os.environ.get("SUDO_GID", "")
        gid = int(gid_text) if gid_text.isdigit() else -1
        return Person(str(uid), uid, gid, frozenset({gid}))
    try:
        groups = frozenset(os.getgrouplist(entry.pw_name, entry.pw_gid))
    except OSError:
        groups = frozenset({entry.pw_gid})
    return Person(entry.pw_name, uid, entry.pw_gid, groups)
