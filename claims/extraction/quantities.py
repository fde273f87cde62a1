"""Pattern families that find quantities, then the figures whose unit or noun is elsewhere.

Each finder runs its regex once over the whole text and returns ``Hit``s: the quantity as
stated, its span and subject. Who says it and how hedged is added later (``attribution``).
After overlaps are resolved, ``find_bare`` reads the numbers no family claimed and keeps
those whose meaning the clause gives:
- a sibling in a list carries its unit or noun: "Pará (2,325 km²), then Mato Grosso
  (1,508)", "five, ten or forty kilometres", "14,500 homes destroyed and another 31,000
  damaged", "412,000 vehicles, against 455,000";
- a verb after the number names what it counts: "more than 350 have died";
- the subject names it: "the number of personnel will be capped at 800,000", "road deaths
  fell to 41", "insolvencies reached 3,870", "confirmed cases had risen to 4,280" (read from
  the subject's end), "has doubled since the spring, to about 310,000";
- the object names it: "would cap Vantor's army at 420,000", "cut the number of
  unvaccinated children to 7 million", "road crashes killed 1.2 million";
- a gapped or bracketed sibling: "1.3 million people and malaria about 590,000", "(Varra
  1,240, Osso 860)" after the paragraph's last area;
- "about 160,000 of those trips".

Some figures a family finds are no claim of their own (``_no_claim``): revision notes,
"according to three officials", "in three stages", "the past three winters", the base of a
rate ("per 1,000 live births"), and how many items a named list has ("three states (…)").

Rules for what is *not* a quantity (documented in ``claims/extraction/__init__.py``):
years, dates, times, ages, ordinals, reference numbers, list markers, phone numbers,
margins of error, periods of something else, and anything in quiet lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from claims.extraction import numbers
from claims.extraction import patterns as P
from claims.extraction.document import Document
from claims.extraction.patterns import words

YEAR_MIN, YEAR_MAX = 1900, 2100
MAX_AGE = 120
# Which family wins when two hits overlap ("$800 billion" is money, not a count).
PRIORITY = {
    "money": 0,
    "rate": 0,
    "share": 0,  # "One in five hectares" is a share of hectares, not an area
    "area": 1,
    "area_rate": 1,
    "length": 1,
    "mass": 1,
    "volume": 1,
    "energy": 1,
    "power": 1,
    "speed": 1,
    "percentage_points": 1,
    "ratio": 1,
    "percentage": 2,
    "duration": 3,
    "count": 3,
}
_TOKEN = re.compile(r"[^\S\n]+([A-Za-z][\w'’.-]*)")  # a noun never lies past a line break
_SUBJECT_TOKEN = re.compile(r"\s*([\w'’-]+)")
_OF = re.compile(r"\s+of\s+")
_SUBJECT_STOP = P.COUNT_STOP | words(
    """who which that now reportedly said say says want wants support supports supported
    backed back oppose opposed expect expects believe believes think thinks agree agreed
    called rode used trusted linking are were is was would will could have has had do did
    still whose whom if when while including"""
)
_POSSESSIVE_DETERMINERS = words("the its his her their our")
_MAX_SUBJECT_WORDS = 5
_MAX_COUNT_MODIFIERS = 3
_MONEY_AFTER = re.compile(r"\s+(?:for|on|in)\s+((?:[a-z][\w-]*\s?){1,3})")
_MEASURE_OF = re.compile(r"\s+of\s+([a-z]+(?:\s+[a-z]+)?)")
# An optional qualifier before a number ("about ", "no more than ").
_QUANTIFIER = (
    r"(?:(?:about|around|roughly|some|nearly|almost|more\s+than|at\s+least|over|an\s+estimated"
    r"|fewer\s+than|less\s+than|up\s+to|no\s+more\s+than)\s+)?"
)


@dataclass(slots=True)
class Hit:
    """A quantity found in the text, before attribution."""

    kind: str
    value: Decimal
    unit: str
    start: int
    end: int
    subject: str = ""
    lower: Decimal | None = None
    upper: Decimal | None = None
    approximate: bool = False
    bounds_stated: bool = False
    confidence: float = 0.8
    point_count: bool = False  # "20-point": the size of a plan, not a claim inside it
    carries: bool = True  # may lend its unit to a bare sibling ("a third" may not)
    family: str = ""  # which family found it, for overlaps (a count per day is a count's)

    @property
    def priority(self) -> int:
        return PRIORITY[self.family or self.kind]


def _at_numbers(
    doc: Document, rx: re.Pattern[str], near: tuple[str, ...] = (), width: int = 60
) -> Iterator[re.Match[str]]:
    """``rx`` matched at each place a number starts, without overlaps, in text order; with
    ``near``, only where one of those words follows within ``width`` characters (a cheap
    test that keeps a rare pattern from being tried at every number)."""
    end = -1
    lowered = doc.lowered if near else ""
    if near:
        # A word the text never holds is in no window: testing only the others, and none
        # when it holds none, spares a search per word at every number.
        near = tuple(w for w in near if w in lowered)
        if not near:
            return
    for pos in doc.number_starts:
        if pos < end:
            continue
        if near:
            # A loop rather than any() over a generator: this runs at every number.
            for w in near:
                if lowered.find(w, pos, pos + width) >= 0:
                    break
            else:
                continue
        m = rx.match(doc.text, pos)
        if m:
            end = m.end()
            yield m


def _number(raw: str) -> Decimal:
    return numbers.value(raw)


def _usable(doc: Document, start: int, end: int) -> bool:
    return not doc.quiet(start) and not doc.is_masked(start, end)


def _before(doc: Document, pos: int, width: int) -> str:
    """Up to ``width`` characters before ``pos``, not reaching into the previous sentence."""
    return doc.text[max(doc.sentence_at(pos).start, pos - width) : pos]


def _tail(s: str, words_: int) -> str:
    """The last ``words_`` space-separated words of ``s`` (with its trailing space): the
    only part an end-anchored pattern ("about ", "Article ") can match, so searching it
    costs the same however long the window is."""
    index = len(s.rstrip(" "))
    for _ in range(words_):
        index = s.rfind(" ", 0, index)
        if index < 0:
            return s
        while index > 0 and s[index - 1] == " ":
            index -= 1
    return s[index + 1 :]


def _subject_after(text: str, pos: int, limit: int = _MAX_SUBJECT_WORDS) -> str:
    """ "of the Donbas region that it still controls" -> "Donbas region"."""
    m = _OF.match(text, pos)
    if not m:
        return ""
    found: list[str] = []
    cursor = m.end()
    while len(found) < limit:
        t = _SUBJECT_TOKEN.match(text, cursor)
        if t and not found and t.group(1).lower() in _POSSESSIVE_DETERMINERS:
            cursor = t.end()
            continue
        if not t:
            break
        first_pronoun = not found and t.group(1).lower() in ("those", "all")
        stop = t.group(1).lower() in _SUBJECT_STOP
        if stop and not first_pronoun and not _between_digits(found, text, t):
            break
        found.append(t.group(1))
        cursor = t.end()
        if cursor < len(text) and text[cursor] in ',.;:()"”':
            break
    return " ".join(found)


def _between_digits(found: list[str], text: str, t: re.Match[str]) -> bool:
    """ "aged 18 to 34": "to" joins two numbers inside a subject."""
    following = _SUBJECT_TOKEN.match(text, t.end())
    return bool(found and found[-1].isdigit() and following and following.group(1).isdigit())


_RANGE_ENDS = ("-", "–", "to", "and", "$", "€", "£")
_QUALIFIER_LAST = words(
    """approximately approx. about around roughly some estimated nearly almost to under over
    than least most many much of circa ~ above below"""
)


def _qualify(doc: Document, hit: Hit, number_start: int) -> Hit:
    """Widen a hit over a stated range ("between 40 and 45%") and a qualifier ("about")."""
    start = number_start
    before = _tail(_before(doc, start, 60), 5)
    tail = before.rstrip()
    if not tail.endswith(_RANGE_ENDS) and tail[tail.rfind(" ") + 1 :].lower() not in (
        _QUALIFIER_LAST
    ):
        return hit if hit.start <= start else replace(hit, start=start)
    lower = upper = None
    approximate = hit.approximate
    bounds = hit.bounds_stated
    rng = (
        P.RANGE_BEFORE.search(before)
        if tail.endswith(_RANGE_ENDS) and _may_be_range(before)
        else None
    )
    if rng and "%" in rng.group() and hit.kind != "percentage":
        rng = None  # "6.5% to €412 million" is a change and its result, not a range
    if rng and (hit.kind != "count" or _count_range(rng, before)):
        first = _number(rng.group("n1") or rng.group("n2"))
        if first < hit.value:
            lower, upper = first, hit.value
            value = (first + hit.value) / 2
            start = start - len(before) + rng.start()
            hit = replace(hit, value=value, lower=lower, upper=upper)
            approximate = bounds = True
            before = _tail(_before(doc, start, 40), 4)
    q = _qualifier_before(before)
    if q and q[0] == "over" and P.OVER_AS_PREPOSITION.search(before):
        q = None
    if q and lower is None:
        kind = P.QUALIFIER_KIND[q[0]]
        start = start - len(before) + q[1]
        approximate = True
        if kind == "lower":
            hit = replace(hit, lower=hit.value)
            bounds = True
        elif kind in ("upper", "below"):
            hit = replace(hit, upper=hit.value)
            bounds = True
    elif lower is None and hit.start <= start:
        return hit
    return replace(hit, start=min(start, hit.start), approximate=approximate, bounds_stated=bounds)


def _may_be_range(before: str) -> bool:
    """Whether ``P.RANGE_BEFORE`` can match ``before``: each match holds "between" or a
    dash or "to" (case aside), which "…, $5 million and " lacks; a substring test is much
    cheaper than the search."""
    low = before.lower()
    return "between" in low or "to" in low or "-" in before or "–" in before


def _count_range(rng: re.Match[str], before: str) -> bool:
    """ "two to three days", "25,000 to 30,000 troops"; not "3 to 5 people" (often a tally
    or a score in digits), nor "rose by 3,400 to 96,000" (a change and its result)."""
    first = rng.group("n1") or rng.group("n2")
    if numbers.is_words(first) or rng.group("between"):
        return True  # "between 400 and 650 unarmed observers" is a range, however small
    return "," in first and P.last_word(before[: rng.start()]) not in ("by", "from")


def _qualifier_before(before: str) -> tuple[str, int] | None:
    """The qualifier ending ``before`` ("more than ", "about ", "~") and where it starts:
    a look-up of its last one to three words, no pattern search."""
    stripped = before.rstrip()
    for n in (3, 2, 1):
        index = len(stripped)
        for _ in range(n):
            index = stripped.rfind(" ", 0, index)
            if index < 0:
                break
        phrase_start = index + 1 if index >= 0 else 0
        if index < 0 and n > 1 and len(stripped.split()) < n:
            continue
        phrase = " ".join(stripped[phrase_start:].split()).lower()
        if phrase in P.QUALIFIER_KIND:
            return phrase, phrase_start
        if phrase.endswith("~"):
            return "~", len(stripped) - 1
    return None


def _scaled(unit: str, scale: str | None) -> str:
    return f"{P.SCALES[scale.lower()]} {unit}" if scale else unit


# --- shares -------------------------------------------------------------------------------
def find_percentages(doc: Document) -> list[Hit]:
    text = doc.text
    hits = []
    for m in _at_numbers(doc, P.PERCENT):
        if not _usable(doc, m.start(), m.end()):
            continue
        if P.MARGIN_BEFORE.search(_before(doc, m.start(), 30)):
            continue
        value = _number(m.group("num"))
        if value > 100:  # growth of 150% is a change, not a share
            continue
        hit = Hit("percentage", value, "percent", m.start(), m.end(), confidence=0.9)
        hit = replace(hit, subject=_subject_after(text, m.end()))
        hits.append(_qualify(doc, hit, m.start()))
    return hits


_FOLLOWER = re.compile(
    rf"\s+(?:{P._FRACTION_ADVERB})?(?:{P._FRACTION_FOLLOWERS}|[a-z]+ed|{P.FRACTION_COMPARED})\b",
    P.IGNORE,
)


def find_fractions(doc: Document) -> list[Hit]:
    """Shares in words: "two-thirds of", "a third said", "one in three", "a majority of"."""
    text = doc.text
    found: list[tuple[re.Match[str], Decimal, float, bool]] = []
    for m in P.FRACTION.finditer(text):
        value = P.fraction_value(m.group("n"), m.group("d"))
        if value is None:
            continue
        # Not followed by what it is a share of: it must close a change ("fell by a third").
        if not _FOLLOWER.match(text, m.end()) and not P.FRACTION_CHANGE_BEFORE.search(
            _before(doc, m.start(), 30)
        ):
            continue
        found.append((m, value, 0.75, False))
    taken = {m.start("frac") for m, *_ in found}
    for m in P.FRACTION_BY.finditer(text):
        value = P.fraction_value(m.group("n"), m.group("d"))
        if value is not None and m.start("frac") not in taken:
            found.append((m, value, 0.75, False))
    for m in _at_numbers(doc, P.ONE_IN):
        share = P.one_in_value(m.group("n"), m.group("d"))
        if share is not None:
            found.append((m, share, 0.75, False))  # family "share", below
    for rx, near in (
        (P.ONE_NOUN_IN, (" in ",)),
        (P.OF_EVERY, (" every ",)),
        (P.ONE_NOUN_IN_EVERY, (" every ",)),
    ):
        for m in _at_numbers(doc, rx, near=near, width=40):
            share = P.one_in_value(m.group("n"), m.group("d"))
            if share is not None:
                found.append((m, share, 0.75, False))
    for m in P.MAJORITY.finditer(text):
        found.append((m, Decimal(50), 0.6, True))
    hits = []
    for m, value, confidence, majority in found:
        start = m.start("frac") if m.re is P.FRACTION_BY else m.start()
        if not _usable(doc, start, m.end()):
            continue
        hit = Hit("percentage", value, "percent", start, m.end(), confidence=confidence)
        hit.carries = False
        if m.re in (P.ONE_IN, P.ONE_NOUN_IN, P.OF_EVERY, P.ONE_NOUN_IN_EVERY):
            hit.family = "share"
        hit = replace(hit, subject=_subject_after(text, m.end()))
        precise = P.PAREN_PERCENT.match(text, m.end())
        if precise:
            # "A majority of Russians (55%)": one claim, its precise value from the bracket.
            hit = replace(hit, value=_number(precise.group("num")), end=precise.end())
            hit = replace(hit, confidence=0.9)
        elif majority:
            # A majority is more than half: value 50 as an exclusive lower bound.
            hit = replace(hit, lower=Decimal(50), approximate=True, bounds_stated=True)
        hits.append(_qualify(doc, hit, start))
    return hits


# "more supportive than men, by three points": a gap between two shares.
_BY_BEFORE = re.compile(r"\bby\s+$", P.IGNORE)
# "lift the rate by two points, from 21% to 23%": the change between two shares.
_POINTS_BETWEEN_SHARES = re.compile(r",?\s+from\s+[\d.]+\s?%\s+to\s+[\d.]+\s?%")


def find_points(doc: Document) -> list[Hit]:
    """Percentage points: "4 percentage points", "2.5pp", and, in a poll or a change,
    "leads by 13 points" and "a nine-point drop"."""
    text = doc.text
    hits = []
    for m in _at_numbers(doc, P.POINTS):
        if not _usable(doc, m.start(), m.end()):
            continue
        if P.MARGIN_BEFORE.search(_before(doc, m.start(), 40)) or _margin_before(doc, m.start()):
            continue
        if m.group("bare") and not _POINTS_BETWEEN_SHARES.match(text, m.end()):
            start, end = doc.clause(m.start())
            change = P.POINT_CHANGE.search(text, start, end) or _BY_BEFORE.search(
                _before(doc, m.start(), 10)
            )
            if not change or not _poll_context(doc, m.start()):
                continue
        if m.group("half"):
            value = Decimal("0.5")
        elif m.group("quarter"):
            value = Decimal("0.25")  # "a quarter of a percentage point"
        else:
            value = _number(m.group("num"))
        hit = Hit("percentage_points", value, "pp", m.start(), m.end(), confidence=0.8)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def _poll_context(doc: Document, pos: int) -> bool:
    """A poll or a share in the sentence or the two before it in its paragraph (in a list,
    the two lines before it)."""
    sentence = doc.sentence_at(pos)
    first = sentence
    if sentence.list_item:
        first = doc.sentences[max(0, sentence.index - 3)]  # the list's intro and the text before
    for _ in range(2):
        previous = doc.previous(first)
        if previous is None:
            break
        first = previous
    if first.index and first.index == sentence.index and not sentence.list_item:
        # A paragraph's first sentence ("Support is up 11 points since …") reads on from
        # the last sentence of the paragraph before.
        first = doc.sentences[first.index - 1]
    return bool(P.POLL_CONTEXT.search(doc.text, first.start, sentence.end))


def find_ratios(doc: Document) -> list[Hit]:
    """ "3:1" (not in a sports report, where it is a score), "seven to one" where the
    sentence speaks of a ratio or of outnumbering, "1.4 people for every vacancy"."""
    text = doc.text
    hits = []
    for m in P.ONE_FOR_EVERY.finditer(text):
        if _usable(doc, m.start(), m.end()):
            hit = Hit("ratio", _number(m.group("num")), "ratio", m.start(), m.end(), confidence=0.7)
            hits.append(hit)
    for m in _at_numbers(doc, P.FOR_EVERY, near=(" for every ", " for each ", " to every ")):
        if _usable(doc, m.start(), m.end()):
            hit = Hit("ratio", _number(m.group("num")), "ratio", m.start(), m.end(), confidence=0.7)
            hits.append(_qualify(doc, hit, m.start()))
    for m in _at_numbers(doc, P.RATIO):
        if not _usable(doc, m.start(), m.end()):
            continue
        sentence = doc.sentence_at(m.start())
        digits = ":" in m.group()
        if digits and P.SPORT_CONTEXT.search(text, sentence.start, sentence.end):
            continue
        if P.VOTE_CONTEXT.search(text, sentence.start, sentence.end):
            continue  # "The committee voted seven to one": a tally, not a ratio
        if not digits and not P.RATIO_CONTEXT.search(text, sentence.start, sentence.end):
            continue
        hit = Hit("ratio", _number(m.group("num")), "ratio", m.start(), m.end(), confidence=0.7)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def find_multiples(doc: Document) -> list[Hit]:
    """Multiples are ratios: "twice as many" 2, "more than double" 2 (lower bound), "had
    tripled" 3, "three times that" 3."""
    hits = []
    matches = list(P.MULTIPLE_WORD.finditer(doc.text))
    matches += _at_numbers(doc, P.MULTIPLE_TIMES, near=(" times",), width=30)
    for m in sorted(matches, key=lambda m: m.start()):
        if not _usable(doc, m.start(), m.end()):
            continue
        word = m.groupdict().get("word")
        value = Decimal(P.MULTIPLE_VALUES[word.lower()]) if word else _number(m.group("num"))
        if value < 2:
            continue
        end = m.end()
        if word is None or word.lower() == "twice":
            # "twice as high", "three times that": the comparison is part of the quote.
            tail = _AS_WHAT.match(doc.text, end)
            end = tail.end() if tail else end
        hit = Hit("ratio", value, "ratio", m.start(), end, confidence=0.6, carries=False)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


