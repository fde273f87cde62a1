"""The extractor's vocabulary: compiled once at import, each run once over a whole text.

Unit *spellings* are recognised here and mapped to the compact unit strings that
``claims.units`` parses ("square kilometers" -> "km2"); what a unit means and how it
converts is decided only by ``claims.units`` (a test checks every string produced here).
"""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction import numbers as _numbers

IGNORE = re.IGNORECASE


def words(spaced: str) -> frozenset[str]:
    """A word list written as one spaced string, for lexicons that read like prose."""
    return frozenset(spaced.split())


# A number as printed in English news: 5,000 / 3.2 / 176 (thousands separators are commas),
# or spelled out: "forty", "two dozen", "half a" (billion). See ``numbers``.
NUM = _numbers.NUM
DIGITS = _numbers.DIGITS
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
    "tenth": Decimal(10),
    "sixth": Decimal("16.67"),
    "eighth": Decimal("12.50"),
}
_COUNT_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "nine": 9}
_FRACTION_FOLLOWERS = (
    r"of|said|say|says|want|wants|support|supports|supported|backed|back|backs|oppose|opposes"
    r"|opposed|expect|expects|believe|believes|think|thinks|agree|agrees|agreed|favou?r"
    r"|favou?rs|would|will|were|are|have|had|did|do|called|reported|trust|trusted"
    r"|its|their|his|her|the|all"
)
# "a quarter less than last year": a share as the size of a change.
# "Only a quarter now say …": an adverb between the share and what it does.
_FRACTION_ADVERB = r"(?:now|still|also|already|even)\s+"
FRACTION_COMPARED = r"(?:less|more|fewer|lower|higher|smaller|larger|bigger)\s+than"
_PERIOD_NOUNS = (
    rf"year|month|decade|century|season|term|period|day|week|mile|hour|time|battle|way"
    rf"|\d{{4}}|{_CALENDAR}"
)
FRACTION = re.compile(
    # Scanned over the whole text: the lookahead (the first letters of the number and
    # fraction words below) spares trying the lookbehinds and words at every character.
    r"(?=[aotfhqse])"
    r"(?<![\w-])(?<!first )(?<!second )(?<!latter )(?<!other )(?<!final )"
    r"(?P<frac>(?:(?P<n>an|a|one|two|three|four)[\s-])?"
    r"(?P<d>half|thirds?|quarters?|fifths?|tenths?|sixths?|eighths?))\b"
    # Followed by what the share is of or what the share does, or closing a change ("fell
    # by a third, to 610"; "down by almost a fifth.").
    rf"(?=\s+(?:{_FRACTION_ADVERB})?(?:{_FRACTION_FOLLOWERS}|[a-z]+ed|{FRACTION_COMPARED})\b|\s*[.,;]"
    r"|\s+(?:by|to|in|from|since|on|over|and"
    r"|this|last|next|compared)\b)"
    # "half of 2025", "a quarter of a century": periods, not shares.
    rf"(?!\s+(?:of\s+)?(?:the\s+|a\s+|this\s+|next\s+|last\s+|its\s+|their\s+)?(?:{_PERIOD_NOUNS})\b)",
    IGNORE,
)
# A fraction not followed by one of those must close a change: "by a third,", "lost half".
FRACTION_CHANGE_BEFORE = re.compile(
    r"\b(?:by|lost|lose|loses|losing|cut|cuts|halved)\s+(?:almost\s+|nearly\s+|about\s+"
    r"|around\s+|roughly\s+|more\s+than\s+|less\s+than\s+|over\s+|just\s+over\s+"
    r"|just\s+under\s+)?$"
    # "…, less than a quarter.": a share restating the figure before it.
    r"|,\s+(?:less\s+than|more\s+than|nearly|almost|about|roughly|over|under|just\s+over"
    r"|just\s+under|only)\s+$",
    IGNORE,
)
_SMALL = rf"(?:\d{{1,3}}|{_numbers.WORDS})"
# "one in three adults", "3 in 4 voters", "one in twelve of all homes".
ONE_IN = re.compile(
    rf"{_LB}(?<![\w-])(?P<n>{_SMALL})\s+(?:in|out\s+of)\s+(?P<d>{_SMALL})\b(?=\s+[A-Za-z]|[.;])",
)
# "one adult in four is obese", "one registered voter in twelve.": the group between.
# Round 4: the group may be a capitalised people ("one Norwegian in six"), the first word
# may open the sentence ("One pupil in five"), and any word may follow the denominator
# but what makes it a count of something else ("one goal in three matches", "in ten days").
ONE_NOUN_IN = re.compile(
    rf"{_LB}(?<![\w-])(?P<n>(?i:{_SMALL}))(?:\s+[A-Za-z][\w-]*){{1,2}}\s+in\s+(?P<d>{_SMALL})\b"
    r"(?=\s+(?:is|are|was|were|has|have|had|say|says|said|would|will|can|could|do|does|did"
    r"|goes|lives|works|gets|uses|owns|needs|wants|backs|supports)\b"
    # ("27 goals in 34 league games": a tally of games, no share)
    r"|\s+(?!(?:[a-z]+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|matches|games"
    r"|races|rounds|attempts|tries|shots|starts|per|percent|hundred|thousand|million)\b)"
    r"[a-z]+\b|\s*[.;,—)]|\s*$)",
)
# "won two of every three matches".
OF_EVERY = re.compile(
    rf"{_LB}(?<![\w-])(?P<n>{_SMALL})\s+(?:of|in|out\s+of)\s+every\s+(?P<d>{_SMALL})\b",
    IGNORE,
)
# "one euro in every six", "one pupil out of every four": the group between.
ONE_NOUN_IN_EVERY = re.compile(
    rf"{_LB}(?<![\w-])(?P<n>(?i:{_SMALL}))\s+[A-Za-z][\w-]*\s+(?:in|out\s+of)\s+every\s+"
    rf"(?P<d>{_SMALL})\b",
)
# "fell by about a fifth this year": a change by a share, whatever period follows.
FRACTION_BY = re.compile(
    r"\bby\s+(?:(?:about|around|roughly|nearly|almost|more\s+than|less\s+than|over|just\s+over"
    r"|just\s+under|some)\s+)?(?P<frac>(?P<n>an|a|one|two|three|four)[\s-]"
    r"(?P<d>half|thirds?|quarters?|fifths?|tenths?|sixths?|eighths?))\b",
    IGNORE,
)
# "one vacancy for every 2.6 jobseekers", "one for every 1.6 unemployed people": the ratio is
# the number after "every".
ONE_FOR_EVERY = re.compile(
    rf"(?<![\w-])(?i:one)(?:\s+[a-z][\w-]*){{0,2}}\s+for\s+(?:every|each)\s+(?P<num>{NUM})"
    r"(?:\s+(?!(?:of|in|on|at|the|a|and|or)\b)[a-z][\w-]*){1,2}",
)
MAJORITY = re.compile(
    r"\b(?:an?|the)\s+(?:(?:clear|slim|narrow|large|small|vast|overwhelming|solid|comfortable"
    r"|bare|absolute|simple)\s+)?majority\b"
    rf"(?=\s+(?:{_FRACTION_FOLLOWERS})\b)",
    IGNORE,
)
# "A majority of Russians (55%)": the parenthesis gives the majority's precise value.
PAREN_PERCENT = re.compile(
    # "A majority of Russians (55%)", "Almost six in ten adults (58%)"
    r"(?:\s+of\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?|\s+[a-z]+(?:\s+[a-z]+)?)?\s*\(\s*"
    rf"(?P<num>{NUM})\s?(?:%|per\s?cent|percent)\s*\)",
    IGNORE,
)
# Shares that describe a poll's precision, not a claim.
MARGIN_BEFORE = re.compile(
    r"(?:±|\+/-|plus or minus|margin of error of|margin of|response rate(?: of| was|:)?"
    r"|margin\s+of\s+error\s+(?:is|was|stands\s+at)(?:\s+(?:about|around|roughly|some"
    r"|plus\s+or\s+minus))?"
    # "Margins of error range from 2.2 to 3.1 percentage points": both ends.
    r"|margins?\s+of\s+error\s+(?:range|ranges|ranged|vary|varies)\s+(?:from|between)"
    r"(?:\s+[\d.]+\s+(?:to|and))?)\s*$",
    IGNORE,
)


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
    return _percent(count, _DENOMINATORS[d.rstrip("s")])


