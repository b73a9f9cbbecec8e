"""The Bank of Russia's daily rates file, read from a real one (windows-1251, decimal commas, Nominal)."""

from datetime import date
from pathlib import Path

import pytest

from boclerk.formats.cbr_rates import RatesFileError, read_daily_rates

SAMPLE = Path(__file__).parent / "samples" / "cbr_xml_daily_2022-03-15.xml"


def test_a_real_daily_file_is_read_with_its_date_nominals_and_comma_decimals():
    data = SAMPLE.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
    parsed = read_daily_rates(data)
    assert parsed.day == date(2022, 3, 15)
    by_code = {r.code: r for r in parsed.rates}
    assert len(by_code) == 34
    assert (by_code["EUR"].nominal, by_code["EUR"].value, by_code["EUR"].name) == (1, "127.2343", "Евро")
    assert (by_code["JPY"].nominal, by_code["JPY"].value) == (100, "99.4486")
    assert (by_code["CNY"].nominal, by_code["CNY"].value) == (1, "18.2218")
    assert by_code["USD"].value == "115.1963"


def test_the_newer_form_with_vunitrate_in_utf8_reads_too():
    data = ('<?xml version="1.0" encoding="UTF-8"?><ValCurs Date="02.03.2026" name="Foreign Currency Market">'
            '<Valute ID="R01375"><NumCode>156</NumCode><CharCode>CNY</CharCode><Nominal>1</Nominal>'
            '<Name>Юань</Name><Value>11,0230</Value><VunitRate>11,023</VunitRate></Valute></ValCurs>').encode()
    parsed = read_daily_rates(data)
    assert parsed.day == date(2026, 3, 2) and parsed.rates[0].value == "11.0230"


@pytest.mark.parametrize(("data", "sentence"), [
    (b"<Error>Error in parameters</Error>", "not the Bank of Russia's daily rates file"),
    (b'<ValCurs Date="32.01.2026"><Valute><CharCode>EUR</CharCode><Nominal>1</Nominal><Value>1</Value></Valute>'
     b"</ValCurs>", "is not a date"),
    (b'<ValCurs Date="02.03.2026"><Valute><CharCode>EUR</CharCode><Nominal>1</Nominal><Value>9e3</Value></Valute>'
     b"</ValCurs>", "is not a number"),
    (b'<ValCurs Date="02.03.2026"></ValCurs>', "holds no rates"),
    (b"<!DOCTYPE x [<!ENTITY a 'b'>]><ValCurs/>", "not readable XML"),
    (b"not xml", "not readable XML"),
])
def test_bad_files_are_one_sentence(data, sentence):
    with pytest.raises(RatesFileError, match=sentence):
        read_daily_rates(data)
