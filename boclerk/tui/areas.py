"""The app's areas, in one place: the key that opens each, its title, and its screen.

A new area (an office register, say) is one line here, plus its package under tui/; the app's
modes, its number keys and the top line all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from boclerk.i18n import N_, _, translations


@dataclass(frozen=True)
class Area:
    mode: str  # the app's mode name; act ids of the area start with it
    key: str
    title: str  # marked N_: translated where shown (the top line, the help)
    screen: str  # "module:Class", imported when the area is first opened
    binding_id: str  # the key's id in the keymap

    def make(self):
        module, name = self.screen.split(":")
        return getattr(import_module(module), name)()


AREAS: tuple[Area, ...] = (
    Area("dashboard", "1", N_("Home"), "boclerk.tui.dashboard.screen:DashboardScreen", "app.home"),
    Area("orders", "2", N_("Orders"), "boclerk.tui.orders.screen:OrdersScreen", "app.orders"),
    Area("stock", "3", N_("Stock"), "boclerk.tui.stock.screen:StockScreen", "app.stock"),
    Area("purchases", "4", N_("Purchases"), "boclerk.tui.purchases.screen:PurchasesScreen", "app.purchases"),
    Area("ledger", "5", N_("Ledger"), "boclerk.tui.ledger.screen:LedgerScreen", "app.ledger"),
    Area("documents", "6", N_("Documents"), "boclerk.tui.documents.screen:DocumentsScreen", "app.documents"),
    Area("office", "7", N_("Office"), "boclerk.tui.office.screen:OfficeScreen", "app.office"),
)

BY_MODE = {a.mode: a for a in AREAS}


def area_named(name: str) -> Area | None:
    """The area a person names, in any case: its key (``2``), its mode (``orders``, ``dashboard``)
    or its title in English or in Russian (``Home``, ``Заказы``)."""
    wanted = name.strip().casefold()
    for area in AREAS:
        titles = {translations(lang).gettext(area.title).casefold() for lang in ("en", "ru")}
        if wanted in {area.key, area.mode} | titles:
            return area
    return None


def area_names() -> str:
    """The areas as the interface names them, for a refusal: ``home, orders, stock, ...``."""
    return ", ".join(_(area.title).lower() for area in AREAS)
