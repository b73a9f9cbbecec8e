"""CSV in and out, treating every file handed in as hostile (DESIGN.md section 5).

Reading: :func:`read_table` caps the size, detects the encoding (UTF-8, UTF-8 with BOM,
cp1251) and the delimiter, matches the header against the caller's columns and returns
:class:`Row` objects that know their physical line. Row helpers raise InvalidInput
naming file, line and column; a :class:`Validator` collects them over every row, so an
import reports many problems at once and writes nothing.

Writing is :mod:`boclerk.formats.csvout`; its files read back here unchanged.

A little over ~400 lines on purpose: the reader, its row helpers and the validator share
the one notion of "file, line, column" every refusal names.
"""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, TypeVar

from boclerk.errors import InvalidInput
from boclerk.formats import csvstream
from boclerk.i18n import _, ngettext

T = TypeVar("T")

DELIMITERS = (",", ";", "\t")
INT64_MAX = 2**63 - 1
MAX_CELL = 32 * 1024  # characters in one value: far beyond any name, address or note
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls except tab, LF, CR
_SPACES = " \u00a0\u202f"
_NUMBER = re.compile(
    rf"(?P<sign>[+\-\u2212]?)(?P<whole>[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+|[0-9]+)"
    r"(?:[.,](?P<frac>[0-9]+))?"
)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_SEP_HINT = re.compile(r"sep=([,;\t])")  # Excel's optional first line


def _show(value: str, limit: int = 40) -> str:
    """A cell quoted for a message: shortened, with control characters escaped."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _listing(names: Sequence[str], limit: int = 10) -> str:
    shown = ", ".join(names[:limit])
    return shown + (_(" and {value} more").format(value=len(names) - limit) if len(names) > limit else "")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return _("{n:g} MB").format(n=n / (1024 * 1024))
    if n >= 1024:
        return _("{n:g} KB").format(n=n / 1024)
    return _("{n} bytes").format(n=n)


# --- decoding -------------------------------------------------------------------------

def _decode(data: bytes, what: str) -> tuple[str, str]:
    """(text, encoding name) of ``data``; InvalidInput if it is not plain text."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InvalidInput(_("{what} is in UTF-16; save it as CSV in UTF-8 and try again.").format(what=what))
    not_text = InvalidInput(_("{what} is not text in UTF-8 or cp1251.").format(what=what))
    if b"\0" in data:
        raise not_text
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data[3:], "utf-8")]
    else:
        candidates = [("utf-8", data, "utf-8"), ("cp1251", data, "cp1251")]
    for name, raw, codec in candidates:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        # Valid UTF-8 can still be binary junk, and escape sequences could reach a
        # terminal through an error message: text has no C0 controls but tab, CR, LF.
        if _CONTROL.search(text):
            raise not_text
        return text, name
    raise not_text


