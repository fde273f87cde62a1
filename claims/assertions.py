"""An assertion's figures, derived from its members: the one place that computes them.

``refresh(assertion_id)`` recomputes and stores them; the services call it inside the
transaction that changes a membership or a rank, and a receiver calls it when a member claim
is saved some other way (an edit, a status change), so a list of groups reads stored columns
and costs the same few queries however many members each group has.

The rules (tests/data/assertions/README.md labels its evaluation set by the same ones):

- **Counted members** are the public record: members whose status is published or disputed
  and whose rank is not deprecated. Drafts, candidates and ended claims are listed to staff
  but move no figure (a reader must not learn of a draft from a count).
- **Sources**: the distinct sources the counted members cite.
- **Independent sources**: the distinct *origins* among those citations. A citation's origin
  is whom its claim names as having relayed it (``Claim.conveyed_by``: an agency the outlet
  relays), else its source's publisher; but a citation whose words *in context* are
  near-identical (``ECHO_SIMILARITY`` of the ``ECHO_CONTEXT`` characters either side) to an
  earlier source's is a copy and takes that source's origin: that finds a reprint that does
  not name what it copies (``origins``). So three outlets
  echoing one agency count once, one publisher twice counts once, and independent outlets
  that use the same short quote ("212 mm") in their own words count each.
- **Preferred value**: the value of the member ranked preferred; else the median of the
  counted values taken once per origin (an echoed figure weighs as one), the lower of the two
  middle values when their number is even, so it is always a value someone stated.
- **Spread**: the smallest and largest counted normalised value.
- **First and last seen**: the earliest and latest publication date of the cited sources.
- **Conflicts**: pairs of counted members of the same time scope (``as_of``, compared at
  the coarser of the two members' precisions: 30 November and "November" are one) whose value
  ranges are disjoint. A member's range is its stated bounds (a one-sided bound leaves the
  other side open), else its value, widened by a per-kind tolerance (``tolerance``): ±3
  points for an approximate percentage and ±1 for an exact one (a share's rounding is
  absolute); ±5% of the bound for other approximate quantities and ±1% for exact ones. Members
  at different ``as_of`` never conflict: the later one is an update in a series. Money in two
  currencies is not compared.
"""

from __future__ import annotations

import difflib
import itertools
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Greatest, Substr
from django.utils import timezone

# The tolerance of "the same value" per kind: (approximate, exact), in points for shares and
# as a fraction of the bound for everything else. Chosen inside the band the evaluation set
# is labelled for (README: 3-5 and 1-1.5 points, 5-10% and 1-2%).
POINT_KINDS = ("percentage", "percentage_points")
POINTS = (Decimal(3), Decimal(1))
RELATIVE = (Decimal("0.05"), Decimal("0.01"))

ECHO_CONTEXT = 120
ECHO_SIMILARITY = 0.7
SHINGLE_GATE = 0.2  # shared word pairs below which two windows are not compared further
# Pairwise quote comparison is quadratic: a group is a handful of reports, capped here so
# no request can ask for more work than this. Measured 2026-12-01 (2-core shared box, the
# suite running beside it): ``origins`` over 200 citations whose windows are drawn from one
# text took 0.68 s CPU (2.14 s before the word-pair gate).
MAX_MEMBERS = 200

COUNTED_STATUSES = ("published", "disputed")


@dataclass(frozen=True)
class Member:
    """What the rules read of one member claim."""

    id: Any
    kind: str
    rank: str
    status: str
    as_of: date | None
    value_si: Decimal | None
    lower_si: Decimal | None
    upper_si: Decimal | None
    unit_si: str
    approximate: bool
    conveyed_by_id: Any
    time_precision: str = "day"

    @property
    def counted(self) -> bool:
        return self.status in COUNTED_STATUSES and self.rank != "deprecated"


@dataclass(frozen=True)
class Cited:
    """One citation of a member: its source, publisher, date and its words in context."""

    claim_id: Any
    source_id: Any
    publisher_id: Any
    published_on: date | None
    source_kind: str
    window: str


def tolerance(member: Member, bound: Decimal) -> Decimal:
    """How far a stated value may be from another and still agree with it."""
    approximate, exact = POINTS if member.kind in POINT_KINDS else RELATIVE
    pad = approximate if member.approximate else exact
    return pad if member.kind in POINT_KINDS else abs(bound) * pad


def interval(member: Member) -> tuple[Decimal | None, Decimal | None]:
    """The values a member allows, ``None`` for an open side; (None, None) for no value."""
    if member.value_si is None:
        return None, None
    value, lower, upper = member.value_si, member.lower_si, member.upper_si
    lo = lower if lower is not None else (value if upper is None else None)
    hi = upper if upper is not None else (value if lower is None else None)
    return (
        None if lo is None else lo - tolerance(member, lo),
        None if hi is None else hi + tolerance(member, hi),
    )


