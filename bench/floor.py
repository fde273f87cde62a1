"""The floors: what PostgreSQL and a bare WSGI app can do, against which bench/run.py
reports the API.

- ``app``: each read answer built by one SQL statement inside PostgreSQL, served raw — the
  same JSON the API serves. ``/``: the claims page (first 50 public claims, newest first,
  with claimant, proposal, provision, topics, citations with their sources, group and rank).
  ``/assertions/`` and its ``conflicting/``, ``corroborated/`` (at least 2 independent
  sources) and ``deep/`` (the page after ``FLOOR_DEEP_AT``/``FLOOR_DEEP_ID``) variants: 50
  visible groups, newest first, their figures read from stored columns; ``/assertion/``:
  the group ``FLOOR_ASSERTION`` with its public members; ``/series/``: every visible group
  of ``FLOOR_SERIES``'s measure with its public members, oldest first.
- ``write_app``: a claim and its citation written as raw INSERTs in one transaction — the
  same rows a claim POST writes (the claim, its citation, a history row for each; every
  trigger and constraint of the ledger fires on them as for the API).

One psycopg connection per worker, statements prepared, no framework.
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

CLAIM = f"""json_build_object(
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
    'notes', cl.notes, 'created_at', cl.created_at, 'updated_at', cl.updated_at,
    'revision', cl.revision,
    'assertion', CASE WHEN cl.assertion_id IS NULL THEN NULL ELSE json_build_object(
        'id', cl.assertion_id, 'url', '{BASE}/assertions/' || cl.assertion_id || '/') END,
    'rank', cl.rank{{extra}})"""
CLAIM_JOINS = """claims_claim cl
  LEFT JOIN claims_actor ca ON ca.id = cl.claimant_id
  LEFT JOIN claims_actor cv ON cv.id = cl.conveyed_by_id
  LEFT JOIN claims_proposal pr ON pr.id = cl.proposal_id
  LEFT JOIN claims_provision pv ON pv.id = cl.provision_id"""
PUBLIC = "('published', 'disputed', 'superseded', 'retracted')"

PAGE_SQL = f"""
SELECT json_build_object('next', NULL, 'next_cursor', NULL, 'previous', NULL, 'results',
       coalesce(json_agg(page.j ORDER BY page.created_at DESC, page.id DESC), '[]'))::text
FROM (
  SELECT cl.created_at, cl.id, {CLAIM.format(extra="")} AS j
  FROM {CLAIM_JOINS}
  WHERE cl.status IN {PUBLIC}
  ORDER BY cl.created_at DESC, cl.id DESC
  LIMIT 50
) page
"""

# A group: its figures are stored columns (claims.assertions.refresh keeps them), its topics
# a subquery; {members} is empty for a list row, the public members for a detail.
ASSERTION = f"""json_build_object(
    'id', a.id, 'url', '{BASE}/assertions/' || a.id || '/', 'statement', a.statement,
    'kind', a.kind, 'subject', a.subject, 'place', a.place, 'as_of', a.as_of,
    'measure', nullif(a.measure, ''),
    'topics', (SELECT coalesce(json_agg(json_build_object(
                   'id', t.id, 'slug', t.slug, 'name', t.name,
                   'url', '{BASE}/topics/' || t.id || '/') ORDER BY t.name, t.slug), '[]')
               FROM claims_assertion_topics at JOIN claims_topic t ON t.id = at.topic_id
               WHERE at.assertion_id = a.id),
    'members', a.public_members, 'preferred_value_si', a.preferred_value_si,
    'min_value_si', a.min_value_si, 'max_value_si', a.max_value_si,
    'unit_si', nullif(a.unit_si, ''), 'sources', a.sources,
    'independent_sources', a.independent_sources, 'first_seen', a.first_seen,
    'last_seen', a.last_seen, 'conflicting', a.conflicting, 'conflicts', a.conflicts,
    'series_url', '{BASE}/assertions/' || a.id || '/series/',
    'created_at', a.created_at, 'updated_at', a.updated_at, 'revision', a.revision{{members}})"""
MEMBERS = f""",
    'claims', (SELECT coalesce(json_agg(m.j ORDER BY m.as_of, m.created_at, m.id), '[]')
               FROM (SELECT cl.as_of, cl.created_at, cl.id,
                            {CLAIM.format(extra=", 'rank_reason', cl.rank_reason")} AS j
                     FROM {CLAIM_JOINS}
                     WHERE cl.assertion_id = a.id AND cl.status IN {PUBLIC}) m)"""
LIST_ROW = ASSERTION.format(members="")
DETAIL = ASSERTION.format(members=MEMBERS)


def assertion_page(where: str) -> str:
    """50 visible groups (a public member each), newest first, that also match ``where``."""
    return f"""
SELECT json_build_object('next', NULL, 'next_cursor', NULL, 'previous', NULL, 'results',
       coalesce(json_agg(page.j ORDER BY page.created_at DESC, page.id DESC), '[]'))::text
