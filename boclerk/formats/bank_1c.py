"""1CClientBankExchange: the plain-text statement export of Russian banks.

A small strict parser of our own. The file starts with the line
``1CClientBankExchange``; ``Кодировка=Windows`` claims cp1251, ``Кодировка=DOS`` cp866,
no Кодировка cp1251 (the format's default). The encoding the bytes really have wins (many
UTF-8 exports say Windows); the statement's notes say when it differs from the claim. Then header keys,
``СекцияРасчСчет`` ... ``КонецРасчСчет`` with the balances, one
``СекцияДокумент=<kind>`` ... ``КонецДокумента`` per payment, and ``КонецФайла``.
A document is incoming when its payee account is ours (``РасчСчет``), outgoing when its
payer account is. Every problem names the line. 1C has no transaction id, so lines are
fingerprinted by hash (see :mod:`boclerk.formats.bank`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from boclerk.errors import InvalidInput
from boclerk.formats.structure import check_lines
from boclerk.formats.bank import (
    BOM,
    DraftLine,
    Statement,
    fail,
    finish,
    make_date,
    parse_amount,
    show,
)
from boclerk.i18n import _

FIRST_LINE = "1CClientBankExchange"
_CODECS = {"windows": "cp1251", "dos": "cp866"}
_KEY = "Кодировка="
_SHOWN = {"utf-8": "UTF-8", "cp1251": "cp1251 (Windows)", "cp866": "cp866 (DOS)"}
_DATE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
# Keys boclerk reads: a second occurrence inside one section would be ambiguous.
_READ_KEYS = frozenset({
    "Номер", "Дата", "Сумма", "ПлательщикСчет", "ПлательщикРасчСчет", "ПлательщикИНН",
    "Плательщик", "Плательщик1", "ПолучательСчет", "ПолучательРасчСчет", "ПолучательИНН",
    "Получатель", "Получатель1", "НазначениеПлатежа", "ДатаПоступило", "ДатаСписано",
    "ДатаНачала", "ДатаКонца", "РасчСчет", "НачальныйОстаток", "ВсегоПоступило",
    "ВсегоСписано", "КонечныйОстаток", "Кодировка",
    *(f"НазначениеПлатежа{i}" for i in range(1, 7)),
})


@dataclass
class _Block:
    kind: str  # "account" or "document"
    start: int  # line number of the opening marker
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)

    def end_marker(self) -> str:
        return "КонецРасчСчет" if self.kind == "account" else "КонецДокумента"

    def what(self) -> str:
        return {"account": _("the СекцияРасчСчет"), "document": _("the document")}.get(self.kind, _("the header"))

    def get(self, key: str) -> tuple[str, int] | None:
        found = self.fields.get(key)
        return found if found and found[0] else None


# --- encoding ----------------------------------------------------------------------------

def _declared(body: bytes) -> tuple[str | None, str | None]:
    """(value of Кодировка=, the codec its key is written in), or (None, None)."""
    head = body[:16384]
    for codec in ("utf-8", "cp1251", "cp866"):
        key = re.escape(_KEY.encode(codec))
        found = re.search(rb"(?m)^[ \t]*" + key + rb"([^\r\n]*)", head)
        if found:
            return found.group(1).decode("ascii", "replace").strip(), codec
    return None, None


# Words every 1C statement is written with: in whichever encoding they are found, that is the file's.
_MARKERS = ("СекцияДокумент", "КонецДокумента", "СекцияРасчСчет", "КонецФайла", "ВерсияФормата", "Кодировка",
            "РасчСчет", "Сумма")


def _detect(body: bytes) -> str | None:
    """The encoding the bytes really have: UTF-8 if they are valid UTF-8 with the format's words,
    else the one-byte code page (cp1251 or cp866) in which the format's words appear most."""
    counts = {codec: sum(body.count(word.encode(codec)) for word in _MARKERS)
              for codec in ("utf-8", "cp1251", "cp866")}
    best = max(counts, key=lambda c: (counts[c], c == "utf-8"))
    if counts[best] == 0:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "utf-8"
    return best


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, note): the note says when the bytes are not in the encoding the file claims.

    ``Кодировка=Windows`` claims cp1251, ``DOS`` cp866, no Кодировка at all cp1251 (the
    format's default); a BOM claims UTF-8. What counts is the encoding the bytes have: a
    UTF-8 file that says Windows (several banks' and programs' exports do) is read as UTF-8.
    Only bytes that fit no encoding are refused.
    """
    has_bom = data.startswith(BOM)
    body = data[len(BOM):] if has_bom else data
    if b"\0" in body:
        raise InvalidInput(_("{name} contains NUL bytes, so it is not a 1C text file.").format(name=name))
    value, _x = _declared(body)
    claimed = "utf-8" if has_bom else _CODECS.get((value or "windows").lower(), "utf-8")
    codec = "utf-8" if has_bom else (_detect(body) or claimed)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as err:
        line = body.count(b"\n", 0, err.start) + 1
        raise fail(name, _("line {line}").format(line=line), _("the text is not valid {shown}, the encoding the rest of the file is in; export the statement from the bank again").format(shown=_SHOWN[codec])) from None
    note = ""
    if codec != claimed:
        said = _("says Кодировка={value}").format(value=value) if value else _("does not say its Кодировка (so cp1251, the format's default)")
        note = _("{name} {said} but is written in {shown}; read as {shown}").format(name=name, said=said, shown=_SHOWN[codec])
    return text, note


# --- structure ---------------------------------------------------------------------------

def _split(text: str, name: str) -> tuple[_Block, list[str], list[_Block], list[_Block]]:
    """(header fields, header accounts, account sections, documents)."""
    lines = text.split("\n")
    if lines[0].strip() != FIRST_LINE:
        raise fail(name, "line 1", _("the first line must be {first_line}").format(first_line=FIRST_LINE))
    header = _Block("header", 1)
    accounts: list[str] = []
    sections: list[_Block] = []
    documents: list[_Block] = []
    current: _Block | None = None
    ended = False

    def unclosed(block: _Block) -> str:
        return _("{what} that starts on line {start} has no {end_marker}").format(what=block.what(), start=block.start, end_marker=block.end_marker())

    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if not line:
            continue
        if ended:
            raise fail(name, _("line {number}").format(number=number), _("there is text after КонецФайла"))
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if sep and key and current is not None and key != "СекцияДокумент":  # the common case: a field of a section
            target = current.fields
            if key in target and key in _READ_KEYS:
                raise fail(name, _("line {number}").format(number=number), _("{key} appears a second time (first on line {target})").format(key=key, target=target[key][1]))
            target.setdefault(key, (value, number))
            continue
        opens = "account" if line == "СекцияРасчСчет" else "document" if key == "СекцияДокумент" else ""
        if opens:
            if current is not None:
                raise fail(name, _("line {number}").format(number=number), unclosed(current))
            current = _Block(opens, number)
        elif not sep and key in ("КонецРасчСчет", "КонецДокумента"):
            kind = "account" if key == "КонецРасчСчет" else "document"
            if current is None or current.kind != kind:
                raise fail(name, _("line {number}").format(number=number), _("{key} closes a section that was never opened").format(key=key))
            (sections if kind == "account" else documents).append(current)
            current = None
        elif not sep and key == "КонецФайла":
            if current is not None:
                raise fail(name, _("line {number}").format(number=number), unclosed(current))
            ended = True
        elif not sep or not key:
            raise fail(name, _("line {number}").format(number=number), _("{line} is neither key=value nor a section marker").format(line=show(line)))
        else:
            target = (current or header).fields
            if current is None and key == "РасчСчет":
                accounts.append(value)
            elif key in target and key in _READ_KEYS:
                raise fail(name, _("line {number}").format(number=number), _("{key} appears a second time (first on line {target})").format(key=key, target=target[key][1]))
            target.setdefault(key, (value, number))
    if current is not None:
        raise InvalidInput(_("{name}: {unclosed}; the file is truncated.").format(name=name, unclosed=unclosed(current)))
    if not ended:
        raise InvalidInput(_("{name} ends without КонецФайла; the file is truncated.").format(name=name))
    return header, accounts, sections, documents


def _date(found: tuple[str, int] | None, key: str, name: str) -> date | None:
    if found is None:
        return None
    text, line = found
    match = _DATE.fullmatch(text)
    if not match:
        raise fail(name, _("line {line}").format(line=line), _("{key} {text} is not a date like 31.01.2026").format(key=key, text=show(text)))
    day, month, year = match.groups()
    try:
        return make_date(year, month, day, name, "", text)
    except InvalidInput:  # said again naming the line (built only when needed: a statement has 100,000 dates)
        return make_date(year, month, day, name, _("line {line}").format(line=line), text)


def _money(block: _Block, key: str, name: str, *, required: bool, signed: bool) -> Decimal | None:
    found = block.get(key)
    if found is None:
        if required:
            raise fail(name, _("line {start}").format(start=block.start), _("{what} has no {key}").format(what=block.what(), key=key))
        return None
    try:
        return parse_amount(found[0], name, "", signed=signed)
    except InvalidInput:  # said again naming the line
        return parse_amount(found[0], name, _("line {found} ({key})").format(found=found[1], key=key), signed=signed)


def _first(block: _Block, *keys: str) -> str:
    for key in keys:
        found = block.get(key)
        if found:
            return found[0]
    return ""


# --- the statement -----------------------------------------------------------------------

def _line(doc: _Block, account: str, name: str, line_word: str = "") -> DraftLine:
    where = (line_word or _("line {start}")).format(start=doc.start)
    amount = _money(doc, "Сумма", name, required=True, signed=False)
    assert amount is not None
    issued = _date(doc.get("Дата"), "Дата", name)
    if issued is None:
        raise fail(name, where, _("the document has no Дата"))
    payer = {_first(doc, "ПлательщикСчет"), _first(doc, "ПлательщикРасчСчет")} - {""}
    payee = {_first(doc, "ПолучательСчет"), _first(doc, "ПолучательРасчСчет")} - {""}
    incoming, outgoing = account in payee, account in payer
    if incoming == outgoing:
        side = _("both payer and payee") if incoming else _("neither payer nor payee")
        raise fail(name, where, _("the document names our account {account} as {side}, so its direction is unknown").format(account=account, side=side))
    number = _first(doc, "Номер")
    purpose = _first(doc, "НазначениеПлатежа") or " ".join(
        part for i in range(1, 7) if (part := _first(doc, f"НазначениеПлатежа{i}"))
    )
    if incoming:
        booked = _date(doc.get("ДатаПоступило"), "ДатаПоступило", name) or issued
        return DraftLine(
            where=where, booked=booked, amount=amount,
            counterparty_name=_first(doc, "Плательщик1", "Плательщик"),
            counterparty_tax_id=_first(doc, "ПлательщикИНН"),
            counterparty_account=_first(doc, "ПлательщикСчет", "ПлательщикРасчСчет"),
            purpose=purpose, reference=number,
        )
    booked = _date(doc.get("ДатаСписано"), "ДатаСписано", name) or issued
    return DraftLine(
        where=where, booked=booked, amount=-amount,
        counterparty_name=_first(doc, "Получатель1", "Получатель"),
        counterparty_tax_id=_first(doc, "ПолучательИНН"),
        counterparty_account=_first(doc, "ПолучательСчет", "ПолучательРасчСчет"),
        purpose=purpose, reference=number,
    )


def read(data: bytes, name: str) -> Statement:
    """The statement of a file of one account (see :func:`read_all` for several)."""
    found = read_all(data, name)
    if len(found) > 1:
        raise InvalidInput(
            _("{name} holds several accounts ({names}); export one account per file.").format(name=name, names=', '.join(st.account for st in found))
        )
    return found[0]


def _accounts(header_accounts: list[str], sections: list[_Block], name: str) -> list[str]:
    """Our accounts in the file, in the order it names them: the header's РасчСчет (a section of
    another account contradicts it), else the sections'."""
    declared = list(dict.fromkeys(a for a in header_accounts if a))
    for section in sections:
        own = _first(section, "РасчСчет")
        if declared and own and own not in declared:
            raise fail(name, _("line {start}").format(start=section.start),
                       _("the СекцияРасчСчет is for account {own}, not {account}").format(own=own, account=", ".join(declared)))
    return declared or list(dict.fromkeys(a for a in (_first(s, "РасчСчет") for s in sections) if a))


