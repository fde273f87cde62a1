"""Tombstones: claims retracted, superseded or deleted since a time, for mirrors to apply.

Read from the claim history (django-simple-history): a claim enters ``retracted`` or
``superseded`` once (both are final), so the first history row in that status dates the
event; a deletion is a history row of type ``-``. Events are ordered by ``(at, id)`` and
cursor-paged on that key.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Min, Q, QuerySet

from claims.api.base import Links
from claims.api.keyset import Cursor, Ordering, Page, decode_cursor
from claims.models import Claim, ClaimQuerySet

ENDED = ("retracted", "superseded")
ORDERING = Ordering.parse("at")


def parse_cursor(raw: str | None) -> Cursor | None:
    if not raw:
        return None
    return decode_cursor(raw, ORDERING, models.DateTimeField(), models.UUIDField())


def page(since: Any, cursor: Cursor | None, size: int, staff: bool) -> Page:
    rows = events(since, cursor, size + 1, staff)
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    return Page(
        rows, Cursor(ORDERING.param, last["at"], last["id"]) if more and last else None, None
    )


def _after(cursor: Cursor | None) -> Q:
    if cursor is None:
        return Q()
    return Q(at__gt=cursor.value) | Q(at=cursor.value, id__gt=cursor.id)


def events(since: Any, cursor: Cursor | None, size: int, staff: bool) -> list[dict[str, Any]]:
    """Up to ``size`` events at or after ``since``, after ``cursor``, oldest first."""
    history: QuerySet = Claim.history.model.objects.all()
    ended = (
        history.filter(status__in=ENDED)
        .values("id", "status")
        .annotate(at=Min("history_date"))
        .filter(Q(at__gte=since) & _after(cursor))
        .order_by("at", "id")[:size]
    )
    deleted = history.filter(history_type="-")
    if not staff:
        deleted = deleted.filter(status__in=ClaimQuerySet.PUBLIC_STATUSES)
    deleted = (
        deleted.annotate(at=F("history_date"))
        .filter(Q(at__gte=since) & _after(cursor))
        .values("id", "status", "at", "superseded_by_id")
        .order_by("at", "id")[:size]
    )
    found = [{**row, "event": row["status"]} for row in ended]
    successors = dict(
        Claim.objects.filter(
            id__in=[e["id"] for e in found if e["status"] == "superseded"]
        ).values_list("id", "superseded_by_id")
    )
    for event in found:
        event["superseded_by_id"] = successors.get(event["id"])
    found += [{**row, "event": "deleted"} for row in deleted]
    found.sort(key=lambda e: (e["at"], str(e["id"])))
    return found[:size]


def shape_tombstones(rows: list[dict[str, Any]], links: Links) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "url": links.claim(row["id"]),
            "event": row["event"],
            "status": row["status"],
            "at": row["at"],
            "superseded_by": (
                {"id": row["superseded_by_id"], "url": links.claim(row["superseded_by_id"])}
                if row["superseded_by_id"]
                else None
            ),
        }
        for row in rows
    ]