_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "eighth": 8, "tenth": 10}


def _percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """100 * n / d to two places, without trailing zeros for whole numbers (75, not 75.00)."""
    value = (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))
    return value.to_integral_value() if value == value.to_integral_value() else value


def one_in_value(n: str, d: str) -> Decimal | None:
    """ "one in three" -> 33.33; None when it is not a share ("12 in 4")."""
    numerator, denominator = _numbers.value(n), _numbers.value(d)
    if not 0 < numerator < denominator <= 1000:
        return None
    return _percent(numerator, denominator)


# --- percentage points -------------------------------------------------------------------
# "4 percentage points", "2.5pp", "13 points", "a nine-point drop". Bare "points" are
# percentage points only in a poll or a change; "a 20-point plan" and "94 points" are counts.
POINTS = re.compile(
    _LB + rf"(?:(?P<num>{NUM})|(?P<half>(?i:half\s+a|(?<=\ba\s)half(?=-point)))"
    r"|(?P<quarter>(?i:a\s+quarter\s+of\s+a|(?<=\ba\s)quarter(?=-point))))"
    r"(?:\s*-\s*|\s+)"
    r"(?:(?P<pp>percentage[\s-]points?|pp\b|ppts?\b)|(?P<bare>points?\b))",
    IGNORE,
)
POINT_CHANGE = re.compile(
    r"\b(?:leads?|led|leading|lead\s+of|ahead|behind|trail\w*|gap|margin|swing|narrow\w*"
    r"|widen\w*|drop\w*|fell|falls?|fallen|rose|rises?|risen|gain\w*|lost|loses?|up|down"
    r"|cut|cuts|slump\w*|jump\w*|increase\w*|decrease\w*|advantage|deficit|clear|short"
    r"|picked\s+up|picks\s+up|shed|sheds)\b",
    IGNORE,
)
POLL_CONTEXT = re.compile(
    r"%|\bper\s?cent\b|\bpercent\b|\bpolls?\b|\bpolling\b|\bsurveys?\b|\bvot\w*|\belection\w*"
    r"|\bapproval\b|\bratings?\b|\bballot\b|\brate\b|\bpercentage\b|\bshare\b|\bpollsters?\b"
    # "about four in ten would accept a levy … support has fallen 12 points"
    r"|\bsupport\s+for\b|\bin\s+(?:ten|five|four|three)\b",
    IGNORE,
)
PLAN_CONTEXT = re.compile(
    r"\b(?:plans?|drafts?|proposals?|deal|agreement|pact|framework|charter|programme|program)\b",
    IGNORE,
)
SPORT_CONTEXT = re.compile(
    r"\b(?:scored?|scoring|won|wins?|finished|haul|tally|league|table|season|matches|match"
    r"|games?|standings|title|champions?)\b",
    IGNORE,
)

