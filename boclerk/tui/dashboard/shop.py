"""The website's part of the home screen: when it was last exchanged with, what came, what waits,
and a key that runs an exchange now (boclerk shop sync), its steps shown as they pass."""

from __future__ import annotations

from textual.widgets import Static


class WebNotes(Static):
    """One line; hidden until the shop has exchanged with its website at least once."""

    DEFAULT_CSS = """
    WebNotes { height: 1; padding: 0 2; display: none; }
    """

    def show(self, d) -> None:
        if d.last_at is None:
            self.display = False
            return
        at = d.last_at.astimezone().strftime("%Y-%m-%d %H:%M")
        refused = f", {d.last_refused} refused" if d.last_refused else ""
        self.update(f"Website: last exchange {at} ({d.last_new} new orders{refused}); "
                    f"{d.to_confirm} web orders to confirm · y: exchange now")
        self.display = True


def sync_now(screen, then) -> None:
    """Run one exchange with the website in a thread worker; each step and the outcome as a toast."""
    from boclerk.domain.acts import ACTS
    from boclerk.errors import BoclerkError

    app = screen.app
    if not ACTS["exchange.shop_sync"].may(app.role):
        app.notify("Your role may not exchange with the website.", title="Refused", severity="error")
        return

    def job() -> None:
        from boclerk.services.exchange.shop_sync import run_sync, site_config
        from boclerk.settings import load_config

        try:
            config = site_config(load_config().shop)
            s = run_sync(app.db, app.actor, config,
                         progress=lambda step: app.call_from_thread(app.notify, f"Website: {step}…", timeout=3))
        except BoclerkError as exc:
            app.call_from_thread(app.notify, exc.message, title="Refused", severity="error", timeout=10)
            return
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            app.call_from_thread(app.notify, f"The exchange failed ({type(exc).__name__}).", severity="error")
            return
        app.call_from_thread(app.notify, f"Website: {s.products} products and {s.offers} offers sent; orders "
                                         f"{s.orders_new} new, {s.orders_updated} updated, {s.orders_refused} "
                                         f"refused; {s.statuses} statuses sent back.", timeout=8)
        app.call_from_thread(then)

    screen.run_worker(job, thread=True, group="db", exit_on_error=False)
