from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ems_desktop.money import MAX_AMOUNT_CENTS, AmountError, amount_problem, format_cents, parse_amount


@pytest.mark.parametrize("text, cents", [
    ("40,00", 4000), ("40.00", 4000), ("40 €", 4000), ("40€", 4000), ("1 234,56", 123456),
    ("0,5", 50), ("-12,30", -1230), ("120", 12000), ("  7,05 € ", 705),
])
def test_parse_amount_accepts_what_agents_type(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1,2,3", "12.3.4", "€", "4O,00"])
def test_parse_amount_refuses_with_a_french_message(text):
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert "montant" in str(err.value) or "virgule" in str(err.value)


def test_format_is_french():
    assert format_cents(12000) == "120,00\xa0€"
    assert format_cents(123456) == "1\u202f234,56\xa0€"
    assert format_cents(123456, printable=True) == "1\xa0234,56\xa0€"
    assert format_cents(-4000) == "-40,00\xa0€"
    with pytest.raises(TypeError):
        format_cents(40.0)


@given(st.integers(min_value=-MAX_AMOUNT_CENTS, max_value=MAX_AMOUNT_CENTS))
def test_format_then_parse_round_trips(cents):
    assert parse_amount(format_cents(cents)) == cents


@given(st.integers(min_value=MAX_AMOUNT_CENTS + 1, max_value=10**12))
def test_amounts_beyond_a_million_euros_are_refused_when_typed(cents):
    with pytest.raises(AmountError, match="Montant invalide : 1\u202f000\u202f000,00\xa0€ au plus."):
        parse_amount(format_cents(cents))


@pytest.mark.parametrize("value, allow_zero, message", [
    (4000, False, None),
    (MAX_AMOUNT_CENTS, False, None),
    (0, True, None),
    (0, False, "Montant invalide : saisissez un montant d'au moins 0,01 €."),
    (-1, True, "Montant invalide : il ne peut pas être négatif."),
    (12.345, True, "Montant invalide : un montant s'écrit en euros et centimes, deux décimales au plus (ex. 40,00)."),
    ("4000", False, "Montant invalide : un montant s'écrit en euros et centimes, deux décimales au plus (ex. 40,00)."),
    (True, False, "Montant invalide : un montant s'écrit en euros et centimes, deux décimales au plus (ex. 40,00)."),
    (MAX_AMOUNT_CENTS + 1, False, "Montant invalide : 1\u202f000\u202f000,00\xa0€ au plus."),
])
def test_what_a_service_accepts_as_an_amount(value, allow_zero, message):
    assert amount_problem(value, allow_zero=allow_zero) == message
