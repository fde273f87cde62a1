"""The v1 answers, each declared once: fields, the columns they come from, their nesting.

From one declaration (a ``Shape``) follow
- the SQL that builds each object as JSON inside the database, on PostgreSQL and SQLite
  alike (``Shape.json`` → an expression for ``values()``), so Python forwards the text;
- the serializer drf-spectacular documents it with (``Shape.serializer``), so the schema
  component is the same declaration, field for field, help text for help text.

Adding a field is one line here (plus its golden file). Members:
- ``Column``: a column of the shape's table, typed (``uuid``, ``text``, ``int``,
  ``decimal``, ``bool``, ``date``, ``datetime``, ``json``); ``blank_null`` answers ``""`` as null;
- ``Url``: an absolute API address built from the request's root and a column;
- ``One``: a nested object through a foreign key of this table (null when it is null);
- ``Many``: a list of nested objects, by a child table's foreign key or through a link table,
  in a declared order.

Numbers leave as JSON numbers with their stored digits (``455.837907``, ``5000``), times as
RFC 3339 UTC with ``Z``, UUIDs in their dashed form — the same bytes ``claims.api.renderers``
writes for Python values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL
from rest_framework import serializers

from claims.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    ActorKind,
    ClaimKind,
    ClaimStatus,
    Modality,
    Precision,
    ProposalStatus,
    Rank,
    SourceKind,
    Stance,
)

if TYPE_CHECKING:
    from claims.api.base import Links

ROOT = "%(root)s"  # the API root URL: one bound parameter, wherever it appears


# --- the declaration --------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    help: str = ""
    nullable: bool = False


@dataclass(frozen=True)
class Column(Member):
    column: str = ""  # defaults to the member's name
    type: str = "text"
    choices: Any = None  # a TextChoices class
    blank: bool = False  # documents allow_blank for text
    blank_null: bool = False  # "" in the column is answered as null
    items: Shape | None = None  # a json column's list items, for the schema

    @property
    def source(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class Url(Member):
    prefix: str = ""  # after the API root, e.g. "claims/"
    column: str = "id"
    suffix: str = "/"


@dataclass(frozen=True)
class One(Member):
    shape: Shape | None = None
    fk: str = ""  # this table's column naming the other row


@dataclass(frozen=True)
class Many(Member):
    shape: Shape | None = None
    fk: str = ""  # the child's (or link table's) column naming this row
    through: str = ""  # a link table, if any
    through_key: str = ""  # the link table's column naming the shape's row
    order: tuple[str, ...] = ()  # SQL order of the shape's rows, e.g. ("number NULLS LAST",)
    where: str = ""  # SQL condition on the shape's rows, "{row}" for their alias


@dataclass(frozen=True)
class Shape:
    """One answer: its component name, its table and its members, in wire order."""

    name: str
    table: str
    members: tuple[Member, ...]
    extends: Shape | None = None

    @property
    def all_members(self) -> tuple[Member, ...]:
        return (*(self.extends.all_members if self.extends else ()), *self.members)

    # --- SQL ------------------------------------------------------------------------

    def json(self, queryset: QuerySet, links: Links) -> RawSQL:
        """An expression: each row's answer as JSON text (for ``values(json=…)``)."""
        dialect = DIALECTS[connections[queryset.db].vendor]
        sql = dialect.text.format(_Compiler(dialect).object(self, self.table))
        sql = sql.replace("%", "%%").replace("%%(root)s", "%s")
        return RawSQL(sql, [links.root] * sql.count("%s"), output_field=TextField())

    def rows(self, queryset: QuerySet, links: Links, keys: tuple[str, ...]) -> QuerySet:
        """``values()`` rows: the keyset columns ``keys`` and ``json``."""
        return queryset.values(*keys, json=self.json(queryset, links))

    # --- schema ---------------------------------------------------------------------

    def serializer(self) -> type[serializers.Serializer]:
        """The serializer drf-spectacular documents this answer with (never run)."""
        cached = _SERIALIZERS.get(self.name)
        if cached is None:
            fields: dict[str, Any] = {m.name: _field(m) for m in self.all_members}
            fields["__module__"] = __name__
            cached = type(f"{self.name}Serializer", (serializers.Serializer,), fields)
            _SERIALIZERS[self.name] = cached
        return cached


