"""Pattern families that find quantities: percentages, areas and rates, money, counts.

Each finder runs its regex once over the whole text and returns ``Hit``s: the quantity as
stated, its span and subject. Who says it and how hedged is added later (``attribution``).

Rules for what is *not* a quantity (documented in ``claims/extraction/__init__.py``):
years, dates, times, ordinals, reference numbers, phone numbers, margins of error, bios.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from claims.extraction import patterns as P
from claims.extraction.document import Document
from claims.extraction.patterns import words

YEAR_MIN, YEAR_MAX = 1900, 2100
# Which family wins when two hits overlap ("$800 billion" is money, not a count).
PRIORITY = {"money": 0, "area": 1, "area_rate": 1, "percentage": 2, "count": 3}
_TOKEN = re.compile(r"\s+([A-Za-z][\w'’.-]*)")
_SUBJECT_TOKEN = re.compile(r"\s*([\w'’-]+)")
_SUBJECT_STOP = P.COUNT_STOP | words(
    """who which that now reportedly said say says want wants support supports supported
    backed back oppose opposed expect expects believe believes think thinks agree agreed
    called rode used trusted linking are were is was would will could have has had do did
    still whose whom if when while including"""
)
_POSSESSIVE_DETERMINERS = words("the its his her their our")
_MAX_SUBJECT_WORDS = 5
_MAX_COUNT_MODIFIERS = 3


@dataclass(frozen=True)
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


def _number(raw: str) -> Decimal:
    return Decimal(raw.replace(",", ""))


def _usable(doc: Document, start: int, end: int) -> bool:
    return not doc.quiet(start) and not doc.is_masked(start, end)


def _subject_after(text: str, pos: int, limit: int = _MAX_SUBJECT_WORDS) -> str:
    """ "of the Donbas region that it still controls" -> "Donbas region"."""
    m = re.compile(r"\s+of\s+").match(text, pos)
    if not m:
        return ""
    words: list[str] = []
    cursor = m.end()
    while len(words) < limit:
        t = _SUBJECT_TOKEN.match(text, cursor)
        if t and not words and t.group(1).lower() in _POSSESSIVE_DETERMINERS:
            cursor = t.end()
            continue
        if not t:
            break
        first_pronoun = not words and t.group(1).lower() in ("those", "all")
        stop = t.group(1).lower() in _SUBJECT_STOP
        if stop and not first_pronoun and not _between_digits(words, text, t):
            break
        words.append(t.group(1))
        cursor = t.end()
        if cursor < len(text) and text[cursor] in ',.;:()"”':
            break
    return " ".join(words)


def _between_digits(words: list[str], text: str, t: re.Match[str]) -> bool:
    """ "aged 18 to 34": "to" joins two numbers inside a subject."""
    following = _SUBJECT_TOKEN.match(text, t.end())
    return bool(words and words[-1].isdigit() and following and following.group(1).isdigit())


def _qualify(doc: Document, hit: Hit, number_start: int) -> Hit:
    """Widen a hit over a stated range ("between 40 and 45%") and a qualifier ("about")."""
    sentence = doc.sentence_at(hit.start)
    floor = sentence.start
    start = number_start
    before = doc.text[max(floor, start - 60) : start]
    lower = upper = None
    approximate = hit.approximate
    bounds = hit.bounds_stated
    rng = P.RANGE_BEFORE.search(before)
    if rng and hit.kind != "count":
        first = _number(rng.group("n1") or rng.group("n2"))
        if first < hit.value:
            lower, upper = first, hit.value
            value = (first + hit.value) / 2
            start = start - len(before) + rng.start()
            hit = replace(hit, value=value, lower=lower, upper=upper)
            approximate = bounds = True
            before = doc.text[max(floor, start - 40) : start]
    q = P.QUALIFIER.search(before)
    if q and q.group("q").lower() == "over" and P.OVER_AS_PREPOSITION.search(before):
        q = None
    if q and lower is None:
        kind = P.QUALIFIER_KIND.get(q.group("q").lower(), "approx")
        start = start - len(before) + q.start()
        approximate = True
        if kind == "lower":
            hit = replace(hit, lower=hit.value)
            bounds = True
        elif kind in ("upper", "below"):
            hit = replace(hit, upper=hit.value)
            bounds = True
    return replace(hit, start=min(start, hit.start), approximate=approximate, bounds_stated=bounds)


def find_percentages(doc: Document) -> list[Hit]:
    text = doc.text
    hits = []
    for m in P.PERCENT.finditer(text):
        if not _usable(doc, m.start(), m.end()):
            continue
        sentence = doc.sentence_at(m.start())
        if P.MARGIN_BEFORE.search(text[max(sentence.start, m.start() - 30) : m.start()]):
            continue
        value = _number(m.group("num"))
        if value > 100:  # growth of 150% is a change, not a share
            continue
        hit = Hit("percentage", value, "percent", m.start(), m.end(), confidence=0.9)
        hit = replace(hit, subject=_subject_after(text, m.end()))
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def find_fractions(doc: Document) -> list[Hit]:
    """Shares in words: "two-thirds of", "a third said", "one in three", "a majority of"."""
    text = doc.text
    found: list[tuple[re.Match[str], Decimal, float, bool]] = []
    for m in P.FRACTION.finditer(text):
        value = P.fraction_value(m.group("n"), m.group("d"))
        if value is not None:
            found.append((m, value, 0.75, False))
    for m in P.ONE_IN.finditer(text):
        found.append((m, P.one_in_value(m.group("n"), m.group("d")), 0.75, False))
    for m in P.MAJORITY.finditer(text):
        found.append((m, Decimal(50), 0.6, True))
    hits = []
    for m, value, confidence, majority in found:
        if not _usable(doc, m.start(), m.end()):
            continue
        hit = Hit("percentage", value, "percent", m.start(), m.end(), confidence=confidence)
        hit = replace(hit, subject=_subject_after(text, m.end()))
        precise = P.PAREN_PERCENT.match(text, m.end())
        if precise:
            # "A majority of Russians (55%)": one claim, its precise value from the bracket.
            hit = replace(hit, value=_number(precise.group("num")), end=precise.end())
            hit = replace(hit, confidence=0.9)
        elif majority:
            # A majority is more than half: value 50 as an exclusive lower bound.
            hit = replace(hit, lower=Decimal(50), approximate=True, bounds_stated=True)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def find_areas(doc: Document) -> list[Hit]:
    text = doc.text
    hits = []
    for m in P.AREA.finditer(text):
        if not _usable(doc, m.start(), m.end()):
            continue
        unit = next(name for name in P.AREA_UNIT_NAMES if m.group(name))
        period = m.group("per") or m.group("adv")
        if m.group("rate") and period:
            kind, unit = "area_rate", f"{unit}/{P.period_of(period)}"
            of = re.match(r"\s+of\s+([a-z]+(?:\s+[a-z]+)?)", m.group("rate"))
            subject = of.group(1) if of else ""
            end = m.end()
        else:
            kind = "area"
            end = m.end() - len(m.group("rate") or "")
            subject = _subject_after(text, end)
        hit = Hit(kind, _number(m.group("num")), unit, m.start(), end, subject, confidence=0.9)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def find_money(doc: Document) -> list[Hit]:
    text = doc.text
    hits = []
    for m in P.MONEY.finditer(text):
        if not _usable(doc, m.start(), m.end()):
            continue
        raw = m.group("num") or m.group("num2")
        scale = m.group("scale") or m.group("scale2")
        currency = P.currency_of(
            m.group("sym"), m.group("code") or m.group("code2"), m.group("word")
        )
        unit = f"{P.SCALES[scale.lower()]} {currency}" if scale else currency
        after = re.match(r"\s+(?:for|on|in)\s+((?:[a-z][\w-]*\s?){1,3})", text[m.end() :])
        subject = after.group(1).strip() if after else ""
        subject = " ".join(w for w in subject.split() if w not in _SUBJECT_STOP)
        hit = Hit("money", _number(raw), unit, m.start(), m.end(), subject, confidence=0.9)
        hits.append(_qualify(doc, hit, m.start()))
    return hits


def find_counts(doc: Document) -> list[Hit]:
    """Digits followed by what they count: "800,000 troops", "a 20-point plan", "1,398 days"."""
    text = doc.text
    hits = []
    for m in P.COUNT.finditer(text):
        if not _usable(doc, m.start(), m.end()):
            continue
        raw, scale = m.group("num"), m.group("scale")
        if not scale and ("." in raw or ("," not in raw and YEAR_MIN <= int(raw) <= YEAR_MAX)):
            continue  # a bare 4-digit 1900-2100 is a year; "2.5 people" is not a count
        sentence = doc.sentence_at(m.start())
        before = text[max(sentence.start, m.start() - 30) : m.start()]
        if P.REFERENCE_BEFORE.search(before):
            continue
        unit = f"{scale.lower()} count" if scale else "count"
        if m.group("compound"):
            hit = _compound_count(text, m, unit)
        else:
            hit = _noun_count(text, m, unit, before)
        if hit is not None:
            hits.append(_qualify(doc, hit, m.start()))
    return hits


def _compound_count(text: str, m: re.Match[str], unit: str) -> Hit:
    compound = m.group("compound").lower()
    words, end = _modifiers_and_head(text, m.end(), proposal_heads=True)
    phrase = " ".join(words)
    plural = P.COMPOUND_PLURAL[compound]
    subject = f"{plural} in {phrase}" if plural and phrase else (plural or phrase)
    value = _number(m.group("num"))
    return Hit(
        "count",
        value,
        unit,
        m.start(),
        end if words else m.end(),
        subject,
        confidence=0.8,
        point_count=compound == "point",
    )


def _modifiers_and_head(text: str, pos: int, proposal_heads: bool) -> tuple[list[str], int]:
    """The short noun phrase after a compound: "peace plan" in "20-point peace plan"."""
    words: list[str] = []
    end = pos
    for _ in range(_MAX_COUNT_MODIFIERS):
        t = _TOKEN.match(text, end)
        if not t:
            break
        word = t.group(1).rstrip(".,;:")
        if word.lower() in P.COUNT_STOP or word.lower() in _SUBJECT_STOP:
            break
        words.append(word)
        end = t.start(1) + len(word)
        if word != t.group(1) or (proposal_heads and word.lower() in _PROPOSAL_HEADS):
            break
    return words, end


_PROPOSAL_HEADS = words("plan plans draft drafts proposal deal agreement treaty")


def _is_head(word: str) -> bool:
    low = word.lower()
    if low in P.IRREGULAR_PLURALS or low in P.DURATIONS:
        return True
    return (
        low.endswith("s")
        and len(low) > 3
        and low not in P.NOT_PLURAL
        and not low.endswith(("ss", "us", "is"))
    )


def _noun_count(text: str, m: re.Match[str], unit: str, before: str) -> Hit | None:
    words: list[str] = []
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
        words.append(word)
        end = t.start(1) + len(word)
        if _is_head(word):
            head = low
            break
        if word != t.group(1):  # punctuation ends the phrase
            break
    if not head:
        return None
    if head in P.DURATIONS and (
        P.PERIOD_BEFORE.search(before) or P.DURATION_AFTER.match(text, end)
    ):
        return None  # "over 20 years", "within 90 days", "5 years ago", "years of experience"
    confidence = 0.6 if head in P.DURATIONS else 0.75
    return Hit(
        "count",
        _number(m.group("num")),
        unit,
        m.start(),
        end,
        " ".join(words),
        confidence=confidence,
    )


FINDERS: tuple[Callable[[Document], list[Hit]], ...] = (
    find_money,
    find_areas,
    find_percentages,
    find_fractions,
    find_counts,
)


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep one hit per stretch of text: the higher-priority family, then the longer span."""
    ranked = sorted(hits, key=lambda h: (PRIORITY[h.kind], -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for hit in ranked:
        if all(hit.end <= k.start or k.end <= hit.start for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))
