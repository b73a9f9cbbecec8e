"""The Russian catalogue against the code: every message the code uses is translated, with
its placeholders and all three plural forms, and the catalogue keeps nothing the code dropped."""

from __future__ import annotations

import pytest

from boclerk.locale import catalogue


@pytest.fixture(scope="module")
def template():
    from boclerk.cli.catalogue import template

    return template()


def test_every_message_the_code_uses_has_a_russian_translation(template):
    found = catalogue.problems(template, "ru")
    assert not found, f"{len(found)} problems; `python -m boclerk.cli.catalogue update`, then translate:\n" + \
        "\n".join(found[:40])


def test_the_catalogue_keeps_no_message_the_code_no_longer_uses(template):
    used = {(m.id, m.context) for m in template if m.id}
    kept = {(m.id, m.context) for m in catalogue.read("ru") if m.id}
    assert not kept - used, sorted(str(k) for k in kept - used)[:20]


def test_the_template_finds_calls_tables_and_the_command_lines_help(template):
    """The extraction itself is checked, or an empty template would pass the test above."""
    ids = {m.id for m in template}
    assert "The back office of an online store, in a terminal. Without a command, opens the app." in ids
    assert len(ids) > 1000


def test_russian_counts_goods_with_the_times_sign_not_a_latin_x():
    """"3 x MUG" in a Russian sentence reads as a stray Latin letter; Russian writes "3 × MUG"."""
    import re

    latin = [m.id for m in catalogue.read("ru") if m.id and isinstance(m.string, str)
             and re.search(r"\{qty\} x \{", m.string)]
    assert not latin, latin