def disjoint(a: Member, b: Member) -> bool:
    """The two members state values that cannot both be right."""
    if a.value_si is None or b.value_si is None or a.unit_si != b.unit_si:
        return False
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return (ahi is not None and blo is not None and ahi < blo) or (
        bhi is not None and alo is not None and bhi < alo
    )


_COARSER = {"day": 0, "month": 1, "year": 2, "unknown": 2}


def same_scope(a: Member, b: Member) -> bool:
    """Both members speak of one time: their dates agree at the coarser of their precisions
    (30 November, day, and November, month, are one scope). A member without a date takes
    its group's scope."""
    if a.as_of is None or b.as_of is None:
        return True
    coarser = max(_COARSER.get(a.time_precision, 0), _COARSER.get(b.time_precision, 0))
    if coarser == 0:
        return a.as_of == b.as_of
    if coarser == 1:
        return (a.as_of.year, a.as_of.month) == (b.as_of.year, b.as_of.month)
    return a.as_of.year == b.as_of.year


def conflicts(members: list[Member]) -> list[dict[str, str]]:
    """Every pair of counted members of one time scope whose ranges do not overlap."""
    counted = sorted((m for m in members if m.counted), key=lambda m: str(m.id))
    found = []
    for i, a in enumerate(counted):
        for b in counted[i + 1 :]:
            if same_scope(a, b) and disjoint(a, b):
                found.append({"a": str(a.id), "b": str(b.id)})
    return found


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def shingles(text: str) -> frozenset[tuple[str, str]]:
    """Word pairs of a normalised window: a cheap first test of "the same words"."""
    words = text.split()
    return frozenset(itertools.pairwise(words))


def echoes(
    a: str, b: str, a_pairs: frozenset | None = None, b_pairs: frozenset | None = None
) -> bool:
    """Two quotes in context are near-identical: one text copies the other.

    Word pairs shared first (a set intersection: texts in other words share few), then the
    character similarity that decides (``difflib``: quadratic, so only for likely copies)."""
    a_pairs = shingles(a) if a_pairs is None else a_pairs
    b_pairs = shingles(b) if b_pairs is None else b_pairs
    union = len(a_pairs | b_pairs)
    if union and len(a_pairs & b_pairs) / union < SHINGLE_GATE:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= ECHO_SIMILARITY
        and matcher.quick_ratio() >= ECHO_SIMILARITY
        and matcher.ratio() >= ECHO_SIMILARITY
    )


def origins(members: list[Member], cited: list[Cited]) -> list[Any]:
    """Each citation's origin (in ``cited``'s order): an echo takes its original's.

    Citations are read oldest source first; primary documents (a statement, a report, a
    poll release) before articles of the same day, since the article is what copies. A
    citation whose words in context are near-identical to an earlier one's in another source
    is a copy and takes that one's origin; any other's origin is whom its claim names as
    having relayed it, else its source's publisher (else the source itself).
    """
    by_claim = {m.id: m for m in members}
    order = sorted(
        range(len(cited)),
        key=lambda i: (
            cited[i].published_on or date.max,
            cited[i].source_kind not in PRIMARY_KINDS,
            str(cited[i].source_id),
        ),
    )
    windows = [_normalised(c.window) for c in cited]
    pairs = [shingles(w) for w in windows]
    origin: list[Any] = [None] * len(cited)
    seen: list[int] = []
    for i in order:
        c = cited[i]
        copied = next(
            (
                j
                for j in seen
                if cited[j].source_id != c.source_id
                and echoes(windows[j], windows[i], pairs[j], pairs[i])
            ),
            None,
        )
        if copied is not None:
            origin[i] = origin[copied]
        else:
            relayed = by_claim[c.claim_id].conveyed_by_id
            origin[i] = relayed or c.publisher_id or c.source_id
        seen.append(i)
    return origin


PRIMARY_KINDS = ("statement", "report", "poll_release")


def independent(origins_by_source: dict[Any, set[Any]]) -> int:
    """How many sources each bring an origin no other counted source brings: the largest
    matching of sources to the origins they carry (Kuhn's augmenting paths; a group has a
    few dozen sources at most).

    Three outlets echoing one agency carry one origin between them: 1. An article that
    relays an agency for one figure and reports another itself carries two origins, but is
    one source: it counts once, so independent sources never exceed sources (the database
    checks it). Beside the agency's own dispatch, that article still counts for its own
    reporting: 2.
    """
    owner: dict[Any, Any] = {}

    def claim(source: Any, tried: set[Any]) -> bool:
        for origin in origins_by_source[source]:
            if origin in tried:
                continue
            tried.add(origin)
            if origin not in owner or claim(owner[origin], tried):
                owner[origin] = source
                return True
        return False

    return sum(claim(source, set()) for source in sorted(origins_by_source, key=str))