# --- ratios ------------------------------------------------------------------------------
# "7:1", "seven to one", "7-to-1": N of something for each one of another.
RATIO = re.compile(
    _LB + rf"(?P<num>{NUM})\s*(?::\s*1\b|(?:\s+|-)to(?:\s+|-)(?:one|1)\b)(?![\d:]|[.,]\d)",
    IGNORE,
)
RATIO_CONTEXT = re.compile(r"\bratio\b|\boutnumber\w*|\bfor\s+every\b|\bto\s+one\b", IGNORE)
VOTE_CONTEXT = re.compile(r"\bvot(?:e|es|ed|ing)\b|\bruled\b", IGNORE)
# "1.4 unemployed people for every vacancy": N of one thing for each of another.
FOR_EVERY = re.compile(
    _LB + rf"(?P<num>{NUM})(?:\s+[a-z][\w-]*){{0,3}}\s+(?:for\s+(?:every|each)|to\s+every)\s+"
    r"(?:[a-z][\w-]*\s+)?"
    r"[a-z][\w-]*",
    IGNORE,
)
# Multiples are ratios: "twice as many", "more than double", "had tripled", "three times that".
MULTIPLE_WORD = re.compile(
    r"(?=[tTdDqQ])(?<![\w-])(?P<word>twice(?=\s+(?:as\s+\w+|the|that|what|its|their|his|her)\b)"
    r"|(?:doubled|tripled|trebled|quadrupled)\b"
    r"|(?:double|triple|treble)(?![\w-])(?=\s+(?:the|that|its|their|what|since|in|from)\b|[.,;]))",
    IGNORE,
)
MULTIPLE_TIMES = re.compile(
    _LB + rf"(?P<num>{NUM})\s+times(?=\s+(?:as\s+\w+|the|that|what|its|their|higher|more"
    r"|larger|greater|bigger|faster|lower|over)\b"
    # "three times a normal year"; not "three times a day" (a frequency).
    r"|\s+an?\s+(?:normal|typical|usual|average|good|bad)\b)",
    IGNORE,
)
MULTIPLE_VALUES = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3}
MULTIPLE_VALUES |= {"treble": 3, "trebled": 3, "quadrupled": 4}

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
_PERIODS |= {"daily": "day", "weekly": "week", "hour": "hour", "second": "s", "s": "s"}
# "per month", "a year", "/day", "annually": what makes a quantity a rate.
RATE_SUFFIX = (
    r"(?:\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*"
    r"(?P<per>month|year|annum|yr|week|day|hour|(?<=per\s)second|(?<=/)s"
    # "1,100 litres a second from the river"; not "a second site" (an ordinal).
    r"|(?<=\ba\s)second(?=\s+(?:from|of|in|into|through|at|on|to|during|out|but|and|or|while"
    r"|when|until|for|as|with)\b|\s*[.,;:)]|\s*$))"
    # "€235 a year earlier": a point in time, not a rate.
    r"(?!\s+(?:earlier|ago|later|previously)\b)"
    r"|\s+(?P<adv>annually|yearly|monthly|daily|weekly))\b"
)
# The units' first letters (read case-insensitively, as AREA is): tried after each way the
# number before could end, the lookahead spares trying every spelling at "3,400 people".
AREA_UNIT = (
    "(?=[kmsha])(?:"
    + "|".join(f"(?P<{name}>{spelling})" for name, spelling in _AREA_UNITS.items())
    + ")"
)
AREA = re.compile(
    _LB
    # "1.2 million hectares": the scale stays in the unit, as stated.
    + rf"(?P<num>{NUM})(?:\s+(?P<scale>(?i:thousand|million|billion))(?=\s))?(?:\s?|-)"
    + AREA_UNIT
    + r"(?P<rate>(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?"
    r"(?:\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*(?P<per>month|year|annum|yr|week|day"
    r"|hour)|\s+(?P<adv>annually|yearly|monthly))\b)?",
    IGNORE,
)
AREA_UNIT_NAMES = tuple(_AREA_UNITS)


