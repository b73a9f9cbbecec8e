"""Tax ids by country (python-stdnum) and bank details with the Bank of Russia's control key."""

import pytest

from boclerk.domain.taxids import account_key_ok, check_bank_details, normalise_tax_id
from boclerk.errors import InvalidInput
from boclerk.services.catalog.partners import add_customer, add_supplier, edit_supplier
from tests.services.trade_helpers import act, refused

SBER_BIK, SBER_CORR = "044525225", "30101810400000000225"  # Sberbank, Moscow: its published correspondent account


def settlement_account(bik: str, body: str) -> str:
    """A 20-digit account whose control digit (the 9th) is computed for ``bik``: the key's own algorithm."""
    for digit in "0123456789":
        candidate = body[:8] + digit + body[9:]
        if account_key_ok(bik, candidate):
            return candidate
    raise AssertionError("no control digit")


def test_the_control_key_of_a_real_correspondent_account_holds():
    assert account_key_ok(SBER_BIK, SBER_CORR)
    assert not account_key_ok("040702615", SBER_CORR)  # a bank of another region


@pytest.mark.parametrize(("tax_id", "country", "normal"), [
    ("7707083893", "RU", "7707083893"),          # a company's INN
    ("500100732259", "RU", "500100732259"),      # a person's INN
    ("DE 136 695 976", "DE", "DE136695976"),     # a German VAT number
    ("136695976", "DE", "DE136695976"),          # without its prefix
    ("91110000802100433B", "CN", "91110000802100433B"),  # kept as given elsewhere
    ("201/113/40209", "DE", "20111340209"),      # a German Steuernummer (a business without a VAT number)
])
def test_valid_tax_ids(tax_id, country, normal):
    assert normalise_tax_id(tax_id, country) == normal


@pytest.mark.parametrize(("tax_id", "country", "sentence"), [
    ("7707083894", "RU", "'7707083894' is not a valid INN: its check digits do not match."),
    ("770708389", "RU", "'770708389' is not an INN: a Russian INN has 10 digits (a company) or 12 (a person)."),
    ("DE123456789", "DE", "'DE123456789' is not a valid DE VAT number."),
    ("12345", "DE", "'12345' is neither a valid DE VAT number nor a valid DE tax number."),
    ("FR123", "FR", "'FR123' is not a valid FR VAT number."),
])
def test_wrong_tax_ids_are_refused_with_one_sentence(tax_id, country, sentence):
    with pytest.raises(InvalidInput) as exc:
        normalise_tax_id(tax_id, country)
    assert exc.value.message == sentence


def test_a_wrong_inn_or_bank_details_refuse_the_supplier_and_write_nothing(db):
    refused(db, "clerk", InvalidInput, r"^'7707083894' is not a valid INN: its check digits do not match\.$",
            add_supplier, "BAD", "Bad", tax_id="7707083894")
    wrong = settlement_account(SBER_BIK, "40702810X38000000001")
    wrong = wrong[:-1] + str((int(wrong[-1]) + 1) % 10)  # one digit off: the key fails
    refused(db, "clerk", InvalidInput,
            rf"^The account {wrong} does not belong to the bank with BIK {SBER_BIK}: its control key does not match\.$",
            add_supplier, "BAD", "Bad", tax_id="7707083893", bik=SBER_BIK, bank_account=wrong)
    refused(db, "clerk", InvalidInput, r"not a valid OGRN", add_supplier, "BAD", "Bad", ogrn="1027700132196")


def test_good_bank_details_and_kpp_are_kept(db):
    good = settlement_account(SBER_BIK, "40702810X38000000001")
    row = act(db, "clerk", add_supplier, "ACME", "Acme", tax_id="7707083893", kpp="773601001",
              ogrn="1027700132195", bik=SBER_BIK, bank_account=good)
    assert (row.kpp, row.ogrn, row.bik, row.bank_account) == ("773601001", "1027700132195", SBER_BIK, good)
    refused(db, "clerk", InvalidInput, "control key does not match", edit_supplier, "ACME", bik="044525974")
    assert check_bank_details("", "") == ("", "")


def test_the_same_number_in_two_countries_is_two_suppliers_and_customers_carry_tax_ids(db):
    act(db, "clerk", add_supplier, "CN1", "Shenzhen Co", country="CN", tax_id="7707083893")
    act(db, "clerk", add_supplier, "RU1", "Moscow Co", tax_id="7707083893")
    row = act(db, "clerk", add_customer, "FIRM", "Firm LLC", tax_id="500100732259")
    assert (row.country, row.tax_id) == ("RU", "500100732259")
