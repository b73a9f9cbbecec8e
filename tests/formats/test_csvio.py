"""boclerk.formats.csvio: hostile CSV in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats.csvio import (
    ColumnSpec,
    Row,
    Table,
    Validator,
    read_table,
    validate_rows,
)

COLS = {"sku": True, "name": True, "quantity": False, "price": False}
W = "orders.csv"


def read(text: str | bytes, columns=COLS, **kw) -> Table:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_table(data, columns=columns, what=W, **kw)


def refused(text: str | bytes, match: str, columns=COLS, **kw) -> str:
    with pytest.raises(InvalidInput) as info:
        read(text, columns, **kw)
    message = str(info.value)
    assert match in message, message
    return message


def row(**values: str) -> Row:
    return Row(17, dict(values), W)


# --- encodings -----------------------------------------------------------------------

def test_utf8():
    table = read("sku,name\nA-1,Чай зелёный\n")
    assert table.encoding == "utf-8"
    assert table.rows[0].values == {"sku": "A-1", "name": "Чай зелёный"}


def test_utf8_with_bom_is_stripped_from_the_first_column():
    table = read(b"\xef\xbb\xbf" + "SKU,Name\nA-1,Кофе\n".encode())
    assert table.encoding == "utf-8-sig"
    assert table.columns == ("sku", "name")
    assert table.rows[0].require("sku") == "A-1"


def test_cp1251_cyrillic():
    data = "sku;name\nA-1;Молоко пастеризованное\nA-2;Хлеб «Бородинский»\n".encode("cp1251")
    table = read(data)
    assert table.encoding == "cp1251"
    assert table.delimiter == ";"
    assert [r.get("name") for r in table] == ["Молоко пастеризованное", "Хлеб «Бородинский»"]


@pytest.mark.parametrize("data", [
    b"sku,name\nA\x00,B\n",                       # NUL
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",       # a picture
    bytes(range(256)) * 4,                        # binary junk
    b"sku,name\n\x1b[31mred\x1b[0m,x\n",          # valid UTF-8, but terminal escapes
    b"\xef\xbb\xbf\xff\xfe",                      # a BOM, then not UTF-8
    b"sku\n\x98\n",                               # 0x98: not UTF-8, undefined in cp1251
])
def test_not_text_is_refused(data):
    assert refused(data, "is not text in UTF-8 or cp1251.") == "orders.csv is not text in UTF-8 or cp1251."


def test_utf16_gets_its_own_sentence():
    refused("sku,name\n".encode("utf-16"), "orders.csv is in UTF-16")


def test_oversize_is_refused_before_parsing():
    # Junk that would fail decoding: the size check must come first.
    assert refused(b"\x00" * 101, "larger", max_bytes=100) == "orders.csv is larger than 100 bytes."
    assert refused(b"x" * 2049, "larger", max_bytes=2048) == "orders.csv is larger than 2 KB."
    assert read("sku,name\n", max_bytes=9).rows == []  # exactly the cap is fine


def test_default_cap_message():
    with pytest.raises(InvalidInput, match=r"^f\.csv is larger than 50 MB\.$"):
        read_table(b" " * (50 * 1024 * 1024 + 1), columns=COLS, what="f.csv")


def test_too_many_rows():
    assert len(read("sku,name\na,b\nc,d\n", max_rows=2)) == 2
    refused("sku,name\na,b\nc,d\ne,f\n", "orders.csv has more than 2 rows.", max_rows=2)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\r\n  \n", b",,\n;;\n", b"sep=;\n\n"])
def test_empty_file(data):
    assert refused(data, "empty") == "orders.csv is empty."


def test_header_only_gives_zero_rows():
    table = read("sku,name,price\n")
    assert table.rows == [] and table.columns == ("sku", "name", "price")
    assert read("sku,name").rows == []  # no final newline either


# --- delimiters, header ----------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter):
    text = delimiter.join(["sku", "name", "price"]) + "\n" + delimiter.join(["A", "Tea", "1,5"]) + "\n"
    if delimiter == ",":
        text = text.replace("1,5", '"1,5"')
    table = read(text)
    assert table.delimiter == delimiter
    assert table.rows[0].values == {"sku": "A", "name": "Tea", "price": "1,5"}


def test_delimiter_chosen_by_known_names_not_by_frequency():
    # Commas outnumber semicolons in the header, but only ';' splits it into known names.
    table = read('sku;name\n"a,b,c,d";x\n', columns={"sku": True, "name": True, "a,b,c,d": False})
    assert table.delimiter == ";"


def test_excel_sep_hint_line():
    table = read("sep=,\nsku,name\nA;1,B\n")
    assert table.delimiter == "," and table.rows[0].values == {"sku": "A;1", "name": "B"}
    assert table.rows[0].line == 3


def test_columns_in_any_order_case_and_spaces():
    table = read("  PRICE , Name,SKU\n10, Tea ,A\n")
    assert table.columns == ("price", "name", "sku")
    assert table.rows[0].values == {"price": "10", "name": "Tea", "sku": "A"}


def test_aliases():
    spec = [ColumnSpec("sku", aliases=("Артикул",)), ColumnSpec("quantity", required=False, aliases=("кол-во",))]
    table = read("артикул;Кол-во\nA;3\n", columns=spec)
    assert table.columns == ("sku", "quantity")
    assert table.rows[0].int("quantity") == 3


def test_unknown_columns_are_named_with_the_allowed_ones():
    message = refused("sku,name,colour,Size\n", "unknown")
    assert message == ("orders.csv has unknown columns: 'colour', 'Size'. "
                       "The allowed columns are: sku, name, quantity, price.")
    assert refused("sku,name,x\n", "unknown").startswith("orders.csv has an unknown column: 'x'.")


def test_missing_required_columns():
    assert refused("sku,price\n", "lacks") == "orders.csv lacks the required column name."
    assert refused("price\n", "lacks") == "orders.csv lacks the required columns sku, name."


def test_duplicate_column():
    assert refused("sku,name,SKU\n", "more than once") == "orders.csv has the column 'sku' more than once."


def test_optional_column_absent():
    r = read("sku,name\nA,B\n").rows[0]
    assert "price" not in r.values
    assert r.get("price") == "" and r.get("price", "0") == "0"
    assert r.decimal("price", default=Decimal(0)) == 0


# --- rows -----------------------------------------------------------------------------

def test_empty_lines_skipped_and_line_numbers_physical():
    table = read("\nsku,name\n\nA,B\n,,\n  \nC,D\n")
    assert [(r.line, r.get("sku")) for r in table] == [(4, "A"), (7, "C")]


def test_missing_trailing_cells_are_blank():
    assert read("sku,name,price\nA\n").rows[0].values == {"sku": "A", "name": "", "price": ""}


def test_too_many_cells():
    assert refused("sku,name\nA,B\nC,D,E\n", "line 3") == \
        "orders.csv line 3: 3 cells, but the header has only 2 columns."


def test_blank_header_cells_allow_only_blank_cells():
    table = read("sku;name;;\nA;B;;\n")
    assert table.columns == ("sku", "name") and table.rows[0].values == {"sku": "A", "name": "B"}
    refused("sku;name;;\nA;B;;oops\n", "orders.csv line 2: cell 4 holds 'oops'")


def test_quoted_fields_with_delimiters_quotes_and_newlines():
    text = ('sku,name,price\n'
            'A,"Tea, green ""Sencha""",1\n'
            'B,"two\nlines\r\nand three",2\n'
            'C,plain,3\n')
    table = read(text)
    assert table.rows[0].get("name") == 'Tea, green "Sencha"'
    assert table.rows[1].get("name") == "two\nlines\r\nand three"
    assert [r.line for r in table] == [2, 3, 6]
    # The record after a multi-line field reports its own line.
    with pytest.raises(InvalidInput, match=r"^orders\.csv line 6, column price: 'x'"):
        read(text.replace("C,plain,3", "C,plain,x")).rows[2].int("price")


