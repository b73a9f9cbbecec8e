"""Rendering service rows for people: money and days in the shop's locale, quantities plain.

Days are written as the app writes them (:func:`boclerk.dates.format_day`: 07.12.2026 in Russian,
12/7/2026 in English), an instant as its day and HH:MM; JSON and CSV keep ISO.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boclerk.cli.common import State


@dataclass(frozen=True)
class Shop:
    currency: str
    locale: str
    name: str

    def money(self, minor: int | None) -> str:
        if minor is None:
            return ""
        from boclerk.money import format_amount

        return format_amount(minor, currency=self.currency, locale=self.locale)

    def day(self, value: Any) -> str:
        """A day (a date, an instant, or either written in ISO) as the shop's locale writes it."""
        return day_text(value, self.locale)

    def figure(self, value: Any) -> str:
        """A figure that is not money (hours, a percentage) as the shop's locale writes a number."""
        from boclerk.quantity import format_figure

        return format_figure(value, locale=self.locale)

    def moment(self, value: Any, *, utc: bool = False) -> str:
        """An instant as its day and HH:MM: local time, or UTC where the line says so."""
        return moment_text(value, self.locale, utc=utc)


def _read(value: Any) -> Any:
    """A day or an instant written in ISO, read; anything else (text that is none of them) as it is."""
    from datetime import date, datetime

    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def day_text(value: Any, locale: str) -> str:
    """``value`` as :func:`boclerk.dates.format_day` writes it; "" for none, and text that is
    not an ISO day (or instant) as it is."""
    from datetime import date, datetime

    if value is None or value == "":
        return ""
    value = _read(value)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    from boclerk.dates import format_day

    return format_day(value, locale)


def moment_text(value: Any, locale: str, *, utc: bool = False) -> str:
    """An instant (stored in UTC; naive ones are read as UTC) as its day and HH:MM, in local time
    or in UTC; a day alone as its day."""
    from datetime import UTC, datetime

    if value is None or value == "":
        return ""
    value = _read(value)
    if isinstance(value, str):
        return value
    if not isinstance(value, datetime):
        return day_text(value, locale)
    at = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC if utc else None)
    return f"{day_text(at.date(), locale)} {at:%H:%M}"


def card_value(sh: Shop, field: str, value: Any) -> str:
    """A card's value as a person reads it: yes or no, a customer's kind in words, payment terms in
    days, no currency as the books' own, a day as the locale writes it; nothing for none."""
    from boclerk.i18n import _, ngettext

    if value is None or value == "":
        return sh.currency if field == "currency" else ""
    if isinstance(value, bool):
        from boclerk.domain.card_words import yes_no

        return yes_no(value)
    if field == "language":
        from boclerk.domain.card_words import LANGUAGE_WORDS

        return _(LANGUAGE_WORDS[value]) if value in LANGUAGE_WORDS else value
    if field == "kind":
        from boclerk.domain.card_words import customer_kind_word

        return customer_kind_word(value)
    if field == "payment_terms_days":
        return ngettext("{n} day", "{n} days", value).format(n=value)
    if field.endswith(("_on", "_date", "_until")):
        return sh.day(value)
    return str(value)


def print_card(sh: Shop, row: Any, labels: dict[str, str]) -> None:
    """A record's fields, one a line, each under its label in the interface language (the fields
    in ``labels``' order, any others after them under their own names)."""
    from boclerk.domain.bounds import shown
    from boclerk.i18n import _

    values = row.__dict__
    fields = [f for f in labels if f in values] + [f for f in values if f not in labels]
    said = [(_(labels[f]) if f in labels else f, shown(card_value(sh, f, values[f]))) for f in fields]
    wide = max(len(label) for label, _v in said)
    sys.stdout.write("".join(f"{label:>{wide}}: {value}".rstrip() + "\n" for label, value in said))


