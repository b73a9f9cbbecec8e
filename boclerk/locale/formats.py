"""What Babel says of currencies and of the numbers and days of the common locales, kept here so
that printing an amount or a day does not load Babel's data (about 8 ms of a quick lookup's
start, a tenth of it). tests/test_money_data.py checks every value against the Babel installed;
a currency or locale missing here is asked of Babel (boclerk.money, boclerk.dates).
"""

from __future__ import annotations

#: the ISO 4217 codes Babel knows (``babel.numbers.list_currencies()``)
CURRENCIES = frozenset("""
    ADP AED AFA AFN ALK ALL AMD ANG AOA AOK AON AOR ARA ARL ARM ARP ARS ATS AUD AWG AZM AZN BAD
    BAM BAN BBD BDT BEC BEF BEL BGL BGM BGN BGO BHD BIF BMD BND BOB BOL BOP BOV BRB BRC BRE BRL
    BRN BRR BRZ BSD BTN BUK BWP BYB BYN BYR BZD CAD CDF CHE CHF CHW CLE CLF CLP CNH CNY COP COU
    CRC CSD CSK CUC CUP CVE CYP CZK DDM DEM DJF DKK DOP DZD ECS ECV EEK EGP ERN ESA ESB ESP ETB
    EUR FIM FJD FKP FRF GBP GEK GEL GHC GHS GIP GMD GNF GNS GQE GRD GTQ GWE GWP GYD HKD HNL HRD
    HRK HTG HUF IDR IEP ILP ILR ILS INR IQD IRR ISJ ISK ITL JMD JOD JPY KES KGS KHR KMF KPW KRH
    KRO KRW KWD KYD KZT LAK LBP LKR LRD LSL LTL LTT LUC LUF LUL LVL LVR LYD MAD MAF MCF MDC MDL
    MGA MGF MKD MKN MLF MMK MNT MOP MRO MRU MTL MTP MUR MVP MVR MWK MXN MXP MXV MYR MZE MZM MZN
    NAD NGN NIC NIO NLG NOK NPR NZD OMR PAB PEI PEN PES PGK PHP PKR PLN PLZ PTE PYG QAR RHD ROL
    RON RSD RUB RUR RWF SAR SBD SCR SDD SDG SDP SEK SGD SHP SIT SKK SLE SLL SOS SRD SRG SSP STD
    STN SUR SVC SYP SZL THB TJR TJS TMM TMT TND TOP TPE TRL TRY TTD TWD TZS UAH UAK UGS UGX USD
    USN USS UYI UYP UYU UYW UZS VEB VED VEF VES VND VNN VUV WST XAD XAF XAG XAU XBA XBB XBC XBD
    XCD XCG XDR XEU XFO XFU XOF XPD XPF XPT XRE XSU XTS XUA XXX YDD YER YUD YUM YUN YUR ZAL ZAR
    ZMK ZMW ZRN ZRZ ZWD ZWG ZWL ZWR
""".split())

#: the currencies whose minor unit is not 2 decimals (``get_currency_precision``)
DECIMALS = {
    **dict.fromkeys("""
    ADP AFN ALL BIF BYR CLP COP DJF ESP GNF HUF IDR IQD IRR ISK ITL JPY KMF KPW KRW LAK LBP LUF
    MGA MGF MMK MRO PYG RWF SLL SOS STD SYP TMM TRL UGX UYI VND VUV XAF XOF XPF YER ZMK ZWD
""".split(), 0),
    **dict.fromkeys("""
    BHD JOD KWD LYD OMR TND
""".split(), 3),
    **dict.fromkeys("""
    CLF UYW
""".split(), 4),
}

#: locales whose decimal pattern is ``#,##0.###``: (group symbol, decimal symbol, minus sign)
NUMBERS = {
    "ru": ("\xa0", ",", "-"),
    "ru_RU": ("\xa0", ",", "-"),
    "en": (",", ".", "-"),
    "en_US": (",", ".", "-"),
    "en_GB": (",", ".", "-"),
    "uk": ("\xa0", ",", "-"),
    "uk_UA": ("\xa0", ",", "-"),
    "be": ("\xa0", ",", "-"),
    "be_BY": ("\xa0", ",", "-"),
    "kk": ("\xa0", ",", "-"),
    "kk_KZ": ("\xa0", ",", "-"),
    "de": (".", ",", "-"),
    "de_DE": (".", ",", "-"),
}

#: the short date pattern with a four-digit year (``boclerk.dates._pattern``) of the same locales
DAYS = {
    "ru": "dd.MM.yyyy",
    "ru_RU": "dd.MM.yyyy",
    "en": "M/d/yyyy",
    "en_US": "M/d/yyyy",
    "en_GB": "dd/MM/yyyy",
    "uk": "dd.MM.yyyy",
    "uk_UA": "dd.MM.yyyy",
    "be": "d.MM.yyyy",
    "be_BY": "d.MM.yyyy",
    "kk": "dd.MM.yyyy",
    "kk_KZ": "dd.MM.yyyy",
    "de": "dd.MM.yyyy",
    "de_DE": "dd.MM.yyyy",
}
