"""What the Office screen's acts share: which record they act on, whether the rule book offers
them, a form that reports a refusal, and a toast when done."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from boclerk.errors import InvalidInput
from boclerk.i18n import N_, _
from boclerk.tui.base import Services
from boclerk.tui.dialogs import Field, FormDialog

if TYPE_CHECKING:
    from boclerk.domain.acts import Act

#: the acts on the highlighted record, by the kind of record they act on
KIND_OF = {"approve": "request", "reject": "request", "order": "request", "cancel_request": "request",
           "move": "equipment", "condition": "equipment", "service": "equipment", "plan": "equipment",
           "write_off": "equipment", "edit_contract": "contract", "to_lawyer": "contract", "sign": "contract",
           "attach": "contract", "terminate": "contract", "edit_staff": "staff", "staff_left": "staff",
           "end_deal": "deal"}
#: the acts that need no record, by the kind of record the view they belong to lists
NEW_IN = {"ask": "request", "new_equipment": "equipment", "depreciate": "equipment", "new_contract": "contract",
          "add_staff": "staff", "new_deal": "deal", "allocate": "deal"}
CONDITIONS = ((N_("In use"), "in_use"), (N_("Needs repair"), "needs_repair"), (N_("In repair"), "in_repair"),
              (N_("In store"), "in_store"))


def line_numbers(text: str | None) -> list[int] | None:
    """ "1, 3" as [1, 3]; empty as None (all)."""
    if not text or not text.strip():
        return None
    out = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if part:
            if not part.isdigit():
                raise InvalidInput(_("'{part}' is not a line number.").format(part=part))
            out.append(int(part))
    return out


#: a comma or semicolon that starts the next CODE:VALUE pair, not one inside a number ("2,5")
_NEXT_PAIR = re.compile(r"[;,]\s*(?=[^\s:;,]+\s*:)")


def pairs(text: str | None, what: str = "SKU:QTY") -> list[tuple[str, str]]:
    """ "OFF-001:5, TEA:2,5" as [("OFF-001", "5"), ("TEA", "2,5")]: pairs are parted by a comma or
    a semicolon before the next CODE:, so a decimal comma stays in its number."""
    out = []
    for spec in _NEXT_PAIR.split((text or "").strip()):
        spec = spec.strip().rstrip(";,").strip()
        if not spec:
            continue
        code, colon, value = spec.partition(":")
        if not colon or not code.strip() or not value.strip():
            raise InvalidInput(_("'{spec}' is not {what}.").format(spec=spec, what=what))
        out.append((code.strip(), value.strip()))
    return out


def month_before(day: date) -> int:
    """The month before ``day``'s (202611): the one a month-end run usually posts."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return year * 100 + month


class OfficeActsBase(Services):
    """Acts on the current record; the screen says which record that is and what state it is in."""

    def current_kind(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_key(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def current_status(self) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    after_act: Callable[..., None]

    def act_allowed(self, action: str) -> bool | None:
        if action in NEW_IN:
            return self.offer(f"office.{action}") if self.current_kind() == NEW_IN[action] else False
        if self.current_kind() != KIND_OF[action]:
            return False
        return self.offer(f"office.{action}", self.current_status(), record=self.current_key() is not None)

    def _on(self, action: str, go: Callable[[str], None]) -> None:
        key = self.current_key() if self.current_kind() == KIND_OF[action] else None
        if key:
            self.begin(f"office.{action}", key, lambda: go(key))

    def _form(self, title: str, fields: list[Field], go: Callable[[dict], None], *, submit: str = "",
              hint: str = "", act: Act | None = None) -> None:
        def done(values: dict | None) -> None:
            if values is not None:
                go(values)  # a value it refuses (InvalidInput) is said on the form, which stays open

        self.app.push_screen(FormDialog(title, fields, submit=submit or _("OK"), hint=hint, act=act), done)

    def _done(self, message: str, key: str | None = None, warnings: list[str] | None = None) -> None:
        self.app.notify(message, timeout=6)
        for warning in warnings or []:
            self.app.notify(warning, title=_("Budget"), severity="warning", timeout=12)
        self.after_act(key)