def shop(st: State) -> Shop:
    """The company settings of the opened database (read once per command)."""
    cached = getattr(st, "_shop", None)
    if cached is None:
        from boclerk.db.plain import text

        with st.reader().read(None, system=True, core_only=True) as uow:
            c = uow.s.execute(text("SELECT currency, locale, name FROM company WHERE id = 1")).one()
            cached = Shop(c.currency, c.locale, c.name)
        st._shop = cached  # type: ignore[attr-defined]
    return cached


def print_plain_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                      *, right: Sequence[str] = (), terminal: bool = False) -> None:
    """A table as plain aligned text on stdout: the title, the header, a rule of dashes, the rows,
    two spaces between columns (numbers to the right): what the rich table says, without loading
    rich. Off a terminal (a pipe, a file) as wide as it needs to be; on a ``terminal``, as the rich
    table is there: long text columns cut with an ellipsis to fit its width (short and numeric
    ones keep theirs), and the header in bold unless NO_COLOR is set."""
    from boclerk.domain.bounds import shown
    from boclerk.i18n import _

    cells = [["" if v is None else shown(str(v)) for v in row] for row in rows]
    if not cells:
        print(_("{title}: none.").format(title=_(title)) if title else _("Nothing: none."), file=sys.stderr)
        return
    columns = [_(col) if col else col for col in columns]
    to_right = {_(col) for col in right}
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]
    if terminal:
        widths = _fitted(widths, [col in to_right or w <= 16 for col, w in zip(columns, widths, strict=True)])

    def line(values: Sequence[str]) -> str:
        return "  ".join((v if len(v) <= w else v[:w - 1] + "…").rjust(w) if col in to_right else
                         (v if len(v) <= w else v[:w - 1] + "…").ljust(w)
                         for v, w, col in zip(values, widths, columns, strict=True)).rstrip()

    header = line(columns)
    if terminal and not os.environ.get("NO_COLOR"):
        header = f"\x1b[1m{header}\x1b[0m"
    out = ([_(title)] if title else []) + [header, "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    sys.stdout.write("\n".join(out) + "\n")


def _fitted(widths: list[int], fixed: list[bool]) -> list[int]:
    """Column widths that fit the terminal: the widest column not ``fixed`` gives up a character
    at a time, down to 12, until the line (two spaces between columns) fits."""
    try:
        room = os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return widths
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > room:
        shrinkable = [i for i, w in enumerate(widths) if not fixed[i] and w > 12]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    return widths


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                *, right: Sequence[str] = ()) -> None:
    """A rich table on stdout. Short and numeric columns keep their width; long text
    columns are cut with an ellipsis when the terminal is narrow. Off a terminal the
    table is as wide as it needs to be."""
    from rich.console import Console
    from rich.table import Table

    from boclerk.domain.bounds import shown
    from boclerk.i18n import _

    cells = [["" if v is None else shown(str(v)) for v in row] for row in rows]
    if not cells:
        print(_("{title}: none.").format(title=_(title)) if title else _("Nothing: none."), file=sys.stderr)
        return
    title = _(title) if title else title
    columns = [_(col) if col else col for col in columns]
    right = [_(col) for col in right]
    table = Table(title=title, show_edge=False, header_style="bold", pad_edge=False)
    for i, col in enumerate(columns):
        widest = max([len(col)] + [len(r[i]) for r in cells])
        fixed = col in right or widest <= 16
        table.add_column(col, justify="right" if col in right else "left", no_wrap=True,
                         min_width=widest if fixed else min(widest, 12), overflow="ellipsis")
    for row in cells:
        table.add_row(*row)
    console = Console(soft_wrap=False) if sys.stdout.isatty() else Console(width=max(100, _natural_width(cells, columns)))
    console.print(table)


def _natural_width(cells: list[list[str]], columns: Sequence[str]) -> int:
    return sum(max([len(c)] + [len(r[i]) for r in cells]) + 3 for i, c in enumerate(columns))