def period_of(word: str) -> str:
    return _PERIODS[word.lower()]


# --- lengths, masses, volumes, energy, power, speed --------------------------------------
# kind -> unit string (as ``claims.units`` spells it) -> spellings. Case matters for the
# SI symbols ("MW" is not "mW"), so symbols are case-sensitive and words are not.
MEASURE_UNITS: dict[str, dict[str, str]] = {
    "speed": {
        "km/h": r"km/h\b|kph\b|(?i:km\s+(?:per|an)\s+hour|kilomet(?:er|re)s?\s+(?:per|an)\s+hour)",
        "mph": r"mph\b|(?i:miles\s+(?:per|an)\s+hour)",
        "knot": r"(?i:knots?\b)",
        "m/s": r"m/s\b|(?i:met(?:er|re)s?\s+(?:per|a)\s+second\b)",
    },
    "energy": {
        "TWh": r"TWh\b|(?i:terawatt[\s-]hours?)",
        "GWh": r"GWh\b|(?i:gigawatt[\s-]hours?)",
        "MWh": r"MWh\b|(?i:megawatt[\s-]hours?)",
        "kWh": r"kWh\b|(?i:kilowatt[\s-]hours?)",
    },
    "power": {
        "GW": r"GW\b|(?i:gigawatts?\b)",
        "MW": r"MW\b|(?i:megawatts?\b)",
        "kW": r"kW\b|(?i:kilowatts?\b)",
    },
    "length": {
        "km": r"km\b(?![²2/])|(?i:kilomet(?:er|re)s?\b)",
        "nmi": r"(?i:nautical\s+miles?\b)",
        "mi": r"(?i:miles?\b)",
        "m": r"(?i:met(?:er|re)s?\b)",
        "cm": r"cm\b|(?i:centimet(?:er|re)s?\b)",
        "mm": r"mm\b|(?i:millimet(?:er|re)s?\b)",
        "ft": r"ft\b|(?i:feet\b|foot\b)",
    },
    "mass": {
        "t": r"(?i:tonnes?\b|metric\s+tons?\b|tons?\b)",
        "kg": r"kg\b|(?i:kilo(?:gram)?s?\b)",
    },
    "volume": {
        "km3": r"km³|km3\b|(?i:cubic\s+kilomet(?:er|re)s?\b)",
        "m3": r"m³|m3\b|(?i:cubic\s+met(?:er|re)s?\b)",
        "bbl": r"bbl\b|(?i:barrels?\b)",
        "L": r"(?i:lit(?:er|re)s?\b)",
        "gal": r"(?i:gallons?\b)",
    },
}
MEASURE_GROUPS: dict[str, tuple[str, str]] = {}  # regex group -> (kind, unit)
_measure_alternatives = []
for _kind, _units in MEASURE_UNITS.items():
    for _unit, _spelling in _units.items():
        _group = f"u{len(MEASURE_GROUPS)}"
        MEASURE_GROUPS[_group] = (_kind, _unit)
        _measure_alternatives.append(f"(?P<{_group}>{_spelling})")
