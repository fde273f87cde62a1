"""Tombstones: what a mirror must retract, supersede or drop, in commit order.

Read from ``claims_tombstone``, which the database writes (``claims.db_rules``) when a
claim becomes retracted or superseded and when any resource is deleted, with the revision
of the transaction that did it. Paged by ``(revision, id)``: a mirror asking for
``revision_after=N`` never misses an event committed after it had applied revision N.
``since`` (a time) remains for browsing.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from claims.api.base import Links
from claims.api.keyset import Cursor, Ordering, Page, decode_cursor
from claims.models import ClaimQuerySet, Resource, Tombstone

ORDERING = Ordering.parse("revision")
COLUMNS = ("id", "revision", "resource", "object_id", "event", "status", "superseded_by_id", "at")


def parse_cursor(raw: str | None) -> Cursor | None:
    if not raw:
        return None
    return decode_cursor(raw, ORDERING, models.BigIntegerField(), models.BigIntegerField())


def page(
    *,
    since: Any,
    revision_after: int | None,
    cursor: Cursor | None,
    size: int,
    staff: bool,
) -> Page:
    """Up to ``size`` events after ``cursor``, oldest revision first; one query."""
    events = Tombstone.objects.all()
    if since is not None:
        events = events.filter(at__gte=since)
    if revision_after is not None:
        events = events.filter(revision__gt=revision_after)
    if not staff:
        # A deleted candidate or draft was never public; every other event is.
        events = events.exclude(
            Q(resource=Resource.CLAIM) & ~Q(status__in=ClaimQuerySet.PUBLIC_STATUSES)
        )
    if cursor is not None:
        events = events.filter(
            Q(revision__gt=cursor.value) | Q(revision=cursor.value, id__gt=cursor.id)
        )
    rows = list(events.order_by("revision", "id").values(*COLUMNS)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    following = Cursor(ORDERING.param, last["revision"], last["id"]) if more and last else None
    return Page(rows, following, None)


def shape_tombstones(rows: list[dict[str, Any]], links: Links) -> list[dict[str, Any]]:
    return [
        {
            "id": row["object_id"],
            "url": f"{links.collection(row['resource'] + 's')}{row['object_id']}/",
            "resource": row["resource"],
            "event": row["event"],
            "status": row["status"] or None,
            "at": row["at"],
            "revision": row["revision"],
            "superseded_by": (
                {"id": row["superseded_by_id"], "url": links.claim(row["superseded_by_id"])}
                if row["superseded_by_id"]
                else None
            ),
        }
        for row in rows
    ]
