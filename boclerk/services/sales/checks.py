"""Invariants of orders, purchases and bills, for ``boclerk db check``."""

from __future__ import annotations

from sqlalchemy import text

from boclerk.db.uow import UnitOfWork
from boclerk.services.ledger import book as ledger
from boclerk.i18n import _


def _balance(uow: UnitOfWork, role: str, source_kind: str) -> int:
    """What the documents of one kind booked on an account (manual entries stay outside)."""
    acc = ledger.account(uow, role)
    return uow.s.execute(text(
        "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
        "WHERE p.account_id = :a AND e.source_kind = :k"), {"a": acc.id, "k": source_kind}).scalar_one()


def document_totals(uow: UnitOfWork, orders: str = "") -> list[str]:
    """A document's total equals the sum of its lines (``orders``: a condition on ``o``, the
    orders to look at; all by default)."""
    out = []
    for number, total, net, vat, lt, ln, lv in uow.s.execute(text(
        "SELECT o.number, o.total, o.net_total, o.vat_total, COALESCE(SUM(l.gross), 0), COALESCE(SUM(l.net), 0), "
        "COALESCE(SUM(l.vat), 0) FROM sales_order o LEFT JOIN order_line l ON l.order_id = o.id "
        + (f"WHERE {orders} " if orders else "") + "GROUP BY o.id, o.number, o.total, o.net_total, o.vat_total "
        "HAVING o.total <> COALESCE(SUM(l.gross), 0) OR o.net_total <> COALESCE(SUM(l.net), 0) "
        "OR o.vat_total <> COALESCE(SUM(l.vat), 0)"
    )):
        out.append(f"{number}: total {total} (net {net}, VAT {vat}), lines {lt} (net {ln}, VAT {lv})")
    from boclerk.money import line_total

    po_sums: dict[str, list[int]] = {}
    for number, total, qty, price, decimals in uow.s.execute(text(
        "SELECT p.number, p.total, l.qty, l.unit_price, u.decimals FROM purchase_order p "
        "LEFT JOIN po_line l ON l.po_id = p.id LEFT JOIN product pr ON pr.id = l.product_id "
        "LEFT JOIN unit u ON u.code = pr.unit"
    )):  # each line rounded half-up on its own, as the PO was priced
        entry = po_sums.setdefault(number, [int(total), 0])
        if qty is not None:
            entry[1] += line_total(int(qty), int(price), 0, int(decimals or 0))
    for number, (total, lines) in sorted(po_sums.items()):
        if total != lines:
            out.append(f"{number}: total {total}, lines {lines}")
    for number, net, vat, total, ln, lv in uow.s.execute(text(
        "SELECT b.number, b.net, b.vat, b.total, COALESCE(l.net, 0) + COALESCE(a.net, 0), "
        "COALESCE(l.vat, 0) + COALESCE(a.vat, 0) FROM supplier_bill b "
        "LEFT JOIN (SELECT bill_id, SUM(net) AS net, SUM(vat) AS vat FROM bill_line GROUP BY bill_id) l "
        "ON l.bill_id = b.id "
        "LEFT JOIN (SELECT bill_id, SUM(net) AS net, SUM(vat) AS vat FROM bill_adjustment GROUP BY bill_id) a "
        "ON a.bill_id = b.id "
        "WHERE b.net <> COALESCE(l.net, 0) + COALESCE(a.net, 0) OR b.vat <> COALESCE(l.vat, 0) + COALESCE(a.vat, 0) "
        "OR b.total <> b.net + b.vat"
    )):  # lines, allowances and charges
        out.append(_("{number}: net {net}, VAT {vat}, total {total}; lines net {ln}, VAT {lv}").format(
            number=number, net=net, vat=vat, total=total, ln=ln, lv=lv))
    for number, net, vat, total, ln, lv in uow.s.execute(text(
        "SELECT n.number, n.net, n.vat, n.total, COALESCE(SUM(l.net), 0), COALESCE(SUM(l.vat), 0) "
        "FROM supplier_note n LEFT JOIN supplier_note_line l ON l.note_id = n.id "
        "GROUP BY n.id, n.number, n.net, n.vat, n.total "
        "HAVING n.net <> COALESCE(SUM(l.net), 0) OR n.vat <> COALESCE(SUM(l.vat), 0) OR n.total <> n.net + n.vat"
    )):  # a supplier's credit or debit note
        out.append(_("{number}: net {net}, VAT {vat}, total {total}; lines net {ln}, VAT {lv}").format(
            number=number, net=net, vat=vat, total=total, ln=ln, lv=lv))
    for number, noted, notes in uow.s.execute(text(
        "SELECT b.number, b.noted, COALESCE(SUM(n.total), 0) FROM supplier_bill b "
        "LEFT JOIN supplier_note n ON n.bill_id = b.id GROUP BY b.id, b.number, b.noted "
        "HAVING b.noted <> COALESCE(SUM(n.total), 0)"
    )):
        out.append(_("{number}: its notes changed it by {noted}, its notes add up to {notes}").format(
            number=number, noted=noted, notes=notes))
    return out


