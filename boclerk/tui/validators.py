"""What a form's fields check while they are typed: amounts, quantities, days and periods in the
forms the screens show them (the parsing is boclerk.money, boclerk.quantity, boclerk.dates)."""

from __future__ import annotations

from datetime import date

from textual.validation import ValidationResult, Validator

from boclerk.errors import InvalidInput
from boclerk.i18n import _


class MoneyValidator(Validator):
    """Validates an amount as it is typed, in the shop's locale forms."""

    def __init__(self, currency: str, locale: str, *, allow_zero: bool = False, allow_negative: bool = False) -> None:
        super().__init__()
        self.currency, self.locale = currency, locale
        self.allow_zero, self.allow_negative = allow_zero, allow_negative

    def validate(self, value: str) -> ValidationResult:
        from boclerk.money import parse_amount

        try:
            minor = parse_amount(value, currency=self.currency, locale=self.locale, allow_negative=self.allow_negative)
        except InvalidInput as exc:
            return self.failure(exc.message)
        if minor == 0 and not self.allow_zero:
            return self.failure(_("The amount must not be zero."))
        return self.success()


class QtyValidator(Validator):
    def __init__(self, *, allow_zero: bool = False, allow_negative: bool = False) -> None:
        super().__init__()
        self.allow_zero, self.allow_negative = allow_zero, allow_negative

    def validate(self, value: str) -> ValidationResult:
        from boclerk.quantity import parse as parse_quantity

        try:
            qty = parse_quantity(value, allow_negative=self.allow_negative)
        except InvalidInput as exc:
            return self.failure(exc.message)
        if qty == 0 and not self.allow_zero:
            return self.failure(_("The quantity must not be zero."))
        return self.success()


class DateValidator(Validator):
    """A day as the screens show it, ISO, or a shortcut (boclerk/dates.py)."""

    def __init__(self, locale: str = "ru", today: date | None = None) -> None:
        super().__init__()
        self.locale, self.today = locale, today

    def validate(self, value: str) -> ValidationResult:
        from boclerk.dates import parse_day

        try:
            parse_day(value, locale=self.locale, today=self.today)
        except InvalidInput as exc:
            return self.failure(exc.message)
        return self.success()


class PeriodValidator(Validator):
    """A month, quarter or year (``2026-11``, ``2026-Q4``, ``2026``; boclerk/dates.py)."""

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today

    def validate(self, value: str) -> ValidationResult:
        from boclerk.dates import parse_span

        try:
            parse_span(value, today=self.today)
        except InvalidInput as exc:
            return self.failure(exc.message)
        return self.success()
