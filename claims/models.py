"""The ledger's domain: sources, actors, topics, proposals, claims and their citations.

Rules about the data live here once. What the database can check is a constraint (see each
``Meta.constraints``) or a trigger (migration ``0002_triggers``, for rules that span tables);
what it cannot is ``clean()``. Derived fields (``value_si``, ``text_sha256``) are computed by
``derive()`` methods that run on every save, including ``loaddata``'s raw saves (see
``claims.signals``), and by bulk writers before they insert.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager
from simple_history.models import HistoricalRecords

from claims import anchoring, search, units

VALUE_DIGITS = 24
VALUE_PLACES = units.SI_PLACES
_STORABLE = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


class ValueField(models.DecimalField):
    """A stated or normalised value: input is rounded to the stored places, not refused."""

    def to_python(self, value: Any) -> Any:
        return _rounded(super().to_python(value))

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": RoundedDecimalFormField, **kwargs})

    def deconstruct(self) -> Any:
        # The column is a plain decimal: migrations need not know (nor rebuild SQLite tables,
        # which would drop the ledger's triggers) that input is rounded.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


class RoundedDecimalFormField(forms.DecimalField):
    def to_python(self, value: Any) -> Any:
        return _rounded(super().to_python(value))


def _rounded(value: Any) -> Any:
    return units.to_stored_places(value) if isinstance(value, Decimal) else value


def _value_field(**kwargs: Any) -> models.DecimalField:
    return ValueField(
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        **kwargs,
    )


class Precision(models.TextChoices):
    """How precisely a date is known: 2025-11-01 with MONTH precision means "November 2025"."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Revisioned(TimeStamped):
    """A resource mirrors follow by ``revision``: the ledger revision of its last change.

    The database sets it (``claims.db_rules``, revision triggers) on every insert and update
    of the row, and of what its answer embeds (a claim's citations and topics, a proposal's
    provisions and proposers), whatever writes it: saves, bulk loads, raw SQL. A
    transaction takes its revision from the ledger version under the version row's lock,
    held to commit, so revisions are handed out in commit order: a mirror that has applied
    everything up to revision N and asks for ``revision_after=N`` never misses a commit,
    however transactions interleave. What Python writes into the column is overwritten.
    """

    revision = models.BigIntegerField(default=0, editable=False)

    class Meta:
        abstract = True


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> models.Model:
        return self.get(slug=slug)


class ActorKind(models.TextChoices):
    PERSON = "person"
    STATE = "state"
    GOVERNMENT = "government"
    ORGANISATION = "organisation"
    ALLIANCE = "alliance"
    POLLSTER = "pollster"
    MEDIA = "media"
    GROUP = "group", "unnamed group (e.g. analysts)"


