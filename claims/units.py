"""Quantities and their normalisation: the one place that parses unit strings.

A claim keeps its value *as stated* (176, ``mi2/month``) and a normalised value in the
canonical unit of its kind (455.84 ``km2/month``). Each kind accepts only units of its
dimension, as pint decides it; the canonical unit per kind is also checked by the database
(see ``Claim.Meta.constraints``), so nothing but this module decides what a unit means.

A stated unit is user input: it is tokenised here (known unit names, ``/`` or ``per`` once,
exponents 1-3) and only what passed is handed to pint, whose parser evaluates arithmetic
(``10**10**10 km2`` would compute a ten-billion-digit integer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import lru_cache

import pint

# Decimal places kept in normalised values; value columns hold the same scale.
SI_PLACES = 6
_QUANT = Decimal(1).scaleb(-SI_PLACES)
# Precision for rounding input: ample for any value a column can hold (the default 28 digits
# made quantize raise for 1e25 instead of leaving it for validation to refuse).
_ROUNDING = Context(prec=60, rounding=ROUND_HALF_EVEN)


def to_stored_places(value: Decimal) -> Decimal:
    """``value`` rounded half-even to the ``SI_PLACES`` decimals the ledger stores.

    0.30000000000000004 (a client's float for 0.3) becomes 0.300000 wherever a value enters:
    the API, the admin, an import. A value too large to store is returned as it is, for the
    field's own validation to refuse.
    """
    if not value.is_finite() or value.adjusted() >= _ROUNDING.prec - SI_PLACES:
        return value
    return value.quantize(_QUANT, context=_ROUNDING)


CURRENCIES = ("USD", "EUR", "GBP", "RUB", "UAH", "CNY", "JPY", "CHF", "SAR", "TRY")

# Canonical (normalised) unit of each quantity kind with one such unit: the SI unit of its
# dimension, except where six decimals or 24 digits cannot hold what news states. Energy is in
# MJ: a country's yearly electricity (500 TWh = 1.8e18 J) overflows a column in joules.
# Money is normalised within its currency (converting between currencies needs a dated
# exchange rate, which is a claim of its own) and a rate per year of its quantity (below).
CANONICAL_UNITS: dict[str, str] = {
    "percentage": "percent",
    "percentage_points": "pp",
    "area": "km2",
    "area_rate": "km2/month",
    "count": "count",
    "length": "m",
    "mass": "kg",
    "volume": "m3",
    "duration": "s",
    "speed": "m/s",
    "energy": "MJ",
    "power": "W",
    "ratio": "ratio",
}
# A rate is a quantity of one of these kinds per time ("t/day", "million bbl/day", "billion
# USD/year"), normalised per year: per second would leave 1 t/day as 0.011574 kg/s and 1
# count/week as 0.000002 in six decimals. Area per time is area_rate, of its own.
RATE_PERIOD = "year"
RATE_BASES = ("count", "mass", "volume", "money", "energy", "length")
RATE_UNITS: tuple[str, ...] = (
    *(f"{CANONICAL_UNITS[base]}/{RATE_PERIOD}" for base in RATE_BASES if base != "money"),
    *(f"{code}/{RATE_PERIOD}" for code in CURRENCIES),
)
QUANTITY_KINDS = (
    "percentage",
    "percentage_points",
    "area",
    "area_rate",
    "count",
    "money",
    "length",
    "mass",
    "volume",
    "duration",
    "speed",
    "energy",
    "power",
    "ratio",
    "rate",
)

# The spellings curators and reporters use, mapped to what pint parses. Keys are matched
# case-insensitively after whitespace is collapsed, for a whole unit, a side of its "/" and
# each word of a side.
_ALIASES = {
    "%": "percent",
    "pct": "percent",
    "per cent": "percent",
    "percentage": "percent",
    "pp": "percentage_point",
    "p.p.": "percentage_point",
    "pts": "percentage_point",
    "point": "percentage_point",
    "points": "percentage_point",
    "percentage point": "percentage_point",
    "percentage points": "percentage_point",
    "percentage-point": "percentage_point",
    "percentage-points": "percentage_point",
    "km²": "km**2",
    "km2": "km**2",
    "sq km": "km**2",
    "sq. km": "km**2",
    "square kilometer": "km**2",
    "square kilometers": "km**2",
    "square kilometre": "km**2",
    "square kilometres": "km**2",
    "square-kilometer": "km**2",
    "square-kilometre": "km**2",
    "mi²": "mi**2",
    "mi2": "mi**2",
    "sq mi": "mi**2",
    "sq. mi": "mi**2",
    "sq mile": "mi**2",
    "sq. mile": "mi**2",
    "square mile": "mi**2",
    "square miles": "mi**2",
    "square-mile": "mi**2",
    "m²": "m**2",
    "m2": "m**2",
    "sq m": "m**2",
    "sq. m": "m**2",
    "square meter": "m**2",
    "square metre": "m**2",
    "ha": "hectare",
    "hectares": "hectare",
    "acres": "acre",
    "m³": "m**3",
    "m3": "m**3",
    "cubic meter": "m**3",
    "cubic metre": "m**3",
    "cubic meters": "m**3",
    "cubic metres": "m**3",
    # News's barrel is the oil barrel (42 US gallons), not pint's US liquid barrel.
    "bbl": "oil_barrel",
    "barrel": "oil_barrel",
    "barrels": "oil_barrel",
    "tonnes": "metric_ton",
    "tonne": "metric_ton",
    "metric ton": "metric_ton",
    "metric tons": "metric_ton",
}

_PINT_DEFINITIONS = [
    "thousand = 1e3",
    "million = 1e6",
    "billion = 1e9",
    "trillion = 1e12",
    "bn = billion",
    "mn = million",
    # Dimensions of their own, so that no other kind's unit converts into them (a
    # percentage-point lead is not a percentage, a 7:1 ratio not a count of 7).
    "percentage_point = [percentage_point]",
    "ratio = [ratio]",
    *(f"{code} = [currency_{code.lower()}]" for code in CURRENCIES),
]

# A claim's unit column holds 50 characters; a longer string is refused before any parsing.
MAX_UNIT_LENGTH = 50
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "¹": "1"})
# One word of a unit: a name, optionally raised to a power of 1-3 ("km2", "m**3", "s^2").
_WORD = re.compile(r"(?P<name>[A-Za-zµμ][A-Za-z_µμ]*)(?:(?:\*\*|\^)?(?P<exp>[1-3]))?")
_NAME_LENGTH = 30
_DIVISION = re.compile(r"\s*/\s*|\s+per\s+", re.IGNORECASE)


class UnitError(ValueError):
    """A unit that cannot be parsed, or does not belong to the claim's kind."""


@dataclass(frozen=True)
class Normalised:
    value: Decimal
    unit: str


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for definition in _PINT_DEFINITIONS:
        reg.define(definition)
    return reg


def _alias(text: str) -> str | None:
    key = " ".join(text.split()).lower()
    return _ALIASES.get(key) or _ALIASES.get(key.rstrip("s"))


def _known(name: str) -> bool:
    try:
        return name in registry()
    except (pint.errors.PintError, AttributeError, ValueError):
        return False


def _side(text: str, unit: str) -> tuple[str, tuple[str, ...]]:
    """One side of a unit's division as a pint expression, and the pint names it uses."""
    whole = _alias(text)
    if whole is not None:
        return f"({whole})", (whole,)
    out, names = [], []
    for word in text.split():
        aliased = _alias(word)
        if aliased is not None:
            out.append(f"({aliased})")
            names.append(aliased)
            continue
        found = _WORD.fullmatch(word)
        if found is None or len(found["name"]) > _NAME_LENGTH:
            raise UnitError(f"unknown unit {unit!r}")
        name = found["name"]
        aliased = _alias(name)
        if aliased is None and not _known(name):
            raise UnitError(f"unknown unit {unit!r}")
        base = f"({aliased})" if aliased is not None else name
        out.append(f"{base}**{found['exp']}" if found["exp"] else base)
        names.append(aliased or name)
    if not out:
        raise UnitError(f"unknown unit {unit!r}")
    return " ".join(out), tuple(names)


@dataclass(frozen=True)
class _Parsed:
    """A stated unit as pint reads it, and its numerator and denominator (or None)."""

    units: pint.Unit
    names: tuple[str, ...]
    numerator: pint.Unit
    denominator: pint.Unit | None


def _split(unit: str) -> list[str]:
    if not unit or not unit.strip():
        raise UnitError("a unit is required for a quantity")
    if len(unit) > MAX_UNIT_LENGTH:
        raise UnitError(f"a unit has at most {MAX_UNIT_LENGTH} characters")
    text = unit.strip().translate(_SUPERSCRIPTS)
    if _alias(text) is not None:
        return [text]
    parts = _DIVISION.split(text)
    if len(parts) > 2:
        raise UnitError(f"unit {unit!r} divides more than once; write one '/' or 'per'")
    return parts


def _pint_expression(unit: str) -> str:
    """A stated unit ("mi2/month", "sq km", "%", "billion USD") as a safe pint expression.

    Raises UnitError for anything but known unit names, at most one division and exponents
    of 1-3: no number, operator or bracket of the input reaches pint's parser.
    """
    sides = [_side(part, unit)[0] for part in _split(unit)]
    return sides[0] if len(sides) == 1 else f"{sides[0]} / ({sides[1]})"


@lru_cache(maxsize=4096)
def _parse(unit: str) -> _Parsed:
    sides = [_side(part, unit) for part in _split(unit)]
    reg = registry()
    try:
        numerator = reg.parse_units(sides[0][0])
        denominator = reg.parse_units(sides[1][0]) if len(sides) > 1 else None
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError) as exc:
        raise UnitError(f"unknown unit {unit!r}") from exc
    whole = numerator / denominator if denominator is not None else numerator
    names = tuple(name for side in sides for name in side[1])
    if not reg.Quantity(1.0, whole)._is_multiplicative:
        raise UnitError(f"unit {unit!r} has an offset; state the quantity in another unit")
    return _Parsed(whole, names, numerator, denominator)


