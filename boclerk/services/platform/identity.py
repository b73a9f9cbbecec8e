"""Who is running boclerk: the OS account, never ``$USER``.

Under ``sudo -u <service account> boclerk`` the identity is ``SUDO_USER`` (the person
who called sudo); otherwise it is the name of the effective uid in the password
database. ``SUDO_USER`` is honoured only when the process runs as another account than
the one named by ``SUDO_UID`` and that name and uid agree in the password database.
The environment is not proof by itself: what makes the identity trustworthy on a shared
server is that only the service account can open the database file (see the README).
"""

from __future__ import annotations

import os
import pwd

from boclerk.errors import NotPermitted


def os_user_name() -> str:
    euid = os.geteuid()
    sudo_user = os.environ.get("SUDO_USER")
    sudo_uid = os.environ.get("SUDO_UID", "")
    if sudo_user and sudo_uid.isdigit() and int(sudo_uid) != euid:
        try:
            if pwd.getpwnam(sudo_user).pw_uid == int(sudo_uid):
                return sudo_user
        except KeyError:
            pass
    try:
        return pwd.getpwuid(euid).pw_name
    except KeyError:
        raise NotPermitted(
            f"The OS user with uid {euid} has no name in the password database; boclerk cannot tell who you are."
        ) from None
