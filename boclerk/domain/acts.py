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

from boclerk.domain.permissions import Perm, allowed
from boclerk.errors import Refused

P = Perm


class StateRefused(Refused):
    """The record's state does not allow the act (a business rule: exit 1)."""


@dataclass(frozen=True)
class Record:
    """A kind of record acts work on, and how its states read in a sentence."""

    kind: str
    noun: str  # "order"
    states: tuple[str, ...]  # in the order of the record's life
    #: how a state reads after "it is" ("a draft"); default: the state's words
    words: dict[str, str] = field(default_factory=dict)
    by_id: bool = False  # named by a bare id ("bank line 12"), not by a number of its own

    def state_words(self, state: str) -> str:
        return self.words.get(state) or state.replace("_", " ")

    def later(self, state: str, than: tuple[str, ...]) -> bool:
        """Whether ``state`` comes after every one of ``than`` in the record's life."""
        order = self.states
        return state in order and all(s in order and order.index(state) > order.index(s) for s in than)


_ACTIVE = ("active", "archived")

RECORDS: dict[str, Record] = {r.kind: r for r in (
    Record("order", "order", ("draft", "confirmed", "partially_shipped", "shipped", "delivered", "cancelled"),
           {"draft": "a draft"}),
    Record("po", "purchase order",
           ("draft", "sent", "partially_received", "received", "billed", "closed", "cancelled"),
           {"draft": "a draft", "received": "received in full", "closed": "closed (received, billed and paid in full)"}),
    Record("bill", "supplier bill", ("held", "posted", "paid", "rejected", "reversed"),
           {"held": "held as an exception", "paid": "paid in full"}),
    Record("entry", "journal entry", ("draft", "posted", "reversed"),
           {"draft": "a draft", "posted": "posted and not reversed"}),
    Record("draft", "draft entry", ("draft", "posted"), {"draft": "a draft"}, by_id=True),
    Record("count", "stock count", ("open", "posted", "cancelled")),
    Record("document", "document", ("inbox", "reviewed", "filed", "archived"), {"inbox": "in the inbox"}),
    Record("bank_line", "bank line", ("unmatched", "proposed", "confirmed", "ignored"),
           {"proposed": "a proposed match", "confirmed": "confirmed and posted"}, by_id=True),
    Record("product", "product", _ACTIVE),
    Record("customer", "customer", _ACTIVE),
    Record("supplier", "supplier", _ACTIVE),
    Record("request", "supply request",
           ("open", "approved", "ordered", "partially_received", "received", "rejected", "cancelled"),
           {"open": "waiting for a decision", "received": "received in full"}),
    Record("equipment", "item", ("in_use", "needs_repair", "in_repair", "in_store", "written_off")),
    Record("contract", "contract", ("draft", "with_lawyer", "signed", "expired", "terminated"),
           {"draft": "a draft", "with_lawyer": "with the lawyer"}),
    Record("staff", "staff member", ("active", "left"), {"active": "on the staff", "left": "marked as gone"}),
    Record("deal", "internal deal", ("active", "ended")),
)}


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
    verb: str = ""  # for refusals: "Cannot {verb} SO-...": default the label in lower case
    #: what to do instead, by the state that refuses the act
    instead: dict[str, str] = field(default_factory=dict)
    when: str = ""  # the states it applies to, in words, where listing them reads badly

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
        return self.question.format(key=key) if self.question else f"{self.label} {key}?".replace(" ?", "?")

    def allows(self, state: str | None) -> bool:
        return self.states is None or state in self.states

    def may(self, role: str | None) -> bool:
        return role is not None and allowed(role, self.perm)

    def refusal(self, key: object, state: str, detail: str = "") -> StateRefused:
        rec = RECORDS[self.record] if self.record else None
        words = rec.state_words(state) if rec else state
        if rec and self.states and rec.later(state, self.states) and not words.startswith("a "):
            words = "already " + words
        named = f"{rec.noun} {key}" if rec and rec.by_id else key
        sentence = f"Cannot {self.verb or self.label.lower()} {named}: it is {words}{f' ({detail})' if detail else ''}."
        if self.when:
            sentence += f" Possible when {self.when}."
        elif rec and self.states:
            can = [rec.state_words(s) for s in self.states]
            both = can[0] if len(can) == 1 else ", ".join(can[:-1]) + " or " + can[-1]
            sentence += f" Possible when the {rec.noun} is {both}."
        if state in self.instead:
            sentence += " " + self.instead[state]
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
_REGISTERED = "the item is still in the register"

