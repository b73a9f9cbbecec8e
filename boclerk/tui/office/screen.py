"""Office: supply requests, the equipment register, contracts, staff and the internal deals
between departments, each a list paged by key; every act of the area by key."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from boclerk.domain.office_words import deal_terms, deal_word
from boclerk.i18n import N_, NP_, _, pgettext
from boclerk.tui.base import act_bindings
from boclerk.tui.lists import Filter, ListScreen, View, keyset
from boclerk.tui.office.acts import KIND_OF, NEW_IN, OfficeActs
from boclerk.tui.office.counts import OfficeCounts
from boclerk.tui.office.views import (
    DetailDialog,
    render_contract,
    render_deal,
    render_equipment,
    render_request,
    render_staff,
    words,
)
from boclerk.tui.paged import Column
from boclerk.tui.translated import translate_lists

REQUEST_STATES = ((N_("All requests"), ""), (N_("Waiting for a decision"), "open"), (N_("To order"), "approved"),
                  (N_("Ordered"), "ordered"), (N_("Partially received"), "partially_received"),
                  (N_("Received"), "received"), (N_("Rejected"), "rejected"), (N_("Cancelled"), "cancelled"))
EQUIPMENT_STATES = ((N_("In the register"), "active"), (N_("Maintenance due"), "due"),
                    (N_("Warranty ending"), "warranty"), (N_("In use"), "in_use"), (N_("Needs repair"), "needs_repair"),
                    (N_("In repair"), "in_repair"), (N_("In store"), "in_store"), (N_("Written off"), "written_off"),
                    (N_("All items"), ""))
CONTRACT_STATES = ((N_("All contracts"), ""), (N_("Live"), "live"), (N_("Drafts"), "draft"),
                   (N_("With the lawyer"), "with_lawyer"), (N_("Expired"), "expired"), (N_("Terminated"), "terminated"))

REQUEST_COLUMNS = [
    Column("number", N_("Number"), 15, 1), Column("date", N_("Date"), 10, 3), Column("dept", N_("Dept"), 6, 1),
    Column("who", N_("Asked by"), 16, 4), Column("wanted", N_("Wanted by"), 10, 5),
    Column("lines", N_("Lines"), 5, 6, right=True), Column("total", N_("Estimate"), 11, 2, right=True),
    Column("state", N_("State"), 18, 1),
]
EQUIPMENT_COLUMNS = [
    Column("number", N_("Number"), 14, 1), Column("name", N_("Name"), 20, 1), Column("dept", N_("Dept"), 6, 2),
    Column("holder", N_("Holder"), 10, 4), Column("room", N_("Room"), 8, 5), Column("condition", N_("Condition"), 12, 1),
    Column("due", N_("Next due"), 11, 3), Column("cost", N_("Cost"), 12, 6, right=True),
]
CONTRACT_COLUMNS = [
    Column("number", N_("Number"), 15, 1), Column("party", N_("With"), 18, 1), Column("subject", N_("Subject"), 22, 2),
    Column("end", N_("Term ends"), 10, 3), Column("renews", N_("Renews"), 6, 5),
    Column("amount", N_("Amount"), 12, 4, right=True), Column("state", N_("State"), 11, 1),
]
STAFF_COLUMNS = [
    Column("code", N_("Code"), 10, 1), Column("name", N_("Name"), 22, 1), Column("dept", N_("Dept"), 6, 1),
    Column("position", N_("Position"), 18, 2), Column("login", N_("Login"), 10, 3), Column("email", N_("Email"), 24, 4),
]
DEAL_COLUMNS = [
    Column("code", N_("Code"), 10, 1), Column("name", N_("Name"), 20, 2), Column("kind", N_("Kind"), 10, 3),
    Column("account", N_("Acct"), 5, 4), Column("terms", N_("Terms"), 36, 1), Column("state", N_("State"), 7, 1),
]
#: the equipment's acts as the key bar says them short of a wide terminal, so that the everyday ones
#: fit 80 columns (help and palette say them in full)
EQUIPMENT_KEY_WORDS = {"new_equipment": NP_("equipment key bar", "New"), "move": NP_("equipment key bar", "Move"),
                       "condition": NP_("equipment key bar", "Condition"),
                       "service": NP_("equipment key bar", "Service"), "plan": NP_("equipment key bar", "Plan")}
KIND_OF_VIEW = {"requests": "request", "equipment": "equipment", "contracts": "contract", "staff": "staff",
                "deals": "deal"}


class OfficeScreen(OfficeCounts, OfficeActs, ListScreen):
    TITLE = N_("Office")
    AREA = "office"
    AUTO_FOCUS = "#requests-list"
    HELP = N_("The office: supply requests, the equipment register, contracts, staff and the internal deals "
            "between departments; v switches between the five lists. Filter with the selector at the top; / "
            "searches the list (a number, a name, a SKU). Enter shows the record in full (on a wide terminal it "
            "shows beside the list).\n\n"
            "Requests: n asks for supplies (anyone), a approves and d rejects the lines waiting (with a reason), "
            "o orders the approved lines (one draft PO per supplier, for the department that asked), x cancels.\n"
            "Equipment: n registers an item (from the bill it was bought on; at or above the capitalisation "
            "threshold it is a fixed asset), m moves it, c sets its condition, p plans maintenance, s logs a "
            "service or repair (its cost posts to the item's department), w writes it off, D posts a month's "
            "depreciation.\n"
            "Contracts: n registers one, e edits a draft, l sends it to the lawyer, s records it signed, t attaches "
            "a document, PO, bill or order, x terminates it.\n"
            "Staff: n adds a person, e edits, x marks them as gone. Deals: n adds an allocation rule or a service "
            "agreement, x ends one, A posts a month's allocations.\n"
            "Acts your role may not do are not shown; acts the record's state does not allow are dimmed.")
    BINDINGS = [
        Binding("v", "next_view", N_("View"), id="office.view"),
        Binding("slash", "search", N_("Search"), id="office.search"),
        *act_bindings(*(f"office.{act}" for act in (*NEW_IN, *KIND_OF))),
        Binding("ctrl+r", "refresh", N_("Refresh"), show=False, id="office.refresh"),
        Binding("enter", "open", N_("Open"), show=False, id="office.open"),
    ]
    VIEWS = (View("requests", N_("Requests"), REQUEST_COLUMNS, "fetch_requests", "request_cells",
                  count="count_requests"),
             View("equipment", N_("Equipment"), EQUIPMENT_COLUMNS, "fetch_equipment", "equipment_cells",
                  count="count_equipment"),
             View("contracts", N_("Contracts"), CONTRACT_COLUMNS, "fetch_contracts", "contract_cells",
                  count="count_contracts"),
             View("staff", N_("Staff"), STAFF_COLUMNS, "fetch_staff", "staff_cells", key=lambda r: r.code, page=200,
                  window_pages=50, count="count_staff"),
             View("deals", N_("Internal deals"), DEAL_COLUMNS, "fetch_deals", "deal_cells", key=lambda r: r.code,
                  page=200, window_pages=50, count="count_deals"))
    FILTERS = (Filter("request_state", "request-state", REQUEST_STATES, views=("requests",), width=26),
               Filter("mine", "mine", label=N_("Mine"), views=("requests",)),
               Filter("equipment_state", "equipment-state", EQUIPMENT_STATES, views=("equipment",), width=22),
               Filter("contract_state", "contract-state", CONTRACT_STATES, views=("contracts",), width=20))
    SEARCH = N_("/ number, name, SKU")
    SEARCH_VIEWS = ("requests", "equipment", "contracts", "staff")
    VIEW_WIDTH = 18

    def __init__(self) -> None:
        super().__init__()
        translate_lists(self, {("staff", "name"): pgettext("person", "Name"),
                               ("equipment", "room"): pgettext("narrow column", "Room"),
                               ("requests", "lines"): pgettext("narrow column", "Lines")},
                        own={"State": pgettext("list column", "State"),
                             "Internal deals": pgettext("view chooser", "Internal deals"),
                             "Maintenance due": pgettext("equipment filter", "Maintenance due")})

    # -- lists ------------------------------------------------------------------------------------------
    def fetch_requests(self, uow, **page):
        from boclerk.services.office.request_queries import list_requests

        return keyset(list_requests, uow, **page, state=self.filters["request_state"] or None,
                      mine=bool(self.filters["mine"]), search=self.filters["search"])

    def fetch_equipment(self, uow, **page):
        from boclerk.services.office.equipment_queries import list_equipment

        choice = self.filters["equipment_state"]
        special = {"due": {"due": True}, "warranty": {"warranty": True}}.get(choice)
        return keyset(list_equipment, uow, **page, search=self.filters["search"],
                      **(special or {"condition": choice or None}))

    def fetch_contracts(self, uow, **page):
        from boclerk.services.office.contract_queries import list_contracts

        return keyset(list_contracts, uow, **page, state=self.filters["contract_state"] or None,
                      search=self.filters["search"])

    def fetch_staff(self, uow, *, after=None, before=None, last=False, limit=200):
        """Staff by code, forward only (a company's staff fits the kept window)."""
        from boclerk.services.office.staff import list_staff

        if before is not None:
            return []
        rows = list_staff(uow, search=self.filters["search"], after_code=after, limit=limit, include_gone=True)
        while last and len(rows) == limit:
            more = list_staff(uow, search=self.filters["search"], after_code=rows[-1].code, limit=limit,
                              include_gone=True)
            if not more:
                break
            rows = (rows + more)[-limit:]
        return rows

    def fetch_deals(self, uow, *, after=None, before=None, last=False, limit=200):
        from boclerk.services.office.deals import list_deals

        if before is not None:
            return []
        rows = list_deals(uow, after_code=after, limit=limit)
        while last and len(rows) == limit:
            more = list_deals(uow, after_code=rows[-1].code, limit=limit)
            if not more:
                break
            rows = (rows + more)[-limit:]
        return rows

    def request_cells(self, r) -> dict:
        return {"number": r.number, "date": self.day(r.created), "dept": r.department, "who": r.asked_by,
                "wanted": self.day(r.wanted_by), "lines": str(r.lines),
                "total": self.money(r.total), "state": words(r.state)}

    def equipment_cells(self, r) -> dict:
        overdue = r.next_due is not None and r.next_due < self.app.db.clock().astimezone().date()
        return {"number": r.number, "name": r.name + (" *" if r.fixed_asset else ""), "dept": r.department,
                "holder": r.holder or "", "room": r.location, "condition": words(r.condition),
                "due": (self.day(r.next_due) + ("!" if overdue else "")) if r.next_due else "",
                "cost": self.money(r.cost)}

    def contract_cells(self, r) -> dict:
        return {"number": r.number, "party": r.party, "subject": r.subject,
                "end": self.day(r.term_end), "renews": _("yes") if r.auto_renew else "",
                "amount": self.money(r.amount) if r.amount is not None else "", "state": words(r.state)}

    def staff_cells(self, r) -> dict:
        return {"code": r.code, "name": r.name + ("" if r.active else _(" (gone)")), "dept": r.department,
                "position": r.position, "login": r.login or "", "email": r.email}

    def deal_cells(self, r) -> dict:
        return {"code": r.code, "name": r.name, "kind": deal_word(r.kind),
                "account": r.account, "terms": deal_terms(r, self.money), "state": words(r.state)}

    def status_notes(self, table) -> list[str]:
        if self.view == "equipment":
            return [_("* fixed asset, ! overdue")] if any(r.fixed_asset or r.next_due for r in table.rows_data) else []
        return []

    # -- the current record -------------------------------------------------------------------------------
    def current_kind(self) -> str | None:
        return KIND_OF_VIEW[self.view]

    def current_key(self) -> str | None:
        row = self.current
        if row is None:
            return None
        return row.code if self.view in ("staff", "deals") else row.number

    def current_status(self) -> str | None:
        row = self.current
        if row is None:
            return None
        if self.view == "staff":
            return "active" if row.active else "left"
        return getattr(row, "state", None) or getattr(row, "condition", None)

    def key_word(self, action: str) -> str | None:
        """The key bar's word for an act, where the view has its own short one (None: the act's label)."""
        if self.view == "equipment" and not self.is_wide and action in EQUIPMENT_KEY_WORDS:
            return pgettext("equipment key bar", EQUIPMENT_KEY_WORDS[action])
        return None

    def offered(self, action: str) -> bool | None:
        if action in KIND_OF or action in NEW_IN:
            return self.act_allowed(action)
        return True

    async def run_action(self, action: str, *args: Any, **kwargs: Any) -> None:
        """An act run by name (the palette's) that belongs to another list shows that list first."""
        name = action.split("(", 1)[0]
        if name in NEW_IN and self.current_kind() != NEW_IN[name]:
            self.show_view(next(v for v, k in KIND_OF_VIEW.items() if k == NEW_IN[name]), focus=True)
        await super().run_action(action, *args, **kwargs)

    def apply_filters(self, **filters: Any) -> None:
        """Open a list filtered: view= (requests, equipment, contracts, staff, deals), state=, search=."""
        view = filters.get("view") or self.view
        state = filters.get("state")
        super().apply_filters(view=view, search=filters.get("search"), mine=filters.get("mine"),
                              request_state=state if view == "requests" else None,
                              equipment_state=state if view == "equipment" else None,
                              contract_state=state if view == "contracts" else None)

    def _detail(self):
        """The read and the renderer of the highlighted record's detail, or a renderable of the row itself."""
        row, key = self.current, self.current_key()
        if self.view == "requests":
            from boclerk.services.office.request_queries import request_detail

            return request_detail, key, lambda d: render_request(d, self.money, self.quantity, self.day, self.app.locale)
        if self.view == "equipment":
            from boclerk.services.office.equipment_queries import equipment_detail

            return equipment_detail, key, lambda d: render_equipment(d, self.money, self.day)
        if self.view == "contracts":
            from boclerk.services.office.contract_queries import contract_detail

            return contract_detail, key, lambda d: render_contract(d, self.money, self.day, self.app.locale)
        return None, None, render_staff(row) if self.view == "staff" else render_deal(row, self.money, self.day)

    def show_current(self) -> None:
        if not self.is_wide:
            return
        if self.current is None:
            self.show_detail_text("")
            return
        fn, key, render = self._detail()
        if fn is None:
            self.show_detail_text(render)
        else:
            self.show_detail(fn, key, render=render)

    def action_open(self) -> None:
        if self.current is None:
            return
        if self.is_wide:
            self.show_current()
            return
        fn, key, render = self._detail()
        if fn is None:
            self.app.push_screen(DetailDialog(render))
        else:
            self.read(fn, key, then=lambda d: self.app.push_screen(DetailDialog(render(d))), asks=True)

    # -- records found by the palette -------------------------------------------------------------------
    def open_request(self, number: str) -> None:
        self.apply_filters(view="requests", search=number)

    def open_equipment(self, number: str) -> None:
        self.apply_filters(view="equipment", state="", search=number)

    def open_contract(self, number: str) -> None:
        self.apply_filters(view="contracts", search=number)

    def after_act(self, *_args: Any) -> None:
        super().after_act()
