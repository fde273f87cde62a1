"""The extractor's vocabulary: compiled once at import, each run once over a whole text.

Unit *spellings* are recognised here and mapped to the compact unit strings that
``claims.units`` parses ("square kilometers" -> "km2"); what a unit means and how it
converts is decided only by ``claims.units`` (a test checks every string produced here).
"""

from __future__ import annotations

import re
from decimal import Decimal

IGNORE = re.IGNORECASE


def words(spaced: str) -> frozenset[str]:
    """A word list written as one spaced string, for lexicons that read like prose."""
    return frozenset(spaced.split())


# A number as printed in English news: 5,000 / 3.2 / 176. Thousands separators are commas.
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Not glued to a word, another number, a time (10:30), a date (3/4), a phone (+1) or a code
# with a hyphen (Su-35): those digits are not quantities.
_LB = r"(?<![\w.,/:+])(?<![A-Za-z]-)"

MONTHS = words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_CALENDAR = "|".join(sorted(MONTHS | WEEKDAYS))

# --- percentages -------------------------------------------------------------------------
PERCENT = re.compile(_LB + rf"(?P<num>{NUM})\s?(?:%|per\s?cent\b|percent\b|pct\b)", IGNORE)

# Fractions and "one in three" stated of a group; values in percent, two decimals.
FRACTION_VALUES: dict[str, Decimal] = {
    "half": Decimal(50),
    "third": Decimal("33.33"),
    "thirds": Decimal("66.67"),
    "quarter": Decimal(25),
    "quarters": Decimal(75),
    "fifth": Decimal(20),
}
_COUNT_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "nine": 9}
_FRACTION_FOLLOWERS = (
    r"of|said|say|says|want|wants|support|supports|supported|backed|back|backs|oppose|opposes"
    r"|opposed|expect|expects|believe|believes|think|thinks|agree|agrees|agreed|favou?r"
    r"|favou?rs|would|will|were|are|have|had|did|do|called|reported|trust|trusted"
)
FRACTION = re.compile(
    r"(?<![\w-])(?<!first )(?<!second )(?<!latter )(?<!other )(?<!final )"
    r"(?P<frac>(?:(?P<n>a|one|two|three|four)[\s-])?"
    r"(?P<d>half|thirds?|quarters?|fifths?))\b"
    rf"(?=\s+(?:{_FRACTION_FOLLOWERS})\b)"
    # "half of 2025", "a quarter of a century": periods, not shares.
    rf"(?!\s+of\s+(?:the\s+|a\s+|this\s+|next\s+|last\s+)?(?:year|month|decade|century|season"
    rf"|term|period|day|week|mile|hour|\d{{4}}|{_CALENDAR})\b)",
    IGNORE,
)
ONE_IN = re.compile(
    r"(?<![\w-])(?P<n>one|two|three|four|nine)\s+in\s+(?P<d>two|three|four|five|ten)\b"
    r"(?=\s+[A-Za-z])",
    IGNORE,
)
_IN_DENOMINATORS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
MAJORITY = re.compile(
    r"\b(?:an?|the)\s+(?:(?:clear|slim|narrow|large|small|vast|overwhelming|solid|comfortable"
    r"|bare|absolute|simple)\s+)?majority\b"
    rf"(?=\s+(?:{_FRACTION_FOLLOWERS})\b)",
    IGNORE,
)
# "A majority of Russians (55%)": the parenthesis gives the majority's precise value.
PAREN_PERCENT = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)?\s*\(\s*"
    rf"(?P<num>{NUM})\s?(?:%|per\s?cent|percent)\s*\)",
    IGNORE,
)
# Shares that describe a poll's precision, not a claim.
MARGIN_BEFORE = re.compile(r"(?:±|\+/-|plus or minus|margin of error of|margin of)\s*$", IGNORE)


def fraction_value(n: str | None, d: str) -> Decimal | None:
    """Percent for "two-thirds", "a third", "half"; None for mismatches like "two third"."""
    n = (n or "").lower()
    d = d.lower()
    if d == "half":
        return FRACTION_VALUES["half"] if n in ("", "a", "one") else None
    count = _COUNT_WORDS.get(n)
    if count is None:
        return None
    plural = d.endswith("s")
    if plural != (count > 1):
        return None
    base = {"third": 3, "quarter": 4, "fifth": 5}[d.rstrip("s")]
    return _percent(count, base)


