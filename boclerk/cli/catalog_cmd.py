"""``boclerk product ...`` and ``boclerk warehouse ...``."""

from __future__ import annotations

from typing import Annotated

import typer

from boclerk.i18n import N_, _
from boclerk.cli.common import (
    App,
    emit_json,
    emit_rows,
    err,
    plain,
    run_read,
    run_write,
    state,
)
from boclerk.cli.options import CsvOpt, JsonOpt
from boclerk.cli.output import shop
from boclerk.cli.parse import parse_money, parse_qty
from boclerk.domain.tax import rate_label

products = App()
warehouses = App()



def _product_values(ctx, *, category, unit, kind, price, vat, prices_net, cost, reorder_point, reorder_qty,
                    barcode, expense_account, supplier) -> dict:
    sh = shop(state(ctx))
    values: dict = {}
    if category is not None:
        values["category"] = category
    if unit is not None:
        values["unit"] = unit
    if kind is not None:
        values["kind"] = kind
    if price is not None:
        values["sale_price"] = parse_money(price, sh.currency, sh.locale, "--price")
    if vat is not None:
        values["vat_category"] = vat
    if prices_net is not None:
        values["prices_include_vat"] = not prices_net
    if cost is not None:
        values["standard_cost"] = parse_money(cost, sh.currency, sh.locale, "--cost")
    if reorder_point is not None:
        values["reorder_point"] = parse_qty(reorder_point, "--reorder-point")
    if reorder_qty is not None:
        values["reorder_qty"] = parse_qty(reorder_qty, "--reorder-qty")
    if barcode is not None:
        values["barcodes"] = [b for b in barcode if b]
    if expense_account is not None:
        values["expense_account"] = expense_account
    if supplier is not None:
        values["preferred_supplier"] = supplier
    return values


_Cat = Annotated[str | None, typer.Option("--category", help="Category, e.g. Kitchen.")]
_Unit = Annotated[str | None, typer.Option("--unit", help="The unit: pcs, kg, g, t, m, m2, m3, l, ml, pack, "
                                                          "box, set, pair, roll or h; or its OKEI code (166) or "
                                                          "Russian name (кг).")]
_Kind = Annotated[str | None, typer.Option("--kind", help="goods (stocked), consumable (office supplies), service.")]
_Price = Annotated[str | None, typer.Option("--price", help="Sale price, e.g. 1 290,00.")]
_Vat = Annotated[str | None, typer.Option("--vat", help="VAT category: standard, reduced, zero or exempt; "
                                                        "the rate comes from the dated rate table.")]
_Net = Annotated[bool | None, typer.Option("--net-prices/--gross-prices", help="Prices exclude VAT (default: include).")]
_Cost = Annotated[str | None, typer.Option("--cost", help="Standard cost per unit.")]
_RP = Annotated[str | None, typer.Option("--reorder-point", help="Reorder when available falls below (in the unit).")]
_RQ = Annotated[str | None, typer.Option("--reorder-qty", help="How much to reorder (in the unit).")]
_Bar = Annotated[list[str] | None, typer.Option("--barcode", help="A barcode (repeat for several).")]
_Exp = Annotated[str | None, typer.Option("--expense-account", help="Expense account of a consumable.")]
_Sup = Annotated[str | None, typer.Option("--supplier", help="Preferred supplier code.")]
_Desc = Annotated[str | None, typer.Option("--description", help="What the storefront shows under the name (plain "
                                                                 "text, up to 4000 characters; '' clears it).")]


def _print_product(ctx, row, json_: bool) -> None:
    sh = shop(state(ctx))
    if json_:
        emit_json(plain(row, sh.currency))
        return
    from boclerk.cli.show_out import print_product

    print_product(sh, row)


@products.act("add", "stock.new_product", key=None)
def add(ctx: typer.Context, sku: str, name: str, category: _Cat = None, unit: _Unit = None, kind: _Kind = None,
        price: _Price = None, vat: _Vat = None, net_prices: _Net = None, cost: _Cost = None,
        reorder_point: _RP = None, reorder_qty: _RQ = None, barcode: _Bar = None, expense_account: _Exp = None,
        supplier: _Sup = None, description: _Desc = None, json_: JsonOpt = False) -> None:
    """Add a product to the catalog."""
    from boclerk.services.catalog.products import add_product

    values = _product_values(ctx, category=category, unit=unit, kind=kind, price=price, vat=vat,
                             prices_net=net_prices, cost=cost, reorder_point=reorder_point,
                             reorder_qty=reorder_qty, barcode=barcode, expense_account=expense_account,
                             supplier=supplier)
    if description is not None:
        values["description"] = description
    row = run_write(ctx, add_product, sku, name, **values)
    err(_("Added {sku}.").format(sku=row.sku))
    if json_:
        _print_product(ctx, row, True)