_AS_WHAT = re.compile(r"\s+(?:as\s+\w+|that|the\s+\w+(?:\s+(?!of\b)\w+)?)(?=[\s,.;])", P.IGNORE)


# --- areas, measures, money ----------------------------------------------------------------
def find_areas(doc: Document) -> list[Hit]:
    text = doc.text
    hits = []
    for m in _at_numbers(doc, P.AREA):
        if not _usable(doc, m.start(), m.end()):
            continue
        unit = _scaled(next(name for name in P.AREA_UNIT_NAMES if m.group(name)), m.group("scale"))
        period = m.group("per") or m.group("adv")
        if m.group("rate") and period:
            kind, unit = "area_rate", f"{unit}/{P.period_of(period)}"
            of = _MEASURE_OF.match(m.group("rate"))
            subject = of.group(1) if of else ""
            end = m.end()
        else:
            kind = "area"
            end = m.end() - len(m.group("rate") or "")
            subject = _subject_after(text, end)
        hit = Hit(kind, _number(m.group("num")), unit, m.start(), end, subject, confidence=0.9)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def find_measures(doc: Document) -> list[Hit]:
    """Lengths, masses, volumes, energy, power and speed; masses and volumes per time are
    rates ("1.4 million barrels a day" is 1.4 "million bbl/day")."""
    text = doc.text
    hits = []
    for m in _at_numbers(doc, P.MEASURE):
        if not _usable(doc, m.start(), m.end()):
            continue
        group = next(g for g in P.MEASURE_GROUPS if m.group(g))
        kind, unit = P.MEASURE_GROUPS[group]
        unit = _scaled(unit, m.group("scale"))
        end = m.end()
        period = m.group("per") or m.group("adv")
        if m.group("rate") and period and kind in P.RATE_KINDS and not m.group("hyphen"):
            kind, unit = "rate", f"{unit}/{P.period_of(period)}"
        elif kind == "length" and period and m.group("rate") and not m.group("hyphen"):
            # "retreating by 30 metres a year": a length per time is a speed.
            if not m.group("rate").lstrip().lower().startswith("of"):
                kind, unit = "speed", f"{unit}/{P.period_of(period)}"
        elif m.group("rate"):
            end = m.start("rate")
        if _MARK_AFTER.match(text, end):
            continue  # "at the 30 km mark": a place on a course
        if _PER_AREA.match(text, m.end()):
            continue  # "1.9 tonnes a hectare": a yield, which the ledger cannot store
        if kind in P.RATE_KINDS and _COMPARED_BEFORE.search(_before(doc, m.start(), 30)):
            # "about 4 litres per person a day, far below the 15 litres": the same rate.
            sentence_start = doc.sentence_at(m.start()).start
            prior = next((h for h in reversed(hits) if h.start >= sentence_start), None)
            if prior and prior.kind == "rate" and prior.unit.startswith(f"{unit}/"):
                kind, unit = "rate", prior.unit
        subject = _subject_after(text, end) if kind != "rate" else ""
        hit = Hit(kind, _number(m.group("num")), unit, m.start(), end, subject, confidence=0.85)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


_COMPARED_BEFORE = re.compile(
    r"\b(?:against|below|above|than|from|under|over)\s+(?:the\s+)?" + _QUANTIFIER + "$", P.IGNORE
)
_TYPICAL_PERIOD = re.compile(
    r"(?:On|In)\s+(?:a|an)\s+(?:normal|average|typical|ordinary|usual)\s+(?P<per>day|week|month|year)\b"
)
_PER_AREA = re.compile(
    r"\s+(?:a|an|per|each|/)\s*(?:hectare|acre|ha\b|km²|square\s+kilomet)", P.IGNORE
)
_MARK_AFTER = re.compile(r"\s+(?:mark|marker|point)\b", P.IGNORE)


def _money_matches(doc: Document) -> list[re.Match[str]]:
    found = list(P.MONEY_SYMBOL.finditer(doc.text))
    found.extend(_at_numbers(doc, P.MONEY_WORDS))
    return sorted(found, key=lambda m: m.start())


# "tax on earnings above 60,000 euros a year": a bracket's threshold is an amount.
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:earnings|incomes?|salary|salaries|wages|earners|earning|earn|earns)\s+(?:of\s+)?"
    r"(?:above|over|below|under|more\s+than|less\s+than|exceeding|up\s+to)\s+$",
    P.IGNORE,
)