def _percent(numerator: int, denominator: int) -> Decimal:
    """100 * n / d to two places, without trailing zeros for whole numbers (75, not 75.00)."""
    value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"))
    return value.to_integral_value() if value == value.to_integral_value() else value


def one_in_value(n: str, d: str) -> Decimal:
    return _percent(_COUNT_WORDS[n.lower()], _IN_DENOMINATORS[d.lower()])


# --- areas and area rates ----------------------------------------------------------------
_AREA_UNITS = {
    "km2": r"km²|km2|sq\.?\s?km\b|square[\s-]kilomet(?:er|re)s?|kilomet(?:er|re)s?\s+squared",
    "mi2": r"sq\.?\s?mi(?:les?)?\b|square[\s-]miles?|mi²|mi2",
    "ha": r"hectares?|ha\b",
    "acre": r"acres?",
    "m2": r"m²|sq\.?\s?m\b|square[\s-]met(?:er|re)s?",
}
_PERIODS = {"month": "month", "year": "year", "annum": "year", "yr": "year", "week": "week"}
_PERIODS |= {"day": "day", "annually": "year", "yearly": "year", "monthly": "month"}
AREA = re.compile(
    _LB
    + rf"(?P<num>{NUM})(?:\s?|-)"
    + "(?:"
    + "|".join(f"(?P<{name}>{spelling})" for name, spelling in _AREA_UNITS.items())
    + ")"
    r"(?P<rate>(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?"
    r"(?:\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*(?P<per>month|year|annum|yr|week|day)"
    r"|\s+(?P<adv>annually|yearly|monthly))\b)?",
    IGNORE,
)
AREA_UNIT_NAMES = tuple(_AREA_UNITS)


def period_of(word: str) -> str:
    return _PERIODS[word.lower()]


# --- money -------------------------------------------------------------------------------
_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH", "¥": "JPY"}
_CODES = "USD|EUR|GBP|RUB|UAH|CNY|JPY|CHF"
_CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "rouble": "RUB",
    "ruble": "RUB",
    "hryvnia": "UAH",
    "yuan": "CNY",
    "yen": "JPY",
}
SCALES = {
    "thousand": "thousand",
    "k": "thousand",
    "million": "million",
    "mn": "million",
    "m": "million",
    "billion": "billion",
    "bn": "billion",
    "trillion": "trillion",
    "tn": "trillion",
}
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?"
MONEY = re.compile(
    rf"(?:(?P<sym>US\$|\$|€|£|₽|₴|¥)|(?<![\w])(?P<code>{_CODES})\s?)(?P<num>{NUM}){_SCALE}"
    rf"|{_LB}(?P<num2>{NUM})(?:\s?(?P<scale2>thousand|million|billion|trillion|bn|mn|tn)\b)?"
    rf"\s+(?:(?P<code2>{_CODES})\b|(?P<word>dollars?|euros?|pounds?|roubles?|rubles?"
    r"|hryvnias?|yuan|yen)\b)",
)


def currency_of(symbol: str | None, code: str | None, word: str | None) -> str:
    if symbol:
        return _SYMBOLS[symbol.lower()]
    if code:
        return code.upper()
    return _CURRENCY_WORDS[(word or "").lower().rstrip("s")]


