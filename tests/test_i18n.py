"""The interface language: how it is chosen, where its catalogue is read from, and the build
step that compiles it."""

from __future__ import annotations

import gettext

import pytest

from boclerk import i18n
from boclerk.i18n import language_of, pick_language
from boclerk.locale import catalogue


@pytest.mark.parametrize(("tag", "language"), [
    ("ru", "ru"), ("ru_RU.UTF-8", "ru"), ("ru-RU", "ru"), ("en_GB.UTF-8", "en"), ("RU", "ru"),
    ("C.UTF-8", None), ("POSIX", None), ("de_DE.UTF-8", None), ("", None), (None, None),
])
def test_a_locale_tag_names_a_language_or_none(tag, language):
    assert language_of(tag) == language


def test_the_config_wins_over_the_environment():
    assert pick_language("ru", {"LANG": "en_US.UTF-8"}) == "ru"
    assert pick_language("en", {"LANG": "ru_RU.UTF-8"}) == "en"


def test_without_a_config_the_environment_decides_as_the_c_library_reads_it():
    assert pick_language(None, {"LANG": "ru_RU.UTF-8"}) == "ru"
    assert pick_language(None, {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}) == "en"  # LC_ALL first
    assert pick_language(None, {"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "C"}) == "ru"
    assert pick_language(None, {"LANG": "de_DE.UTF-8"}) == "en"
    assert pick_language(None, {}) == "en"
    assert pick_language("fr", {"LANG": "ru_RU.UTF-8"}) == "ru"  # a config locale of no language of ours


def _po(path, entries, plural=None):
    head = ('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
            '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
            '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n')
    body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in entries.items())
    if plural:
        one, many, forms = plural
        body += f'msgid "{one}"\nmsgid_plural "{many}"\n' + "".join(
            f'msgstr[{i}] "{f}"\n' for i, f in enumerate(forms)) + "\n"
    path.write_text(head + body, encoding="utf-8")


def test_parts_of_a_catalogue_merge_and_a_translated_entry_wins(tmp_path):
    _po(tmp_path / "a.po", {"Orders": "", "Stock": "Склад"})
    _po(tmp_path / "b.po", {"Orders": "Заказы"}, plural=("{n} order", "{n} orders", ("{n} заказ", "{n} заказа", "{n} заказов")))
    t = gettext.GNUTranslations(__import__("io").BytesIO(catalogue.compile_bytes([tmp_path / "a.po", tmp_path / "b.po"])))
    assert (t.gettext("Orders"), t.gettext("Stock")) == ("Заказы", "Склад")
    assert [t.ngettext("{n} order", "{n} orders", n).format(n=n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 заказ", "2 заказа", "5 заказов", "11 заказов", "21 заказ", "22 заказа", "25 заказов"]


def test_the_build_compiles_every_language_and_gettext_reads_the_result(tmp_path):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    _po(folder / "boclerk.po", {"Help": "Справка"})
    [written] = catalogue.compile_all(tmp_path)
    assert written == folder / "boclerk.mo"
    assert gettext.translation("boclerk", tmp_path, ["ru"]).gettext("Help") == "Справка"


def test_a_catalogue_edited_after_its_build_is_read_from_its_source(tmp_path, monkeypatch):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    _po(folder / "boclerk.po", {"Help": "Справка"})
    catalogue.compile_all(tmp_path)
    import os
    import time

    _po(folder / "boclerk.po", {"Help": "Помощь"})
    later = time.time() + 5
    os.utime(folder / "boclerk.po", (later, later))
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    assert i18n.use("ru") == "ru"
    assert i18n._("Help") == "Помощь"
    kept = gettext.GNUTranslations((folder / "boclerk.mo").open("rb"))  # compiled again, for the next start
    assert kept.gettext("Help") == "Помощь"
    assert i18n.use("en") == "en" and i18n._("Help") == "Help"


def test_a_catalogue_compiled_and_kept_is_readable_by_every_account(tmp_path, monkeypatch):
    """Another OS user running the same checkout (through sudo) reads the words the first one
    compiled; kept for its writer alone, Russian failed for everyone else."""
    import os
    import stat

    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    _po(folder / "boclerk.po", {"Help": "Справка"})
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    old = os.umask(0o077)  # as a private-minded account runs it
    try:
        assert i18n.translations("ru").gettext("Help") == "Справка"
    finally:
        os.umask(old)
    assert stat.S_IMODE((folder / "boclerk.mo").stat().st_mode) == 0o644