FROM (
  SELECT a.created_at, a.id, {LIST_ROW} AS j
  FROM claims_assertion a
  WHERE a.public_members > 0 AND {where}
  ORDER BY a.created_at DESC, a.id DESC
  LIMIT 50
) page
"""


ASSERTION_SQL = f"""
SELECT {DETAIL}::text FROM claims_assertion a WHERE a.id = %(assertion)s AND a.public_members > 0
"""
SERIES_SQL = f"""
SELECT json_build_object('measure', nullif(g.measure, ''), 'points',
       (SELECT coalesce(json_agg(p.j ORDER BY p.as_of, p.created_at, p.id), '[]') FROM (
          SELECT a.as_of, a.created_at, a.id, {DETAIL} AS j
          FROM claims_assertion a
          WHERE a.public_members > 0 AND a.measure = g.measure
          ORDER BY a.as_of, a.created_at, a.id
          LIMIT 500) p))::text
FROM claims_assertion g WHERE g.id = %(series)s AND g.public_members > 0
"""

# Path -> the one statement that builds its answer; parameters from the environment.
READS = {
    "/": PAGE_SQL,
    "/assertions/": assertion_page("true"),
    "/assertions/conflicting/": assertion_page("a.conflicting"),
    "/assertions/corroborated/": assertion_page("a.independent_sources >= 2"),
    "/assertions/deep/": assertion_page("(a.created_at, a.id) < (%(deep_at)s, %(deep_id)s)"),
    "/assertion/": ASSERTION_SQL,
    "/series/": SERIES_SQL,
}


def _parameters() -> dict[str, Any]:
    return {
        "deep_at": os.environ.get("FLOOR_DEEP_AT"),
        "deep_id": os.environ.get("FLOOR_DEEP_ID"),
        "assertion": os.environ.get("FLOOR_ASSERTION"),
        "series": os.environ.get("FLOOR_SERIES"),
    }


_connection: psycopg.Connection | None = None


def _conn() -> psycopg.Connection:
    global _connection
    if _connection is None or _connection.closed:
        url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        _connection = psycopg.connect(url, autocommit=True, prepare_threshold=0)
    return _connection


WRITE_SQL = [
    """INSERT INTO claims_claim (created_at, updated_at, revision, id, kind, statement,
        subject, place, value, unit, lower, upper, bounds_stated, approximate, value_si,
        lower_si, upper_si, unit_si, time_precision, modality, status, notes, search_text,
        rank, rank_reason)
    VALUES (now(), now(), 0, %(claim)s, 'percentage', %(statement)s, '', '', 55, '%%', NULL,
        NULL, false, false, 55, NULL, NULL, 'percent', 'unknown', 'reported', 'draft', '',
        %(search)s, 'normal', '')""",
    """INSERT INTO claims_historicalclaim (created_at, updated_at, id, kind, statement,
        subject, place, value, unit, lower, upper, bounds_stated, approximate, value_si,
        lower_si, upper_si, unit_si, time_precision, modality, status, notes, history_date,
        history_type, history_change_reason, history_user_id, rank, rank_reason)
    VALUES (now(), now(), %(claim)s, 'percentage', %(statement)s, '', '', 55, '%%', NULL,
        NULL, false, false, 55, NULL, NULL, 'percent', 'unknown', 'reported', 'draft', '',
        now(), '+', NULL, NULL, 'normal', '')""",
    """INSERT INTO claims_citation (created_at, updated_at, id, claim_id, source_id, quote,
        start, "end", prefix, suffix, stance, method)
    VALUES (now(), now(), %(citation)s, %(claim)s, %(source)s, %(quote)s, %(start)s,
        %(end)s, '', '', 'supports', 'manual')""",
    """INSERT INTO claims_historicalcitation (created_at, updated_at, id, quote, start, "end",
        prefix, suffix, stance, method, claim_id, source_id, history_date, history_type,
        history_change_reason, history_user_id)
    VALUES (now(), now(), %(citation)s, %(quote)s, %(start)s, %(end)s, '', '', 'supports',
        'manual', %(claim)s, %(source)s, now(), '+', NULL, NULL)""",
]


def write_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    import uuid

    quote = os.environ["FLOOR_QUOTE"]
    start = int(os.environ["FLOOR_QUOTE_START"])
    values = {
        "claim": uuid.uuid4(),
        "citation": uuid.uuid4(),
        "source": os.environ["FLOOR_SOURCE"],
        "statement": "A benchmark claim.",
        "search": f"A benchmark claim.\n{quote}",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
    }
    connection = _conn()
    with connection.transaction(), connection.cursor() as cursor:
        for sql in WRITE_SQL:
            cursor.execute(sql, values)
    body = b'{"id": "%s"}' % str(values["claim"]).encode()
    start_response(
        "201 Created", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    sql = READS.get(environ.get("PATH_INFO", "/"))
    if sql is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    with _conn().cursor() as cursor:
        cursor.execute(sql, _parameters() if "%(" in sql else None)
        row = cursor.fetchone()
    body = row[0].encode() if row else b"null"
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
