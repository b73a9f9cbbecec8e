"""``boclerk shop export``: the catalogue and the offers for the website, in CommerceML 2.10.

An export is planned in a read unit of work (:func:`plan_export`): the products on sale (active
goods), their groups (categories), prices and the quantities available per warehouse become
the two documents in memory, along with the digests of each product's entry and offer. The
files are then written beside their targets, and one write unit (:func:`record_export`) gives
the new Ид, stores the digests, records the exchange and publishes the files together: an
export that fails leaves neither the files nor a trace of having been sent.

``only_changes`` sends the products whose entry or offer differs from what was last sent
(and, with Статус="Удален", the products sent before that are no longer on sale); both
documents then carry СодержитТолькоИзменения="true". A full export replaces the site's
picture: what it does not send is forgotten here too.

Prices go out as a customer pays them: a product whose price is net of VAT gets today's rate
added (half-up to the minor unit).
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, select

from boclerk.db.uow import UnitOfWork
from boclerk.domain.acts import act
from boclerk.domain.catalog import Barcode, Product, ProductKind, Warehouse
from boclerk.domain.stock import StockLevel
from boclerk.domain.storefront import Direction, IdentKind, ShopExchange, ShopIdent, ShopSent
from boclerk.errors import Refused
from boclerk.formats import commerceml as cml
from boclerk.i18n import _
from boclerk.money import to_decimal, vat_on_top
from boclerk.quantity import to_units
from boclerk.services.catalog import units
from boclerk.services.ledger.vat import sale_rate

EXPORT = act("exchange.shop_export")
DELETED = "deleted"  # the digest of a product the site was told to drop


@dataclass
class ExportPlan:
    """Both documents, and what :func:`record_export` stores once they are written."""

    catalogue_xml: bytes
    offers_xml: bytes
    products: int
    offers: int
    only_changes: bool
    new_idents: dict[tuple[str, str], str] = field(default_factory=dict)
    digests: dict[int, tuple[str, str]] = field(default_factory=dict)
    forget: list[int] = field(default_factory=list)  # products a full export no longer sends


@dataclass(frozen=True)
class ExportSummary:
    products: int
    offers: int
    only_changes: bool


class _Idents:
    """The Ид of things: the stored one, or a new one remembered for :func:`record_export`."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.known = {(r.kind, r.key): r.guid for r in uow.s.scalars(select(ShopIdent))}
        self.new: dict[tuple[str, str], str] = {}

    def __call__(self, kind: IdentKind, key: object) -> str:
        k = (kind.value, str(key))
        guid = self.known.get(k) or self.new.get(k)
        if guid is None:
            guid = self.new[k] = str(uuid.uuid4())
        return guid


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _unit(uow: UnitOfWork, code: str) -> cml.Unit:
    u = units.units(uow)[code]
    return cml.Unit(okei=u.okei, name=u.name_ru.capitalize(), symbol=u.symbol_ru)


def _gross_price(uow: UnitOfWork, p: Product, rate: int | None) -> int:
    if p.prices_include_vat or not rate:
        return p.sale_price
    return p.sale_price + vat_on_top(p.sale_price, rate)


