"""Supplier e-invoices: UPD (cp1251 and UTF-8), CII, Factur-X PDF, UBL, and hostile input.

The CII and UBL oracles are written by the factur-x library's own generator and checked
against the official XSD, so the reader is tested against files nobody here wrote.
"""

from __future__ import annotations

import datetime as dt
import re
import inspect
from decimal import Decimal
from io import BytesIO

import pytest

from boclerk.errors import InvalidInput
from boclerk.formats import einvoice
from boclerk.formats.einvoice import Invoice, InvoiceLine, detect_invoice, read_invoice

D = Decimal

# --- sample files --------------------------------------------------------------------------

UPD_503 = """<?xml version="1.0" encoding="{encoding}"?>
<Файл ИдФайл="ON_NSCHFDOPPR_2BM-7701234560-2012052808301120662630000000000_2BM-7702345678_20260305_a1b2c3d4" ВерсФорм="5.03" ВерсПрог="1С:Бухгалтерия 3.0">
  <Документ КНД="1115131" Функция="СЧФДОП" ПоФактХЖ="Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)" НаимДокОпр="Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)" ДатаИнфПр="05.03.2026" ВремИнфПр="10.15.00" НаимЭконСубСост="ООО &quot;Электроснаб&quot;">
    <СвСчФакт НомерДок="ЭС-000417" ДатаДок="05.03.2026">
      <СвПрод>
        <ИдСв><СвЮЛУч НаимОрг="ООО &quot;Электроснаб&quot;" ИННЮЛ="7701234560" КПП="770101001"/></ИдСв>
        <Адрес><АдрРФ КодРегион="77" НаимРегион="г. Москва" Индекс="129090" Улица="ул. Щепкина" Дом="33"/></Адрес>
      </СвПрод>
      <ГрузОт><ОнЖе>он же</ОнЖе></ГрузОт>
      <ГрузПолуч><ИдСв><СвЮЛУч НаимОрг="ООО &quot;Ромашка&quot;" ИННЮЛ="7702345678" КПП="770201001"/></ИдСв></ГрузПолуч>
      <СвПокуп>
        <ИдСв><СвЮЛУч НаимОрг="ООО &quot;Ромашка&quot;" ИННЮЛ="7702345678" КПП="770201001"/></ИдСв>
        <Адрес><АдрРФ КодРегион="77" Индекс="101000" Улица="Мясницкая" Дом="1"/></Адрес>
      </СвПокуп>
      <ДенИзм КодОКВ="643" НаимОКВ="Российский рубль"/>
      <ИнфПолФХЖ1>
        <ТекстИнф Идентиф="НомерЗаказа" Значен="PO-2026-000012"/>
        <ТекстИнф Идентиф="Склад" Значен="Основной"/>
      </ИнфПолФХЖ1>
    </СвСчФакт>
    <ТаблСчФакт>
      <СведТов НомСтр="1" НаимТов="Кабель USB-C 1 м" ОКЕИ_Тов="796" НаимЕдИзм="шт" КолТов="10" ЦенаТов="150.00" СтТовБезНДС="1500.00" НалСт="20%" СтТовУчНал="1800.00">
        <Акциз><БезАкциз>без акциза</БезАкциз></Акциз>
        <СумНал><СумНал>300.00</СумНал></СумНал>
        <ДопСведТов ПрТовРаб="1" КодТов="CBL-USBC-1"/>
      </СведТов>
      <СведТов НомСтр="2" НаимТов="Зарядное устройство 20 Вт" ОКЕИ_Тов="796" НаимЕдИзм="шт" КолТов="3" ЦенаТов="833.33" СтТовБезНДС="2499.99" НалСт="20%" СтТовУчНал="2999.99">
        <Акциз><БезАкциз>без акциза</БезАкциз></Акциз>
        <СумНал><СумНал>500.00</СумНал></СумНал>
        <ДопСведТов ПрТовРаб="1" КодТов="CHG-20W"/>
      </СведТов>
      <СведТов НомСтр="3" НаимТов="Доставка до склада покупателя" ОКЕИ_Тов="796" НаимЕдИзм="шт" КолТов="1" ЦенаТов="350.00" СтТовБезНДС="350.00" НалСт="без НДС" СтТовУчНал="350.00">
        <Акциз><БезАкциз>без акциза</БезАкциз></Акциз>
        <СумНал><БезНДС>без НДС</БезНДС></СумНал>
        <ДопСведТов ПрТовРаб="4"/>
      </СведТов>
      <ВсегоОпл СтТовБезНДСВсего="4349.99" СтТовУчНалВсего="5149.99">
        <СумНалВсего><СумНал>800.00</СумНал></СумНалВсего>
      </ВсегоОпл>
    </ТаблСчФакт>
    <СвПродПер>
      <СвПер СодОпер="Товары переданы">
        <ОснПер РеквНаимДок="Договор поставки" РеквНомерДок="17-П" РеквДатаДок="10.01.2026"/>
      </СвПер>
    </СвПродПер>
    <Подписант СпосПодтПолном="1"><ФИО Фамилия="Петров" Имя="Пётр" Отчество="Петрович"/></Подписант>
  </Документ>
</Файл>
"""