# Kinds whose quantity can be a rate per time ("1.4 million barrels a day").
RATE_KINDS = frozenset({"mass", "volume"})
# The units' first letters in either case (some spellings are case-insensitive): as for
# AREA, a number followed by no unit fails at the lookahead, not at each spelling.
MEASURE_UNIT = "(?=[bcfgklmntBCFGKLMNT])(?:" + "|".join(_measure_alternatives) + ")"
MEASURE = re.compile(
    _LB + rf"(?P<num>{NUM})(?:\s+(?P<scale>(?i:thousand|million|billion)))?"
    r"(?:\s?|(?P<hyphen>-))"
    + MEASURE_UNIT
    # "180,000 tonnes of CO2 a year", "100 litres per person a day": still a rate per time.
    + r"(?P<rate>(?:\s+of\s+[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?)??"
    r"(?:\s+per\s+(?:person|head|household|capita|resident|inhabitant))?"
    rf"{RATE_SUFFIX})?"
)

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
# "$800 billion", "USD 3.2 billion" (found anywhere) and "3 billion euros" (matched where a
# number starts: see ``Document.number_starts``).
MONEY_SYMBOL = re.compile(
    # Scanned over the whole text: the lookahead (a symbol or a code's first letter) spares
    # trying each branch at every character.
    rf"(?=[$€£₽₴¥U{''.join(sorted({code[0] for code in _CODES.split('|')}))}])"
    rf"(?:(?P<sym>US\$|\$|€|£|₽|₴|¥)|(?<![\w])(?P<code>{_CODES})\s?)(?P<num>{DIGITS}){_SCALE}"
)
MONEY_WORDS = re.compile(
    rf"{_LB}(?P<num2>{NUM})(?:\s?(?P<scale2>thousand|million|billion|trillion|bn|mn|tn)\b)?"
    rf"\s+(?:(?P<code2>{_CODES})\b|(?P<word>(?i:dollars?|euros?|pounds?|roubles?|rubles?"
    r"|hryvnias?|yuan|yen))\b)"
)
RATE_AFTER = re.compile(RATE_SUFFIX, IGNORE)


