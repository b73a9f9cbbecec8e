"""``boclerk shop``: the storefront link in CommerceML 2 (catalogue and offers out, web orders in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boclerk.cli.common import App, actor, emit_json, err, run_read, writing
from boclerk.cli.files import own_files
from boclerk.cli.options import ForceOpt, JsonOpt

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
        raise InvalidInput(f"{folder} is not a folder; give the folder to write import.xml and offers.xml in.")
    plan = run_read(ctx, plan_export, only_changes=changes)
    if changes and plan.products == plan.offers == 0:
        if json_:
            emit_json({"products": 0, "offers": 0, "only_changes": True, "files": []})
        err("Nothing changed since the last export; no files written.")
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
    what = "changes" if changes else "catalogue"
    if json_:
        emit_json({"products": plan.products, "offers": plan.offers, "only_changes": changes,
                   "files": [str(p) for p in paths]})
    err(f"Sent the {what}: {plan.products} product{'' if plan.products == 1 else 's'} in {paths[0]}, "
        f"{plan.offers} offer{'' if plan.offers == 1 else 's'} in {paths[1]}.")
