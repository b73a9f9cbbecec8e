"""boclerk.formats.csvout: the one CSV writer, numbers as numbers, formulas neutralised."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boclerk.formats.csvio import read_table
from boclerk.formats.csvout import cell, neutralise, write_table


def read(text: str):
    return read_table(text.encode("utf-8"), columns={"sku": True, "name": True, "quantity": False, "price": False},
                      what="orders.csv")


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_neutralise_dangerous_first_characters(first):
    assert neutralise(first + "1+1") == "'" + first + "1+1"
    assert neutralise(first) == "'" + first


def test_neutralise_harmless_values():
    assert neutralise(None) == ""
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"
    assert neutralise(5) == "5"
    assert neutralise(-5) == "'-5"
    assert neutralise(Decimal("1.50")) == "1.50"
    assert neutralise("'quoted") == "'quoted"


def test_write_table_neutralises_and_counts():
    out = io.StringIO()
    n = write_table(["sku", "note"], [("A", "=HYPERLINK(\"x\")"), ("B", None), ("C", "@SUM(A1)")], out)
    assert n == 3
    assert out.getvalue() == 'sku,note\nA,"\'=HYPERLINK(""x"")"\nB,\nC,\'@SUM(A1)\n'


def test_write_table_numeric_columns_stay_numbers_and_round_trip():
    out = io.StringIO()
    rows = [("A", -5, Decimal("-12.50"), "-3"), ("B", 0, Decimal("1E+2"), "=1"), ("C", None, "-1e5", "x")]
    write_table(["sku", "quantity", "price", "name"], rows, out, delimiter=";",
                numeric_columns=frozenset({"quantity", "price"}))
    text = out.getvalue()
    assert text.splitlines() == ["sku;quantity;price;name", "A;-5;-12.50;'-3", "B;0;100;'=1", "C;;'-1e5;x"]
    table = read(text)
    assert table.delimiter == ";"
    assert [r.values for r in table] == [
        {"sku": "A", "quantity": "-5", "price": "-12.50", "name": "'-3"},
        {"sku": "B", "quantity": "0", "price": "100", "name": "'=1"},
        {"sku": "C", "quantity": "", "price": "'-1e5", "name": "x"},
    ]
    assert table.rows[0].int("quantity") == -5 and table.rows[0].decimal("price") == Decimal("-12.50")


def test_write_table_bare_cr_is_quoted():
    out = io.StringIO()
    write_table(["sku", "name"], [("A", "x\ry"), ("B", "z")], out)
    assert [r.values for r in read(out.getvalue())] == [{"sku": "A", "name": "x\ry"}, {"sku": "B", "name": "z"}]


def test_write_table_programming_errors():
    with pytest.raises(ValueError):
        write_table(["a"], [("1", "2")], io.StringIO())
    with pytest.raises(ValueError):
        write_table(["a"], [], io.StringIO(), delimiter="|")
    with pytest.raises(ValueError):
        write_table(["a"], [], io.StringIO(), numeric_columns=frozenset({"b"}))


# Text a CSV can carry and read_table accepts: no surrogates, no C0 controls but tab/CR/LF.
_cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    chr(c) for c in range(32) if chr(c) not in "\t\r\n"])).filter(lambda s: s == s.strip())


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(-10**12, 10**12), _cells, _cells), max_size=8),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_property_write_then_read_round_trips(rows, delimiter):
    out = io.StringIO()
    assert write_table(["n", "a", "b"], rows, out, delimiter=delimiter, numeric_columns=frozenset({"n"})) == len(rows)
    table = read_table(out.getvalue().encode(), columns={"n": True, "a": True, "b": True})
    assert table.delimiter == delimiter
    back = [(r.int("n"), r.get("a"), r.get("b")) for r in table]
    expected = [(n, neutralise(a), neutralise(b)) for n, a, b in rows]
    assert back == expected
    # Removing the apostrophe neutralise put before a dangerous first character gives the original.
    unneutralised = [(n, _undo(a, orig_a), _undo(b, orig_b))
                     for (n, a, b), (_, orig_a, orig_b) in zip(back, rows)]
    assert unneutralised == rows


def _undo(read_back: str, original: str) -> str:
    if original[:1] in ("=", "+", "-", "@"):
        assert read_back == "'" + original
        return read_back[1:]
    return read_back


def test_numbers_by_type_stay_numbers_in_any_column():
    """Integers and Decimals are numbers wherever they stand; text that looks like one is
    a number only in a numeric column, and a formula never."""
    out = io.StringIO()
    write_table(["sku", "name", "quantity", "price"],
                [("A", -3, -3, Decimal("-150.00")), ("B", "-3", "-3", "-150.00"), ("C", True, None, Decimal("NaN"))],
                out, numeric_columns=["price"])
    assert out.getvalue().splitlines() == ["sku,name,quantity,price", "A,-3,-3,-150.00", "B,'-3,'-3,-150.00",
                                           "C,True,,NaN"]


@pytest.mark.parametrize(("value", "numeric", "written"), [
    (-3, False, "-3"), (Decimal("-150.00"), False, "-150.00"), (Decimal("2E+1"), False, "20"),
    ("-150.00", True, "-150.00"), ("-150.00", False, "'-150.00"), ("-1+2", True, "'-1+2"),
    ("=SUM(A1)", True, "'=SUM(A1)"), ("1 234,50", True, "1 234,50"), (False, True, "False"), (None, True, ""),
])
def test_cell(value, numeric, written):
    assert cell(value, numeric=numeric) == written
