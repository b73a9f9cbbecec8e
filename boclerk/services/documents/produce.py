"""Documents to produce for a record, and writing produced files into a folder.

What the app offers under "Documents to produce" for an order or a purchase order, and
the one way it writes them: beside each other in a folder the person may write in, never over
an existing file, each write recorded in the audit trail (as ``-o PATH`` does on the
command line).
"""

from __future__ import annotations

from pathlib import Path

from boclerk.db.database import Database
from boclerk.db.uow import UnitOfWork
from boclerk.domain.permissions import Perm
from boclerk.i18n import N_, _
from boclerk.services.documents.outbound import Produced

__all__ = ["order_documents", "po_documents", "produce_for", "save_produced"]

LABELS = {"invoice": N_("Invoice for payment (PDF with a payment QR code)"),
          "upd": N_("UPD of the last shipment (XML 5.03 and PDF)"),
          "packing": N_("Packing slip (PDF)"),
          "po": N_("Purchase order for the supplier (PDF)")}


def order_documents(uow: UnitOfWork, number: str) -> list[tuple[str, str]]:
    """(label, form) of the documents an order can have now: the first is the likeliest."""
    from boclerk.services.sales.orders import order_by_number
    from boclerk.services.sales.upd import order_shipments

    uow.require(Perm.READ)
    o = order_by_number(uow, number)
    forms = []
    shipped = bool(order_shipments(uow, o))
    if shipped:
        forms.append("upd")
    if o.status != "cancelled" and o.total > 0 and o.paid < o.total:
        forms.append("invoice")
    if shipped or o.status in ("confirmed", "partially_shipped"):
        forms.append("packing")
    return [(_(LABELS[f]), f) for f in forms] + [_statement("customer", o.customer_id, uow)]


def _statement(side: str, partner_id: int, uow: UnitOfWork) -> tuple[str, str]:
    """The choice of the partner's reconciliation statement; its form names the partner."""
    from boclerk.domain.partners import Customer, Supplier

    partner = uow.s.get(Customer if side == "customer" else Supplier, partner_id)
    return _("Reconciliation statement with {code} {name} (for a period)").format(code=partner.code, name=partner.name), \
        f"statement:{side}:{partner.code}"


def po_documents(uow: UnitOfWork, number: str) -> list[tuple[str, str]]:
    from boclerk.services.purchasing.orders import po_by_number

    uow.require(Perm.READ)
    po = po_by_number(uow, number)
    return ([] if po.status == "cancelled" else [(_(LABELS["po"]), "po")]) + [_statement("supplier", po.supplier_id, uow)]


def produce_for(db: Database, actor: str, form: str, number: str) -> list[Produced]:
    """Produce (or find again) one document of an order or a purchase order."""
    if form == "invoice":
        from boclerk.services.sales.invoice import order_invoice

        return order_invoice(db, actor, number)
    if form == "upd":
        from boclerk.services.sales.upd import shipment_upd

        return shipment_upd(db, actor, number)
    if form == "packing":
        from boclerk.services.stock.packing import order_slip

        return order_slip(db, actor, number)
    if form == "po":
        from boclerk.services.purchasing.po_doc import po_document

        return po_document(db, actor, number)
    raise ValueError(_("unknown form {form!r}").format(form=form))


def _free(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``name (2)`` ... if a file of that name is there already."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    n = 2
    while target.exists() or target.is_symlink():
        target = folder / f"{stem} ({n}){suffix}"
        n += 1
    return target


def save_produced(db: Database, actor: str, produced: list[Produced], folder: str | Path) -> list[str]:
    """Write each produced file into ``folder`` under its own name; returns the paths written."""
    from boclerk.services.platform.audit import record_file_write
    from boclerk.services.platform.outputs import write_file
    from boclerk.services.platform.paths import own_files

    own = own_files(db.location)
    written = []
    for p in produced:
        path = _free(Path(folder).expanduser(), p.file_name)

        def publish(target, p=p) -> None:
            with db.write(actor) as uow:
                record_file_write(uow, target.path, f"document {p.number}", replaced=target.replaces)
                target.commit()

        write_file(path, lambda fh, data=p.data: fh.write(data), force=False, own=own, publish=publish)
        written.append(str(path.resolve()))
    return written