_SERIALIZERS: dict[str, type[serializers.Serializer]] = {}


def fragments(rows: list[dict[str, Any]]) -> list[orjson.Fragment]:
    """A page's answers: the JSON the database built, passed through untouched."""
    return [orjson.Fragment(row["json"]) for row in rows]


def parsed(rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers as Python objects (for CSV and JSON-LD, built from the same JSON)."""
    return [orjson.loads(row["json"]) for row in rows]


# --- SQL for each database -----------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """How the JSON pieces are written on one database."""

    build: str  # the JSON object constructor
    uuid: str  # a uuid column as its dashed text, "{}" for the column
    boolean: str
    decimal: str
    datetime: str
    json: str
    agg_ordered: bool  # the aggregate takes ORDER BY itself
    agg: str  # "{}" for the object expression
    empty: str  # an empty JSON array
    root: str  # the root URL parameter as text
    embed: str  # a subquery's JSON, embedded as JSON (not as a string)
    text: str  # the answer read back as text, not parsed by the driver


_PG_TIME = (
    "CASE WHEN {0} IS NULL THEN NULL ELSE "
    "to_char(({0} AT TIME ZONE 'UTC'), 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE WHEN date_part('microseconds', {0})::bigint % 1000000 = 0 THEN '' "
    "ELSE to_char(({0} AT TIME ZONE 'UTC'), '.US') END || 'Z' END"
)

DIALECTS = {
    "postgresql": Dialect(
        build="json_build_object",
        uuid="{}",
        boolean="{}",
        decimal="trim_scale({})",
        datetime=_PG_TIME,
        json="{}",
        agg_ordered=True,
        agg="json_agg({})",
        empty="'[]'::json",
        root=f"{ROOT}::text",
        embed="{}",
        text="({})::text",
    ),
    # SQLite keeps UUIDs as bare hex, booleans as 0/1, times as "YYYY-MM-DD HH:MM:SS[.ffffff]"
    # in UTC and JSON fields as text: each is written out as the API answers it.
    "sqlite": Dialect(
        build="json_object",
        uuid=(
            "CASE WHEN {0} IS NULL THEN NULL ELSE lower(substr({0}, 1, 8) || '-' || "
            "substr({0}, 9, 4) || '-' || substr({0}, 13, 4) || '-' || substr({0}, 17, 4) "
            "|| '-' || substr({0}, 21)) END"
        ),
        boolean="json(CASE WHEN {0} THEN 'true' ELSE 'false' END)",
        decimal="{}",
        datetime="CASE WHEN {0} IS NULL THEN NULL ELSE replace({0}, ' ', 'T') || 'Z' END",
        json="json({})",
        agg_ordered=False,
        agg="json_group_array(json({}))",
        empty="json('[]')",
        root=ROOT,
        # A JSON value loses its JSON-ness leaving a subquery: json() gives it back.
        embed="json({})",
        text="{}",
    ),
}


class _Compiler:
    """Writes a shape as one SQL expression over a row of its table (correlated subqueries
    for what it embeds), with fresh table aliases at each level."""

    def __init__(self, dialect: Dialect) -> None:
        self.d = dialect
        self.aliases = 0

    def alias(self) -> str:
        self.aliases += 1
        return f"j{self.aliases}"

    def object(self, shape: Shape, alias: str) -> str:
        pairs = ", ".join(f"'{m.name}', {self.member(m, alias)}" for m in shape.all_members)
        return f"{self.d.build}({pairs})"

    def member(self, member: Member, alias: str) -> str:
        if isinstance(member, Column):
            return self.column(member, f"{alias}.{_quoted(member.source)}")
        if isinstance(member, Url):
            key = f"{alias}.{_quoted(member.column)}"
            if member.column == "id" or member.column.endswith("_id"):
                key = self.d.uuid.format(key)
            url = " || ".join([self.d.root, f"'{member.prefix}'", key, f"'{member.suffix}'"])
            return f"CASE WHEN {alias}.{_quoted(member.column)} IS NULL THEN NULL ELSE {url} END"
        if isinstance(member, One):
            assert member.shape is not None
            inner = self.alias()
            body = self.object(member.shape, inner)
            return self.d.embed.format(
                f"(SELECT {body} FROM {member.shape.table} {inner} "
                f"WHERE {inner}.id = {alias}.{_quoted(member.fk)})"
            )
        if isinstance(member, Many):
            return self.many(member, alias)
        raise TypeError(member)

    def column(self, member: Column, sql: str) -> str:
        kind = member.type
        if kind == "uuid":
            return self.d.uuid.format(sql)
        if kind == "bool":
            return self.d.boolean.format(sql)
        if kind == "decimal":
            return self.d.decimal.format(sql)
        if kind == "datetime":
            return self.d.datetime.format(sql)
        if kind == "json":
            return self.d.json.format(sql)
        if member.blank_null:
            return f"nullif({sql}, '')"
        return sql

    def many(self, member: Many, alias: str) -> str:
        shape = member.shape
        assert shape is not None
        row = self.alias()
        if member.through:
            link = self.alias()
            source = (
                f"{member.through} {link} JOIN {shape.table} {row} "
                f"ON {row}.id = {link}.{_quoted(member.through_key)} "
                f"WHERE {link}.{_quoted(member.fk)} = {alias}.id"
            )
        else:
            source = f"{shape.table} {row} WHERE {row}.{_quoted(member.fk)} = {alias}.id"
        if member.where:
            source += f" AND ({member.where.format(row=row)})"
        order = ", ".join(_ordered(row, term) for term in member.order)
        body = self.object(shape, row)
        if self.d.agg_ordered:
            agg = self.d.agg.format(f"{body} ORDER BY {order}" if order else body)
            return f"(SELECT coalesce({agg}, {self.d.empty}) FROM {source})"
        # No ORDER BY inside SQLite's aggregate (before 3.44): it folds a sorted subquery.
        rows = f"SELECT {body} AS doc FROM {source}" + (f" ORDER BY {order}" if order else "")
        agg = self.d.agg.format("s.doc")
        return self.d.embed.format(f"(SELECT coalesce({agg}, {self.d.empty}) FROM ({rows}) s)")


def _quoted(column: str) -> str:
    return f'"{column}"'


def _ordered(alias: str, term: str) -> str:
    column, _, rest = term.partition(" ")
    return f"{alias}.{_quoted(column)}{' ' + rest if rest else ''}"


# --- the schema side -----------------------------------------------------------------------


def _field(member: Member) -> serializers.Field:
    common: dict[str, Any] = {"help_text": member.help} if member.help else {}
    if member.nullable:
        common["allow_null"] = True
    if isinstance(member, Url):
        return serializers.URLField(**common)
    if isinstance(member, One):
        assert member.shape is not None
        return member.shape.serializer()(**common)
    if isinstance(member, Many):
        assert member.shape is not None
        return member.shape.serializer()(many=True, **common)
    assert isinstance(member, Column)
    if member.choices is not None:
        return serializers.ChoiceField(choices=member.choices.choices, **common)
    if member.type == "uuid":
        return serializers.UUIDField(**common)
    if member.type == "int":
        return serializers.IntegerField(**common)
    if member.type == "decimal":
        return serializers.DecimalField(
            max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, coerce_to_string=False, **common
        )
    if member.type == "bool":
        return serializers.BooleanField(**common)
    if member.type == "date":
        return serializers.DateField(**common)
    if member.type == "datetime":
        return serializers.DateTimeField(**common)
    if member.type == "json" and member.items is not None:
        return serializers.ListField(child=member.items.serializer()(), **common)
    if member.type == "json":
        return serializers.ListField(child=serializers.CharField(), **common)
    if member.type == "url":
        return serializers.URLField(**common)
    if member.type == "slug":
        return serializers.SlugField(**common)
    if member.blank:
        common["allow_blank"] = True
    return serializers.CharField(**common)


# --- v1 ------------------------------------------------------------------------------------


def _uuid(name: str = "id", **kw: Any) -> Column:
    return Column(name, type="uuid", **kw)


def _stamps() -> tuple[Member, ...]:
    return (Column("created_at", type="datetime"), Column("updated_at", type="datetime"))


REVISION = Column(
    "revision",
    type="int",
    help="The ledger revision of this object's last change (commit-ordered; see `revision_after`).",
)

ACTOR_BRIEF = Shape(
    "ActorBrief",
    "claims_actor",
    (
        _uuid(),
        Column("slug", type="slug"),
        Column("name"),
        Column("kind", choices=ActorKind),
        Url("url", help="This actor in the API.", prefix="actors/"),
    ),
)
TOPIC_BRIEF = Shape(
    "TopicBrief",
    "claims_topic",
    (
        _uuid(),
        Column("slug", type="slug"),
        Column("name"),
        Url("url", help="This topic in the API.", prefix="topics/"),
    ),
)
PROPOSAL_BRIEF = Shape(
    "ProposalBrief",
    "claims_proposal",
    (
        _uuid(),
        Column("slug", type="slug"),
        Column("title"),
        Url("url", help="This proposal in the API.", prefix="proposals/"),
    ),
)
PROVISION_BRIEF = Shape(
    "ProvisionBrief",
    "claims_provision",
    (
        _uuid(),
        Column("number", type="int", nullable=True, help="The point's number, if known."),
        Column("summary"),
    ),
)
CLAIM_LINK = Shape(
    "ClaimLink",
    "claims_claim",
    (_uuid(), Url("url", help="That claim in the API.", prefix="claims/")),
)
CITED_SOURCE = Shape(
    "CitedSource",
    "claims_source",
    (
        _uuid(),
        Url("url", help="This source in the API.", prefix="sources/"),
        Column(
            "source_url",
            column="url",
            type="url",
            nullable=True,
            help="The document's own address, if it has one.",
        ),
        Column("title"),
        One(
            "publisher",
            help="Who reports: the outlet.",
            nullable=True,
            shape=ACTOR_BRIEF,
            fk="publisher_id",
        ),
        Column("published_on", type="date", nullable=True),
        Column("published_precision", choices=Precision),
    ),
)
CITATION = Shape(
    "Citation",
    "claims_citation",
    (
        _uuid(),
        Column("quote", help="The source's exact characters."),
        Column("start", type="int", help="Offset of the quote's first character."),
        Column("end", type="int", help="Offset just past the quote: text[start:end]."),
        Column("prefix", blank=True, help="Text just before the quote."),
        Column("suffix", blank=True, help="Text just after the quote."),
        Column("stance", choices=Stance),
        Column("method", help='"manual" or "extractor@<version>".'),
        One("source", shape=CITED_SOURCE, fk="source_id"),
    ),
)


def _quantity(name: str, help: str) -> Column:
    return Column(name, type="decimal", nullable=True, help=help)


ASSERTION_LINK = Shape(
    "AssertionLink",
    "claims_assertion",
    (_uuid(), Url("url", help="That group in the API.", prefix="assertions/")),
)
CLAIM = Shape(
    "Claim",
    "claims_claim",
    (
        _uuid(),
        Url("url", help="This claim in the API.", prefix="claims/"),
        Column("kind", choices=ClaimKind),
        Column("statement", help="One normalised sentence saying what is claimed."),
        One(
            "claimant",
            help="Who asserts it; null: unattributed.",
            nullable=True,
            shape=ACTOR_BRIEF,
            fk="claimant_id",
        ),
        One(
            "conveyed_by",
            help="Who relayed it before the source did.",
            nullable=True,
            shape=ACTOR_BRIEF,
            fk="conveyed_by_id",
        ),
        Column("subject", blank=True),
        Column("place", blank=True),
        _quantity("value", "The value as stated."),
        Column("unit", nullable=True, blank_null=True, help="The unit as stated, e.g. mi2/month."),
        _quantity("lower", "Lower bound as stated."),
        _quantity("upper", "Upper bound as stated."),
        Column("approximate", type="bool"),
        Column(
            "bounds_stated",
            type="bool",
            help="The bounds were stated by the source, not derived by a curator.",
        ),
        _quantity("value_si", "The value in the kind's canonical unit."),
        Column(
            "unit_si",
            nullable=True,
            blank_null=True,
            help="Canonical unit: percent, km2, km2/month, count, or currency.",
        ),
        _quantity("lower_si", "Lower bound, normalised."),
        _quantity("upper_si", "Upper bound, normalised."),
        Column("as_of", type="date", nullable=True),
        Column("period_start", type="date", nullable=True),
        Column("period_end", type="date", nullable=True),
        Column("time_precision", choices=Precision),
        Column("modality", choices=Modality),
        Column("status", choices=ClaimStatus),
        One(
            "superseded_by",
            help="The successor, if superseded.",
            nullable=True,
            shape=CLAIM_LINK,
            fk="superseded_by_id",
        ),
        One("proposal", nullable=True, shape=PROPOSAL_BRIEF, fk="proposal_id"),
        One("provision", nullable=True, shape=PROVISION_BRIEF, fk="provision_id"),
        Many(
            "topics",
            shape=TOPIC_BRIEF,
            fk="claim_id",
            through="claims_claim_topics",
            through_key="topic_id",
            order=("name", "slug"),
        ),
        Many(
            "citations",
            help="The provenance: quotes with offsets.",
            shape=CITATION,
            fk="claim_id",
            order=("start", "id"),
        ),
        Column("notes", blank=True, help="Curator's notes."),
        Column("created_at", type="datetime"),
        Column(
            "updated_at",
            type="datetime",
            help="Moves when the claim, its citations or its topics change.",
        ),
        REVISION,
        One(
            "assertion",
            help="The group of claims from other reports stating the same proposition; "
            "null if none.",
            nullable=True,
            shape=ASSERTION_LINK,
            fk="assertion_id",
        ),
        Column(
            "rank",
            choices=Rank,
            help="Standing in its group, as Wikidata ranks: preferred, normal or deprecated "
            "(normal outside a group).",
        ),
    ),
)

SOURCE = Shape(
    "Source",
    "claims_source",
    (
        _uuid(),
        Url("url", help="This source in the API.", prefix="sources/"),
        Column(
            "source_url",
            column="url",
            type="url",
            nullable=True,
            help="The document's own address.",
        ),
        Column("title"),
        One("publisher", nullable=True, shape=ACTOR_BRIEF, fk="publisher_id"),
        Column("authors", type="json"),
        Column("published_on", type="date", nullable=True),
        Column("published_precision", choices=Precision),
        Column("retrieved_at", type="datetime", nullable=True),
        Column("language"),
        Column("kind", choices=SourceKind),
        Column("text_sha256", help="SHA-256 of the full text, hex."),
        Column("license", blank=True),
        Column("attribution", blank=True),
        Url(
            "claims_url",
            help="The claims citing this source.",
            prefix="sources/",
            suffix="/claims/",
        ),
        *_stamps(),
        REVISION,
    ),
)
SOURCE_DETAIL = Shape(
    "SourceDetail",
    "claims_source",
    (Column("text", help="The full text as retrieved; offsets index into it."),),
    extends=SOURCE,
)

ACTOR = Shape(
    "Actor",
    "claims_actor",
    (
        _uuid(),
        Url("url", help="This actor in the API.", prefix="actors/"),
        Column("slug", type="slug"),
        Column("name"),
        Column("kind", choices=ActorKind),
        Column("aliases", type="json"),
        Column("description", blank=True),
        Column("wikidata_id", blank=True, help="e.g. Q42, or empty."),
        Url(
            "claims_url",
            help="The claims this actor asserts.",
            prefix="claims/?claimant=",
            column="slug",
            suffix="",
        ),
        *_stamps(),
        REVISION,
    ),
)
TOPIC = Shape(
    "Topic",
    "claims_topic",
    (
        _uuid(),
        Url("url", help="This topic in the API.", prefix="topics/"),
        Column("slug", type="slug"),
        Column("name"),
        Column("description", blank=True),
        Url(
            "claims_url",
            help="The claims about this topic.",
            prefix="claims/?topic=",
            column="slug",
            suffix="",
        ),
        *_stamps(),
        REVISION,
    ),
)
PROVISION = Shape(
    "Provision",
    "claims_provision",
    (
        Many(
            "topics",
            shape=TOPIC_BRIEF,
            fk="provision_id",
            through="claims_provision_topics",
            through_key="topic_id",
            order=("name", "slug"),
        ),
    ),
    extends=PROVISION_BRIEF,
)
PROPOSAL = Shape(
    "Proposal",
    "claims_proposal",
    (
        _uuid(),
        Url("url", help="This proposal in the API.", prefix="proposals/"),
        Column("slug", type="slug"),
        Column("title"),
        Column("description", blank=True),
        Column("status", choices=ProposalStatus),
        Column("point_count", type="int", nullable=True),
        Many(
            "proposed_by",
            shape=ACTOR_BRIEF,
            fk="proposal_id",
            through="claims_proposal_proposed_by",
            through_key="actor_id",
            order=("name", "slug"),
        ),
        One("supersedes", nullable=True, shape=PROPOSAL_BRIEF, fk="supersedes_id"),
        One(
            "part_of",
            nullable=True,
            shape=PROPOSAL_BRIEF,
            fk="part_of_id",
        ),
        Many(
            "provisions",
            shape=PROVISION,
            fk="proposal_id",
            order=("number ASC NULLS LAST", "created_at", "id"),
        ),
        Url(
            "claims_url",
            help="Claims about this proposal or its provisions.",
            prefix="proposals/",
            suffix="/claims/",
        ),
        *_stamps(),
        REVISION,
    ),
)

# --- groups of claims (models.Assertion; figures derived in claims.assertions) ------------

CONFLICT = Shape(
    "ConflictPair",
    "",
    (
        Column("a", type="uuid", help="A member claim."),
        Column("b", type="uuid", help="A member claim whose value range does not meet a's."),
    ),
)
_PUBLIC_MEMBER = "{row}.status IN ('published', 'disputed', 'superseded', 'retracted')"
ASSERTION = Shape(
    "Assertion",
    "claims_assertion",
    (
        _uuid(),
        Url("url", help="This group in the API.", prefix="assertions/"),
        Column("statement", help="The proposition its member claims state."),
        Column("kind", choices=ClaimKind),
        Column("subject", blank=True),
        Column("place", blank=True),
        Column("as_of", type="date", nullable=True, help="The time scope; null for none."),
        Column(
            "measure",
            nullable=True,
            blank_null=True,
            help="Groups of one measure at different times form a series; null if none.",
        ),
        Many(
            "topics",
            shape=TOPIC_BRIEF,
            fk="assertion_id",
            through="claims_assertion_topics",
            through_key="topic_id",
            order=("name", "slug"),
        ),
        Column(
            "members",
            column="public_members",
            type="int",
            help="Member claims on the public record (published, disputed, superseded, retracted).",
        ),
        _quantity(
            "preferred_value_si",
            "The preferred value, normalised: the member ranked preferred, else the median of "
            "the values of independent sources (the lower middle one for an even number).",
        ),
        _quantity("min_value_si", "The smallest normalised value of the counted members."),
        _quantity("max_value_si", "The largest normalised value of the counted members."),
        Column("unit_si", nullable=True, blank_null=True, help="The values' canonical unit."),
        Column(
            "sources",
            type="int",
            help="Sources cited by counted members (published or disputed, not deprecated).",
        ),
        Column(
            "independent_sources",
            type="int",
            help="Sources after echoes are counted once: the same publisher, a relay of an "
            "agency (`conveyed_by`), or a near-identical text.",
        ),
        Column("first_seen", type="date", nullable=True, help="Earliest publication date."),
        Column("last_seen", type="date", nullable=True, help="Latest publication date."),
        Column(
            "conflicting",
            type="bool",
            help="Two counted members of one time scope state values that cannot both hold.",
        ),
        Column(
            "conflicts",
            type="json",
            items=CONFLICT,
            help="The pairs of members whose value ranges (bounds and tolerance) are disjoint.",
        ),
        Url(
            "series_url",
            help="The series of this measure.",
            prefix="assertions/",
            suffix="/series/",
        ),
        *_stamps(),
        REVISION,
    ),
)
ASSERTION_MEMBER = Shape(
    "AssertionMember",
    "claims_claim",
    (Column("rank_reason", blank=True, help="Why the claim has its rank (deprecated: why)."),),
    extends=CLAIM,
)


def _members(where: str) -> Many:
    return Many(
        "claims",
        help="The member claims, each with its quotes, offsets and sources.",
        shape=ASSERTION_MEMBER,
        fk="assertion_id",
        order=("as_of", "created_at", "id"),
        where=where,
    )


ASSERTION_DETAIL = Shape(
    "AssertionDetail", "claims_assertion", (_members(_PUBLIC_MEMBER),), extends=ASSERTION
)
# Staff and curators see every member, drafts included (the same component in the schema).
ASSERTION_DETAIL_STAFF = Shape(
    "AssertionDetail", "claims_assertion", (_members(""),), extends=ASSERTION
)
