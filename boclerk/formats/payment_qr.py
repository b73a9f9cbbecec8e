"""The payment QR code of GOST R 56042-2014 (the "ST00012" string banking apps read).

The payload is ``ST0001`` + the encoding flag (``2``: UTF-8), then ``|Key=Value`` pairs: the five
required ones first (Name, PersonalAcc, BankName, BIC, CorrespAcc), then the additional ones
used here (PayeeINN, KPP, Purpose, Sum in kopecks). A value may not hold the separator ``|``.
"""

from __future__ import annotations

from dataclasses import dataclass
from boclerk.i18n import _

__all__ = ["PaymentDetails", "payload", "qr_png"]

HEADER = "ST00012"  # format ST, version 0001, encoding 2 = UTF-8
REQUIRED = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")


@dataclass(frozen=True)
class PaymentDetails:
    name: str
    account: str
    bank_name: str
    bik: str
    corr_account: str
    inn: str
    kpp: str
    purpose: str
    sum_kopecks: int


def _clean(value: str) -> str:
    """One line, without the separator."""
    return " ".join(value.replace("|", "/").split())


def fields(p: PaymentDetails) -> list[tuple[str, str]]:
    """The pairs in their order; a required one that is empty is refused."""
    pairs = [("Name", p.name), ("PersonalAcc", p.account), ("BankName", p.bank_name), ("BIC", p.bik),
             ("CorrespAcc", p.corr_account), ("PayeeINN", p.inn), ("KPP", p.kpp), ("Purpose", p.purpose),
             ("Sum", str(p.sum_kopecks))]
    pairs = [(k, _clean(v)) for k, v in pairs]
    missing = [k for k, v in pairs if k in REQUIRED and not v]
    if missing:
        raise ValueError(_("the payment QR code needs {names}").format(names=', '.join(missing)))
    if p.sum_kopecks <= 0:
        raise ValueError(_("the payment QR code needs a positive sum"))
    return [(k, v) for k, v in pairs if v]


def payload(p: PaymentDetails) -> str:
    return HEADER + "".join(f"|{k}={v}" for k, v in fields(p))


def qr_png(text: str, *, scale: int = 4) -> bytes:
    """The QR code of ``text`` (UTF-8, error correction M) as PNG bytes."""
    from io import BytesIO

    import segno

    out = BytesIO()
    segno.make(text, encoding="utf-8", error="m", boost_error=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