def _quantize(value: float | Decimal) -> Decimal:
    try:
        return Decimal(str(value)).quantize(_QUANT, rounding=ROUND_HALF_EVEN)
    except InvalidOperation as exc:
        raise UnitError(f"value {value!r} is out of range") from exc


def canonical_unit(kind: str, unit: str) -> str:
    """The normalised unit for a kind; for money, the stated currency; for a rate, per year."""
    if kind == "money":
        return _currency_of(unit)
    if kind == "rate":
        return _conversion(kind, unit)[1]
    try:
        return CANONICAL_UNITS[kind]
    except KeyError as exc:
        raise UnitError(f"a {kind} claim carries no quantity") from exc


def _currency_of(unit: str) -> str:
    codes = [code for code in CURRENCIES if re.search(rf"\b{code}\b", unit.upper())]
    if len(codes) != 1:
        raise UnitError(
            f"money needs exactly one currency code among {', '.join(CURRENCIES)}; got {unit!r}"
        )
    return codes[0]


@lru_cache(maxsize=1)
def _dimensions() -> dict[object, str]:
    """The kind each dimensionality implies, for kinds with a dimension of their own."""
    found = {}
    for kind, target in CANONICAL_UNITS.items():
        if kind not in {"percentage", "count"}:
            found[_parse(target).units.dimensionality] = kind
    return found


