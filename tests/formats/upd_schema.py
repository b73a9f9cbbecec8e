"""The FNS schema of the UPD 5.03 seller's title (a copy of the official XSD), for validation in tests."""

from __future__ import annotations

import functools
import io
from pathlib import Path

XSD = Path(__file__).parent / "samples" / "upd-5.03" / "ON_NSCHFDOPPR_1_997_01_05_03_05.xsd"


@functools.cache
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def errors(data: bytes) -> list[str]:
    """The schema's complaints about a UPD file (windows-1251 bytes), as sentences; [] if valid."""
    return [f"{e.path}: {e.reason}" for e in schema().iter_errors(io.BytesIO(data))]
