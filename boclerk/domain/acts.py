"""The rule book: every act of every area, once.

An act is what a person does to the shop's records: confirm an order, receive a purchase
order, post an entry. For each act this registry says its id (``area.act``, the same id the
app's keymap uses), its label, the permission it needs, the kind of record it works on and
the states of that record it applies to, whether it cannot be undone (and so asks first),
and its key in the app.

Everyone reads it: the services guard each act with it (:meth:`Act.check`, after
``uow.require(act)``), the app builds its bindings, key bar, help and palette from it, and
the command line takes its confirmations from it. So they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from boclerk.domain.act_records import RECORDS, Record
from boclerk.domain.permissions import Perm, allowed
from boclerk.domain.state_words import STATE_WORDS
from boclerk.errors import Refused
from boclerk.i18n import N_, _

P = Perm
__all__ = ["ACTS", "RECORDS", "Act", "Record", "StateRefused", "act", "of_area"]


class StateRefused(Refused):
    """The record's state does not allow the act (a business rule: exit 1)."""


@dataclass(frozen=True)
class Act:
    id: str
    label: str
    perm: Perm
    record: str | None = None  # a kind of RECORDS; None: the act names no record
    states: tuple[str, ...] | None = None  # None: any state
    irreversible: bool = False
    key: str | None = None  # the app's key; None: palette, help and the command line only
    question: str = ""  # what an irreversible act asks; {key} is the record's number
    show: bool = True  # on the key bar (when the screen has room)
    palette: str = ""  # its entry in the app's palette, for acts that need no record
    #: for refusals: "Cannot {verb} SO-...", the act said in full (the label is the key bar's, often
    #: shortened: "Оприход."); every act with states has one
    verb: str = ""
    #: what to do instead, by the state that refuses the act
    instead: dict[str, str] = field(default_factory=dict)
    when: str = ""  # the states it applies to, in words, where listing them reads badly
    #: the "yes" of its question and the word on its form's button, the act said as a button says it
    #: ("Оприходовать", not the key bar's "Оприход."); every act that asks (irreversible) or has a
    #: form in the app has one
    button: str = ""

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def action(self) -> str:
        """The name of the app's action that runs it (``action_<name>`` on a screen)."""
        return self.id.split(".", 1)[1]

    @property
    def writes(self) -> bool:
        return self.perm is not P.READ

    def ask(self, key: object = "") -> str:
        """The question an irreversible act asks, in the interface language."""
        if self.question:
            return _(self.question).format(key=key)
        return _("{act} {key}?").format(act=_(self.label), key=key).replace(" ?", "?")

    def yes_word(self) -> str:
        """The word on the button that answers its question, in the interface language."""
        return _(self.button or self.label)

    def allows(self, state: str | None) -> bool:
        return self.states is None or state in self.states

    def may(self, role: str | None) -> bool:
        return role is not None and allowed(role, self.perm)

    def refusal(self, key: object, state: str, detail: str = "") -> StateRefused:
        rec = RECORDS[self.record] if self.record else None
        words = rec.state_words(state) if rec else _(STATE_WORDS.get(state, state))
        english = rec.words.get(state, "") if rec else ""
        if rec and self.states and rec.later(state, self.states) and not english.startswith("a "):
            words = _("already {state}").format(state=words)
        named = _("{record} {key}").format(record=_(rec.noun), key=key) if rec and rec.by_id else key
        verb = _(self.verb) if self.verb else _(self.label).lower()
        if detail:
            sentence = _("Cannot {act} {record}: it is {state} ({detail}).").format(
                act=verb, record=named, state=words, detail=detail)
        else:
            sentence = _("Cannot {act} {record}: it is {state}.").format(act=verb, record=named, state=words)
        if self.when:
            sentence += " " + _("Possible when {condition}.").format(condition=_(self.when))
        elif rec and self.states:
            can = [rec.state_words(s) for s in self.states]
            both = can[0] if len(can) == 1 else _("{states} or {last}").format(states=", ".join(can[:-1]), last=can[-1])
            sentence += " " + _("Possible when the {record} is {states}.").format(record=_(rec.noun), states=both)
        if state in self.instead:
            sentence += " " + _(self.instead[state])
        return StateRefused(sentence)

    def check(self, key: object, state: str | None, detail: str = "") -> None:
        """Refuse, with the registry's sentence, when the record's state does not allow the act
        (``detail`` adds what the record's state alone does not say, e.g. which entry reversed it)."""
        if not self.allows(state):
            raise self.refusal(key, state or "unknown", detail)


