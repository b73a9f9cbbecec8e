"""Sample files the document tests make themselves: bank statements (1C, camt.053), supplier
e-invoices (UPD 5.03, CII, Factur-X), PDFs (plain and encrypted), zips, and a shop set up to
receive them. Amounts are Decimal strings; every total is computed here, so a test can change
one line and still get a statement whose balances add up.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

import pytest

from boclerk.services.documents.intake import IntakeMeta, Limits, add_files, scan

ACCOUNT = "40702810900000012345"
OUR_INN = "7702345678"
D = Decimal


@pytest.fixture(autouse=True)
def document_store(tmp_path, monkeypatch):
    """Keep the document store of a PostgreSQL test database under the test's folder (SQLite
    keeps it beside the database file anyway)."""
    config = tmp_path / "boclerk.toml"
    config.write_text(f'documents = "{tmp_path / "pg-documents"}"\n')
    monkeypatch.setenv("BOCLERK_CONFIG", str(config))
    return tmp_path


def store_dir(db) -> Path:
    from boclerk.services.documents.store import store_root

    return store_root(db)


def stored_files(db) -> list[Path]:
    root = store_dir(db)
    return sorted(p for p in root.glob("??/*") if p.is_file()) if root.is_dir() else []


def add(db, user: str, *paths, limits: Limits | None = None, **meta):
    """Register files; returns the results."""
    return add_files(db, user, list(paths), IntakeMeta(**meta), limits=limits)


def add_one(db, user: str, path, **meta):
    [res] = add(db, user, path, **meta)
    return res


def scan_dir(db, user: str, folder):
    return scan(db, user, folder)


# -- bank statements --------------------------------------------------------------------------

@dataclass(frozen=True)
class Pay:
    """One payment: amount > 0 money in, < 0 money out."""

    amount: str
    purpose: str
    name: str = ""
    inn: str = ""
    account: str = "40702810100000077777"
    number: str = "1"
    day: str = "15.03.2026"


def statement_1c(payments: list[Pay], *, opening: str = "100000.00", encoding: str = "cp1251",
                 declared: str = "Windows", closing: str | None = None, day: str = "15.03.2026") -> bytes:
    incoming = sum((D(p.amount) for p in payments if D(p.amount) > 0), D(0))
    outgoing = sum((-D(p.amount) for p in payments if D(p.amount) < 0), D(0))
    closing = closing or str(D(opening) + incoming - outgoing)
    docs = []
    for p in payments:
        amount = D(p.amount)
        if amount > 0:
            sides = (f"ПлательщикСчет={p.account}\nПлательщикИНН={p.inn}\nПлательщик1={p.name}\n"
                     f"ПолучательСчет={ACCOUNT}\nПолучательИНН={OUR_INN}\nПолучатель1=ООО \"Ромашка\"\n"
                     f"ДатаПоступило={p.day}\n")
        else:
            sides = (f"ПлательщикСчет={ACCOUNT}\nПлательщикИНН={OUR_INN}\nПлательщик1=ООО \"Ромашка\"\n"
                     f"ДатаСписано={p.day}\nПолучательСчет={p.account}\nПолучательИНН={p.inn}\nПолучатель1={p.name}\n")
        docs.append(f"СекцияДокумент=Платежное поручение\nНомер={p.number}\nДата={p.day}\nСумма={abs(amount)}\n"
                    f"{sides}НазначениеПлатежа={p.purpose}\nКонецДокумента\n")
    text = ("1CClientBankExchange\nВерсияФормата=1.03\n" + (f"Кодировка={declared}\n" if declared else "")
            + f"Отправитель=Бухгалтерия\nДатаСоздания={day}\nДатаНачала={day}\nДатаКонца={day}\nРасчСчет={ACCOUNT}\n"
            f"СекцияРасчСчет\nДатаНачала={day}\nДатаКонца={day}\nРасчСчет={ACCOUNT}\nНачальныйОстаток={opening}\n"
            f"ВсегоПоступило={incoming}\nВсегоСписано={outgoing}\nКонечныйОстаток={closing}\nКонецРасчСчет\n"
            + "".join(docs) + "КонецФайла\n")
    return text.replace("\n", "\r\n").encode(encoding)


CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
IBAN = "RU0204452560040702810412345678901"


def camt_statement(entries: list[tuple[str, str, str, str]], *, opening: str = "5000.00", currency: str = "RUB",
                   day: str = "2026-03-16") -> bytes:
    """entries: (signed amount, reference, party name, remittance text)."""
    closing = D(opening) + sum((D(a) for a, *_ in entries), D(0))
    xml = []
    for amount, ref, party, text in entries:
        sign = "CRDT" if D(amount) > 0 else "DBIT"
        role = "Dbtr" if sign == "CRDT" else "Cdtr"
        xml.append(
            f'<Ntry><Amt Ccy="{currency}">{abs(D(amount))}</Amt><CdtDbtInd>{sign}</CdtDbtInd><Sts>BOOK</Sts>'
            f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
            f"<NtryDtls><TxDtls><RltdPties><{role}><Nm>{party}</Nm></{role}></RltdPties>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")

    def bal(code, value):
        sign = "CRDT" if value >= 0 else "DBIT"
        return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{currency}\">{abs(value)}</Amt>"
                f"<CdtDbtInd>{sign}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")

    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Document xmlns="{CAMT_NS}"><BkToCstmrStmt><GrpHdr><MsgId>M-1</MsgId>'
            f"<CreDtTm>{day}T06:00:00</CreDtTm></GrpHdr><Stmt><Id>S-{day}</Id><CreDtTm>{day}T06:00:00</CreDtTm>"
            f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>{currency}</Ccy></Acct>"
            + bal("OPBD", D(opening)) + bal("CLBD", closing) + "".join(xml)
            + "</Stmt></BkToCstmrStmt></Document>\n").encode()


# -- e-invoices --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    name: str
    code: str
    qty: str
    price: str  # net
    rate: str = "20"

    @property
    def net(self) -> Decimal:
        return (D(self.qty) * D(self.price)).quantize(D("0.01"), ROUND_HALF_UP)

    @property
    def vat(self) -> Decimal:
        return (self.net * D(self.rate) / 100).quantize(D("0.01"), ROUND_HALF_UP)


def upd(number: str, day: str, seller_inn: str, items: list[Item], *, order: str = "",
        seller: str = 'ООО "Поставщик"') -> bytes:
    """A UPD 5.03 (СЧФДОП) in cp1251."""
    rows = []
    for n, it in enumerate(items, 1):
        rows.append(
            f'<СведТов НомСтр="{n}" НаимТов="{it.name}" ОКЕИ_Тов="796" НаимЕдИзм="шт" КолТов="{it.qty}" '
            f'ЦенаТов="{it.price}" СтТовБезНДС="{it.net}" НалСт="{it.rate}%" СтТовУчНал="{it.net + it.vat}">'
            f"<Акциз><БезАкциз>без акциза</БезАкциз></Акциз><СумНал><СумНал>{it.vat}</СумНал></СумНал>"
            + (f'<ДопСведТов ПрТовРаб="1" КодТов="{it.code}"/>' if it.code else "") + "</СведТов>")
    net = sum((it.net for it in items), D(0))
    vat = sum((it.vat for it in items), D(0))
    info = f'<ИнфПолФХЖ1><ТекстИнф Идентиф="НомерЗаказа" Значен="{order}"/></ИнфПолФХЖ1>' if order else ""
    seller_xml = seller.replace('"', "&quot;")
    xml = (
        '<?xml version="1.0" encoding="windows-1251"?>\n'
        f'<Файл ИдФайл="ON_NSCHFDOPPR_{number}" ВерсФорм="5.03" ВерсПрог="test">'
        f'<Документ КНД="1115131" Функция="СЧФДОП" ДатаИнфПр="{day}" ВремИнфПр="10.00.00" НаимЭконСубСост="{seller_xml}">'
        f'<СвСчФакт НомерДок="{number}" ДатаДок="{day}">'
        f'<СвПрод><ИдСв><СвЮЛУч НаимОрг="{seller_xml}" ИННЮЛ="{seller_inn}" КПП="770101001"/></ИдСв></СвПрод>'
        f'<СвПокуп><ИдСв><СвЮЛУч НаимОрг="ООО &quot;Ромашка&quot;" ИННЮЛ="{OUR_INN}" КПП="770201001"/></ИдСв></СвПокуп>'
        f'<ДенИзм КодОКВ="643" НаимОКВ="Российский рубль"/>{info}</СвСчФакт>'
        f'<ТаблСчФакт>{"".join(rows)}<ВсегоОпл СтТовБезНДСВсего="{net}" СтТовУчНалВсего="{net + vat}">'
        f"<СумНалВсего><СумНал>{vat}</СумНал></СумНалВсего></ВсегоОпл></ТаблСчФакт>"
        "</Документ></Файл>\n")
    return xml.encode("cp1251")


@dataclass(frozen=True)
class Change:
    """One line of a УКД: the same goods before and after the change of price or quantity."""

    name: str
    code: str
    qty_before: str
    price_before: str
    qty_after: str
    price_after: str
    rate: str = "20"

    def amounts(self, qty: str, price: str) -> tuple[Decimal, Decimal]:
        net = (D(qty) * D(price)).quantize(D("0.01"), ROUND_HALF_UP)
        return net, (net * D(self.rate) / 100).quantize(D("0.01"), ROUND_HALF_UP)


def ukd(number: str, day: str, seller_inn: str, invoice: str, invoice_day: str, changes: list[Change], *,
        version: str = "5.01") -> bytes:
    """A УКД (КСЧФДИС) in cp1251, shaped as the Federal Tax Service's format of its version prescribes:
    5.01 (КНД 1115127) names itself by НомерКСчФ/ДатаКСчФ and its currency by КодОКВ; 5.03 (КНД 1115133)
    by НомерДок/ДатаДок and ДенИзм."""
    rows, sums = [], {1: [D(0), D(0)], -1: [D(0), D(0)]}
    vat_tag = "СумНДС" if version == "5.01" else "СумНал"
    for n, ch in enumerate(changes, 1):
        (nb, vb), (na, va) = ch.amounts(ch.qty_before, ch.price_before), ch.amounts(ch.qty_after, ch.price_after)
        sign = 1 if na >= nb else -1
        sums[sign][0] += abs(na - nb)
        sums[sign][1] += abs(va - vb)
        word = "Увел" if sign > 0 else "Ум"
        rows.append(
            f'<СведТов НомСтр="{n}" НаимТов="{ch.name}" ОКЕИ_ТовДо="796" ОКЕИ_ТовПосле="796" КолТовДо="{ch.qty_before}" '
            f'КолТовПосле="{ch.qty_after}" ЦенаТовДо="{ch.price_before}" ЦенаТовПосле="{ch.price_after}" '
            f'НалСтДо="{ch.rate}%" НалСтПосле="{ch.rate}%">'
            f'<СтТовБезНДС СтоимДоИзм="{nb}" СтоимПослеИзм="{na}" Стоим{word}="{abs(na - nb)}"/>'
            "<АкцизДо><БезАкциз>без акциза</БезАкциз></АкцизДо><АкцизПосле><БезАкциз>без акциза</БезАкциз></АкцизПосле>"
            f"<СумНалДо><{vat_tag}>{vb}</{vat_tag}></СумНалДо><СумНалПосле><{vat_tag}>{va}</{vat_tag}></СумНалПосле>"
            f"<СумНалРазн><Сум{word}>{abs(va - vb)}</Сум{word}></СумНалРазн>"
            f'<СтТовУчНал СтоимДоИзм="{nb + vb}" СтоимПослеИзм="{na + va}" Стоим{word}="{abs(na + va - nb - vb)}"/>'
            f'<ДопСведТов КодТов="{ch.code}" НаимЕдИзмДо="шт" НаимЕдИзмПосле="шт"/></СведТов>')
    totals = "".join(
        f'<{tag} СтТовБезНДСВсего="{sums[sign][0]}" СтТовУчНалВсего="{sums[sign][0] + sums[sign][1]}">'
        f"<СумНал><{vat_tag}>{sums[sign][1]}</{vat_tag}></СумНал></{tag}>"
        for tag, sign in (("ВсегоУвел", 1), ("ВсегоУм", -1)) if sums[sign][0] or sums[sign][1])
    if version == "5.01":
        head = (f'<Документ КНД="1115127" Функция="КСЧФДИС" ДатаИнфПр="{day}" ВремИнфПр="10.00.00">'
                f'<СвКСчФ НомерКСчФ="{number}" ДатаКСчФ="{day}" КодОКВ="643">'
                f'<СчФ НомерСчФ="{invoice}" ДатаСчФ="{invoice_day}"/>')
        money = ""
    else:
        head = (f'<Документ КНД="1115133" Функция="КСЧФДИС" ДатаИнфПр="{day}" ВремИнфПр="10.00.00">'
                f'<СвКСчФ НомерДок="{number}" ДатаДок="{day}"><СчФ НомерСчФ="{invoice}" ДатаСчФ="{invoice_day}"/>')
        money = '<ДенИзм КодОКВ="643" НаимОКВ="Российский рубль"/>'
    xml = (
        '<?xml version="1.0" encoding="windows-1251"?>\n'
        f'<Файл ИдФайл="ON_NKORSCHFDOPPR_{number}" ВерсФорм="{version}" ВерсПрог="test">{head}'
        f'<СвПрод><ИдСв><СвЮЛУч НаимОрг="ООО &quot;Поставщик&quot;" ИННЮЛ="{seller_inn}" КПП="770101001"/></ИдСв></СвПрод>'
        f'<СвПокуп><ИдСв><СвЮЛУч НаимОрг="ООО &quot;Ромашка&quot;" ИННЮЛ="{OUR_INN}" КПП="770201001"/></ИдСв></СвПокуп>'
        f"{money}</СвКСчФ><ТаблКСчФ>{''.join(rows)}{totals}</ТаблКСчФ>"
        '<СодФХЖ3 СодОпер="Корректировка"/></Документ></Файл>\n')
    return xml.encode("cp1251")


def cii(number: str, day: str, seller_tax_id: str, items: list[Item], *, order: str = "", currency: str = "RUB",
        seller: str = "Globex LLC") -> bytes:
    """A UN/CEFACT CII invoice (EN 16931 profile), day as YYYYMMDD."""
    lines = "".join(
        "<ram:IncludedSupplyChainTradeLineItem>"
        f"<ram:AssociatedDocumentLineDocument><ram:LineID>{n}</ram:LineID></ram:AssociatedDocumentLineDocument>"
        "<ram:SpecifiedTradeProduct>" + (f"<ram:SellerAssignedID>{it.code}</ram:SellerAssignedID>" if it.code else "")
        + f"<ram:Name>{it.name}</ram:Name></ram:SpecifiedTradeProduct>"
        f"<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{it.price}</ram:ChargeAmount>"
        "</ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>"
        f'<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">{it.qty}</ram:BilledQuantity>'
        "</ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax>"
        f"<ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>{it.rate}"
        "</ram:RateApplicablePercent></ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>"
        f"<ram:LineTotalAmount>{it.net}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>"
        "</ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>"
        for n, it in enumerate(items, 1))
    net = sum((it.net for it in items), D(0))
    vat = sum((it.vat for it in items), D(0))
    ref = (f"<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>{order}</ram:IssuerAssignedID>"
           "</ram:BuyerOrderReferencedDocument>") if order else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" '
        'xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" '
        'xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">'
        "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017"
        "</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>"
        f"<rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime>"
        f'<udt:DateTimeString format="102">{day}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>'
        f"<rsm:SupplyChainTradeTransaction>{lines}<ram:ApplicableHeaderTradeAgreement>"
        f"<ram:SellerTradeParty><ram:Name>{seller}</ram:Name><ram:SpecifiedTaxRegistration>"
        f'<ram:ID schemeID="FC">{seller_tax_id}</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>'
        f"<ram:BuyerTradeParty><ram:Name>Romashka</ram:Name></ram:BuyerTradeParty>{ref}"
        "</ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeDelivery/>"
        f"<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>{currency}</ram:InvoiceCurrencyCode>"
        f"<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{net}</ram:LineTotalAmount>"
        f"<ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount>"
        f'<ram:TaxTotalAmount currencyID="{currency}">{vat}</ram:TaxTotalAmount>'
        f"<ram:GrandTotalAmount>{net + vat}</ram:GrandTotalAmount><ram:DuePayableAmount>{net + vat}</ram:DuePayableAmount>"
        "</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>"
        "</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>").encode()


def facturx(xml: bytes, text: str = "Invoice") -> bytes:
    from facturx import generate_from_binary

    return generate_from_binary(make_pdf([text]), xml, check_xsd=False)


# -- PDFs and archives ----------------------------------------------------------------------------

def make_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one line of (latin-1) text per page, written by hand."""
    objs: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]
    kids = []
    for text in pages:
        content = b"BT /F1 18 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    b"/Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>" % len(objs))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    return bytes(out)


def encrypt(pdf: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def make_zip(members: dict[str, bytes], *, symlink: str | None = None, stored: bool = False) -> bytes:
    out = BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, body in members.items():  # a fixed stamp: the same bytes whenever it is built
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), body, compress_type=method)
        if symlink:
            info = zipfile.ZipInfo(symlink, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>
"""


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def today_str(day: date) -> str:
    return day.strftime("%d.%m.%Y")