class Actor(Revisioned):
    """Who says, demands, proposes, reports or is measured: a person, state or organisation."""

    Kind = ActorKind

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names the actor goes by, as a JSON list.",
    )
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q42.")],
    )

    objects = SlugManager()
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["name"]
        # Keyset pagination by change time (the API's sync feed) and by creation time.
        indexes = [
            models.Index(fields=["revision", "id"], name="actor_revision_id"),
            models.Index(fields=["updated_at", "id"], name="actor_updated_id"),
            models.Index(fields=["created_at", "id"], name="actor_created_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActorKind.values),
                name="actor_kind_valid",
                violation_error_message="kind: not a known actor kind.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="actor_name_not_empty",
                violation_error_message="name: an actor needs a name.",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__startswith="Q"),
                name="actor_wikidata_id_form",
                violation_error_message="wikidata_id: a Wikidata id looks like Q42.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in self.aliases
        ):
            raise ValidationError({"aliases": "Aliases must be a list of non-empty strings."})

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Topic(Revisioned):
    """A theme to browse claims by: territory, public opinion, security guarantees."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = SlugManager()
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["name"]
        # Keyset pagination by change time (the API's sync feed) and by creation time.
        indexes = [
            models.Index(fields=["revision", "id"], name="topic_revision_id"),
            models.Index(fields=["updated_at", "id"], name="topic_updated_id"),
            models.Index(fields=["created_at", "id"], name="topic_created_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="topic_name_not_empty",
                violation_error_message="name: a topic needs a name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SourceKind(models.TextChoices):
    ARTICLE = "article"
    POLL_RELEASE = "poll_release"
    STATEMENT = "statement"
    REPORT = "report"
    TRANSCRIPT = "transcript"
    OTHER = "other"


class Source(Revisioned):
    """A document claims are drawn from, with its full text frozen once a citation uses it.

    A new snapshot of the same page is a new Source; citations are re-anchored explicitly.
    """

    Kind = SourceKind

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    title = models.CharField(max_length=500)
    publisher = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        help_text="Who reports: the outlet that published the document.",
    )
    authors = models.JSONField(default=list, blank=True, help_text="Bylines, as a JSON list.")
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=10,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        help_text="How precisely the publication date is known; 'unknown' when not given.",
    )
    retrieved_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    text = models.TextField(help_text="The full text as retrieved. Frozen once cited.")
    text_sha256 = models.CharField(max_length=64, editable=False)
    license = models.CharField(max_length=200, blank=True)
    attribution = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords(excluded_fields=["text", "revision"])

    class Meta:
        ordering = ["-created_at", "-id"]
        # Keyset pagination by change time (the API's sync feed) and by creation time.
        indexes = [
            models.Index(fields=["revision", "id"], name="source_revision_id"),
            models.Index(fields=["updated_at", "id"], name="source_updated_id"),
            models.Index(fields=["created_at", "id"], name="source_created_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="source_title_not_empty",
                violation_error_message="title: a source needs a title.",
            ),
            models.CheckConstraint(
                condition=~Q(url=""),
                name="source_url_not_empty",
                violation_error_message="url: a source without an address has none (null).",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="source_text_not_empty",
                violation_error_message="text: a source needs its full text.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="source_kind_valid",
                violation_error_message="kind: not a known source kind.",
            ),
            models.CheckConstraint(
                condition=Q(published_precision__in=Precision.values),
                name="source_precision_valid",
                violation_error_message="published_precision: not a known precision.",
            ),
            # An unknown date is NULL with precision "unknown"; a known one has a precision.
            models.CheckConstraint(
                condition=(
                    Q(published_on__isnull=True, published_precision=Precision.UNKNOWN)
                    | (Q(published_on__isnull=False) & ~Q(published_precision=Precision.UNKNOWN))
                ),
                name="source_published_precision_matches",
                violation_error_message="published_precision: 'unknown' iff published_on is empty.",
            ),
            models.CheckConstraint(
                condition=Exact(Length("text_sha256"), 64),
                name="source_text_sha256_set",
                violation_error_message="text_sha256: must be the SHA-256 of the text.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def derive(self) -> None:
        self.text_sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self.url = self.url or None  # no address is NULL: unique, and null in the API

    def clean(self) -> None:
        self.derive()  # so full_clean's constraint checks see the hash
        if not isinstance(self.authors, list) or not all(
            isinstance(a, str) and a.strip() for a in self.authors
        ):
            raise ValidationError({"authors": "Authors must be a list of non-empty strings."})
        if self.pk and not self._state.adding and self.is_cited():
            stored = Source.objects.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and stored != self.text:
                frozen = "This source is cited; its text is frozen. Add a new source instead."
                raise ValidationError({"text": ValidationError(frozen, code="frozen")})

    def is_cited(self) -> bool:
        return self.citations.exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        super().save(*args, **kwargs)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft"
    UNDER_NEGOTIATION = "under_negotiation"
    STATED = "stated", "stated (demands or conditions set out)"
    AGREED = "agreed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


class Proposal(Revisioned):
    """A plan, draft or set of demands, e.g. "US–Ukraine 20-point plan"."""

    Status = ProposalStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    proposed_by = models.ManyToManyField(Actor, related_name="proposals", blank=True)
    point_count = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text="The larger plan this one belongs to, e.g. a guarantee draft of a peace plan.",
    )

    objects = SlugManager()
    history = HistoricalRecords(m2m_fields=[proposed_by], excluded_fields=["revision"])

    class Meta:
        ordering = ["title"]
        # Keyset pagination by change time (the API's sync feed) and by creation time.
        indexes = [
            models.Index(fields=["revision", "id"], name="proposal_revision_id"),
            models.Index(fields=["updated_at", "id"], name="proposal_updated_id"),
            models.Index(fields=["created_at", "id"], name="proposal_created_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="proposal_title_not_empty",
                violation_error_message="title: a proposal needs a title.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="proposal_status_valid",
                violation_error_message="status: not a known proposal status.",
            ),
            models.CheckConstraint(
                condition=Q(point_count__isnull=True) | Q(point_count__gte=1),
                name="proposal_point_count_positive",
                violation_error_message="point_count: must be at least 1.",
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("id")),
                name="proposal_not_superseding_itself",
                violation_error_message="supersedes: a proposal cannot supersede itself.",
            ),
            models.CheckConstraint(
                condition=~Q(part_of=F("id")),
                name="proposal_not_part_of_itself",
                violation_error_message="part_of: a proposal cannot be part of itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        # The constraint sees one row; a longer loop (A part of B, B part of A) needs the chain.
        seen = {self.pk}
        whole = self.part_of
        while whole is not None:
            if whole.pk in seen:
                raise ValidationError(
                    {"part_of": "A proposal cannot be part of itself, directly or through others."}
                )
            seen.add(whole.pk)
            whole = whole.part_of


class Provision(TimeStamped):
    """One point of a proposal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="provisions")
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The point's number in the plan, when known."
    )
    summary = models.TextField()
    topics = models.ManyToManyField(Topic, related_name="provisions", blank=True)

    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        ordering = ["proposal", "number", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"],
                name="provision_number_unique_in_proposal",
                violation_error_message="number: taken by another provision of this proposal.",
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=~Q(summary=""),
                name="provision_summary_not_empty",
                violation_error_message="summary: a provision needs a summary.",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="provision_number_positive",
                violation_error_message="number: must be at least 1.",
            ),
        ]

    def __str__(self) -> str:
        label = f"#{self.number}" if self.number else "point"
        return f"{self.proposal.title} {label}: {self.summary[:60]}"