_PER_COMMODITY = re.compile(
    # (a price per tonne is labelled money in the earlier sets, so it stays money)
    r"\s+(?:per|a|an|each)\s+(?:MWh|kWh|GWh|megawatt[\s-]hour|kilowatt[\s-]hour|litre|liter"
    r"|barrel|gallon)\b",
    P.IGNORE,
)


def find_money(doc: Document) -> list[Hit]:
    text = doc.text
    hits = []
    for m in _money_matches(doc):
        if not _usable(doc, m.start(), m.end()):
            continue
        g = m.groupdict()
        raw = g.get("num") or g["num2"]
        scale = g.get("scale") or g.get("scale2")
        currency = P.currency_of(g.get("sym"), g.get("code") or g.get("code2"), g.get("word"))
        unit = _scaled(currency, scale)
        kind, end = "money", m.end()
        if _PER_COMMODITY.match(text, m.end()):
            continue  # "41 euros per MWh", "260 euros a tonne": a price the ledger has no kind for
        rate = P.RATE_AFTER.match(text, m.end())
        before = _before(doc, m.start(), 40)
        if rate and not _THRESHOLD_BEFORE.search(before):
            kind, end = "rate", rate.end()
            unit = f"{unit}/{P.period_of(rate.group('per') or rate.group('adv'))}"
        elif not rate and P.last_word(before) == "from":
            # "will rise to 131 euros a month, from 118 euros": the start in the end's unit.
            sentence_start = doc.sentence_at(m.start()).start
            prior = next((h for h in reversed(hits) if h.start >= sentence_start), None)
            if prior and prior.kind == "rate" and prior.unit.startswith(f"{unit}/"):
                kind, unit = "rate", prior.unit
        after = _MONEY_AFTER.match(text, end)
        subject = after.group(1).strip() if after else ""
        subject = " ".join(w for w in subject.split() if w not in _SUBJECT_STOP)
        hit = Hit(kind, _number(raw), unit, m.start(), end, subject, confidence=0.9)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


# --- counts and durations -------------------------------------------------------------------
def _not_a_figure(doc: Document, start: int, raw: str, scale: str | None) -> bool:
    """Years, "one", "the two leaders", references ("Article 5") and ages are no figures."""
    value = _number(raw)
    if numbers.is_words(raw):
        if value == 1 and not scale:
            return True  # "one official said", "at one point"
        before = _before(doc, start, 24)
        last = P.last_word(before)
        if last == "only" and P.last_word(before.rstrip()[: -len("only")]) not in P.DEFINITE_BEFORE:
            return False  # "Only three trucks got through" (but "the only two survivors")
        if last in P.DEFINITE_BEFORE:
            return True
    elif not scale and "," not in raw and "." not in raw and YEAR_MIN <= value <= YEAR_MAX:
        return True  # a bare 4-digit 1900-2100 is a year
    before = _before(doc, start, 16)
    if before and not before[-1].isspace():
        return False  # glued: "Q3" never reaches here; "(5" is not a reference
    if _NUMBER_VERB.search(before):
        return False  # "staff would number 800": a verb, not "number 8"
    return P.last_word(before) in P.REFERENCE_BEFORE


_NUMBER_VERB = re.compile(r"\b(?:would|will|to|could|might|may|now)\s+number\s+$", P.IGNORE)


def find_counts(doc: Document) -> list[Hit]:
    """Numbers followed by what they count: "800,000 troops", "a 20-point plan", "1,398
    days" (a duration), "1.9 million passengers a day" (a rate), "two dozen units"."""
    text = doc.text
    hits = []
    for m in _at_numbers(doc, P.COUNT):
        if not _usable(doc, m.start(), m.end()):
            continue
        raw, scale = m.group("num"), m.group("scale")
        compound = (m.group("compound") or "").lower()
        if _not_a_figure(doc, m.start(), raw, scale) and not (
            compound in _PLAN_SIZE_COMPOUNDS and numbers.is_words(raw) and _number(raw) > 1
        ):
            continue  # (but "the seven-point accord" states the accord's size)
        unit = _scaled("count", scale)
        if compound and compound not in _PLAN_SIZE_COMPOUNDS and numbers.is_words(raw):
            continue  # "three-party", "five-nation": a descriptor, not a figure
        if (
            compound in _PLAN_SIZE_COMPOUNDS
            and _NAMED_PLAN_BEFORE.search(_before(doc, m.start(), 30))
            and not (
                _SUBJECT_THE.fullmatch(_before(doc, m.start(), 30))
                and not re.search(rf"\b{re.escape(raw)}-{compound}", text[: m.start()], P.IGNORE)
            )
        ):
            # "a deal based on the mediators' 20-point plan", "what is in the 20-point
            # plan?": the plan named again, its size known; but "The 14-point framework tabled
            # last week by …" opening its sentence, the first time, states it (round 20).
            continue
        compounded = m.group("compound")
        hit = _compound_count(text, m, unit) if compounded else _noun_count(doc, m, unit)
        if hit is not None:
            hits.append(_qualify(doc, hit, m.start()))
    return hits


_SUBJECT_THE = re.compile(r"(?:[^\n]*\n)?\s*The\s+")
_NAMED_PLAN_BEFORE = re.compile(r"\b(?:the|this|that)\s+$|[a-z]s['’]\s+$", P.IGNORE)


def _compound_count(text: str, m: re.Match[str], unit: str) -> Hit:
    compound = m.group("compound").lower()
    found, end = _modifiers_and_head(text, m.end(), proposal_heads=True)
    phrase = " ".join(found)
    plural = P.COMPOUND_PLURAL[compound]
    subject = f"{plural} in {phrase}" if plural and phrase else (plural or phrase)
    return Hit(
        "count",
        _number(m.group("num")),
        unit,
        m.start(),
        end if found else m.end(),
        subject,
        confidence=0.8,
        point_count=compound in _PLAN_SIZE_COMPOUNDS,
    )


_PLAN_SIZE_COMPOUNDS = frozenset({"point", "part", "step", "stage", "phase", "pillar"})


def _modifiers_and_head(text: str, pos: int, proposal_heads: bool) -> tuple[list[str], int]:
    """The short noun phrase after a compound: "peace plan" in "20-point peace plan"."""
    found: list[str] = []
    end = pos
    for _ in range(_MAX_COUNT_MODIFIERS):
        t = _TOKEN.match(text, end)
        if not t:
            break
        word = t.group(1).rstrip(".,;:")
        if word.lower() in P.COUNT_STOP or word.lower() in _SUBJECT_STOP:
            break
        found.append(word)
        end = t.start(1) + len(word)
        if word != t.group(1) or (proposal_heads and word.lower() in _PROPOSAL_HEADS):
            break
    return found, end


_PROPOSAL_HEADS = words("plan plans draft drafts proposal deal agreement treaty pact")


def _is_head(word: str) -> bool:
    low = word.lower()
    if low in P.IRREGULAR_PLURALS or low in P.DURATIONS:
        return True
    return (
        low.endswith("s")
        and len(low) > 3
        and low not in P.NOT_PLURAL
        and not low.endswith(("ss", "us", "is", "ous"))
    )


# "stocks … enough for 38 days": how long something lasts is measured, not a frame.
_MEASURED_TIME = re.compile(r"\b(?:enough|sufficient|last(?:s|ed)?)\s+(?:for\s+)?$", P.IGNORE)
_TIME_PART_BEFORE = re.compile(r"\b(?:hours?|minutes?),?\s+(?:and\s+)?$", P.IGNORE)
_AFTER_BEFORE = re.compile(r"\bafter\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+)?$", P.IGNORE)
_OF_AFTER = re.compile(r"\s+of\s+[a-z]")
_TO_GO = re.compile(r"\s+to\s+go\b", P.IGNORE)  # "three weeks to go": a countdown
_SPELL_OF = re.compile(
    r"\s+of\s+(?:(?:on-off|peace|direct|fruitless|fierce|heavy)\s+)?(?:talks|war|fighting"
    r"|shelling|conflict|negotiations?|siege|blockade|decline|drought|strikes?)\b",
    P.IGNORE,
)
# "… mm of rain fell on the upper valley in": the rain's own clause ("more than the city
# usually receives in four months" compares with a period, it does not time the rain).
_RAIN_BEFORE = re.compile(
    r"\b(?:mm|millimetres|cm|centimetres)\s+(?:of\s+(?:rain|snow)\b|fell\b)[^,;]*$", P.IGNORE
)
_DONE_IN_BEFORE = re.compile(
    r"\b(?:open|opens|reopen|build|built|finish|finished|complete|completed|ready|done|clear"
    r"|cleared|it|this)\s+in\s*$",
    P.IGNORE,
)
_CHANGED_BY_BEFORE = re.compile(
    r"\b(?:fallen|fell|falls?|risen|rose|rises?|dropped|increased|decreased|extended|shortened"
    r"|lengthened|delayed|grown|grew)\s+by\s+" + _QUANTIFIER + "$",
    P.IGNORE,
)
_POINTS_AFTER = re.compile(r"\s+points?\b", P.IGNORE)
# "within 60 days", "over five years": how long a term runs or may take is a duration news
# states (a deadline in a plan, the span of a fund); "within five minutes of schedule" is a
# threshold that defines a group.
_TERM_BEFORE = re.compile(
    r"\b(?:within|over)\s+(?:about\s+|roughly\s+|nearly\s+|some\s+|up\s+to\s+)?$", P.IGNORE
)
_THRESHOLD_AFTER = re.compile(
    r"\s+(?:of|late|early)\s+(?:the\s+|its\s+)?(?:schedule|timetable)", P.IGNORE
)
_SIGNING_AFTER = re.compile(
    r"\s+after\s+(?:signing|the\s+signing|(?:a|the)\s+(?:ceasefire|deal|truce|accord|agreement)"
    r"\s+(?:is|was|has\s+been)\s+signed)\b",
    P.IGNORE,
)


# "300 soldiers on each side every week": whose count, then the period.
_EACH_AFTER = re.compile(r"\s+(?:on|in|at|for)\s+(?:each|either|both)\s+[a-z]+", P.IGNORE)


# "61,000 working days", "three strike days": days counted as units of work, not a span.
_DAYS_COUNTED = words("working work strike sick man person school lost")


def _noun_count(doc: Document, m: re.Match[str], unit: str) -> Hit | None:
    text = doc.text
    raw = m.group("num")
    points = _POINTS_AFTER.match(text, m.end())
    if points:
        return _points_count(doc, m, unit, points.end())
    found: list[str] = []
    end = m.end()
    head = ""
    for _ in range(_MAX_COUNT_MODIFIERS + 1):
        t = _TOKEN.match(text, end)
        if not t:
            break
        word = t.group(1).rstrip(".,;:")
        low = word.lower()
        if low in P.COUNT_STOP or low in _SUBJECT_STOP or word in P.MONTHS or word in P.WEEKDAYS:
            break
        found.append(word)
        end = t.start(1) + len(word)
        if _is_head(word):
            head = low
            break
        if word != t.group(1):  # punctuation ends the phrase
            break
    if not head:
        return None
    value = _number(raw)
    if head in P.DURATIONS and not _DAYS_COUNTED.intersection(w.lower() for w in found):
        # Only a duration reads the words before it: most counts never need them.
        before = _tail(_before(doc, m.start(), 40), 5)
        framed = P.PERIOD_BEFORE.search(before) and not _MEASURED_TIME.search(before, 0)
        if head in ("seconds", "minutes") and before.rstrip().lower().endswith(" in"):
            framed = None  # "scoops 6,000 litres in twelve seconds": a time measured
        if framed and _CHANGED_BY_BEFORE.search(before):
            framed = None  # "having fallen by 1.8 years": the size of a change in a span
        if _AFTER_BEFORE.search(before) and _OF_AFTER.match(text, end):
            # "after three years of war": when, not how long something took; but "after 19
            # months of talks" says how long the talks ran (round 20, as sets 7 to 18 read it)
            framed = None if _SPELL_OF.match(text, end) else True
        if (
            framed
            and before.rstrip().lower().endswith(" in")
            and (
                _RAIN_BEFORE.search(_before(doc, m.start(), 90).rstrip()[:-2])
                or _DONE_IN_BEFORE.search(before)
            )
        ):
            # "142 mm of rain fell on the hills in 48 hours", "would open in 18 months": how
            # long it took or will take.
            framed = None
        if framed and _TERM_BEFORE.search(before) and not _THRESHOLD_AFTER.match(text, end):
            framed = None  # "leave within 60 days", "1.5 billion euros over five years": a term
        after = P.DURATION_AFTER.match(text, end)
        if after and _SIGNING_AFTER.match(text, end):
            after = None  # "a ceasefire 72 hours after signing": a term of the deal
        if framed or after or _TO_GO.match(text, end):
            return None  # "over 20 years", "within 90 days", "5 years ago", "years of experience"
        if _TIME_PART_BEFORE.search(before):
            return None  # "in 2 hours, 1 minute and 9 seconds": a part of a time, not a claim
        if m.group("scale"):
            return None
        return Hit("duration", value, P.DURATION_UNITS[head], m.start(), end, "", confidence=0.6)
    if "." in raw and not m.group("scale"):
        return None  # "2.5 people" is not a count
    each = _EACH_AFTER.match(text, end)
    rate = P.RATE_AFTER.match(text, each.end() if each else end)
    if rate:
        per = P.period_of(rate.group("per") or rate.group("adv"))
        subject = " ".join(found)
        return Hit("rate", value, f"{unit}/{per}", m.start(), rate.end(), subject, family="count")
    typical = _TYPICAL_PERIOD.match(text, doc.sentence_at(m.start()).start)
    if typical:
        # "On a normal day about 3,100 lorries come through": a count per day.
        per = typical.group("per").lower()
        return Hit("rate", value, f"{unit}/{per}", m.start(), end, " ".join(found), family="count")
    return Hit("count", value, unit, m.start(), end, " ".join(found), confidence=0.75)