def test_broken_quotes_are_refused_with_the_line():
    refused('sku,name\nA,B\nC,"never closed\nD,E\n', "orders.csv line 3: a quoted value is malformed")
    refused('sku,name\nA,"B"x\n', "orders.csv line 2: a quoted value")


def test_row_get_and_require():
    r = row(sku="A", name="")
    assert r.get("sku") == "A" and r.get("name", "?") == "?"
    assert r.require("sku") == "A"
    with pytest.raises(InvalidInput) as info:
        r.require("name")
    assert str(info.value) == "orders.csv line 17, column name: a value is required."


# --- row helpers ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("12", 12), ("-3", -3), ("+4", 4), ("1 000", 1000), ("1\u00a0234\u00a0567", 1234567),
    ("\u22125", -5), ("'-5", -5), ("0", 0), ("9223372036854775807", 2**63 - 1),
])
def test_int(text, value):
    assert row(quantity=text).int("quantity") == value


@pytest.mark.parametrize(("text", "problem"), [
    ("x", "'x' is not a whole number."),
    ("1.5", "'1.5' is not a whole number."),
    ("12 34", "'12 34' is not a whole number."),
    ("٣", "'٣' is not a whole number."),  # not an ASCII digit
    ("9223372036854775808", "'9223372036854775808' is too large."),
    ("1" * 5000, "is too large."),
])
def test_int_errors(text, problem):
    with pytest.raises(InvalidInput) as info:
        row(quantity=text).int("quantity")
    assert str(info.value).startswith("orders.csv line 17, column quantity: ")
    assert str(info.value).endswith(problem)
    assert len(str(info.value)) < 120


