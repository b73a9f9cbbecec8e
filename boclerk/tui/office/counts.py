"""How many requests, items, contracts, people and internal deals the Office lists hold under
their filters, for their status lines («60 заявок; показано 60»), counted once the first rows are
painted, as every list counts (tui/lists.py)."""

from __future__ import annotations

from boclerk.i18n import NN_, ngettext

#: the words of each view's count: (its own, and "more than" it, when the count stopped at the cap)
WORDS = {
    "requests": (NN_("{n} supply request", "{n} supply requests"),
                 NN_("more than {n} supply request", "more than {n} supply requests")),
    "equipment": (NN_("{n} item of equipment", "{n} items of equipment"),
                  NN_("more than {n} item of equipment", "more than {n} items of equipment")),
    "contracts": (NN_("{n} contract", "{n} contracts"), NN_("more than {n} contract", "more than {n} contracts")),
    "staff": (NN_("{n} staff member", "{n} staff members"), NN_("more than {n} staff member", "more than {n} staff members")),
    "deals": (NN_("{n} internal deal", "{n} internal deals"), NN_("more than {n} internal deal", "more than {n} internal deals")),
}


class OfficeCounts:
    """Mixed into the Office screen: the views' ``count`` methods (the same filters as their pages)
    and their words."""

    def count_requests(self, uow):
        from boclerk.services.office.request_queries import count_requests

        return count_requests(uow, state=self.filters["request_state"] or None, mine=bool(self.filters["mine"]),
                              search=self.filters["search"])

    def count_equipment(self, uow):
        from boclerk.services.office.equipment_queries import count_equipment

        choice = self.filters["equipment_state"]
        special = {"due": {"due": True}, "warranty": {"warranty": True}}.get(choice)
        return count_equipment(uow, search=self.filters["search"], **(special or {"condition": choice or None}))

    def count_contracts(self, uow):
        from boclerk.services.office.contract_queries import count_contracts

        return count_contracts(uow, state=self.filters["contract_state"] or None, search=self.filters["search"])

    def count_staff(self, uow):
        from boclerk.services.office.counting import count_staff

        return count_staff(uow, search=self.filters["search"], include_gone=True)

    def count_deals(self, uow):
        from boclerk.services.office.counting import count_deals

        return count_deals(uow)

    def count_words(self, n: int, more: bool) -> str:
        exact, beyond = WORDS[self.view]
        singular, plural = beyond if more else exact
        return ngettext(singular, plural, n).format(n=self.quantity(n))