def shipped_quantities(uow: UnitOfWork, orders: str = "") -> list[str]:
    rows = uow.s.execute(text(
        "SELECT o.number, l.line_no, l.qty_shipped, l.qty_returned, "
        "COALESCE(SUM(CASE WHEN s.kind = 'ship' THEN sl.qty ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN s.kind = 'return' THEN sl.qty ELSE 0 END), 0) "
        "FROM order_line l JOIN sales_order o ON o.id = l.order_id "
        "LEFT JOIN shipment_line sl ON sl.order_line_id = l.id LEFT JOIN shipment s ON s.id = sl.shipment_id "
        "WHERE NOT o.historical " + (f"AND {orders} " if orders else "") +
        "GROUP BY o.number, l.line_no, l.qty_shipped, l.qty_returned "
        "HAVING l.qty_shipped <> COALESCE(SUM(CASE WHEN s.kind = 'ship' THEN sl.qty ELSE 0 END), 0) "
        "OR l.qty_returned <> COALESCE(SUM(CASE WHEN s.kind = 'return' THEN sl.qty ELSE 0 END), 0)"
    )).all()
    return [_("{n} line {ln}: shipped {s}/{ss} by shipments, returned {r}/{rr}").format(
        n=n, ln=ln, s=s, ss=ss, r=r, rr=rr) for n, ln, s, r, ss, rr in rows]


def customer_balances(uow: UnitOfWork) -> list[str]:
    """Receivables and customer advances booked by orders equal the orders' money positions."""
    owed, ahead = uow.s.execute(text(
        "SELECT COALESCE(SUM(CASE WHEN invoiced > paid THEN invoiced - paid ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN paid > invoiced THEN paid - invoiced ELSE 0 END), 0) "
        "FROM sales_order WHERE NOT historical"
    )).one()
    out = []
    receivable = _balance(uow, "receivable", "order")
    advances = -_balance(uow, "customer_advances", "order")
    if receivable != owed:
        out.append(_("orders booked {receivable} on accounts receivable but owe {owed} (minor units)").format(
            receivable=receivable, owed=owed))
    if advances != ahead:
        out.append(_("orders booked {advances} on customer advances but are paid ahead by {ahead} (minor "
            "units)").format(advances=advances, ahead=ahead))
    paid = uow.s.execute(text(
        "SELECT o.number, o.paid, COALESCE(SUM(p.amount), 0) FROM sales_order o "
        "LEFT JOIN order_payment p ON p.order_id = o.id WHERE NOT o.historical "
        "GROUP BY o.id, o.number, o.paid HAVING o.paid <> COALESCE(SUM(p.amount), 0)"
    )).all()
    out += [_("{n}: paid {a}, payments add up to {b}").format(n=n, a=a, b=b) for n, a, b in paid]
    return out


