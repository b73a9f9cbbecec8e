"""The storefront link: what the website knows us by, and what was last sent and received.

CommerceML names everything by an "Ид" that must never change, so the ids the shop gave its
products, category groups, warehouses and price type to the website are kept here rather than
derived from a SKU (which a clerk may edit). What each product looked like when it was last
sent is kept as two digests (its catalogue entry and its offer), so that an export of
"only the changes" sends exactly the products whose entry or offer differs. Every exchange
leaves a row saying what it carried; web orders keep the digest of the site's document, so
that importing the same document again changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from boclerk.domain.base import UTCDateTime


class IdentKind(StrEnum):
    PRODUCT = "product"        # key: the product's id
    GROUP = "group"            # key: the category's name
    WAREHOUSE = "warehouse"    # key: the warehouse's id
    PRICE_TYPE = "price_type"  # key: "retail"
    CATALOGUE = "catalogue"    # key: "main" (the classifier and the catalogue share it)


class Direction(StrEnum):
    CATALOGUE = "catalogue"  # import.xml and offers.xml to the site
    ORDERS_IN = "orders_in"  # the site's orders into boclerk
    STATUSES = "statuses"    # the orders' states back to the site


_KINDS_SQL = ", ".join(f"'{k.value}'" for k in IdentKind)
_DIRECTIONS_SQL = ", ".join(f"'{d.value}'" for d in Direction)


class ShopIdent(SQLModel, table=True):
    """The Ид the website knows a thing by, given once and never changed."""

    __tablename__ = "shop_ident"
    __table_args__ = (CheckConstraint(f"kind IN ({_KINDS_SQL})", name="kind"),)

    kind: str = Field(sa_column=Column(String(16), primary_key=True))
    key: str = Field(sa_column=Column(String(100), primary_key=True))
    guid: str = Field(sa_column=Column(String(40), nullable=False, unique=True))


class ShopSent(SQLModel, table=True):
    """A product as it was when last sent to the website: digests of its entry and its offer."""

    __tablename__ = "shop_sent"

    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id"), primary_key=True,
                                             autoincrement=False))
    catalogue_digest: str = Field(sa_column=Column(String(64), nullable=False))
    offer_digest: str = Field(sa_column=Column(String(64), nullable=False))


class ShopExchange(SQLModel, table=True):
    """One exchange with the website, in one direction, and what it carried."""

    __tablename__ = "shop_exchange"
    __table_args__ = (CheckConstraint(f"direction IN ({_DIRECTIONS_SQL})", name="direction"),)

    id: int | None = Field(default=None, primary_key=True)
    direction: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    actor: str = Field(sa_column=Column(String(64), nullable=False))
    only_changes: bool = Field(default=False)
    products: int = Field(default=0)
    offers: int = Field(default=0)
    orders_new: int = Field(default=0)
    orders_updated: int = Field(default=0)
    orders_refused: int = Field(default=0)
    orders_unchanged: int = Field(default=0)


class ShopOrder(SQLModel, table=True):
    """A web order as the site last sent it: its document's digest and the site's own words."""

    __tablename__ = "shop_order"

    order_id: int = Field(sa_column=Column(Integer, ForeignKey("sales_order.id"), primary_key=True,
                                           autoincrement=False))
    site_id: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    digest: str = Field(sa_column=Column(String(64), nullable=False))
    site_status: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    payment_method: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    site_paid: bool = Field(default=False)
    pending_change: bool = Field(default=False)  # changed on the site after it left the draft state
    sent_state: str = Field(default="", sa_column=Column(String(120), nullable=False, server_default=""))
