"""Bulk exports of the (filtered) claim list, streamed in constant memory.

The claims are read in keyset batches of ``BATCH`` (one query each, plus one for the
batch's citations; nothing is prefetched over the whole set) and written as they come. On
PostgreSQL the whole export reads one snapshot (a read-only REPEATABLE READ transaction),
so it is the ledger exactly as of one revision: a mirror loads it, then follows
``revision_after=<that revision>``. Every export ends with a trailer naming that revision,
the number of records and the SHA-256 of every byte before the trailer: an export cut
short (a dropped connection, a database restart) has no trailer, or one that does not add
up, and cannot pass for a complete one.

- NDJSON: one claim per line, exactly the v1 claim object; the last line is
  ``{"trailer": {"count": …, "sha256": …, "revision": …, "snapshot_at": …}}``.
- CSV: one row per (claim, citation) — claim columns repeated, a claim without citations
  has one row with empty citation columns; topics are ``;``-joined slugs. The last three
  columns are the claim's group (``assertion_id``, empty if none), its ``rank`` and
  ``rank_reason`` — the claim as a group member (``shapes.ASSERTION_MEMBER``). The last row
  is ``#trailer,count=…,sha256=…,revision=…,snapshot_at=…`` (count: claims, not rows).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from claims.api.renderers import dumps
from claims.models import LedgerVersion

BATCH = 1000

CSV_COLUMNS = (
    "id",
    "url",
    "kind",
    "statement",
    "claimant_id",
    "claimant_slug",
    "claimant_name",
    "conveyed_by_slug",
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
    "superseded_by",
    "proposal_slug",
    "provision_number",
    "topics",
    "notes",
    "created_at",
    "updated_at",
    "citation_id",
    "quote",
    "start",
    "end",
    "stance",
    "method",
    "source_id",
    "source_url",
    "source_title",
    "publisher",
    "published_on",
    # Added after the citation columns so that readers of the older layout keep working.
    "assertion_id",
    "rank",
    "rank_reason",
)
# Cells a spreadsheet would run as a formula (CSV injection); text cells get a leading '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _brief(obj: dict[str, Any] | None, key: str) -> Any:
    return obj[key] if obj else None


def csv_records(claim: dict[str, Any]) -> Iterator[list[str]]:
    group = [_brief(claim["assertion"], "id"), claim["rank"], claim["rank_reason"]]
    head = [
        claim["id"],
        claim["url"],
        claim["kind"],
        claim["statement"],
        _brief(claim["claimant"], "id"),
        _brief(claim["claimant"], "slug"),
        _brief(claim["claimant"], "name"),
        _brief(claim["conveyed_by"], "slug"),
        claim["subject"],
        claim["place"],
        claim["value"],
        claim["unit"],
        claim["lower"],
        claim["upper"],
        claim["approximate"],
        claim["bounds_stated"],
        claim["value_si"],
        claim["unit_si"],
        claim["lower_si"],
        claim["upper_si"],
        claim["as_of"],
        claim["period_start"],
        claim["period_end"],
        claim["time_precision"],
        claim["modality"],
        claim["status"],
        _brief(claim["superseded_by"], "id"),
        _brief(claim["proposal"], "slug"),
        _brief(claim["provision"], "number"),
        ";".join(t["slug"] for t in claim["topics"]),
        claim["notes"],
        claim["created_at"],
        claim["updated_at"],
    ]
    for citation in claim["citations"] or [None]:
        if citation is None:
            tail: list[Any] = [None] * (len(CSV_COLUMNS) - len(head) - len(group))
        else:
            source = citation["source"]
            tail = [
                citation["id"],
                citation["quote"],
                citation["start"],
                citation["end"],
                citation["stance"],
                citation["method"],
                source["id"],
                source["source_url"],
                source["title"],
                _brief(source["publisher"], "name"),
                source["published_on"],
            ]
        yield [_cell(value) for value in (*head, *tail, *group)]


class _Line:
    """A file-like that hands back what csv.writer writes (Django's streaming-CSV recipe)."""

    def write(self, value: str) -> str:
        return value


@contextmanager
def snapshot() -> Iterator[int]:
    """One consistent view of the ledger for a whole export; gives its revision.

    A read-only REPEATABLE READ transaction on PostgreSQL (it must be the transaction's
    first statement, so not inside a caller's atomic block, as in tests); elsewhere the
    batches read the ledger as it is when each runs.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield _revision()
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield _revision()


def _revision() -> int:
    row = LedgerVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 0


def _trailer(count: int, digest: Any, revision: int, snapshot_at: str) -> dict[str, Any]:
    return {
        "count": count,
        "sha256": digest.hexdigest(),
        "revision": revision,
        "snapshot_at": snapshot_at,
    }


def csv_stream(
    batches: Iterable[list[dict[str, Any]]], revision: int, snapshot_at: str
) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    digest, count = hashlib.sha256(), 0
    chunk = writer.writerow(CSV_COLUMNS).encode()
    digest.update(chunk)
    yield chunk
    for batch in batches:
        chunk = "".join(
            writer.writerow(record) for claim in batch for record in csv_records(claim)
        ).encode()
        digest.update(chunk)
        count += len(batch)
        yield chunk
    trailer = _trailer(count, digest, revision, snapshot_at)
    yield writer.writerow(["#trailer", *(f"{k}={v}" for k, v in trailer.items())]).encode()


def ndjson_stream(
    batches: Iterable[list[dict[str, Any]]], revision: int, snapshot_at: str
) -> Iterator[bytes]:
    digest, count = hashlib.sha256(), 0
    for batch in batches:
        chunk = b"".join(dumps(claim) + b"\n" for claim in batch)
        digest.update(chunk)
        count += len(batch)
        yield chunk
    yield dumps({"trailer": _trailer(count, digest, revision, snapshot_at)}) + b"\n"
