"""The bank reconciliation view's acts: one key confirms a proposed match, A all of them, m matches
by hand, i ignores with a reason, R looks again. Each bank line posts once."""

from __future__ import annotations

from collections.abc import Callable

from boclerk.tui.base import Services
from boclerk.tui.dialogs import Field, FormDialog


class BankActs(Services):
    """Mixed into the Documents screen: ``current`` is the highlighted bank line."""

    #: the highlighted bank line (the screen's)
    current: object

    #: the screen reloads what an act changed (its after_act)
    after_act: Callable[..., None]

    def action_confirm(self) -> None:
        row = self.current
        if row is None:
            return
        from boclerk.services.documents.bank import confirm_line

        self.confirm_act("documents.confirm", row.id, lambda: self.write(
            confirm_line, row.id, done=f"Bank line {row.id}: {row.match} posted.", then=self.after_act),
            question=f"Post bank line {row.id} ({self.money(row.amount)}) as {row.match}? This cannot be undone.")

    def action_confirm_all(self) -> None:
        from boclerk.services.documents.bank import confirm_all_proposed

        def said(results) -> None:
            posted = sum(r.ok for r in results)
            self.app.notify(f"{posted} posted, {len(results) - posted} back in the queue with the reason.",
                            timeout=8)
            self.after_act()

        self.confirm_act("documents.confirm_all", None, lambda: self.write(confirm_all_proposed, then=said))

    def action_match(self) -> None:
        row = self.current
        if row is None:
            return
        from boclerk.services.documents.bank import match_line

        def go(values: dict | None) -> None:
            if values:
                self.write(match_line, row.id, values["target"], done=f"Bank line {row.id} posted.",
                           then=self.after_act)

        self.begin("documents.match", row.id, lambda: self.app.push_screen(FormDialog(
            f"Match bank line {row.id} ({self.money(row.amount)}) by hand", [
                Field("target", "Order, bill or fee", "text", row.match if row.match else "",
                      placeholder="SO-..., BILL-... or fee")], submit="Post",
            hint="Posts at once an order payment, a bill payment or a bank fee; this cannot be undone."), go))

    def action_ignore(self) -> None:
        row = self.current
        if row is None:
            return
        from boclerk.services.documents.bank import ignore_line

        def go(values: dict | None) -> None:
            if values:
                self.write(ignore_line, row.id, values["reason"], done=f"Bank line {row.id} ignored.",
                           then=self.after_act)

        self.begin("documents.ignore", row.id, lambda: self.app.push_screen(
            FormDialog(f"Ignore bank line {row.id}", [Field("reason", "Why")], submit="Ignore"), go))

    def action_rematch(self) -> None:
        from boclerk.services.documents.matching_sets import rematch

        self.begin("documents.rematch", None, lambda: self.write(
            rematch, then=lambda n: (self.app.notify(f"{n} line(s) now have a proposed match."), self.after_act())))
