"""The floor: the claims page built by one SQL statement inside PostgreSQL, served raw.

A minimal WSGI app with one psycopg connection per worker and no framework: the fastest this
machine and PostgreSQL can answer the same JSON page the API serves (first 50 public claims,
newest first, with claimant, proposal, provision, topics and citations with their sources).
bench/run.py serves it with gunicorn beside the project and reports every target against it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

BASE = os.environ.get("FLOOR_BASE_URL", "http://127.0.0.1:8100/api/v1")

ACTOR = """CASE WHEN {a}.id IS NULL THEN NULL ELSE json_build_object(
    'id', {a}.id, 'slug', {a}.slug, 'name', {a}.name, 'kind', {a}.kind,
    'url', '{base}/actors/' || {a}.id || '/') END"""

PAGE_SQL = f"""
SELECT json_build_object('next', NULL, 'previous', NULL, 'results',
       coalesce(json_agg(page.j ORDER BY page.created_at DESC, page.id DESC), '[]'))::text
FROM (
  SELECT cl.created_at, cl.id, json_build_object(
    'id', cl.id, 'url', '{BASE}/claims/' || cl.id || '/', 'kind', cl.kind,
    'statement', cl.statement,
    'claimant', {ACTOR.format(a="ca", base=BASE)},
    'conveyed_by', {ACTOR.format(a="cv", base=BASE)},
    'subject', cl.subject, 'place', cl.place, 'value', cl.value, 'unit', nullif(cl.unit, ''),
    'lower', cl.lower, 'upper', cl.upper, 'approximate', cl.approximate,
    'bounds_stated', cl.bounds_stated, 'value_si', cl.value_si,
    'unit_si', nullif(cl.unit_si, ''), 'lower_si', cl.lower_si, 'upper_si', cl.upper_si,
    'as_of', cl.as_of, 'period_start', cl.period_start, 'period_end', cl.period_end,
    'time_precision', cl.time_precision, 'modality', cl.modality, 'status', cl.status,
    'superseded_by', CASE WHEN cl.superseded_by_id IS NULL THEN NULL ELSE json_build_object(
        'id', cl.superseded_by_id, 'url', '{BASE}/claims/' || cl.superseded_by_id || '/') END,
    'proposal', CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object(
        'id', pr.id, 'slug', pr.slug, 'title', pr.title,
        'url', '{BASE}/proposals/' || pr.id || '/') END,
    'provision', CASE WHEN pv.id IS NULL THEN NULL ELSE json_build_object(
        'id', pv.id, 'number', pv.number, 'summary', pv.summary) END,
    'topics', (SELECT coalesce(json_agg(json_build_object(
                   'id', t.id, 'slug', t.slug, 'name', t.name,
                   'url', '{BASE}/topics/' || t.id || '/') ORDER BY t.name, t.slug), '[]')
               FROM claims_claim_topics ct JOIN claims_topic t ON t.id = ct.topic_id
               WHERE ct.claim_id = cl.id),
    'citations', (SELECT coalesce(json_agg(json_build_object(
                   'id', ci.id, 'quote', ci.quote, 'start', ci.start, 'end', ci."end",
                   'prefix', ci.prefix, 'suffix', ci.suffix, 'stance', ci.stance,
                   'method', ci.method,
                   'source', json_build_object(
                       'id', s.id, 'url', '{BASE}/sources/' || s.id || '/',
                       'source_url', s.url, 'title', s.title,
                       'publisher', {ACTOR.format(a="sp", base=BASE)},
                       'published_on', s.published_on,
                       'published_precision', s.published_precision))
                   ORDER BY ci.start, ci.id), '[]')
                  FROM claims_citation ci JOIN claims_source s ON s.id = ci.source_id
                  LEFT JOIN claims_actor sp ON sp.id = s.publisher_id
                  WHERE ci.claim_id = cl.id),
    'notes', cl.notes, 'created_at', cl.created_at, 'updated_at', cl.updated_at) AS j
  FROM claims_claim cl
  LEFT JOIN claims_actor ca ON ca.id = cl.claimant_id
  LEFT JOIN claims_actor cv ON cv.id = cl.conveyed_by_id
  LEFT JOIN claims_proposal pr ON pr.id = cl.proposal_id
  LEFT JOIN claims_provision pv ON pv.id = cl.provision_id
  WHERE cl.status IN ('published', 'disputed', 'superseded', 'retracted')
  ORDER BY cl.created_at DESC, cl.id DESC
  LIMIT 50
) page
"""

_connection: psycopg.Connection | None = None


def _conn() -> psycopg.Connection:
    global _connection
    if _connection is None or _connection.closed:
        url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        _connection = psycopg.connect(url, autocommit=True, prepare_threshold=0)
    return _connection


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    with _conn().cursor() as cursor:
        cursor.execute(PAGE_SQL)
        body = cursor.fetchone()[0].encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
