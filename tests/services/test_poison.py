"""Poisoned files: refused with one sentence, and never able to stop the files beside them.

The OFX file of the report (an OFX header, then ``<STMTRS>`` nested 200,000 deep, 1.6 MB)
crashed Python with SIGSEGV inside ofxtools, from every door: ``bank import``, ``doc add``
and ``doc scan``, and every rescan died on it again. Now its nesting is counted before
ofxtools sees it; and should a file still crash a parser, it crashes only the reader
process that read it (shown here with the limit switched off in that process).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boclerk.services.documents import reader
from boclerk.services.documents.intake import scan
from boclerk.services.platform.checks import run_checks
from tests.services.doc_samples import document_store  # noqa: F401  (autouse: the store of a PostgreSQL test)

ROOT = Path(__file__).resolve().parents[2]

HEADER = ("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
          "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")


def poisoned_ofx() -> bytes:
    return HEADER.encode() + b"<OFX>" + b"<STMTRS>" * 200_000


def good_ofx(n: int) -> bytes:
    amount = 100 + n
    return (HEADER + f"""<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261201083000<LANGUAGE>ENG</SONRS>
</SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>{n}<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>RUB<BANKACCTFROM><BANKID>044525225<ACCTID>4070281000000000{n:04d}<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261101<DTEND>20261130
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261110<TRNAMT>{amount}.00<FITID>F{n}-1<NAME>Customer {n}<MEMO>Payment {n}</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261111<TRNAMT>-1.50<FITID>F{n}-2<NAME>Bank<MEMO>Fee</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>{amount + 1000}.00<DTASOF>20261130</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
""").replace("\n", "\r\n").encode("ascii")


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "poison.ofx").write_bytes(poisoned_ofx())
    for n in range(10):
        (folder / f"statement-{n:02d}.ofx").write_bytes(good_ofx(n))
    return folder


def _outcomes(results) -> dict[str, tuple[str, str]]:
    return {Path(r.source).name: (r.outcome, r.message) for r in results}


def test_the_poisoned_ofx_is_refused_and_the_ten_good_statements_come_in(db, inbox):
    outcomes = _outcomes(scan(db, "clerk", inbox))
    assert outcomes["poison.ofx"] == (
        "refused", "poison.ofx nests its elements more than 64 deep; no statement or invoice does, so boclerk refuses "
                   "it.")
    good = {name: outcome for name, outcome in outcomes.items() if name != "poison.ofx"}
    assert len(good) == 10 and {o for o, _ in good.values()} == {"registered"}
    assert all("(bank statement, OFX): 2 new bank line(s)" in message for _, message in good.values()), good
    again = _outcomes(scan(db, "clerk", inbox))  # the inbox is not blocked: the rescan says the same
    assert again["poison.ofx"][0] == "refused"
    assert {o for name, (o, _) in again.items() if name != "poison.ofx"} == {"known"}
    assert run_checks(db, "admin").ok


def test_a_reader_that_crashes_costs_one_file_not_the_scan(db, inbox, monkeypatch):
    crashing = reader.Reader(command=[sys.executable, "-m", "tests.services.reader_without_limits"])
    monkeypatch.setattr(reader, "_SHARED", crashing)
    try:
        outcomes = _outcomes(scan(db, "clerk", inbox))
    finally:
        crashing.close()
    assert outcomes["poison.ofx"] == (
        "refused", "poison.ofx could not be read: its reader stopped with SIGSEGV; boclerk refuses the file "
                   "(it may be damaged or made to harm).")
    assert sorted(name for name, (o, _) in outcomes.items() if o == "registered") == [
        f"statement-{n:02d}.ofx" for n in range(10)]
    assert run_checks(db, "admin").ok


def test_a_reader_that_hangs_is_stopped(db, tmp_path, monkeypatch):
    slow = reader.Reader(timeout=1, command=[sys.executable, "-c", "import time; time.sleep(600)"])
    monkeypatch.setattr(reader, "_SHARED", slow)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("anything\n")
    try:
        [result] = scan(db, "clerk", tmp_path / "in")
    finally:
        slow.close()
    assert (result.outcome, result.message) == ("refused", "a.txt took longer than 1 seconds to read; boclerk "
                                                           "refuses it.")


def _boclerk(location, *args: str):
    env = dict(os.environ)  # the test's own config: a PostgreSQL store under the test's folder
    where = str(location.path) if location.is_sqlite else location.url
    return subprocess.run([sys.executable, "-m", "boclerk", "--db", where, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_every_door_refuses_it_with_a_sentence_in_a_real_process(db, location, inbox):
    import pwd

    from boclerk.services.platform.users import add_user

    with db.write("admin") as uow:
        add_user(uow, pwd.getpwuid(os.geteuid()).pw_name, "admin")
    poison = str(inbox / "poison.ofx")
    for args in (("bank", "import", poison), ("doc", "add", poison)):
        r = _boclerk(location, *args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)  # not 139: no SIGSEGV
        assert r.stderr.strip() == f"{poison}: poison.ofx nests its elements more than 64 deep; no statement or " \
                                   "invoice does, so boclerk refuses it.", r.stderr
    r = _boclerk(location, "doc", "scan", str(inbox))
    assert r.returncode == 2 and len(r.stdout.split()) == 10, (r.stdout, r.stderr)
    assert "poison.ofx nests its elements more than 64 deep" in r.stderr
    assert r.stderr.strip().endswith("10 registered, 0 already registered, 1 refused.")
