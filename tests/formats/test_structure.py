"""The structural limits count every tag, whatever script its name is written in."""

from __future__ import annotations

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats.structure import check_markup


def _nested(tag: str, depth: int, encoding: str = "utf-8") -> bytes:
    return (f'<?xml version="1.0" encoding="{encoding}"?>' + f"<{tag}>" * depth + "x" + f"</{tag}>" * depth).encode(
        encoding)


@pytest.mark.parametrize("tag, encoding", [("STMTRS", "utf-8"), ("Товар", "utf-8"), ("Товар", "windows-1251"),
                                           ("Файл", "utf-16")])
def test_deep_nesting_is_refused_in_any_script(tag, encoding):
    check_markup(_nested(tag, 64, encoding), "ok.xml", max_depth=64)
    with pytest.raises(InvalidInput, match="nests its elements more than 64 deep"):
        check_markup(_nested(tag, 65, encoding), "deep.xml", max_depth=64)


def test_cyrillic_elements_are_counted():
    flat = ("<Каталог>" + "<Товар/>" * 11 + "</Каталог>").encode()
    check_markup(flat, "ok.xml", max_elements=12)
    with pytest.raises(InvalidInput, match="holds more than 11 elements"):
        check_markup(flat, "many.xml", max_elements=11)


def test_comments_declarations_and_instructions_are_not_elements():
    data = '<?xml version="1.0"?><!-- a note --><!DOCTYPE x><?pi here?><Файл><Документ/></Файл>'.encode()
    check_markup(data, "ok.xml", max_elements=2, max_depth=1)
