"""The demo's morning post: documents that came in on its last day, registered through intake.

What a clerk finds in the Documents screen of the demo: the bank's statement of the day
(customers' transfers for their orders, the payment of a supplier bill, the bank's fee, and
a payment nobody can place), left with its proposed matches for the clerk to confirm; a
supplier's UPD for goods received and not yet billed, which intake turns into a bill; and a
supply contract waiting to be reviewed. The files are written here in the formats the
banks and suppliers send, then read back by the same readers as any other file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import quoteattr

from sqlalchemy import select

from boclerk.db.database import Database
from boclerk.domain.catalog import Product
from boclerk.domain.partners import Customer, Supplier
from boclerk.domain.purchasing import (
    BillStatus,
    POLine,
    POStatus,
    PurchaseOrder,
    SupplierBill,
)
from boclerk.domain.sales import OrderStatus, SalesOrder
from boclerk.money import to_decimal
from boclerk.services.dashboard import role_balance
from boclerk.services.documents.intake import IntakeMeta, register_bytes
from boclerk.services.sales import orders

OUR_NAME = 'ООО "Дом и Стол"'
OUR_INN = "7705123458"
OUR_ACCOUNT = "40702810900000012345"
BANK = ("ПАО «Северный банк»", "7702070139", "30101810400000000225")


@dataclass(frozen=True)
class Transfer:
    """One statement line: amount > 0 money in, < 0 money out."""

    amount: Decimal
    number: str
    purpose: str
    party: str
    party_inn: str = ""
    party_account: str = "40817810000000000001"


def statement_1c(day: date, opening: Decimal, transfers: list[Transfer]) -> bytes:
    """A 1CClientBankExchange statement of one day, in cp1251 as the banks send it."""
    d = day.strftime("%d.%m.%Y")
    incoming = sum((t.amount for t in transfers if t.amount > 0), Decimal(0))
    outgoing = sum((-t.amount for t in transfers if t.amount < 0), Decimal(0))
    ours = f"Счет={OUR_ACCOUNT}\n{{role}}ИНН={OUR_INN}\n{{role}}1={OUR_NAME}\n"
    docs = []
    for t in transfers:
        them = f"Счет={t.party_account}\n{{role}}ИНН={t.party_inn}\n{{role}}1={t.party}\n"
        payer, payee = (them, ours) if t.amount > 0 else (ours, them)
        moved = "ДатаПоступило" if t.amount > 0 else "ДатаСписано"
        docs.append(f"СекцияДокумент=Платежное поручение\nНомер={t.number}\nДата={d}\nСумма={abs(t.amount)}\n"
                    f"Плательщик{payer.format(role='Плательщик')}Получатель{payee.format(role='Получатель')}"
                    f"{moved}={d}\nНазначениеПлатежа={t.purpose}\nКонецДокумента\n")
    text = (f"1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nОтправитель={BANK[0]}\n"
            f"ДатаСоздания={d}\nДатаНачала={d}\nДатаКонца={d}\nРасчСчет={OUR_ACCOUNT}\n"
            f"СекцияРасчСчет\nДатаНачала={d}\nДатаКонца={d}\nРасчСчет={OUR_ACCOUNT}\nНачальныйОстаток={opening}\n"
            f"ВсегоПоступило={incoming}\nВсегоСписано={outgoing}\nКонечныйОстаток={opening + incoming - outgoing}\n"
            f"КонецРасчСчет\n" + "".join(docs) + "КонецФайла\n")
    return text.replace("\n", "\r\n").encode("cp1251")


@dataclass(frozen=True)
class Item:
    name: str
    sku: str
    qty: int
    price: Decimal  # net, per unit
    rate: int

    @property
    def net(self) -> Decimal:
        return (self.price * self.qty).quantize(Decimal("0.01"))

    @property
    def vat(self) -> Decimal:
        return (self.net * self.rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def upd_503(number: str, day: date, seller: str, seller_inn: str, items: list[Item], *, order: str) -> bytes:
    """A UPD of format 5.03 (function СЧФДОП: invoice and delivery note in one), in cp1251."""
    d = day.strftime("%d.%m.%Y")
    rows = "".join(
        f'<СведТов НомСтр="{n}" НаимТов={quoteattr(it.name)} ОКЕИ_Тов="796" НаимЕдИзм="шт" КолТов="{it.qty}" '
        f'ЦенаТов="{it.price}" СтТовБезНДС="{it.net}" НалСт="{it.rate}%" СтТовУчНал="{it.net + it.vat}">'
        f"<Акциз><БезАкциз>без акциза</БезАкциз></Акциз><СумНал><СумНал>{it.vat}</СумНал></СумНал>"
        f'<ДопСведТов ПрТовРаб="1" КодТов={quoteattr(it.sku)}/></СведТов>'
        for n, it in enumerate(items, 1))
    net = sum((it.net for it in items), Decimal(0))
    vat = sum((it.vat for it in items), Decimal(0))
    xml = (
        '<?xml version="1.0" encoding="windows-1251"?>\n'
        f'<Файл ИдФайл="ON_NSCHFDOPPR_{seller_inn}_{number}" ВерсФорм="5.03" ВерсПрог="boclerk demo">'
        f'<Документ КНД="1115131" Функция="СЧФДОП" ДатаИнфПр="{d}" ВремИнфПр="09.30.00" '
        f"НаимЭконСубСост={quoteattr(seller)}>"
        f'<СвСчФакт НомерДок="{number}" ДатаДок="{d}">'
        f'<СвПрод><ИдСв><СвЮЛУч НаимОрг={quoteattr(seller)} ИННЮЛ="{seller_inn}" КПП="770101001"/></ИдСв></СвПрод>'
        f'<СвПокуп><ИдСв><СвЮЛУч НаимОрг={quoteattr(OUR_NAME)} ИННЮЛ="{OUR_INN}" КПП="770501001"/></ИдСв></СвПокуп>'
        f'<ДенИзм КодОКВ="643" НаимОКВ="Российский рубль"/>'
        f'<ИнфПолФХЖ1><ТекстИнф Идентиф="НомерЗаказа" Значен="{order}"/></ИнфПолФХЖ1></СвСчФакт>'
        f'<ТаблСчФакт>{rows}<ВсегоОпл СтТовБезНДСВсего="{net}" СтТовУчНалВсего="{net + vat}">'
        f"<СумНалВсего><СумНал>{vat}</СумНал></СумНалВсего></ВсегоОпл></ТаблСчФакт>"
        "</Документ></Файл>\n")
    return xml.encode("cp1251")


def _contract(day: date, supplier: Supplier, names_in: str | None = None) -> bytes:
    if names_in == "ru":
        return (f"ДОГОВОР ПОСТАВКИ № 14/{day:%y}\n\nг. Москва, {day:%d.%m.%Y}\n\n"
                f"{supplier.name} (ИНН {supplier.tax_id}), именуемое в дальнейшем «Поставщик», и {OUR_NAME} "
                f"(ИНН {OUR_INN}), именуемое в дальнейшем «Покупатель», заключили настоящий договор о следующем.\n\n"
                "1. Поставщик поставляет товары для дома по заказам Покупателя.\n"
                f"2. Покупатель оплачивает каждую поставку в течение {supplier.payment_terms_days} дней со дня "
                "получения УПД Поставщика.\n"
                "3. Товар принимается на складе Покупателя; недостача и повреждения отмечаются в накладной.\n"
                "4. Договор действует один год и продлевается, если ни одна из сторон не заявит о его "
                "прекращении.\n").encode()
    return (f"ДОГОВОР ПОСТАВКИ № 14/{day:%y}\n\ng. Moskva, {day:%d.%m.%Y}\n\n"
            f"{supplier.name} (INN {supplier.tax_id}), the Supplier, and {OUR_NAME} (INN {OUR_INN}), the Buyer, "
            "agree as follows.\n\n1. The Supplier delivers household goods by the Buyer's purchase orders.\n"
            f"2. The Buyer pays each delivery within {supplier.payment_terms_days} days of the supplier's UPD.\n"
            "3. Goods are accepted at the Buyer's warehouse; shortages and damage are recorded in the waybill.\n"
            "4. The contract runs for one year and renews unless either side gives notice.\n").encode()


def _due_orders(uow, wanted: int) -> list[tuple[SalesOrder, str, int]]:
    """The newest orders with money still to come: (order, customer name, amount due)."""
    states = [OrderStatus.CONFIRMED.value, OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value]
    found = []
    for o in uow.s.scalars(select(SalesOrder).where(SalesOrder.status.in_(states), SalesOrder.paid == 0)
                           .order_by(SalesOrder.id.desc()).limit(50)):
        due = orders.amount_due(uow, o)
        if due > 0:
            found.append((o, uow.s.get(Customer, o.customer_id).name, due))
        if len(found) == wanted:
            break
    return found


def _statement(db: Database, today: date) -> bytes:
    with db.read("vera") as uow:
        due = _due_orders(uow, 3)
        bill = uow.s.scalars(select(SupplierBill).where(SupplierBill.status == BillStatus.POSTED.value,
                                                        SupplierBill.paid < SupplierBill.total)
                             .order_by(SupplierBill.id.desc())).first()
        transfers = []
        for i, (o, who, amount) in enumerate(due):  # by the order's number, by amount and payer, in part
            m = to_decimal(amount, uow.currency)
            if i == 0:
                transfers.append(Transfer(m, "311", f"Оплата по заказу {o.number}, без НДС", who))
            elif i == 1:
                transfers.append(Transfer(m, "87", "Оплата за товары для дома", who))
            else:
                transfers.append(Transfer((m / 2).quantize(Decimal("0.01")), "5120",
                                          f"Частичная оплата заказа {o.number}", who))
        transfers += [
            Transfer(Decimal("-390.00"), "9001", "Комиссия банка за ведение счета за месяц", BANK[0], BANK[1], BANK[2]),
            Transfer(Decimal("12500.00"), "64", "Возврат обеспечительного платежа по договору аренды",
                     'ООО "Складской комплекс Восток"', "5003012346", "40702810200000098765"),
        ]
        if bill is not None:
            sup = uow.s.get(Supplier, bill.supplier_id)
            transfers.insert(len(due), Transfer(
                -to_decimal(bill.total - bill.paid, uow.currency), "1042",
                f"Оплата по счету {bill.supplier_ref} от {bill.bill_date:%d.%m.%Y} за товар, в т.ч. НДС",
                sup.name, sup.tax_id or "", "40702810500000054321"))
        return statement_1c(today, to_decimal(role_balance(uow, "bank"), uow.currency), transfers)


def _invoice(db: Database, today: date, rng: random.Random) -> tuple[bytes, str] | None:
    """A UPD for the goods of a received PO that no bill covers yet: (file, its name)."""
    with db.read("vera") as uow:
        billed = select(SupplierBill.po_id).where(SupplierBill.status != BillStatus.REJECTED.value,
                                                  SupplierBill.po_id.is_not(None))
        received = [POStatus.RECEIVED.value, POStatus.PARTIALLY_RECEIVED.value]
        po = uow.s.scalars(select(PurchaseOrder).where(PurchaseOrder.status.in_(received),
                                                       PurchaseOrder.id.not_in(billed))
                           .order_by(PurchaseOrder.id.desc())).first()
        if po is None:
            return None
        sup = uow.s.get(Supplier, po.supplier_id)
        rows = uow.s.execute(select(POLine, Product).join(Product, Product.id == POLine.product_id)
                             .where(POLine.po_id == po.id).order_by(POLine.line_no)).all()
        items = [Item(p.name, p.sku, ln.qty_received, to_decimal(ln.unit_price, uow.currency), ln.vat_rate)
                 for ln, p in rows if ln.qty_received > 0]
        if not items:
            return None
        number = f"{rng.randrange(100, 999)}/{today:%m}"
        return upd_503(number, today, sup.name, sup.tax_id or "", items, order=po.number), \
            f"ON_NSCHFDOPPR_{sup.tax_id}_{today:%Y%m%d}.xml"


def morning_post(db: Database, today: date, rng: random.Random, names_in: str | None = None) -> int:
    """Register the last day's incoming documents (the contract's text in ``names_in``, a language,
    else in English); returns how many were registered."""
    registered = 0
    register_bytes(db, "anna", f"vypiska_{today:%Y%m%d}.txt", _statement(db, today))
    registered += 1
    invoice = _invoice(db, today, rng)
    if invoice is not None:
        register_bytes(db, "anna", invoice[1], invoice[0])
        registered += 1
    with db.read("anna") as uow:
        sup = uow.s.scalars(select(Supplier).order_by(Supplier.id)).first()
        contract = (sup.code, _contract(today, sup, names_in)) if sup is not None else None
    if contract is not None:
        code, text = contract
        register_bytes(db, "anna", f"dogovor_postavki_{code}.txt", text, IntakeMeta(
            doc_type="contract", counterparty=code, their_number=f"14/{today:%y}", their_date=today))
        registered += 1
    return registered