_DOCUMENT = re.compile(r"\b(?:text|document|version|blueprint)\b", P.IGNORE)
_OF_THE_BEFORE = re.compile(r"\bof\s+the\s+$", P.IGNORE)


def _plan_context(doc: Document, pos: int) -> bool:
    """A plan or its text named in the sentence or the one before it in its paragraph."""
    sentence = doc.sentence_at(pos)
    first = doc.previous(sentence) or sentence
    text = doc.text
    return any(rx.search(text, first.start, sentence.end) for rx in (P.PLAN_CONTEXT, _DOCUMENT))


_MARGIN = re.compile(r"\bmargins?\s+of\s+error\b", P.IGNORE)


def _margin_before(doc: Document, pos: int) -> bool:
    """ "the margin of error on each poll is about 3 points": a poll's precision."""
    return bool(_MARGIN.search(doc.text, doc.sentence_at(pos).start, pos))


# "support has fallen 12 points", "7.2 million tonnes …, down 18% from 8.8 million": a move
# of the figure before it (points of a share, whatever plan the text is about; a change in
# percent whose start is in the level's unit).
_MOVED_BEFORE = re.compile(
    r"\b(?:fallen|fell|falls|risen|rose|rises|dropped|drops|gained|gains|lost|slipped|climbed"
    r"|jumped|up|down|rising|falling|a\s+(?:rise|drop|fall|cut)\s+of)\s+(?:by\s+)?$",
    P.IGNORE,
)


def _points_count(doc: Document, m: re.Match[str], unit: str, end: int) -> Hit | None:
    """ "an initial 28 points" of a plan, "94 points" in a league; else not a count."""
    sentence = doc.sentence_at(m.start())
    text = doc.text
    if _OF_THE_BEFORE.search(_before(doc, m.start(), 10)):
        if _plan_context(doc, m.start()):
            # "accepted 11 of the 16 points": the plan's size restated (round 20, as sets 7
            # to 18 label it)
            return Hit(
                "count", _number(m.group("num")), unit, m.start(), end, "points", point_count=True
            )
        return None  # "11 of the 20 points" of a league: the whole named again
    if _margin_before(doc, m.start()):
        return None
    if _plan_context(doc, m.start()) and not _MOVED_BEFORE.search(_before(doc, m.start(), 16)):
        value = _number(m.group("num"))
        return Hit("count", value, unit, m.start(), end, "points", point_count=True)
    if P.SPORT_CONTEXT.search(text, sentence.start, sentence.end):
        return Hit("count", _number(m.group("num")), unit, m.start(), end, "points")
    return None


def _part(group: str, unit: str) -> str:
    return rf"(?P<{group}>{numbers.NUM})\s+{unit}s?\b"


COMPOUND_DURATION = re.compile(
    P._LB
    + r"(?:"
    + _part("h", "hour")
    + r"(?:,?\s+(?:and\s+)?"
    + _part("m", "minute")
    + r")?(?:,?\s+(?:and\s+)?"
    + _part("s", "second")
    + r")?|"
    + _part("m2", "minute")
    + r",?\s+(?:and\s+)?"
    + _part("s2", "second")
    + r")",
    P.IGNORE,
)
# "11 weeks and 3 days", "three days and 14 hours", "two years and five months": one span.
COMPOUND_LONG = re.compile(
    P._LB
    + r"(?P<a>"
    + numbers.NUM
    + r")\s+(?P<ua>year|week|day)s?,?\s+(?:and\s+)?(?P<b>"
    + numbers.NUM
    + r")\s+(?P<ub>month|day|hour)s?\b",
    P.IGNORE,
)
# The larger unit of a compound duration in the smaller one.
_LONG_FACTORS = {("year", "month"): 12, ("week", "day"): 7, ("day", "hour"): 24}
CLOCK_DURATION = re.compile(r"(?<![\w:.])(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d)(?![\w:])")
# "a 72-hour pause", "a six-month moratorium", "a five-year contract": how long it lasts.
SPAN_ADJECTIVE = re.compile(
    P._LB + rf"(?P<n>{numbers.NUM})-(?P<u>hour|day|week|month|year)\s+"
    r"(?:(?:humanitarian|temporary|total|full|partial|renewable|new|initial)\s+)?"
    r"(?:pause|ceasefire|truce|moratorium|ban|suspension|halt|extension|contract|lease"
    r"|sentence|deferral|grace\s+period)\b",
    P.IGNORE,
)
UNDER_A = re.compile(
    r"(?=[lLuUjJwW])(?P<q>less\s+than|under|just\s+under|within)\s+(?:a|one)\s+(?P<u>second|minute)\b",
    P.IGNORE,
)


def find_compound_durations(doc: Document) -> list[Hit]:
    """One duration in its smallest unit: "2 hours 17 minutes 41 seconds" 8261 s, "two hours
    and 40 minutes" 160 min, "2:06:02" 7562 s; "less than a second" (1 s, upper bound)."""
    hits = []
    for m in _at_numbers(doc, COMPOUND_DURATION, near=(" hour", " minute"), width=40):
        parts = {k: v for k, v in m.groupdict().items() if v}
        if len(parts) < 2 or not _usable(doc, m.start(), m.end()):
            continue
        seconds = numbers.value(parts.get("s") or parts.get("s2") or "0")
        minutes = numbers.value(parts.get("m") or parts.get("m2") or "0")
        hours = numbers.value(parts.get("h", "0"))
        if "s" in parts or "s2" in parts:
            value, unit = hours * 3600 + minutes * 60 + seconds, "s"
        else:
            value, unit = hours * 60 + minutes, "min"
        hits.append(Hit("duration", value, unit, m.start(), m.end(), confidence=0.7))
    for m in _at_numbers(doc, COMPOUND_LONG, near=(" and ", ", "), width=30):
        pair = (m.group("ua").lower(), m.group("ub").lower())
        if pair in _LONG_FACTORS and _usable(doc, m.start(), m.end()):
            value = numbers.value(m.group("a")) * _LONG_FACTORS[pair] + numbers.value(m.group("b"))
            unit = P.DURATION_UNITS[pair[1] + "s"]
            hits.append(Hit("duration", value, unit, m.start(), m.end(), confidence=0.7))
    for m in CLOCK_DURATION.finditer(doc.text):
        if _usable(doc, m.start(), m.end()):
            h, mi, sec = (int(m.group(g)) for g in ("h", "m", "s"))
            value = Decimal(h * 3600 + mi * 60 + sec)
            hits.append(Hit("duration", value, "s", m.start(), m.end(), confidence=0.6))
    for m in _at_numbers(doc, SPAN_ADJECTIVE, near=("-",), width=12):
        if _usable(doc, m.start(), m.end()):
            unit = P.DURATION_UNITS[m.group("u").lower() + "s"]
            value = numbers.value(m.group("n"))
            hits.append(Hit("duration", value, unit, m.start(), m.end("u"), confidence=0.6))
    for m in UNDER_A.finditer(doc.text):
        if _usable(doc, m.start(), m.end()) and m.group("q").lower() != "within":
            unit = "s" if m.group("u").lower() == "second" else "min"
            hit = Hit("duration", Decimal(1), unit, m.start(), m.end(), upper=Decimal(1))
            hits.append(replace(hit, approximate=True, bounds_stated=True, confidence=0.6))
    return hits


