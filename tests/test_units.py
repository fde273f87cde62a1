from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import units


@pytest.mark.parametrize(
    ("kind", "value", "unit", "expected_value", "expected_unit"),
    [
        ("area_rate", 176, "mi2/month", "455.837907", "km2/month"),
        ("area_rate", 176, "square miles per month", "455.837907", "km2/month"),
        ("area_rate", 3, "km2/day", "91.312500", "km2/month"),
        ("area", 5000, "km2", "5000", "km2"),
        ("area", 5000, "square kilometres", "5000", "km2"),
        ("area", 5000, "km²", "5000", "km2"),
        ("area", 250, "ha", "2.5", "km2"),
        ("area", 1, "sq mi", "2.589988", "km2"),
        ("percentage", 55, "%", "55", "percent"),
        ("percentage", Decimal("66.67"), "percent", "66.67", "percent"),
        ("count", 20, "count", "20", "count"),
        ("count", Decimal("1.5"), "million", "1500000", "count"),
        ("money", 800, "billion USD", "800000000000", "USD"),
        ("money", 200, "USD bn", "200000000000", "USD"),
    ],
)
def test_stated_units_normalise_to_the_canonical_unit_of_their_kind(
    kind, value, unit, expected_value, expected_unit
):
    normalised = units.normalise(kind, value, unit)

    assert normalised.value == Decimal(expected_value)
    assert normalised.unit == expected_unit


@pytest.mark.parametrize(
    ("kind", "unit", "message"),
    [
        ("area", "km", "not a unit of area"),
        ("percentage", "km2", "not a unit of percentage"),
        ("area_rate", "km2", "not a unit of area_rate"),
        ("count", "furlongs of nonsense", "unknown unit"),
        ("money", "billion", "currency"),
        ("money", "USD EUR", "currency"),
        ("area", "", "required"),
        ("area", "   ", "required"),
    ],
)
def test_a_unit_of_another_dimension_or_unknown_is_refused_with_a_reason(kind, unit, message):
    with pytest.raises(units.UnitError, match=message):
        units.normalise(kind, 1, unit)


def test_kinds_without_quantity_have_no_canonical_unit():
    with pytest.raises(units.UnitError):
        units.canonical_unit("statement", "km2")


STATED_UNITS = [
    ("area_rate", "mi2/month"),
    ("area_rate", "km2/day"),
    ("area", "ha"),
    ("area", "sq mi"),
    ("percentage", "%"),
    ("count", "million"),
    ("money", "billion USD"),
]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    stated=st.sampled_from(STATED_UNITS),
    value=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
)
def test_a_value_converts_exactly_as_pint_converts_it(stated, value):
    kind, unit = stated
    reg = units.registry()
    target = units.canonical_unit(kind, unit)
    by_pint = (
        reg.Quantity(float(value), reg.parse_units(units._pint_expression(unit)))
        .to(units._pint_expression(target) if kind != "money" else target)
        .magnitude
    )

    assert units.normalise(kind, value, unit).value == units._quantize(by_pint)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0.30000000000000004", "0.300000"),
        ("2.0000005", "2.000000"),  # half-even: ties go to the even digit
        ("2.0000015", "2.000002"),
        ("-0.0000005", "-0.000000"),
        ("1e-62", "0.000000"),
        # Too large to store: rounded (or, past 54 digits, left) for validation to refuse.
        ("1e25", "10000000000000000000000000.000000"),
        ("1e30", "1000000000000000000000000000000.000000"),
        ("1e60", "1E+60"),
    ],
)
def test_values_are_rounded_half_even_to_the_stored_places(given, stored):
    assert str(units.to_stored_places(Decimal(given))) == stored
