"""What an audit event's action is called where a person reads a record's history.

The trail stores codes (``order.confirm``); a history line shows the word for it in the
reader's language. An action without a word here shows its last part, as stored.
"""

from __future__ import annotations

from boclerk.i18n import NP_, pgettext

ACTION_WORDS: dict[str, str] = {
    "order.create": NP_("history", "created"),
    "order.edit": NP_("history", "lines changed"),
    "order.import": NP_("history", "imported"),
    "order.reserve": NP_("history", "reserved"),
    "order.pay": NP_("history", "payment"),
    "order.refund": NP_("history", "refund"),
    "order.confirm": NP_("history", "confirmed"),
    "order.ship": NP_("history", "shipped"),
    "order.deliver": NP_("history", "delivered"),
    "order.cancel": NP_("history", "cancelled"),
    "order.return": NP_("history", "goods returned"),
    "shop.order_changed": NP_("history", "changed on the website"),
    "po.create": NP_("history", "created"),
    "po.send": NP_("history", "sent to the supplier"),
    "po.receive": NP_("history", "goods received"),
    "po.cancel": NP_("history", "cancelled"),
    "bill.enter": NP_("history", "entered"),
    "bill.approve": NP_("history", "approved"),
    "bill.reject": NP_("history", "rejected"),
    "bill.pay": NP_("history", "payment"),
    "bill.note": NP_("history", "credit or debit note"),
    "bill.reverse": NP_("history", "reversed"),
    "bill.replace": NP_("history", "replaced by a correction"),
    "request.ask": NP_("history", "asked"),
    "request.approve": NP_("history", "approved"),
    "request.reject": NP_("history", "rejected"),
    "request.order": NP_("history", "ordered from the supplier"),
    "request.cancel": NP_("history", "cancelled"),
    "equipment.register": NP_("history", "registered"),
    "equipment.move": NP_("history", "moved"),
    "equipment.condition": NP_("history", "condition noted"),
    "equipment.plan": NP_("history", "maintenance planned"),
    "equipment.service": NP_("history", "serviced"),
    "equipment.write_off": NP_("history", "written off"),
    "equipment.depreciate": NP_("history", "depreciation"),
    "contract.add": NP_("history", "created"),
    "contract.edit": NP_("history", "edited"),
    "contract.to_lawyer": NP_("history", "sent to the lawyer"),
    "contract.sign": NP_("history", "signed"),
    "contract.attach": NP_("history", "file attached"),
    "contract.terminate": NP_("history", "terminated"),
    "doc.register": NP_("history", "registered"),
    "doc.link": NP_("history", "linked"),
    "doc.unlink": NP_("history", "unlinked"),
}


def action_word(action: str) -> str:
    """The history word for an audit action, in the reader's language."""
    word = ACTION_WORDS.get(action)
    if word is not None:
        return pgettext("history", word)
    return action.split(".", 1)[-1].replace("_", " ")
