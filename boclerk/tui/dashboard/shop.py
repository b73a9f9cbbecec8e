"""The website's part of the home screen: when it was last exchanged with, what came, what waits,
and a key that runs an exchange now (boclerk shop sync), its steps shown as they pass."""

from __future__ import annotations

from textual.widgets import Static

from boclerk.i18n import _, ngettext


class WebNotes(Static):
    """One line; hidden until the shop has exchanged with its website at least once."""

    DEFAULT_CSS = """
    WebNotes { height: 1; padding: 0 2; display: none; }
    """

    def show(self, d) -> None:
        if d.last_at is None:
            self.display = False
            return
        from boclerk.dates import format_moment

        at = format_moment(d.last_at, self.app.locale)
        refused = ", " + _("{n} refused").format(n=d.last_refused) if d.last_refused else ""
        self.update(_("Website: last exchange {at} ({new}{refused}); {waiting} · y: exchange now").format(
            at=at, new=ngettext("{n} new order", "{n} new orders", d.last_new).format(n=d.last_new), refused=refused,
            waiting=ngettext("{n} web order to confirm", "{n} web orders to confirm", d.to_confirm).format(
                n=d.to_confirm)))
        self.display = True


def sync_now(screen, then) -> None:
    """Run one exchange with the website in a thread worker; each step and the outcome as a toast."""
    from boclerk.domain.acts import ACTS
    from boclerk.errors import BoclerkError

    app = screen.app
    if not ACTS["exchange.shop_sync"].may(app.role):
        app.notify(_("Your role may not exchange with the website."), title=_("Refused"), severity="error")
        return

    def job() -> None:
        from boclerk.services.exchange.shop_sync import run_sync, site_config
        from boclerk.settings import load_config

        try:
            config = site_config(load_config().shop)
            s = run_sync(app.db, app.actor, config,
                         progress=lambda step: app.call_from_thread(app.notify, _("Website: {step}…").format(step=step),
                                                                   timeout=3))
        except BoclerkError as exc:
            app.call_from_thread(app.notify, exc.message, title=_("Refused"), severity="error", timeout=10)
            return
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            app.call_from_thread(app.notify, _("The exchange failed ({error}).").format(error=type(exc).__name__),
                                 severity="error")
            return
        app.call_from_thread(app.notify, _("Website: {products} products and {offers} offers sent; orders {new} new, "
                                           "{updated} updated, {refused} refused; {statuses} statuses sent back.").format(
            products=s.products, offers=s.offers, new=s.orders_new, updated=s.orders_updated, refused=s.orders_refused,
            statuses=s.statuses), timeout=8)
        app.call_from_thread(then)

    screen.run_worker(job, thread=True, group="db", exit_on_error=False)
