"""Suggest the groups a claim may belong to: scored, explained, never merged by themselves.

A *group* is a set of claims from different sources that state one checkable proposition
(the same measure, subject, place and time scope; issue 13). When a claim is created,
accepted from a candidate or imported, :func:`suggest` scores it against candidate groups and
returns, best first, the groups whose score reaches :data:`SUGGEST` (shown to the curator);
those reaching :data:`STRONG` are marked ``strong``. Nothing here writes: a person confirms.

This module imports no model and scores without the database, so that the service, the
admin, the importer and the evaluation (``manage.py evaluate_grouping``) all score the same
way. The caller turns its
claims into :class:`ClaimRecord` values and pre-selects candidates in SQL with
:func:`candidate_filter`, which applies the same cheap gate :func:`suggest` applies in Python
(same kind, same canonical unit, value within a wide window), so one call costs
O(members of the candidate groups). See docs/grouping.md for the features, the weights and
the measured precision and recall.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

# Thresholds on the score (0..1). Tuned on the flood and poll storylines of
# tests/data/assertions only; docs/grouping.md reports all four.
SUGGEST = 0.63
STRONG = 0.8

# What a suggestion says about the claim and the group.
SAME = "same"  # the claim states the group's proposition: confirm to add it to the group
SERIES = "series"  # the same measure at another time: a point of a series, never a member

# Weights of the features of a pair (claim, member); they sum to 1.
WEIGHTS: dict[str, float] = {
    "subject": 0.40,
    "place": 0.15,
    "time": 0.15,
    "value": 0.15,
    "claimant": 0.08,
    "text": 0.07,
}
# Multipliers for evidence that two claims state different propositions even when the
# words agree: places that share no word, different proposals, a demand against a report.
PLACE_DISJOINT = 0.6
PROPOSAL_DIFFERS = 0.5
MODALITY_DIFFERS = 0.5
# Subjects naming different numbers ("rainfall in 24 hours" / "in 72 hours", "21-point
# draft" / "16-point framework") are different measures.
NUMBERS_DIFFER = 0.5
# Below this subject similarity the rest of the evidence (same release: same place, time and
# claimant) is discounted: a measure is named by its subject.
SUBJECT_FLOOR = 0.5
# A value outside the group's is a contradiction, and another time a series point, only if
# the subjects agree: scaled by (CONFLICT_BASE + (1 - CONFLICT_BASE) * subject similarity).
CONFLICT_BASE = 0.5
# A series point is another proposition: its value may differ, its time does by definition.
SERIES_VALUE = 0.5
SERIES_TIME = 0.5

# Modalities that state what someone wants, not what is: a demand never states the same
# proposition as a report of the same number.
WANTED = frozenset({"demanded", "proposed"})

# The prefilter: a candidate's value must lie within this factor of the claim's interval
# (or, for shares, within this many points). Wide on purpose: contradictions (41 against
# "at least 60", 2.4 against 3.1 billion) are suggested too, flagged as conflicts.
WINDOW_FACTOR = 3.0
WINDOW_POINTS = 25.0
# Members :func:`suggest_for` loads at most (newest first, in the queryset's order): keeps one
# call well under a second however many claims share a kind and a value range.
MAX_CANDIDATES = 1000


@dataclass(frozen=True)
class Tolerance:
    """How far a stated value reaches: relative, or in points for shares."""

    exact: float
    approximate: float
    absolute: bool = False


# Per kind; any other kind is relative, 1% when exact (rounding), 5% when "approximately".
# Shares are rounded in points, so their tolerance is absolute.
DEFAULT_TOLERANCE = Tolerance(exact=0.01, approximate=0.05)
TOLERANCES: dict[str, Tolerance] = {
    "percentage": Tolerance(exact=1.0, approximate=3.0, absolute=True),
    "percentage_points": Tolerance(exact=1.0, approximate=3.0, absolute=True),
}
POINT_KINDS = frozenset({"percentage", "percentage_points"})


@dataclass(frozen=True)
class ClaimRecord:
    """What the scorer knows of a claim: a plain value built from a Claim, a row or a label.

    ``value_si``/``lower_si``/``upper_si`` are in ``unit_si``, the kind's canonical unit
    (claims.units); two claims are comparable only when their ``unit_si`` are equal (one
    dimension; money in one currency). ``as_of`` with ``time_precision`` ("day", "month",
    "year") is the time scope; ``None`` means the proposition has none (a plan's terms).
    """

    kind: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    approximate: bool = False
    unit: str = ""
    value_si: float | None = None
    lower_si: float | None = None
    upper_si: float | None = None
    unit_si: str = ""
    subject: str = ""
    place: str = ""
    as_of: date | None = None
    time_precision: str = "day"
    statement: str = ""
    quote: str = ""
    claimant: str = ""
    actors: tuple[str, ...] = ()
    proposal: str = ""
    modality: str = ""
    publisher: str = ""
    published_on: date | None = None

    def __post_init__(self) -> None:
        # Bounds in the canonical unit follow from the stated ones when not given.
        if self.value_si is not None and self.value:
            ratio = float(self.value_si) / float(self.value)
            for stated, name in ((self.lower, "lower_si"), (self.upper, "upper_si")):
                if stated is not None and getattr(self, name) is None:
                    object.__setattr__(self, name, float(stated) * ratio)
        for name in ("value", "lower", "upper", "value_si", "lower_si", "upper_si"):
            number = getattr(self, name)
            if number is not None and not isinstance(number, float):
                object.__setattr__(self, name, float(number))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ClaimRecord:
        """A record from a dict (keys as the fields; unknown keys are ignored)."""
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in known and v is not None}
        if "actors" in values:
            values["actors"] = tuple(values["actors"])
        return cls(**values)

    @classmethod
    def from_claim(cls, claim: Any) -> ClaimRecord:
        """A record from a ledger ``Claim`` (duck-typed: anything with its fields).

        Load claims with ``Claim.objects.with_provenance()`` so the claimant, the proposal and
        the citations (their quotes; the first one's source gives publisher and date) cost no
        query. An unsaved claim's citations are its ``incoming_citations``, if any.
        """
        try:
            citations = list(claim.citations.all())
        except ValueError:  # unsaved: Django refuses related lookups
            citations = list(getattr(claim, "incoming_citations", ()))
        source = citations[0].source if citations else None
        publisher = getattr(source, "publisher", None)
        claimant = claim.claimant
        return cls(
            kind=claim.kind,
            value=claim.value,
            lower=claim.lower,
            upper=claim.upper,
            approximate=claim.approximate,
            unit=claim.unit,
            value_si=claim.value_si,
            lower_si=claim.lower_si,
            upper_si=claim.upper_si,
            unit_si=claim.unit_si,
            subject=claim.subject,
            place=claim.place,
            as_of=claim.as_of,
            time_precision=claim.time_precision,
            statement=claim.statement,
            quote=" ".join(c.quote for c in citations),
            claimant=claimant.name if claimant else "",
            actors=(claimant.slug,) if claimant else (),
            proposal=claim.proposal.slug if claim.proposal else "",
            modality=claim.modality,
            publisher=publisher.slug if publisher else "",
            published_on=source.published_on if source else None,
        )

    @property
    def has_value(self) -> bool:
        return self.value_si is not None


@dataclass(frozen=True)
class Suggestion:
    """A group the claim may belong to (``SAME``) or continue in time (``SERIES``).

    ``conflicting``: the claim's value agrees with no member of the group (a contradiction;
    the reasons also count the members it conflicts with when it agrees with others).
    """

    group_id: Hashable
    score: float
    reasons: tuple[str, ...]
    relation: str = SAME
    conflicting: bool = False

    @property
    def strong(self) -> bool:
        """Very likely the group's proposition; a contradiction never is: a reviewer looks."""
        return self.score >= STRONG and not self.conflicting


@dataclass(frozen=True)
class PairScore:
    """One member's verdict on a claim: its score, relation, and whether the values conflict."""

    score: float
    relation: str
    conflicting: bool
    reasons: tuple[str, ...] = field(default=())


# --- words ---------------------------------------------------------------------------
# Function words only: "other", "more", "under", "since" and "not" tell measures apart.
_STOP_WORDS = """a an and are as at be been being by did do does for from had has have he her
    his i if in into is it its itself me my of on or our she so than that the their them then there
    these they this those to was we were which while who whom whose will with would you your
    s t"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Words that say what kind of place a place is, not which: "Teska district" and "Varn
# district" share no place.
_PLACE_WORDS = "district province region county city town village state oblast area"
PLACE_WORDS = frozenset(_PLACE_WORDS.split())  # tokens() folds plurals
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
}
_WORD = re.compile(r"[^\W_]+(?:[.,]\d+)*", re.UNICODE)
MAX_TEXT = 2000  # characters of a statement or quote the scorer reads: bounded cost


def _stem(word: str) -> str:
    """A light English stemmer: plurals only ("forces" -> "force", "casualties" -> "casualty")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)  # a group's members are scored against every new claim
