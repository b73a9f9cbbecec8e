"""The reconciliation statement (акт сверки взаимных расчётов) as an A4 PDF.

The shop's side is filled in from its books; the partner's side is left blank for the
partner to fill in and sign, as the form is used in Russia. Russian or English words by its
language, which is its locale's unless told; dates and amounts in the locale's format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from boclerk.formats.pdf import new_page
from boclerk.money import format_amount

__all__ = ["StatementData", "StatementLine", "statement_pdf"]


@dataclass(frozen=True)
class StatementLine:
    day: date
    text: str
    debit: int
    credit: int


@dataclass(frozen=True)
class StatementData:
    company: str
    partner: str
    start: date
    end: date
    opening: int  # positive: in the shop's favour (the partner owes it)
    lines: tuple[StatementLine, ...]
    closing: int
    director: str
    created: datetime
    currency: str = "RUB"
    locale: str = "ru"  # how its amounts and dates are written
    language: str = ""  # of its words: "ru" or "en"; empty: the locale's


_RU = {"title": "Акт сверки взаимных расчётов", "period": "за период с {a} по {b}",
       "between": "между {c} и {p}", "ours": "По данным {c}", "theirs": "По данным {p}",
       "head": ["Дата", "Документ", "Дебет", "Кредит", "Дата", "Документ", "Дебет", "Кредит"],
       "opening": "Сальдо начальное", "turnover": "Обороты за период", "closing": "Сальдо конечное",
       "owed_us": "На {d} задолженность в пользу {c}: {s}", "owed_them": "На {d} задолженность в пользу {p}: {s}",
       "none": "На {d} задолженности нет.", "sign": "От {c}", "sign2": "От {p}"}
_EN = {"title": "Reconciliation statement", "period": "for the period {a} to {b}", "between": "between {c} and {p}",
       "ours": "Per {c}", "theirs": "Per {p}",
       "head": ["Date", "Document", "Debit", "Credit", "Date", "Document", "Debit", "Credit"],
       "opening": "Opening balance", "turnover": "Turnover for the period", "closing": "Closing balance",
       "owed_us": "On {d} {s} is owed to {c}", "owed_them": "On {d} {s} is owed to {p}",
       "none": "On {d} nothing is owed.", "sign": "For {c}", "sign2": "For {p}"}


def statement_pdf(s: StatementData) -> bytes:
    ru = s.locale.startswith("ru")
    t = _RU if (s.language or s.locale).startswith("ru") else _EN

    def d(day: date) -> str:
        return f"{day:%d.%m.%Y}" if ru else day.isoformat()

    def money(minor: int) -> str:
        return format_amount(minor, currency=s.currency, locale=s.locale) if minor else ""

    def split(balance: int) -> tuple[str, str]:
        return (money(balance), "") if balance >= 0 else ("", money(-balance))

    page = new_page(t["title"], s.created)
    page.text(t["title"], 14, True, align="C")
    page.text(t["period"].format(a=d(s.start), b=d(s.end)), 10, align="C")
    page.text(t["between"].format(c=s.company, p=s.partner), 10, align="C", gap=3)
    page.table([t["ours"].format(c=s.company), t["theirs"].format(p=s.partner)], [], [1, 1], "CC", size=9)
    rows = [["", t["opening"], *split(s.opening), "", t["opening"], "", ""]]
    rows += [[d(x.day), x.text, money(x.debit), money(x.credit), "", "", "", ""] for x in s.lines]
    rows.append(["", t["turnover"], money(sum(x.debit for x in s.lines)) or "0", money(sum(x.credit for x in s.lines))
                 or "0", "", t["turnover"], "", ""])
    rows.append(["", t["closing"], *split(s.closing), "", t["closing"], "", ""])
    page.table(t["head"], rows, [16, 44, 20, 20, 16, 30, 18, 18], "LLRRLLRR", size=7.5)
    if s.closing > 0:
        page.text(t["owed_us"].format(d=d(s.end), c=s.company, s=f"{money(s.closing)} {s.currency}"), 10, True)
    elif s.closing < 0:
        page.text(t["owed_them"].format(d=d(s.end), p=s.partner, s=f"{money(-s.closing)} {s.currency}"), 10, True)
    else:
        page.text(t["none"].format(d=d(s.end)), 10, True)
    page.pdf.ln(6)
    page.pair(t["sign"].format(c=s.company), f"______________ {s.director}")
    page.pair(t["sign2"].format(p=s.partner), "______________ /______________/")
    return page.output()