def currency_of(symbol: str | None, code: str | None, word: str | None) -> str:
    if symbol:
        return _SYMBOLS[symbol.lower()]
    if code:
        return code.upper()
    return _CURRENCY_WORDS[(word or "").lower().rstrip("s")]


# --- counts ------------------------------------------------------------------------------
# "800,000 troops", "2 million people", "a 20-point plan", "1,398 days", "two dozen units".
COUNT = re.compile(
    _LB + rf"(?P<num>{NUM})(?:\s+(?P<scale>(?i:thousand|million|billion))\b)?"
    r"(?:-(?P<compound>(?i:point|member|nation|country|party|seat|strong|team|bed|storey"
    r"|article|(?:part|step|stage|phase|pillar)(?=\s+(?:[\w-]+\s+){0,2}(?:plan|framework|roadmap"
    r"|proposal|deal|text|accord|agreement|settlement|package|blueprint|document|draft|outline"
    r"|programme|process|peace)\b)))\b"
    r"|(?=\s+[A-Za-z]))",
)
# A number on its own: what it counts or measures comes from the clause around it.
BARE = re.compile(_LB + rf"(?P<num>{NUM})(?:\s+(?P<scale>(?i:thousand|million|billion))\b)?")
# Plural nouns that do not end in "s".
IRREGULAR_PLURALS = words(
    "people children men women staff personnel police cattle livestock aircraft sheep fish"
)
DURATIONS = words("seconds minutes hours days weeks months years")
DURATION_UNITS = {
    "seconds": "second",
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "weeks": "week",
    "months": "month",
    "years": "year",
}
# Words that end a counted noun phrase before any head noun is found.
COUNT_STOP = words(
    """of in on at to for by from with and or but the a an than as per said says was were is
    are has have had would will could may might be been its his her their this that these those
    percent percentage points point times time a.m p.m am pm bc ad gmt utc o'clock old ago
    later earlier since on among pages euros euro dollars dollar pounds yen roubles over under
    within during across"""
)
# Words that look plural but are not nouns that can be counted.
NOT_PLURAL = words(
    """this its his has was is as us thus plus across less unless news series gas yes
    always perhaps whereas besides towards afterwards nevertheless degrees decades centuries"""
)
# Word numbers after these refer back to a known group ("the two leaders"): not a claim.
DEFINITE_BEFORE = words(
    """the these those both all its their his her our my your first last next other every each
    only top"""
)
# Reference labels: "Article 5", "Section 4", "page 12", "No. 3", "day 1,398", "Line 4".
# Looked up as the word right before the number (lower case).
REFERENCE_BEFORE = words(
    """article articles section sections chapter page pages p. pp. paragraph para para. clause
    item rule resolution no. number figure fig. table annex schedule volume vol. issue route
    flight room highway level phase stage grade tier round day week point protocol amendment
    act law decree order case file title box unit lot plot aged age ages line lines platform
    gate terminal category class division ward block building series model version step fy"""
) | {w.lower() for w in MONTHS | WEEKDAYS}