FINDERS: tuple[Callable[[Document], list[Hit]], ...] = (
    find_compound_durations,
    find_multiples,
    find_money,
    find_areas,
    find_measures,
    find_points,
    find_ratios,
    find_percentages,
    find_fractions,
    find_counts,
)


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep one hit per stretch of text: the higher-priority family, then the longer span.

    A byte per character marks what is taken, so each hit is checked and marked in time
    proportional to its own length, however many hits there are.
    """
    ranked = sorted(hits, key=lambda h: (h.priority, -(h.end - h.start), h.start))
    end = max((h.end for h in hits), default=0)
    taken = bytearray(end)
    kept = []
    for hit in ranked:
        if taken.find(1, hit.start, hit.end) == -1:
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))


# --- bare numbers ----------------------------------------------------------------------------
# A gap between two figures that makes them items of one list.
_LIST_WORDS = words(
    """and or then while whereas versus vs vs. against from to compared with up down another plus
    average an a the of in for at by respectively some about around nearly almost roughly over
    under more than less just each on"""
)
_LIST_SEPARATOR = re.compile(r"[,;(]|\b(?:and|or|then|versus|vs|against|another|of|plus)\b")
_GAP_TOKEN = re.compile(r"[^\s,;()]+")
_MAX_GAP = 60
_TIGHT_GAP = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|to|–|-)\s*\(?", P.IGNORE)
_FROM_BEFORE = re.compile(
    r"(?:\b(?:up|down)\s+from|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bvs\.?|\bfrom)\s+"
    r"(?:(?:about|around|roughly|some|nearly|almost|over|under|an\s+average\s+of"
    r"|an?\s+(?:initial|original|earlier)|the)\s+)?$",
    P.IGNORE,
)
_FROM_TO_GAP = re.compile(r"\s+to\s+")
_VERB_AFTER = re.compile(
    r"\s+(?:people\s+|of\s+them\s+)?(?:have\s+|has\s+|had\s+|were\s+|are\s+|was\s+|is\s+"
    r"|remain\s+|remained\s+|are\s+still\s+|were\s+still\s+)?(?:been\s+)?(?:still\s+)?"
    r"(?:since\s+|already\s+|now\s+)?"
    r"(?P<verb>returned|finished|died|dead|killed|injured|wounded|missing|displaced|evacuated|arrested|detained"
    r"|rescued|hurt|hospitali[sz]ed|infected|sheltered|homeless|affected|stranded|trapped"
    r"|damaged|destroyed|confirmed|employed|unemployed|enrolled|registered|vaccinated"
    r"|deported|jailed|fled|refused|survived|stayed|remain|remained|needed|living"
    # "more than 12,000 have been ordered out": done to that many
    r"|(?<=been\s)[a-z]+ed)\b(?![\w-])(?!(?<!died)\s+of\b|\s+in\s+\d)",
    P.IGNORE,
)
_PARTICIPLES = words("dead wounded injured missing displaced victims killed")
_OF_THEM = re.compile(r"\s+of\s+(?:them|those|whom)\b", P.IGNORE)
# "Medical incidents: 312, of which 19 needed hospital care": a part of the count before.
_OF_WHICH_BEFORE = re.compile(
    r"\bof\s+(?:which|whom|these|those|them)\s+(?:there\s+(?:are|were|is)\s+)?(?:\w+\s+)?$",
    P.IGNORE,
)
# "a monitoring force of 4,000", "a leading group of five": the noun before counts.
_GROUP_OF = re.compile(
    r"\b(?P<noun>force|group|contingent|fleet|team|crowd|workforce|delegation|convoy|herd|flock"
    r"|army|garrison|staff|squad|field|column|caravan|community|population|mission|corps"
    r"|brigade|battalion|workforce)\s+of\s+"
    r"(?:(?:about|around|roughly|some|nearly|almost|more\s+than|over|under|at\s+least|up\s+to"
    r"|at\s+most)\s+)?$",
    P.IGNORE,
)
# "1,300 head of cattle": a count of the animals named after "head of".
_HEAD_OF = re.compile(r"\s+head\s+of\s+([a-z]+)", P.IGNORE)
# A fact box's line: "Firefighters deployed: 6,200", "Homes destroyed: at least 1,900".
_FACT_LABEL = re.compile(r"(?P<label>[A-Z][\w'’ -]{1,50}):\s+[\"“]?(?:\w+\s+){0,2}$")
# "150 a day"; "455,000 a year earlier" is a point in time, not a rate.
_BARE_RATE = re.compile(
    r"\s+(?:a|an|per|each)\s+(?P<per>day|week|month|year|hour)\b"
    r"(?!\s+(?:earlier|ago|later|previously|on|since|after)\b)",
    P.IGNORE,
)
_OF_THOSE = re.compile(r"\s+of\s+(?:those|these|the|them|all)\s+([a-z]+)", P.IGNORE)
# "74,000 of her company's customers" (in digits: "ten of its findings" lists a text's items).
_OF_THEIR = re.compile(r"\s+of\s+(?:its|their|his|her|our)(?:\s+[a-z]+['’]s)?\s+([a-z]+)", P.IGNORE)
_TO_CHANGE = re.compile(
    r"\b(?:is|was|are|were|be|been|stood\s+at|stands?\s+at|reached|reach(?:es)?|rose\s+to"
    r"|rises?\s+to|risen\s+to|fell\s+to|falls?\s+to|fallen\s+to|dropped\s+to|drops?\s+to"
    r"|climbed\s+to|climbs?\s+to|grew\s+to|grows?\s+to|increased\s+to|decreased\s+to"
    r"|declined\s+to|jumped\s+to|down\s+to|totall?ed|totals?|numbered|capped\s+at|set\s+at|put\s+at"
    # "the army would be limited to", "cut from", "no larger than", "would number".
    r"|(?:limited|cut|reduced|trimmed|lowered|raised|shrunk|expanded)\s+(?:to|from)|from"
    r"|no\s+(?:larger|bigger|more|higher|smaller|fewer)\s+than|(?:would|will|to|could)\s+number"
    r"|estimated\s+at|hit|hits|top|tops|topped|exceed|exceeds|exceeded|pass|passes|passed"
    r"|surpass(?:es|ed)?"
    # "kept to no more than", "unchanged at", "now numbers", "set no higher than".
    r"|(?:kept|keep|keeps|held|hold|holds)\s+(?:to|at|below|under)|unchanged\s+at|steady\s+at"
    r"|numbers|number(?=\s+(?:about|around|roughly|some|nearly|almost|more|over|at|up|just))"
    r"|(?<=now\s)number"
    r"|set|(?:set\s+)?no\s+(?:higher|lower|greater|less)\s+than"
    r"|(?:rose|fell|dropped|climbed|grew|increased|decreased|declined|jumped|slipped|risen"
    r"|fallen|grown)\s+(?:by\s+)?[\d.,]+(?:%|\s+per\s?cent)?\s+to"
    r")\s+(?P<q>(?:about|around|roughly|some|nearly"
    r"|almost|more\s+than|over|under|just\s+over|just\s+under|fewer\s+than|less\s+than"
    r"|at\s+least|up\s+to|an\s+estimated|no\s+more\s+than|no\s+fewer\s+than)\s+)?$",
    P.IGNORE,
)
_CHANGE_TO_BEFORE = re.compile(
    r"\b(?:fell|rose|dropped|climbed|grew|increased|decreased|declined|jumped|shrank|slipped"
    r"|edged|cut|trimmed|reduced|lowered|raised)(?:\s+by\s+[^,.;]{1,30})?,?\s+to\s+$",
    P.IGNORE,
)
_RELATIVE = re.compile(r"[\s,]*(?:which|who|that)\s", re.IGNORECASE)
_SUBJECT_BREAK = words(
    """in of on at by for from with to into over under between among across during after
    before since than that which who whose issued held granted recorded reported"""
)
_AUXILIARIES = words(
    "has have had will would could can may might must should be been is was are were"
)
_COUNT_COLLECTIVES = words(
    """number total toll tally population personnel staff workforce attendance membership
    enrolment enrollment crowd casualties headcount army force forces fleet workforce
    garrison herd militia navy police crew count"""
)
_NOT_COUNTED = words(
    """rate rates share shares price prices cost costs value values growth inflation gdp
    temperature temperatures level levels index score scores ratio percentage proportion
    average age ages debt deficit revenue revenues spending budget income output production
    capacity turnout unemployment rainfall speed distance height depth length weight area
    areas sales exports imports emissions figure figures degrees decades centuries"""
)
_REPORTING = re.compile(
    r"^.*\b(?:said|says|say|told|reported|found|showed|shows|estimates|estimated|noted"
    r"|added|warned|stated|announced|insisted|argued|believes|expects|expected|predicted)"
    r"\s+(?:that\s+)?",
    P.IGNORE,
)
_DATE_AFTER = re.compile(
    rf"\s*(?:(?:and|to|-|–)\s*\d{{1,2}}\s+)?(?:{'|'.join(sorted(P.MONTHS))})\b"
)
_TIME_NOUN_AFTER = re.compile(
    r"\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", P.IGNORE
)
_BARE_STOP_AFTER = re.compile(
    r"(?:\s*-\s*\d|\s*%|\s*(?:a\.m|p\.m|am|pm|o'clock|gmt|utc)\b|\s+per\s?cent"
    # Not across a line break: "2,150" ending a list item before "More …" is a figure.
    r"|[^\S\n]+(?:more|fewer|less|times|higher|lower|better|worse)\b)",
    P.IGNORE,
)


def find_bare(doc: Document, hits: list[Hit]) -> list[Hit]:
    """Figures whose unit or noun is not right after them, read from the clause (see module
    docstring). ``hits`` are the resolved hits; returns them with the bare figures added."""
    revisions = {doc.sentence_at(r.start()).index for r in _REVISION.finditer(doc.text)}
    hits = [h for h in hits if not _no_claim(doc, h, revisions)]
    starts = [h.start for h in hits]
    pending = []
    for m in _at_numbers(doc, P.BARE):
        start, end = m.span()
        i = bisect_right(starts, start)
        if i > 0 and hits[i - 1].end > start:
            continue  # inside a hit
        if i < len(hits) and hits[i].start < end:
            continue
        if doc.sentence_at(start).index in revisions:
            continue
        if not _usable(doc, start, end) or _bare_excluded(doc, m):
            continue
        pending.append(m)
    # Left to right: siblings before, verbs and subjects. ``merged`` holds every hit in text
    # order as it grows, so each number's previous hit is its last item.
    merged: list[Hit] = []
    unresolved: list[tuple[re.Match[str], int]] = []
    i = 0
    for m in pending:
        while i < len(hits) and hits[i].start < m.start():
            merged.append(hits[i])
            i += 1
        previous = _level_of_change(doc, m, merged)
        hit = (
            _from_table_intro(doc, m)
            or _from_pipe_table(doc, m)
            or _from_sibling_before(doc, m, previous)
            or _from_clause(doc, m)
        )
        if hit is None:
            unresolved.append((m, len(merged)))
        else:
            merged.append(_qualify(doc, hit, m.start()))
    merged.extend(hits[i:])
    # Right to left, for lists whose unit comes last ("five, ten or forty kilometres"): the
    # next hit is the nearer of the next one found so far and the last one made here.
    added: list[Hit] = []
    for m, index in reversed(unresolved):
        following = merged[index] if index < len(merged) else None
        if (
            added
            and added[-1].start >= m.end()
            and (following is None or added[-1].start < following.start)
        ):
            following = added[-1]
        hit = (
            _from_sibling_after(doc, m, following)
            or _from_paragraph(doc, m, merged, index)
            or _from_named_list(doc, m, merged, index)
        )
        if hit is not None:
            added.append(_qualify(doc, hit, m.start()))
    found = [h for h in merged + added if not _counts_a_named_list(doc, h)]
    found.extend(_signed_changes(doc, found))
    return sorted(found, key=lambda h: (h.start, h.end))


# "Kestrel Alliance: 31% (+2)", "Eastern Rim: 68.2 (-0.2)": the change in brackets, in the
# figure's unit (a share's change in points).
_SIGNED_CHANGE = re.compile(r"\s?\((?P<sign>[+\-−–])\s?(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\)")


def _signed_changes(doc: Document, hits: list[Hit]) -> list[Hit]:
    out = []
    for hit in hits:
        m = _SIGNED_CHANGE.match(doc.text, hit.end)
        if m is None or hit.kind in ("proposal", "ratio") or not hit.carries:
            continue
        value = _number(m.group("num").replace(",", "."))
        if m.group("sign") != "+":
            value = -value
        kind, unit = hit.kind, hit.unit
        if kind == "percentage":
            kind, unit = "percentage_points", "pp"
        elif " " in unit:
            continue  # "4.6 million (+0.2)": the change's scale is not stated
        start = m.start("sign")
        out.append(Hit(kind, value, unit, start, m.end("num"), hit.subject, confidence=0.6))
    return out


_PER_NUMBER_AFTER = re.compile(r"\s+per\s+\d")
# A statistics release's revision note restates an old figure: "was revised to 5.8% from 5.7%".
_REVISION = re.compile(
    r"\bRevisions?\s*:|\brevised\s+(?:(?:up|down|upwards?|downwards?)\s+)?(?:to|from)\b", P.IGNORE
)
# "one adult in eight spent more than a tenth of their income", "households that spend over
# 10% of their budget on fuel": the share defines who is counted; it is no claim of its own.
_THRESHOLD_SHARE = re.compile(
    r"\b(?:that|who|in\s+[a-z]+)\s+(?:[a-z]+\s+)?(?:spend|spends|spent|earn|earns|earned|pay|pays"
    r"|paid)\s+$",
    P.IGNORE,
)
# "according to three officials", "two people who have read it": who the sources are.
_SOURCES = words("officials people sources diplomats aides persons insiders negotiators")
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+$", P.IGNORE)
_SOURCE_AFTER = re.compile(
    r"(?:\s+(?:briefed|familiar|close\s+to|with\s+(?:direct\s+)?knowledge|involved\s+in"
    r"|who\s+(?:have|had|has)\s+(?:read|seen|been\s+briefed)"
    # "two officials at the council said", "Two senior officials, speaking on condition …"
    r"|(?:at|in|from)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:said|say|told)"
    r"|said|say|told)|,\s+(?:speaking|who\s+asked))\b",
    P.IGNORE,
)
# The sources' head count before their noun: "two senior Alliance officials".
_SOURCE_COUNTED = re.compile(
    r"\s+(?:(?:senior|junior|western|european|local|government|party|[A-Z][\w-]+)\s+){0,2}"
    rf"(?:{'|'.join(sorted(_SOURCES))})\b",
)
# "three states (Varra 1,240, Osso 860 and Lema 515)": how many items a list names.
_NAMED_LIST_AFTER = re.compile(r"[^().;]{0,60}\(\s*[A-Z][\w'’ -]{0,30}\s\d")
# "in three stages", "over the past three winters": how a plan is phased, a span of time.
_PHASES = words("stages phases tranches")
_SEASONS = words("winters summers springs autumns seasons")
_SEASON_BEFORE = re.compile(r"\b(?:through|for|over|in|the\s+past|the\s+last)\s+$", P.IGNORE)


def _no_claim(doc: Document, hit: Hit, revisions: set[int]) -> bool:
    """Figures that are no claim of their own, whatever family found them (``revisions``:
    the indexes of the sentences that note a revision)."""
    if doc.sentence_at(hit.start).index in revisions:
        return True
    if hit.kind == "percentage" and _THRESHOLD_SHARE.search(_before(doc, hit.start, 50)):
        return True
    if hit.kind != "count" or hit.family:
        return False
    head = hit.subject.rsplit(" ", 1)[-1].lower()
    before = _before(doc, hit.start, 20)
    if head in _SOURCES and (
        _ACCORDING_TO.search(before) or _SOURCE_AFTER.match(doc.text, hit.end)
    ):
        return True
    if head in _SEASONS and _SEASON_BEFORE.search(before):
        return True
    if head in _PHASES and P.last_word(before) == "in":
        return True
    return P.last_word(before) == "per"  # "36 per 1,000 live births": the base of a rate


def _counts_a_named_list(doc: Document, hit: Hit) -> bool:
    """ "three districts (Oda 4,950, Harrow 2,870, Kell 1,640)": how many items the list
    names, no claim itself (though its noun is what the items count)."""
    if hit.kind != "count" or hit.family or hit.value > 12:
        return False
    if doc.text[hit.start : hit.start + 1].isdigit():
        return False
    return bool(_NAMED_LIST_AFTER.match(doc.text, hit.end, doc.sentence_at(hit.start).end))


# "9 of the 17 points": the whole, named again.
_PART_OF_BEFORE = re.compile(r"\d\s+of\s+the\s+$")


def _bare_excluded(doc: Document, m: re.Match[str]) -> bool:
    text = doc.text
    if _PART_OF_BEFORE.search(_before(doc, m.start(), 12)):
        return True
    if _PER_NUMBER_AFTER.match(text, m.end()) or P.last_word(_before(doc, m.start(), 8)) == "per":
        return True  # "212 per 100,000 live births": a rate the ledger cannot store
    raw, scale = m.group("num"), m.group("scale")
    if _not_a_figure(doc, m.start(), raw, scale):
        return True
    if m.start() > 1 and text[m.start() - 1] == "-" and text[m.start() - 2].isdigit():
        return True  # "3-1", "2025-26"
    if text[m.end() : m.end() + 1] == "-" and text[m.end() + 1 : m.end() + 2].isalpha():
        return True  # "a six-month pause": a descriptor, it borrows no sibling's unit
    if _BARE_STOP_AFTER.match(text, m.end()):
        return True
    if _DATE_AFTER.match(text, m.end()):
        return True  # "22 and 27 January"
    if _CLOCK_AFTER.match(text, m.end()):
        return True  # "a pause of 72 hours from 06:00": a clock time
    if _AGE_FROM_BEFORE.search(_before(doc, m.start(), 28)):
        return True  # "raise the state pension age from 67 to 69": ages
    if _SOURCE_COUNTED.match(text, m.end()) and _SOURCE_AFTER.search(text, m.end(), m.end() + 90):
        return True  # "…, two people familiar with the talks said": how many sources

    if _TIME_NOUN_AFTER.match(text, m.end()):
        return True  # "in the 12 months to July": its own noun, a period; it borrows none
    value = _number(raw)
    # "women under 35": an age.
    return value <= MAX_AGE and P.last_word(_before(doc, m.start(), 12)) in P.AGE_BEFORE


_CLOCK_AFTER = re.compile(r":[0-5]\d\b")
_AGE_FROM_BEFORE = re.compile(r"\bage\s+(?:of\s+|from\s+|to\s+|at\s+)(?:\d{2}\s+to\s+)?$", P.IGNORE)
_SHARE_MOVED = re.compile(r"\b(?:up|down)\s+(?:by\s+)?$", P.IGNORE)


def _carried(hit: Hit, m: re.Match[str], sibling: Hit) -> Hit | None:
    """A bare figure with its sibling's kind, unit and subject."""
    value = _number(m.group("num"))
    unit = sibling.unit
    scale = m.group("scale")
    if scale:
        base = sibling.unit.split(" ", 1)[-1] if " " in sibling.unit else sibling.unit
        unit = _scaled(base, scale)
    elif " " in sibling.unit and value >= 1000:
        unit = sibling.unit.split(" ", 1)[1]  # "4.2 million, up from 310,000"
    if sibling.kind == "percentage" and value > 100:
        return None
    if sibling.kind == "percentage" and _SHARE_MOVED.search(
        m.string, max(0, m.start() - 12), m.start()
    ):
        # "is on 31%, down three": a share's move, in points ("from 21" is a share again).
        return replace(hit, kind="percentage_points", value=value, unit="pp", point_count=False)
    if sibling.kind == "count" and "." in m.group("num") and " " not in unit:
        return None
    rate = _BARE_RATE.match(m.string, m.end())
    if sibling.kind == "area" and rate:
        # "410 square kilometres, or roughly 14 a week": an area per week.
        per = P.period_of(rate.group("per"))
        hit = replace(hit, kind="area_rate", value=value, unit=f"{unit}/{per}", end=rate.end())
        return replace(hit, point_count=False)
    if sibling.kind == "count" and rate:
        # "two dozen trucks, against about 150 a day before": a count per day.
        per = P.period_of(rate.group("per"))
        return replace(
            hit,
            kind="rate",
            value=value,
            unit=f"{unit}/{per}",
            end=rate.end(),
            subject=sibling.subject,
            family="count",
            point_count=False,
        )
    return replace(
        hit,
        kind=sibling.kind,
        value=value,
        unit=unit,
        subject=sibling.subject,
        point_count=False,
    )


