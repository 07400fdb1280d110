from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ems_desktop.money import AmountError, format_cents, parse_amount


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


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_format_then_parse_round_trips(cents):
    assert parse_amount(format_cents(cents)) == cents
