"""Text of stored documents for the index, and the zip vetting, with hostile input."""

from __future__ import annotations

import inspect
import stat
import zipfile
from io import BytesIO

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats import textextract
from boclerk.formats.textextract import check_archive, extract_text, sniff_kind


def make_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one line of text per page, written by hand."""
    objs: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]
    kids = []
    for text in pages:
        content = b"BT /F1 18 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    b"/Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>" % len(objs))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    return bytes(out)


def encrypt(pdf: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # a fixed stamp: the same bytes (and test ids) in every process


def make_zip(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), body, compress_type=zipfile.ZIP_DEFLATED)
        if symlink:
            info = zipfile.ZipInfo(symlink, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40)


# --- sniffing ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "name", "kind"), [
    (make_pdf(["x"]), "", "pdf"),
    (make_pdf(["x"]), "looks-like.txt", "pdf"),          # content beats the name
    (PNG, "scan.pdf", "image"),
    (JPEG, "", "image"),
    (b"BM" + bytes(4) + bytes(4) + bytes(40), "", "image"),
    (b"BMW;Audi;VW\n1;2;3\n", "", "csv"),               # 'BM' text is not a bitmap
    (make_zip({"a.txt": b"hi"}), "", "zip"),
    (b'<?xml version="1.0"?><a/>', "", "xml"),
    ("\ufeff<?xml version='1.0'?><a/>".encode(), "x.txt", "xml"),
    ("<?xml version='1.0' encoding='utf-16'?><a/>".encode("utf-16"), "", "xml"),
    (b"<root><a>1</a></root>", "", "xml"),
    (b"<html><body>hi</body></html>", "page.html", "text"),
    (b"sku;qty\nA-1;5\nB-2;7\n", "", "csv"),
    (b"sku,qty\n", "stock.csv", "csv"),
    ("Накладная № 5\nот поставщика".encode("cp1251"), "", "text"),
    (b"just a note", "note.txt", "text"),
    (b"\x00\x01\x02\x03binary\x00\x00", "", "other"),
    (b"\x00\x01\x02\x03binary\x00\x00", "photo.jpg", "image"),
    (b"", "empty.csv", "csv"),
    (b"", "", "other"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_sniff_kind(data, name, kind):
    assert sniff_kind(data, name) == kind


# --- extraction ------------------------------------------------------------------------------

def test_pdf_text_of_every_page():
    text = extract_text(make_pdf(["Hello boclerk", "Second page INV-7"]), name="scan.pdf")
    assert "Hello boclerk" in text and "Second page INV-7" in text
    assert extract_text(make_pdf(["Hello boclerk", "Second page"]), max_chars=5) == "Hello"


def test_encrypted_pdfs():
    pdf = make_pdf(["Owner-protected only"])
    with pytest.raises(InvalidInput) as caught:
        extract_text(encrypt(pdf, "secret"), name="invoice.pdf")
    assert str(caught.value) == "invoice.pdf is an encrypted PDF; boclerk cannot read it."
    # An empty user password (print/copy "protection" only) opens in every viewer, and here.
    assert "Owner-protected only" in extract_text(encrypt(pdf, ""), name="invoice.pdf")


@pytest.mark.parametrize("cut", [200, 100, 20])
def test_corrupt_pdf(cut):
    with pytest.raises(InvalidInput) as caught:
        extract_text(make_pdf(["Hello", "World"])[:cut], name="invoice.pdf")
    assert str(caught.value) == "invoice.pdf is not a readable PDF."


def test_xml_text_nodes_and_attribute_values():
    xml = ('<?xml version="1.0" encoding="windows-1251"?><!-- скрыто --><Файл Номер="ЭС-417">'
           "<Товар Наим=\"Кабель\">10 шт</Товар>хвост</Файл>").encode("cp1251")
    text = extract_text(xml, name="upd.xml")
    assert text.split("\n") == ["ЭС-417", "Кабель", "10 шт", "хвост"]
    assert "скрыто" not in text


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""


def test_xml_bomb_and_external_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]><a>&x;</a>'.encode()
    for data in (BILLION_LAUGHS, xxe):
        with pytest.raises(InvalidInput, match="XML bomb or external entity") as caught:
            extract_text(data, name="evil.xml")
        assert "TOP-SECRET" not in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(InvalidInput, match=r"^bad.xml is not well-formed XML \(line 1\).$"):
        extract_text(b"<a><b></a>", name="bad.xml")


def test_csv_and_text_encodings():
    words = "Артикул;Кол-во\nКБЛ-1;10\n"
    for data in (words.encode(), b"\xef\xbb\xbf" + words.encode(), words.encode("cp1251"), words.encode("utf-16")):
        assert extract_text(data, name="stock.csv") == words
    assert extract_text("заметка".encode("cp1251"), name="n.txt") == "заметка"
    assert extract_text(b"a" * 50, max_chars=10) == "a" * 10
    # a long UTF-8 text whose sniffed head ends inside a two-byte letter (И is D0 98; 0x98 is not cp1251)
    long = ("x" + "И" * 40000).encode()
    assert sniff_kind(long) == "text" and extract_text(long).endswith("И" * 10)


def test_images_archives_and_binaries_have_no_text():
    for data in (PNG, JPEG, make_zip({"a.txt": b"hello"}), b"\x00\x01\x02binary\x00"):
        assert extract_text(data, name="whatever") == ""


# --- archives --------------------------------------------------------------------------------

def test_safe_archive_lists_its_files():
    data = make_zip({"docs/": b"", "docs/invoice.xml": b"<a/>", "readme.txt": b"hello"})
    assert check_archive(data, name="in.zip") == [("docs/invoice.xml", 4), ("readme.txt", 5)]


@pytest.mark.parametrize(("data", "limits", "words"), [
    (make_zip({"bomb.txt": bytes(10 * 1024 * 1024)}), {}, "more than 100 to 1"),
    (make_zip({"../evil": b"x"}), {}, "unsafe name ('../evil')"),
    (make_zip({"a/../../evil": b"x"}), {}, "unsafe name"),
    (make_zip({"/etc/passwd": b"x"}), {}, "unsafe name"),
    (make_zip({"dir\\evil.txt": b"x"}), {}, "unsafe name"),
    (make_zip({"C:/evil.txt": b"x"}), {}, "unsafe name"),
    (make_zip({"ok.txt": b"x"}, symlink="link"), {}, "symbolic link"),
    (make_zip({f"f{i}.txt": b"x" for i in range(6)}), {"max_members": 5}, "6 members; at most 5"),
    (make_zip({"a.bin": bytes(600), "b.bin": bytes(600)}), {"max_total": 1000}, "unpacks to more than"),
    (b"PK\x03\x04" + b"\x00" * 40, {}, "not a readable zip"),
    (b"plain text", {}, "not a zip archive"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_unsafe_archives_are_refused(data, limits, words):
    with pytest.raises(InvalidInput, match="^in.zip ") as caught:
        check_archive(data, name="in.zip", **limits)
    assert words in str(caught.value)


def test_duplicate_members_are_refused():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", b"one")
        with pytest.warns(UserWarning):
            archive.writestr("a.txt", b"two")
    with pytest.raises(InvalidInput, match="two members named 'a.txt'"):
        check_archive(out.getvalue(), name="in.zip")


def test_no_float_in_source():
    assert "float(" not in inspect.getsource(textextract)