def read_all(data: bytes, name: str) -> list[Statement]:
    """One statement per account of the file (several РасчСчет, several СекцияРасчСчет): each
    account's balances come from its own sections, its lines from the documents naming it as
    payer or payee (a transfer between two of them is a line of each)."""
    check_lines(data, name)
    text, note = _decode(data, name)
    header, header_accounts, sections, documents = _split(text, name)
    if not sections:
        raise InvalidInput(_("{name} has no СекцияРасчСчет, so it gives no balances.").format(name=name))
    accounts = _accounts(header_accounts, sections, name) or [""]
    several = len(accounts) > 1
    own: dict[str, list[_Block]] = {a: [] for a in accounts}
    for section in sections:
        account = _first(section, "РасчСчет")
        if not account and several:
            raise fail(name, _("line {start}").format(start=section.start),
                       _("the СекцияРасчСчет names no РасчСчет, and the file holds several accounts ({names})").format(names=", ".join(accounts)))
        own[account or accounts[0]].append(section)
    line_word = _("line {start}")
    mine: dict[str, list[DraftLine]] = {a: [] for a in accounts}
    for doc in documents:
        if not several:
            mine[accounts[0]].append(_line(doc, accounts[0], name, line_word))
            continue
        named = {_first(doc, k) for k in ("ПлательщикСчет", "ПлательщикРасчСчет", "ПолучательСчет", "ПолучательРасчСчет")}
        ours = [a for a in accounts if a in named]
        if not ours:
            raise fail(name, line_word.format(start=doc.start), _("the document names none of the file's accounts ({names}) as payer or payee").format(names=", ".join(accounts)))
        for account in ours:
            mine[account].append(_line(doc, account, name, line_word))
    out: list[Statement] = []
    first_line = 1
    for account in accounts:
        if not own[account]:
            raise InvalidInput(_("{name} has no СекцияРасчСчет for account {account}, so it gives no balances for it.").format(name=name, account=account))
        out.append(_statement(name, header, own[account], mine[account], account, note, first_line))
        first_line += len(out[-1].lines)
    return out