def test_int_default_and_min():
    assert row(quantity="").int("quantity", default=0, min=1) == 0
    assert row().int("quantity", default=7) == 7
    assert row(quantity="3").int("quantity", min=1) == 3
    with pytest.raises(InvalidInput, match=r"^orders\.csv line 17, column quantity: 0 is less than the minimum, 1\.$"):
        row(quantity="0").int("quantity", min=1)
    with pytest.raises(InvalidInput, match="column quantity: a value is required"):
        row(quantity="").int("quantity")


@pytest.mark.parametrize(("text", "value"), [
    ("1234.56", "1234.56"), ("1234,56", "1234.56"), ("1 234,56", "1234.56"),
    ("-0.5", "-0.5"), ("7", "7"), ("1\u202f000,10", "1000.10"), ("'-12.30", "-12.30"),
])
def test_decimal(text, value):
    result = row(price=text).decimal("price")
    assert isinstance(result, Decimal) and result == Decimal(value) and str(result) == value


@pytest.mark.parametrize("text", ["x", "1,234.56", "1.2.3", "nan", "Infinity", "1e5", ".5", "12 3,4", "1" * 40])
def test_decimal_errors(text):
    with pytest.raises(InvalidInput, match=r"^orders\.csv line 17, column price: '"):
        row(price=text).decimal("price")


def test_decimal_default():
    assert row().decimal("price", default=Decimal("0.00")) == Decimal("0.00")


@pytest.mark.parametrize(("text", "value"), [
    ("2026-03-05", dt.date(2026, 3, 5)), ("05.03.2026", dt.date(2026, 3, 5)), ("5.3.2026", dt.date(2026, 3, 5)),
    ("29.02.2024", dt.date(2024, 2, 29)),
])
def test_date(text, value):
    assert row(day=text).date("day") == value