def tokens(text: str) -> frozenset[str]:
    """Content words of a text: lower-cased, stop words out, plurals folded, numbers kept
    (with their thousands separators removed: "11,000" -> "11000")."""
    out = set()
    for raw in _WORD.findall(text[:MAX_TEXT].lower()):
        word = raw.replace(",", "") if raw[0].isdigit() else raw
        word = _NUMBER_WORDS.get(word, word)
        if word in STOP_WORDS:
            continue
        out.add(_stem(word))
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _numbers(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if w[0].isdigit())


def subject_similarity(a: str, b: str) -> float:
    """Word overlap of two subjects (Jaccard), halved when they name different numbers."""
    ta, tb = tokens(a), tokens(b)
    similarity = jaccard(ta, tb)
    na, nb = _numbers(ta), _numbers(tb)
    if na and nb and na != nb:
        similarity *= NUMBERS_DIFFER
    return similarity


def place_similarity(a: str, b: str) -> float | None:
    """1 when one place's words contain the other's ("Varn" in "Varn district"), the share of
    the smaller one's words otherwise; None when a place is missing (nothing to compare)."""
    ta, tb = tokens(a) - PLACE_WORDS, tokens(b) - PLACE_WORDS
    if not ta or not tb:
        return None
    return len(ta & tb) / min(len(ta), len(tb))