def supplier_balances(uow: UnitOfWork) -> list[str]:
    """Accounts payable booked by bills (and their notes and reversals) equal what posted bills still owe."""
    owed = uow.s.execute(text(
        "SELECT COALESCE(SUM(CASE WHEN currency IS NULL THEN total + noted - paid "
        "ELSE total_base + noted_base - paid_base END), 0) "
        "FROM supplier_bill WHERE status IN ('posted', 'paid')"  # in the books' currency, after the notes
    )).scalar_one()
    payable = -_balance(uow, "payable", "bill")
    out = []
    if payable != owed:
        out.append(_("bills booked {payable} on accounts payable but owe {owed} (minor units)").format(
            payable=payable, owed=owed))
    paid = uow.s.execute(text(
        "SELECT b.number, b.paid, COALESCE(SUM(p.amount), 0) FROM supplier_bill b "
        "LEFT JOIN supplier_payment p ON p.bill_id = b.id "
        "GROUP BY b.id, b.number, b.paid HAVING b.paid <> COALESCE(SUM(p.amount), 0)"
    )).all()
    out += [_("{n}: paid {a}, payments add up to {b}").format(n=n, a=a, b=b) for n, a, b in paid]
    cleared = uow.s.execute(text(
        "SELECT b.number, b.paid_base, COALESCE(SUM(p.cleared_base), 0) FROM supplier_bill b "
        "LEFT JOIN supplier_payment p ON p.bill_id = b.id "
        "GROUP BY b.id, b.number, b.paid_base HAVING b.paid_base <> COALESCE(SUM(p.cleared_base), 0)"
    )).all()
    out += [_("{n}: cleared {a} of the payable, payments cleared {b} (minor units)").format(
        n=n, a=a, b=b) for n, a, b in cleared]
    return out


def reservations_belong_to_open_orders(uow: UnitOfWork) -> list[str]:
    rows = uow.s.execute(text(
        "SELECT r.source_ref, o.status FROM reservation r JOIN sales_order o ON o.number = r.source_ref "
        "WHERE r.active AND o.status NOT IN ('confirmed', 'partially_shipped')"
    )).all()
    return [_("{ref} is {status} but still holds a reservation").format(ref=ref, status=status) for ref, status in rows]


def sales_summary(uow: UnitOfWork) -> list[str]:
    """``sales_day`` and ``sales_day_orders`` equal what the orders give, recomputed (one
    pass over the counted orders and their lines; the summaries are a few rows a day)."""
    from boclerk.db import summaries

    def keyed(sql: str) -> dict[tuple, tuple]:
        return {(str(r[0])[:10], *r[1:3]): tuple(int(v or 0) for v in r[3:]) for r in uow.s.execute(text(sql))}

    kept = keyed("SELECT shipped_on, channel, decimals, qty, net, vat, gross FROM sales_day")
    found = keyed(summaries.SALES_RECOMPUTED)
    zero = (0, 0, 0, 0)
    problems = [_("sales on {day} ({channel}, units of {decimals} decimals): the summary says quantity, net, "
        "VAT, gross {summary}, the orders {orders}").format(day=day, channel=channel, decimals=decimals, summary=kept.get((day, channel, decimals), zero), orders=found.get((day, channel, decimals), zero))
                for day, channel, decimals in sorted(set(kept) | set(found))
                if kept.get((day, channel, decimals), zero) != found.get((day, channel, decimals), zero)][:50]

    def counted(sql: str) -> dict[tuple, int]:
        return {(str(r[0])[:10], r[1]): int(r[2] or 0) for r in uow.s.execute(text(sql))}

    kept_n = counted("SELECT shipped_on, channel, orders FROM sales_day_orders")
    found_n = counted(summaries.ORDERS_RECOMPUTED)
    problems += [_("orders shipped on {day} ({channel}): the summary says {summary}, the orders {orders}").format(
        day=day, channel=channel, summary=kept_n.get((day, channel), 0), orders=found_n.get((day, channel), 0))
                 for day, channel in sorted(set(kept_n) | set(found_n))
                 if kept_n.get((day, channel), 0) != found_n.get((day, channel), 0)][:50]
    return problems
