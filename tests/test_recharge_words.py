"""Moving a cost or revenue between departments is «перераспределение» in Russian: the act, its
question, the palette, the memo it writes and the messages about it say one word. Before, the act
was «Перевыставление» (re-invoicing costs to another company) while its memo said
«Перераспределение»."""

from __future__ import annotations

import re
from pathlib import Path

PO = Path(__file__).parents[1] / "boclerk" / "locale" / "ru" / "LC_MESSAGES" / "boclerk.po"


def test_the_act_its_memo_and_its_messages_say_one_word():
    from boclerk.domain.acts import ACTS
    from boclerk.i18n import _, use
    from boclerk.services.ledger.book import RECHARGE_MEMO

    use("ru")
    try:
        act = ACTS["ledger.recharge"]
        said = [_(act.label), act.ask(), _(act.palette), _(RECHARGE_MEMO), _("Posted the recharge as {number}."),
                _("A recharge needs two departments."), _("A recharge needs a positive amount.")]
        for words in said:  # the key bar's label is cut to fit 80 columns: «Перераспр.»
            assert "перераспр" in words.lower(), words
        assert act.yes_word() == "Провести перераспределение"
    finally:
        use("en")


def test_no_russian_word_about_a_recharge_says_re_invoicing():
    """Every Russian message whose English speaks of a recharge, the help and the seeded account's
    name among them (a button's bare "Провести" names no act at all)."""
    text = PO.read_text(encoding="utf-8")
    about = []
    for block in text.split("\n\n"):
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[-1].split("msgstr", 1)[0]))
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr ", 1)[-1]))
        if "recharge" in msgid.lower():
            about.append(msgstr)
            assert "перевыстав" not in msgstr.lower(), (msgid, msgstr)
    assert len(about) >= 10
