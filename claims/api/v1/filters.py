"""Filters of the v1 lists; django-filter documents each one in the schema from its help_text."""

from __future__ import annotations

import uuid
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import django_filters as filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from claims import search
from claims.api.filtering import UTCDateTimeFilter
from claims.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    Actor,
    Assertion,
    Citation,
    Claim,
    ClaimKind,
    ClaimStatus,
    Modality,
    Proposal,
    Source,
    Topic,
)


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _id_or_slug(value: str, prefix: str) -> Q:
    ident = _as_uuid(value)
    return Q(**{f"{prefix}_id": ident}) if ident else Q(**{f"{prefix}__slug": value})


# A search is a few words: 5,000 of them built an expression SQLite refused ("Expression
# tree is too large", a 503) after 455 ms of CPU (bench/hostile_bodies.py).
SEARCH_MAX_WORDS = 32
SEARCH_MAX_CHARS = 500


def at_most_words(value: str) -> None:
    if len(value.split()) > SEARCH_MAX_WORDS:
        raise DjangoValidationError(f"At most {SEARCH_MAX_WORDS} words.", code="max_words")


class StoredValueFilter(filters.NumberFilter):
    """A bound on a value stored with ``VALUE_PLACES`` decimals: any finite number.

    The bound is rounded towards the side it excludes (up for ``gte``, down for ``lte``), so
    ``value_si_min=1e-9`` still leaves out a stored 0, and clamped just outside the column's
    range, so ``1e400`` reaches the database as a number it can compare.
    """

    STEP = Decimal(1).scaleb(-VALUE_PLACES)
    OUTSIDE = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)

    def get_max_validator(self) -> None:
        return None  # django-filter's 1e50 cap: the clamp below makes any finite bound safe

    def filter(self, qs: QuerySet, value: Decimal | None) -> QuerySet:
        if value is not None:
            rounding = ROUND_CEILING if self.lookup_expr == "gte" else ROUND_FLOOR
            value = max(-self.OUTSIDE, min(self.OUTSIDE, value))
            value = value.quantize(self.STEP, rounding=rounding)
        return super().filter(qs, value)


class UpdatedAfterFilterSet(filters.FilterSet):
    """Every list is a sync feed: ``updated_after`` with ``ordering=updated_at``.

    An empty parameter (``?kind=``, as an HTML form sends an unfilled field) is no filter,
    for every filter alike; the schema says so with ``allowEmptyValue``.
    """

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and hasattr(data, "getlist"):
            data = data.copy()
            for key in list(data):
                given = [value for value in data.getlist(key) if value != ""]
                if given:
                    data.setlist(key, given)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)

    revision_after = filters.NumberFilter(
        field_name="revision",
        lookup_expr="gt",
        min_value=0,
        help_text="Changed in a revision after this one: the sync feed. Revisions are given "
        "out in commit order, so a mirror that has applied every object up to revision N and "
        "asks for `revision_after=N&ordering=revision` (following `next` to the end) misses "
        "no committed change, however writes interleave; it then keeps the largest "
        "`revision` it received. Deletions are in `/tombstones/?revision_after=N`.",
    )
    updated_after = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Changed at or after this time (RFC 3339), by the clock of the writer. "
        "For browsing: a transaction stamped earlier can commit later, so a mirror "
        "following times can miss it; mirrors use `revision_after`.",
    )