UPD_501_IP = """<?xml version="1.0" encoding="utf-8"?>
<Файл ИдФайл="ON_NSCHFDOPPR_A_B_20260306_x" ВерсФорм="5.01" ВерсПрог="Diadoc 1.0">
  <Документ КНД="1115131" Функция="ДОП" ДатаИнфПр="06.03.2026" ВремИнфПр="09.00.00" НаимЭконСубСост="ИП Иванова">
    <СвСчФакт НомерСчФ="145" ДатаСчФ="06.03.2026" КодОКВ="643">
      <СвПрод><ИдСв><СвИП ИННФЛ="500601234575"><ФИО Фамилия="Иванова" Имя="Мария" Отчество="Петровна"/></СвИП></ИдСв></СвПрод>
      <СвПокуп><ИдСв><СвЮЛУч НаимОрг="ООО Ромашка" ИННЮЛ="7702345678" КПП="770201001"/></ИдСв></СвПокуп>
    </СвСчФакт>
    <ТаблСчФакт>
      <СведТов НомСтр="1" НаимТов="Хлеб «Бородинский» 400 г" ОКЕИ_Тов="796" КолТов="30" ЦенаТов="58" СтТовБезНДС="1740" НалСт="без НДС" СтТовУчНал="1740">
        <Акциз><БезАкциз>без акциза</БезАкциз></Акциз>
        <СумНал><БезНДС>без НДС</БезНДС></СумНал>
        <ДопСведТов НаимЕдИзм="шт" КодТов="BR-400"/>
      </СведТов>
      <СведТов НомСтр="2" НаимТов="Сыр весовой" ОКЕИ_Тов="166" КолТов="2.5" ЦенаТов="180" СтТовБезНДС="450" НалСт="без НДС" СтТовУчНал="450">
        <СумНал><БезНДС>без НДС</БезНДС></СумНал>
      </СведТов>
      <ВсегоОпл СтТовБезНДСВсего="2190" СтТовУчНалВсего="2190"><СумНалВсего><БезНДС>без НДС</БезНДС></СумНалВсего></ВсегоОпл>
    </ТаблСчФакт>
    <СвПродПер><СвПер СодОпер="Товары переданы"><ОснПер НаимОсн="Заказ покупателя" НомОсн="PO-2026-000031" ДатаОсн="01.03.2026"/></СвПер></СвПродПер>
  </Документ>
</Файл>
"""


def upd(encoding: str = "windows-1251", text: str = UPD_503, **replace: str) -> bytes:
    xml = text.format(encoding=encoding) if "{encoding}" in text else text
    for old, new in replace.items():
        assert old in xml, old
        xml = xml.replace(old, new)
    return xml.encode("cp1251" if encoding == "windows-1251" else "utf-8")