@products.act("edit", "stock.edit_product", key="sku")
def edit(ctx: typer.Context, sku: str, name: Annotated[str | None, typer.Option("--name")] = None,
         category: _Cat = None, unit: _Unit = None, kind: _Kind = None, price: _Price = None, vat: _Vat = None,
         net_prices: _Net = None, cost: _Cost = None, reorder_point: _RP = None, reorder_qty: _RQ = None,
         barcode: _Bar = None, expense_account: _Exp = None, supplier: _Sup = None, description: _Desc = None,
         version: Annotated[int | None, typer.Option("--if-version", help="Refuse if the product changed since this version.")] = None,
         json_: JsonOpt = False) -> None:
    """Change a product (only the options given). --barcode replaces all barcodes."""
    from boclerk.services.catalog.products import edit_product

    values = _product_values(ctx, category=category, unit=unit, kind=kind, price=price, vat=vat,
                             prices_net=net_prices, cost=cost, reorder_point=reorder_point,
                             reorder_qty=reorder_qty, barcode=barcode, expense_account=expense_account,
                             supplier=supplier)
    if name is not None:
        values["name"] = name
    if description is not None:
        values["description"] = description
    row = run_write(ctx, edit_product, sku, expected_version=version, **values)
    err(_("Changed {sku}.").format(sku=row.sku))
    if json_:
        _print_product(ctx, row, True)


@products.act("archive", "stock.archive_product", key="sku")
def archive(ctx: typer.Context, sku: str) -> None:
    """Archive a product: it keeps its history but can no longer be sold or bought."""
    from boclerk.services.catalog.products import set_product_active

    run_write(ctx, set_product_active, sku, False)
    err(_("Archived {sku}.").format(sku=sku))


@products.act("restore", "stock.restore_product", key="sku")
def restore(ctx: typer.Context, sku: str) -> None:
    """Bring an archived product back."""
    from boclerk.services.catalog.products import set_product_active

    run_write(ctx, set_product_active, sku, True)
    err(_("Restored {sku}.").format(sku=sku))


@products.command("show")
def show(ctx: typer.Context, code: Annotated[str, typer.Argument(help="SKU or barcode.")], json_: JsonOpt = False) -> None:
    """One product in full."""
    from boclerk.services.catalog.products import get_product

    _print_product(ctx, run_read(ctx, get_product, code), json_)


@products.command("list")
def list_(ctx: typer.Context, search: Annotated[str | None, typer.Option("--search", help="Part of SKU or name, or a barcode.")] = None,
          category: _Cat = None, kind: _Kind = None,
          archived: Annotated[bool, typer.Option("--archived", help="Include archived products.")] = False,
          after: Annotated[str | None, typer.Option("--after", help="Start after this SKU (next page).")] = None,
          limit: Annotated[int, typer.Option("--limit", min=1, max=100000)] = 200,
          json_: JsonOpt = False, csv_: CsvOpt = False) -> None:
    """List products by SKU."""
    from boclerk.domain.units import unit_symbol
    from boclerk.i18n import language
    from boclerk.services.catalog.products import list_products
    from boclerk.services.lookup import product_kind

    rows = run_read(ctx, list_products, search=search, category=category, kind=kind, include_archived=archived,
                    after_sku=after, limit=limit)
    emit_rows(ctx, rows, json_=json_, csv_=csv_, title=N_("Products"),
              columns=[N_("sku"), N_("name"), N_("category"), N_("kind"), N_("unit"), N_("price"), N_("VAT"), N_("active")],
              right=[N_("price"), N_("VAT")],
              cells=lambda r, sh: (r.sku, r.name, r.category, product_kind(r.kind), unit_symbol(r.unit, language()),
                                   sh.money(r.sale_price),
                                   rate_label(r.vat_rate), _("yes") if r.active else _("no")))


@warehouses.act("add", "stock.new_warehouse", key=None)
def wh_add(ctx: typer.Context, code: str, name: str) -> None:
    """Add a warehouse."""
    from boclerk.services.catalog.products import add_warehouse

    row = run_write(ctx, add_warehouse, code, name)
    err(_("Added warehouse {code}.").format(code=row.code))


@warehouses.command("list")
def wh_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List warehouses."""
    from boclerk.services.catalog.products import list_warehouses

    rows = run_read(ctx, list_warehouses)
    emit_rows(ctx, rows, json_=json_, title=N_("Warehouses"), columns=[N_("code"), N_("name"), N_("active")],
              cells=lambda r, sh: (r.code, r.name, _("yes") if r.active else _("no")))
