"""Bulk exports of the (filtered) claim list, streamed in constant memory.

The claims are read in keyset batches of ``BATCH`` (one query each, plus one for the
batch's citations; nothing is prefetched over the whole set) and written as they come.
The snapshot time and ledger version travel in the response headers ``X-Snapshot-At`` and
``X-Ledger-Version``, read before the first batch: rows changed during a long export may
be newer than that version, never older — fetch ``updated_after=<X-Snapshot-At>`` next.

- NDJSON: one claim per line, exactly the v1 claim object.
- CSV: one row per (claim, citation) — claim columns repeated, a claim without citations
  has one row with empty citation columns; topics are ``;``-joined slugs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from claims.api.renderers import dumps

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
            tail: list[Any] = [None] * (len(CSV_COLUMNS) - len(head))
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
        yield [_cell(value) for value in (*head, *tail)]


class _Line:
    """A file-like that hands back what csv.writer writes (Django's streaming-CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(batches: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for batch in batches:
        yield "".join(writer.writerow(record) for claim in batch for record in csv_records(claim))


def ndjson_stream(batches: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    for batch in batches:
        yield b"".join(dumps(claim) + b"\n" for claim in batch)