def figures(members: list[Member], cited: list[Cited], preferred: Member | None) -> dict:
    """The derived columns of an assertion from its members and their citations."""
    counted = [m for m in members if m.counted]
    counted_ids = {m.id for m in counted}
    cited = [c for c in cited if c.claim_id in counted_ids]
    component = origins(counted, cited)
    values = [m.value_si for m in counted if m.value_si is not None]
    # One value per origin, from the first member (by id) citing it.
    per_origin: dict[int, Decimal] = {}
    by_claim = {m.id: m for m in counted}
    for i, c in sorted(enumerate(cited), key=lambda ic: str(ic[1].claim_id)):
        value = by_claim[c.claim_id].value_si
        if value is not None:
            per_origin.setdefault(component[i], value)
    if preferred is not None and preferred.counted and preferred.value_si is not None:
        preferred_value = preferred.value_si
    elif per_origin:
        preferred_value = statistics.median_low(sorted(per_origin.values()))
    else:
        preferred_value = None
    carried: dict[Any, set[Any]] = {}
    for c, origin in zip(cited, component, strict=True):
        carried.setdefault(c.source_id, set()).add(origin)
    dates = [c.published_on for c in cited if c.published_on is not None]
    found = conflicts(members)
    units = sorted({m.unit_si for m in counted if m.unit_si})
    return {
        "members": len(members),
        "public_members": sum(
            m.status in ("published", "disputed", "superseded", "retracted") for m in members
        ),
        "preferred_value_si": preferred_value,
        "min_value_si": min(values) if values else None,
        "max_value_si": max(values) if values else None,
        "unit_si": units[0] if len(units) == 1 else "",
        "sources": len({c.source_id for c in cited}),
        "independent_sources": independent(carried),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "conflicting": bool(found),
        "conflicts": found,
    }


_deferred: ContextVar[set | None] = ContextVar("assertions_deferred", default=None)


@contextmanager
def refreshing_once() -> Iterator[set]:
    """Within this block, member saves only note their group; it is refreshed once at the end."""
    pending: set = set()
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)
    for assertion_id in pending:
        refresh(assertion_id)


def member_changed(assertion_id: Any) -> None:
    """A member claim was saved: refresh its group now, or at the end of ``refreshing_once``."""
    pending = _deferred.get()
    if pending is not None:
        pending.add(assertion_id)
    else:
        refresh(assertion_id)


def load(assertion_id: Any) -> tuple[list[Member], list[Cited]]:
    """The members and their citations (with the words around each quote), two queries."""
    from claims.models import Citation, Claim

    members = [
        Member(**row)
        for row in Claim.objects.filter(assertion_id=assertion_id)
        .order_by("id")
        .values(
            "id",
            "kind",
            "rank",
            "status",
            "as_of",
            "value_si",
            "lower_si",
            "upper_si",
            "unit_si",
            "approximate",
            "conveyed_by_id",
            "time_precision",
        )
    ]
    cited = [
        Cited(**row)
        for row in Citation.objects.filter(claim__assertion_id=assertion_id)
        .order_by("claim_id", "start", "id")
        .values("claim_id", "source_id", **cited_values())
    ]
    return members, cited


def cited_values() -> dict[str, Any]:
    """What ``Cited`` reads of a citation beyond its ids, as query expressions: its source's
    publisher, date and kind, and its words in context (``ECHO_CONTEXT`` characters each
    side). One definition for the service and for bench/generate.py's bulk figures."""
    return {
        "publisher_id": F("source__publisher_id"),
        "published_on": F("source__published_on"),
        "source_kind": F("source__kind"),
        "window": Substr(
            "source__text",
            Greatest(F("start") - Value(ECHO_CONTEXT - 1), Value(1)),
            F("end") - F("start") + Value(2 * ECHO_CONTEXT),
        ),
    }


def refresh(assertion_id: Any) -> None:
    """Recompute and store one assertion's figures (a queryset update: they are derived,
    kept out of its history, and the row's revision trigger stamps the change)."""
    from claims.models import Assertion

    members, cited = load(assertion_id)
    preferred = next((m for m in members if m.rank == "preferred"), None)
    Assertion.objects.filter(pk=assertion_id).update(
        **figures(members, cited, preferred), updated_at=timezone.now()
    )
