"""History lines name what was done in the reader's words, for every act a history shows."""

import re
from pathlib import Path

from boclerk.domain.audit_words import ACTION_WORDS, action_word
from boclerk.i18n import use

ROOT = Path(__file__).resolve().parents[1] / "boclerk"
#: record kinds whose view shows a history (orders, POs, bills, supply requests, equipment, contracts)
WITH_HISTORY = ("order", "po", "bill", "request", "equipment", "contract")


def _audited_actions() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'audit(?:_rows)?\(\s*(?:uow, )?"((?:%s)\.[a-z_]+)"' % "|".join(WITH_HISTORY), text))
        # order acts audited through one helper: audit_act(uow, "ship", ...)
        found |= {f"order.{a}" for a in re.findall(r'audit_act\(uow, "([a-z_]+)"', text)}
    return found


def test_every_audited_act_of_a_record_with_history_has_a_word():
    audited = _audited_actions()
    assert {"order.create", "order.ship", "po.receive", "bill.approve", "request.ask"} <= audited
    assert sorted(audited - set(ACTION_WORDS)) == []


def test_words_follow_the_reader_and_unknown_actions_show_their_code():
    assert action_word("order.confirm") == "confirmed"
    assert action_word("po.receive") == "goods received"
    assert action_word("thing.made_up") == "made up"
    use("ru")
    assert action_word("order.confirm") == "подтверждение"
    assert action_word("bill.reverse") == "сторно"
