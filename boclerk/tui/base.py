"""What every screen shares: service calls in thread workers, the top bar, permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from boclerk.domain.permissions import Perm, allowed
from boclerk.errors import BoclerkError

if TYPE_CHECKING:
    from boclerk.tui.app import BoclerkApp


class Services:
    """Run service functions off the UI thread; report refusals as toasts.

    ``read``/``write`` open one unit of work in a thread worker, call ``fn(uow, ...)``
    and hand the result to ``then`` back on the UI thread. A refusal's sentence is shown
    as an error toast; the screen never freezes and never shows a traceback.
    """

    app: BoclerkApp

    def read(self, fn: Callable, *args: Any, then: Callable[[Any], None] | None = None, **kwargs: Any) -> None:
        self._submit(fn, args, kwargs, then=then, write=False)

    def write(self, fn: Callable, *args: Any, then: Callable[[Any], None] | None = None, done: str | None = None,
              **kwargs: Any) -> None:
        self._submit(fn, args, kwargs, then=then, write=True, done=done)

    def _submit(self, fn, args, kwargs, *, then, write: bool, done: str | None = None) -> None:
        app = self.app

        from boclerk.db.uow import is_core_only

        def job() -> None:
            try:
                unit = app.db.write(app.actor) if write else app.db.read(app.actor, core_only=is_core_only(fn))
                with unit as uow:
                    result = fn(uow, *args, **kwargs)
            except BoclerkError as exc:
                app.call_from_thread(app.notify, exc.message, title="Refused", severity="error", timeout=10)
                return
            except IntegrityError:
                app.call_from_thread(app.notify, "This conflicts with a change saved a moment ago by someone else; "
                                     "nothing was written. Look again and retry.", severity="error", timeout=10)
                return
            except Exception as exc:  # noqa: BLE001 - shown, not raised: the clerk keeps working
                app.call_from_thread(app.notify, f"Something went wrong ({type(exc).__name__}); nothing was saved.",
                                     severity="error", timeout=10)
                app.call_from_thread(app.log.error, repr(exc))
                return
            if done:
                app.call_from_thread(app.notify, done, timeout=4)
            if then is not None:
                app.call_from_thread(then, result)

        self.run_worker(job, thread=True, group="db", exit_on_error=False)  # type: ignore[attr-defined]

    def can(self, perm: Perm) -> bool:
        return allowed(self.app.role, perm)


class TopBar(Static):
    """Shop, screen, user and the business date, on one line."""

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self.area_title = title

    def on_mount(self) -> None:
        app: BoclerkApp = self.app  # type: ignore[assignment]
        today = app.db.clock().astimezone().date().isoformat()
        self.update(f"{app.shop_name}  ·  {self.area_title}  ·  {app.actor} ({app.role})  ·  {today}"
                    f"  ·  1 home 2 orders 3 stock 4 purchases 5 ledger 6 documents  F1 help")


class AreaScreen(Services, Screen):
    """A screen of the app: top bar, body, footer; wide terminals get the ``wide`` class."""

    TITLE = ""
    HELP = ""
    WIDE = 140
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, id="screen.back"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield from self.body()
        from boclerk.tui.widgets import KeyBar

        yield KeyBar()

    def body(self) -> ComposeResult:
        yield from ()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width >= self.WIDE, "wide")

    def refresh_acts(self) -> None:
        """Refresh the footer only when the acts on offer changed.

        Moving the cursor to a record in another state changes which acts are enabled; most
        moves change nothing, and rebuilding the footer on every row costs more than the move.
        """
        signature = []
        for binding in self.BINDINGS:
            action = binding.action if isinstance(binding, Binding) else binding[1]
            name = action.split("(", 1)[0]
            signature.append(self.check_action(name, ()))
        signature = tuple(signature)
        previous = getattr(self, "_acts_signature", None)
        self._acts_signature = signature
        if previous is not None and signature != previous:  # the first look: the footer is new anyway
            self.refresh_bindings()

    @property
    def is_wide(self) -> bool:
        return self.size.width >= self.WIDE

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.has_class("-filter") and self.list_widget() is not None:
            self.list_widget().focus()  # Esc in a filter field goes back to the list
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def list_widget(self):
        """The screen's main list, if it has one (Esc from a filter returns to it)."""
        from boclerk.tui.paged import PagedTable

        found = self.query(PagedTable)
        return found.first() if found else None

    def money(self, minor: int | None) -> str:
        return self.app.money(minor)