class LiteralIn(models.Lookup):
    """``field IN ('a', 'b')`` with the values written into the SQL, not sent as parameters.

    For the public statuses: a prepared statement's generic plan cannot match a partial
    index's predicate against parameters, so with ``status IN ($1, …)`` PostgreSQL walked
    the whole newest-first index past every newer draft (first page 4× slower behind
    100,000 drafts, bench/RESULTS.md). Values must be code constants of ``[a-z_]``.
    """

    lookup_name = "literal_in"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = tuple(self.rhs)
        if not values or not all(re.fullmatch(r"[a-z_]+", value) for value in values):
            raise ValueError(f"literal_in takes code constants of [a-z_], not {values!r}")
        listed = ", ".join(f"'{value}'" for value in values)
        return f"{lhs} IN ({listed})", list(params)


class ClaimQuerySet(models.QuerySet):
    PUBLIC_STATUSES = ("published", "disputed", "superseded", "retracted")

    def public(self) -> ClaimQuerySet:
        """What an anonymous reader may see: never candidates or drafts."""
        return self.filter(status__literal_in=self.PUBLIC_STATUSES)

    def with_provenance(self) -> ClaimQuerySet:
        return self.select_related(
            "claimant", "conveyed_by", "proposal", "provision"
        ).prefetch_related(
            "topics",
            models.Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "source__publisher").order_by(
                    "start"
                ),
            ),
        )


class ClaimKind(models.TextChoices):
    """What a claim states; the quantity kinds are ``units.QUANTITY_KINDS``."""

    PERCENTAGE = "percentage"
    AREA = "area"
    AREA_RATE = "area_rate"
    COUNT = "count"
    MONEY = "money"
    PERCENTAGE_POINTS = "percentage_points", "Percentage points"
    LENGTH = "length"
    MASS = "mass"
    VOLUME = "volume"
    DURATION = "duration"
    SPEED = "speed"
    ENERGY = "energy"
    POWER = "power"
    RATIO = "ratio"
    RATE = "rate", "Rate (quantity per time)"
    PROPOSAL = "proposal"
    STATEMENT = "statement"


# The values a kind's quantity can take, as its check constraints state them (for the
# admin's messages; the database decides).
_VALUE_RANGES: dict[str, tuple[Decimal, Decimal | None, str]] = {
    ClaimKind.PERCENTAGE: (Decimal(0), Decimal(100), "A percentage lies between 0 and 100."),
    ClaimKind.PERCENTAGE_POINTS: (
        Decimal(-100),
        Decimal(100),
        "Percentage points lie between -100 and 100.",
    ),
    ClaimKind.RATIO: (Decimal(0), None, "A ratio is not negative."),
}


class ClaimStatus(models.TextChoices):
    CANDIDATE = "candidate"
    DRAFT = "draft"
    # A candidate or draft a curator turned down: kept (never public) so the extractor does
    # not propose it again.
    REJECTED = "rejected"
    PUBLISHED = "published"
    DISPUTED = "disputed"
    RETRACTED = "retracted"
    SUPERSEDED = "superseded"


class Modality(models.TextChoices):
    ASSERTED = "asserted"
    REPORTED = "reported"
    ESTIMATED = "estimated"
    PROJECTED = "projected"
    DEMANDED = "demanded"
    PROPOSED = "proposed"


# The condition of ClaimQuerySet.public(), for the partial indexes of public pages.
PUBLIC = Q(status__in=ClaimQuerySet.PUBLIC_STATUSES)

# Claim._loaded_status of an instance that was built, not read from the database.
NOT_LOADED = "<not loaded>"


class Rank(models.TextChoices):
    """A member claim's standing in its group, as Wikidata ranks statements."""

    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"


# An assertion's figures, derived from its members (claims.assertions.refresh).
DERIVED = (
    "members",
    "public_members",
    "preferred_value_si",
    "min_value_si",
    "max_value_si",
    "unit_si",
    "sources",
    "independent_sources",
    "first_seen",
    "last_seen",
    "conflicting",
    "conflicts",
)


class AssertionQuerySet(models.QuerySet):
    def public(self) -> AssertionQuerySet:
        """Groups an anonymous reader may see: those with at least one public member."""
        return self.filter(public_members__gt=0)


