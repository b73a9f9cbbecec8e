"""Read a bank statement: tell its format from its first bytes, hand it to that format's
reader (:mod:`.bank_1c`, :mod:`.bank_camt`, :mod:`.bank_ofx`), get a :class:`Statement`.

The readers build on :mod:`.bank`, which knows none of them; this door knows them all and
imports each only when a statement in its format comes (ofxtools is slow to load).
"""

from __future__ import annotations

from boclerk.errors import InvalidInput
from boclerk.formats.bank import BOM, CAMT_KINDS, MAX_BYTES, Statement, camt_kind
from boclerk.i18n import _

def detect_format(data: bytes) -> str | None:
    """``"1c"``, ``"camt052"``, ``"camt053"``, ``"camt054"``, ``"ofx"`` or None, from the first bytes
    only (no parsing)."""
    head = bytes(data[:65536])
    if head.startswith(BOM):
        head = head[len(BOM):]
    head = head.lstrip()
    if head.startswith(b"1CClientBankExchange"):
        return "1c"
    if head.startswith((b"OFXHEADER", b"<OFX>")) or b"<?OFX" in head[:4096]:
        return "ofx"
    if head.startswith(b"<") and (kind := camt_kind(head)):
        return CAMT_KINDS[kind][2]
    return None


def read_statements(data: bytes, *, name: str = "statement", max_bytes: int = MAX_BYTES) -> tuple[Statement, ...]:
    """Every account's statement in a file, in the file's order; :class:`InvalidInput` (one
    sentence) if it is unusable. A file of one account gives one; its lines are numbered through
    the whole file."""
    _check(data, name, max_bytes)
    fmt = detect_format(data)
    if fmt == "1c":
        from boclerk.formats import bank_1c

        return tuple(bank_1c.read_all(bytes(data), name))
    if fmt in ("camt052", "camt053", "camt054"):
        from boclerk.formats import bank_camt

        return tuple(bank_camt.read_all(bytes(data), name))
    if fmt == "ofx":
        from boclerk.formats import bank_ofx

        return tuple(bank_ofx.read_all(bytes(data), name))
    raise _unknown(name)


def _check(data: bytes, name: str, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InvalidInput(
            _("{name} is {count} bytes, more than the {max_bytes} bytes boclerk reads from a bank statement.").format(name=name, count=len(data), max_bytes=max_bytes)
        )
    if not data.strip():
        raise InvalidInput(_("{name} is empty.").format(name=name))


def _unknown(name: str) -> InvalidInput:
    return InvalidInput(
        _("{name} is not a bank statement boclerk can read (1CClientBankExchange, camt.052, camt.053, camt.054 or OFX).").format(name=name)
    )


def read_statement(data: bytes, *, name: str = "statement", max_bytes: int = MAX_BYTES) -> Statement:
    """Read a file of one account's statement; a file of several accounts is refused (see
    :func:`read_statements`, which reads them all)."""
    _check(data, name, max_bytes)
    fmt = detect_format(data)
    if fmt == "1c":
        from boclerk.formats import bank_1c

        return bank_1c.read(bytes(data), name)
    if fmt in ("camt052", "camt053", "camt054"):
        from boclerk.formats import bank_camt

        return bank_camt.read(bytes(data), name)
    if fmt == "ofx":
        from boclerk.formats import bank_ofx

        return bank_ofx.read(bytes(data), name)
    raise _unknown(name)