def last_word(before: str) -> str:
    """The word right before a number, lower-cased ("Article 5" -> "article")."""
    stripped = before.rstrip()
    return stripped[stripped.rfind(" ") + 1 :].lower()


# Ages and ranks after a number: "under 35", "over 65", "aged 18 to 34".
AGE_BEFORE = words("under over aged ages age above below")
# A duration after one of these is the period of something else, not a count of its own.
PERIOD_BEFORE = re.compile(
    r"\b(?:over|within|in|during|across|every|after\s+the\s+first|the\s+past"
    r"|the\s+last|the\s+next|the\s+coming|the\s+first|by)\s+(?:the\s+)?"
    r"(?:next\s+|past\s+|last\s+|coming\s+|first\s+|further\s+)?$",
    IGNORE,
)
DURATION_AFTER = re.compile(
    r"\s+(?:ago|old|later|earlier|since|of\s+experience|after|before|from\s+now)\b", IGNORE
)
EXPERIENCE = re.compile(r"\s+years?\s+of\s+(?:\w+\s+)?experience\b", IGNORE)
# Hyphenated compounds read as a proposal's or a place's size.
COMPOUND_PLURAL = {"point": "points", "member": "members", "nation": "nations"}
COMPOUND_PLURAL |= {"country": "countries", "party": "parties", "seat": "seats", "strong": ""}
COMPOUND_PLURAL |= {"team": "teams", "bed": "beds", "storey": "storeys", "article": "articles"}
COMPOUND_PLURAL |= {"part": "parts", "step": "steps", "stage": "stages", "phase": "phases"}
COMPOUND_PLURAL |= {"pillar": "pillars"}

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
    **dict.fromkeys(
        ("maximum of", "a maximum of", "legal maximum of", "a legal maximum of"), "upper"
    ),
    **dict.fromkeys(("minimum of", "a minimum of"), "lower"),
}
# The first number of a range ending right before a second one: "between 40 and 45%",
# "40-45%", "$3bn to $5bn", "two to three days". "from 30% to 40%" is a change, not a range.
RANGE_BEFORE = re.compile(
    # Searched before many figures: the lookahead (what a branch can start with: "between",
    # a currency, "US$", a digit or a number word's first letter) spares trying the number
    # words at every other character.
    r"(?=[\d$€£bhuatfseno])"
    rf"(?:(?P<between>\bbetween\s+)(?:[$€£]|US\$)?(?<![\d.,])(?P<n1>{NUM})[^\s\d]{{0,12}}"
    r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|m)\b)?\s+and\s+"
    rf"|(?<!from )(?<!from [$€£])(?:[$€£]|US\$)?(?<![\d.,])(?P<n2>{NUM})[^\s\d,;]{{0,12}}?"
    r"(?:\s(?:thousand|million|billion|trillion)\b)?\s?(?:-|–|to)\s?)"
    r"(?:[$€£]|US\$)?$",
    IGNORE,
)

# What a forecast is about, not a term anyone sets: "growth would reach 1.6%", "jobs would
# come from …". One list for the plan-continuation and the modality rules.
OUTCOME_NOUNS = (
    r"growth|inflation|economy|unemployment|employment|jobs|demand|prices|output|emissions"
    r"|deaths|turnout"
)

# "prisoners, whom the Kolvany Prisoner Welfare Committee puts at about 2,700": a relative
# clause whose subject (group x) gives the figure after "at".
WHOM_PUT = (
    r"\b(?:whom|which)\s+(?P<x>(?:the\s+)?(?:[A-Z][\w&'’-]*\s+(?:of\s+|for\s+)?){0,5}"
    r"(?:[a-z]+\s+){0,2}?[A-Za-z][\w&'’-]*)\s+(?:puts?|estimates?|counts?)\s+at\s+"
)
