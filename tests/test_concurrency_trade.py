"""Four processes fight over scarce stock.

Two reserve and issue stock directly through the stock book, two confirm and ship
competing orders. Afterwards nothing is oversold, no update is lost, no reservation was
granted twice, every invariant holds, and no process met an unhandled lock error.

Every worker does a fixed number of rounds (never "as many as fit in N seconds"), and they
all start together at a barrier: on a busy machine the test takes longer, it does not test
less. The stock workers wait until each order worker has confirmed its first order, so
that the orders always get a share of the stock and the test always proves something.
"""

from __future__ import annotations

import multiprocessing as mp
import random

from boclerk.db.database import Database
from boclerk.errors import BoclerkError
from boclerk.services.catalog import partners
from boclerk.services.catalog import products as catalog
from boclerk.services.platform.checks import run_checks
from boclerk.services.sales import orders
from boclerk.services.sales import shipping
from boclerk.services.stock import book as stock
from boclerk.services.stock import queries as stock_queries
from boclerk.settings import location_from

SCARCE = ("S1", "S2")
START = 12
ROUNDS = 20
WAIT = 300  # seconds a worker waits for the others before the test fails (a hang, not slowness)


def _stock_worker(url: str, seed: int, out, start, first_orders) -> None:
    """Reserve, then issue against the reservation, in separate units of work."""
    rng = random.Random(seed)
    db = Database.open(location_from(url, "test"))
    issued = received = refused = 0
    try:
        start.wait(WAIT)
        for event in first_orders:
            if not event.wait(WAIT):
                raise RuntimeError("an order worker never confirmed its first order")
        for i in range(1, ROUNDS + 1):
            sku, qty = rng.choice(SCARCE), rng.randint(1, 3)
            ref = f"T{seed}-{i}"
            try:
                with db.write("wh") as uow:
                    stock.reserve(uow, catalog.product(uow, sku), catalog.warehouse(uow, "MAIN"), qty,
                                  source_kind="test", source_ref=ref, source_line=1)
                with db.write("wh") as uow:
                    res = stock.active_reservation(uow, ref, 1)
                    batch = stock.StockBatch(uow, source_kind="test", source_ref=ref)
                    value = batch.issue(catalog.product(uow, sku), catalog.warehouse(uow, "MAIN"), qty,
                                        stock.MoveKind.WRITE_OFF, from_reserved=res.qty, reason="test")
                    stock.consume_reservation(uow, res, qty)
                    from boclerk.services.ledger import book as ledger
                    from boclerk.services.ledger import posting_rules

                    posted = ledger.post(uow, entry_date=uow.today, memo="test", lines=posting_rules.stock_loss(value),
                                         source_kind="stock", source_ref=ref)
                    batch.write(posted.id if posted else None)
                issued += qty
            except BoclerkError:
                refused += 1
            if i % 5 == 0:
                with db.write("wh") as uow:
                    stock.receive_stock(uow, sku, 2, 500)
                received += 2
        out.put(("ok", issued, received, refused, 0))
    except Exception as exc:  # the parent fails the test on any of these
        out.put(("error", repr(exc), 0, 0, 0))
    finally:
        db.close()


def _order_worker(url: str, seed: int, out, start, first_orders, mine: int) -> None:
    """Create, confirm and ship orders for the same scarce products."""
    rng = random.Random(seed)
    db = Database.open(location_from(url, "test"))
    shipped = refused = confirmed = 0
    try:
        start.wait(WAIT)
        for _ in range(ROUNDS):
            sku, qty = rng.choice(SCARCE), rng.randint(1, 3)
            try:
                with db.write("clerk") as uow:
                    number = orders.create_order(uow, "C1", [orders.LineInput(sku, qty)]).number
                with db.write("clerk") as uow:
                    orders.confirm_order(uow, number)
                confirmed += 1
                if not first_orders[mine].is_set():  # then wait for the other's first order too
                    first_orders[mine].set()
                    for event in first_orders:
                        if not event.wait(WAIT):
                            raise RuntimeError("the other order worker never confirmed its first order")
                with db.write("wh") as uow:
                    shipping.ship_order(uow, number)
                shipped += qty
            except BoclerkError:
                refused += 1
        out.put(("ok", shipped, 0, refused, confirmed))
    except Exception as exc:
        out.put(("error", repr(exc), 0, 0, 0))
    finally:
        db.close()


def test_four_processes_compete_for_scarce_stock(db, location):
    with db.write("admin") as uow:
        partners.add_customer(uow, "C1", "Customer")
        for sku in SCARCE:
            catalog.add_product(uow, sku, f"Scarce {sku}", sale_price=1000, standard_cost=500)
            stock.receive_stock(uow, sku, START, 500)
    url = str(location.path) if location.is_sqlite else location.url
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(4)
    first = [ctx.Event(), ctx.Event()]  # each order worker has confirmed an order (of at most 3 of 12 units)
    procs = [ctx.Process(target=_stock_worker, args=(url, 1, out, start, first)),
             ctx.Process(target=_stock_worker, args=(url, 2, out, start, first)),
             ctx.Process(target=_order_worker, args=(url, 3, out, start, first, 0)),
             ctx.Process(target=_order_worker, args=(url, 4, out, start, first, 1))]
    for p in procs:
        p.start()
    results = [out.get(timeout=2 * WAIT) for _ in procs]
    for p in procs:
        p.join(timeout=WAIT)
    assert [r for r in results if r[0] != "ok"] == []
    taken = sum(r[1] for r in results)
    received = sum(r[2] for r in results)
    assert sum(r[4] for r in results) >= 2, "the order workers confirmed nothing: the test proved nothing"
    with db.read("admin") as uow:
        on_hand = sum(row.on_hand for row in stock_queries.levels(uow) if row.sku in SCARCE)
        reserved = sum(row.reserved for row in stock_queries.levels(uow) if row.sku in SCARCE)
    # nothing oversold, no lost update: what is left is exactly what came in minus what went out
    assert on_hand == len(SCARCE) * START + received - taken
    assert on_hand >= 0 and 0 <= reserved <= on_hand
    report = run_checks(db, "admin")
    assert report.ok, report.violations
