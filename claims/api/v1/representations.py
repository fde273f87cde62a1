"""The v1 wire format, built from ``values()`` rows by plain functions (the fast read path).

Each resource has a ``*_rows(queryset)`` that adds the columns a page needs (foreign keys
joined, to-many relations folded in as JSON by a correlated subquery) and a ``shape_*``
that turns a page of rows into answers, with at most one more query (citations of the
page's claims, provisions of the page's proposals). So a page of claims is two queries
whatever its size, plus the ledger-version read.

``serializers.py`` documents these shapes; ``tests/test_api_contract.py`` keeps them equal.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F, QuerySet

from claims.api.base import Links
from claims.api.sql import json_list, parse_json_list
from claims.models import Citation, Claim, Proposal, Provision

Row = dict[str, Any]


def actor_brief(links: Links, id: Any, slug: str, name: str, kind: str) -> Row | None:
    if id is None:
        return None
    return {"id": id, "slug": slug, "name": name, "kind": kind, "url": links.actor(id)}


def _actor_columns(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_id", f"{prefix}__slug", f"{prefix}__name", f"{prefix}__kind")


def _actor_from(row: Row, links: Links, prefix: str) -> Row | None:
    return actor_brief(links, *(row[column] for column in _actor_columns(prefix)))


def _topics(raw: Any, links: Links) -> list[Row]:
    topics = parse_json_list(raw)
    topics.sort(key=lambda t: (t["name"], t["slug"]))
    # Rebuilt, not copied: jsonb reorders keys, and the wire order should not depend on it.
    return [
        {"id": t["id"], "slug": t["slug"], "name": t["name"], "url": links.topic(t["id"])}
        for t in topics
    ]


def _topics_subquery(through: QuerySet, key: str) -> Any:
    return json_list(through, key, id="topic_id", slug="topic__slug", name="topic__name")


# --- claims ------------------------------------------------------------------------------

CLAIM_COLUMNS = (
    "id",
    "kind",
    "statement",
    *_actor_columns("claimant"),
    *_actor_columns("conveyed_by"),
    "subject",
    "place",
    "value",
    "unit",
    "lower",
    "upper",
    "approximate",
    "bounds_stated",
    "value_si",
    "unit_si",
    "lower_si",
    "upper_si",
    "as_of",
    "period_start",
    "period_end",
    "time_precision",
    "modality",
    "status",
    "superseded_by_id",
    "proposal_id",
    "proposal__slug",
    "proposal__title",
    "provision_id",
    "provision__number",
    "provision__summary",
    "notes",
    "created_at",
    "updated_at",
    "revision",
)

CITATION_COLUMNS = (
    "id",
    "claim_id",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "stance",
    "method",
    "source_id",
    "source__url",
    "source__title",
    "source__published_on",
    "source__published_precision",
    *_actor_columns("source__publisher"),
)


def claim_rows(queryset: QuerySet) -> QuerySet:
    """One query: claims with claimant, conveyed_by, proposal, provision joined, topics folded."""
    topics = _topics_subquery(Claim.topics.through.objects, "claim_id")
    return queryset.values(*CLAIM_COLUMNS, topics_json=topics)


def citations_of(claim_ids: list[Any], links: Links) -> dict[Any, list[Row]]:
    """One query: the citations of these claims with their sources, in text order."""
    found: dict[Any, list[Row]] = defaultdict(list)
    if not claim_ids:
        return found
    rows = (
        Citation.objects.filter(claim_id__in=claim_ids)
        .order_by("start", "id")
        .values(*CITATION_COLUMNS)
    )
    for row in rows:
        found[row["claim_id"]].append(
            {
                "id": row["id"],
                "quote": row["quote"],
                "start": row["start"],
                "end": row["end"],
                "prefix": row["prefix"],
                "suffix": row["suffix"],
                "stance": row["stance"],
                "method": row["method"],
                "source": {
                    "id": row["source_id"],
                    "url": links.source(row["source_id"]),
                    "source_url": row["source__url"],
                    "title": row["source__title"],
                    "publisher": _actor_from(row, links, "source__publisher"),
                    "published_on": row["source__published_on"],
                    "published_precision": row["source__published_precision"],
                },
            }
        )
    return found


def shape_claims(rows: list[Row], links: Links) -> list[Row]:
    citations = citations_of([row["id"] for row in rows], links)
    return [shape_claim(row, citations.get(row["id"], []), links) for row in rows]


def shape_claim(row: Row, citations: list[Row], links: Links) -> Row:
    successor = row["superseded_by_id"]
    return {
        "id": row["id"],
        "url": links.claim(row["id"]),
        "kind": row["kind"],
        "statement": row["statement"],
        "claimant": _actor_from(row, links, "claimant"),
        "conveyed_by": _actor_from(row, links, "conveyed_by"),
        "subject": row["subject"],
        "place": row["place"],
        "value": row["value"],
        "unit": row["unit"] or None,
        "lower": row["lower"],
        "upper": row["upper"],
        "approximate": row["approximate"],
        "bounds_stated": row["bounds_stated"],
        "value_si": row["value_si"],
        "unit_si": row["unit_si"] or None,
        "lower_si": row["lower_si"],
        "upper_si": row["upper_si"],
        "as_of": row["as_of"],
        "period_start": row["period_start"],
        "period_end": row["period_end"],
        "time_precision": row["time_precision"],
        "modality": row["modality"],
        "status": row["status"],
        "superseded_by": {"id": successor, "url": links.claim(successor)} if successor else None,
        "proposal": (
            {
                "id": row["proposal_id"],
                "slug": row["proposal__slug"],
                "title": row["proposal__title"],
                "url": links.proposal(row["proposal_id"]),
            }
            if row["proposal_id"]
            else None
        ),
        "provision": (
            {
                "id": row["provision_id"],
                "number": row["provision__number"],
                "summary": row["provision__summary"],
            }
            if row["provision_id"]
            else None
        ),
        "topics": _topics(row["topics_json"], links),
        "citations": citations,
        "notes": row["notes"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "revision": row["revision"],
    }


# --- sources -----------------------------------------------------------------------------

SOURCE_COLUMNS = (
    "id",
    "url",
    "title",
    *_actor_columns("publisher"),
    "authors",
    "published_on",
    "published_precision",
    "retrieved_at",
    "language",
    "kind",
    "text_sha256",
    "license",
    "attribution",
    "created_at",
    "updated_at",
    "revision",
)


def source_rows(queryset: QuerySet) -> QuerySet:
    """Without the full text, which only the detail carries."""
    return queryset.values(*SOURCE_COLUMNS)


def source_detail_rows(queryset: QuerySet) -> QuerySet:
    return queryset.values(*SOURCE_COLUMNS, "text")


def shape_sources(rows: list[Row], links: Links) -> list[Row]:
    return [shape_source(row, links) for row in rows]


def shape_source(row: Row, links: Links) -> Row:
    shaped = {
        "id": row["id"],
        "url": links.source(row["id"]),
        "source_url": row["url"],
        "title": row["title"],
        "publisher": _actor_from(row, links, "publisher"),
        "authors": row["authors"],
        "published_on": row["published_on"],
        "published_precision": row["published_precision"],
        "retrieved_at": row["retrieved_at"],
        "language": row["language"],
        "kind": row["kind"],
        "text_sha256": row["text_sha256"],
        "license": row["license"],
        "attribution": row["attribution"],
        "claims_url": f"{links.source(row['id'])}claims/",
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "revision": row["revision"],
    }
    if "text" in row:
        shaped["text"] = row["text"]
    return shaped


# --- actors and topics -------------------------------------------------------------------

ACTOR_COLUMNS = (
    "id",
    "slug",
    "name",
    "kind",
    "aliases",
    "description",
    "wikidata_id",
    "created_at",
    "updated_at",
    "revision",
)
TOPIC_COLUMNS = ("id", "slug", "name", "description", "created_at", "updated_at", "revision")


def actor_rows(queryset: QuerySet) -> QuerySet:
    return queryset.values(*ACTOR_COLUMNS)


def shape_actors(rows: list[Row], links: Links) -> list[Row]:
    claims = links.collection("claims")
    return [
        {
            "id": row["id"],
            "url": links.actor(row["id"]),
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            "aliases": row["aliases"],
            "description": row["description"],
            "wikidata_id": row["wikidata_id"],
            "claims_url": f"{claims}?claimant={row['slug']}",
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "revision": row["revision"],
        }
        for row in rows
    ]


def topic_rows(queryset: QuerySet) -> QuerySet:
    return queryset.values(*TOPIC_COLUMNS)


def shape_topics(rows: list[Row], links: Links) -> list[Row]:
    claims = links.collection("claims")
    return [
        {
            "id": row["id"],
            "url": links.topic(row["id"]),
            "slug": row["slug"],
            "name": row["name"],
            "description": row["description"],
            "claims_url": f"{claims}?topic={row['slug']}",
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "revision": row["revision"],
        }
        for row in rows
    ]


# --- proposals ---------------------------------------------------------------------------

PROPOSAL_COLUMNS = (
    "id",
    "slug",
    "title",
    "description",
    "status",
    "point_count",
    "supersedes_id",
    "supersedes__slug",
    "supersedes__title",
    "part_of_id",
    "part_of__slug",
    "part_of__title",
    "created_at",
    "updated_at",
    "revision",
)


def proposal_rows(queryset: QuerySet) -> QuerySet:
    """One query: proposals with what they supersede and belong to joined, proposers folded."""
    proposers = json_list(
        Proposal.proposed_by.through.objects,
        "proposal_id",
        id="actor_id",
        slug="actor__slug",
        name="actor__name",
        kind="actor__kind",
    )
    return queryset.values(*PROPOSAL_COLUMNS, proposed_by_json=proposers)


def provisions_of(proposal_ids: list[Any], links: Links) -> dict[Any, list[Row]]:
    """One query: the provisions of these proposals in point order, topics folded."""
    found: dict[Any, list[Row]] = defaultdict(list)
    if not proposal_ids:
        return found
    rows = (
        Provision.objects.filter(proposal_id__in=proposal_ids)
        .order_by(F("number").asc(nulls_last=True), "created_at", "id")
        .values(
            "id",
            "proposal_id",
            "number",
            "summary",
            topics_json=_topics_subquery(Provision.topics.through.objects, "provision_id"),
        )
    )
    for row in rows:
        found[row["proposal_id"]].append(
            {
                "id": row["id"],
                "number": row["number"],
                "summary": row["summary"],
                "topics": _topics(row["topics_json"], links),
            }
        )
    return found


def shape_proposals(rows: list[Row], links: Links) -> list[Row]:
    provisions = provisions_of([row["id"] for row in rows], links)
    shaped = []
    for row in rows:
        proposers = parse_json_list(row["proposed_by_json"])
        proposers.sort(key=lambda a: (a["name"], a["slug"]))
        earlier = row["supersedes_id"]
        whole = row["part_of_id"]
        shaped.append(
            {
                "id": row["id"],
                "url": links.proposal(row["id"]),
                "slug": row["slug"],
                "title": row["title"],
                "description": row["description"],
                "status": row["status"],
                "point_count": row["point_count"],
                "proposed_by": [actor_brief(links, **a) for a in proposers],
                "supersedes": (
                    {
                        "id": earlier,
                        "slug": row["supersedes__slug"],
                        "title": row["supersedes__title"],
                        "url": links.proposal(earlier),
                    }
                    if earlier
                    else None
                ),
                "part_of": (
                    {
                        "id": whole,
                        "slug": row["part_of__slug"],
                        "title": row["part_of__title"],
                        "url": links.proposal(whole),
                    }
                    if whole
                    else None
                ),
                "provisions": provisions.get(row["id"], []),
                "claims_url": f"{links.proposal(row['id'])}claims/",
                "created_at": row["created_at"],
                "updated_at": row["updated_at"],
                "revision": row["revision"],
            }
        )
    return shaped
