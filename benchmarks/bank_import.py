"""How long a 100,000-line bank statement takes to import and match (target: under 10 s).

Copies the 10,000-order demo database (benchmarks build it once, see common.ensure_demo) to
a throwaway file, writes a 1CClientBankExchange statement (or camt with --camt) whose
lines look like a busy shop's: payments naming an order (SO-...) for what it still owes,
payments from a customer by name and amount, payments to suppliers naming a bill or by tax
id, bank fees, and payments nobody can match. Then registers it as ``boclerk bank import``
does (``add_files``: read, parse, store, record, match) and prints the seconds, lines per
second, how many got a proposal, and the floor ``python -c "import sqlmodel"`` of the same run;
then registers the same file again and prints how long saying "already registered" took.

    python benchmarks/bank_import.py                 # 100,000 lines, 1C format, SQLite
    python benchmarks/bank_import.py --lines 20000 --camt
    python benchmarks/bank_import.py --camt 054      # a notification (camt.054: no balances)
    python benchmarks/bank_import.py --pg            # the demo built on a throwaway PostgreSQL server

A script, not a test: it prints figures; its exit code says whether the books stayed sound.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["BOCLERK_CONFIG"] = os.devnull
os.environ.pop("BOCLERK_DB", None)

from common import ensure_demo, ensure_pg_demo, pg_arg, pg_copy, pg_server
from stocktake_post import floor_seconds

ACCOUNT_1C = "40702810900000012345"


def targets(db) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    """Open orders (number, due, customer name) and open bills (number, due, supplier tax id)."""
    from sqlalchemy import text

    with db.read("admin", system=True) as uow:
        orders = uow.s.execute(text(
            "SELECT o.number, o.total - o.paid, c.name FROM sales_order o JOIN customer c ON c.id = o.customer_id "
            "WHERE o.status <> 'cancelled' AND o.total > o.paid ORDER BY o.id")).all()
        bills = uow.s.execute(text(
            "SELECT b.number, b.total - b.paid, s.tax_id FROM supplier_bill b JOIN supplier s ON s.id = b.supplier_id "
            "WHERE b.status = 'posted' AND b.total > b.paid ORDER BY b.id")).all()
    return [tuple(r) for r in orders], [tuple(r) for r in bills]


def payments(n: int, rng: random.Random, orders, bills) -> list[tuple[Decimal, str, str, str]]:
    """(signed amount, purpose, counterparty name, tax id) for n lines."""
    out = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.35 and orders:
            number, due, name = rng.choice(orders)
            out.append((Decimal(due) / 100, f"Оплата по заказу {number}", name, ""))
        elif kind < 0.5 and orders:
            _, due, name = rng.choice(orders)
            out.append((Decimal(due) / 100, "Оплата за товар", name, ""))
        elif kind < 0.65 and bills:
            number, due, tax_id = rng.choice(bills)
            out.append((-Decimal(due) / 100, f"Оплата по счету {number}", "ООО Поставщик", tax_id or ""))
        elif kind < 0.75:
            out.append((-Decimal(rng.randrange(100, 5000)) / 100, "Комиссия банка за обслуживание", "Банк", ""))
        elif kind < 0.9:
            out.append((Decimal(rng.randrange(1000, 900000)) / 100, f"Перевод {i}", f"Иванов {i % 997}", ""))
        else:
            out.append((-Decimal(rng.randrange(1000, 900000)) / 100, f"Аренда {i}", "ИП Петров",
                        f"77{rng.randrange(10**8):08d}"))
    return out


def statement_1c(lines, day: str = "16.11.2026") -> bytes:
    incoming = sum((a for a, *_ in lines if a > 0), Decimal(0))
    outgoing = sum((-a for a, *_ in lines if a < 0), Decimal(0))
    opening = Decimal("1000000.00")
    docs = []
    for i, (amount, purpose, name, inn) in enumerate(lines, 1):
        if amount > 0:
            sides = (f"ПлательщикСчет=40702810100000{i % 100000:06d}\nПлательщикИНН={inn}\nПлательщик1={name}\n"
                     f"ПолучательСчет={ACCOUNT_1C}\nПолучательИНН=7702345678\nПолучатель1=ООО Ромашка\n"
                     f"ДатаПоступило={day}\n")
        else:
            sides = (f"ПлательщикСчет={ACCOUNT_1C}\nПлательщикИНН=7702345678\nПлательщик1=ООО Ромашка\n"
                     f"ДатаСписано={day}\nПолучательСчет=40702810200000{i % 100000:06d}\nПолучательИНН={inn}\n"
                     f"Получатель1={name}\n")
        docs.append(f"СекцияДокумент=Платежное поручение\nНомер={i}\nДата={day}\nСумма={abs(amount)}\n"
                    f"{sides}НазначениеПлатежа={purpose}\nКонецДокумента\n")
    text = ("1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\n"
            f"Отправитель=Бухгалтерия\nДатаСоздания={day}\nДатаНачала={day}\nДатаКонца={day}\nРасчСчет={ACCOUNT_1C}\n"
            f"СекцияРасчСчет\nДатаНачала={day}\nДатаКонца={day}\nРасчСчет={ACCOUNT_1C}\nНачальныйОстаток={opening}\n"
            f"ВсегоПоступило={incoming}\nВсегоСписано={outgoing}\nКонечныйОстаток={opening + incoming - outgoing}\n"
            "КонецРасчСчет\n" + "".join(docs) + "КонецФайла\n")
    return text.replace("\n", "\r\n").encode("cp1251")


# camt kind -> (namespace's message number, message element, statement element, balances given)
CAMT = {"053": ("BkToCstmrStmt", "Stmt", True), "052": ("BkToCstmrAcctRpt", "Rpt", True),
        "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn", False)}


def statement_camt(lines, day: str = "2026-11-16", kind: str = "053") -> bytes:
    opening = Decimal("1000000.00")
    closing = opening + sum((a for a, *_ in lines), Decimal(0))
    xml = []
    for i, (amount, purpose, name, _inn) in enumerate(lines, 1):
        sign, role = ("CRDT", "Dbtr") if amount > 0 else ("DBIT", "Cdtr")
        xml.append(
            f'<Ntry><Amt Ccy="RUB">{abs(amount)}</Amt><CdtDbtInd>{sign}</CdtDbtInd><Sts>BOOK</Sts>'
            f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>R{i:07d}</AcctSvcrRef>"
            f"<NtryDtls><TxDtls><RltdPties><{role}><Nm>{name}</Nm></{role}></RltdPties>"
            f"<RmtInf><Ustrd>{purpose}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")

    def bal(code, value):
        return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"RUB\">{abs(value)}</Amt>"
                f"<CdtDbtInd>{'CRDT' if value >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")

    message, container, balances = CAMT[kind]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.02"><{message}><GrpHdr>'
            f"<MsgId>M-1</MsgId><CreDtTm>{day}T06:00:00</CreDtTm></GrpHdr><{container}><Id>S-{day}</Id>"
            f"<CreDtTm>{day}T06:00:00</CreDtTm><Acct><Id><IBAN>RU0204452560040702810412345678901</IBAN></Id>"
            "<Ccy>RUB</Ccy></Acct>" + (bal("OPBD", opening) + bal("CLBD", closing) if balances else "") + "".join(xml)
            + f"</{container}></{message}></Document>\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--camt", nargs="?", const="053", choices=sorted(CAMT),
                        help="camt XML instead of 1C: camt.053 (the default), 052 (a report) or 054 (a notification, no balances)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orders", type=int, default=10_000, help="orders of the demo database")
    pg_arg(parser)
    args = parser.parse_args()

    from boclerk.db.database import Database
    from boclerk.services.documents.intake import IntakeMeta, Limits, add_files
    from boclerk.services.platform.checks import run_checks
    from boclerk.settings import location_from

    floor = floor_seconds()
    with tempfile.TemporaryDirectory(prefix="boclerk-bank-bench-") as tmp, pg_server(args.pg) as server:
        if server is None:
            path = Path(tmp) / "bank.db"
            shutil.copyfile(ensure_demo(args.orders), path)
            ctx = None
            location = location_from(str(path), "benchmark")
            _up_to_date(location)
        else:
            ctx = pg_copy(server, ensure_pg_demo(server, args.orders))
            location = ctx.__enter__()
        try:
            config = Path(tmp) / "boclerk.toml"
            config.write_text(f'documents = "{Path(tmp) / "documents"}"\nmax_upload_mb = 1024\n')
            os.environ["BOCLERK_CONFIG"] = str(config)
            db = Database.open(location)
            try:
                orders, bills = targets(db)
                lines = payments(args.lines, random.Random(args.seed), orders, bills)
                data = statement_camt(lines, kind=args.camt) if args.camt else statement_1c(lines)
                file = Path(tmp) / ("statement.xml" if args.camt else "statement.txt")
                file.write_bytes(data)
                user = _admin(db)
                stages: dict[str, list[float]] = {}
                reports = 0

                def progress(stage: str, done: int, total: int) -> None:  # what the CLI's bar shows
                    nonlocal reports
                    reports += 1
                    stages.setdefault(stage.split(" ")[0], [time.perf_counter()]).append(time.perf_counter())

                t0 = time.perf_counter()
                [result] = add_files(db, user, [file], IntakeMeta(doc_type="bank_statement"),
                                     limits=Limits(max_bytes=1 << 30), progress=progress)
                took = time.perf_counter() - t0
                t1 = time.perf_counter()  # the same file again: known by its hash
                [again] = add_files(db, user, [file], IntakeMeta(doc_type="bank_statement"), limits=Limits(max_bytes=1 << 30))
                known = time.perf_counter() - t1
                report = run_checks(db, user)
            finally:
                db.close()
        finally:
            if ctx is not None:
                ctx.__exit__(None, None, None)
    backend = "PostgreSQL" if server else "SQLite"
    print(f"bank statement import on {backend}: {args.lines:,} lines, {'camt.' + args.camt if args.camt else '1C'}, "
          f"{len(data) / 1e6:.1f} MB, into a {args.orders:,}-order demo database")
    print(f"  {result.message[:300]}")
    print(f"  floor: python -c 'import sqlmodel'   {floor:8.3f} s")
    print(f"  import   {took:8.2f} s   {args.lines / took:10,.0f} lines/s   {took / floor:6.1f} x floor"
          f"   {'within' if took < 10 else 'OVER'} the 10 s target")
    # the demo's own stored files stay where the demo was built: their check is not this benchmark's
    failed = sorted({v.invariant for v in report.violations if "stored file" not in v.invariant})
    marks = sorted((times[0], stage) for stage, times in stages.items())
    ends = [t for t, _ in marks[1:]] + [t0 + took]
    print("  stages: " + ", ".join(f"{stage} {end - start:.2f} s" for (start, stage), end in zip(marks, ends))
          + f" (from the {reports} progress reports)")
    print(f"  the same file again: {known:8.2f} s   {again.outcome}: {again.message[:120]}")
    print(f"  db check: {'ok' if not failed else 'FAILED: ' + '; '.join(failed)}"
          " (stored files of the demo itself not looked at: they stay where it was built)")
    return 0 if not failed and result.outcome == "registered" and again.outcome == "known" else 1


def _up_to_date(location) -> None:
    """The throwaway copy at the code's schema revision (a demo built by older code is upgraded)."""
    from boclerk.db.engine import make_engine
    from boclerk.db.migrate import upgrade

    engine = make_engine(location)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _admin(db) -> str:
    from sqlalchemy import text

    with db.read(None, system=True) as uow:
        return uow.s.execute(text("SELECT name FROM app_user WHERE role = 'admin' AND active ORDER BY id")).scalar()


if __name__ == "__main__":
    sys.exit(main())