# --- the table ------------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnSpec:
    """A column the caller accepts: canonical lower-case ``name``, other header spellings."""

    name: str
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One record: ``line`` is the 1-based physical line where it starts in the file."""

    line: builtins.int
    values: dict[str, str]
    what: str = "file"

    def error(self, name: str, problem: str) -> InvalidInput:
        """An InvalidInput "<what> line <n>, column <name>: <problem>" (not raised)."""
        return InvalidInput(_("{what} line {line}, column {name}: {problem}").format(what=self.what, line=self.line, name=name, problem=problem))

    def get(self, name: str, default: str = "") -> str:
        """The stripped cell, or ``default`` when the column is absent or the cell blank."""
        return self.values.get(name) or default

    def require(self, name: str) -> str:
        """The cell; an InvalidInput when it is blank or the column absent."""
        value = self.values.get(name, "")
        if not value:
            raise self.error(name, _("a value is required."))
        return value

    def parse(self, name: str, parser: Callable[[str], T], *, default: T | None = None) -> T:
        """``parser(cell)``; a blank cell gives ``default`` (required when it is None).

        An InvalidInput or ValueError from ``parser`` is re-raised as InvalidInput with
        the line and column in front, so any parser (``boclerk.money.parse_amount``...)
        reports where the problem is.
        """
        if not self.values.get(name) and default is not None:
            return default
        text = self.require(name)
        try:
            return parser(text)
        except (InvalidInput, ValueError) as exc:
            raise self.error(name, str(exc)) from None

    def int(self, name: str, *, default: builtins.int | None = None,
            min: builtins.int | None = None) -> builtins.int:
        """A whole number ("12", "-3", "1 000"), at least ``min`` if given."""
        value = self.parse(name, _parse_int, default=default)
        if min is not None and self.values.get(name) and value < min:
            raise self.error(name, _("{value} is less than the minimum, {min}.").format(value=value, min=min))
        return value

    def decimal(self, name: str, *, default: Decimal | None = None) -> Decimal:
        """An exact number: "1234.56", "1234,56", "1 234,56", "-0.5" (never a float)."""
        return self.parse(name, _parse_decimal, default=default)

    def date(self, name: str, *, default: dt.date | None = None) -> dt.date:
        """A date written YYYY-MM-DD or DD.MM.YYYY."""
        return self.parse(name, _parse_date, default=default)

    def choice(self, name: str, options: Iterable[str], *, default: str | None = None) -> str:
        """One of ``options``, matched case-insensitively, returned as spelled in options."""
        table = {option.casefold(): option for option in options}

        def pick(text: str) -> str:
            if text.casefold() not in table:
                raise ValueError(_("{text} is not one of: {listing}.").format(text=_show(text), listing=_listing(list(table.values()))))
            return table[text.casefold()]

        return self.parse(name, pick, default=default)


def _number_parts(text: str, not_a: str) -> tuple[str, str, str]:
    """(sign, whole digits, fraction digits) of a number as clerks and spreadsheets write it."""
    match = _NUMBER.fullmatch(text.removeprefix("'"))  # "'-5": a neutralised export
    if match is None:
        raise ValueError(_("{text} is not {not_a}.").format(text=_show(text), not_a=not_a))
    whole = "".join(ch for ch in match["whole"] if ch.isdigit())
    return ("-" if match["sign"] in ("-", "\u2212") else ""), whole, match["frac"] or ""


def _parse_int(text: str) -> builtins.int:
    sign, whole, frac = _number_parts(text, _("a whole number"))
    if frac:
        raise ValueError(_("{text} is not a whole number.").format(text=_show(text)))
    if len(whole.lstrip("0")) > 19 or builtins.int(whole) > INT64_MAX:
        raise ValueError(_("{text} is too large.").format(text=_show(text)))
    return builtins.int(sign + whole)


def _parse_decimal(text: str) -> Decimal:
    sign, whole, frac = _number_parts(text, _("a number (write e.g. 1234.56 or 1 234,56)"))
    if len(whole.lstrip("0")) + len(frac) > 30:
        raise ValueError(_("{text} has too many digits.").format(text=_show(text)))
    return Decimal(f"{sign}{whole}.{frac}" if frac else sign + whole)


def _parse_date(text: str) -> dt.date:
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DOTTED_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(_("{text} is not a date (write YYYY-MM-DD or DD.MM.YYYY).").format(text=_show(text)))
    try:
        return dt.date(builtins.int(year), builtins.int(month), builtins.int(day))
    except ValueError:
        raise ValueError(_("{text} is not a valid date.").format(text=_show(text))) from None


@dataclass(frozen=True)
class Table:
    """A parsed CSV: canonical ``columns`` in file order and the non-blank ``rows``."""

    columns: tuple[str, ...]
    rows: list[Row]
    delimiter: str
    encoding: str
    what: str = "file"

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _norm(name: str) -> str:
    return name.strip().strip("\ufeff").strip().lower()


def _detect_delimiter(header_line: str, known: Mapping[str, str], what: str, line: builtins.int) -> str:
    """The delimiter that splits the header into most known names; ties: most frequent."""
    def score(d: str) -> tuple[builtins.int, builtins.int]:
        try:
            cells = next(csv.reader([header_line], delimiter=d, skipinitialspace=True), [])
        except csv.Error:  # a cell over the csv module's limit: no delimiter helps
            raise InvalidInput(_("{what} line {line}: a value is too long.").format(what=what, line=line)) from None
        return sum(_norm(cell) in known for cell in cells), header_line.count(d)
    return max(DELIMITERS, key=score)


def read_table(data: bytes | BinaryIO, *, columns: Mapping[str, bool] | Sequence[ColumnSpec],
               what: str = "file", max_bytes: builtins.int = 50 * 1024 * 1024,
               max_rows: builtins.int = 2_000_000) -> Table:
    """Parse a CSV file with a header row into a :class:`Table`; see the module docstring.

    ``data`` is the file's bytes or a binary file object, read as a stream (see
    :mod:`.csvstream`): chunk by chunk, never more than ``max_bytes``. ``columns`` maps
    canonical names to "required?" (or lists :class:`ColumnSpec`). Header names match
    case-insensitively, in any order. Unknown, duplicate or missing required columns, rows
    with more cells than the header, broken quoting, values longer than ``MAX_CELL``
    characters, files over ``max_bytes`` or ``max_rows`` are refused with one InvalidInput.
    Blank lines (also lines of only delimiters) are skipped. Header cells left blank
    (Excel's trailing ``;;``) are allowed; their cells must then be blank too.
    """
    stream = io.BytesIO(bytes(data)) if isinstance(data, (bytes, bytearray, memoryview)) else data
    specs = ([ColumnSpec(name, required) for name, required in columns.items()]
             if isinstance(columns, Mapping) else list(columns))
    known = {_norm(alias): spec.name.lower() for spec in specs
             for alias in (spec.name, *spec.aliases)}
    too_big = _("{what} is larger than {size}.").format(what=what, size=_size(max_bytes))
    for codec, encoding in csvstream.encodings(stream, what):
        stream.seek(0)
        try:
            return _parse(csvstream.text_lines(stream, codec, what, max_bytes, too_big), specs, known, what,
                          max_rows, encoding)
        except csvstream.WrongEncoding:
            continue
    raise InvalidInput(_("{what} is not text in UTF-8 or cp1251.").format(what=what))


#: a cell that may be the fraction of a number split by a decimal comma (12,50 read as 12 and 50)
_DECIMAL_COMMA_SPLIT = re.compile(r"\d{1,2}")


def _parse(lines: Iterator[str], specs: Sequence[ColumnSpec], known: Mapping[str, str], what: str,
           max_rows: builtins.int, encoding: str) -> Table:
    preface: list[str] = []
    offset, forced, first = 0, None, None
    for raw in lines:  # blank lines and Excel's "sep=;" before the header
        preface.append(raw)
        if (hint := _SEP_HINT.fullmatch(raw.rstrip("\r\n"))) and forced is None:
            forced = hint[1]
        elif raw.strip(" \t\r\n,;"):
            first = raw
            break
        offset += 1
    if first is None:
        raise InvalidInput(_("{what} is empty.").format(what=what))
    delimiter = forced or _detect_delimiter(first, known, what, offset + 1)
    reader = csv.reader(itertools.chain(preface, lines), delimiter=delimiter, skipinitialspace=True, strict=True)
    header: list[str | None] | None = None
    rows: list[Row] = []
    previous = 0
    while True:
        start = previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = (_("a value is too long") if "limit" in str(exc)
                       else _("a quoted value is malformed or never closed"))
            raise InvalidInput(_("{what} line {start}: {problem}.").format(what=what, start=start, problem=problem)) from None
        previous = reader.line_num
        if start <= offset:
            continue
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if any(len(cell) > MAX_CELL for cell in cells):
            raise InvalidInput(_("{what} line {start}: a value is longer than {max_cell:,} characters.").format(what=what, start=start, max_cell=MAX_CELL))
        if header is None:
            header = _check_header(cells, known, specs, what)
            continue
        if len(cells) > len(header):
            said = _("{what} line {start}: {count} cells, but the header has only {count2} columns.").format(
                what=what, start=start, count=len(cells), count2=len(header))
            if delimiter == "," and any(before[-1:].isdigit() and _DECIMAL_COMMA_SPLIT.fullmatch(cell)
                                        for before, cell in itertools.pairwise(cells)):
                said += " " + _("A number with a decimal comma (12,50) is two cells in a comma-separated file: put "
                                "it in quotes (\"12,50\"), write 12.50, or separate the columns with semicolons.")
            raise InvalidInput(said)
        if len(rows) >= max_rows:
            raise InvalidInput(_("{what} has more than {max_rows} rows.").format(what=what, max_rows=max_rows))
        values = dict.fromkeys((n for n in header if n is not None), "")
        for index, (name, cell) in enumerate(zip(header, cells, strict=False)):  # short rows: missing cells stay ""
            if name is not None:
                values[name] = cell
            elif cell:
                raise InvalidInput(_("{what} line {start}: cell {value} holds {cell}, but its column has no name in the header.").format(what=what, start=start, value=index + 1, cell=_show(cell)))
        rows.append(Row(start, values, what))
    if header is None:
        raise InvalidInput(_("{what} is empty.").format(what=what))
    return Table(tuple(n for n in header if n is not None), rows, delimiter, encoding, what)


def _check_header(cells: list[str], known: Mapping[str, str], specs: Sequence[ColumnSpec],
                  what: str) -> list[str | None]:
    """Canonical name per header cell (None for a blank cell); refuses bad headers."""
    names = [_norm(cell) for cell in cells]
    unknown = [_show(cell) for cell, name in zip(cells, names, strict=True) if name and name not in known]
    if unknown:
        allowed = ", ".join(spec.name for spec in specs)
        raise InvalidInput(ngettext("{what} has an unknown column: {columns}. The allowed columns are: {allowed}.",
                                    "{what} has unknown columns: {columns}. The allowed columns are: {allowed}.",
                                    len(unknown)).format(what=what, columns=_listing(unknown), allowed=allowed))
    header = [known[name] if name else None for name in names]
    seen: set[str] = set()
    for name in header:
        if name is not None and name in seen:
            raise InvalidInput(_("{what} has the column '{name}' more than once.").format(what=what, name=name))
        seen.add(name or "")
    missing = [spec.name for spec in specs if spec.required and spec.name.lower() not in seen]
    if missing:
        raise InvalidInput(ngettext("{what} lacks the required column {names}.", "{what} lacks the required columns {names}.",
                                    len(missing)).format(what=what, names=", ".join(missing)))
    return header


# --- validating every row -------------------------------------------------------------

class Validator:
    """Collects InvalidInput messages from many checks, then raises them as one.

    ``lines = v.run(table, parse_line); v.raise_if_any()`` validates every row before
    the first write. ``v.check(row.int, "qty")`` collects several problems of one row.
    """

    def __init__(self, *, limit: builtins.int = 20) -> None:
        self.limit = limit
        self.count = 0
        self._messages: list[str] = []

    @property
    def messages(self) -> list[str]:
        """The first ``limit`` messages."""
        return list(self._messages)

    def add(self, message: str) -> None:
        self.count += 1
        if len(self._messages) < self.limit:
            self._messages.append(message)

    @contextmanager
    def catch(self) -> Iterator[None]:
        """``with v.catch(): ...`` records an InvalidInput raised in the block."""
        try:
            yield
        except InvalidInput as exc:
            self.add(str(exc))

    def check(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """``fn(*args, **kwargs)``, or None after recording its InvalidInput."""
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            self.add(str(exc))
            return None

    def run(self, rows: Iterable[Row], fn: Callable[[Row], T]) -> list[T]:
        """``fn(row)`` for every row; the results of the rows that passed."""
        results: list[T] = []
        for row in rows:
            with self.catch():
                results.append(fn(row))
        return results

    def raise_if_any(self) -> None:
        """Raise one InvalidInput: the first ``limit`` messages, one a line, and a count."""
        if self.count:
            more = self.count - len(self._messages)
            tail = [ngettext("... and {more} more problem.", "... and {more} more problems.", more).format(more=more)] if more else []
            raise InvalidInput("\n".join(self._messages + tail))


def validate_rows(rows: Iterable[Row], fn: Callable[[Row], T], *,
                  limit: builtins.int = 20) -> list[T]:
    """``fn(row)`` for every row, or one InvalidInput listing up to ``limit`` problems."""
    validator = Validator(limit=limit)
    results = validator.run(rows, fn)
    validator.raise_if_any()
    return results