def test_date_errors_and_default():
    with pytest.raises(InvalidInput) as info:
        row(day="03/05/2026").date("day")
    assert str(info.value) == ("orders.csv line 17, column day: '03/05/2026' is not a date "
                               "(write YYYY-MM-DD or DD.MM.YYYY).")
    with pytest.raises(InvalidInput, match=r"column day: '31\.02\.2026' is not a valid date\.$"):
        row(day="31.02.2026").date("day")
    assert row(day="").date("day", default=dt.date(2000, 1, 1)) == dt.date(2000, 1, 1)


def test_choice():
    options = ["new", "Paid", "shipped"]
    assert row(status="NEW").choice("status", options) == "new"
    assert row(status="paid").choice("status", options) == "Paid"
    assert row(status="").choice("status", options, default="new") == "new"
    with pytest.raises(InvalidInput) as info:
        row(status="lost").choice("status", options)
    assert str(info.value) == "orders.csv line 17, column status: 'lost' is not one of: new, Paid, shipped."


def test_parse_wraps_any_parser():
    from boclerk.money import parse_amount

    assert row(price="1 234,50").parse("price", lambda t: parse_amount(t, currency="RUB")) == 123450
    with pytest.raises(InvalidInput, match=r"^orders\.csv line 17, column price: 'abc' is not an amount\.$"):
        row(price="abc").parse("price", lambda t: parse_amount(t, currency="RUB"))


def test_messages_escape_control_characters_and_stay_short():
    with pytest.raises(InvalidInput) as info:
        row(quantity="a\nb" + "z" * 200).int("quantity")
    message = str(info.value)
    assert "\n" not in message and "\\n" in message and len(message) < 120


# --- validating every row ---------------------------------------------------------------

def _line(r: Row) -> tuple[str, int, Decimal]:
    return r.require("sku"), r.int("quantity", min=1), r.decimal("price")


GOOD_AND_BAD = ("sku,name,quantity,price\n"
                "A,a,1,1.00\n"
                ",b,2,2.00\n"
                "C,c,x,3.00\n"
                "D,d,4,4.00\n"
                "E,e,0,oops\n")


def test_validator_collects_several_errors():
    table = read(GOOD_AND_BAD)
    v = Validator()
    results = v.run(table, _line)
    assert results == [("A", 1, Decimal("1.00")), ("D", 4, Decimal("4.00"))]
    assert v.count == 3
    assert v.messages == [
        "orders.csv line 3, column sku: a value is required.",
        "orders.csv line 4, column quantity: 'x' is not a whole number.",
        "orders.csv line 6, column quantity: 0 is less than the minimum, 1.",
    ]
    with pytest.raises(InvalidInput) as info:
        v.raise_if_any()
    assert str(info.value) == "\n".join(v.messages)


def test_validator_check_catch_and_several_errors_per_row():
    r = read(GOOD_AND_BAD).rows[4]
    v = Validator()
    assert v.check(r.int, "quantity", min=1) is None
    assert v.check(r.decimal, "price") is None
    assert v.check(r.require, "sku") == "E"
    with v.catch():
        raise InvalidInput("orders.csv: one more.")
    assert v.count == 3 and v.messages[-1] == "orders.csv: one more."


def test_validator_limits_to_twenty_lines_and_counts_the_rest():
    table = read("sku,name,quantity\n" + "".join(f"S{i},n,x{i}\n" for i in range(25)))
    with pytest.raises(InvalidInput) as info:
        validate_rows(table, _line)
    lines = str(info.value).split("\n")
    assert len(lines) == 21
    assert lines[0] == "orders.csv line 2, column quantity: 'x0' is not a whole number."
    assert lines[19].startswith("orders.csv line 21,")
    assert lines[20] == "... and 5 more problems."


def test_validate_rows_when_all_good():
    table = read("sku,name,quantity,price\nA,a,1,1\nB,b,2,2,5\n".replace("2,5", '"2,5"'))
    assert validate_rows(table, _line) == [("A", 1, Decimal(1)), ("B", 2, Decimal("2.5"))]
    Validator().raise_if_any()  # nothing collected, nothing raised


