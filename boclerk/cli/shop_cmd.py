"""``boclerk shop``: the storefront link in CommerceML 2 (catalogue and offers out, web orders in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.i18n import N_, _, ngettext
from boclerk.cli.common import App, actor, emit_json, err, run_read, state, writing
from boclerk.cli.output import shop
from boclerk.cli.files import own_files
from boclerk.cli.options import ForceOpt, JsonOpt, OutOpt

app = App()


@app.act("export", "exchange.shop_export", key=None)
def export(ctx: typer.Context,
           folder: Annotated[Path, typer.Option("-o", "--output", help="The folder to write import.xml and "
                                                                      "offers.xml in.", readable=False)],
           changes: Annotated[bool, typer.Option("--changes", help="Only what changed since the last export.")]
           = False,
           force: ForceOpt = False, json_: JsonOpt = False) -> None:
    """The catalogue (import.xml) and the offers (offers.xml) for the website, in CommerceML 2.10.

    import.xml: the groups (categories) and the products on sale with SKU, name, unit with its OKEI code, barcode and VAT; offers.xml: retail prices and the quantity available per warehouse and in total. --changes sends only the products whose entry or offer changed since the last export (and drops the ones no longer on sale). Existing files are replaced only with --force.
    """
    from boclerk.errors import InvalidInput
    from boclerk.services.exchange.shop_export import plan_export, record_export
    from boclerk.services.platform.audit import record_file_write
    from boclerk.services.platform.outputs import write_file

    if not folder.is_dir():
        raise InvalidInput(_("{folder} is not a folder; give the folder to write import.xml and offers.xml in.").format(folder=folder))
    plan = run_read(ctx, plan_export, only_changes=changes)
    if changes and plan.products == plan.offers == 0:
        if json_:
            emit_json({"products": 0, "offers": 0, "only_changes": True, "files": []})
        err(_("Nothing changed since the last export; no files written."))
        return
    database = writing(ctx)
    own = own_files(ctx)
    paths = [folder / "import.xml", folder / "offers.xml"]

    def publish_both(first) -> None:
        def publish(second) -> None:
            with database.write(actor()) as uow:
                for target in (first, second):
                    record_file_write(uow, target.path, "CommerceML export", replaced=target.replaces)

                def commit() -> None:
                    first.commit()
                    second.commit()

                return record_export(uow, plan, [str(p) for p in paths], commit)

        return write_file(paths[1], lambda fh: fh.write(plan.offers_xml), force=force, own=own, publish=publish)

    write_file(paths[0], lambda fh: fh.write(plan.catalogue_xml), force=force, own=own, publish=publish_both)
    if json_:
        emit_json({"products": plan.products, "offers": plan.offers, "only_changes": changes,
                   "files": [str(p) for p in paths]})
    products = ngettext("{n} product", "{n} products", plan.products).format(n=plan.products)
    offers = ngettext("{n} offer", "{n} offers", plan.offers).format(n=plan.offers)
    err((_("Sent the changes: {products} in {catalogue}, {offers} in {offers_file}.") if changes else
         _("Sent the catalogue: {products} in {catalogue}, {offers} in {offers_file}.")).format(
        products=products, catalogue=paths[0], offers=offers, offers_file=paths[1]))


#: The largest orders document read (a site sends the orders since the last exchange).
MAX_ORDERS_FILE = 50 * 1024 * 1024


@app.act("import-orders", "exchange.shop_import", key=None)
def import_orders(ctx: typer.Context,
                  path: Annotated[Path, typer.Argument(help="The site's orders document (CommerceML 2).")],
                  json_: JsonOpt = False) -> None:
    """The website's orders (CommerceML 2 "Заказ товара" documents) as website orders.

    New orders are created (with their customers when boclerk does not know them); an order changed on the site is updated while it is a draft and reported once it is confirmed; an order naming an unknown product is refused with the reason, the rest imported. Importing the same document again changes nothing.
    """
    from boclerk.cli.common import run_write
    from boclerk.cli.files import read_input
    from boclerk.services.exchange.shop_orders import import_site_orders
    from boclerk.settings import load_config

    data = read_input(ctx, path, cap=MAX_ORDERS_FILE, too_big=_("{path} is larger than 50 MB; boclerk refuses an "
                                                               "orders file that large.").format(path=path))
    book = bool(load_config().shop.get("book_site_payments", False))
    result = run_write(ctx, import_site_orders, data, str(path), book_payments=book)
    if json_:
        emit_json([{"site_number": o.site_number, "result": o.result, "order": o.order, "reason": o.reason,
                    "notes": o.notes} for o in result.outcomes])
    for o in result.outcomes:
        if o.result == "refused":
            err(_("Order {site_number}: refused: {reason}.").format(site_number=o.site_number, reason=o.reason))
        elif o.result == "changed_after_confirmation":
            err(_("Order {site_number}: changed on the site, but {reason}.").format(site_number=o.site_number, reason=o.reason))
        for note in o.notes:
            err(_("Order {site_number} ({order}): {note}.").format(site_number=o.site_number, order=o.order, note=note))
    counts = {r: result.count(r) for r in ("new", "updated", "cancelled", "unchanged", "changed_after_confirmation",
                                           "refused")}
    err(_("Website orders: {new} new, {updated} updated, {cancelled} cancelled, {unchanged} unchanged, "
          "{changed} changed after confirmation (not applied), {refused} refused.").format(
        new=counts["new"], updated=counts["updated"], cancelled=counts["cancelled"], unchanged=counts["unchanged"],
        changed=counts["changed_after_confirmation"], refused=counts["refused"]))


@app.act("statuses", "exchange.shop_export", key=None)
def statuses(ctx: typer.Context, output: OutOpt = None, force: ForceOpt = False, json_: JsonOpt = False) -> None:
    """What became of the website's orders, for the site: confirmed, shipped (with the date), cancelled, paid.

    One CommerceML "Заказ товара" per web order whose state changed since it was last told, with the state in ЗначенияРеквизитов as the sites' 1C importers read it. To stdout, or to a new file with -o (replaced only with --force).
    """
    import sys

    from boclerk.services.exchange.shop_statuses import plan_statuses, record_statuses
    from boclerk.services.platform.audit import record_file_write
    from boclerk.services.platform.outputs import write_file

    plan = run_read(ctx, plan_statuses)
    if json_:
        emit_json([{"order": s.order, "site_number": s.site_number, "status": s.status,
                    "shipped_on": s.shipped_on.isoformat() if s.shipped_on else None, "paid": s.paid,
                    "paid_on": s.paid_on.isoformat() if s.paid_on else None} for s in plan.states.values()])
    if not plan.count:
        err(_("No web order changed since the site was last told; nothing written."))
        return
    database = writing(ctx)
    if output is None:
        if not json_:
            sys.stdout.buffer.write(plan.xml)
            sys.stdout.flush()
        with database.write(actor()) as uow:
            record_statuses(uow, plan, lambda: None)
    else:
        def publish(target) -> None:
            with database.write(actor()) as uow:
                record_file_write(uow, target.path, "CommerceML order statuses", replaced=target.replaces)
                record_statuses(uow, plan, target.commit)

        write_file(output, lambda fh: fh.write(plan.xml), force=force, own=own_files(ctx), publish=publish)
    err((ngettext("Told the site about {n} order in {path}.", "Told the site about {n} orders in {path}.", plan.count)
         if output else ngettext("Told the site about {n} order.", "Told the site about {n} orders.", plan.count)
         ).format(n=plan.count, path=output))


@app.act("sync", "exchange.shop_sync", key=None)
def sync(ctx: typer.Context,
         full: Annotated[bool, typer.Option("--full", help="Send the whole catalogue, not only the changes.")]
         = False,
         json_: JsonOpt = False) -> None:
    """One exchange with the website: catalogue and offers out, its orders in, their statuses back.

    boclerk plays 1C against the site's exchange URL (the config file's [shop] url, login, and password_file or password_env). Safe from cron: one sync at a time, and a sync cut short leaves each web order imported once.
    """
    import dataclasses
    import sys

    from boclerk.services.exchange.shop_sync import run_sync, site_config
    from boclerk.settings import load_config

    config = site_config(load_config().shop)
    database = writing(ctx)
    progress = (lambda step: err(f"… {step}")) if sys.stderr.isatty() else None
    summary = run_sync(database, actor(), config, full=full, progress=progress)
    if json_:
        emit_json(dataclasses.asdict(summary))
    for number, reason in summary.refusals or []:
        err(_("Order {number}: {reason}.").format(number=number, reason=reason))
    for number, note in summary.notes or []:
        err(_("Order {number}: {note}.").format(number=number, note=note))
    err(_("Sent {products} products and {offers} offers; orders: {new} new, {updated} updated, {cancelled} "
          "cancelled, {unchanged} unchanged, {changed} changed after confirmation (not applied), {refused} refused; "
          "{statuses} statuses sent back.").format(
        products=summary.products, offers=summary.offers, new=summary.orders_new, updated=summary.orders_updated,
        cancelled=summary.orders_cancelled, unchanged=summary.orders_unchanged,
        changed=summary.orders_changed_after_confirmation, refused=summary.orders_refused,
        statuses=summary.statuses))


@app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """When each direction of the exchange with the website last ran, and what it carried."""
    from boclerk.cli.common import print_table
    from boclerk.services.exchange.shop_sync import last_exchanges

    #: each direction as the table says it (JSON keeps the code)
    directions = {"catalogue": N_("catalogue to the site"), "orders_in": N_("orders from the site"),
                  "statuses": N_("states to the site")}
    rows = run_read(ctx, last_exchanges)
    if json_:
        emit_json([{"direction": r.direction, "at": r.at.isoformat(), "by": r.actor, "products": r.products,
                    "offers": r.offers, "orders_new": r.orders_new, "orders_updated": r.orders_updated,
                    "orders_refused": r.orders_refused, "orders_unchanged": r.orders_unchanged} for r in rows])
        return
    if not rows:
        err(_("No exchange with the website yet."))
        return
    print_table(N_("Exchanges with the website"), [N_("direction"), N_("last run"), N_("by"), N_("carried")],
                [(_(directions.get(r.direction, r.direction)), shop(state(ctx)).moment(r.at), r.actor,
                  _("{products} products, {offers} offers").format(products=r.products, offers=r.offers)
                  if r.direction == "catalogue" else
                  _("{n} orders told").format(n=r.orders_updated) if r.direction == "statuses" else
                  _("{new} new, {updated} updated, {refused} refused, {unchanged} unchanged").format(
                      new=r.orders_new, updated=r.orders_updated, refused=r.orders_refused,
                      unchanged=r.orders_unchanged)) for r in rows])
