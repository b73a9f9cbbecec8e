"""The schema revision this code speaks, known without importing Alembic.

Commands compare the database's ``alembic_version`` with :data:`SCHEMA_REVISION`
before they touch anything; a test keeps this constant equal to Alembic's head.
"""

from boclerk.i18n import _

#: Alembic head revision of the code. Update together with a new migration.
SCHEMA_REVISION = "0024"

#: Every revision this code has ever shipped, oldest first.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012",
                   "0013", "0014", "0015", "0016", "0017", "0018", "0019", "0020", "0021", "0022",
                   "0023", "0024")


def revision_problem(rev: str | None, where: str, upgrade: str = "boclerk db upgrade") -> str | None:
    """Why the database ``where`` at revision ``rev`` cannot be used by this code, as the sentence
    a person reads (None when it can); ``upgrade``: the command that upgrades it
    (:meth:`boclerk.settings.DbLocation.command`)."""
    if rev is None:
        return _("{where} is not a boclerk database (no schema revision); create one with: boclerk db init").format(
            where=where)
    if rev == SCHEMA_REVISION:
        return None
    if rev in KNOWN_REVISIONS:
        return _("The database {where} is at revision {rev}, this boclerk needs {needed}; "
                 "run: {command}").format(where=where, rev=rev, needed=SCHEMA_REVISION, command=upgrade)
    return _("The database {where} is at revision {rev}, which this boclerk does not know "
             "(it was written by a newer version); upgrade boclerk.").format(where=where, rev=rev)
