"""numbers._exponent reads a Decimal's exponent from its text; it must be as_tuple()'s, for every
finite Decimal, so that parse_decimal's bounds (digits before and after the point) are unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jxpj.numbers import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, _exponent, parse_decimal

EDGES = ["0", "-0.00", "0E+20", "0E-20", "1.2E+3", "1E-7", "0.0000001", "1.00000000000", "1.0000000000", "5.0E-10", "1E+15", "9.99E+14", "999999999999999.9", "-1E-10"]


@pytest.mark.parametrize("text", EDGES)
def test_the_exponent_of_edge_cases(text):
    assert _exponent(Decimal(text)) == Decimal(text).as_tuple().exponent


@given(st.integers(-(10**20), 10**20), st.integers(-30, 30))
def test_the_exponent_is_as_tuple_s(coefficient, exponent):
    value = Decimal(coefficient).scaleb(exponent)
    assert _exponent(value) == value.as_tuple().exponent


@given(st.integers(-(10**20), 10**20), st.integers(-14, 6))
def test_bounds_as_counted_from_the_digits(coefficient, exponent):
    value = Decimal(coefficient).scaleb(exponent)
    _sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int)
    integer = max(0, len(digits) + exp) if value else 0
    if integer > MAX_INTEGER_DIGITS or max(0, -exp) > MAX_FRACTION_DIGITS:
        with pytest.raises(ValueError):
            parse_decimal(value)
    else:
        assert str(parse_decimal(value)) == str(value.quantize(Decimal(1)) if exp > 0 else value)