def _oracle_dict() -> dict:
    seller = {"name": "Lieferant GmbH", "vat_identifier": "DE123456789", "country_code": "DE",
              "city": "Berlin", "postcode": "10115", "addr_l1": "Hauptstr. 1"}
    buyer = {"name": "Romashka OOO", "vat_identifier": "FR12345678901", "country_code": "FR",
             "city": "Paris", "postcode": "75001", "addr_l1": "Rue de Rivoli 1"}
    return {
        "BT-1": "INV-2026-0007", "BT-2": dt.date(2026, 3, 5), "BT-3": "380", "BT-5": "EUR",
        "BT-24": "urn:cen.eu:en16931:2017", "BT-13": "PO-2026-000012", "BT-72": dt.date(2026, 3, 4),
        "BG-4": seller, "BG-7": buyer,
        "BT-106": "42.35", "BT-109": "42.35", "BT-110": "6.56", "BT-112": "48.91", "BT-115": "48.91",
        "BG-23": [{"BT-116": "30.00", "BT-117": "5.70", "BT-118": "S", "BT-119": "19"},
                  {"BT-116": "12.35", "BT-117": "0.86", "BT-118": "S", "BT-119": "7"}],
        "BG-25": [
            {"BT-126": "1", "BT-129": "3", "BT-130": "C62", "BT-131": "30.00", "BT-146": "10.00",
             "BT-151": "S", "BT-152": "19", "BT-153": "USB-C cable", "BT-155": "CBL-USBC-1"},
            {"BT-126": "2", "BT-129": "2.5", "BT-130": "KGM", "BT-131": "12.35", "BT-146": "4.94",
             "BT-151": "S", "BT-152": "7", "BT-153": "Coffee beans"},
        ],
    }


@pytest.fixture(scope="module")
def oracle() -> dict[str, bytes]:
    """CII and UBL of one invoice, written and XSD-checked by the factur-x library."""
    from facturx import generate_xml

    return {flavor: generate_xml(_oracle_dict(), flavor=flavor, check_schematron=False)
            for flavor in ("factur-x", "ubl-2.1")}


def make_pdf(pages: list[str]) -> bytes:
    """A small valid PDF with one line of text per page, written by hand."""
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


def facturx_pdf(xml: bytes) -> bytes:
    from facturx import generate_from_binary

    return generate_from_binary(make_pdf(["Invoice INV-2026-0007"]), xml, check_xsd=True)


