"""Parsing of command-line values into service arguments, with sentences on failure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from boclerk.i18n import N_, _
from boclerk.errors import InvalidInput


def parse_date(text: str, what: str = N_("date")) -> date:
    """A day as the screens show it (``05.12.2026``), ISO, or a shortcut (``today``, ``-1``);
    slashes in the order of the configured locale (see boclerk/dates.py)."""
    from boclerk.dates import parse_day

    locale = "ru"
    if "/" in text:
        from boclerk.settings import load_config

        locale = load_config().locale or "ru"
    try:
        return parse_day(text, locale=locale)
    except InvalidInput as exc:
        raise InvalidInput(_("{what}: {message}").format(what=_(what), message=exc.message)) from None


def parse_date_opt(text: str | None, what: str = N_("date")) -> date | None:
    return None if text is None else parse_date(text, what)


def period_span(start: str | None, end: str | None, period: str | None, *,
                default: str | None = "month") -> tuple[date | None, date | None]:
    """The days a report covers: ``--period`` (a month, quarter or year), or ``--from`` and ``--to``
    (``--from`` alone runs to today), or with none of them the ``default`` span up to today (this
    month, quarter or year so far, as the app's reports open; None: no bounds)."""
    from boclerk.dates import parse_span, span_of

    if period is not None:
        if start is not None or end is not None:
            raise InvalidInput(_("Give either --period or --from and --to, not both."))
        try:
            return parse_span(period)
        except InvalidInput as exc:
            raise InvalidInput(_("{what}: {message}").format(what="--period", message=exc.message)) from None
    if start is None and end is None:
        return (span_of(default, date.today())[0], date.today()) if default else (None, None)
    if start is None and default is not None:
        raise InvalidInput(_("--to needs --from (or give --period)."))
    first, last = parse_date_opt(start, "--from"), parse_date_opt(end, "--to")
    if default is not None and last is None:
        last = date.today()
    return first, last


def parse_money(text: str, currency: str, locale: str, what: str = N_("amount"), *, allow_negative: bool = False) -> int:
    from boclerk.money import parse_amount

    try:
        return parse_amount(text, currency=currency, locale=locale, allow_negative=allow_negative)
    except InvalidInput as exc:
        raise InvalidInput(_("{what}: {message}").format(what=_(what), message=exc.message)) from None


def positive(amount: int, sentence: str) -> int:
    """An amount the act takes only above zero, refused (with the service's ``sentence``) before
    anyone is asked to go ahead."""
    if amount <= 0:
        raise InvalidInput(_(sentence))
    return amount


def parse_qty(text: str, what: str = N_("quantity"), *, allow_negative: bool = False) -> Decimal:
    """A quantity as typed: "3", "1,250" or "1.25" (decimal comma or point), "1 000"; exact. The
    product's unit decides later how many decimals it may have."""
    from boclerk.quantity import parse

    try:
        return parse(text, allow_negative=allow_negative)
    except InvalidInput as exc:
        raise InvalidInput(_("{what}: {message}").format(what=_(what), message=exc.message)) from None


def split_spec(spec: str, what: str, minimum: int, maximum: int) -> list[str]:
    """``SKU:QTY[:PRICE]``-style values: split on ':' and check the number of parts."""
    parts = [p.strip() for p in spec.split(":")]
    if not minimum <= len(parts) <= maximum or not parts[0]:
        raise InvalidInput(_("'{spec}' is not a valid {what}.").format(spec=spec, what=what))
    return parts


def parse_discount_bp(text: str) -> int:
    """A discount percentage ("10", "12,5", "7.25%") in hundredths of a percent."""
    from decimal import Decimal

    from boclerk.money import parse_percent

    try:
        pct = parse_percent(text)
    except InvalidInput as exc:
        raise InvalidInput(_("discount: {message}").format(message=exc.message)) from None
    bp = pct * 100
    if bp != bp.to_integral_value():
        raise InvalidInput(_("discount: '{text}' has more than two decimals.").format(text=text))
    return int(bp if isinstance(bp, Decimal) else Decimal(bp))


def month_said(text: str) -> str:
    """A month as the office stores it (``2026-11``) as a sentence or a table says it to the reader:
    "ноябрь 2026", "November 2026" (JSON and CSV keep ``2026-11``)."""
    from boclerk.services.office.periods import in_words, parse_period

    return in_words(parse_period(text))
