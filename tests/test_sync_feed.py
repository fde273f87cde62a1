"""The sync feed misses nothing: revisions are given out in commit order.

Two connections write concurrently (threads, each with its own database connection) in the
interleavings that break a feed ordered by a time stamped before commit. PostgreSQL only:
SQLite's shared in-memory test database locks tables across threads instead of waiting
(SQLite serialises writers for a whole transaction, which gives the same order).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from claims.models import Claim
from tests import factories as make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("two concurrent writers need PostgreSQL (SQLite's test db locks tables)")


def feed(client: Client, **params: object) -> list[dict]:
    """Every claim of the anonymous feed for these parameters, following ``next``."""
    url, found = "/api/v1/claims/", []
    query = {"page_size": 2, **params}
    while url:
        page = client.get(url, query).json()
        found += page["results"]
        url, query = page["next"], {}
    return found


def in_thread(work) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_transaction_stamped_earlier_but_committed_later_is_not_missed():
    x, y = make.published_claim(), make.published_claim()
    mirror = Client()
    start = max(c["revision"] for c in feed(mirror, ordering="revision"))
    b_stamped, a_committed = threading.Event(), threading.Event()

    def writer_b() -> None:  # stamps its time first, commits last
        with transaction.atomic():
            stamped = timezone.now() - timedelta(seconds=5)
            b_stamped.set()
            a_committed.wait(10)
            Claim.objects.filter(pk=y.pk).update(notes="B", updated_at=stamped)

    b = in_thread(writer_b)
    b_stamped.wait(10)
    a_starts = timezone.now()
    with transaction.atomic():  # writer A: stamped later, commits first
        Claim.objects.filter(pk=x.pk).update(notes="A", updated_at=timezone.now())
    seen = feed(mirror, revision_after=start, ordering="revision")
    by_time = feed(mirror, updated_after=a_starts.isoformat())
    a_committed.set()
    b.join(10)

    assert [c["notes"] for c in seen] == ["A"]
    assert [c["notes"] for c in by_time] == ["A"]
    after_a = max(c["revision"] for c in seen)
    resumed = feed(mirror, revision_after=after_a, ordering="revision")
    assert [(c["id"], c["notes"]) for c in resumed] == [(str(y.pk), "B")]
    # The time-ordered cursor, resumed from the newest time it saw, never gets B.
    newest = max(c["updated_at"] for c in by_time)
    assert feed(mirror, updated_after=newest) == [c for c in by_time if c["updated_at"] == newest]


def test_a_second_writer_waits_for_the_first_to_commit_and_gets_a_later_revision():
    x, y = make.published_claim(), make.published_claim()
    a_wrote, b_done = threading.Event(), threading.Event()
    b_finished_while_a_open: list[bool] = []

    def writer_b() -> None:
        a_wrote.wait(10)
        with transaction.atomic():
            Claim.objects.filter(pk=y.pk).update(notes="B")
        b_done.set()

    b = in_thread(writer_b)
    with transaction.atomic():
        Claim.objects.filter(pk=x.pk).update(notes="A")
        a_wrote.set()
        # B's write needs the revision A holds until it commits: B cannot finish first.
        b_finished_while_a_open.append(b_done.wait(1.0))
    b.join(10)

    assert b_finished_while_a_open == [False] and b_done.is_set()
    revision = dict(Claim.objects.filter(pk__in=[x.pk, y.pk]).values_list("pk", "revision"))
    assert revision[x.pk] < revision[y.pk]


def test_what_an_answer_embeds_moves_its_revision_and_deletions_leave_tombstones():
    mirror, staff = Client(), Client()
    from django.contrib.auth import get_user_model

    staff.force_login(get_user_model().objects.create_user("s", password="x", is_staff=True))
    claim = make.published_claim()
    draft = make.claim()
    start = Claim.objects.get(pk=claim.pk).revision

    make.citation(claim, quote="Forces advanced about 176 square miles per month.")
    claim.topics.add(make.topic())
    after_topic = Claim.objects.get(pk=claim.pk).revision
    draft_id = str(draft.pk)
    draft.delete()

    changed = feed(mirror, revision_after=start, ordering="revision")
    assert [c["id"] for c in changed] == [str(claim.pk)]
    assert changed[0]["revision"] == after_topic > start
    public = mirror.get("/api/v1/tombstones/", {"revision_after": start}).json()["results"]
    assert public == []  # a deleted draft was never public
    [event] = staff.get("/api/v1/tombstones/", {"revision_after": start}).json()["results"]
    assert (event["id"], event["event"], event["resource"]) == (draft_id, "deleted", "claim")
    assert event["revision"] > after_topic


def test_an_export_is_one_snapshot_and_names_the_revision_to_follow_on(monkeypatch):
    import json

    from claims.api.v1 import exports

    for n in range(4):
        make.published_claim(statement=f"Claim {n}.")
    monkeypatch.setattr(exports, "BATCH", 2)
    mirror = Client()
    chunks = iter(mirror.get("/api/v1/claims/export.ndjson?ordering=created_at").streaming_content)
    first = next(chunks)  # the first batch is read: the snapshot is taken
    added: list[Claim] = []
    writer = in_thread(lambda: added.append(make.published_claim(statement="Later.")))
    writer.join(10)
    rest = b"".join(chunks)

    *records, trailer = (first + rest).splitlines()
    statements = [json.loads(line)["statement"] for line in records]
    revision = json.loads(trailer)["trailer"]["revision"]
    assert statements == [f"Claim {n}." for n in range(4)]  # not the claim added meanwhile
    later = feed(mirror, revision_after=revision, ordering="revision")
    assert [c["id"] for c in later] == [str(added[0].pk)]