def _dimensionless_kind(names: tuple[str, ...]) -> str:
    return "percentage" if "percent" in names else "count"


def kind_for(unit: str) -> str | None:
    """The quantity kind a unit's dimension implies ("km/h" → speed, "t/day" → rate), or None.

    Dimensionless units are a percentage when stated in percent, else a count; a length or
    energy per time is a speed or a power (its dimension), though a rate may also state one.
    """
    try:
        parsed = _parse(unit)
    except UnitError:
        return None
    dimensionality = parsed.units.dimensionality
    if parsed.units.dimensionless:
        return _dimensionless_kind(parsed.names)
    if dimensionality in _dimensions():
        return _dimensions()[dimensionality]
    if _is_money(dimensionality):
        return "money"
    try:
        _rate_target(parsed, unit)
    except UnitError:
        return None
    return "rate"


def _is_money(dimensionality: object) -> bool:
    return len(dimensionality) == 1 and str(next(iter(dimensionality))).startswith("[currency_")


def _rate_target(parsed: _Parsed, unit: str) -> str:
    """The canonical unit of a rate ("kg/year"), or UnitError if ``unit`` is none."""
    expected = f"unit {unit!r} is not a unit of rate (a quantity per time, e.g. t/day)"
    reg = registry()
    if parsed.denominator is None or parsed.denominator.dimensionality != reg.get_dimensionality(
        "[time]"
    ):
        raise UnitError(expected)
    numerator = parsed.numerator
    if numerator.dimensionless:
        base = _dimensionless_kind(parsed.names)
    elif _is_money(numerator.dimensionality):
        base = "money"
    else:
        base = _dimensions().get(numerator.dimensionality, "")
    if base not in RATE_BASES:
        raise UnitError(expected)
    if base == "money":
        return f"{_currency_of(unit)}/{RATE_PERIOD}"
    return f"{CANONICAL_UNITS[base]}/{RATE_PERIOD}"


def normalise(kind: str, value: Decimal | float | int, unit: str) -> Normalised:
    """Convert a stated value and unit to the canonical unit of ``kind``.

    Raises UnitError naming the problem when the unit is unknown or of another dimension.
    """
    factor, target = _conversion(kind, unit)
    try:
        magnitude = float(value) * factor
    except (TypeError, ValueError, OverflowError) as exc:
        raise UnitError(f"value {value!r} is not a number") from exc
    return Normalised(value=_quantize(magnitude), unit=target)


@lru_cache(maxsize=4096)
def _conversion(kind: str, unit: str) -> tuple[float, str]:
    """The factor from ``unit`` to the canonical unit of ``kind``, and that unit.

    Every unit of a claim's kinds is multiplicative (no offsets such as °C), so converting
    a value is multiplying it by pint's factor: the same float pint's own ``to()`` computes,
    found once per unit rather than once per claim (an import converts 100,000).
    """
    if not unit or not unit.strip():
        raise UnitError("a unit is required for a quantity")
    if kind not in QUANTITY_KINDS:
        raise UnitError(f"a {kind} claim carries no quantity")
    parsed = _parse(unit)
    if kind == "money":
        target = _currency_of(unit)
        target_units = registry().parse_units(target)
    elif kind == "rate":
        target = _rate_target(parsed, unit)
        target_units = _parse(target).units
    else:
        target = CANONICAL_UNITS[kind]
        target_units = _parse(target).units
    try:
        converted = registry().Quantity(1.0, parsed.units).to(target_units)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(f"unit {unit!r} is not a unit of {kind} (expected {target})") from exc
    except (pint.errors.PintError, ArithmeticError, ValueError) as exc:
        raise UnitError(f"unknown unit {unit!r}") from exc
    return converted.magnitude, target


def check_unit(kind: str, unit: str) -> None:
    """Raise UnitError unless ``unit`` is a unit of ``kind``."""
    normalise(kind, 1, unit)
