"""The v1 claim object built inside PostgreSQL, so Python forwards text (the hot path).

``representations.shape_claim`` defines the wire format; this module writes the same
object as one SQL expression per claim row (``json_build_object`` keeps key order; numbers
are trimmed like the renderer's Decimals; times are RFC 3339 with ``Z``), evaluated only for
the rows of the page. The page's JSON then needs no Python per field: the rows' text goes
into the answer as ``orjson.Fragment``. ``tests/test_api_pgjson.py`` keeps both paths equal.
On SQLite the Python path is used.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL

from claims.api.base import Links

ROOT = "%(root)s::text"  # the API root URL, bound as a parameter wherever it appears


def _time(column: str) -> str:
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE "
        f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        f"CASE WHEN date_part('microseconds', {column})::bigint %% 1000000 = 0 THEN '' "
        f"ELSE to_char({utc}, '.US') END || 'Z' END"
    )


def _number(column: str) -> str:
    return f"trim_scale({column})"


def _actor(alias: str) -> str:
    return (
        f"CASE WHEN {alias}.id IS NULL THEN NULL ELSE json_build_object("
        f"'id', {alias}.id, 'slug', {alias}.slug, 'name', {alias}.name, 'kind', {alias}.kind, "
        f"'url', {ROOT} || 'actors/' || {alias}.id || '/') END"
    )


def _actor_of(fk: str) -> str:
    return f"(SELECT {_actor('a')} FROM claims_actor a WHERE a.id = {fk})"


_TOPICS = f"""(SELECT coalesce(json_agg(json_build_object(
        'id', t.id, 'slug', t.slug, 'name', t.name,
        'url', {ROOT} || 'topics/' || t.id || '/') ORDER BY t.name, t.slug), '[]')
    FROM claims_claim_topics ct JOIN claims_topic t ON t.id = ct.topic_id
    WHERE ct.claim_id = claims_claim.id)"""

_CITATIONS = f"""(SELECT coalesce(json_agg(json_build_object(
        'id', ci.id, 'quote', ci.quote, 'start', ci.start, 'end', ci."end",
        'prefix', ci.prefix, 'suffix', ci.suffix, 'stance', ci.stance, 'method', ci.method,
        'source', json_build_object(
            'id', s.id, 'url', {ROOT} || 'sources/' || s.id || '/', 'source_url', s.url,
            'title', s.title, 'publisher', {_actor("sp")}, 'published_on', s.published_on,
            'published_precision', s.published_precision))
        ORDER BY ci.start, ci.id), '[]')
    FROM claims_citation ci JOIN claims_source s ON s.id = ci.source_id
    LEFT JOIN claims_actor sp ON sp.id = s.publisher_id
    WHERE ci.claim_id = claims_claim.id)"""

CLAIM_JSON = f"""json_build_object(
    'id', claims_claim.id,
    'url', {ROOT} || 'claims/' || claims_claim.id || '/',
    'kind', claims_claim.kind,
    'statement', claims_claim.statement,
    'claimant', {_actor_of("claims_claim.claimant_id")},
    'conveyed_by', {_actor_of("claims_claim.conveyed_by_id")},
    'subject', claims_claim.subject,
    'place', claims_claim.place,
    'value', {_number("claims_claim.value")},
    'unit', nullif(claims_claim.unit, ''),
    'lower', {_number("claims_claim.lower")},
    'upper', {_number("claims_claim.upper")},
    'approximate', claims_claim.approximate,
    'bounds_stated', claims_claim.bounds_stated,
    'value_si', {_number("claims_claim.value_si")},
    'unit_si', nullif(claims_claim.unit_si, ''),
    'lower_si', {_number("claims_claim.lower_si")},
    'upper_si', {_number("claims_claim.upper_si")},
    'as_of', claims_claim.as_of,
    'period_start', claims_claim.period_start,
    'period_end', claims_claim.period_end,
    'time_precision', claims_claim.time_precision,
    'modality', claims_claim.modality,
    'status', claims_claim.status,
    'superseded_by', CASE WHEN claims_claim.superseded_by_id IS NULL THEN NULL ELSE
        json_build_object('id', claims_claim.superseded_by_id,
            'url', {ROOT} || 'claims/' || claims_claim.superseded_by_id || '/') END,
    'proposal', (SELECT json_build_object('id', p.id, 'slug', p.slug, 'title', p.title,
            'url', {ROOT} || 'proposals/' || p.id || '/')
        FROM claims_proposal p WHERE p.id = claims_claim.proposal_id),
    'provision', (SELECT json_build_object('id', v.id, 'number', v.number,
            'summary', v.summary)
        FROM claims_provision v WHERE v.id = claims_claim.provision_id),
    'topics', {_TOPICS},
    'citations', {_CITATIONS},
    'notes', claims_claim.notes,
    'created_at', {_time("claims_claim.created_at")},
    'updated_at', {_time("claims_claim.updated_at")},
    'revision', claims_claim.revision
)::text"""


def available(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def claim_json_rows(queryset: QuerySet, links: Links) -> QuerySet:
    """The page's columns for keyset paging plus ``json``: each claim's v1 object as text."""
    sql = CLAIM_JSON.replace("%%", "%%%%") % {"root": "%s"}
    params = [links.root] * sql.count("%s")
    expression = RawSQL(sql, params, output_field=TextField())
    return queryset.values("id", "created_at", "updated_at", "revision", json=expression)


def shape_claim_json(rows: list[dict[str, Any]], links: Links) -> list[orjson.Fragment]:
    """The page's answers: the JSON PostgreSQL built, passed through untouched."""
    return [orjson.Fragment(row["json"]) for row in rows]
