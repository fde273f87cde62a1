"""Keyset pagination: complete walks, stability under inserts, bad parameters, query counts."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from claims.models import Actor, Claim, Source, Topic
from tests import factories as make
from tests.api_support import T0, assert_error, body, ids

pytestmark = pytest.mark.django_db

CLAIMS = 23


@pytest.fixture
def claims(db) -> list[str]:
    """Published claims, each with two citations and two topics; some share a timestamp."""
    source = make.source()
    topics = [make.topic(), make.topic()]
    made = []
    for n in range(CLAIMS):
        claim = make.claim(statement=f"Claim {n}.")
        make.citation(claim, source)
        make.citation(claim, source, quote="Polls say 55% of voters agree.", start=0, end=30)
        claim.topics.add(*topics)
        claim.status = "published"
        claim.save()
        made.append(claim)
    # Ties on created_at (three claims per minute) exercise the id tie-break.
    for n, claim in enumerate(made):
        stamp = T0 + timedelta(minutes=n // 3)
        Claim.objects.filter(pk=claim.pk).update(created_at=stamp, updated_at=stamp)
    return [str(c.id) for c in made]


def walk(client, url: str) -> list[str]:
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = body(response)
        seen += ids(page["results"])
        url = page["next"]
        pages += 1
        assert pages < 100
    return seen


@pytest.mark.parametrize("ordering", ["-created_at", "created_at", "updated_at", "-updated_at",
                                      "id", "-id"])  # fmt: skip
@pytest.mark.parametrize("size", [1, 4, 50])
def test_walking_every_page_sees_every_claim_once_in_order(client, claims, ordering, size):
    seen = walk(client, f"/api/v1/claims/?ordering={ordering}&page_size={size}")

    assert sorted(seen) == sorted(claims)
    sign = "-" if ordering.startswith("-") else ""
    by_database = Claim.objects.order_by(ordering, f"{sign}id").values_list("id", flat=True)
    assert seen == [str(i) for i in by_database]


def test_previous_links_walk_back_to_the_start(client, claims):
    url = "/api/v1/claims/?page_size=5"
    forward = []
    page = body(client.get(url))
    assert page["previous"] is None
    while page["next"]:
        forward.append(ids(page["results"]))
        page = body(client.get(page["next"]))
    forward.append(ids(page["results"]))

    backward = []
    while page["previous"]:
        page = body(client.get(page["previous"]))
        backward.append(ids(page["results"]))

    assert backward == forward[-2::-1]


def test_pages_are_stable_when_claims_are_inserted_while_walking(client, claims):
    first = body(client.get("/api/v1/claims/?page_size=5"))
    for n in range(3):
        make.published_claim(statement=f"Newer claim {n}.")
    rest = walk(client, first["next"])

    seen = ids(first["results"]) + rest
    assert sorted(seen) == sorted(claims)  # nothing missed, nothing twice, no newcomer


def test_links_keep_the_query_and_are_absolute(client, claims):
    page = body(client.get("/api/v1/claims/?page_size=2&kind=percentage&ordering=id"))

    assert page["next"].startswith("http://testserver/api/v1/claims/?")
    assert "kind=percentage" in page["next"] and "ordering=id" in page["next"]
    # No count: it would cost a scan. next_cursor is next's cursor, for clients that pass
    # it back as a parameter instead of following a URL.
    assert set(page) == {"next", "next_cursor", "previous", "results"}
    assert parse_qs(urlsplit(page["next"]).query)["cursor"] == [page["next_cursor"]]


def test_following_next_cursor_walks_every_claim_once(client, claims):
    seen, cursor = [], None
    while True:
        query = "page_size=5&ordering=-created_at" + (f"&cursor={cursor}" if cursor else "")
        page = body(client.get(f"/api/v1/claims/?{query}"))
        seen += ids(page["results"])
        cursor = page["next_cursor"]
        assert (cursor is None) == (page["next"] is None)
        if cursor is None:
            break
    assert sorted(seen) == sorted(claims) and len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "query",
    ["page_size=201", "page_size=0", "page_size=-3", "page_size=ten", "page_size=1.5"],
)
def test_bad_page_sizes_are_a_400_naming_page_size(client, claims, query):
    assert_error(client.get(f"/api/v1/claims/?{query}"), 400, "invalid_parameter", "page_size")


def test_page_size_200_is_allowed(client, claims):
    assert client.get("/api/v1/claims/?page_size=200").status_code == 200


def _encode(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%%%",
        _encode({"not": "a list"}),
        _encode(["-created_at", "not a date", "x", 0]),
        _encode(["-created_at", "2026-01-01T00:00:00Z", "not-a-uuid", 0]),
        _encode(["-created_at", "2026-01-01T00:00:00Z", None, 0]),
        _encode(["-created_at", "2026-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000001", 7]),
        _encode(["updated_at", "2026-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000001", 0]),
    ],
)
def test_bad_cursors_are_a_400_naming_cursor(client, claims, cursor):
    assert_error(client.get(f"/api/v1/claims/?cursor={cursor}"), 400, "invalid_parameter", "cursor")


# The list costs: the ledger version (ETag), the page of claims with foreign keys joined and
# topics folded in, and the page's citations with their sources — whatever the page size.
@pytest.mark.parametrize("size", [1, 10, 23, 200])
def test_a_claims_page_costs_three_queries_whatever_its_size(
    client, claims, size, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/claims/?page_size={size}")
    assert len(body(response)["results"]) == min(size, CLAIMS)
    assert all(
        len(c["citations"]) == 2 and len(c["topics"]) == 2 for c in body(response)["results"]
    )


@pytest.mark.parametrize("size", [1, 10, 200])
def test_other_lists_cost_at_most_three_queries(
    client, claims, size, django_assert_max_num_queries
):
    plan = make.proposal()
    plan.proposed_by.add(*[make.actor() for _ in range(3)])
    for n in range(1, 4):
        make.provision(plan, number=n).topics.add(*Topic.objects.all())
    assert Source.objects.exists() and Actor.objects.exists()
    for url in ("sources", "actors", "topics", "proposals"):
        with django_assert_max_num_queries(3):
            assert client.get(f"/api/v1/{url}/?page_size={size}").status_code == 200


def test_a_repeated_page_is_served_from_the_cache_with_one_query(
    client, claims, django_assert_num_queries
):
    client.get("/api/v1/claims/")
    with django_assert_num_queries(1):  # the ledger version only
        assert client.get("/api/v1/claims/").status_code == 200


def test_a_claim_detail_costs_three_queries(client, claims, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/v1/claims/{claims[0]}/").status_code == 200


def test_a_cursor_time_with_an_exotic_offset_is_normalised_not_a_500(client, claims):
    cursor = _encode(["-created_at", "0350-04-06T05:52:44+17:27", claims[0], 0])

    assert client.get(f"/api/v1/claims/?cursor={cursor}").status_code == 200