class Assertion(Revisioned):
    """Claims from different sources that state one checkable proposition.

    Members are claims (``Claim.assertion``; a claim is in one group at most). Everything
    below ``as_of`` is derived from the members by ``claims.assertions.refresh`` in the
    transaction that changes them, never typed: see that module for the rules.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    statement = models.TextField(help_text="The proposition, e.g. 'deaths in Orlo on 5 March'.")
    kind = models.CharField(max_length=20, choices=ClaimKind.choices)
    subject = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=300, blank=True)
    as_of = models.DateField(
        null=True, blank=True, help_text="The time scope; empty for none (a plan's terms)."
    )
    measure = models.SlugField(
        max_length=100,
        blank=True,
        help_text="Groups with the same measure at different times form a series.",
    )
    topics = models.ManyToManyField("Topic", related_name="assertions", blank=True)

    # Derived from the members (claims.assertions.refresh).
    members = models.PositiveIntegerField(default=0, editable=False)
    public_members = models.PositiveIntegerField(default=0, editable=False)
    preferred_value_si = _value_field(editable=False)
    min_value_si = _value_field(editable=False)
    max_value_si = _value_field(editable=False)
    unit_si = models.CharField(max_length=20, blank=True, editable=False)
    sources = models.PositiveIntegerField(default=0, editable=False)
    independent_sources = models.PositiveIntegerField(default=0, editable=False)
    first_seen = models.DateField(null=True, blank=True, editable=False)
    last_seen = models.DateField(null=True, blank=True, editable=False)
    conflicting = models.BooleanField(default=False, editable=False)
    conflicts = models.JSONField(default=list, blank=True, editable=False)

    objects = AssertionQuerySet.as_manager()
    # The history keeps what people decide (statement, scope, topics; memberships and ranks
    # in the claims' own history); the figures are recomputed, not edited.
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=["revision", *DERIVED])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["revision", "id"], name="assertion_revision_id"),
            models.Index(fields=["-updated_at", "-id"], name="assertion_updated_id"),
            models.Index(fields=["-created_at", "-id"], name="assertion_created_id"),
            models.Index(fields=["measure", "as_of"], name="assertion_measure_as_of"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ClaimKind.values),
                name="assertion_kind_valid",
                violation_error_message="kind: not a known claim kind.",
            ),
            models.CheckConstraint(
                condition=~Q(statement=""),
                name="assertion_statement_not_empty",
                violation_error_message="statement: a group needs a statement.",
            ),
            models.CheckConstraint(
                condition=Q(independent_sources__lte=F("sources")),
                name="assertion_independent_le_sources",
                violation_error_message="independent_sources: cannot exceed sources.",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class Claim(Revisioned):
    """One atomic, checkable assertion, with who asserts it and how hedged it is."""

    Kind = ClaimKind
    Status = ClaimStatus

    # Which status may follow which; anything else is refused by save().
    TRANSITIONS: dict[str, set[str]] = {
        Status.CANDIDATE: {Status.DRAFT, Status.REJECTED},
        Status.DRAFT: {Status.CANDIDATE, Status.PUBLISHED, Status.REJECTED},
        Status.REJECTED: set(),
        Status.PUBLISHED: {Status.DISPUTED, Status.RETRACTED, Status.SUPERSEDED},
        Status.DISPUTED: {Status.PUBLISHED, Status.RETRACTED, Status.SUPERSEDED},
        Status.RETRACTED: set(),
        Status.SUPERSEDED: set(),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    statement = models.TextField(help_text="One normalised sentence saying what is claimed.")
    claimant = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Who asserts it (empty: unattributed). The reporter is the source's publisher.",
    )
    conveyed_by = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conveyed_claims",
        help_text="Who relayed it before the source did, e.g. a news agency.",
    )
    subject = models.CharField(max_length=300, blank=True, help_text='e.g. "Russians"')
    place = models.CharField(max_length=300, blank=True)

    value = _value_field(help_text="The value as stated (two-thirds: 66.67).")
    unit = models.CharField(max_length=50, blank=True, help_text="As stated, e.g. mi2/month.")
    lower = _value_field()
    upper = _value_field()
    bounds_stated = models.BooleanField(
        default=False,
        help_text="The bounds were stated by the source, not derived by a curator.",
    )
    approximate = models.BooleanField(default=False)
    value_si = _value_field(editable=False)
    lower_si = _value_field(editable=False)
    upper_si = _value_field(editable=False)
    unit_si = models.CharField(max_length=20, blank=True, editable=False)

    as_of = models.DateField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    time_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.UNKNOWN
    )

    modality = models.CharField(max_length=20, choices=Modality.choices)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    provision = models.ForeignKey(
        Provision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    topics = models.ManyToManyField(Topic, related_name="claims", blank=True)
    assertion = models.ForeignKey(
        Assertion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The group of claims stating the same proposition (one at most).",
    )
    rank = models.CharField(
        max_length=12,
        choices=Rank.choices,
        default=Rank.NORMAL,
        help_text="Standing in its group: preferred, normal or deprecated (with a reason).",
    )
    rank_reason = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True, help_text="Curator's notes; public.")
    # Statement and quotes, for full-text search (claims.search); derived, never typed.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=["search_text", "revision"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["revision", "id"], name="claim_revision_id"),
            # What anonymous readers page through, without walking past drafts and candidates
            # (the condition is exactly ClaimQuerySet.public()'s, so the planner uses them).
            models.Index(
                fields=["-created_at", "-id"], condition=PUBLIC, name="claim_public_created_id"
            ),
            models.Index(
                fields=["kind", "-created_at", "-id"],
                condition=PUBLIC,
                name="claim_public_kind_created_id",
            ),
            models.Index(
                fields=["-updated_at", "-id"], condition=PUBLIC, name="claim_public_updated_id"
            ),
            models.Index(
                fields=["revision", "id"], condition=PUBLIC, name="claim_public_revision_id"
            ),
            models.Index(fields=["kind", "status"], name="claim_kind_status"),
            # Filtered pages: the newest claims of a kind without scanning the others.
            models.Index(fields=["kind", "-created_at", "-id"], name="claim_kind_created_id"),
            models.Index(fields=["-updated_at", "-id"], name="claim_updated_id"),
            models.Index(fields=["-created_at", "-id"], name="claim_created_id"),
            models.Index(fields=["value_si"], name="claim_value_si"),
            models.Index(fields=["as_of"], name="claim_as_of"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ClaimKind.values),
                name="claim_kind_valid",
                violation_error_message="kind: not a known claim kind.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="claim_status_valid",
                violation_error_message="status: not a known claim status.",
            ),
            models.CheckConstraint(
                condition=Q(modality__in=Modality.values),
                name="claim_modality_valid",
                violation_error_message="modality: not a known modality.",
            ),
            models.CheckConstraint(
                condition=Q(time_precision__in=Precision.values),
                name="claim_time_precision_valid",
                violation_error_message="time_precision: not a known precision.",
            ),
            models.CheckConstraint(
                condition=~Q(statement=""),
                name="claim_statement_not_empty",
                violation_error_message="statement: a claim needs a statement.",
            ),
            # A quantity kind carries a value, a unit and its normalised form; the others none.
            models.CheckConstraint(
                condition=(
                    Q(kind__in=units.QUANTITY_KINDS)
                    & Q(value__isnull=False, value_si__isnull=False)
                    & ~Q(unit="")
                    & ~Q(unit_si="")
                )
                | (
                    ~Q(kind__in=units.QUANTITY_KINDS)
                    & Q(value__isnull=True, lower__isnull=True, upper__isnull=True)
                    & Q(value_si__isnull=True, unit="", unit_si="")
                ),
                name="claim_quantity_matches_kind",
                violation_error_message="value: quantity kinds need value and unit, others none.",
            ),
            # The normalised unit is the canonical one of the kind (units.CANONICAL_UNITS; a
            # rate's is its quantity's per year, units.RATE_UNITS).
            models.CheckConstraint(
                condition=~Q(kind__in=[*units.CANONICAL_UNITS, "rate"])
                | Q(
                    *[Q(kind=kind, unit_si=unit) for kind, unit in units.CANONICAL_UNITS.items()],
                    Q(kind="rate", unit_si__in=units.RATE_UNITS),
                    _connector=Q.OR,
                ),
                name="claim_unit_si_canonical",
                violation_error_message="unit_si: must be the canonical unit of the kind.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(unit_si__in=units.CURRENCIES),
                name="claim_money_currency",
                violation_error_message="unit: money needs a known currency.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percentage")
                | (
                    Q(value__gte=0, value__lte=100)
                    & (Q(lower__isnull=True) | Q(lower__gte=0))
                    & (Q(upper__isnull=True) | Q(upper__lte=100))
                ),
                name="claim_percentage_in_range",
                violation_error_message="value: a percentage and its bounds lie in 0-100.",
            ),
            # A lead or swing is a difference of two percentages: -100 to 100 points.
            models.CheckConstraint(
                condition=~Q(kind="percentage_points")
                | (
                    Q(value__gte=-100, value__lte=100)
                    & (Q(lower__isnull=True) | Q(lower__gte=-100))
                    & (Q(upper__isnull=True) | Q(upper__lte=100))
                ),
                name="claim_percentage_points_in_range",
                violation_error_message=(
                    "value: percentage points and their bounds lie between -100 and 100."
                ),
            ),
            # "7:1" is 7: a ratio of two magnitudes is never negative.
            models.CheckConstraint(
                condition=~Q(kind="ratio")
                | (Q(value__gte=0) & (Q(lower__isnull=True) | Q(lower__gte=0))),
                name="claim_ratio_not_negative",
                violation_error_message="value: a ratio and its bounds are not negative.",
            ),
            models.CheckConstraint(
                condition=Q(lower__isnull=True) | Q(lower__lte=F("value")),
                name="claim_lower_le_value",
                violation_error_message="lower: the lower bound cannot exceed the value.",
            ),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gte=F("value")),
                name="claim_upper_ge_value",
                violation_error_message="upper: the upper bound cannot be below the value.",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="claim_period_ordered",
                violation_error_message="period_end: the period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(status="superseded") | Q(superseded_by__isnull=False),
                name="claim_superseded_names_successor",
                violation_error_message="superseded_by: a superseded claim names its successor.",
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | Q(status="superseded"),
                name="claim_successor_only_when_superseded",
                violation_error_message="superseded_by: only a superseded claim has a successor.",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("id")),
                name="claim_not_superseding_itself",
                violation_error_message="superseded_by: a claim cannot supersede itself.",
            ),
            models.CheckConstraint(
                condition=Q(provision__isnull=True) | Q(proposal__isnull=False),
                name="claim_provision_has_proposal",
                violation_error_message="proposal: a claim about a provision names its proposal.",
            ),
            models.CheckConstraint(
                condition=Q(rank__in=Rank.values),
                name="claim_rank_valid",
                violation_error_message="rank: not a known rank.",
            ),
            # A rank is a standing within a group: outside one a claim is normal, unranked.
            models.CheckConstraint(
                condition=Q(assertion__isnull=False) | Q(rank=Rank.NORMAL, rank_reason=""),
                name="claim_rank_needs_group",
                violation_error_message="rank: only a claim in a group has a rank.",
            ),
            models.CheckConstraint(
                condition=~Q(rank=Rank.DEPRECATED) | ~Q(rank_reason=""),
                name="claim_deprecated_has_reason",
                violation_error_message="rank_reason: say why the claim is deprecated.",
            ),
            # One preferred value per group.
            models.UniqueConstraint(
                fields=["assertion"],
                condition=Q(rank=Rank.PREFERRED),
                name="claim_one_preferred_per_group",
                violation_error_message="rank: the group already has a preferred claim.",
                violation_error_code="unique",
            ),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The status as last read from or written to the database: None when the claim is
        # known not to be stored yet, NOT_LOADED when the instance was built rather than
        # loaded (a history revert, an API replace) and the database must be asked.
        self._loaded_status: str | None = NOT_LOADED
        # Citations written with a new claim in the same batch (bulk import): they count
        # for the claim's rules and search text before either is saved.
        self.incoming_citations: list[Citation] = []

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Claim:
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status", NOT_LOADED)  # deferred
        return instance

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def is_quantity(self) -> bool:
        return self.kind in units.QUANTITY_KINDS

    def derive(self) -> None:
        """Compute the normalised quantity from the stated one (raises ValidationError)."""
        if self.provision_id and not self.proposal_id:
            self.proposal_id = self.provision.proposal_id
        quotes = (
            [c.quote for c in self.incoming_citations]
            if self._state.adding
            else self.citations.values_list("quote", flat=True)
        )
        self.search_text = search.document(self.statement, quotes)
        if not self.is_quantity or self.value is None:
            self.value_si = self.lower_si = self.upper_si = None
            self.unit_si = ""
            return
        try:
            normalised = units.normalise(self.kind, self.value, self.unit)
            self.value_si, self.unit_si = normalised.value, normalised.unit
            self.lower_si = (
                units.normalise(self.kind, self.lower, self.unit).value
                if self.lower is not None
                else None
            )
            self.upper_si = (
                units.normalise(self.kind, self.upper, self.unit).value
                if self.upper is not None
                else None
            )
        except units.UnitError as exc:
            raise ValidationError({"unit": str(exc)}) from exc
        # The stated value fits its column, but normalised (1e12 TWh in MJ) it may not: the
        # field validators ran before derive(), and PostgreSQL would raise a DataError.
        for name in ("value_si", "lower_si", "upper_si"):
            found = getattr(self, name)
            if found is not None and abs(found) >= _STORABLE:
                field = name.removesuffix("_si")
                raise ValidationError(
                    {field: f"{getattr(self, field)} {self.unit} is too large to store as "
                     f"{self.unit_si} (at most {VALUE_DIGITS - VALUE_PLACES} digits)."}
                )  # fmt: skip

    def clean(self) -> None:
        errors: dict[str, str] = {}
        # Derive first: full_clean checks the constraints on value_si/unit_si after clean().
        try:
            self.derive()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if self.is_quantity:
            if self.value is None:
                errors["value"] = f"A {self.kind} claim needs a value."
            if not self.unit:
                errors["unit"] = f"A {self.kind} claim needs a unit."
        else:
            for name in ("value", "lower", "upper"):
                if getattr(self, name) is not None:
                    errors[name] = f"A {self.kind} claim carries no quantity; leave it empty."
            if self.unit:
                errors["unit"] = f"A {self.kind} claim carries no quantity; leave it empty."
        if self.kind in _VALUE_RANGES:
            low, high, message = _VALUE_RANGES[self.kind]
            for name in ("value", "lower", "upper"):
                val = getattr(self, name)
                if val is not None and not (low <= val and (high is None or val <= high)):
                    errors[name] = message
        if self.value is not None:
            if self.lower is not None and self.lower > self.value:
                errors["lower"] = "The lower bound cannot exceed the value."
            if self.upper is not None and self.upper < self.value:
                errors["upper"] = "The upper bound cannot be below the value."
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = "The period cannot end before it starts."
        if self.status == self.Status.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = "A superseded claim names its successor."
        if self.superseded_by_id and self.status != self.Status.SUPERSEDED:
            errors["superseded_by"] = "Only a superseded claim has a successor."
        if self.superseded_by_id and self.superseded_by_id == self.id:
            errors["superseded_by"] = "A claim cannot supersede itself."
        if (
            self.provision_id
            and self.proposal_id
            and self.provision.proposal_id != self.proposal_id
        ):
            errors["provision"] = "The provision belongs to another proposal."
        transition_error = self.transition_error()
        if transition_error:
            errors["status"] = ValidationError(transition_error, code="transition")
        elif self.status == self.Status.PUBLISHED and not self.has_citation():
            errors["status"] = "A published claim needs at least one citation."
        if errors:
            raise ValidationError(errors)

    def has_citation(self) -> bool:
        if self.incoming_citations:
            return True
        return not self._state.adding and self.citations.exists()

    def transition_error(self) -> str | None:
        before = self._loaded_status
        if before is NOT_LOADED:
            before = Claim.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            self._loaded_status = before
        if before is None or before == self.status:
            return None
        if self.status not in self.TRANSITIONS.get(before, set()):
            return f"A {before} claim cannot become {self.status}."
        return None

    def save(self, *args: Any, **kwargs: Any) -> None:
        error = self.transition_error()
        if error:
            raise ValidationError({"status": ValidationError(error, code="transition")})
        self.derive()
        super().save(*args, **kwargs)
        self._loaded_status = self.status


Claim._meta.get_field("status").register_lookup(LiteralIn)


class Stance(models.TextChoices):
    SUPPORTS = "supports"
    DISPUTES = "disputes"


class Citation(TimeStamped):
    """The exact words a claim rests on, anchored by offsets into its source's text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(help_text="The source's exact characters.")
    start = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Offset of the quote's first character (found if empty).",
    )
    end = models.PositiveIntegerField(null=True, blank=True)
    prefix = models.CharField(max_length=100, blank=True)
    suffix = models.CharField(max_length=100, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.SUPPORTS)
    method = models.CharField(
        max_length=50, default="manual", help_text='"manual" or "extractor@<version>".'
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "start", "end"],
                name="citation_unique_span",
                violation_error_message="start: this claim already cites this span of the source.",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=False, end__isnull=False),
                name="citation_anchored",
                violation_error_message="start: a citation needs offsets or a quote.",
            ),
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")),
                name="citation_span_valid",
                violation_error_message="end: a citation spans at least one character, start ≥ 0.",
            ),
            # The text itself is compared by a trigger (it lives in another table).
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")),
                name="citation_quote_length",
                violation_error_message="quote: the quote's length must equal end − start.",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values),
                name="citation_stance_valid",
                violation_error_message="stance: not a known stance.",
            ),
            models.CheckConstraint(
                condition=~Q(method=""),
                name="citation_method_not_empty",
                violation_error_message="method: manual or extractor@<version>.",
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.quote[:60]}”"

    def anchor(self) -> None:
        """Fill offsets from the quote (or the quote from offsets) and the context around it.

        Raises ValidationError naming the candidate offsets when the quote is ambiguous.
        """
        text = self.source.text
        if self.start is None or self.end is None:
            try:
                span = anchoring.anchor(text, self.quote, self.prefix, self.suffix)
            except anchoring.AnchorError as exc:
                raise ValidationError({"quote": str(exc)}) from exc
            self.start, self.end = span.start, span.end
        elif not self.quote and 0 <= self.start < self.end <= len(text):
            self.quote = text[self.start : self.end]
        if text[self.start : self.end] != self.quote:
            found = anchoring.find_all(text, self.quote)
            hint = (
                " The quote occurs at " + ", ".join(f"[{s.start}:{s.end}]" for s in found) + "."
                if found
                else ""
            )
            raise ValidationError(
                {"quote": f"The quote is not the source's text at [{self.start}:{self.end}].{hint}"}
            )
        self.prefix, self.suffix = anchoring.context(text, anchoring.Span(self.start, self.end))

    def clean(self) -> None:
        if self.source_id is None or (self.quote == "" and self.start is None):
            return
        self.anchor()

    def validate_constraints(self, exclude: Any = None) -> None:
        # The offsets come from the quote: when it could not be anchored, its own error says
        # why, and "a citation needs offsets" would only repeat it less helpfully.
        if exclude and "quote" in exclude:
            exclude = {*exclude, "start", "end"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.anchor()
        super().save(*args, **kwargs)

    def context_window(self, chars: int = 160) -> tuple[str, str, str]:
        """Text before, the quote, and text after: for showing a quote in its context."""
        text = self.source.text
        return (
            text[max(0, self.start - chars) : self.start],
            self.quote,
            text[self.end : self.end + chars],
        )


class TombstoneEvent(models.TextChoices):
    RETRACTED = "retracted"
    SUPERSEDED = "superseded"
    DELETED = "deleted"


class Resource(models.TextChoices):
    CLAIM = "claim"
    SOURCE = "source"
    ACTOR = "actor"
    TOPIC = "topic"
    PROPOSAL = "proposal"
    ASSERTION = "assertion"


class Tombstone(models.Model):
    """What a mirror must retract, supersede or drop: written by the database, in commit order.

    Triggers (``claims.db_rules``) add a row when a claim becomes retracted or superseded,
    and when any resource is deleted, with the revision of the transaction that did it, so
    ``revision_after`` pages never miss one. Never written by the application.
    """

    Event = TombstoneEvent

    id = models.BigAutoField(primary_key=True)
    revision = models.BigIntegerField()
    resource = models.CharField(max_length=20, choices=Resource.choices)
    object_id = models.UUIDField()
    event = models.CharField(max_length=20, choices=TombstoneEvent.choices)
    status = models.CharField(
        max_length=20, blank=True, help_text="A claim's status at the event; empty otherwise."
    )
    superseded_by_id = models.UUIDField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["revision", "id"]
        indexes = [
            models.Index(fields=["revision", "id"], name="tombstone_revision_id"),
            models.Index(fields=["at", "id"], name="tombstone_at_id"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id} {self.event} at revision {self.revision}"


class TopicWalk(models.Model):
    """A claim's place in its topic's newest-first walk (PostgreSQL only; read by the topic
    filter, never written by Django: triggers in ``claims.db_rules.WALK_POSTGRES_FORWARD``
    keep one row per claim-topic link with the claim's kind, creation time and whether it is
    public). A topic's public page is then one index range of its own rows, instead of a
    walk over every claim of the kind probing each one's topics (issue 11). Unmanaged, so
    makemigrations leaves it to the database; ``claims.routers`` keeps it out of dumpdata and
    loaddata (a restore rebuilds it through the triggers)."""

    pk = models.CompositePrimaryKey("topic", "claim")
    topic = models.ForeignKey(Topic, on_delete=models.DO_NOTHING, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.DO_NOTHING, related_name="topic_walk")
    kind = models.CharField(max_length=20)
    created_at = models.DateTimeField()
    public = models.BooleanField()

    class Meta:
        managed = False
        db_table = "claims_topicwalk"

    def __str__(self) -> str:
        return f"{self.topic_id} / {self.claim_id}"


class LedgerVersion(models.Model):
    """A counter the database bumps on every write to the ledger's tables.

    Conditional GETs and response caches compare against it: one primary-key read answers
    "has anything changed?" before any heavy query. Triggers (claims.db_rules) keep it
    current for every write path, bulk inserts and raw SQL included.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1),
                name="ledger_version_singleton",
                violation_error_message="id: there is one ledger version row.",
            )
        ]

    def __str__(self) -> str:
        return f"ledger version {self.version} at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls) -> LedgerVersion:
        return cls.objects.get(pk=1)


# The permissions a token's user holds, directly or through groups, as "app.codename,…":
# read with the token itself, so a request checks them without a query of its own.
_GRANTED = """(SELECT {agg}(DISTINCT ct.app_label || '.' || p.codename{sep})
    FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE p.id IN (
        SELECT up.permission_id FROM auth_user_user_permissions up
        WHERE up.user_id = claims_apitoken.user_id
        UNION SELECT gp.permission_id FROM auth_group_permissions gp
        JOIN auth_user_groups ug ON ug.group_id = gp.group_id
        WHERE ug.user_id = claims_apitoken.user_id))"""


class ApiTokenManager(BaseAPIKeyManager):
    def get_usable_keys(self) -> models.QuerySet:
        keys = super().get_usable_keys().select_related("user")
        vendor = connections[keys.db].vendor
        agg, sep = ("string_agg", ", ','") if vendor == "postgresql" else ("group_concat", "")
        granted = RawSQL(_GRANTED.format(agg=agg, sep=sep), [], output_field=models.TextField())
        return keys.annotate(granted=granted)


class ApiToken(AbstractAPIKey):
    """A machine client's key, stored hashed (only its prefix is readable); one per script."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API token"
        verbose_name_plural = "API tokens"

    def __str__(self) -> str:
        return f"{self.name or 'token'} ({self.prefix}…) for {self.user}"


class GroupSuggestionRejection(models.Model):
    """A curator's "no" to one suggestion: ``claim`` does not belong in ``assertion``.

    Written by ``services.reject_suggestion``; ``services.suggest_groups`` leaves the pair
    out in the query that reads the candidates, so a rejected group is never suggested again
    for that claim. The row is the record (who, when, why) and is never edited, so it keeps
    no separate history; it goes with its claim or its group.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="rejected_suggestions")
    assertion = models.ForeignKey(
        Assertion, on_delete=models.CASCADE, related_name="rejected_suggestions"
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejected_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-rejected_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "assertion"],
                name="suggestion_rejected_once",
                violation_error_message="This suggestion is rejected already.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} is not in {self.assertion_id}"