def encrypt(pdf: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- UPD ---------------------------------------------------------------------------------------

def test_upd_503_in_cp1251():
    data = upd()
    assert "Файл".encode("cp1251") in data and b'encoding="windows-1251"' in data
    assert detect_invoice(data) == "upd"
    inv = read_invoice(data, name="upd.xml")
    assert (inv.format, inv.number, inv.issued, inv.currency) == ("upd", "ЭС-000417", dt.date(2026, 3, 5), "RUB")
    assert (inv.seller_name, inv.seller_tax_id) == ('ООО "Электроснаб"', "7701234560")
    assert (inv.buyer_name, inv.buyer_tax_id) == ('ООО "Ромашка"', "7702345678")
    assert inv.order_reference == "PO-2026-000012"
    assert inv.lines[0] == InvoiceLine(1, "Кабель USB-C 1 м", "CBL-USBC-1", D("10"), "шт", D("150.00"),
                                       D("1500.00"), D("20"), D("300.00"), D("1800.00"))
    assert inv.lines[1].vat == D("500.00") and inv.lines[1].gross == D("2999.99")
    third = inv.lines[2]
    assert (third.vat_rate, third.vat, third.gross, third.seller_code) == (None, D("0"), D("350.00"), "")
    assert (inv.total_net, inv.total_vat, inv.total_gross) == (D("4349.99"), D("800.00"), D("5149.99"))


def test_upd_same_in_utf8_and_cp1251_without_declaration():
    assert read_invoice(upd("utf-8")) == read_invoice(upd())
    bare = upd().split(b"?>", 1)[1]  # cp1251 bytes with no XML declaration at all
    assert read_invoice(bare).seller_name == 'ООО "Электроснаб"'


def test_upd_501_names_sole_trader_and_order_from_basis():
    inv = read_invoice(upd("utf-8", UPD_501_IP))
    assert (inv.number, inv.issued, inv.currency) == ("145", dt.date(2026, 3, 6), "RUB")
    assert (inv.seller_name, inv.seller_tax_id) == ("ИП Иванова Мария Петровна", "500601234575")
    assert inv.order_reference == "PO-2026-000031"
    assert [(x.unit, x.seller_code, x.quantity, x.vat_rate) for x in inv.lines] == [
        ("шт", "BR-400", D("30"), None), ("кг", "", D("2.5"), None)]
    assert inv.total_vat == 0 and inv.total_gross == D("2190")


def test_upd_rates_of_the_form():
    line = ('<СведТов НомСтр="1" НаимТов="A" КолТов="1" СтТовБезНДС="100" НалСт="{}" СтТовУчНал="{}">'
            "<СумНал>{}</СумНал></СведТов>")
    for rate, gross, vat, expected in (("22%", "122", "<СумНал>22</СумНал>", D("22")),
                                       ("20/120", "120", "<СумНал>20</СумНал>", D("20")),
                                       ("10%", "110", "<ДефНДС>-</ДефНДС>", D("10"))):
        text = UPD_501_IP.split("<ТаблСчФакт>")[0] + "<ТаблСчФакт>" + line.format(rate, gross, vat) + (
            f'<ВсегоОпл СтТовБезНДСВсего="100" СтТовУчНалВсего="{gross}"><СумНалВсего><ДефНДС>-</ДефНДС>'
            "</СумНалВсего></ВсегоОпл></ТаблСчФакт></Документ></Файл>")
        inv = read_invoice(text.encode())
        assert inv.lines[0].vat_rate == expected and inv.lines[0].vat == D(gross) - 100
        assert inv.total_vat == D(gross) - 100


@pytest.mark.parametrize(("change", "words"), [
    ({'СтТовБезНДСВсего="4349.99"': 'СтТовБезНДСВсего="4350.99"',
      'СтТовУчНалВсего="5149.99"': 'СтТовУчНалВсего="5150.99"'}, "add up to 4349.99 but СтТовБезНДСВсего is 4350.99"),
    ({'СтТовУчНалВсего="5149.99"': 'СтТовУчНалВсего="5150.99"'}, "is not СтТовУчНалВсего 5150.99"),
    ({"<СумНал>800.00</СумНал>": "<СумНал>801.00</СумНал>",
      'СтТовУчНалВсего="5149.99"': 'СтТовУчНалВсего="5150.99"'}, "СумНалВсего"),
    ({'СтТовУчНал="1800.00"': 'СтТовУчНал="1801.00"'}, "line 1"),
    ({'НомерДок="ЭС-000417" ': ""}, "НомерДок"),
    ({'ДатаДок="05.03.2026"': 'ДатаДок="31.02.2026"'}, "ДатаДок"),
    ({'КолТов="10"': 'КолТов="1e9"'}, "КолТов"),
    ({'СтТовБезНДС="1500.00"': 'СтТовБезНДС="NaN"'}, "СтТовБезНДС"),
    ({'НалСт="20%"': 'НалСт="двадцать"'}, "НалСт"),
    ({'КодОКВ="643"': 'КодОКВ="999"'}, "КодОКВ"),
    ({'КНД="1115131"': 'КНД="1115129"'}, "is form КНД 1115129, which boclerk does not read"),
    ({'КНД="1115131"': 'КНД="1115133"'}, "is a УКД with Функция 'СЧФДОП'; boclerk reads КСЧФ"),
    ({'Функция="СЧФДОП"': 'Функция="СвЗК"'}, "Функция"),
    ({'ВерсФорм="5.03"': 'ВерсФорм="4.00"'}, "5.01 to 5.03"),
    ({"<СвПокуп>": "<СвПокупатель>", "</СвПокуп>": "</СвПокупатель>"}, "СвПокуп"),
])
def test_upd_refusals_name_the_problem(change, words):
    with pytest.raises(InvalidInput) as caught:
        read_invoice(upd(**change), name="upd.xml")
    assert words in str(caught.value) and str(caught.value).startswith("upd.xml")


# --- CII, Factur-X, UBL -------------------------------------------------------------------------

EXPECTED_LINES = (
    InvoiceLine(1, "USB-C cable", "CBL-USBC-1", D("3"), "C62", D("10.00"), D("30.00"), D("19"), D("5.70"), D("35.70")),
    InvoiceLine(2, "Coffee beans", "", D("2.5"), "KGM", D("4.94"), D("12.35"), D("7"), D("0.86"), D("13.21")),
)


def _expected(fmt: str) -> Invoice:
    return Invoice(fmt, "INV-2026-0007", dt.date(2026, 3, 5), "EUR", "Lieferant GmbH", "DE123456789",
                   "Romashka OOO", "FR12345678901", "PO-2026-000012", EXPECTED_LINES,
                   D("42.35"), D("6.56"), D("48.91"), (), D("48.91"), seller_country="DE")


def test_cii_and_ubl_written_by_the_factur_x_library(oracle):
    assert detect_invoice(oracle["factur-x"]) == "cii"
    assert detect_invoice(oracle["ubl-2.1"]) == "ubl"
    assert read_invoice(oracle["factur-x"]) == _expected("cii")
    assert read_invoice(oracle["ubl-2.1"]) == _expected("ubl")


def test_facturx_pdf_round_trip(oracle):
    pdf = facturx_pdf(oracle["factur-x"])
    assert detect_invoice(pdf) == "facturx"
    assert read_invoice(pdf, name="invoice.pdf") == _expected("facturx")


def test_pdf_refusals(oracle):
    with pytest.raises(InvalidInput, match="^invoice.pdf is an encrypted PDF; boclerk cannot read it.$"):
        read_invoice(encrypt(facturx_pdf(oracle["factur-x"]), "secret"), name="invoice.pdf")
    with pytest.raises(InvalidInput, match="^invoice.pdf is not a readable PDF.$"):
        read_invoice(make_pdf(["x"])[:200], name="invoice.pdf")
    with pytest.raises(InvalidInput, match="without an embedded Factur-X"):
        read_invoice(make_pdf(["just a scan"]), name="invoice.pdf")
    assert detect_invoice(make_pdf(["just a scan"])) is None


CII_HAND = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>F-88</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20260310</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    {lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Fournisseur SARL</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">12/345/67890</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR11222333444</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Shop</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>0.10</ram:LineTotalAmount><ram:TaxBasisTotalAmount>0.10</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">0.01</ram:TaxTotalAmount><ram:GrandTotalAmount>0.11</ram:GrandTotalAmount>
        <ram:DuePayableAmount>0.11</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""
CII_LINE = """<ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>{n}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Sticker</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>5.00</ram:ChargeAmount>
        <ram:BasisQuantity unitCode="H87">100</ram:BasisQuantity></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>10</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>0.05</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>"""


def cii(lines: int = 2, **replace: str) -> bytes:
    xml = CII_HAND.replace("{lines}", "".join(CII_LINE.replace("{n}", str(n)) for n in range(1, lines + 1)))
    for old, new in replace.items():
        assert old in xml, old
        xml = xml.replace(old, new)
    return xml.encode()


def test_cii_line_vat_is_half_up_and_document_rounding_is_allowed():
    inv = read_invoice(cii())
    # 0.05 * 10% = 0.005 -> 0.01 per line (half-up); the document rounds per rate: 0.10 * 10% = 0.01.
    assert [x.vat for x in inv.lines] == [D("0.01"), D("0.01")] and inv.total_vat == D("0.01")
    assert inv.lines[0].unit_price == D("0.0500")  # 5.00 per 100 pieces
    assert inv.seller_tax_id == "FR11222333444" and inv.buyer_tax_id == "" and inv.order_reference == ""


@pytest.mark.parametrize(("data", "words"), [
    (cii(**{">0.10</ram:TaxBasis": ">0.11</ram:TaxBasis", ">0.11</ram:Grand": ">0.12</ram:Grand"}),
     "add up to 0.10 but TaxBasisTotalAmount is 0.11"),
    (cii(**{">0.01</ram:TaxTotal": ">0.05</ram:TaxTotal", ">0.11</ram:Grand": ">0.15</ram:Grand"}),
     "VAT adds up to 0.02 but TaxTotalAmount is 0.05"),
    (cii(lines=0), "no invoice lines"),
    (cii(**{"<ram:ID>F-88</ram:ID>": ""}), "ExchangedDocument/ID"),
    (cii(**{"<ram:TypeCode>380</ram:TypeCode>": "<ram:TypeCode>261</ram:TypeCode>"}), "type 261"),
    (cii(**{"<ram:Name>Sticker</ram:Name>": ""}), "SpecifiedTradeProduct/Name"),
    (cii(**{"20260310": "20261310"}), "IssueDateTime"),
    (cii(**{"<ram:GrandTotalAmount>0.11": "<ram:GrandTotalAmount>0.15"}), "GrandTotalAmount"),
    (cii(**{"<ram:ChargeAmount>5.00": "<ram:ChargeAmount>five"}), "ChargeAmount"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_cii_refusals(data, words):
    with pytest.raises(InvalidInput, match=words):
        read_invoice(data, name="f.xml")


UBL_HAND = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>U-5</cbc:ID><cbc:IssueDate>2026-03-11</cbc:IssueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:OrderReference><cbc:ID>PO-2026-000044</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Nordic Supply AB</cbc:Name></cac:PartyName>
    <cac:PartyTaxScheme><cbc:CompanyID>SE556677889901</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Shop</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">25.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:TaxTotal><cbc:TaxAmount currencyID="SEK">280.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">125.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">125.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">4</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Desk lamp</cbc:Name><cac:SellersItemIdentification><cbc:ID>LAMP-9</cbc:ID></cac:SellersItemIdentification>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>"""


def test_small_ubl_invoice():
    inv = read_invoice(UBL_HAND.encode(), name="u.xml")
    assert (inv.format, inv.number, inv.issued, inv.order_reference) == ("ubl", "U-5", dt.date(2026, 3, 11), "PO-2026-000044")
    assert (inv.seller_name, inv.seller_tax_id, inv.buyer_name) == ("Nordic Supply AB", "SE556677889901", "Shop")
    assert inv.lines == (InvoiceLine(1, "Desk lamp", "LAMP-9", D("4"), "C62", D("25.00"), D("100.00"), D("25"),
                                     D("25.00"), D("125.00")),)
    assert inv.total_vat == D("25.00")  # the TaxTotal in the invoice currency, not the SEK one
    with pytest.raises(InvalidInput, match="u.xml has no cbc:ID"):
        read_invoice(UBL_HAND.replace("<cbc:ID>U-5</cbc:ID>", "").encode(), name="u.xml")
    with pytest.raises(InvalidInput, match="TaxInclusiveAmount"):
        read_invoice(UBL_HAND.replace(">125.00</cbc:TaxInclusive", ">126.00</cbc:TaxInclusive").encode())
    with pytest.raises(InvalidInput, match=r"ChargeTotalAmount is 5\.00 but its document-level charges add up to 0"):
        read_invoice(UBL_HAND.replace("<cbc:PayableAmount", '<cbc:ChargeTotalAmount currencyID="EUR">5.00'
                                      "</cbc:ChargeTotalAmount><cbc:PayableAmount").encode())


# --- hostile input ----------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol4;</rsm:CrossIndustryInvoice>"""


def test_xml_bombs_and_external_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE Файл [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<Файл ВерсФорм="5.03"><Документ КНД="1115131">&x;</Документ></Файл>').encode()
    for data in (BILLION_LAUGHS, xxe):
        assert detect_invoice(data) is None
        with pytest.raises(InvalidInput, match="XML bomb or external entity") as caught:
            read_invoice(data, name="evil.xml")
        assert "TOP-SECRET" not in str(caught.value)


def test_garbage_size_and_unknown_documents():
    for data, words in ((b"", "not well-formed"), (b"\x00\x01binary", "not well-formed"),
                        (b"<a><b></a>", "not well-formed XML \\(line 1\\)"), (b"<order/>", "root element is order"),
                        (UBL_HAND.replace("Invoice", "CreditNote").encode(), "line 1 has no CreditedQuantity")):
        with pytest.raises(InvalidInput, match=words):
            read_invoice(data)
    with pytest.raises(InvalidInput, match="larger than"):
        read_invoice(upd(), max_bytes=100)
    assert detect_invoice(b"<order/>") is None and detect_invoice(b"not xml") is None


def test_no_float_in_source():
    assert "float(" not in inspect.getsource(einvoice)


# -- УКД (correction documents) ----------------------------------------------------------------

def test_a_ukd_is_read_as_its_changes_in_both_forms():
    from tests.services.doc_samples import Change, ukd

    changes = [Change("Кружка", "MUG", "10", "500.00", "10", "450.00"), Change("Блюдце", "SAUCER", "5", "100", "6", "100")]
    for version in ("5.01", "5.03"):
        data = ukd("К-1", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026", changes, version=version)
        assert detect_invoice(data) == "ukd"
        note = read_invoice(data, name="ukd.xml")
        assert (note.format, note.number, note.issued, note.invoices, note.seller_tax_id) == (
            "ukd", "К-1", dt.date(2026, 3, 10), ("ЭС-417",), "7707083893")
        assert [(ln.seller_code, ln.vat_rate, ln.net, ln.vat) for ln in note.lines] == [
            ("MUG", Decimal(20), Decimal("-500.00"), Decimal("-100.00")),
            ("SAUCER", Decimal(20), Decimal("100.00"), Decimal("20.00"))]


@pytest.mark.parametrize(("change", "words"), [
    ({'СтоимУм="500.00"': 'СтоимУм="400.00"'}, "changes from 5000.00 to 4500.00, not by -400.00"),
    ({'<ВсегоУм СтТовБезНДСВсего="500.00" СтТовУчНалВсего="600.00"':
      '<ВсегоУм СтТовБезНДСВсего="400.00" СтТовУчНалВсего="500.00"'},
     "the lines' decreases of cost add up to 500.00 but ВсегоУм is 400.00"),
    ({'СтТовУчНалВсего="600.00"': 'СтТовУчНалВсего="610.00"'}, "ВсегоУм says 500.00 net and 100.00 VAT, but 610.00"),
    ({'<СчФ НомерСчФ="ЭС-417" ДатаСчФ="05.03.2026"/>': ""}, "names no invoice it corrects"),
    ({'Функция="КСЧФДИС"': 'Функция="СЧФ"'}, "Функция 'СЧФ'"),
])
def test_ukd_refusals_name_the_problem(change, words):
    from tests.services.doc_samples import Change, ukd

    data = ukd("К-1", "10.03.2026", "7707083893", "ЭС-417", "05.03.2026",
               [Change("Кружка", "MUG", "10", "500.00", "10", "450.00")]).decode("cp1251")
    for old, new in change.items():
        assert old in data
        data = data.replace(old, new)
    with pytest.raises(InvalidInput, match=re.escape(words)):
        read_invoice(data.encode("cp1251"), name="ukd.xml")
