"""/api/v1/assertions/: groups of claims across reports, as downstream apps read them and as
curators and reviewers change them. Golden answers pin the wire format (regenerate with
``UPDATE_GOLDEN=1`` and review the diff, as tests/test_api_golden.py says)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from claims.models import Assertion, Claim, Tombstone
from tests import factories
from tests.api_support import Groups, assert_error, body, build_groups, fixed_id, ids
from tests.assertion_support import reviewer
from tests.test_api_contract import conforms
from tests.test_api_golden import GOLDEN, _pretty
from tests.test_api_writes import client_as

NOVEMBER, DECEMBER = fixed_id(60), fixed_id(61)
LIST = "/api/v1/assertions/"


@pytest.fixture
def groups(ledger, django_user_model) -> Groups:
    return build_groups(ledger, reviewer(django_user_model, "grouper"))


def etag(client: APIClient, id) -> str:
    response = client.get(f"{LIST}{id}/")
    assert response.status_code == 200, response.content
    return response["ETag"]


# --- reads -------------------------------------------------------------------------------------

GOLDEN_CASES = {
    "assertion_list": LIST,
    "assertion_detail": f"{LIST}{NOVEMBER}/",
    "assertion_series": f"{LIST}{NOVEMBER}/series/",
    "assertion_jsonld": f"{LIST}{NOVEMBER}/jsonld",
}


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_assertion_answers_match_their_golden_files(client, groups, name):
    response = client.get(GOLDEN_CASES[name])
    assert response.status_code == 200
    live = _pretty(json.loads(response.content))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(live)
    assert json.loads(live) == json.loads(path.read_text()), f"{name}: see {path}"


def test_a_group_reads_its_figures_and_conflict_with_each_side_quoted(client, groups):
    answer = body(client.get(f"{LIST}{NOVEMBER}/"))
    assert (answer["sources"], answer["independent_sources"]) == (2, 2)
    assert answer["conflicting"] is True
    (pair,) = answer["conflicts"]
    assert {pair["a"], pair["b"]} == {str(fixed_id(40)), str(fixed_id(48))}
    quotes = {m["id"]: m["citations"][0]["quote"] for m in answer["claims"]}
    assert quotes[str(fixed_id(48))] == "Some 45% of Russians expect the war"
    assert answer["claims"][0]["citations"][0]["source"]["publisher"]["slug"] in {"reuters", "fom"}


def test_claims_answer_their_group_and_rank(client, groups):
    claim = body(client.get(f"/api/v1/claims/{fixed_id(40)}/"))
    assert claim["assertion"]["id"] == str(NOVEMBER)
    assert claim["rank"] == "normal"
    alone = body(client.get(f"/api/v1/claims/{fixed_id(41)}/"))
    assert (alone["assertion"], alone["rank"]) == (None, "normal")


def test_a_later_point_of_the_measure_is_a_series_update_not_a_conflict(client, groups):
    series = body(client.get(f"{LIST}{DECEMBER}/series/"))
    assert series["measure"] == "war-end-expected"
    assert [p["as_of"] for p in series["points"]] == ["2025-11-01", "2025-12-01"]
    assert [p["conflicting"] for p in series["points"]] == [True, False]


def test_the_chart_is_svg_with_ranges_and_the_conflict_marked(client, groups):
    response = client.get(f"{LIST}{NOVEMBER}/series.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["ETag"]
    svg = ET.fromstring(response.content)
    ns = {"s": "http://www.w3.org/2000/svg"}
    points = svg.findall("s:g", ns)
    assert [p.get("class") for p in points] == ["point conflict", "point agreement"]
    assert points[0].findall("s:line[@class='range']", ns), "the VTsIOM poll's 52-58.5 range"
    assert points[0].find("s:text[@class='mark']", ns).text == "conflict"
    assert len(points[1].findall("s:circle", ns)) == 1


def test_json_ld_is_one_claim_with_every_report_as_an_appearance(client, groups):
    doc = body(client.get(f"{LIST}{NOVEMBER}/jsonld"))
    assert doc["@type"] == "Claim"
    assert sorted(a["text"] for a in doc["appearance"]) == [
        "About 55% of Russians expect the war to end in 2026",
        "Some 45% of Russians expect the war",
    ]


def test_anonymous_readers_never_see_draft_members_or_groups_of_drafts(staff_client, groups):
    client = APIClient()  # staff_client is pytest-django's client, logged in
    draft = groups.ledger.draft  # a count claim, a draft, alone in a group of the ledger's
    alone = Assertion.objects.get(claims=draft)
    assert str(alone.pk) not in ids(body(client.get(LIST))["results"])
    assert client.get(f"{LIST}{alone.pk}/").status_code == 404
    assert str(alone.pk) in ids(body(staff_client.get(LIST))["results"])
    members = body(staff_client.get(f"{LIST}{alone.pk}/"))["claims"]
    assert [m["id"] for m in members] == [str(draft.pk)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("conflicting=true", [NOVEMBER]),
        ("conflicting=false", [DECEMBER]),
        ("min_independent_sources=2", [NOVEMBER]),
        ("kind=percentage", [DECEMBER, NOVEMBER]),
        ("kind=count", []),
        ("topic=public-opinion", [NOVEMBER]),
        ("subject=russ", [DECEMBER, NOVEMBER]),
        ("q=december", [DECEMBER]),
        ("measure=war-end-expected", [DECEMBER, NOVEMBER]),
        ("updated_after=2026-01-02T04:04:30Z", [DECEMBER]),
    ],
)
def test_list_filters(client, groups, query, expected):
    assert ids(body(client.get(f"{LIST}?{query}"))["results"]) == [str(e) for e in expected]


@pytest.fixture
def _flushable(transactional_db):
    """SQLite's flush deletes row by row, and its trigger refuses deleting the last citation
    of a public claim: make every claim a draft first (test teardown only; PostgreSQL
    truncates)."""
    yield
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE claims_claim SET status = 'draft', superseded_by_id = NULL")


# Committed writes: on PostgreSQL one transaction is one revision (the sync feed's rule).
@pytest.mark.django_db(transaction=True)
def test_revision_after_follows_a_change_of_rank(_flushable, client, groups):
    latest = max(a["revision"] for a in body(client.get(LIST))["results"])
    assert body(client.get(f"{LIST}?revision_after={latest}"))["results"] == []
    curator = client_as("curator")
    curator.post(
        f"{LIST}{NOVEMBER}/rank/",
        {"claim": str(fixed_id(48)), "rank": "preferred"},
        format="json",
        HTTP_IF_MATCH=etag(curator, NOVEMBER),
    )
    changed = body(client.get(f"{LIST}?revision_after={latest}&ordering=revision"))["results"]
    assert ids(changed) == [str(NOVEMBER)]
    assert changed[0]["preferred_value_si"] == 45


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("conflicting=perhaps", "conflicting"),
        ("min_independent_sources=-1", "min_independent_sources"),
        ("kind=furlong", "kind"),
        ("updated_after=yesterday", "updated_after"),
        ("page_size=999", "page_size"),
    ],
)
def test_bad_filters_are_400s_naming_the_parameter(client, groups, query, field):
    assert_error(client.get(f"{LIST}?{query}"), 400, "invalid_parameter", field)


def test_list_queries_do_not_grow_with_groups(client, groups, django_assert_max_num_queries):
    # ledger version, one page of groups (their figures are columns, topics a subquery)
    with django_assert_max_num_queries(2):
        assert client.get(LIST).status_code == 200
    by = reviewer_of()
    for n in range(20):
        claim = factories.published_claim(value=Decimal(n))
        from claims import services

        services.create_assertion(by=by, claims=[claim], statement=f"g{n}", kind="percentage")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(2):
        assert len(body(client.get(f"{LIST}?page_size=200"))["results"]) == 22


def reviewer_of():
    from django.contrib.auth import get_user_model

    return reviewer(get_user_model(), "bulk-grouper")


@pytest.mark.parametrize(
    "url",
    [f"{LIST}{NOVEMBER}/", f"{LIST}{NOVEMBER}/series/", f"{LIST}{NOVEMBER}/series.svg"],
)
def test_detail_series_and_chart_are_a_fixed_number_of_queries(
    client, groups, django_assert_max_num_queries, url
):
    # ledger version, the group's visibility/measure, the answer built by the database
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_answers_have_exactly_the_documented_shape(staff_client, groups):
    from claims.api.v1.assertions import (
        AssertionDetailSerializer,
        AssertionSerializer,
        SeriesSerializer,
    )

    conforms(body(staff_client.get(LIST))["results"], AssertionSerializer(many=True), LIST)
    conforms(body(staff_client.get(f"{LIST}{NOVEMBER}/")), AssertionDetailSerializer(), "d")
    conforms(body(staff_client.get(f"{LIST}{NOVEMBER}/series/")), SeriesSerializer(), "s")


def test_the_tombstone_feed_covers_a_group_that_is_dissolved(client, groups):
    curator = client_as("curator")
    response = curator.post(
        f"{LIST}{DECEMBER}/ungroup/",
        {"claims": [str(fixed_id(49))]},
        format="json",
        HTTP_IF_MATCH=etag(curator, DECEMBER),
    )
    assert response.status_code == 204
    assert client.get(f"{LIST}{DECEMBER}/").status_code == 404
    stones = body(client.get("/api/v1/tombstones/?since=2000-01-01T00:00:00Z"))["results"]
    (stone,) = [s for s in stones if s["resource"] == "assertion"]
    assert (stone["id"], stone["event"]) == (str(DECEMBER), "deleted")
    assert stone["url"].endswith(f"/api/v1/assertions/{DECEMBER}/")
    assert Tombstone.objects.filter(object_id=DECEMBER).count() == 1


# --- writes and who may make them ------------------------------------------------------------


def create_body(*claims, **more) -> dict:
    return {
        "statement": "Areas Putin demands",
        "kind": "area",
        "as_of": None,
        "claims": [str(c) for c in claims],
        **more,
    }


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), (None, 403)])
def test_only_curators_create_groups(groups, role, status):
    response = client_as(role).post(LIST, create_body(fixed_id(41)), format="json")
    assert response.status_code == status, response.content
    assert not Assertion.objects.filter(statement="Areas Putin demands").exists()


def test_a_curator_creates_a_group_and_its_figures_are_derived(groups):
    response = client_as("curator").post(
        LIST, create_body(fixed_id(41), preferred_value_si=1, sources=9), format="json"
    )
    assert response.status_code == 201, response.content
    made = body(response)
    assert response["Location"].endswith(f"/assertions/{made['id']}/")
    assert (made["sources"], made["preferred_value_si"]) == (1, 5000), "derived, not sent"


def test_grouping_a_claim_already_in_another_group_is_refused(groups):
    response = client_as("curator").post(
        LIST, create_body(fixed_id(40), kind="percentage"), format="json"
    )
    assert_error(response, 400, "invalid", "claims")


@pytest.mark.parametrize(
    ("action", "payload"),
    [
        ("members", {"claims": [str(fixed_id(41))]}),
        ("ungroup", {"claims": [str(fixed_id(48))]}),
        ("rank", {"claim": str(fixed_id(48)), "rank": "preferred"}),
    ],
)
def test_group_writes_need_if_match_and_refuse_a_stale_one(groups, action, payload):
    curator = client_as("curator")
    url = f"{LIST}{NOVEMBER}/{action}/"
    assert_error(curator.post(url, payload, format="json"), 428, "precondition_required")
    stale = '"0000"'
    assert_error(
        curator.post(url, payload, format="json", HTTP_IF_MATCH=stale), 412, "precondition_failed"
    )


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), (None, 403)])
@pytest.mark.parametrize("action", ["members", "ungroup", "rank"])
def test_readers_cannot_group_ungroup_or_rank(groups, role, status, action):
    payload = {"claims": [str(fixed_id(48))], "claim": str(fixed_id(48)), "rank": "preferred"}
    response = client_as(role).post(
        f"{LIST}{NOVEMBER}/{action}/", payload, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == status


def test_a_curator_adds_and_ranks_members_with_the_current_etag(groups):
    curator = client_as("curator")
    sixty = factories.published_claim(value=Decimal(60), as_of=date(2025, 12, 1))
    response = curator.post(
        f"{LIST}{DECEMBER}/members/",
        {"claims": [str(sixty.pk)]},
        format="json",
        HTTP_IF_MATCH=etag(curator, DECEMBER),
    )
    assert response.status_code == 200, response.content
    assert body(response)["members"] == 2
    response = curator.post(
        f"{LIST}{DECEMBER}/rank/",
        {"claim": str(sixty.pk), "rank": "preferred"},
        format="json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert response.status_code == 200, response.content
    assert body(response)["preferred_value_si"] == 60


def test_only_reviewers_resolve(groups):
    payload = {"deprecate": {"claim": str(fixed_id(48)), "reason": "misread release"}}
    for role, status in (("anonymous", 401), (None, 403), ("curator", 403)):
        response = client_as(role).post(
            f"{LIST}{NOVEMBER}/resolve/", payload, format="json", HTTP_IF_MATCH="*"
        )
        assert response.status_code == status, role
    assert Claim.objects.get(pk=fixed_id(48)).rank == "normal"


def test_a_reviewer_deprecates_a_member_and_the_conflict_is_resolved(groups):
    rev = client_as("reviewer")
    response = rev.post(
        f"{LIST}{NOVEMBER}/resolve/",
        {"deprecate": {"claim": str(fixed_id(48)), "reason": "misread release"}},
        format="json",
        HTTP_IF_MATCH=etag(rev, NOVEMBER),
    )
    assert response.status_code == 200, response.content
    answer = body(response)
    assert answer["conflicting"] is False
    member = next(m for m in answer["claims"] if m["id"] == str(fixed_id(48)))
    assert (member["rank"], member["rank_reason"]) == ("deprecated", "misread release")
    history = body(rev.get(f"/api/v1/claims/{fixed_id(48)}/history/"))
    assert "rank" in history[-1]["changed_fields"]


def test_a_reviewer_splits_a_group(groups):
    rev = client_as("reviewer")
    response = rev.post(
        f"{LIST}{NOVEMBER}/resolve/",
        {"split": [str(fixed_id(48))], "statement": "FOM's November share"},
        format="json",
        HTTP_IF_MATCH=etag(rev, NOVEMBER),
    )
    assert response.status_code == 200, response.content
    assert body(response)["conflicting"] is False
    new = body(rev.get(response["Location"]))
    assert (new["statement"], [m["id"] for m in new["claims"]]) == (
        "FOM's November share",
        [str(fixed_id(48))],
    )


def test_resolve_needs_deprecate_or_split(groups):
    rev = client_as("reviewer")
    response = rev.post(
        f"{LIST}{NOVEMBER}/resolve/", {}, format="json", HTTP_IF_MATCH=etag(rev, NOVEMBER)
    )
    assert_error(response, 400, "invalid", "deprecate")


def test_a_curator_edits_a_groups_scope_with_if_match(groups):
    curator = client_as("curator")
    before = Assertion.history.filter(id=NOVEMBER).count()
    response = curator.patch(
        f"{LIST}{NOVEMBER}/",
        {"statement": "Russians expecting peace, November 2025"},
        format="json",
        HTTP_IF_MATCH=etag(curator, NOVEMBER),
    )
    assert response.status_code == 200, response.content
    assert body(response)["statement"] == "Russians expecting peace, November 2025"
    assert Assertion.history.filter(id=NOVEMBER).count() == before + 1
    assert Assertion.history.filter(id=NOVEMBER).latest().history_user.username == "user-curator"


@pytest.fixture
def more_groups(groups):
    """Twenty groups of one claim each beside the fixture's two, no answer cached yet."""
    from django.core.cache import cache

    from claims import services

    by = reviewer_of()
    for n in range(20):
        claim = factories.published_claim(value=Decimal(n))
        services.create_assertion(by=by, claims=[claim], statement=f"g{n}", kind="percentage")
    cache.clear()


@pytest.mark.parametrize(
    ("query", "holds"),
    [
        ("conflicting=true", lambda group: group["conflicting"]),
        ("min_independent_sources=2", lambda group: group["independent_sources"] >= 2),
    ],
)
def test_filtered_lists_are_a_fixed_number_of_queries(
    client, more_groups, django_assert_max_num_queries, query, holds
):
    # ledger version, one page of groups (the filter is a WHERE on stored figures)
    with django_assert_max_num_queries(2):
        found = body(client.get(f"{LIST}?{query}&page_size=200"))["results"]
    assert found and all(holds(group) for group in found)


def test_a_deep_cursor_page_is_a_fixed_number_of_queries(
    client, more_groups, django_assert_max_num_queries
):
    page = body(client.get(f"{LIST}?page_size=5"))
    for _ in range(3):
        page = body(client.get(page["next"]))
    # ledger version, one page of groups after the cursor's position
    with django_assert_max_num_queries(2):
        deep = body(client.get(page["next"]))
    # 22 groups, 5 a page: the fifth page holds the two oldest, the fixture's
    assert [group["id"] for group in deep["results"]] == [str(DECEMBER), str(NOVEMBER)]