def _bare_hit(m: re.Match[str], kind: str = "count", subject: str = "") -> Hit:
    scale = m.group("scale")
    return Hit(
        kind,
        _number(m.group("num")),
        _scaled("count", scale),
        m.start(),
        m.end(),
        subject,
        confidence=0.6,
    )


def _list_gap(gap: str) -> bool:
    if len(gap) > _MAX_GAP or any(c.isdigit() for c in gap):
        return False
    if not _LIST_SEPARATOR.search(gap):
        return False
    tokens = _GAP_TOKEN.findall(gap)
    participles = 0
    for token in tokens:
        low = token.lower().rstrip(".")
        if low in _LIST_WORDS or token[:1].isupper():
            continue
        if low.endswith("ed") and participles == 0:
            participles += 1  # "14,500 homes destroyed and another 31,000 damaged"
            continue
        return False
    return True


# A table pasted as lines: "Forest lost, square kilometres, with change on the previous
# year:" then "Ithrel: 1,910, up 9%". The line's first figure is in the intro's unit.
_TABLE_ROW_START = re.compile(r"(?:[-•*]\s*)?[A-Z][^:\n]{0,48}:\s*[+\-−–]?$")
_TABLE_ROW = re.compile(r"(?:[-•*]\s*)?[A-Z][^:\n]{0,48}:\s*[+\-−–]?\d")
_INTRO_UNITS = (
    (re.compile(r"\bsquare\s+kilomet(?:re|er)s\b|\bkm²|\bkm2\b", P.IGNORE), "area", "km2"),
    (re.compile(r"\bhectares\b", P.IGNORE), "area", "ha"),
    (re.compile(r"\btonnes\b", P.IGNORE), "mass", "t"),
    (re.compile(r"\byears\b(?!\s+(?:to|ago|earlier|before))", P.IGNORE), "duration", "year"),
    (re.compile(r"\beuros\b|€", P.IGNORE), "money", "EUR"),
    (re.compile(r"\bdollars\b|\$", P.IGNORE), "money", "USD"),
)
# "Journeys by line", "Jobs by sector, change in jobs …": what each row counts.
_INTRO_COUNTED = re.compile(r"^(?:The\s+)?(?P<noun>[A-Z][a-z]+s)\s+(?:by|per|in|across)\b")


def _from_table_intro(doc: Document, m: re.Match[str]) -> Hit | None:
    """A table row's figure, in the unit its intro line names (see ``_TABLE_ROW_START``)."""
    text = doc.text
    line_start = text.rfind("\n", 0, m.start()) + 1
    if not line_start or not _TABLE_ROW_START.fullmatch(text, line_start, m.start()):
        return None
    # The intro is the nearest line ending in a colon in the row's block (no blank line
    # between), within 1,200 characters.
    block_start = max(text.rfind("\n\n", 0, line_start - 1) + 2, line_start - 1200)
    body = ""
    for line in reversed(text[block_start : line_start - 1].split("\n")):
        if line.strip().endswith(":"):
            body = line.strip()
            break
        if not _TABLE_ROW.match(line):
            return None  # a line of prose between: no table
    if not body:
        return None
    hit = _bare_hit(m)
    sign = text[m.start() - 1]  # the row-start pattern leaves at most a sign before it
    if sign in "-−–":
        hit = replace(hit, value=-hit.value, start=m.start() - 1)  # "Construction: -14,000"
    elif sign == "+":
        hit = replace(hit, start=m.start() - 1)
    for pattern, kind, unit in _INTRO_UNITS:
        if pattern.search(body):
            scale = m.group("scale")
            return replace(hit, kind=kind, unit=_scaled(unit, scale) if scale else unit)
    counted = _INTRO_COUNTED.match(body)
    if counted:
        return replace(hit, subject=counted.group("noun").lower())
    return None


# A table pasted with pipes (round 22): "River levels at 10:00" / "Station | River | Level
# now (m) | Record (m)" / "Colby Weir | Tarran | 5.8 | 5.4". A cell that is a bare number
# takes its unit from its column's header, else from the table's title line; a header that
# names what is counted ("Vessels seized") makes it a count.
_HEADER_UNITS = (
    (re.compile(r"%|\bper\s?cent\b|\bpercent\b|\bshare\b", P.IGNORE), "percentage", "percent"),
    (re.compile(r"\((?:m|metres)\)"), "length", "m"),
    (re.compile(r"\((?:km|kilometres)\)"), "length", "km"),
    (re.compile(r"\((?:mm|millimetres)\)"), "length", "mm"),
    (re.compile(r"\(GW\)|\bgigawatts\b", P.IGNORE), "power", "GW"),
    (re.compile(r"\(MW\)|\bmegawatts\b", P.IGNORE), "power", "MW"),
    (re.compile(r"\(GWh\)"), "energy", "GWh"),
    (re.compile(r"\(TWh\)"), "energy", "TWh"),
    (re.compile(r"\((?:years?|yrs)\)", P.IGNORE), "duration", "year"),
    (re.compile(r"\((?:minutes|mins?)\)", P.IGNORE), "duration", "min"),
    (re.compile(r"\(ha\)|\bhectares\b", P.IGNORE), "area", "ha"),
    (re.compile(r"\(km²\)|\(km2\)|\bsquare\s+kilomet(?:re|er)s\b", P.IGNORE), "area", "km2"),
    (re.compile(r"\((?:t|tonnes)\)|\btonnes\b", P.IGNORE), "mass", "t"),
    (re.compile(r"\((?:€m|EUR\s?m|million\s+euros)\)", P.IGNORE), "money", "million EUR"),
    (re.compile(r"\((?:\$m|USD\s?m|million\s+dollars)\)", P.IGNORE), "money", "million USD"),
    (re.compile(r"\((?:€|euros)\)", P.IGNORE), "money", "EUR"),
)
_MAX_ROW = 300
_PIPE_CELL_NUMBER = re.compile(r"\s*[+\-−–]?[\d][\d,.]*\s*%?\s*")
_COUNTED_HEADER = re.compile(r"[A-Z][a-z]+(?:\s+[a-z]+){0,2}")


