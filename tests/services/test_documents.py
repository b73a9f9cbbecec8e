"""Document intake: files stored by content and registered once, text found again, metadata,
links both ways, the status flow, the store kept in step with its rows, and hostile input
refused with one sentence and nothing left behind."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest

from boclerk.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    NotPermitted,
    Refused,
)
from boclerk.services.documents import intake as documents_intake
from boclerk.services.documents.checks import check_store, sweep_orphans
from boclerk.services.documents.intake import Limits, register_bytes
from boclerk.services.documents.queries import (
    document_bytes,
    documents_of,
    list_documents,
    search_documents,
    show_document,
)
from boclerk.services.documents.register import link, set_status, unlink, update_document
from boclerk.services.documents.store import DocStore, sha256_of
from boclerk.services.platform.checks import run_checks
from tests.services.doc_samples import (  # noqa: F401  (document_store is an autouse fixture)
    BILLION_LAUGHS,
    Pay,
    add,
    add_one,
    document_store,
    encrypt,
    make_pdf,
    make_zip,
    scan_dir,
    statement_1c,
    store_dir,
    stored_files,
    write,
)
from tests.services.trade_helpers import (
    audit_actions,
    changed_tables,
    confirmed,
    read,
    set_day,
    shop,
    snapshot,
    sql,
    sql_one,
)

DAY = date(2026, 3, 20)
DOC = re.compile(r"DOC-2026-\d{6}")


@pytest.fixture
def day(db):
    set_day(db, DAY)
    return DAY


def violations(db) -> list[str]:
    return [f"{v.invariant}: {v.detail}" for v in run_checks(db, "admin").violations]


def nothing_stored(db) -> None:
    assert sql_one(db, "SELECT COUNT(*) FROM document") == 0
    assert stored_files(db) == []
    assert list((store_dir(db) / "tmp").glob("*")) == [] if (store_dir(db) / "tmp").is_dir() else True


# -- registering and storing ----------------------------------------------------------------------

def test_a_file_is_stored_by_its_content_and_registered_once(db, day, tmp_path):
    data = "Договор поставки № 17-П с ООО «Ромашка»\n".encode("cp1251")
    path = write(tmp_path / "in", "Договор 17-П.txt", data)
    res = add_one(db, "clerk", path)
    assert res.outcome == "registered" and res.number == "DOC-2026-000001" and res.exit_code == 0
    assert res.message == "Registered Договор 17-П.txt as DOC-2026-000001 (other)."
    sha = sha256_of(data)
    stored = store_dir(db) / sha[:2] / sha[2:]
    assert stored_files(db) == [stored] and stored.read_bytes() == data
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    assert "Договор" not in str(stored)  # never under the sender's name
    row = sql(db, "SELECT number, sha256, size, original_name, kind, doc_type, status, created_by FROM document")[0]
    assert tuple(row) == ("DOC-2026-000001", sha, len(data), "Договор 17-П.txt", "text", "other", "inbox", "clerk")
    assert audit_actions(db, "document", "DOC-2026-000001") == ["doc.register"]
    assert read(db, "viewer", document_bytes, "doc-2026-000001") == ("DOC-2026-000001", "Договор 17-П.txt", data)

    again = write(tmp_path / "other", "copy.txt", data)
    before = snapshot(db)
    res = add_one(db, "clerk", again)
    assert (res.outcome, res.number, res.message) == ("known", "DOC-2026-000001",
                                                      "copy.txt is already registered as DOC-2026-000001.")
    assert changed_tables(before, snapshot(db)) == [] and len(stored_files(db)) == 1
    assert violations(db) == []


def test_metadata_at_intake_and_links_both_ways(db, day, tmp_path):
    shop(db)
    so = confirmed(db, "ANNA", ("MUG", 1))
    path = write(tmp_path, "act.pdf", make_pdf(["Act of delivery 5521"]))
    res = add_one(db, "clerk", path, doc_type="act", counterparty="ANNA", their_number="A-5521",
                  their_date=date(2026, 3, 18), amount=120000, notes="signed copy", links=(so,))
    d = read(db, "viewer", show_document, res.number)
    assert (d.doc_type, d.kind, d.counterparty, d.counterparty_name, d.their_number, d.their_date, d.amount,
            d.notes) == ("act", "pdf", "customer:ANNA", "Anna Petrova", "A-5521", date(2026, 3, 18), 120000,
                         "signed copy")
    assert d.links == [so] and d.text_preview.strip() == "Act of delivery 5521"
    assert [r.number for r in read(db, "viewer", documents_of, so)] == [res.number]
    assert [r.number for r in read(db, "viewer", documents_of, "customer:ANNA")] == []
    with db.write("clerk") as uow:
        assert link(uow, res.number, "ACME") == "supplier:ACME"
        assert link(uow, res.number, "ACME") == "supplier:ACME"  # twice is once
    assert read(db, "viewer", show_document, res.number).links == [so, "supplier:ACME"]
    assert [r.number for r in read(db, "viewer", documents_of, "supplier:ACME")] == [res.number]
    with db.write("clerk") as uow:
        assert unlink(uow, res.number, so) == so
    assert read(db, "viewer", documents_of, so) == []
    with pytest.raises(Refused, match=f"{res.number} is not linked to {so}"), db.write("clerk") as uow:
        unlink(uow, res.number, so)
    with pytest.raises(NotFound, match="There is no order SO-2026-000099"), db.write("clerk") as uow:
        link(uow, res.number, "SO-2026-000099")
    with pytest.raises(NotFound, match="is not an order, purchase order"), db.write("clerk") as uow:
        link(uow, res.number, "NOBODY")
    assert audit_actions(db, "document", res.number) == ["doc.link", "doc.register", "doc.link", "doc.unlink"]


def test_bad_metadata_is_refused_before_anything_is_stored(db, day, tmp_path):
    shop(db)
    path = write(tmp_path, "x.txt", b"some text")
    for meta, sentence in (
        ({"counterparty": "NOBODY"}, "There is no customer or supplier NOBODY."),
        ({"links": ("PO-2026-000042",)}, "There is no purchase order PO-2026-000042."),
        ({"their_date": date(2026, 4, 1)}, "The document date 01.04.2026 is in the future."),
        ({"doc_type": "invoice"}, "'invoice' is not a document type; choose supplier_invoice, upd, "
                                  "waybill, act, contract, receipt, bank_statement, customer_invoice, "
                                  "packing_slip, purchase_order, reconciliation or other."),
    ):
        res = add_one(db, "clerk", path, **meta)
        assert (res.outcome, res.message) == ("refused", sentence)
        nothing_stored(db)


def test_the_status_flow_goes_forward_only(db, day, tmp_path):
    shop(db)
    so = confirmed(db, "ANNA", ("MUG", 1))
    number = add_one(db, "clerk", write(tmp_path, "w.txt", b"waybill 77")).number
    with db.write("clerk") as uow:
        assert set_status(uow, number, "reviewed").status == "reviewed"
    with pytest.raises(Refused, match=f"{number} is not linked to anything yet; link it first"), \
            db.write("clerk") as uow:
        set_status(uow, number, "filed")
    with db.write("clerk") as uow:
        link(uow, number, so)
        set_status(uow, number, "filed")
    with pytest.raises(Refused, match=f"Cannot mark reviewed {number}: it is already filed"), \
            db.write("clerk") as uow:
        set_status(uow, number, "reviewed")
    version = read(db, "viewer", show_document, number).version
    with db.write("clerk") as uow:
        update_document(uow, number, notes="checked", expected_version=version)
    with pytest.raises(ConcurrentChange, match="changed by someone else"), db.write("clerk") as uow:
        update_document(uow, number, notes="again", expected_version=version)
    with db.write("clerk") as uow:
        set_status(uow, number, "archived")
    with pytest.raises(Refused, match="Cannot edit DOC-2026-000001: it is already archived"), db.write("clerk") as uow:
        update_document(uow, number, notes="late")
    with pytest.raises(Refused, match="is already archived"), db.write("clerk") as uow:
        set_status(uow, number, "archived")
    assert [r.status for r in read(db, "viewer", list_documents, status="archived")] == ["archived"]
    assert read(db, "viewer", list_documents, status="inbox") == []
    with pytest.raises(InvalidInput, match="'lost' is not a document status"), db.read("viewer") as uow:
        list_documents(uow, status="lost")
    assert sql_one(db, "SELECT COUNT(*) FROM document") == 1  # never deleted


def test_edit_metadata_and_the_index_follows(db, day, tmp_path):
    shop(db)
    number = add_one(db, "clerk", write(tmp_path, "scan.txt", b"unreadable scan")).number
    assert read(db, "viewer", search_documents, "globex") == []
    with db.write("clerk") as uow:
        update_document(uow, number, doc_type="contract", counterparty="GLOBEX", their_number="K-2026/7",
                        notes="framework agreement")
    for words in ("globex", "framework agr", "k-2026/7", "contract", "scan.txt"):
        assert [r.number for r in read(db, "viewer", search_documents, words)] == [number], words
    with db.write("clerk") as uow:
        update_document(uow, number, counterparty="")
    assert read(db, "viewer", search_documents, "globex") == []
    assert read(db, "viewer", show_document, number).counterparty == ""


def test_search_words_prefixes_and_order(db, day, tmp_path):
    a = add_one(db, "clerk", write(tmp_path, "a.txt", "Счёт на оплату SO-2026-000123 ООО Ромашка".encode())).number
    b = add_one(db, "clerk", write(tmp_path, "b.csv", b"sku;qty\nLAMP-9;4\nMUG-1;10\n")).number
    c = add_one(db, "clerk", write(tmp_path, "c.pdf", make_pdf(["Delivery note for Romashka", "page two lamps"]))).number

    def found(words):
        return [r.number for r in read(db, "viewer", search_documents, words)]

    assert found("ромашк") == [a]
    assert found("РОМАШКА счёт") == [a]
    assert found("so-2026-000123") == [a] and found("SO-2026") == [a]
    assert found("lamp") == [b, c] or found("lamp") == [c, b]
    assert found("lamps two") == [c]
    assert found("romashka delivery") == [c]
    assert found("ромашка delivery") == []
    assert found("nothing-like-this") == []
    rows = read(db, "viewer", search_documents, "page two")
    assert "page two lamps" in rows[0].snippet
    with pytest.raises(InvalidInput, match="Give at least one word to search for."), db.read("viewer") as uow:
        search_documents(uow, " -- ")
    assert found('"; DROP TABLE document; --') == []  # words only, never syntax
    assert sql_one(db, "SELECT COUNT(*) FROM document") == 3


def test_list_pages_by_key(db, day, tmp_path):
    numbers = [add_one(db, "clerk", write(tmp_path, f"f{i}.txt", f"file {i}".encode())).number for i in range(5)]
    first = read(db, "viewer", list_documents, limit=2)
    assert [r.number for r in first] == numbers[::-1][:2]
    older = read(db, "viewer", list_documents, before_id=first[-1].id, limit=2)
    assert [r.number for r in older] == numbers[::-1][2:4]
    newer = read(db, "viewer", list_documents, after_id=older[0].id, limit=2)
    assert [r.number for r in newer] == numbers[::-1][:2]
    assert [r.number for r in read(db, "viewer", list_documents, doc_type="other", limit=10)] == numbers[::-1]


# -- archives ---------------------------------------------------------------------------------------

def test_a_safe_zip_is_unpacked_member_by_member(db, day, tmp_path):
    first = add_one(db, "clerk", write(tmp_path, "known.txt", b"already here")).number
    data = make_zip({"scans/contract.pdf": make_pdf(["Contract 2026-01"]), "notes.txt": b"remember the milk",
                     "dup.txt": b"already here", ".DS_Store": b"junk", "__MACOSX/._notes.txt": b"junk"})
    res = add_one(db, "clerk", write(tmp_path, "batch.zip", data))
    assert res.outcome == "registered", res.message
    assert res.message == (f"Registered batch.zip as {res.number} (other): DOC-2026-000003 contract.pdf; "
                           f"DOC-2026-000004 notes.txt; dup.txt is already registered as {first}.")
    d = read(db, "viewer", show_document, res.number)
    assert d.kind == "zip" and d.members == ["DOC-2026-000003", "DOC-2026-000004"]
    assert read(db, "viewer", show_document, "DOC-2026-000003").parent == res.number
    assert [r.number for r in read(db, "viewer", search_documents, "contract 2026-01")] == ["DOC-2026-000003"]
    assert [r.number for r in read(db, "viewer", search_documents, "milk")] == ["DOC-2026-000004"]
    assert len(stored_files(db)) == 4
    again = add_one(db, "clerk", write(tmp_path / "again", "batch.zip", data))
    assert again.outcome == "known" and again.number == res.number
    assert violations(db) == []


# -- hostile input --------------------------------------------------------------------------------------

def _zip_bomb() -> bytes:
    return make_zip({"zeros.txt": b"0" * (2 * 1024 * 1024)})


HOSTILE = [
    ("encrypted.pdf", lambda: encrypt(make_pdf(["secret"]), "pw"),
     "encrypted.pdf is an encrypted PDF; boclerk cannot read it."),
    ("broken.pdf", lambda: make_pdf(["cut short"])[:200], "broken.pdf is not a readable PDF."),
    ("bomb.xml", lambda: BILLION_LAUGHS,
     "bomb.xml declares XML entities (a possible XML bomb or external entity); boclerk refuses it."),
    ("statement.txt", lambda: statement_1c([Pay("100.00", "Оплата", "Иванов")]).replace("Иванов".encode("cp1251"),
                                                                                       b"\x98", 1),
     "the text is not valid cp1251 (Windows), the encoding the rest of the file is in; "
     "export the statement from the bank again"),
    ("unbalanced.txt", lambda: statement_1c([Pay("100.00", "x", "y")], closing="100.01"),
     "does not equal the closing balance 100.01"),
    ("bomb.zip", _zip_bomb, "compressed more than 100 to 1 (a possible zip bomb); boclerk refuses it."),
    ("climb.zip", lambda: make_zip({"../../etc/cron.d/x": b"boom"}),
     "climb.zip has a member with an unsafe name ('../../etc/cron.d/x')."),
    ("link.zip", lambda: make_zip({"a.txt": b"a"}, symlink="passwd"),
     "link.zip has a symbolic link member ('passwd'); boclerk refuses it."),
    ("nested.zip", lambda: make_zip({"inner.zip": make_zip({"a.txt": b"a"})}),
     "nested.zip contains another archive (inner.zip); unpack it first."),
    ("bad-member.zip", lambda: make_zip({"ok.txt": b"fine", "locked.pdf": encrypt(make_pdf(["s"]), "pw")}),
     "bad-member.zip: locked.pdf is an encrypted PDF; boclerk cannot read it."),
    ("empty.txt", lambda: b"", "empty.txt is empty; there is nothing to register."),
    ("back\\slash.txt", lambda: b"text", "The file name 'back\\\\slash.txt' contains a path separator; boclerk refuses it."),
    ("bell\x07.txt", lambda: b"text", "The file name 'bell\\x07.txt' contains control characters; boclerk refuses it."),
]


@pytest.mark.parametrize(("name", "make", "sentence"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_one_sentence_and_leave_nothing(db, day, tmp_path, name, make, sentence):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(make())
    before = snapshot(db)
    res = add_one(db, "clerk", path)
    assert res.outcome == "refused" and res.exit_code == 2, res
    assert sentence in res.message and "\n" not in res.message and "Traceback" not in res.message
    assert changed_tables(before, snapshot(db)) == []
    nothing_stored(db)


def test_size_cap_and_archive_limits(db, day, tmp_path):
    big = write(tmp_path, "big.pdf", b"%PDF-1.4\n" + b"x" * 3000)
    res = add_one(db, "clerk", big, limits=Limits(max_bytes=2048))
    assert res.message == "big.pdf is 3009 bytes; documents may be at most 2048 bytes (max_upload_mb in the config file)."
    many = write(tmp_path, "many.zip", make_zip({f"f{i}.txt": b"x%d" % i for i in range(6)}))
    res = add_one(db, "clerk", many, limits=Limits(max_members=5))
    assert res.message == "many.zip has 6 members; at most 5 are allowed."
    total = write(tmp_path, "total.zip", make_zip({"a.txt": b"a" * 2500, "b.txt": b"b" * 2500}))
    res = add_one(db, "clerk", total, limits=Limits(max_bytes=4000))
    assert res.message == "total.zip unpacks to more than 0 MB; boclerk refuses it."
    nothing_stored(db)
    with pytest.raises(InvalidInput, match=r"big.pdf is 3000 bytes; documents may be at most 2048 bytes"):
        register_bytes(db, "clerk", "big.pdf", b"x" * 3000, limits=Limits(max_bytes=2048))


def test_config_sets_the_size_cap(db, day, tmp_path, monkeypatch):
    config = tmp_path / "cap.toml"
    config.write_text(f'max_upload_mb = 1\ndocuments = "{tmp_path / "pg-documents"}"\n')
    monkeypatch.setenv("BOCLERK_CONFIG", str(config))
    res = add_one(db, "clerk", write(tmp_path, "huge.txt", b"a" * (1024 * 1024 + 1)))
    assert res.message == "huge.txt is 1.0 MB; documents may be at most 1 MB (max_upload_mb in the config file)."
    nothing_stored(db)


def test_names_with_separators_or_dots_from_a_client_are_refused(db, day):
    for name, sentence in (("../../etc/passwd", "The file name '../../etc/passwd' contains a path separator"),
                           ("..", "'..' is not a file name."), ("C:\\boot.ini", "contains a path separator"),
                           ("ok\nname.txt", "contains control characters")):
        with pytest.raises(InvalidInput, match=re.escape(sentence)):
            register_bytes(db, "clerk", name, b"content")
    nothing_stored(db)
    res = register_bytes(db, "clerk", "a..b.txt", b"dots inside a name are fine")
    assert res.outcome == "registered"


def test_directories_devices_pipes_and_links_are_not_files(db, day, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    target = write(tmp_path, "real.txt", b"real")
    (tmp_path / "link.txt").symlink_to(target)
    os.mkfifo(tmp_path / "pipe")
    cases = [(folder, f"{folder} is a directory; register the files in it with: boclerk doc scan {folder}"),
             (tmp_path / "link.txt", f"{tmp_path / 'link.txt'} is a symbolic link; boclerk reads only regular "
                                     "files, never links."),
             (tmp_path / "pipe", f"{tmp_path / 'pipe'} is a named pipe, not a regular file; boclerk reads only "
                                 "regular files."),
             ("/dev/null", "/dev/null is a device, not a regular file; boclerk reads only regular files."),
             (tmp_path / "missing.txt", f"There is no file {tmp_path / 'missing.txt'}.")]
    results = add(db, "clerk", *[c[0] for c in cases])
    assert [(r.outcome, r.message) for r in results] == [("refused", c[1]) for c in cases]
    assert [r.exit_code for r in results] == [2, 2, 2, 2, 2]
    nothing_stored(db)


# -- crashes and the store's invariant --------------------------------------------------------------------

def test_a_failure_after_the_file_is_written_removes_it(db, day, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(documents_intake, "refresh_index", boom)
    with pytest.raises(RuntimeError, match="power cut"):
        add_one(db, "clerk", write(tmp_path, "a.txt", b"half written"))
    nothing_stored(db)
    assert violations(db) == []


def test_db_check_reports_files_without_rows_and_rows_without_files(db, day, tmp_path):
    number = add_one(db, "clerk", write(tmp_path, "kept.txt", b"kept")).number
    store = DocStore.of(db)
    orphan_sha, _ = store.put(b"a crash after the rename, before the commit")
    (store.root / "tmp").mkdir(exist_ok=True)
    leftover = store.root / "tmp" / "0123.part"
    leftover.write_bytes(b"half")
    found = violations(db)
    assert found == [  # a file nothing explains is damage; a temporary file of an intake is not
        f"every stored file has its document and back: stored file {store.path_of(orphan_sha)} has no document "
        "(boclerk db check --repair sweeps it)"]
    assert run_checks(db, "admin").cleanable == [f"temporary file {leftover} of an interrupted intake"]
    with pytest.raises(NotPermitted):
        sweep_orphans(db, "acc")
    assert sorted(sweep_orphans(db, "admin")) == sorted([str(store.path_of(orphan_sha)), str(leftover)])
    assert violations(db) == []
    assert audit_actions(db, "document_store", "orphans") == ["doc.sweep"]

    kept_sha = sql_one(db, "SELECT sha256 FROM document WHERE number = :n", n=number)
    store.path_of(kept_sha).unlink()
    assert violations(db) == [f"every stored file has its document and back: {number}: its stored file "
                              f"{store.path_of(kept_sha)} is missing"]
    with pytest.raises(Refused, match=f"The stored file of {number} is missing"), db.read("viewer") as uow:
        document_bytes(uow, number)
    store.path_of(kept_sha).write_bytes(b"tampered")
    with pytest.raises(Refused, match=f"The stored file of {number} is damaged"), db.read("viewer") as uow:
        document_bytes(uow, number)
    assert sweep_orphans(db, "admin") == []  # a row's file is never swept
    with db.read("admin") as uow:
        assert check_store(uow) == [f"{number}: its stored file has 8 bytes, the document says 4"]


def test_same_content_after_a_crash_reuses_the_orphan(db, day, tmp_path):
    store = DocStore.of(db)
    store.put(b"registered after all")
    res = add_one(db, "clerk", write(tmp_path, "x.txt", b"registered after all"))
    assert res.outcome == "registered" and len(stored_files(db)) == 1
    assert violations(db) == []


# -- who may do what -------------------------------------------------------------------------------

def test_permissions(db, day, tmp_path):
    path = write(tmp_path, "x.txt", b"by the warehouse")
    with pytest.raises(NotPermitted, match=re.escape("viewer (viewer) may not register documents.")):
        add_one(db, "viewer", path)
    nothing_stored(db)
    number = add_one(db, "wh", path).number
    with pytest.raises(NotPermitted, match="may not file and link documents"), db.write("wh") as uow:
        set_status(uow, number, "reviewed")
    assert read(db, "viewer", show_document, number).status == "inbox"


# -- scanning an inbox -----------------------------------------------------------------------------------

def test_scan_registers_new_files_once(db, day, tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox, "one.txt", b"first")
    write(inbox, "two.pdf", make_pdf(["second"]))
    write(inbox, ".hidden", b"editor swap file")
    (inbox / "done").mkdir()
    results = scan_dir(db, "clerk", inbox)
    assert [(r.outcome, r.number) for r in results] == [
        ("skipped", None), ("registered", "DOC-2026-000001"), ("registered", "DOC-2026-000002")]
    write(inbox, "three.txt", b"third")
    again = scan_dir(db, "clerk", inbox)
    assert [r.outcome for r in again] == ["skipped", "known", "registered", "known"]
    assert [r.outcome for r in scan_dir(db, "clerk", inbox)] == ["skipped", "known", "known", "known"]
    with pytest.raises(InvalidInput, match="There is no folder"):  # a path named: bad input, not a record
        scan_dir(db, "clerk", tmp_path / "nowhere")
    with pytest.raises(InvalidInput, match="is not a folder"):
        scan_dir(db, "clerk", inbox / "one.txt")