class ClaimFilter(UpdatedAfterFilterSet):
    # distinct=False: these filter the claims table itself, so no row can repeat, and a
    # DISTINCT would make PostgreSQL build every matching row before the page's LIMIT.
    kind = filters.MultipleChoiceFilter(
        distinct=False, choices=ClaimKind.choices, help_text="Claim kind; repeat for several."
    )
    status = filters.MultipleChoiceFilter(
        distinct=False,
        choices=ClaimStatus.choices,
        help_text="Status; repeat for several. Anonymous readers see only published, "
        "disputed, superseded and retracted claims, so other values give an empty list.",
    )
    modality = filters.MultipleChoiceFilter(
        distinct=False,
        choices=Modality.choices,
        help_text="How the claim is hedged; repeat for several.",
    )
    claimant = filters.CharFilter(
        method="filter_claimant", help_text="Who asserts it: an actor's id (UUID) or slug."
    )
    subject = filters.CharFilter(
        lookup_expr="icontains", help_text="Subject contains this text (case-insensitive)."
    )
    topic = filters.CharFilter(method="filter_topic", help_text="A topic's slug.")
    source = filters.UUIDFilter(method="filter_source", help_text="Cited by this source (id).")
    proposal = filters.CharFilter(
        method="filter_proposal",
        help_text="About this proposal (id or slug), directly or through one of its provisions.",
    )
    as_of_after = filters.DateFilter(
        field_name="as_of", lookup_expr="gte", help_text="`as_of` on or after this date."
    )
    as_of_before = filters.DateFilter(
        field_name="as_of", lookup_expr="lte", help_text="`as_of` on or before this date."
    )
    value_si_min = StoredValueFilter(
        field_name="value_si",
        lookup_expr="gte",
        help_text="Normalised value at least this (in the kind's canonical unit).",
    )
    value_si_max = StoredValueFilter(
        field_name="value_si",
        lookup_expr="lte",
        help_text="Normalised value at most this.",
    )
    q = filters.CharFilter(
        method="filter_q",
        max_length=SEARCH_MAX_CHARS,
        validators=[at_most_words],
        help_text="Full-text search in statements and quotes. On PostgreSQL web-search "
        'syntax: words, "a phrase", -excluded, or. On SQLite every word must appear. '
        f"At most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_CHARS} characters.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_claimant(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(_id_or_slug(value, "claimant"))

    def filter_topic(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The topic's id is looked up once (a scalar subquery).
        topic_id = Topic.objects.filter(slug=value).order_by().values("pk")[:1]
        if connection.vendor == "postgresql":
            # Join the topic's walk (models.TopicWalk) on the claim's id *and* creation time:
            # PostgreSQL then knows the walk's (created_at, claim_id) order is the page's and
            # reads one page of the topic's rows, the kind in the same index entry. Probing
            # each claim of a kind for the topic read ~4,000 claims per kind + topic page.
            walk = {
                "topic_walk__topic_id": topic_id,
                "topic_walk__created_at": F("created_at"),
                "topic_walk__kind": F("kind"),
            }
            if self.public_only:
                walk["topic_walk__public"] = True
            return queryset.filter(**walk)
        tagged = Claim.topics.through.objects.filter(claim_id=OuterRef("pk"), topic_id=topic_id)
        return queryset.filter(Exists(tagged))

    @property
    def public_only(self) -> bool:
        """Whether the list shows public claims only (the view's visibility)."""
        view = getattr(self.request, "parser_context", None) or {}
        return getattr(view.get("view"), "visibility", "public") != "staff"

    def filter_source(self, queryset: QuerySet, name: str, value: uuid.UUID) -> QuerySet:
        return queryset.filter(citing(value))

    def filter_proposal(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A claim about a provision also names the provision's proposal (a DB rule).
        return queryset.filter(_id_or_slug(value, "proposal"))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search.matching(queryset, value) if value.strip() else queryset


def citing(source_id: Any) -> Exists:
    """Claims with a citation of the source (a semi-join: no duplicate rows)."""
    return Exists(Citation.objects.filter(claim_id=OuterRef("pk"), source_id=source_id))


class SourceFilter(UpdatedAfterFilterSet):
    publisher = filters.CharFilter(
        method="filter_publisher", help_text="The publisher: an actor's id (UUID) or slug."
    )

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_publisher(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(_id_or_slug(value, "publisher"))


class ActorFilter(UpdatedAfterFilterSet):
    kind = filters.MultipleChoiceFilter(
        choices=Actor.Kind.choices, help_text="Actor kind; repeat for several."
    )

    class Meta:
        model = Actor
        fields: list[str] = []


class TopicFilter(UpdatedAfterFilterSet):
    class Meta:
        model = Topic
        fields: list[str] = []


class ProposalFilter(UpdatedAfterFilterSet):
    status = filters.MultipleChoiceFilter(
        choices=Proposal.Status.choices, help_text="Proposal status; repeat for several."
    )

    class Meta:
        model = Proposal
        fields: list[str] = []


class AssertionFilter(UpdatedAfterFilterSet):
    conflicting = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        help_text="Only groups whose counted members conflict (true) or agree (false).",
    )
    min_independent_sources = filters.NumberFilter(
        field_name="independent_sources",
        lookup_expr="gte",
        min_value=0,
        max_value=1_000_000,
        help_text="Corroborated by at least this many independent sources.",
    )
    kind = filters.MultipleChoiceFilter(
        distinct=False, choices=ClaimKind.choices, help_text="Claim kind; repeat for several."
    )
    topic = filters.CharFilter(method="filter_topic", help_text="A topic's slug.")
    subject = filters.CharFilter(
        lookup_expr="icontains", help_text="Subject contains this text (case-insensitive)."
    )
    measure = filters.CharFilter(help_text="The series' measure (exact).")
    q = filters.CharFilter(
        method="filter_q",
        max_length=SEARCH_MAX_CHARS,
        validators=[at_most_words],
        help_text="Every word appears in the group's statement or subject (case-insensitive). "
        f"At most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_CHARS} characters.",
    )

    class Meta:
        model = Assertion
        fields: list[str] = []

    def filter_topic(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        topic_id = Topic.objects.filter(slug=value).values("pk")[:1]
        tagged = Assertion.topics.through.objects.filter(
            assertion_id=OuterRef("pk"), topic_id=topic_id
        )
        return queryset.filter(Exists(tagged))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.split()[:20]
        return queryset.filter(
            *(Q(statement__icontains=w) | Q(subject__icontains=w) for w in words)
        )
