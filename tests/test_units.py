from __future__ import annotations

import time
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


# --- the kinds news states beyond shares, areas, counts and money ---------------------------
@pytest.mark.parametrize(
    ("kind", "value", "unit", "expected_value", "expected_unit"),
    [
        ("percentage_points", 13, "pp", "13", "pp"),
        ("percentage_points", Decimal("0.5"), "percentage points", "0.5", "pp"),
        ("percentage_points", 9, "points", "9", "pp"),
        ("length", 212, "km", "212000", "m"),
        ("length", 410, "mm", "0.41", "m"),
        ("length", 1, "mi", "1609.344", "m"),
        ("length", 15, "kilometres", "15000", "m"),
        ("mass", 120, "t", "120000", "kg"),
        ("mass", 95, "million t", "95000000000", "kg"),
        ("mass", 3, "tonnes", "3000", "kg"),
        ("volume", 40000, "L", "40", "m3"),
        ("volume", 2, "m3", "2", "m3"),
        ("volume", 2, "m³", "2", "m3"),
        ("volume", 1, "bbl", "0.158987", "m3"),  # the oil barrel, 42 US gallons
        ("duration", 1398, "day", "120787200", "s"),
        ("duration", Decimal("6.4"), "hour", "23040", "s"),
        ("speed", 70, "km/h", "19.444444", "m/s"),
        ("speed", 70, "km per hour", "19.444444", "m/s"),
        ("speed", 10, "knot", "5.144444", "m/s"),
        ("energy", Decimal("41.2"), "TWh", "148320000000", "MJ"),
        ("energy", 1, "kWh", "3.6", "MJ"),
        ("power", 28, "GW", "28000000000", "W"),
        ("ratio", 7, "ratio", "7", "ratio"),
        ("rate", Decimal("1.4"), "million bbl/day", "81298153.261433", "m3/year"),
        ("rate", 300, "t/day", "109575000", "kg/year"),
        ("rate", 1, "count/week", "52.178571", "count/year"),
        ("rate", Decimal("1.9"), "million count/day", "693975000", "count/year"),
        ("rate", 6, "billion USD/year", "6000000000", "USD/year"),
        ("rate", 2, "TWh/year", "7200000000", "MJ/year"),
        ("rate", 5, "km per year", "5000", "m/year"),
    ],
)
def test_the_new_kinds_normalise_to_their_canonical_unit(
    kind, value, unit, expected_value, expected_unit
):
    normalised = units.normalise(kind, value, unit)

    assert (normalised.value, normalised.unit) == (Decimal(expected_value), expected_unit)


@pytest.mark.parametrize(
    ("kind", "unit", "message"),
    [
        ("length", "km2", "not a unit of length"),
        ("mass", "L", "not a unit of mass"),
        ("volume", "t", "not a unit of volume"),
        ("duration", "km", "not a unit of duration"),
        ("speed", "km", "not a unit of speed"),
        ("energy", "GW", "not a unit of energy"),
        ("power", "TWh", "not a unit of power"),
        # Dimensionless, but not interchangeable: a lead in points is no share, 7:1 no count.
        ("percentage_points", "%", "not a unit of percentage_points"),
        ("ratio", "count", "not a unit of ratio"),
        ("count", "pp", "not a unit of count"),
        ("rate", "t", "not a unit of rate"),
        ("rate", "t/km", "not a unit of rate"),
        ("rate", "km2/day", "not a unit of rate"),  # an area per time is area_rate
        ("rate", "%/year", "not a unit of rate"),
        ("rate", "USD EUR/year", "not a unit of rate"),
    ],
)
def test_a_new_kind_refuses_a_unit_of_another_dimension(kind, unit, message):
    with pytest.raises(units.UnitError, match=message):
        units.normalise(kind, 1, unit)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("%", "percentage"),
        ("pp", "percentage_points"),
        ("km2", "area"),
        ("km2/day", "area_rate"),
        ("million", "count"),
        ("billion USD", "money"),
        ("km", "length"),
        ("million t", "mass"),
        ("L", "volume"),
        ("day", "duration"),
        ("km/h", "speed"),
        ("TWh", "energy"),
        ("GW", "power"),
        ("ratio", "ratio"),
        ("t/day", "rate"),
        ("million bbl/day", "rate"),
        ("billion USD/year", "rate"),
        ("count/week", "rate"),
        ("TWh/year", "power"),  # energy per time has the dimension of power
        ("%/year", None),
        ("kg*m", None),
        ("furlongs of nonsense", None),
        ("10**10**10 km2", None),
    ],
)
def test_kind_for_names_the_kind_a_units_dimension_implies(unit, kind):
    assert units.kind_for(unit) == kind


def test_every_kind_normalises_its_own_canonical_unit_to_itself():
    for kind, unit in units.CANONICAL_UNITS.items():
        assert units.normalise(kind, 3, unit) == units.Normalised(Decimal(3), unit)
    for unit in units.RATE_UNITS:
        assert units.normalise("rate", 3, unit) == units.Normalised(Decimal(3), unit)


# --- hostile units: refused by the tokeniser before pint's parser sees them -------------------
HOSTILE_UNITS = [
    "10**10**10 km2",
    "km2/0",
    "t/0",
    "1e999999 t",
    "9" * 49 + "t",
    "km" * 1000,
    "(" * 25 + "km" + ")" * 25,
    "km⁴",
    "km²²²²",
    "m**9",
    "km^999",
    "t/day/day",
    "__import__",
    "km\x00",
    "km2 / (month)",
]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
@pytest.mark.parametrize("kind", ["area", "mass", "rate"])
def test_a_hostile_unit_is_a_unit_error_in_well_under_a_second(kind, unit):
    started = time.process_time()
    with pytest.raises(units.UnitError):
        units.check_unit(kind, unit)
    assert time.process_time() - started < 0.05


def test_unicode_superscripts_are_exponents():
    assert units.normalise("area", 2, "km²").value == Decimal(2)
    assert units.normalise("volume", 2, "m³").value == Decimal(2)