ACTS: dict[str, Act] = {a.id: a for a in (
    # -- orders ------------------------------------------------------------------------------------
    Act("orders.new", "New", P.ORDER_MANAGE, key="n", palette="New order"),
    Act("orders.edit", "Edit", P.ORDER_MANAGE, "order", ("draft",), show=False, verb="edit"),
    Act("orders.confirm", "Confirm", P.ORDER_MANAGE, "order", ("draft",), key="c"),
    Act("orders.pay", "Pay", P.ORDER_PAY, "order", _ORDER_PAYABLE, True, "p",
        "Record a payment on {key}? It is posted to the books; a mistake is corrected by a refund.",
        verb="take a payment on", when="the order is not cancelled"),
    Act("orders.ship", "Ship", P.ORDER_SHIP, "order", ("confirmed", "partially_shipped"), True, "s",
        "Ship {key}? Stock leaves and revenue is posted; this cannot be undone."),
    Act("orders.deliver", "Deliver", P.ORDER_SHIP, "order", ("shipped",), key="d", verb="deliver",
        instead={"partially_shipped": "Ship the rest first."}),
    Act("orders.cancel", "Cancel", P.ORDER_MANAGE, "order", ("draft", "confirmed"), True, "x",
        "Cancel {key}? Reservations are released and payments refunded; this cannot be undone.",
        instead={s: "Take the goods back with a return instead." for s in ("partially_shipped", "shipped", "delivered")}),
    Act("orders.return", "Return", P.ORDER_RETURN, "order", ("partially_shipped", "shipped", "delivered"), True,
        "r", "Take back goods of {key}? Revenue is reversed and the credit is kept for a refund.",
        verb="take back goods of"),
    Act("orders.refund", "Refund", P.ORDER_PAY, "order", None, True,
        question="Refund money on {key}? The refund is posted; this cannot be undone."),
    Act("orders.reserve", "Reserve", P.ORDER_MANAGE, "order", ("confirmed", "partially_shipped"), key="e",
        show=False, verb="top up reservations of"),
    Act("orders.documents", "Documents", P.DOC_INTAKE, "order", None, key="w", show=False,
        palette="Documents to produce for the order: invoice, UPD, packing slip (print)",
        verb="produce documents of"),
    Act("orders.new_customer", "New customer", P.CUSTOMER_MANAGE, palette="New customer"),
    Act("orders.filter_drafts", "Orders to confirm", P.READ, palette="Orders to confirm"),
    Act("orders.filter_to_ship", "Orders to ship", P.READ, palette="Orders to ship"),
    Act("customers.edit", "Edit customer", P.CUSTOMER_MANAGE, "customer"),
    # -- purchases --------------------------------------------------------------------------------
    Act("purchases.new_po", "New PO", P.PURCHASE_MANAGE, key="n", palette="New purchase order"),
    Act("purchases.send", "Send", P.PURCHASE_MANAGE, "po", ("draft",), key="s"),
    Act("purchases.receive", "Receive", P.PURCHASE_RECEIVE, "po", ("sent", "partially_received"), True, "r",
        "Receive goods on {key}? Stock comes in and the books are posted; this cannot be undone.",
        instead={"draft": "Send it to the supplier first."}),
    Act("purchases.enter_bill", "Bill", P.BILL_ENTER, "po", ("sent", "partially_received", "received", "billed"),
        key="b", verb="enter a bill for"),
    Act("purchases.cancel_po", "Cancel PO", P.PURCHASE_MANAGE, "po", ("draft", "sent"), True, "x",
        "Cancel {key}? The supplier's order is void; this cannot be undone.", verb="cancel"),
    Act("purchases.approve", "Approve", P.BILL_APPROVE, "bill", ("held",), True, "a",
        "Approve {key} as it is? It is posted to the books; this cannot be undone."),
    Act("purchases.reject", "Reject", P.BILL_APPROVE, "bill", ("held",), True, "d",
        "Reject {key}? The supplier must send a new bill; this cannot be undone."),
    Act("purchases.pay", "Pay", P.BILL_PAY, "bill", ("posted",), True, "p",
        "Pay {key}? The payment is posted to the books; this cannot be undone.",
        instead={"held": "Approve it first."}),
    Act("purchases.reverse_bill", "Reverse bill", P.BILL_APPROVE, "bill", ("posted",), True,
        question="Reverse {key}? Its entry is mirrored and what it billed of its purchase order waits for a bill "
                 "again; this cannot be undone.", verb="reverse",
        instead={"held": "Reject it instead.",
                 "paid": "Enter the supplier's credit or debit note against it instead (boclerk purchase note)."}),
    Act("purchases.note", "Credit or debit note", P.BILL_ENTER, "bill", ("posted", "paid"), True,
        question="Enter this note against {key}? It is posted to the books; this cannot be undone.",
        verb="enter a credit or debit note against", instead={"held": "Approve or reject it first."}),
    Act("purchases.suggest", "Reorder", P.PURCHASE_MANAGE, key="o",
        palette="Purchase orders from reorder suggestions"),
    Act("purchases.documents", "Documents", P.DOC_INTAKE, "po", None, key="w", show=False,
        palette="Documents to produce for the purchase order (print)", verb="produce documents of"),
    Act("purchases.new_supplier", "New supplier", P.SUPPLIER_MANAGE, key="n", palette="New supplier"),
    Act("purchases.edit_supplier", "Edit supplier", P.SUPPLIER_MANAGE, "supplier", key="e"),
    Act("purchases.statement", "Statement", P.DOC_INTAKE, "supplier", None, key="w", show=False,
        verb="produce a reconciliation statement with"),
    Act("purchases.filter_held", "Held bills", P.READ, key="h", show=False, palette="Bills held as exceptions"),
    # -- stock ------------------------------------------------------------------------------------
    Act("stock.found", "Receive", P.STOCK_MOVE, "product", None, True, "r",
        "Take {key} into stock as found? A gain is posted; this cannot be undone."),
    Act("stock.write_off", "Write off", P.STOCK_MOVE, "product", None, True, "w",
        "Write off {key}? The loss is posted; this cannot be undone."),
    Act("stock.adjust", "Adjust", P.STOCK_MOVE, "product", None, True, "a",
        "Adjust {key}? The difference is posted; this cannot be undone.", palette="Adjust stock"),
    Act("stock.receive", "Receive", P.STOCK_MOVE, "product", None, True,
        question="Take {key} into stock without a purchase order? It is posted; this cannot be undone."),
    Act("stock.transfer", "Transfer", P.STOCK_MOVE, "product", key="t", palette="Transfer stock"),
    Act("stock.stocktake", "Count", P.STOCK_COUNT, key="c", palette="Open a stocktake"),
    Act("stock.count_enter", "Count", P.STOCK_COUNT, "count", ("open",), verb="enter counts for"),
    Act("stock.count_post", "Post count", P.STOCK_COUNT, "count", ("open",), True, "ctrl+s",
        "Post {key}? Every difference becomes a stock move and a posting; this cannot be undone.", verb="post"),
    Act("stock.count_cancel", "Cancel count", P.STOCK_COUNT, "count", ("open",), True, "f8",
        "Cancel {key}? The counts entered are dropped; this cannot be undone.", verb="cancel"),
    Act("stock.new_product", "New", P.CATALOG_MANAGE, key="n", palette="New product"),
    Act("stock.edit_product", "Edit", P.CATALOG_MANAGE, "product", key="e", verb="edit"),
    Act("stock.archive_product", "Archive", P.CATALOG_MANAGE, "product", ("active",), verb="archive"),
    Act("stock.restore_product", "Restore", P.CATALOG_MANAGE, "product", ("archived",), verb="restore"),
    Act("stock.new_warehouse", "New warehouse", P.WAREHOUSE_MANAGE),
    # -- ledger -----------------------------------------------------------------------------------
    Act("ledger.new_entry", "New entry", P.LEDGER_POST, key="n", palette="New manual journal entry"),
    Act("ledger.post_entry", "Post", P.LEDGER_POST, None, None, True, "ctrl+s",
        question="Post this entry? Posted entries never change; a mistake is corrected by a reversal."),
    Act("ledger.save_draft", "Save draft", P.LEDGER_POST, key="ctrl+r"),
    Act("ledger.post_draft", "Post", P.LEDGER_POST, "draft", ("draft",), True, "p",
        "Post draft {key}? Posted entries never change; a mistake is corrected by a reversal.", verb="post"),
    Act("ledger.delete_draft", "Delete", P.LEDGER_POST, "draft", ("draft",), True, "x",
        "Delete draft {key}? This cannot be undone.", verb="delete"),
    Act("ledger.reverse", "Reverse", P.LEDGER_POST, "entry", ("posted",), True, "r",
        "Reverse {key}? Its mirror image is posted; this cannot be undone."),
    Act("ledger.recharge", "Recharge", P.LEDGER_POST, None, None, True, "c",
        "Post this recharge? Posted entries never change; a mistake is corrected by a reversal.",
        palette="Recharge between departments"),
    Act("ledger.lock", "Lock date", P.LEDGER_LOCK, None, None, True, "l",
        "Lock the books on and before {key}? Nothing can be posted there afterwards.",
        palette="Set the lock date", verb="set the lock date"),
    Act("ledger.opening", "Opening balances", P.LEDGER_POST, None, None, True,
        question="Post these opening balances? Posted entries never change."),
    Act("ledger.add_account", "New account", P.ACCOUNTS_MANAGE),
    Act("ledger.add_department", "New department", P.ACCOUNTS_MANAGE),
    Act("ledger.trial_balance", "Trial bal.", P.READ, key="t", palette="Trial balance"),
    Act("ledger.pnl", "P&L", P.READ, key="p", palette="Profit and loss"),
    Act("ledger.balance_sheet", "Bal. sheet", P.READ, key="b", palette="Balance sheet"),
    Act("ledger.vat_report", "VAT", P.READ, key="v", show=False, palette="VAT report"),
    Act("ledger.vat_regime", "VAT regime", P.ACCOUNTS_MANAGE),
    Act("ledger.vat_rate", "VAT rate", P.ACCOUNTS_MANAGE),
    Act("ledger.rate_set", "Exchange rate", P.ACCOUNTS_MANAGE),
    Act("ledger.rate_import", "Import exchange rates", P.ACCOUNTS_MANAGE),
    Act("ledger.company", "Company details", P.SETTINGS,
        palette="Company details: requisites for invoices and UPDs (INN, KPP, bank)"),
    # -- documents and bank lines -----------------------------------------------------------------
    Act("documents.intake", "Add", P.DOC_INTAKE, key="a", palette="Register documents"),
    Act("documents.edit", "Edit", P.DOC_MANAGE, "document", _DOC_OPEN, key="e", verb="edit"),
    Act("documents.link", "Link", P.DOC_MANAGE, "document", _DOC_OPEN, key="l", verb="link"),
    Act("documents.unlink", "Unlink", P.DOC_MANAGE, "document", _DOC_OPEN, key="u", show=False, verb="unlink"),
    Act("documents.review", "Reviewed", P.DOC_MANAGE, "document", ("inbox",), key="r", verb="mark reviewed"),
    Act("documents.file", "File", P.DOC_MANAGE, "document", ("inbox", "reviewed"), key="f", verb="file"),
    Act("documents.archive", "Archive", P.DOC_MANAGE, "document", _DOC_OPEN, True, "x",
        "Archive {key}? It leaves the working lists for good (it is kept, never deleted)."),
    Act("documents.process", "To bill", P.DOC_INTAKE, "document", _DOC_OPEN, key="p", show=False,
        verb="turn into a bill"),
    Act("documents.confirm", "Confirm", P.BANK_RECONCILE, "bank_line", ("proposed",), True, "c",
        "Confirm bank line {key} as proposed? The payment is posted; this cannot be undone.",
        instead={"unmatched": "Match it by hand instead.", "ignored": "Match it by hand instead."}),
    Act("documents.confirm_all", "Confirm all", P.BANK_RECONCILE, None, None, True, "A",
        "Confirm every proposed bank line? Each payment is posted; this cannot be undone."),
    Act("documents.match", "Match", P.BANK_RECONCILE, "bank_line", _LINE_OPEN + ("ignored",), True, "m",
        "Match bank line {key} by hand? The payment is posted; this cannot be undone."),
    Act("documents.ignore", "Ignore", P.BANK_RECONCILE, "bank_line", _LINE_OPEN, key="i"),
    Act("documents.post_account", "To account", P.LEDGER_POST, "bank_line", _LINE_OPEN, True, "t",
        "Post bank line {key} to an account? The payment is posted; this cannot be undone.", show=False,
        verb="post to an account"),
    Act("documents.rematch", "Rematch", P.BANK_RECONCILE, key="R", show=False),
    Act("documents.filter_produced", "Documents produced by the shop", P.READ,
        palette="Documents produced by the shop"),
    Act("documents.statement", "Reconciliation statement", P.DOC_INTAKE,
        palette="Reconciliation statement with a customer or supplier (akt sverki)"),
    # -- office: supply requests, staff, equipment, contracts, internal deals -----------------------
    Act("office.ask", "New request", P.OFFICE_ASK, key="n", palette="Ask for supplies"),
    Act("office.approve", "Approve", P.OFFICE_APPROVE, "request", ("open",), key="a", verb="approve"),
    Act("office.reject", "Reject", P.OFFICE_APPROVE, "request", ("open",), key="d", verb="reject"),
    Act("office.order", "Order", P.PURCHASE_MANAGE, "request", ("approved",), key="o", verb="order",
        instead={"open": "Approve or reject its lines first."}),
    Act("office.cancel_request", "Cancel", P.OFFICE_ASK, "request", ("open", "approved"), True, "x",
        "Cancel {key}? Nothing more of it will be ordered; this cannot be undone.", verb="cancel"),
    Act("office.budget", "Set budget", P.OFFICE_BUDGET),
    Act("office.add_staff", "New person", P.OFFICE_STAFF, key="n", palette="Add a staff member"),
    Act("office.edit_staff", "Edit", P.OFFICE_STAFF, "staff", ("active",), key="e", verb="edit"),
    Act("office.staff_left", "Has left", P.OFFICE_STAFF, "staff", ("active",), key="x", verb="mark as gone"),
    Act("office.new_equipment", "New item", P.EQUIPMENT_MANAGE, key="n", palette="Register equipment"),
    Act("office.move", "Move", P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, key="m", verb="move",
        when=_REGISTERED),
    Act("office.condition", "Condition", P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, key="c",
        verb="change the condition of", when=_REGISTERED),
    Act("office.service", "Service", P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, True, "s",
        "Log this service or repair of {key}? Its cost is posted to the books; this cannot be undone.",
        verb="log a service of", when=_REGISTERED),
    Act("office.plan", "Plan", P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, key="p", verb="plan maintenance of",
        when=_REGISTERED),
    Act("office.write_off", "Write off", P.EQUIPMENT_MANAGE, "equipment", _IN_REGISTER, True, "w",
        "Write off {key}? It leaves the register for good (its history is kept); this cannot be undone.",
        when=_REGISTERED),
    Act("office.depreciate", "Depreciate", P.LEDGER_POST, None, None, True, "D",
        "Post the depreciation of fixed assets for {key}? Posted entries never change.",
        palette="Depreciation of fixed assets for a month"),
    Act("office.new_contract", "New contract", P.CONTRACT_MANAGE, key="n", palette="New contract"),
    Act("office.edit_contract", "Edit", P.CONTRACT_MANAGE, "contract", ("draft", "with_lawyer"), key="e",
        verb="edit", instead={"signed": "Attach an annex instead."}),
    Act("office.to_lawyer", "To lawyer", P.CONTRACT_MANAGE, "contract", ("draft",), key="l",
        verb="send to the lawyer"),
    Act("office.sign", "Signed", P.CONTRACT_MANAGE, "contract", ("draft", "with_lawyer"), True, "s",
        "Record {key} as signed? A signed contract is no longer edited, only terminated.", verb="sign"),
    Act("office.attach", "Attach", P.CONTRACT_MANAGE, "contract", ("draft", "with_lawyer", "signed", "expired"),
        key="t", verb="attach anything to"),
    Act("office.terminate", "Terminate", P.CONTRACT_MANAGE, "contract", ("signed",), True, "x",
        "Terminate {key}? It stops renewing and leaves the reminders; this cannot be undone."),
    Act("office.new_deal", "New deal", P.ALLOCATION_RUN, key="n",
        palette="New allocation rule or service agreement"),
    Act("office.end_deal", "End", P.ALLOCATION_RUN, "deal", ("active",), True, "x",
        "End {key}? It is no longer posted for the months to come; this cannot be undone.", verb="end"),
    Act("office.allocate", "Allocate", P.ALLOCATION_RUN, None, None, True, "A",
        "Post the allocations and service charges of {key}? One entry each; posted entries never change.",
        palette="Allocate costs between departments for a month"),
    Act("office.settings", "Office settings", P.SETTINGS),
    # -- quality: service levels and the working calendar -----------------------------------------
    Act("quality.level", "Set a service level", P.SETTINGS),
    Act("quality.calendar", "Edit the working calendar", P.SETTINGS),
    # -- exchange and platform: the command line's acts -------------------------------------------
    Act("exchange.import", "Import", P.DATA_IMPORT),
    Act("exchange.export", "Export", P.DATA_EXPORT),
    Act("exchange.shop_export", "Send the catalogue to the website", P.DATA_EXPORT),
    Act("exchange.shop_import", "Import the website's orders", P.DATA_IMPORT),
    Act("exchange.shop_sync", "Exchange with the website", P.DATA_IMPORT),
    Act("users.add", "Add user", P.USER_MANAGE),
    Act("users.set_role", "Set role", P.USER_MANAGE),
    Act("users.disable", "Disable user", P.USER_MANAGE),
    Act("users.enable", "Enable user", P.USER_MANAGE),
    Act("db.upgrade", "Upgrade", P.DB_ADMIN),
    Act("db.backup", "Backup", P.DB_ADMIN),
    Act("db.restore", "Restore", P.DB_ADMIN),  # the database it replaces is backed up first
    Act("db.repair", "Repair", P.DB_ADMIN),
)}


def act(act_id: str) -> Act:
    """The act of that id (a KeyError names a typo in code, not a user's mistake)."""
    return ACTS[act_id]


def of_area(area: str) -> list[Act]:
    return [a for a in ACTS.values() if a.area == area]
