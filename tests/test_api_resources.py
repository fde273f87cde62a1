"""Sources, actors, topics, proposals: the per-resource basics, declared once per resource
(after NetBox's shared API test cases), plus what is particular to each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.api_support import assert_error, body, fixed_id, ids

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Resource:
    name: str
    detail_id: int
    brief: tuple[str, ...]  # fields every answer carries
    default_order: tuple[int, ...]  # fixed ids, in the default ordering


RESOURCES = [
    Resource(
        "sources",
        20,
        ("id", "url", "source_url", "title", "publisher", "published_on", "text_sha256"),
        (20,),
    ),
    Resource("actors", 1, ("id", "url", "slug", "name", "kind", "claims_url"), (4, 5, 2, 3, 1)),
    Resource("topics", 10, ("id", "url", "slug", "name", "claims_url"), (10, 11)),
    Resource("proposals", 31, ("id", "url", "slug", "title", "provisions"), (30, 31)),
]


@pytest.fixture(params=RESOURCES, ids=lambda r: r.name)
def resource(request) -> Resource:
    return request.param


def test_list(client, ledger, resource):
    page = body(client.get(f"/api/v1/{resource.name}/"))

    assert ids(page["results"]) == [str(fixed_id(n)) for n in resource.default_order]
    for item in page["results"]:
        assert set(resource.brief) <= set(item)
        assert item["url"] == f"http://testserver/api/v1/{resource.name}/{item['id']}/"


def test_detail(client, ledger, resource):
    url = f"/api/v1/{resource.name}/{fixed_id(resource.detail_id)}/"
    response = client.get(url)

    assert response.status_code == 200
    assert body(response)["url"] == f"http://testserver{url}"
    assert response["ETag"].startswith('"')


def test_detail_of_a_missing_object_is_404(client, ledger, resource):
    assert_error(client.get(f"/api/v1/{resource.name}/{fixed_id(999)}/"), 404, "not_found")


def test_updated_after_and_updated_at_ordering(client, ledger, resource):
    everything = body(client.get(f"/api/v1/{resource.name}/?ordering=-updated_at"))["results"]
    newest = everything[0]["updated_at"]

    found = body(client.get(f"/api/v1/{resource.name}/?updated_after={newest}"))["results"]
    assert ids(found) == [everything[0]["id"]]


def test_bad_ordering_is_a_400(client, ledger, resource):
    response = client.get(f"/api/v1/{resource.name}/?ordering=popularity")
    assert_error(response, 400, "invalid_parameter", "ordering")


# --- particular to each ------------------------------------------------------------------


def test_a_source_detail_carries_its_full_text_and_the_list_does_not(client, ledger):
    listed = body(client.get("/api/v1/sources/"))["results"][0]
    detail = body(client.get(f"/api/v1/sources/{ledger.article.id}/"))

    assert "text" not in listed
    assert detail["text"] == ledger.article.text
    assert detail["claims_url"] == f"http://testserver/api/v1/sources/{ledger.article.id}/claims/"
    assert detail["publisher"]["slug"] == "reuters"
    assert detail["authors"] == ["A. Writer"]


def test_sources_filter_by_publisher(client, ledger):
    assert len(body(client.get("/api/v1/sources/?publisher=reuters"))["results"]) == 1
    assert body(client.get("/api/v1/sources/?publisher=tass"))["results"] == []
    found = body(client.get(f"/api/v1/sources/?publisher={fixed_id(5)}"))["results"]
    assert len(found) == 1


def test_actors_filter_by_kind_and_link_to_their_claims(client, ledger):
    media = body(client.get("/api/v1/actors/?kind=media"))["results"]

    assert [a["slug"] for a in media] == ["reuters", "tass"]
    vtsiom = body(client.get(f"/api/v1/actors/{ledger.vtsiom.id}/"))
    assert vtsiom["aliases"] == ["WCIOM"] and vtsiom["wikidata_id"] == "Q2624680"
    claims = body(client.get(vtsiom["claims_url"]))["results"]
    assert ids(claims) == [str(ledger.poll.id)]


def test_a_topic_links_to_its_claims(client, ledger):
    topic = body(client.get(f"/api/v1/topics/{ledger.territory.id}/"))

    assert ids(body(client.get(topic["claims_url"]))["results"]) == [str(ledger.demand.id)]


def test_a_proposal_carries_its_provisions_proposers_and_predecessor(client, ledger):
    plan = body(client.get(f"/api/v1/proposals/{ledger.plan.id}/"))

    assert plan["point_count"] == 20 and plan["status"] == "under_negotiation"
    assert [a["slug"] for a in plan["proposed_by"]] == ["vtsiom", "vladimir-putin"]
    assert plan["supersedes"]["slug"] == "us-28-point-draft"
    (provision,) = plan["provisions"]
    assert provision["number"] == 7
    assert [t["slug"] for t in provision["topics"]] == ["territory"]
    assert ids(body(client.get(plan["claims_url"]))["results"]) == [str(ledger.plan_claim.id)]


def test_proposals_filter_by_status(client, ledger):
    found = body(client.get("/api/v1/proposals/?status=superseded"))["results"]

    assert [p["slug"] for p in found] == ["us-28-point-draft"]
    assert_error(client.get("/api/v1/proposals/?status=lost"), 400, "invalid_parameter", "status")
