"""The office's part of the home screen: what it must not forget, by name (the printer whose
service is overdue, the warranty that ends, the lease whose notice date comes)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from boclerk.i18n import N_

STYLES = {"overdue": "bold red", "due": "yellow", "warranty": "", "notice": "bold yellow", "renews": "", "ends": ""}

#: (figure id, label (marked N_, translated by the figure), area, filters of the list it opens)
FIGURES = (
    ("maintenance-overdue", N_("Maintenance overdue"), "office", {"view": "equipment", "state": "due"}),
    ("maintenance-due", N_("Maintenance due soon"), "office", {"view": "equipment", "state": "due"}),
    ("warranties", N_("Warranties ending in 30 days"), "office", {"view": "equipment", "state": "warranty"}),
    ("contract-reminders", N_("Contract reminders"), "office", {"view": "contracts", "state": "live"}),
)


def values(d) -> dict[str, str]:
    return {"maintenance-overdue": str(d.maintenance_overdue), "maintenance-due": str(d.maintenance_due),
            "warranties": str(d.warranties), "contract-reminders": str(d.contracts)}


class OfficeNotes(Static):
    """The office's reminders, soonest first, the overdue before all."""

    DEFAULT_CSS = """
    OfficeNotes { height: auto; max-height: 2; padding: 0 2; }
    .wide OfficeNotes { max-height: 8; }
    """

    def show(self, d) -> None:
        """One line each (cut short where the terminal is narrow): the most urgent two on a small
        terminal, up to eight on a wide one; the figures above count them all."""
        self.display = bool(d.notes)
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, note in enumerate(d.notes):
            if i:
                text.append("\n")
            text.append(note.text, style=STYLES.get(note.kind, ""))
        self.update(text)
