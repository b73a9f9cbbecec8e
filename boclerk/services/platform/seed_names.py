"""The names of what every shop starts with (the chart of accounts, the departments, the main
warehouse), in the language the shop is set up in: the migrations seed them in English, and a
Russian shop's accountant should read "Выручка", not "Sales revenue", in every report and export.

Only names still as seeded are renamed, and only when a database is created; the codes, which
the books and every rule go by, never change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boclerk.db.plain import text
from boclerk.i18n import NP_, translations

if TYPE_CHECKING:
    from boclerk.db.uow import UnitOfWork

#: the context of these words in the catalogues: names of records, not words of the interface
CONTEXT = "seeded"

SEEDED = {
    "account": (
        NP_("seeded", "Cash"), NP_("seeded", "Bank"), NP_("seeded", "Card payments in transit"),
        NP_("seeded", "Accounts receivable"), NP_("seeded", "Inventory"), NP_("seeded", "VAT receivable"),
        NP_("seeded", "Fixed assets"), NP_("seeded", "Accumulated depreciation"), NP_("seeded", "Accounts payable"),
        NP_("seeded", "Goods received not invoiced"), NP_("seeded", "Customer advances"),
        NP_("seeded", "VAT payable"), NP_("seeded", "Owner's equity"), NP_("seeded", "Opening balances"),
        NP_("seeded", "Sales revenue"), NP_("seeded", "Sales returns"), NP_("seeded", "Inventory gains"),
        NP_("seeded", "Exchange gains"), NP_("seeded", "Cost of goods sold"),
        NP_("seeded", "Purchase price differences"), NP_("seeded", "Inventory shrinkage and write-offs"),
        NP_("seeded", "Shipping"), NP_("seeded", "Office supplies"), NP_("seeded", "Office equipment (expensed)"),
        NP_("seeded", "Bank fees"), NP_("seeded", "Rent"), NP_("seeded", "Repairs and maintenance"),
        NP_("seeded", "Depreciation"), NP_("seeded", "Disposals of fixed assets"),
        NP_("seeded", "Inter-department recharges"), NP_("seeded", "Other expenses"), NP_("seeded", "Exchange losses"),
    ),
    "department": (
        NP_("seeded", "Warehouse"), NP_("seeded", "Sales"), NP_("seeded", "Purchasing"), NP_("seeded", "Accounting"),
        NP_("seeded", "IT"), NP_("seeded", "Marketing"), NP_("seeded", "Management"),
    ),
    "warehouse": (NP_("seeded", "Main warehouse"),),
}


def name_seeded(uow: UnitOfWork, language: str) -> int:
    """Give the seeded accounts, departments and warehouse their names in ``language`` (those
    whose name is still the seeded one); returns how many were renamed."""
    words = translations(language)
    renamed = 0
    for table, names in SEEDED.items():
        for name in names:
            said = words.pgettext(CONTEXT, name)
            if said != name:
                renamed += uow.s.execute(text(f"UPDATE {table} SET name = :said WHERE name = :name"),
                                         {"said": said, "name": name}).rowcount
    return renamed