# --- values --------------------------------------------------------------------------
def tolerance(kind: str) -> Tolerance:
    return TOLERANCES.get(kind, DEFAULT_TOLERANCE)


def interval(record: ClaimRecord) -> tuple[float, float]:
    """The values a claim allows in its canonical unit: its stated bounds (a one-sided bound
    leaves the other side open: "at least 60" is [60, inf)), else its value; widened by its
    kind's tolerance, the wider one when it is stated "approximately"."""
    value = record.value_si if record.value_si is not None else math.nan
    lower, upper = record.lower_si, record.upper_si
    lo = lower if lower is not None else (value if upper is None else -math.inf)
    hi = upper if upper is not None else (value if lower is None else math.inf)
    tol = tolerance(record.kind)
    pad = tol.approximate if record.approximate else tol.exact
    if tol.absolute:
        return lo - pad, hi + pad
    return lo - abs(lo) * pad, hi + abs(hi) * pad


def values_agree(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Whether two claims' intervals overlap; a claim without a value agrees with anything."""
    if not (a.has_value and b.has_value):
        return True
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return not (ahi < blo or bhi < alo)


def value_window(record: ClaimRecord) -> tuple[float, float] | None:
    """The range of ``value_si`` a candidate member must fall in (the prefilter), or None when
    the claim carries no value (then kind and unit alone select candidates)."""
    if not record.has_value:
        return None
    lo, hi = interval(record)
    if record.kind in POINT_KINDS:
        return lo - WINDOW_POINTS, hi + WINDOW_POINTS
    # Outwards by the factor whatever the sign: a lower bound shrinks towards (or grows
    # away from) zero, an upper bound the other way; an open side stays open.
    low = lo / WINDOW_FACTOR if lo > 0 else lo * WINDOW_FACTOR
    high = hi * WINDOW_FACTOR if hi > 0 else hi / WINDOW_FACTOR
    return low, high


def comparable(claim: ClaimRecord, member: ClaimRecord) -> bool:
    """The prefilter: same kind, same canonical unit, the member's value in the claim's window.

    Exactly what :func:`candidate_filter` selects in SQL, so a pre-selected queryset and this
    check agree.
    """
    if claim.kind != member.kind or claim.unit_si != member.unit_si:
        return False
    window = value_window(claim)
    if window is None or member.value_si is None:
        return window is None and member.value_si is None
    return window[0] <= member.value_si <= window[1]


class _Filterable(Protocol):
    def filter(self, *args: Any, **kwargs: Any) -> Any: ...

    def exclude(self, *args: Any, **kwargs: Any) -> Any: ...


def candidate_filter(queryset: _Filterable, claim: ClaimRecord, *, prefix: str = "") -> Any:
    """Narrow a queryset of claims (or of groups, through ``prefix``) to the candidates of
    ``claim``: same ``kind`` and ``unit_si``, ``value_si`` within :func:`value_window`.

    ``queryset`` is anything with Django's ``filter(**lookups)``: ``Claim.objects.exclude(
    assertion=None)``, or ``Assertion.objects.all()`` with ``prefix="members__"`` (then
    ``.distinct()`` it). Uses the ``kind`` and ``value_si`` indexes; the service loads the
    members of the selected groups and calls :func:`suggest`.
    """
    lookups: dict[str, Any] = {f"{prefix}kind": claim.kind, f"{prefix}unit_si": claim.unit_si}
    window = value_window(claim)
    if window is None:
        lookups[f"{prefix}value_si__isnull"] = True
    else:
        lo, hi = window
        if not math.isinf(lo):
            lookups[f"{prefix}value_si__gte"] = Decimal(f"{lo:.6f}")
        if not math.isinf(hi):
            lookups[f"{prefix}value_si__lte"] = Decimal(f"{hi:.6f}")
    return queryset.filter(**lookups)


# --- time ----------------------------------------------------------------------------
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _scope(day: date, precision: str) -> tuple[int, ...]:
    rank = _PRECISION_RANK.get(precision, 2)
    return (day.year, day.month, day.day)[: rank + 1]


def time_relation(a: ClaimRecord, b: ClaimRecord) -> tuple[str, float]:
    """How two time scopes relate: ("same" | "within" | "unknown" | "other", feature value).

    Neither scoped (a plan's terms) or equal scopes: the same time. One scope inside the
    other ("2027-03-05" in "March 2027"): probably the same, less sure. One missing: unknown,
    judged by how close the sources' publication dates are. Two different scopes: another
    point in time (a series), never the same proposition.
    """
    if a.as_of is None and b.as_of is None:
        return "same", 1.0
    if a.as_of is None or b.as_of is None:
        if a.published_on and b.published_on and abs((a.published_on - b.published_on).days) <= 7:
            return "unknown", 0.5
        return "unknown", 0.3
    sa, sb = _scope(a.as_of, a.time_precision), _scope(b.as_of, b.time_precision)
    if sa == sb:
        return "same", 1.0
    shorter = min(len(sa), len(sb))
    if sa[:shorter] == sb[:shorter]:
        return "within", 0.7
    return "other", 0.0


def _as_of_text(record: ClaimRecord) -> str:
    if record.as_of is None:
        return "no time scope"
    rank = _PRECISION_RANK.get(record.time_precision, 2)
    return record.as_of.isoformat()[: (4, 7, 10)[rank]]


# --- scoring -------------------------------------------------------------------------
def _claimant_similarity(a: ClaimRecord, b: ClaimRecord) -> float | None:
    if set(a.actors) & set(b.actors):
        return 1.0
    ta, tb = tokens(a.claimant), tokens(b.claimant)
    if not ta or not tb:
        return None
    return jaccard(ta, tb)


def _neutral(feature: float | None) -> float:
    """A missing feature counts half: neither evidence for nor against."""
    return 0.5 if feature is None else feature


@dataclass(frozen=True)
class _Features:
    """What a pair (claim, member) has in common; None where a side is missing."""

    subject: float
    place: float | None
    claimant: float | None
    text: float
    time: str  # time_relation's verdict
    time_value: float
    values: str  # "agree", "conflict", or "none" (a proposal, or a value missing)

    @property
    def relation(self) -> str:
        return SERIES if self.time == "other" else SAME

    @property
    def conflicting(self) -> bool:
        return self.relation == SAME and self.values == "conflict"


def _features(claim: ClaimRecord, member: ClaimRecord) -> _Features:
    how, time_value = time_relation(claim, member)
    if claim.kind == "proposal" or not (claim.has_value and member.has_value):
        values = "none"
    else:
        values = "agree" if values_agree(claim, member) else "conflict"
    return _Features(
        subject=subject_similarity(claim.subject, member.subject),
        place=place_similarity(claim.place, member.place),
        claimant=_claimant_similarity(claim, member),
        text=jaccard(
            tokens(claim.statement) | tokens(claim.quote),
            tokens(member.statement) | tokens(member.quote),
        ),
        time=how,
        time_value=time_value,
        values=values,
    )


def _modalities_differ(claim: ClaimRecord, member: ClaimRecord) -> bool:
    both = bool(claim.modality and member.modality)
    return both and (claim.modality in WANTED) != (member.modality in WANTED)


def _score(claim: ClaimRecord, member: ClaimRecord, f: _Features) -> float:
    if f.relation == SERIES:
        time_feature, value = SERIES_TIME, SERIES_VALUE
    else:
        time_feature = f.time_value
        if f.values == "none":
            value = 1.0 if claim.proposal and claim.proposal == member.proposal else 0.5
        else:
            value = 1.0 if f.values == "agree" else 0.0
    # Two claims that name no place agree on it; one missing is no evidence either way.
    place = 1.0 if f.place is None and not (claim.place or member.place) else _neutral(f.place)
    score = (
        WEIGHTS["subject"] * f.subject
        + WEIGHTS["place"] * place
        + WEIGHTS["time"] * time_feature
        + WEIGHTS["value"] * value
        + WEIGHTS["claimant"] * _neutral(f.claimant)
        + WEIGHTS["text"] * f.text
    )
    if f.subject < SUBJECT_FLOOR:
        score *= 1 - SUBJECT_FLOOR + f.subject
    if f.conflicting or f.relation == SERIES:
        # Nothing but the words says a contradiction or a series point is the same measure.
        score *= CONFLICT_BASE + (1 - CONFLICT_BASE) * f.subject
    if f.place == 0:
        score *= PLACE_DISJOINT
    if claim.proposal and member.proposal and claim.proposal != member.proposal:
        score *= PROPOSAL_DIFFERS
    if _modalities_differ(claim, member):
        score *= MODALITY_DIFFERS
    return round(score, 4)


def _explain(claim: ClaimRecord, member: ClaimRecord, f: _Features) -> tuple[str, ...]:
    """The reasons a curator reads beside the score, one per feature that spoke."""
    reasons = [f"same kind and unit ({claim.kind}, {claim.unit_si or 'no unit'})"]
    if f.subject:
        reasons.append(f"subject words {f.subject:.2f} ({_short(member.subject)!r})")
    if f.place is not None:
        reasons.append("same place" if f.place == 1 else f"place words {f.place:.2f}")
    if f.claimant:
        reasons.append("same claimant" if f.claimant == 1 else f"claimant words {f.claimant:.2f}")
    if f.text >= 0.5:
        reasons.append(f"statement and quote words {f.text:.2f}")
    if f.relation == SERIES:
        earlier_later = "later" if _scope_key(claim) > _scope_key(member) else "earlier"
        reasons.append(
            f"series: as_of {_as_of_text(claim)} is {earlier_later} than "
            f"{_as_of_text(member)}, another point of the same measure, not a conflict"
        )
    else:
        reasons.append(
            {
                "same": f"same time scope ({_as_of_text(claim)})",
                "within": f"time scopes nest ({_as_of_text(claim)}, {_as_of_text(member)})",
                "unknown": "a time scope is missing",
            }[f.time]
        )
        if f.values == "agree":
            reasons.append(f"value agrees with {_value_text(member)}")
        elif f.values == "conflict":
            reasons.append(f"value {_value_text(claim)} conflicts with {_value_text(member)}")
    if f.place == 0:
        reasons.append("places share no word")
    if claim.proposal and member.proposal:
        same = claim.proposal == member.proposal
        reasons.append(f"same proposal ({claim.proposal})" if same else "different proposals")
    if _modalities_differ(claim, member):
        reasons.append(f"{claim.modality} against {member.modality}")
    if claim.publisher and claim.publisher == member.publisher and f.relation == SAME:
        reasons.append("same publisher as a member: an echo, not an independent source")
    return tuple(reasons)


def score_pair(claim: ClaimRecord, member: ClaimRecord) -> PairScore:
    """Score a claim against one member of a group (after :func:`comparable`), with reasons."""
    f = _features(claim, member)
    return PairScore(
        _score(claim, member, f), f.relation, f.conflicting, _explain(claim, member, f)
    )


def _scope_key(record: ClaimRecord) -> tuple[int, ...]:
    assert record.as_of is not None
    return _scope(record.as_of, record.time_precision)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_text(record: ClaimRecord) -> str:
    if record.lower is not None and record.upper is None:
        text = f"at least {record.value:g}"
    elif record.upper is not None and record.lower is None:
        text = f"at most {record.value:g}"
    elif record.lower is not None and record.upper is not None:
        text = f"{record.lower:g}–{record.upper:g}"
    else:
        text = f"{record.value:g}"
    unit = f" {record.unit}" if record.unit else ""
    return ("~" if record.approximate else "") + text + unit


Groups = Mapping[Hashable, Sequence[ClaimRecord]] | Iterable[tuple[Hashable, Sequence[ClaimRecord]]]


def suggest(claim: ClaimRecord, groups: Groups, *, threshold: float = SUGGEST) -> list[Suggestion]:
    """The groups ``claim`` may belong to (or continue as a series), best first.

    ``groups`` maps a group id to its member records (or is a sequence of such pairs). Each
    group scores as its best-matching member; members failing :func:`comparable` are skipped.
    Only suggestions scoring at least ``threshold`` are returned (pass 0 to see them all).
    """
    items = groups.items() if isinstance(groups, Mapping) else groups
    out: list[Suggestion] = []
    for group_id, members in items:
        best: tuple[float, bool, ClaimRecord, _Features] | None = None
        conflicts = agreements = 0
        for member in members:
            if not comparable(claim, member):
                continue
            f = _features(claim, member)
            if f.relation == SAME:
                conflicts += f.conflicting
                agreements += not f.conflicting
            key = (_score(claim, member, f), f.relation == SAME)
            if best is None or key > best[:2]:
                best = (*key, member, f)
        if best is None or best[0] < threshold:
            continue
        score, _, member, f = best
        # Reasons only for the member that decided: they cost more than the score.
        reasons = _explain(claim, member, f)
        if conflicts and f.relation == SAME:
            reasons += (f"conflicts with {conflicts} of {len(members)} member(s)",)
        out.append(
            Suggestion(
                group_id=group_id,
                score=score,
                reasons=reasons,
                relation=f.relation,
                # A contested group is not a contradiction of a claim that agrees with a side.
                conflicting=f.relation == SAME and conflicts > 0 and agreements == 0,
            )
        )
    # Best first; at equal scores a member relation before a series point, then by id.
    out.sort(key=lambda s: (-s.score, s.relation != SAME, str(s.group_id)))
    return out


def suggest_for(
    claim: Any,
    claims: _Filterable,
    *,
    group_of: Callable[[Any], Hashable | None],
    threshold: float = SUGGEST,
    limit: int = MAX_CANDIDATES,
) -> list[Suggestion]:
    """End to end, for the service: suggestions for a ledger claim among grouped claims.

    ``claims`` is a queryset of the claims that may be members, loaded as the records need
    (``Claim.objects.with_provenance()``, narrowed to grouped claims); ``group_of`` names a
    member's group (``operator.attrgetter("assertion_id")``; None: not grouped). A constant
    number of queries: the candidates and their prefetches, at most ``limit`` members.
    """
    record = ClaimRecord.from_claim(claim)
    members = candidate_filter(claims, record)
    if getattr(claim, "pk", None) is not None:
        members = members.exclude(pk=claim.pk)
    groups: dict[Hashable, list[ClaimRecord]] = defaultdict(list)
    for member in members[:limit]:
        group_id = group_of(member)
        if group_id is not None:
            groups[group_id].append(ClaimRecord.from_claim(member))
    return suggest(record, groups, threshold=threshold)
