"""The schema revision this code speaks, known without importing Alembic.

Commands compare the database's ``alembic_version`` with :data:`SCHEMA_REVISION`
before they touch anything; a test keeps this constant equal to Alembic's head.
"""

#: Alembic head revision of the code. Update together with a new migration.
SCHEMA_REVISION = "0015"

#: Every revision this code has ever shipped, oldest first.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012",
                   "0013", "0014", "0015")