# --- counts ------------------------------------------------------------------------------
# "800,000 troops", "2 million people", "a 20-point plan", "1,398 days".
COUNT = re.compile(
    _LB + rf"(?P<num>{NUM})(?:\s+(?P<scale>thousand|million|billion)\b)?"
    r"(?:-(?P<compound>point|member|nation|country|party|seat|strong)\b"
    r"|(?=\s+[A-Za-z]))",
    IGNORE,
)
# Plural nouns that do not end in "s".
IRREGULAR_PLURALS = words(
    "people children men women staff personnel police cattle livestock aircraft sheep fish"
)
DURATIONS = words("minutes hours days weeks months years")
# Words that end a counted noun phrase before any head noun is found.
COUNT_STOP = words(
    """of in on at to for by from with and or but the a an than as per said says was were is
    are has have had would will could may might be been its his her their this that these those
    percent percentage points point times time a.m p.m am pm bc ad gmt utc o'clock old ago
    later earlier since on"""
)
# Words that look plural but are not nouns that can be counted.
NOT_PLURAL = words("this its his has was is as us thus plus across less unless news series gas yes")
# Reference labels: "Article 5", "Section 4", "page 12", "No. 3", "day 1,398".
REFERENCE_BEFORE = re.compile(
    r"\b(?:article|articles|section|sections|chapter|page|pages|p\.|pp\.|paragraph|para\.?"
    r"|clause|item|rule|resolution|no\.|number|figure|fig\.|table|annex|schedule|volume|vol\."
    r"|issue|route|flight|room|highway|level|phase|stage|grade|tier|round|day|week|point"
    r"|protocol|amendment|act|law|decree|order|case|file|title|box|unit|lot|plot|aged|age"
    rf"|fy|{_CALENDAR})\s*$",
    IGNORE,
)
# A duration after one of these is the period of something else, not a count of its own.
PERIOD_BEFORE = re.compile(
    r"\b(?:over|within|in|for|during|across|after\s+the\s+first|the\s+past|the\s+last"
    r"|the\s+next|the\s+coming)\s+(?:the\s+)?(?:next\s+|past\s+|last\s+|coming\s+|first\s+)?$",
    IGNORE,
)
DURATION_AFTER = re.compile(r"\s+(?:ago|old|later|earlier|since|of\s+experience)\b", IGNORE)
EXPERIENCE = re.compile(r"\s+years?\s+of\s+(?:\w+\s+)?experience\b", IGNORE)
# Hyphenated compounds read as a proposal's size.
COMPOUND_PLURAL = {"point": "points", "member": "members", "nation": "nations"}
COMPOUND_PLURAL |= {"country": "countries", "party": "parties", "seat": "seats", "strong": ""}

# --- bounds and qualifiers ---------------------------------------------------------------
QUALIFIER = re.compile(
    r"(?P<q>approximately|approx\.|about|around|roughly|some|an estimated|estimated|nearly"
    r"|almost|close to|just under|just over|more than|over|at least|up to|less than|fewer than"
    r"|under|below|above|as many as|as much as|at most|no more than|no fewer than|no less than"
    r"|upwards of|in excess of|circa|~)\s*$",
    IGNORE,
)
# "A dispute over 12,400 hectares": after these nouns "over" means "about", not "more than".
OVER_AS_PREPOSITION = re.compile(
    r"\b(?:dispute|disputes|row|clash|clashes|fight|fighting|battle|talks|concern|concerns"
    r"|debate|control|war|negotiations|conflict|standoff|tensions|feud|quarrel|claims?)\s+over\s*$",
    IGNORE,
)
QUALIFIER_KIND = {
    **dict.fromkeys(("approximately", "approx.", "about", "around", "roughly", "some"), "approx"),
    **dict.fromkeys(("an estimated", "estimated", "circa", "~", "close to"), "approx"),
    **dict.fromkeys(("nearly", "almost", "just under"), "below"),
    **dict.fromkeys(("more than", "over", "just over", "above", "upwards of"), "lower"),
    **dict.fromkeys(("in excess of", "at least", "no fewer than", "no less than"), "lower"),
    **dict.fromkeys(("up to", "less than", "fewer than", "under", "below"), "upper"),
    **dict.fromkeys(("as many as", "as much as", "at most", "no more than"), "upper"),
}
# The first number of a range ending right before a second one: "between 40 and 45%",
# "40-45%", "$3bn to $5bn". "from 30% to 40%" is a change, not a range.
RANGE_BEFORE = re.compile(
    rf"(?:(?P<between>\bbetween\s+)(?:[$€£]|US\$)?(?<![\d.,])(?P<n1>{NUM})[^\s\d]{{0,12}}\s+and\s+"
    rf"|(?<!from )(?:[$€£]|US\$)?(?<![\d.,])(?P<n2>{NUM})[^\s\d,;]{{0,12}}?\s?(?:-|–|to)\s?)"
    r"(?:[$€£]|US\$)?$",
    IGNORE,
)