def _statement(name: str, header: _Block, sections: list[_Block], drafts: list[DraftLine], account: str,
               note: str, first_line: int) -> Statement:
    """One account's statement: balances of its sections, in turn, and its lines."""
    opening = _money(sections[0], "НачальныйОстаток", name, required=True, signed=True)
    closing = _money(sections[-1], "КонечныйОстаток", name, required=True, signed=True)
    assert opening is not None and closing is not None
    for before, after in zip(sections, sections[1:], strict=False):  # neighbours
        end = _money(before, "КонечныйОстаток", name, required=True, signed=True)
        start = _money(after, "НачальныйОстаток", name, required=True, signed=True)
        if end != start:
            raise fail(name, _("line {start}").format(start=after.start), _("the НачальныйОстаток {start} does not continue the КонечныйОстаток {end} of line {start2}").format(start=start, end=end, start2=before.start))

    for key, total in (("ВсегоПоступило", sum((d.amount for d in drafts if d.amount > 0), Decimal(0))),
                       ("ВсегоСписано", -sum((d.amount for d in drafts if d.amount < 0), Decimal(0)))):
        stated = [_money(s, key, name, required=False, signed=False) for s in sections]
        if stated and all(value is not None for value in stated):
            declared = sum((v for v in stated if v is not None), Decimal(0))
            if declared != total:
                raise InvalidInput(
                    _("{name}: {key} says {declared} but the documents add up to {total}.").format(name=name, key=key, declared=declared, total=total)
                )

    first, last = sections[0], sections[-1]
    return finish(
        name, "1c", account=account, currency="RUB",
        period_start=_date(header.get("ДатаНачала") or first.get("ДатаНачала"), "ДатаНачала", name),
        period_end=_date(header.get("ДатаКонца") or last.get("ДатаКонца"), "ДатаКонца", name),
        opening=opening, closing=closing, drafts=drafts, notes=(note,) if note else (), first_line=first_line,
    )
