"""The Bank of Russia's daily exchange rates file (XML_daily.asp, the ``ValCurs`` format).

    <?xml version="1.0" encoding="windows-1251"?>
    <ValCurs Date="15.03.2022" name="Foreign Currency Market">
      <Valute ID="R01239"><NumCode>978</NumCode><CharCode>EUR</CharCode><Nominal>1</Nominal>
        <Name>Евро</Name><Value>127,2343</Value></Valute> ...

``Value`` is the price of ``Nominal`` units in roubles, with a decimal comma; newer files add
``VunitRate`` (the price of one unit), which the reader does not need. Pure: bytes in, plain
data out; every value is kept as written (no float).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from boclerk.i18n import _

MAX_BYTES = 1 << 20  # a day's file is about 5-10 KB


class RatesFileError(ValueError):
    """The file is not a readable ValCurs file; the message is one sentence."""


@dataclass(frozen=True)
class DailyRate:
    code: str       # ISO 4217 letter code: EUR
    nominal: int    # how many units the value is for: 1, 10, 100
    value: str      # the price of ``nominal`` units, with a decimal point: "127.2343"
    name: str


@dataclass(frozen=True)
class DailyRates:
    day: date
    rates: list[DailyRate]


def _text(el, tag: str, index: int) -> str:
    child = el.find(tag)
    if child is None or child.text is None or not child.text.strip():
        raise RatesFileError(_("Rate {index} has no {tag}.").format(index=index, tag=tag))
    return child.text.strip()


def read_daily_rates(data: bytes) -> DailyRates:
    """Parse a ValCurs file; RatesFileError with one sentence for anything else."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(data) > MAX_BYTES:
        raise RatesFileError(_("The file is larger than {value} KB; a day's rates are a few KB.").format(value=MAX_BYTES // 1024))
    try:
        root = fromstring(data, forbid_dtd=True)
    except ParseError as exc:
        from boclerk.formats.xmlsafe import parse_error_reason

        raise RatesFileError(_("The file is not readable XML ({splitlines}).").format(
            splitlines=parse_error_reason(exc))) from None
    except (DefusedXmlException, LookupError, ValueError) as exc:
        raise RatesFileError(_("The file is not readable XML ({splitlines}).").format(
            splitlines=_("it declares a DTD or entities") if isinstance(exc, DefusedXmlException)
            else _("not well-formed"))) from None
    if root.tag != "ValCurs":
        raise RatesFileError(_("This is not the Bank of Russia's daily rates file (its root is <{tag}>, "
                               "not <ValCurs>).").format(tag=root.tag))
    stamp = (root.get("Date") or "").strip()
    m = re.fullmatch(r"([0-9]{2})[./]([0-9]{2})[./]([0-9]{4})", stamp)
    try:
        day = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        day = None
    if day is None:
        raise RatesFileError(_("The file's Date '{stamp}' is not a date (DD.MM.YYYY).").format(stamp=stamp))
    rates = []
    for i, el in enumerate(root.findall("Valute"), start=1):
        code = _text(el, "CharCode", i).upper()
        nominal_text, value_text = _text(el, "Nominal", i), _text(el, "Value", i)
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise RatesFileError(_("Rate {i}: '{code}' is not a currency code.").format(i=i, code=code))
        if not re.fullmatch(r"[1-9][0-9]{0,6}", nominal_text):
            raise RatesFileError(_("Rate {i} ({code}): the nominal '{nominal_text}' is not a whole number.").format(i=i, code=code, nominal_text=nominal_text))
        value = value_text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,8})?", value):
            raise RatesFileError(_("Rate {i} ({code}): the value '{value_text}' is not a number.").format(i=i, code=code, value_text=value_text))
        name_el = el.find("Name")
        rates.append(DailyRate(code, int(nominal_text), value, (name_el.text or "").strip() if name_el is not None
                               else ""))
    if not rates:
        raise RatesFileError(_("The file of {day} holds no rates.").format(day=day))
    return DailyRates(day, rates)