def plan_export(uow: UnitOfWork, *, only_changes: bool = False) -> ExportPlan:
    """Build import.xml and offers.xml as they would be sent now (a read unit of work)."""
    uow.require(EXPORT)
    ident = _Idents(uow)
    company = uow.company
    currency = uow.currency
    day = uow.today
    catalogue_id = ident(IdentKind.CATALOGUE, "main")
    price_type = cml.PriceType(ident(IdentKind.PRICE_TYPE, "retail"), "Розничная", currency)
    owner = cml.Owner(name=company.name, inn=company.tax_id, kpp=company.kpp)

    warehouses = list(uow.s.scalars(select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.code)))
    stores = [cml.Store(ident(IdentKind.WAREHOUSE, w.id), w.name) for w in warehouses]
    store_of = {w.id: s.id for w, s in zip(warehouses, stores, strict=True)}

    products = list(uow.s.scalars(select(Product).where(Product.active.is_(True),
                                                        Product.kind == ProductKind.GOODS.value)
                                  .order_by(Product.sku)))
    barcodes: dict[int, str] = {}
    for code, pid in uow.s.execute(select(Barcode.code, Barcode.product_id).order_by(Barcode.code)):
        barcodes.setdefault(pid, code)
    levels: dict[int, dict[int, int]] = {}
    for pid, wid, on_hand, reserved in uow.s.execute(
            select(StockLevel.product_id, StockLevel.warehouse_id, StockLevel.on_hand, StockLevel.reserved)):
        if wid in store_of:
            levels.setdefault(pid, {})[wid] = on_hand - reserved
    sent = {r.product_id: (r.catalogue_digest, r.offer_digest) for r in uow.s.scalars(select(ShopSent))}

    groups: dict[str, cml.Group] = {}
    items: list[cml.Item] = []
    offers: list[cml.Offer] = []
    digests: dict[int, tuple[str, str]] = {}
    for p in products:
        group_ids: tuple[str, ...] = ()
        if p.category:
            g = groups.setdefault(p.category, cml.Group(ident(IdentKind.GROUP, p.category), p.category))
            group_ids = (g.id,)
        rate = sale_rate(uow, p, day)
        unit = _unit(uow, p.unit)
        item = cml.Item(id=ident(IdentKind.PRODUCT, p.id), sku=p.sku, name=p.name, unit=unit, group_ids=group_ids,
                        barcode=barcodes.get(p.id, ""), vat=None if rate is None else str(rate),
                        description=p.description)
        dec = units.decimals(uow, p)
        per_store = tuple((store_of[w.id], to_units(levels.get(p.id, {}).get(w.id, 0), dec)) for w in warehouses)
        offer = cml.Offer(item=item,
                          prices=(cml.Price(price_type.id, to_decimal(_gross_price(uow, p, rate), currency),
                                            currency, unit),),
                          available=to_units(sum(levels.get(p.id, {}).values()), dec), per_store=per_store)
        digest = (_digest(item), _digest(offer))
        digests[p.id] = digest
        before = sent.get(p.id)
        if only_changes and before is not None and before[0] == digest[0] and before[1] == digest[1]:
            continue
        if not only_changes or before is None or before[0] != digest[0]:
            items.append(item)
        if not only_changes or before is None or before[1] != digest[1]:
            offers.append(offer)

    forget: list[int] = []
    gone = [pid for pid, (cat, _) in sent.items() if pid not in digests and cat != DELETED]
    if only_changes and gone:
        for p in uow.s.scalars(select(Product).where(Product.id.in_(gone)).order_by(Product.sku)):
            unit = _unit(uow, p.unit)
            item = cml.Item(id=ident(IdentKind.PRODUCT, p.id), sku=p.sku, name=p.name, unit=unit, deleted=True)
            items.append(item)
            price = cml.Price(price_type.id, to_decimal(p.sale_price, currency), currency, unit)  # the schema wants one
            offers.append(cml.Offer(item=item, prices=(price,), available=Decimal(0)))
            digests[p.id] = (DELETED, DELETED)
    elif not only_changes:
        forget = [pid for pid in sent if pid not in digests]

    when = uow.now.astimezone()
    name = company.name
    cat_out, off_out = io.BytesIO(), io.BytesIO()
    n_items = cml.write_catalogue(cat_out, owner=owner, catalogue_id=catalogue_id, name=name,
                                  groups=sorted(groups.values(), key=lambda g: g.name), items=items, when=when,
                                  only_changes=only_changes)
    n_offers = cml.write_offers(off_out, owner=owner, catalogue_id=catalogue_id, package_id=catalogue_id + "#",
                                name=name, price_types=[price_type], stores=stores, offers=offers, when=when,
                                only_changes=only_changes)
    changed = {pid: d for pid, d in digests.items() if not only_changes or sent.get(pid) != d}
    return ExportPlan(cat_out.getvalue(), off_out.getvalue(), n_items, n_offers, only_changes,
                      new_idents=dict(ident.new), digests=changed, forget=forget)


def record_export(uow: UnitOfWork, plan: ExportPlan, files: list[str], publish: Callable[[], None]) -> ExportSummary:
    """Store what ``plan`` sent (new Ид, digests, the exchange), then ``publish`` the files (a write unit)."""
    uow.require(EXPORT)
    for (kind, key), guid in plan.new_idents.items():
        if uow.s.get(ShopIdent, (kind, key)) is not None:
            raise Refused(_("Another export of the catalogue ran at the same time; run this one again."))
        uow.s.add(ShopIdent(kind=kind, key=key, guid=guid))
    for pid, (cat, off) in plan.digests.items():
        row = uow.s.get(ShopSent, pid)
        if row is None:
            uow.s.add(ShopSent(product_id=pid, catalogue_digest=cat, offer_digest=off))
        else:
            row.catalogue_digest, row.offer_digest = cat, off
    if plan.forget:
        uow.s.execute(delete(ShopSent).where(ShopSent.product_id.in_(plan.forget)))
    uow.s.add(ShopExchange(direction=Direction.CATALOGUE.value, at=uow.now, actor=uow.actor_name,
                           only_changes=plan.only_changes, products=plan.products, offers=plan.offers))
    uow.audit("shop.export", "shop_exchange", Direction.CATALOGUE.value,
              after={"products": plan.products, "offers": plan.offers, "only_changes": plan.only_changes,
                     "files": files})
    uow.s.flush()
    publish()
    return ExportSummary(plan.products, plan.offers, plan.only_changes)