def _from_pipe_table(doc: Document, m: re.Match[str]) -> Hit | None:
    """A bare number alone in a pipe table's cell, in its column's unit."""
    text = doc.text
    # A table's row is a short line: look no further than its length either way, so a long
    # paragraph costs each of its numbers a bounded scan.
    line_start = text.rfind("\n", max(0, m.start() - _MAX_ROW), m.start()) + 1
    line_end = text.find("\n", m.end(), m.end() + _MAX_ROW)
    if (line_start == 0 and m.start() > _MAX_ROW) or (
        line_end < 0 and len(text) > m.end() + _MAX_ROW
    ):
        return None
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if "|" not in line:
        return None
    column = text.count("|", line_start, m.start())
    cells = line.split("|")
    if column == 0 or column >= len(cells) or not _PIPE_CELL_NUMBER.fullmatch(cells[column]):
        return None  # the row's label, or a cell with words of its own
    # The header is the block's first pipe line; the title the line just before it.
    header, title, at = None, "", line_start
    while at > 0:
        above_end = at - 1
        above_start = text.rfind("\n", 0, above_end) + 1
        above = text[above_start:above_end]
        if "|" not in above:
            title = above.strip()
            break
        header, at = above, above_start
    if header is None:
        return None  # the number is in the header row itself
    heads = header.split("|")
    head = heads[column].strip() if column < len(heads) else ""
    kind_unit = _header_unit(head) or (
        _header_unit(title)
        if not head or head[:1].isdigit() or head.lower() in _PLAIN_HEADS
        else None
    )
    hit = _bare_hit(m)
    value_text = cells[column].strip()
    if value_text[:1] in "-−–":
        hit = replace(hit, value=-hit.value, start=line_start + line.index(value_text))
    if kind_unit is not None:
        kind, unit = kind_unit
        return replace(hit, kind=kind, unit=unit, subject=head.lower())
    if _COUNTED_HEADER.fullmatch(head) and head.lower() not in _PLAIN_HEADS:
        return replace(hit, subject=head.lower())  # "Vessels seized | 2": a count
    return None


# Column heads that name a time or a state, not a unit or what is counted.
_PLAIN_HEADS = words("now then total change installed planned target record level value latest")


def _header_unit(head: str) -> tuple[str, str] | None:
    for pattern, kind, unit in _HEADER_UNITS:
        if pattern.search(head):
            return kind, unit
    return None


def _level_of_change(doc: Document, m: re.Match[str], merged: list[Hit]) -> Hit | None:
    """The hit a bare figure takes its unit from: the one before it, or, after "X, down 18%
    from", the level X before the percentage."""
    previous = merged[-1] if merged else None
    if (
        previous is not None
        and len(merged) > 1
        and previous.kind == "percentage"
        and _FROM_BEFORE.search(_tail(_before(doc, m.start(), 30), 4))
        and _MOVED_BEFORE.search(_before(doc, previous.start, 16))
    ):
        level = merged[-2]
        if (
            level.kind not in ("percentage", "proposal", "ratio")
            and level.carries
            and level.start >= doc.sentence_at(m.start()).start
        ):
            return level
    return previous


def _from_sibling_before(doc: Document, m: re.Match[str], sibling: Hit | None) -> Hit | None:
    if sibling is None:
        return None
    if sibling.start < doc.sentence_at(m.start()).start:
        return _from_list_item_before(doc, m, sibling)
    if not sibling.carries or sibling.kind == "proposal":
        return None
    gap = doc.text[sibling.end : m.start()]
    change = _FROM_BEFORE.search(_tail(_before(doc, m.start(), 30), 4))
    if sibling.kind == "ratio" and not change:
        return None  # "1.4 people for every vacancy, down from 2.5": only a change carries
    # "from 58 minutes to 26": the end of a change is in the unit of its start.
    from_to = _FROM_TO_GAP.fullmatch(gap) and _FROM_BEFORE.search(
        _tail(_before(doc, sibling.start, 30), 4)
    )
    joined = _list_gap(gap) or change or from_to or _share_tally(doc, sibling, gap)
    contrasted = sibling.kind == "count" and _contrasted(gap)
    if not (joined or _GAPPED.fullmatch(gap) or _pronoun_change(sibling, gap) or contrasted):
        return None
    return _carried(_bare_hit(m), m, sibling)


# "… puts the number at about 2,300; the Sandbag Crew, a volunteer group, says more than
# 3,000", "57 homes destroyed; the municipality says as many as 90": another source's count
# of the same thing.
_CONTRAST_GAP = re.compile(
    r"[^;.\d]{0,80};\s+[^;.\d]{0,90}?\b(?:says?|said|puts?\s+(?:it|them|the\s+(?:figure|number"
    r"|total|toll))\s+at|estimates?|counts?|reckons?)\s+(?:that\s+)?"
    r"(?:(?:about|some|around|nearly|almost|more\s+than|fewer\s+than|as\s+many\s+as|close\s+to"
    r"|at\s+least|up\s+to|no\s+more\s+than|only)\s+)?$",
    P.IGNORE,
)


def _contrasted(gap: str) -> bool:
    return ";" in gap and bool(_CONTRAST_GAP.fullmatch(gap))


# "killed 1.3 million people and malaria about 590,000", "9.1 million tonnes and barley at
# 4.4": the verb and unit of the first are understood in the second.
_GAPPED = re.compile(
    r",?\s+(?:and|while|but|with)\s+[A-Za-z][\w'’-]*\s+(?:at\s+|on\s+)?" + _QUANTIFIER, P.IGNORE
)
_PRONOUN_CHANGE = re.compile(r"\b(?:it|them)\s+(?:at|to|from)\s+" + _QUANTIFIER + "$", P.IGNORE)


def _pronoun_change(sibling: Hit, gap: str) -> bool:
    """ "an army of 800,000 troops, where the draft capped it at 600,000": "it" is the
    count before."""
    return (
        sibling.kind == "count"
        and len(gap) <= 80
        and not any(c.isdigit() for c in gap)
        and bool(_PRONOUN_CHANGE.search(gap))
    )


_BY_BEFORE = re.compile(r"\bby\s+$", P.IGNORE)


def _share_tally(doc: Document, sibling: Hit, gap: str) -> bool:
    """ "back the deal by 61% to 30": a poll's two shares, the second bare."""
    return (
        sibling.kind == "percentage"
        and gap == " to "
        and bool(_BY_BEFORE.search(_before(doc, sibling.start, 10)))
    )


# "- Sarrel: 14,200 hectares", "- Sarrel, 14,200 hectares".
_ITEM_LABEL = re.compile(r"[A-Z][\w'’ -]{0,40}[:,]\s+(?:about\s+|some\s+|nearly\s+|over\s+)?$")


def _from_list_item_before(doc: Document, m: re.Match[str], sibling: Hit) -> Hit | None:
    """ "- Sarrel: 14,200 hectares" then "- Oriva: 6,900": a list item that gives only a
    number after its label takes the unit of the item before it, labelled the same way."""
    here = doc.sentence_at(m.start())
    there = doc.sentence_at(sibling.start)
    if not (here.list_item and there.list_item and there.index == here.index - 1):
        return None
    if not sibling.carries or sibling.kind in ("proposal", "ratio"):
        return None
    text = doc.text
    label = _ITEM_LABEL.fullmatch(text, here.start, m.start())
    if not label or _label_head(re.split(r"[:,]", label.group())[0]):
        return None  # "Volunteers: 6,500": a label naming what it counts counts it
    if not _ITEM_LABEL.fullmatch(text, there.start, sibling.start):
        return None
    if text[m.end() : here.end].strip(" .;"):
        return None  # the item says more: its noun may be there
    return _carried(_bare_hit(m), m, sibling)


def _from_sibling_after(doc: Document, m: re.Match[str], sibling: Hit | None) -> Hit | None:
    if sibling is None or sibling.start >= doc.sentence_at(m.start()).end:
        return None
    if not sibling.carries or sibling.kind in ("proposal", "ratio", "percentage"):
        return None
    if not _TIGHT_GAP.fullmatch(doc.text, m.end(), sibling.start):
        return None
    return _carried(_bare_hit(m), m, sibling)


def _from_paragraph(doc: Document, m: re.Match[str], merged: list[Hit], index: int) -> Hit | None:
    """ "Clearing in Rondônia fell by a third, to 610.": the unit of the paragraph's last
    measured figure, when a change ends in a bare number."""
    if not _CHANGE_TO_BEFORE.search(_before(doc, m.start(), 60)):
        return None
    sentence = doc.sentence_at(m.start())
    for sibling in reversed(merged[max(0, index - 8) : index]):
        if doc.sentence_at(sibling.start).paragraph != sentence.paragraph:
            return None
        if not sibling.carries or sibling.kind in ("percentage", "proposal", "ratio"):
            continue
        # "began with an initial 14 stations and was trimmed to 11": a count carries only
        # within its sentence (the next sentence may count something else).
        if sibling.kind != "count" or sibling.start >= sentence.start:
            return _carried(_bare_hit(m), m, sibling)
    return None


_MEASURED = frozenset({"area", "mass", "volume", "length", "energy", "power"})


def _from_named_list(doc: Document, m: re.Match[str], merged: list[Hit], index: int) -> Hit | None:
    """ "Tamvera lost 5,760 km² of forest. … Three states accounted for most of the loss
    (Varra 1,240, Osso 860 and Lema 515).": names with bare figures in brackets share the
    unit of the last measured figure before the bracket, in this sentence or the two before."""
    before = _before(doc, m.start(), 120)
    opened = before.rfind("(")
    if opened < 0 or ")" in before[opened:]:
        return None
    words_before = before[opened + 1 :].split()
    if not words_before or not words_before[-1][:1].isupper():
        return None  # "(Varra 1,240": a name before each figure
    bracket = m.start() - len(before) + opened
    sentence = doc.sentence_at(m.start())
    first = doc.sentences[max(0, sentence.index - 2)].start
    for sibling in reversed(merged[max(0, index - 8) : index]):
        if sibling.start < first:
            return None
        if sibling.end <= bracket and sibling.kind in _MEASURED and sibling.carries:
            return _carried(_bare_hit(m), m, sibling)
    return None