_ORDER_PAYABLE = ("draft", "confirmed", "partially_shipped", "shipped", "delivered")
_DOC_OPEN = ("inbox", "reviewed", "filed")
_LINE_OPEN = ("unmatched", "proposed")
_IN_REGISTER = ("in_use", "needs_repair", "in_repair", "in_store")
_REGISTERED = N_("the item is still in the register")

ACTS: dict[str, Act] = {a.id: a for a in (
    # -- orders ------------------------------------------------------------------------------------
    Act("orders.new", N_("New"), P.ORDER_MANAGE, key="n", palette=N_("New order")),
    Act("orders.edit", N_("Edit"), P.ORDER_MANAGE, "order", ("draft",), show=False, verb=N_("edit")),
    Act("orders.confirm", N_("Confirm"), P.ORDER_MANAGE, "order", ("draft",), key="c", verb=N_("confirm"), button=N_("Confirm")),
    Act("orders.pay", N_("Pay"), P.ORDER_PAY, "order", _ORDER_PAYABLE, True, "p",
        N_("Record a payment on {key}? It is posted to the books; a mistake is corrected by a refund."),
        verb=N_("take a payment on"), when=N_("the order is not cancelled"), button=N_("Record payment")),
    Act("orders.ship", N_("Ship"), P.ORDER_SHIP, "order", ("confirmed", "partially_shipped"), True, "s",
        N_("Ship {key}? Stock leaves and revenue is posted; this cannot be undone."), verb=N_("ship"),
        button=N_("Ship")),
    Act("orders.deliver", N_("Deliver"), P.ORDER_SHIP, "order", ("shipped",), key="d", verb=N_("deliver"),
        instead={"partially_shipped": N_("Ship the rest first.")}),
    Act("orders.cancel", N_("Cancel"), P.ORDER_MANAGE, "order", ("draft", "confirmed"), True, "x",
        N_("Cancel {key}? Reservations are released and payments refunded; this cannot be undone."),
        instead={s: N_("Take the goods back with a return instead.") for s in ("partially_shipped", "shipped", "delivered")},
        verb=N_("cancel"), button=N_("Cancel the order")),
    Act("orders.return", N_("Return"), P.ORDER_RETURN, "order", ("partially_shipped", "shipped", "delivered"), True,
        "r", N_("Take back goods of {key}? Revenue is reversed and the credit is kept for a refund."),
        verb=N_("take back goods of"), button=N_("Take back")),
    Act("orders.refund", N_("Refund"), P.ORDER_PAY, "order", None, True,
        question=N_("Refund money on {key}? The refund is posted; this cannot be undone."), button=N_("Refund")),
    Act("orders.reserve", N_("Reserve"), P.ORDER_MANAGE, "order", ("confirmed", "partially_shipped"), key="e",
        show=False, verb=N_("top up reservations of")),
    Act("orders.documents", N_("Documents"), P.DOC_INTAKE, "order", None, key="w", show=False,
        palette=N_("Documents to produce for the order: invoice, UPD, packing slip (print)"),
        verb=N_("produce documents of"), button=N_("Write")),
    Act("orders.new_customer", N_("New customer"), P.CUSTOMER_MANAGE, palette=N_("New customer"), button=N_("Add customer")),
    Act("orders.filter_drafts", N_("Orders to confirm"), P.READ, palette=N_("Orders to confirm")),
    Act("orders.filter_to_ship", N_("Orders to ship"), P.READ, palette=N_("Orders to ship")),
    Act("customers.edit", N_("Edit customer"), P.CUSTOMER_MANAGE, "customer", button=N_("Save")),
    Act("customers.archive", N_("Archive"), P.CUSTOMER_MANAGE, "customer", ("active",), verb=N_("archive")),
    Act("customers.restore", N_("Restore"), P.CUSTOMER_MANAGE, "customer", ("archived",), verb=N_("restore")),
    # -- purchases --------------------------------------------------------------------------------
    Act("purchases.new_po", N_("New PO"), P.PURCHASE_MANAGE, key="n", palette=N_("New purchase order")),
    Act("purchases.send", N_("Send"), P.PURCHASE_MANAGE, "po", ("draft",), key="s", verb=N_("send")),
    Act("purchases.receive", N_("Receive"), P.PURCHASE_RECEIVE, "po", ("sent", "partially_received"), True, "r",
        N_("Receive goods on {key}? Stock comes in and the books are posted; this cannot be undone."),
        instead={"draft": N_("Send it to the supplier first.")}, verb=N_("receive"), button=N_("Receive goods")),
    Act("purchases.enter_bill", N_("Bill"), P.BILL_ENTER, "po", ("sent", "partially_received", "received", "billed"),
        key="b", verb=N_("enter a bill for"), button=N_("Enter bill")),
    Act("purchases.cancel_po", N_("Cancel PO"), P.PURCHASE_MANAGE, "po", ("draft", "sent"), True, "x",
        N_("Cancel {key}? The supplier's order is void; this cannot be undone."), verb=N_("cancel"),
        button=N_("Cancel PO")),
    Act("purchases.approve", N_("Approve"), P.BILL_APPROVE, "bill", ("held",), True, "a",
        N_("Approve {key} as it is? It is posted to the books; this cannot be undone."), verb=N_("approve"),
        button=N_("Approve")),
    Act("purchases.reject", N_("Reject"), P.BILL_APPROVE, "bill", ("held",), True, "d",
        N_("Reject {key}? The supplier must send a new bill; this cannot be undone."), verb=N_("reject"),
        button=N_("Reject")),
    Act("purchases.pay", N_("Pay"), P.BILL_PAY, "bill", ("posted",), True, "p",
        N_("Pay {key}? The payment is posted to the books; this cannot be undone."),
        instead={"held": N_("Approve it first.")}, verb=N_("pay"), button=N_("Pay the bill")),
    Act("purchases.reverse_bill", N_("Reverse bill"), P.BILL_APPROVE, "bill", ("posted",), True, "u",
        question=N_("Reverse {key}? Its entry is mirrored and what it billed of its purchase order waits for a bill "
                 "again; this cannot be undone."), verb=N_("reverse"),
        instead={"held": N_("Reject it instead."),
                 "paid": N_("Enter the supplier's credit or debit note against it instead (boclerk purchase note).")},
        button=N_("Reverse the bill")),
    Act("purchases.note", N_("Credit/debit note"), P.BILL_ENTER, "bill", ("posted", "paid"), True, "m",
        question=N_("Enter this note against {key}? It is posted to the books; this cannot be undone."),
        verb=N_("enter a credit or debit note against"), instead={"held": N_("Approve or reject it first.")},
        button=N_("Enter note")),
    Act("purchases.suggest", N_("Reorder"), P.PURCHASE_MANAGE, key="o",
        palette=N_("Purchase orders from reorder suggestions")),
    Act("purchases.documents", N_("Documents"), P.DOC_INTAKE, "po", None, key="w", show=False,
        palette=N_("Documents to produce for the purchase order (print)"), verb=N_("produce documents of"), button=N_("Write")),
    Act("purchases.new_supplier", N_("New supplier"), P.SUPPLIER_MANAGE, key="n", palette=N_("New supplier"), button=N_("Add supplier")),
    Act("purchases.edit_supplier", N_("Edit supplier"), P.SUPPLIER_MANAGE, "supplier", key="e", button=N_("Save")),
    Act("purchases.archive_supplier", N_("Archive"), P.SUPPLIER_MANAGE, "supplier", ("active",), verb=N_("archive")),
    Act("purchases.restore_supplier", N_("Restore"), P.SUPPLIER_MANAGE, "supplier", ("archived",), verb=N_("restore")),
    Act("purchases.statement", N_("Statement"), P.DOC_INTAKE, "supplier", None, key="w", show=False,
        verb=N_("produce a reconciliation statement with")),
    Act("purchases.filter_held", N_("Held bills"), P.READ, key="h", show=False, palette=N_("Bills held as exceptions")),
    # -- stock ------------------------------------------------------------------------------------
    Act("stock.found", N_("Receive"), P.STOCK_MOVE, "product", None, True, "r",
        N_("Take {key} into stock as found? A gain is posted; this cannot be undone."), button=N_("Take into stock")),
    Act("stock.write_off", N_("Write off"), P.STOCK_MOVE, "product", None, True, "w",
        N_("Write off {key}? The loss is posted; this cannot be undone."), button=N_("Write off")),
    Act("stock.adjust", N_("Adjust"), P.STOCK_MOVE, "product", None, True, "a",
        N_("Adjust {key}? The difference is posted; this cannot be undone."), palette=N_("Adjust stock"),
        button=N_("Adjust the stock")),
    Act("stock.receive", N_("Receive"), P.STOCK_MOVE, "product", None, True,
        question=N_("Take {key} into stock without a purchase order? It is posted; this cannot be undone."),
        button=N_("Take into stock")),
    Act("stock.transfer", N_("Transfer"), P.STOCK_MOVE, "product", key="t", palette=N_("Transfer stock"), button=N_("Transfer the stock")),
    Act("stock.stocktake", N_("Count"), P.STOCK_COUNT, key="c", palette=N_("Open a stocktake"), button=N_("Open the stocktake")),
    Act("stock.count_enter", N_("Count"), P.STOCK_COUNT, "count", ("open",), verb=N_("enter counts for")),
    Act("stock.count_post", N_("Post count"), P.STOCK_COUNT, "count", ("open",), True, "ctrl+s",
        N_("Post {key}? Every difference becomes a stock move and a posting; this cannot be undone."), verb=N_("post"),
        button=N_("Post the count")),
    Act("stock.count_cancel", N_("Cancel count"), P.STOCK_COUNT, "count", ("open",), True, "f8",
        N_("Cancel {key}? The counts entered are dropped; this cannot be undone."), verb=N_("cancel"),
        button=N_("Cancel the count")),
    Act("stock.new_product", N_("New"), P.CATALOG_MANAGE, key="n", palette=N_("New product"), button=N_("Add product")),
    Act("stock.edit_product", N_("Edit"), P.CATALOG_MANAGE, "product", key="e", verb=N_("edit"), button=N_("Save")),
    Act("stock.archive_product", N_("Archive"), P.CATALOG_MANAGE, "product", ("active",), key="x", show=False,
        verb=N_("archive")),
    Act("stock.restore_product", N_("Restore"), P.CATALOG_MANAGE, "product", ("archived",), key="u", show=False,
        verb=N_("restore")),
    Act("stock.new_warehouse", N_("New warehouse"), P.WAREHOUSE_MANAGE),
    # -- ledger -----------------------------------------------------------------------------------
    Act("ledger.new_entry", N_("New entry"), P.LEDGER_POST, key="n", palette=N_("New manual journal entry")),
    Act("ledger.post_entry", N_("Post"), P.LEDGER_POST, None, None, True, "ctrl+s",
        question=N_("Post this entry? Posted entries never change; a mistake is corrected by a reversal."),
        button=N_("Post")),
    Act("ledger.save_draft", N_("Save draft"), P.LEDGER_POST, key="ctrl+r"),
    Act("ledger.post_draft", N_("Post"), P.LEDGER_POST, "draft", ("draft",), True, "p",
        N_("Post draft {key}? Posted entries never change; a mistake is corrected by a reversal."), verb=N_("post"),
        button=N_("Post")),
    Act("ledger.delete_draft", N_("Delete"), P.LEDGER_POST, "draft", ("draft",), True, "x",
        N_("Delete draft {key}? This cannot be undone."), verb=N_("delete"), button=N_("Delete")),
    Act("ledger.reverse", N_("Reverse"), P.LEDGER_POST, "entry", ("posted",), True, "r",
        N_("Reverse {key}? Its mirror image is posted; this cannot be undone."), verb=N_("reverse"),
        button=N_("Reverse the entry")),
    Act("ledger.recharge", N_("Recharge"), P.LEDGER_POST, None, None, True, "c",
        N_("Post this recharge? Posted entries never change; a mistake is corrected by a reversal."),
        palette=N_("Recharge between departments"), button=N_("Post recharge")),
    Act("ledger.lock", N_("Lock date"), P.LEDGER_LOCK, None, None, True, "l",
        N_("Lock the books on and before {key}? Nothing can be posted there afterwards."),
        palette=N_("Set the lock date"), verb=N_("set the lock date"), button=N_("Lock the books")),
    Act("ledger.opening", N_("Opening balances"), P.LEDGER_POST, None, None, True,
        question=N_("Post these opening balances? Posted entries never change."), button=N_("Post the balances")),
    Act("ledger.add_account", N_("New account"), P.ACCOUNTS_MANAGE),
    Act("ledger.add_department", N_("New department"), P.ACCOUNTS_MANAGE),
    Act("ledger.rename", N_("Rename"), P.ACCOUNTS_MANAGE, key="e", button=N_("Rename")),
    Act("ledger.trial_balance", N_("Trial bal."), P.READ, key="t", palette=N_("Trial balance")),
    Act("ledger.pnl", N_("P&L"), P.READ, key="p", palette=N_("Profit and loss")),
    Act("ledger.balance_sheet", N_("Bal. sheet"), P.READ, key="b", palette=N_("Balance sheet")),
    Act("ledger.vat_report", N_("VAT"), P.READ, key="v", show=False, palette=N_("VAT report")),
    Act("ledger.vat_regime", N_("VAT regime"), P.ACCOUNTS_MANAGE),
    Act("ledger.vat_rate", N_("VAT rate"), P.ACCOUNTS_MANAGE),
    Act("ledger.rate_set", N_("Exchange rate"), P.ACCOUNTS_MANAGE),
    Act("ledger.rate_import", N_("Import exchange rates"), P.ACCOUNTS_MANAGE),
    Act("ledger.company", N_("Company details"), P.SETTINGS,
        palette=N_("Company details: requisites for invoices and UPDs (INN, KPP, bank)"), button=N_("Save")),
    # -- documents and bank lines -----------------------------------------------------------------
    Act("documents.intake", N_("Add"), P.DOC_INTAKE, key="a", palette=N_("Register documents")),
    Act("documents.edit", N_("Edit"), P.DOC_MANAGE, "document", _DOC_OPEN, key="e", verb=N_("edit"), button=N_("Save")),
    Act("documents.link", N_("Link"), P.DOC_MANAGE, "document", _DOC_OPEN, key="l", verb=N_("link")),
    Act("documents.unlink", N_("Unlink"), P.DOC_MANAGE, "document", _DOC_OPEN, key="u", show=False, verb=N_("unlink"), button=N_("Remove")),
    Act("documents.review", N_("Reviewed"), P.DOC_MANAGE, "document", ("inbox",), key="r", verb=N_("mark reviewed")),
    Act("documents.file", N_("File"), P.DOC_MANAGE, "document", ("inbox", "reviewed"), key="f", verb=N_("file")),
    Act("documents.archive", N_("Archive"), P.DOC_MANAGE, "document", _DOC_OPEN, True, "x",
        N_("Archive {key}? It leaves the working lists for good (it is kept, never deleted)."),
        verb=N_("archive"), button=N_("Move to the archive")),
    Act("documents.process", N_("To bill"), P.DOC_INTAKE, "document", _DOC_OPEN, key="p", show=False,
        verb=N_("turn into a bill")),
    Act("documents.confirm", N_("Confirm"), P.BANK_RECONCILE, "bank_line", ("proposed",), True, "c",
        N_("Confirm bank line {key} as proposed? The payment is posted; this cannot be undone."),
        instead={"unmatched": N_("Match it by hand instead."), "ignored": N_("Match it by hand instead.")},
        verb=N_("confirm"), button=N_("Confirm")),
    Act("documents.confirm_all", N_("Confirm all"), P.BANK_RECONCILE, None, None, True, "A",
        N_("Confirm every proposed bank line? Each payment is posted; this cannot be undone."),
        button=N_("Confirm all")),
    Act("documents.match", N_("Match"), P.BANK_RECONCILE, "bank_line", _LINE_OPEN + ("ignored",), True, "m",
        N_("Match bank line {key} by hand? The payment is posted; this cannot be undone."), verb=N_("match up"),
        button=N_("Match and post")),
    Act("documents.ignore", N_("Ignore"), P.BANK_RECONCILE, "bank_line", _LINE_OPEN, key="i", verb=N_("ignore"), button=N_("Ignore")),
    Act("documents.post_account", N_("To account"), P.LEDGER_POST, "bank_line", _LINE_OPEN, True, "t",
        N_("Post bank line {key} to an account? The payment is posted; this cannot be undone."), show=False,
        verb=N_("post to an account"), button=N_("Post to the account")),
    Act("documents.rematch", N_("Rematch"), P.BANK_RECONCILE, key="R", show=False),
    Act("documents.filter_produced", N_("Documents produced by the shop"), P.READ,
        palette=N_("Documents produced by the shop")),
    Act("documents.statement", N_("Reconciliation statement"), P.DOC_INTAKE,
        palette=N_("Reconciliation statement with a customer or supplier (akt sverki)"), button=N_("Write")),
    # -- office: supply requests, staff, equipment, contracts, internal deals -----------------------
    Act("office.ask", N_("New request"), P.OFFICE_ASK, key="n", palette=N_("Ask for supplies"), button=N_("Ask")),
    Act("office.approve", N_("Approve"), P.OFFICE_APPROVE, "request", ("open",), key="a", verb=N_("approve"), button=N_("Approve")),
    Act("office.reject", N_("Reject"), P.OFFICE_APPROVE, "request", ("open",), key="d", verb=N_("reject"), button=N_("Reject")),
    Act("office.order", N_("Order"), P.PURCHASE_MANAGE, "request", ("approved",), key="o", verb=N_("order"),
        instead={"open": N_("Approve or reject its lines first.")}),
    Act("office.cancel_request", N_("Cancel"), P.OFFICE_ASK, "request", ("open", "approved"), True, "x",
        N_("Cancel {key}? Nothing more of it will be ordered; this cannot be undone."), verb=N_("cancel"),
        button=N_("Cancel the request")),
    Act("office.budget", N_("Set budget"), P.OFFICE_BUDGET),
    Act("office.add_staff", N_("New person"), P.OFFICE_STAFF, key="n", palette=N_("Add a staff member"), button=N_("Add")),
    Act("office.edit_staff", N_("Edit"), P.OFFICE_STAFF, "staff", ("active",), key="e", verb=N_("edit"), button=N_("Save")),
    Act("office.staff_left", N_("Has left"), P.OFFICE_STAFF, "staff", ("active",), key="x", verb=N_("mark as gone")),
    Act("office.new_equipment", N_("New item"), P.EQUIPMENT_MANAGE, key="n", palette=N_("Register equipment"), button=N_("Register")),
    Act("office.move", N_("Move"), P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, key="m", verb=N_("move"),
        when=_REGISTERED, button=N_("Move")),
    Act("office.condition", N_("Condition"), P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, key="c",
        verb=N_("change the condition of"), when=_REGISTERED, button=N_("Change the condition")),
    Act("office.service", N_("Service"), P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, True, "s",
        N_("Log this service or repair of {key}? Its cost is posted to the books; this cannot be undone."),
        verb=N_("log a service of"), when=_REGISTERED, button=N_("Log the service")),
    Act("office.plan", N_("Plan"), P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, key="p", verb=N_("plan maintenance of"),
        when=_REGISTERED, button=N_("Plan")),
    Act("office.write_off", N_("Write off"), P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, True, "w",
        N_("Write off {key}? It leaves the register for good (its history is kept); this cannot be undone."),
        when=_REGISTERED, verb=N_("write off"), button=N_("Write off")),
    Act("office.depreciate", N_("Depreciate"), P.LEDGER_POST, None, None, True, "D",
        N_("Post the depreciation of fixed assets for {key}? Posted entries never change."),
        show=False, palette=N_("Depreciation of fixed assets for a month"),
        button=N_("Post depreciation")),  # monthly: help and palette
    Act("office.new_contract", N_("New contract"), P.CONTRACT_MANAGE, key="n", palette=N_("New contract"), button=N_("Register")),
    Act("office.edit_contract", N_("Edit"), P.CONTRACT_MANAGE, "contract", ("draft", "with_lawyer"), key="e",
        verb=N_("edit"), instead={"signed": N_("Attach an annex instead.")}, button=N_("Save")),
    Act("office.to_lawyer", N_("To lawyer"), P.CONTRACT_MANAGE, "contract", ("draft",), key="l",
        verb=N_("send to the lawyer")),
    Act("office.sign", N_("Signed"), P.CONTRACT_MANAGE, "contract", ("draft", "with_lawyer"), True, "s",
        N_("Record {key} as signed? A signed contract is no longer edited, only terminated."), verb=N_("sign"),
        button=N_("Mark as signed")),
    Act("office.attach", N_("Attach"), P.CONTRACT_MANAGE, "contract", ("draft", "with_lawyer", "signed", "expired"),
        key="t", verb=N_("attach anything to"), button=N_("Attach")),
    Act("office.terminate", N_("Terminate"), P.CONTRACT_MANAGE, "contract", ("signed",), True, "x",
        N_("Terminate {key}? It stops renewing and leaves the reminders; this cannot be undone."),
        verb=N_("terminate"), button=N_("Terminate")),
    Act("office.new_deal", N_("New deal"), P.ALLOCATION_RUN, key="n",
        palette=N_("New allocation rule or service agreement"), button=N_("Add")),
    Act("office.end_deal", N_("End"), P.ALLOCATION_RUN, "deal", ("active",), True, "x",
        N_("End {key}? It is no longer posted for the months to come; this cannot be undone."), verb=N_("end"),
        button=N_("End the deal")),
    Act("office.allocate", N_("Allocate"), P.ALLOCATION_RUN, None, None, True, "A",
        N_("Post the allocations and service charges of {key}? One entry each; posted entries never change."),
        palette=N_("Allocate costs between departments for a month"), button=N_("Post allocations")),
    Act("office.settings", N_("Office settings"), P.SETTINGS),
    # -- quality: service levels and the working calendar -----------------------------------------
    Act("quality.level", N_("Set a service level"), P.SETTINGS, key="e", button=N_("Set level")),
    Act("quality.calendar", N_("Edit the working calendar"), P.SETTINGS),
    # -- exchange and platform: the command line's acts -------------------------------------------
    Act("exchange.import", N_("Import"), P.DATA_IMPORT),
    Act("exchange.export", N_("Export"), P.DATA_EXPORT),
    Act("exchange.shop_export", N_("Send the catalogue to the website"), P.DATA_EXPORT),
    Act("exchange.shop_import", N_("Import the website's orders"), P.DATA_IMPORT),
    Act("exchange.shop_sync", N_("Exchange with the website"), P.DATA_IMPORT),
    Act("users.add", N_("Add user"), P.USER_MANAGE),
    Act("users.set_role", N_("Set role"), P.USER_MANAGE),
    Act("users.disable", N_("Disable user"), P.USER_MANAGE),
    Act("users.enable", N_("Enable user"), P.USER_MANAGE),
    Act("db.upgrade", N_("Upgrade"), P.DB_ADMIN),
    Act("db.backup", N_("Backup"), P.DB_ADMIN),
    Act("db.restore", N_("Restore"), P.DB_ADMIN),  # the database it replaces is backed up first
    Act("db.repair", N_("Repair"), P.DB_ADMIN),
)}


def act(act_id: str) -> Act:
    """The act of that id (a KeyError names a typo in code, not a user's mistake)."""
    return ACTS[act_id]


def of_area(area: str) -> list[Act]:
    return [a for a in ACTS.values() if a.area == area]
