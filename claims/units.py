"""Quantities and their normalisation: the one place that parses unit strings.

A claim keeps its value *as stated* (176, ``mi2/month``) and a normalised value in the
canonical unit of its kind (455.84 ``km2/month``). Each kind accepts only units of its
dimension; the canonical unit per kind is also checked by the database (see
``Claim.Meta.constraints``), so nothing but this module decides what a unit means.
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

# Canonical (normalised) unit of each quantity kind. Money is normalised within its currency:
# converting between currencies needs a dated exchange rate, which is a claim of its own.
CANONICAL_UNITS: dict[str, str] = {
    "percentage": "percent",
    "area": "km2",
    "area_rate": "km2/month",
    "count": "count",
}
QUANTITY_KINDS = ("percentage", "area", "area_rate", "count", "money")

# The spellings curators and reporters use, mapped to what pint parses. Keys are matched
# case-insensitively after whitespace is collapsed.
_ALIASES = {
    "%": "percent",
    "pct": "percent",
    "per cent": "percent",
    "percentage": "percent",
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
}

_PINT_DEFINITIONS = [
    "thousand = 1e3",
    "million = 1e6",
    "billion = 1e9",
    "trillion = 1e12",
    "bn = billion",
    "mn = million",
    *(f"{code} = [currency_{code.lower()}]" for code in CURRENCIES),
]


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


def _pint_expression(unit: str) -> str:
    """Turn a stated unit ("mi2/month", "sq km", "%", "billion USD") into a pint expression."""
    parts = re.split(r"\s*(/|\bper\b)\s*", unit.strip())
    out = []
    for part in parts:
        if part in {"/", "per"}:
            out.append("/")
            continue
        key = " ".join(part.split()).lower()
        out.append(_ALIASES.get(key, _ALIASES.get(key.rstrip("s"), part.strip())))
    return " ".join(out)


def _quantize(value: float | Decimal) -> Decimal:
    try:
        return Decimal(str(value)).quantize(_QUANT, rounding=ROUND_HALF_EVEN)
    except InvalidOperation as exc:
        raise UnitError(f"value {value!r} is out of range") from exc


def canonical_unit(kind: str, unit: str) -> str:
    """The normalised unit for a kind; for money, the stated currency."""
    if kind == "money":
        return _currency_of(unit)
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


def normalise(kind: str, value: Decimal | float | int, unit: str) -> Normalised:
    """Convert a stated value and unit to the canonical unit of ``kind``.

    Raises UnitError naming the problem when the unit is unknown or of another dimension.
    """
    factor, target = _conversion(kind, unit)
    try:
        magnitude = float(value) * factor
    except (TypeError, ValueError) as exc:
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
    target = canonical_unit(kind, unit)
    reg = registry()
    try:
        stated = reg.parse_units(_pint_expression(unit))
        converted = reg.Quantity(1.0, stated).to(
            _pint_expression(target) if kind != "money" else target
        )
    except pint.errors.DimensionalityError as exc:
        raise UnitError(f"unit {unit!r} is not a unit of {kind} (expected {target})") from exc
    except (
        pint.errors.PintError,
        AttributeError,
        TypeError,
        ValueError,
        AssertionError,
    ) as exc:
        raise UnitError(f"unknown unit {unit!r}") from exc
    if not reg.Quantity(1.0, stated)._is_multiplicative:
        raise UnitError(f"unit {unit!r} has an offset; state the quantity in another unit")
    return converted.magnitude, target


def check_unit(kind: str, unit: str) -> None:
    """Raise UnitError unless ``unit`` is a unit of ``kind``."""
    normalise(kind, 1, unit)
