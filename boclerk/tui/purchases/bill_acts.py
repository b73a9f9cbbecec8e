"""Corrections of a posted bill from its view: reverse it, or enter the supplier's credit or debit note.

Both are irreversible and ask their question from the rule book before anything is written; the
note's small form takes what the command line takes (``boclerk purchase note``): the supplier's
number, the date, the net and VAT changes signed (negative lowers what is owed) and one VAT rate.
"""

from __future__ import annotations

from boclerk.domain.acts import ACTS
from boclerk.i18n import _
from boclerk.tui.base import ask_of, today
from boclerk.tui.dialogs import ConfirmDialog, Field, FormDialog


def _main_rate(d) -> str:
    """The VAT rate most of the bill's net carries, as the note form offers it first."""
    weights: dict[int | None, int] = {}
    for ln in d.lines:
        weights[ln.vat_rate] = weights.get(ln.vat_rate, 0) + abs(ln.net)
    if not weights:
        return ""
    rate = max(weights, key=lambda r: weights[r])
    from boclerk.services.purchasing.corrections import no_vat_word

    return no_vat_word() if rate is None else str(rate)


class BillCorrections:
    """Mixed into the Purchases acts: ``_on``, ``read``, ``write`` and ``after_act`` come from there."""

    def action_reverse_bill(self) -> None:
        self._on("reverse_bill", self._reverse_bill)

    def _reverse_bill(self, number: str) -> None:
        def go(values: dict | None) -> None:
            if values is None:
                return
            reason = values["reason"] or ""

            def answer(yes: bool | None) -> None:
                if yes:
                    from boclerk.services.purchasing.corrections import reverse_bill

                    self.write(reverse_bill, number, reason, then=lambda res: (
                        self.app.notify(_("Reversed {number} by {entry}.").format(number=number, entry=res.entry)),
                        self.after_act(number)))

            act = ACTS["purchases.reverse_bill"]
            self.app.push_screen(ConfirmDialog(ask_of(act, number), act=act), answer)

        self.app.push_screen(FormDialog(_("Reverse {number}").format(number=number),
                                        [Field("reason", _("Reason"), required=False)], act=ACTS["purchases.reverse_bill"],
                                        hint=_("For a bill booked by mistake; a bill with payments takes the "
                                               "supplier's credit or debit note instead.")), go)

    def action_note(self) -> None:
        self._on("note", self._note)

    def _note(self, number: str) -> None:
        from boclerk.services.purchasing.queries import bill_detail

        def ask(d) -> None:
            from boclerk.services.purchasing.corrections import no_vat_word

            currency = d.bill.currency or self.app.currency

            def go(values: dict | None) -> None:
                if values is None:
                    return
                from boclerk.money import parse_amount
                from boclerk.services.purchasing.corrections import NoteLineInput, note_rate

                # a figure it refuses (InvalidInput) is said on the form, which stays open
                line = NoteLineInput(
                    parse_amount(values["net"], currency=currency, locale=self.app.locale, allow_negative=True),
                    parse_amount(values["vat"], currency=currency, locale=self.app.locale, allow_negative=True),
                    note_rate(values["rate"], _("VAT rate")), values["reason"] or "")
                act = ACTS["purchases.note"]
                self.app.push_screen(ConfirmDialog(ask_of(act, number), yes=_("Enter note")),
                                     lambda yes: self._enter_note(number, values, line) if yes else None)

            self.app.push_screen(FormDialog(_("Note on {number} from {supplier}").format(
                number=number, supplier=d.bill.supplier), [
                Field("ref", _("Their number")),
                Field("day", _("Note date"), "date", today(self.app).isoformat()),
                Field("net", _("Net change")),
                Field("vat", _("VAT change")),
                Field("rate", _("VAT rate, %"), value=_main_rate(d)),
                Field("reason", _("Reason"), required=False),
            ], act=ACTS["purchases.note"], hint=_(
                "Negative amounts lower what is owed (a credit note), positive raise it (a debit note); in {currency}. "
                "Owed now: {owed}. A note without VAT: rate “{none}”.").format(
                currency=currency, owed=self.money(d.owed), none=no_vat_word())), go)

        self.read(bill_detail, number, then=ask, asks=True)

    def _enter_note(self, number: str, values: dict, line) -> None:
        from boclerk.services.purchasing.corrections import enter_note

        def said(res) -> None:
            text = (_("Credit note {number} ({total}) on {bill}, entry {entry}; the bill is {state}.")
                    if res.kind == "credit" else
                    _("Debit note {number} ({total}) on {bill}, entry {entry}; the bill is {state}."))
            from boclerk.tui.purchases.views import bill_state

            self.app.notify(text.format(number=res.number, total=self.money(res.total), bill=res.bill,
                                        entry=res.entry, state=bill_state(res.bill_status)))
            self.after_act(number)

        self.write(enter_note, number, values["ref"], values["day"], [line], reason=values["reason"] or "",
                   then=said)
