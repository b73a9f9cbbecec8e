"""ctrl+p: find any record (number, name, SKU, barcode, email, phone) and run any act."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from boclerk.domain.acts import ACTS
from boclerk.i18n import N_, _

#: kind of record -> (screen, method of that screen that opens it)
OPENERS = {
    "order": ("orders", "open_record"),
    "customer": ("orders", "show_customer"),
    "product": ("stock", "open_record"),
    "supplier": ("purchases", "show_supplier"),
    "po": ("purchases", "open_record"),
    "bill": ("purchases", "open_bill"),
    "entry": ("ledger", "open_record"),
    "document": ("documents", "open_record"),
    "request": ("office", "open_request"),
    "equipment": ("office", "open_equipment"),
    "contract": ("office", "open_contract"),
}

#: kind of record -> its name in a pick
KIND_WORDS = {"order": N_("order"), "customer": N_("customer"), "product": N_("product"), "supplier": N_("supplier"),
              "po": N_("PO"), "bill": N_("bill"), "entry": N_("entry"), "document": N_("document"),
              "request": N_("request"), "equipment": N_("equipment"), "contract": N_("contract")}


def _open(app, kind: str, key: str) -> None:
    """Open what a pick names, wherever the clerk is: an order open in the Orders area is left
    for its list (a form with typed input is not: the clerk is told to finish it first)."""
    if kind in ("customer", "supplier"):  # a card, over whatever is open
        from boclerk.tui.partners.card import open_card

        return open_card(app, kind, key)
    from boclerk.tui.partners.goto import show_in

    mode, method = OPENERS[kind]
    show_in(app, mode, method, key, busy=N_("Finish or leave {what} first (Esc), then pick again."))



def _act(app, mode: str, action: str) -> None:
    app.switch_mode(mode)
    app.call_after_refresh(app.screen.run_action, action)


class RecordsProvider(Provider):
    """Orders, customers, products, suppliers, purchase orders, bills, entries and documents."""

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        app = self.app

        def lookup():
            from boclerk.services.lookup import find

            with app.db.read(app.actor) as uow:
                return find(uow, query, limit=6)

        try:
            found = await asyncio.to_thread(lookup)
        except Exception:  # noqa: BLE001 - a failed search shows nothing
            return
        matcher = self.matcher(query)
        for f in found:
            text = f"{_(KIND_WORDS[f.kind]) if f.kind in KIND_WORDS else f.kind}: {f.title}"
            score = max(matcher.match(text), f.score / 100)
            yield Hit(score, matcher.highlight(text), partial(_open, app, f.kind, f.key), help=f.detail)


class ActsProvider(Provider):
    """Every act of the rule book that needs no record and that the user's role may do."""

    def _acts(self):
        role = self.app.role
        return [(_(a.palette), a.area, a.action) for a in ACTS.values() if a.palette and a.may(role)]

    async def discover(self) -> Hits:
        for label, mode, action in self._acts():
            yield DiscoveryHit(label, partial(_act, self.app, mode, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, mode, action in self._acts():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(_act, self.app, mode, action))
