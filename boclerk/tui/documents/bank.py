"""The bank reconciliation view's acts: one key confirms a proposed match, A all of them (saying
how many lines and how much, before and after), m matches by hand, t posts a line that pays no
order, bill or fee to an account of the chart with a memo, i ignores with a reason, R looks
again. Each bank line posts once."""

from __future__ import annotations

from collections.abc import Callable

from boclerk.domain.acts import ACTS
from boclerk.i18n import _, ngettext
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
        from boclerk.domain.document_words import match_words
        from boclerk.services.documents.bank import confirm_line

        match = match_words(row.match)
        self.confirm_act("documents.confirm", row.id, lambda: self.write(
            confirm_line, row.id, done=_("Bank line {line}: {match} posted.").format(line=row.id, match=match),
            then=self.after_act),
            question=_("Post bank line {line} ({amount}) as {match}? This cannot be undone.").format(
                line=row.id, amount=self.money(row.amount), match=match))

    def sums(self, money_in: int, money_out: int) -> str:
        """The money of some lines: "48 300,00" when it all goes one way, else in and out apart."""
        if money_in and money_out:
            return _("{money_in} in, {money_out} out").format(money_in=self.money(money_in),
                                                               money_out=self.money(money_out))
        return self.money(money_in) if money_in else self.money(-money_out)

    def action_confirm_all(self) -> None:
        from boclerk.services.documents.bank_confirm import confirm_all_counted, proposed_total

        def said(outcome) -> None:
            results, money_in, money_out = outcome
            posted = sum(r.ok for r in results)
            sentence = ngettext("{n} line posted: {amount}.", "{n} lines posted: {amount}.", posted).format(
                n=posted, amount=self.sums(money_in, money_out))
            back = len(results) - posted
            if back:
                sentence += " " + ngettext("{n} line is back in the queue with the reason.",
                                           "{n} lines are back in the queue with the reason.", back).format(n=back)
            self.app.notify(sentence, severity="warning" if back else "information", timeout=8)
            self.after_act()

        def ask(total: tuple[int, int, int]) -> None:
            count, money_in, money_out = total
            if not count:
                self.app.notify(_("No proposed matches to confirm."), severity="warning")
                return
            question = ngettext("Confirm {n} line: {amount}?", "Confirm {n} lines: {amount}?", count).format(
                n=count, amount=self.sums(money_in, money_out))
            self.confirm_act("documents.confirm_all", None, lambda: self.write(confirm_all_counted, then=said),
                             question=question + " " + _("Each payment is posted; this cannot be undone."))

        self.read(proposed_total, then=ask, asks=True)

    def action_match(self) -> None:
        row = self.current
        if row is None:
            return
        from boclerk.services.documents.bank import match_line

        def go(values: dict | None) -> None:
            if values:
                self.write(match_line, row.id, values["target"], done=_("Bank line {line} posted.").format(line=row.id),
                           then=self.after_act)

        self.begin("documents.match", row.id, lambda: self.app.push_screen(FormDialog(
            _("Match bank line {line} ({amount}) by hand").format(line=row.id, amount=self.money(row.amount)), [
                Field("target", _("Order, bill or fee"), "text", row.match if row.match else "",
                      placeholder=_("SO-..., BILL-... or fee"))], act=ACTS["documents.match"],
            hint=_("Posts at once an order payment, a bill payment or a bank fee; this cannot be undone. "
                   "A payment that is none of these: t posts it to an account.")), go))

    def action_post_account(self) -> None:
        row = self.current
        if row is None:
            return
        from boclerk.services.documents.bank_post import post_to_account
        from boclerk.services.ledger.queries import list_accounts
        from boclerk.tui.documents.post_dialog import PostToAccountDialog

        def go(values: dict | None) -> None:
            if values:
                self.write(post_to_account, row.id, values["account"], values["memo"],
                           done=_("Bank line {line} posted to {account}.").format(line=row.id,
                                                                                   account=values["account"]),
                           then=self.after_act)

        def pick(accounts) -> None:
            known = {a.code: a for a in accounts if a.active}
            bank = next((a.code for a in accounts if getattr(a, "role", None) == "bank"), "")
            self.app.push_screen(PostToAccountDialog(
                _("Post bank line {line} ({amount}) to an account").format(line=row.id, amount=self.money(row.amount)),
                known, bank=bank), go)

        self.begin("documents.post_account", row.id, lambda: self.read(list_accounts, then=pick, asks=True))

    def action_ignore(self) -> None:
        row = self.current
        if row is None:
            return
        from boclerk.services.documents.bank import ignore_line

        def go(values: dict | None) -> None:
            if values:
                self.write(ignore_line, row.id, values["reason"], done=_("Bank line {line} ignored.").format(line=row.id),
                           then=self.after_act)

        self.begin("documents.ignore", row.id, lambda: self.app.push_screen(
            FormDialog(_("Ignore bank line {line}").format(line=row.id), [Field("reason", _("Why"))],
                       act=ACTS["documents.ignore"]), go))

    def action_rematch(self) -> None:
        from boclerk.services.documents.matching_sets import rematch

        def said(n: int) -> None:
            self.app.notify(ngettext("{n} line now has a proposed match.", "{n} lines now have a proposed match.",
                                     n).format(n=n))
            self.after_act()

        self.begin("documents.rematch", None, lambda: self.write(rematch, then=said))