def _from_clause(doc: Document, m: re.Match[str]) -> Hit | None:
    """A count whose noun is a verb after it or the subject before it."""
    text = doc.text
    if "." in m.group("num") and not m.group("scale"):
        return None
    share = _poll_share(doc, m)
    if share is not None:
        return share
    if _SIZE_VERB_BEFORE.search(_tail(_before(doc, m.start(), 30), 3)) and _points_named(doc, m):
        # "It began as a 28-point document; it now has 20.": the plan's size in points.
        return replace(_bare_hit(m, subject="points"), point_count=True)
    verb = _VERB_AFTER.match(text, m.end())
    if verb:
        return _bare_hit(m, subject=f"people {verb.group('verb').lower()}")
    head_of = _HEAD_OF.match(text, m.end())
    if head_of:
        return replace(_bare_hit(m, subject=head_of.group(1)), end=head_of.end())
    sentence = doc.sentence_at(m.start())
    before = text[max(sentence.start, m.start() - 80) : m.start()]
    label = _FACT_LABEL.search(before)
    if label and label.start() == 0 and max(sentence.start, m.start() - 80) == sentence.start:
        head = _label_head(label.group("label"))
        if head:
            return _bare_hit(m, subject=label.group("label"))
    group = _GROUP_OF.search(before)
    if group:
        article = _ARTICLE_BEFORE.search(before, 0, group.start())
        start = m.start() - len(before) + (article.start() if article else group.start())
        return replace(_bare_hit(m, subject=group.group("noun").lower()), start=start)
    if _OF_WHICH_BEFORE.search(_tail(before, 6)):
        return _bare_hit(m, subject="of which")
    rate = _BARE_RATE.match(text, m.end())
    if rate and not numbers.is_words(m.group("num")):
        hit = _bare_hit(m)
        unit = f"{hit.unit}/{P.period_of(rate.group('per'))}"
        return replace(hit, kind="rate", unit=unit, end=rate.end(), family="count")
    sentence = doc.sentence_at(m.start())
    near = text[max(sentence.start, m.start() - 40) : m.start()]
    tally = _TALLY_FIRST.search(near) and _TO_NUMBER.match(text, m.end())
    if (tally or _TALLY_SECOND.search(near)) and P.POLL_CONTEXT.search(
        text, sentence.start, sentence.end
    ):
        # "A poll … found No ahead 47 to 45": two shares.
        return replace(_bare_hit(m, "percentage"), unit="percent")
    total = _OF_THE_TOTAL.match(text, m.end())
    if total:
        return _bare_hit(m, subject=total.group("noun"))  # "holds 91 of the 175 seats"
    if _WHOM_PUT_AT.search(_before(doc, m.start(), 90)):
        return _bare_hit(m, subject="whom")  # "prisoners, whom the committee puts at 2,700"
    subject = _SUBJECT_IS.match(text, sentence.start, m.start())
    if subject and _countable(subject.group("noun")):
        # "The group's count is 11,400", "Verification teams grow from 40 to 65": the
        # sentence's subject is what the figure counts.
        return _bare_hit(m, subject=subject.group("noun").lower())
    put = _PUT_AT.search(_before(doc, m.start(), 80)) or _CAP_AT.search(_before(doc, m.start(), 60))
    if put and _countable(put.group("noun")):
        return _bare_hit(m, subject=put.group("noun"))  # "puts deaths at more than 31,000"
    of_those = _OF_THOSE.match(text, m.end())
    if not of_those and not numbers.is_words(m.group("num")):
        of_those = _OF_THEIR.match(text, m.end())
    if of_those and (_is_head(of_those.group(1)) or of_those.group(1).lower() in _PARTICIPLES):
        return _bare_hit(m, subject=of_those.group(1))
    if _OF_THEM.match(text, m.end()):
        return _bare_hit(m, subject="of them")  # "230 people were treated, 41 of them in …"
    if _KILLED_BEFORE.search(_tail(_before(doc, m.start(), 40), 4)):
        return _bare_hit(m, subject="people killed")  # "road crashes killed 1.2 million"
    start, _ = doc.clause(m.start())
    before = text[start : m.start()]
    if _NUMBER_OF_TO.search(before):
        return _bare_hit(m, subject="number")  # "cut the number of unvaccinated children to 7m"
    if _TO_ALONE.fullmatch(before):
        # "has doubled since the spring, to about 310,000": the change is before the comma.
        sentence_start = doc.sentence_at(m.start()).start
        changed = _CHANGED.search(text, sentence_start, start)
        head = _counted_subject(text[sentence_start : changed.start()]) if changed else ""
        return _bare_hit(m, subject=head) if head else None
    change = _TO_CHANGE.search(before)
    if not change:
        return None
    subject = before[: change.start()]
    if change.group().lower().startswith("from") and subject[-1:].isspace():
        # "would reduce the army from 410,000": what changes is the object before "from".
        subject = " ".join(subject.split()[-3:])
    if _RELATIVE.match(subject) and start > doc.sentence_at(m.start()).start:
        # "waiting lists, which stand at 7.4 million": the noun the clause is about.
        subject = text[max(doc.sentence_at(m.start()).start, start - 40) : start]
        subject = " ".join(subject.split()[-3:])
    head = _counted_subject(subject)
    return _bare_hit(m, subject=head) if head else None


_KILLED_BEFORE = re.compile(r"\b(?:killed|kills|kill|killing)\s+" + _QUANTIFIER + "$", P.IGNORE)
# "the number of people in work rose by 41,000", "puts the number of people affected at".
_NUMBER_OF_TO = re.compile(
    r"\bnumber\s+of\s+[^,;]{1,60}?\s+(?:to|at|by|from)\s+" + _QUANTIFIER + "$", P.IGNORE
)
_TO_ALONE = re.compile(r"[\s,;]*to\s+" + _QUANTIFIER, P.IGNORE)
_CHANGED = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:(?:nearly|almost|more\s+than)\s+)?(?:doubled|tripled|halved"
    r"|rose|risen|fell|fallen|grew|grown|increased|decreased|declined|dropped|climbed|jumped)\b",
    P.IGNORE,
)


_SIZE_VERB_BEFORE = re.compile(
    r"\b(?:(?:runs|ran|run|running)\s+to|now\s+(?:has|have))\s+$", P.IGNORE
)
_POINTS_NAMED = re.compile(r"\d-point\b|\d\s+points\b", P.IGNORE)


def _points_named(doc: Document, m: re.Match[str]) -> bool:
    """A plan's points counted in the sentence or the one before it."""
    sentence = doc.sentence_at(m.start())
    first = doc.previous(sentence) or sentence
    return bool(_POINTS_NAMED.search(doc.text, first.start, m.start()))


# "52% back the deal, 39 opposed and 9 unsure"; "stands at Yes 48, No 41".
_OPINION_AFTER = re.compile(
    r"\s+(?:opposed|against|unsure|undecided|neutral|in\s+favou?r|don['’]t\s+know|disapprove"
    r"|disagree)\b",
    P.IGNORE,
)
_YES_NO_BEFORE = re.compile(r"(?<![\w-])(?:Yes|No)\s+$")


def _poll_share(doc: Document, m: re.Match[str]) -> Hit | None:
    """A bare share in a poll: the rest of an opinion split, or a side's figure."""
    if m.group("scale") or _number(m.group("num")) > 100:
        return None
    sentence = doc.sentence_at(m.start())
    text = doc.text
    opinion = _OPINION_AFTER.match(text, m.end()) and "%" in text[sentence.start : m.start()]
    side = _YES_NO_BEFORE.search(_before(doc, m.start(), 6))
    if (opinion or side) and P.POLL_CONTEXT.search(text, sentence.start, sentence.end):
        return replace(_bare_hit(m, "percentage"), unit="percent")
    return None


# "No ahead 47 to 45", "leads 52 to 48": a poll's tally of shares.
_TALLY_WORDS = r"\b(?:ahead|leads?|leading|led|behind|trails?|trailing|trailed)\s+"
_TALLY_FIRST = re.compile(_TALLY_WORDS + r"$", P.IGNORE)
_TALLY_SECOND = re.compile(_TALLY_WORDS + rf"(?:{numbers.NUM})\s+to\s+$", P.IGNORE)
_TO_NUMBER = re.compile(rf"\s+to\s+(?:{numbers.NUM})\b(?!\s*%|\s+per)")
# "91 of the 175 seats": a part of a counted whole.
_OF_THE_TOTAL = re.compile(
    rf"\s+of\s+(?:the|its|their|his|her|our|the\s+[A-Za-z][a-z]+['’]s)\s+(?:{numbers.NUM})\s+(?:[a-z]+\s+)?"
    r"(?P<noun>[a-z]+s)\b"
)
_WHOM_PUT_AT = re.compile(P.WHOM_PUT + _QUANTIFIER + "$")
# "puts military and civilian deaths at more than 31,000": what the figure counts.
_PUT_AT = re.compile(
    r"\bput(?:s|ting)?\s+(?:the\s+)?(?:[a-z]+\s+(?:and\s+)?){0,3}(?P<noun>[a-z]+)\s+at\s+"
    r"(?:(?:more|fewer|less)\s+than\s+|about\s+|around\s+|roughly\s+|some\s+|nearly\s+"
    r"|almost\s+|at\s+least\s+|over\s+|up\s+to\s+)?$",
    P.IGNORE,
)
# "would cap Norvan forces at 85,000", "keeps the army to 40,000": the object counts.
_CAP_AT = re.compile(
    r"\b(?:cap|caps|capped|capping|limit|limits|fix|fixes|hold|holds|keep|keeps|cut|cuts"
    r"|reduce|reduces|raise|raises)\s+"
    r"(?:the\s+|its\s+|their\s+|[A-Z][\w-]*['’]s\s+)?(?:[A-Za-z][\w-]*\s+)?(?P<noun>[a-z]+)"
    # "cut its troops on the frontier to 6,000": where the noun is, before the figure
    r"(?:\s+(?:on|in|at|along|near)\s+the\s+[a-z]+)?"
    r"\s+(?:at|to)\s+" + _QUANTIFIER + "$",
    P.IGNORE,
)


_SUBJECT_IS = re.compile(
    # ("The price of tickets rose to 41": the price, not the tickets)
    r"(?:The\s+|A\s+|Its\s+|Their\s+)?(?:[\w'’-]+\s+){0,4}?(?<!\bof\s)(?P<noun>[A-Za-z][a-z]+)"
    r"(?:\s+(?:this|last)\s+(?:season|year|month|week))?"
    r"\s+(?:is|was|are|were|stands\s+at|stood\s+at|(?:has|have)\s+(?:grown|risen|fallen)\s+to"
    r"|(?:grew|rose|fell|grows?|rises?|falls?)\s+(?:to|from)|reached|now\s+stands\s+at)\s+"
    r"(?:about\s+|some\s+|nearly\s+|almost\s+|around\s+|just\s+over\s+|more\s+than\s+)?$"
)


def _countable(noun: str) -> bool:
    low = noun.lower()
    return low not in _NOT_COUNTED and (low in _COUNT_COLLECTIVES or _is_head(low))


_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+(?:[a-z][\w-]*\s+)?$", P.IGNORE)


_NOT_LABELS = words(
    """number numbers phone phones hotline hotlines code codes date dates time times page pages
    line lines call contact emergency emergencies results score scores ranking rank"""
)


def _label_head(label: str) -> str:
    """The counted noun of a fact box's label: "Firefighters deployed" -> "firefighters";
    "" for labels of what is no count ("Average speed", "Date")."""
    tokens = [t.lower() for t in label.split()]
    if any(t in _NOT_COUNTED or t in _NOT_LABELS for t in tokens):
        return ""
    return next((t for t in tokens if t in P.IRREGULAR_PLURALS or _is_head(t)), "")


def _counted_subject(phrase: str) -> str:
    """The counted noun of a clause's subject: "the number of military personnel will be"
    -> "personnel"; "Road deaths in the city" -> "deaths"; "" when it is not countable."""
    phrase = _REPORTING.sub("", phrase)
    # "the number of troops", "the strength of the army", "the size of its fleet".
    phrase = re.sub(r"^\s*(?:and\s+|but\s+)?that\s+", "", phrase, flags=P.IGNORE)
    number_of = re.search(r"\b(?:number|strength|size)\s+of\s+(.*)$", phrase, P.IGNORE)
    if number_of:
        phrase = number_of.group(1)
    elif not any(t.lower().strip(",;:") in _NOT_COUNTED for t in phrase.split()):
        tail = _counted_tail(phrase)
        if tail:
            return tail
    tokens = [t.strip(",;:'\"“”") for t in phrase.split()]
    taken: list[str] = []
    for token in tokens:
        low = token.lower()
        if low in _SUBJECT_BREAK or (taken and low.endswith("ed") and low not in _AUXILIARIES):
            break
        if low in _AUXILIARIES:
            break
        if low in ("the", "a", "an", "its", "their", "and", "average"):
            continue
        taken.append(low)
    if not taken or len(taken) > 5:
        return ""
    head = taken[-1].rstrip("'’s") if taken[-1].endswith(("'s", "’s")) else taken[-1]
    if head in _NOT_COUNTED:
        return ""
    if head in _COUNT_COLLECTIVES or _is_head(head) or head in _CAP_HEADS or number_of:
        return head
    return ""


_CAP_HEADS = words("cap ceiling limit quota")
_TAIL_SKIP = _AUXILIARIES | words("now still already also then just currently today")


def _counted_tail(phrase: str) -> str:
    """The counted noun right before the verb: "confirmed cases had" -> "cases",
    "Selvany's armed forces would be" -> "forces"."""
    for token in reversed(phrase.split()):
        low = token.lower().strip(",;:'\"“”()")
        if low in _TAIL_SKIP:
            continue
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        if low in _COUNT_COLLECTIVES or (_is_head(low) and low not in _SUBJECT_BREAK):
            return low
        return ""
    return ""
