"""Curation through the API: tokens, roles, atomic writes, no lost updates, history."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import ApiToken, Citation, Claim, Source
from tests import factories as make

pytestmark = pytest.mark.django_db

UNICODE_TEXT = "Kyiv’s  “plan” covers 5,000 km² — Ünïcode. Polls say 55%. Polls say 55%."


def token_for(username: str, role: str | None) -> str:
    if role:
        call_command(
            "create_curator",
            username,
            *(["--reviewer"] if role == "reviewer" else []),
            stdout=StringIO(),
        )
    else:
        get_user_model().objects.create_user(username, password="pw-reader-123")
    out = StringIO()
    call_command("create_token", username, stdout=out)
    return out.getvalue().splitlines()[-1]


def client_as(role: str | None) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(f'user-{role}', role)}")
    return client


def new_claim_body(source, **fields) -> dict:
    return {
        "kind": "percentage",
        "statement": "55% of voters agree.",
        "value": "55",
        "unit": "%",
        "modality": "reported",
        "citations": [{"source": str(source.pk), "quote": "The plan has 20 points."}],
        **fields,
    }


def post_count(value: Any) -> Any:
    """A curator's POST of a count claim with this JSON ``value``."""
    body = {**new_claim_body(make.source()), "kind": "count", "value": value, "unit": "count"}
    return client_as("curator").post("/api/v1/claims/", body, format="json")


def etag_of(client: APIClient, claim_id) -> str:
    """The claim's current ETag as a curator reads it (same representation for everyone
    who may see it)."""
    staff = get_user_model().objects.get_or_create(username="etag-reader", is_staff=True)[0]
    reader = APIClient()
    reader.force_authenticate(staff)
    return reader.get(f"/api/v1/claims/{claim_id}/")["ETag"]


# --- tokens ----------------------------------------------------------------------------------


def test_a_token_is_stored_hashed_and_its_key_is_the_last_line():
    key = token_for("tess", "curator")
    token = ApiToken.objects.get()

    assert key.startswith(token.prefix + ".")
    assert key not in token.hashed_key and key not in token.id
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/claims/").status_code == 200


@pytest.mark.parametrize("header", ["Token nope.nope", "Token", "Token a b", "Bearer x"])
def test_a_bad_token_is_a_401_that_says_how_to_authenticate(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/claims/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["error"]["code"] in {"authentication_failed", "not_authenticated"}


def test_a_revoked_token_and_a_deactivated_user_are_refused():
    key = token_for("rob", "curator")
    prefix = key.split(".")[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/claims/").status_code == 200

    call_command("revoke_token", prefix, stdout=StringIO())
    assert client.get("/api/v1/claims/").status_code == 401

    other = token_for("ivy", "curator")
    get_user_model().objects.filter(username="ivy").update(is_active=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert client.get("/api/v1/claims/").status_code == 401


def test_list_tokens_never_prints_a_key():
    key = token_for("lu", "curator")
    out = StringIO()

    call_command("list_tokens", stdout=out)

    assert key.split(".")[0] in out.getvalue()
    assert key.split(".")[1] not in out.getvalue()


# --- the permission matrix -------------------------------------------------------------------

ROLES = ["anonymous", None, "curator", "reviewer"]  # None: a signed-in reader, no role


def _matrix_request(client: APIClient, case: str, draft: Claim, public: Claim, source):
    headers = {"HTTP_IF_MATCH": etag_of(client, draft.pk) if case.endswith("draft") else "*"}
    if case == "create":
        return client.post("/api/v1/claims/", new_claim_body(source), format="json")
    if case == "patch draft":
        return client.patch(f"/api/v1/claims/{draft.pk}/", {"notes": "x"}, format="json", **headers)
    if case == "patch public":
        return client.patch(
            f"/api/v1/claims/{public.pk}/", {"notes": "x"}, format="json", **headers
        )
    if case == "delete draft":
        return client.delete(f"/api/v1/claims/{draft.pk}/", **headers)
    if case == "delete public":
        return client.delete(f"/api/v1/claims/{public.pk}/", **headers)
    if case == "cite draft":
        body = {"source": str(source.pk), "quote": "about 176 square miles per month"}
        return client.post(f"/api/v1/claims/{draft.pk}/citations/", body, format="json")
    if case == "publish draft":
        return client.post(f"/api/v1/claims/{draft.pk}/publish/")
    if case == "retract public":
        return client.post(f"/api/v1/claims/{public.pk}/retract/", {}, format="json")
    if case == "read draft":
        return client.get(f"/api/v1/claims/{draft.pk}/")
    if case == "history public":
        return client.get(f"/api/v1/claims/{public.pk}/history/")
    raise AssertionError(case)


# anonymous, reader, curator, reviewer
MATRIX = {
    "create": (401, 403, 201, 201),
    "patch draft": (401, 403, 200, 200),
    "patch public": (401, 403, 403, 200),
    "delete draft": (401, 403, 204, 204),
    "delete public": (401, 403, 403, 403),
    "cite draft": (401, 403, 201, 201),
    "publish draft": (401, 403, 403, 200),
    "retract public": (401, 403, 403, 200),
    "read draft": (404, 404, 200, 200),
    "history public": (200, 200, 200, 200),
}


@pytest.mark.parametrize("case", MATRIX)
@pytest.mark.parametrize("role_index", range(4), ids=["anonymous", "reader", "curator", "reviewer"])
def test_permission_matrix(case, role_index):
    role = ROLES[role_index]
    draft = make.claim(statement="A draft.")
    make.citation(draft)
    public = make.published_claim(statement="A public claim.")
    source = make.source()
    client = client_as(role)

    response = _matrix_request(client, case, draft, public, source)

    assert response.status_code == MATRIX[case][role_index], response.content
    if response.status_code >= 400:
        assert response.json()["error"]["status"] == response.status_code
    if case == "publish draft" and response.status_code != 200:
        assert Claim.objects.get(pk=draft.pk).status == "draft"


# --- writes ----------------------------------------------------------------------------------


def test_a_claim_and_its_citations_are_created_in_one_request():
    client = client_as("curator")
    source = make.source()

    response = client.post("/api/v1/claims/", new_claim_body(source, topics=[]), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["value_si"] == 55 and body["unit_si"] == "percent"
    (citation,) = body["citations"]
    assert (citation["start"], citation["end"]) == (31, 54)
    assert response["Location"].endswith(f"/api/v1/claims/{body['id']}/")
    assert response["ETag"]


def test_one_bad_citation_writes_nothing_and_names_the_field_and_candidates():
    client = client_as("curator")
    source = make.source()
    body = new_claim_body(source)
    body["citations"].append({"source": str(source.pk), "quote": "Polls say 55% of voters agree."})

    response = client.post("/api/v1/claims/", body, format="json")

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["citations[1].quote"]  # the cause alone, not its consequences
    assert "[0:30]" in fields["citations[1].quote"][0]
    assert not Claim.objects.exists() and not Citation.objects.exists()


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Polls say 55%.", "occurs 2 times"),
        ('Kyiv\'s "plan" covers', "different whitespace or punctuation"),
        ("5,000 km² — Ünïcode", None),
    ],
    ids=["repeated", "typographic-and-whitespace", "unicode"],
)
def test_quote_anchoring_edge_cases(quote, expected):
    client = client_as("curator")
    source = make.source(text=UNICODE_TEXT)
    claim = make.claim()

    response = client.post(
        f"/api/v1/claims/{claim.pk}/citations/",
        {"source": str(source.pk), "quote": quote},
        format="json",
    )

    if expected is None:
        assert response.status_code == 201
        citation = Citation.objects.get()
        assert UNICODE_TEXT[citation.start : citation.end] == quote
    else:
        assert response.status_code == 400
        assert expected in response.json()["error"]["fields"]["citations[0].quote"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "120"}, "value"),
        ({"unit": "km2"}, "unit"),
        ({"kind": "rumour"}, "kind"),
        ({"claimant": "nobody"}, "claimant"),
        ({"status": "published"}, "status"),
    ],
)
def test_bad_claims_are_400s_naming_the_field(body, field):
    client = client_as("curator")

    response = client.post("/api/v1/claims/", new_claim_body(make.source(), **body), format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Claim.objects.exists()


def test_edits_need_if_match():
    client = client_as("curator")
    claim = make.claim()

    response = client.patch(f"/api/v1/claims/{claim.pk}/", {"notes": "x"}, format="json")
    # The precondition is checked before the body: a bad body without If-Match is still a 428.
    bad_body = client.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "x"}, format="json")
    taken = make.topic().slug
    topic = make.topic()
    conflicting = client.patch(f"/api/v1/topics/{topic.pk}/", {"slug": taken}, format="json")

    for answer in (response, bad_body, conflicting):
        assert answer.status_code == 428
        assert answer.json()["error"]["code"] == "precondition_required"


@pytest.mark.parametrize("if_match", ["B", "abc123", '"unterminated', 'W/"a" "b"'])
def test_an_if_match_that_is_not_an_entity_tag_is_a_400_naming_it(if_match):
    client = client_as("curator")
    claim, topic = make.claim(), make.topic()

    for url in (f"/api/v1/claims/{claim.pk}/", f"/api/v1/topics/{topic.pk}/"):
        response = client.patch(url, {"notes": "x"}, format="json", HTTP_IF_MATCH=if_match)

        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["If-Match"]
    assert Claim.objects.get(pk=claim.pk).notes == claim.notes


def test_a_stale_edit_is_refused_and_the_first_edit_survives():
    first, second = client_as("curator"), client_as("reviewer")
    claim = make.claim()
    seen_by_both = etag_of(first, claim.pk)

    ok = first.patch(
        f"/api/v1/claims/{claim.pk}/", {"notes": "first"}, format="json", HTTP_IF_MATCH=seen_by_both
    )
    stale = second.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"notes": "second"},
        format="json",
        HTTP_IF_MATCH=seen_by_both,
    )

    assert ok.status_code == 200 and ok["ETag"] != seen_by_both
    assert stale.status_code == 412
    assert Claim.objects.get(pk=claim.pk).notes == "first"


def test_create_cite_review_and_publish_then_read_the_history():
    curator, reviewer = client_as("curator"), client_as("reviewer")
    source = make.source()
    body = new_claim_body(source)
    del body["citations"]
    claim_id = curator.post("/api/v1/claims/", body, format="json").json()["id"]

    cited = curator.post(
        f"/api/v1/claims/{claim_id}/citations/",
        {"source": str(source.pk), "quote": "The plan has 20 points."},
        format="json",
    )
    published = reviewer.post(f"/api/v1/claims/{claim_id}/publish/")
    history = curator.get(f"/api/v1/claims/{claim_id}/history/").json()

    assert cited.status_code == 201
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert APIClient().get(f"/api/v1/claims/{claim_id}/").status_code == 200
    assert history[0]["change"] == "created"
    assert history[-1]["status"] == "published"
    assert "status" in history[-1]["changed_fields"]
    assert history[0]["user"] == "user-curator" and history[-1]["user"] == "user-reviewer"


def test_a_status_change_the_current_status_forbids_is_a_409_conflict():
    reviewer = client_as("reviewer")
    rejected, retracted = make.claim(status="rejected"), make.claim(status="retracted")

    accept = reviewer.post(f"/api/v1/claims/{rejected.pk}/accept/")
    publish = reviewer.post(f"/api/v1/claims/{retracted.pk}/publish/")

    for response in (accept, publish):
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conflict"
        assert list(response.json()["error"]["fields"]) == ["status"]
    assert Claim.objects.get(pk=rejected.pk).status == "rejected"
    assert Claim.objects.get(pk=retracted.pk).status == "retracted"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/topics/", {"slug": "taken", "name": "Again"}),
        ("/api/v1/actors/", {"slug": "taken", "name": "Again", "kind": "person"}),
    ],
)
def test_a_slug_already_taken_is_a_409_conflict_naming_it(url, body):
    make.topic(slug="taken")
    make.actor(slug="taken")

    response = client_as("curator").post(url, body, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["fields"]["slug"][0].endswith("already exists.")


def test_a_taken_slug_among_other_mistakes_is_a_400():
    make.topic(slug="taken")

    response = client_as("curator").post("/api/v1/topics/", {"slug": "taken"}, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"slug", "name"}


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (
            "/api/v1/actors/",
            {"slug": "a", "name": "A", "kind": "person", "aliases": None},
            "aliases",
        ),
        (
            "/api/v1/actors/",
            {"slug": "a", "name": "A", "kind": "person", "aliases": [" "]},
            "aliases[0]",
        ),
        ("/api/v1/sources/", {"title": "T", "text": "x", "authors": {"a": 1}}, "authors"),
    ],
)
def test_names_lists_are_json_lists_of_non_blank_strings(url, body, field):
    response = client_as("curator").post(url, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_publishing_without_citation_is_a_400_and_nothing_changes():
    claim = make.claim()

    response = client_as("reviewer").post(f"/api/v1/claims/{claim.pk}/publish/")

    assert response.status_code == 400
    assert "citation" in str(response.json()["error"]["fields"])
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_candidates_are_accepted_or_rejected_with_a_reason():
    curator = client_as("curator")
    keep, drop = make.claim(status="candidate"), make.claim(status="candidate")

    accepted = curator.post(f"/api/v1/claims/{keep.pk}/accept/")
    no_reason = curator.post(f"/api/v1/claims/{drop.pk}/reject/", {}, format="json")
    rejected = curator.post(
        f"/api/v1/claims/{drop.pk}/reject/", {"reason": "a year, not a count"}, format="json"
    )

    assert accepted.status_code == 200 and accepted.json()["status"] == "draft"
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    assert rejected.json()["status"] == "rejected"
    assert "Rejected: a year, not a count" in Claim.objects.get(pk=drop.pk).notes
    # Never public: an anonymous reader finds nothing, neither in the list nor by id.
    assert client_as("anonymous").get(f"/api/v1/claims/{drop.pk}/").status_code == 404
    assert str(drop.pk) not in str(client_as("anonymous").get("/api/v1/claims/").json())


def test_curators_add_and_correct_sources_actors_and_topics_but_cited_text_is_frozen():
    curator, reader = client_as("curator"), client_as(None)
    make.actor(slug="pulse", name="Pulse", kind="media")
    body = {"title": "A report", "text": "Polls say 55% agree.", "publisher": "pulse"}

    assert reader.post("/api/v1/sources/", body, format="json").status_code == 403
    created = curator.post("/api/v1/sources/", body, format="json")
    assert created.status_code == 201
    source_id = created.json()["id"]
    assert created.json()["text_sha256"]
    actor = curator.post(
        "/api/v1/actors/", {"slug": "ana", "name": "Ana", "kind": "person"}, format="json"
    )
    topic = curator.post("/api/v1/topics/", {"slug": "polls", "name": "Polls"}, format="json")
    assert (actor.status_code, topic.status_code) == (201, 201)

    etag = curator.get(f"/api/v1/sources/{source_id}/")["ETag"]
    fixed = curator.patch(
        f"/api/v1/sources/{source_id}/",
        {"text": "Polls say 56% agree."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert fixed.status_code == 200 and fixed.json()["text"] == "Polls say 56% agree."

    claim = make.claim()
    make.citation(claim, Source.objects.get(pk=source_id), quote="56% agree")
    etag = curator.get(f"/api/v1/sources/{source_id}/")["ETag"]
    frozen = curator.patch(
        f"/api/v1/sources/{source_id}/", {"text": "Rewritten."}, format="json", HTTP_IF_MATCH=etag
    )
    assert frozen.status_code == 409 and "text" in frozen.json()["error"]["fields"]
    no_match = curator.patch(f"/api/v1/sources/{source_id}/", {"title": "x"}, format="json")
    assert no_match.status_code == 428


@pytest.mark.parametrize(
    ("collection", "body"),
    [
        ("topics", {"slug": "polls", "name": "Polls"}),
        ("actors", {"slug": "ana", "name": "Ana", "kind": "person"}),
        ("sources", {"title": "Report", "text": "Polls say 55% agree."}),
        ("proposals", {"slug": "plan", "title": "A plan"}),
    ],
)
def test_after_creating_an_object_its_list_is_still_a_list(collection, body, settings):
    """The answer to POST /topics/ is the new topic; the next GET /topics/ (same URL, same
    ledger version, response cache on) is the list with it, not that answer again."""
    settings.API_RESPONSE_CACHE_SECONDS = 300
    curator = client_as("curator")

    created = curator.post(f"/api/v1/{collection}/", body, format="json")
    listed = curator.get(f"/api/v1/{collection}/")
    again = curator.get(f"/api/v1/{collection}/")

    assert created.status_code == 201, created.json()
    assert listed.status_code == 200
    assert created.json()["id"] in [row["id"] for row in listed.json()["results"]]
    assert again.content == listed.content


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/topics/", {"slug": 221169572196, "name": "Polls"}, "slug"),
        ("/api/v1/topics/", {"slug": "polls", "name": True}, "name"),
        ("/api/v1/actors/", {"slug": "ana", "name": "Ana", "kind": "person", "aliases": 3}, None),
    ],
)
def test_a_value_of_the_wrong_json_type_is_refused_not_coerced(url, body, field):
    response = client_as("curator").post(url, body, format="json")

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert field is None or fields[field] == ["Must be a JSON string."]


def test_claim_fields_take_their_json_types_only():
    source = make.source()
    curator = client_as("curator")
    wrong = {
        "approximate": "true",
        "statement": 55,
        "citations": [{"source": str(source.pk), "quote": "x", "start": "3", "end": 4}],
    }

    response = curator.post("/api/v1/claims/", {**new_claim_body(source), **wrong}, format="json")

    fields = response.json()["error"]["fields"]
    assert response.status_code == 400
    assert fields["approximate"] == ["Must be a JSON boolean."]
    assert fields["statement"] == ["Must be a JSON string."]
    assert fields["citations[0].start"] == ["Must be a JSON integer."]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (0.30000000000000004, "0.300000"),
        (55, "55.000000"),
        (1e-62, "0.000000"),
        (2.0000005, "2.000000"),
        ("66.6666665", "66.666666"),  # a decimal string: half-even, exactly as written
    ],
)
def test_numbers_are_rounded_to_the_six_decimals_the_ledger_keeps(given, stored):
    response = post_count(given)

    assert response.status_code == 201, response.json()
    assert str(Claim.objects.get().value) == stored


@pytest.mark.parametrize("given", [1e30, 1e25, "9.9e29", True, "lots"])
def test_a_value_too_large_or_not_a_number_is_a_400(given):
    response = post_count(given)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["value"]


def test_relations_are_named_by_strings_and_blank_is_not_null():
    source = make.source()
    make.topic(slug="0", name="Zero")
    curator = client_as("curator")
    wrong = {"topics": [0], "proposal": "", "citations": [{"source": 5, "quote": "x"}]}

    response = curator.post("/api/v1/claims/", {**new_claim_body(source), **wrong}, format="json")

    fields = response.json()["error"]["fields"]
    assert response.status_code == 400
    assert fields["topics"] == ["Must be a JSON string."]
    assert fields["proposal"] == ["May not be blank: send null for none."]
    assert fields["citations[0].source"] == ["Must be a JSON string."]
    assert not Claim.objects.exists()


def test_a_json_object_is_not_a_list_of_relations():
    source = make.source()
    make.topic(slug="peace", name="Peace")
    body = {**new_claim_body(source), "topics": {"peace": 1}}

    response = client_as("curator").post("/api/v1/claims/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["topics"]


def test_sources_without_an_address_have_a_null_url_and_do_not_collide():
    curator = client_as("curator")
    bodies = [{"title": f"Leaflet {n}", "text": "Polls say 55% agree.", "url": ""} for n in (1, 2)]

    created = [curator.post("/api/v1/sources/", body, format="json") for body in bodies]

    assert [r.status_code for r in created] == [201, 201]
    assert [r.json()["source_url"] for r in created] == [None, None]
    assert Source.objects.filter(url__isnull=True).count() == 2


def test_sources_and_citations_have_their_history_too():
    curator = client_as("curator")
    created = curator.post(
        "/api/v1/sources/", {"title": "Report", "text": "Polls say 55% agree."}, format="json"
    ).json()
    etag = curator.get(f"/api/v1/sources/{created['id']}/")["ETag"]
    curator.patch(
        f"/api/v1/sources/{created['id']}/",
        {"title": "Report, corrected"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    draft = make.claim()
    citation = make.citation(draft)

    response = curator.get(f"/api/v1/sources/{created['id']}/history/")
    history = response.json()
    assert response.status_code == 200, history
    assert [(h["change"], h["user"]) for h in history] == [
        ("created", "user-curator"),
        ("changed", "user-curator"),
    ]
    assert history[1]["changed_fields"] == ["title"]
    assert curator.get(f"/api/v1/citations/{citation.pk}/history/").status_code == 200
    # A draft's citation is not for anonymous readers.
    assert APIClient().get(f"/api/v1/citations/{citation.pk}/history/").status_code == 404


def test_curators_add_proposals_and_their_provisions():
    curator = client_as("curator")
    make.actor(slug="kyiv", name="Ukraine", kind="state")
    make.topic(slug="territory", name="Territory")
    old = curator.post(
        "/api/v1/proposals/", {"slug": "draft-28", "title": "28-point draft"}, format="json"
    )
    plan = curator.post(
        "/api/v1/proposals/",
        {
            "slug": "plan-20",
            "title": "20-point plan",
            "point_count": 20,
            "proposed_by": ["kyiv"],
            "supersedes": "draft-28",
            "status": "under_negotiation",
        },
        format="json",
    )
    assert (old.status_code, plan.status_code) == (201, 201)
    plan_id = plan.json()["id"]

    point = curator.post(
        f"/api/v1/proposals/{plan_id}/provisions/",
        {"number": 1, "summary": "A demilitarized zone.", "topics": ["territory"]},
        format="json",
    )
    duplicate = curator.post(
        f"/api/v1/proposals/{plan_id}/provisions/",
        {"number": 1, "summary": "Again."},
        format="json",
    )

    assert point.status_code == 201
    assert [p["summary"] for p in point.json()["provisions"]] == ["A demilitarized zone."]
    assert duplicate.status_code == 409  # the number is taken: a conflict with the ledger
    assert (
        client_as(None).post("/api/v1/proposals/", {"slug": "x"}, format="json").status_code == 403
    )


def test_writes_are_throttled_per_token_with_a_json_429(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "write": "2/min"}
    curator = client_as("curator")
    body = {"slug": "t", "name": "T"}

    answers = [
        curator.post("/api/v1/topics/", {**body, "slug": f"t{n}"}, format="json") for n in range(3)
    ]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"]
    assert answers[2].json()["error"]["code"] == "throttled"
    assert curator.get("/api/v1/topics/").status_code == 200  # reads are not counted


def test_repeating_a_transition_changes_nothing_and_records_nothing():
    reviewer = client_as("reviewer")
    claim, first, other = make.claim(), make.published_claim(), make.published_claim()
    make.citation(claim)
    url = f"/api/v1/claims/{claim.pk}"

    published = [reviewer.post(f"{url}/publish/") for _ in range(3)]
    retracted = [
        reviewer.post(f"/api/v1/claims/{first.pk}/retract/", {"note": "wrong"}, format="json")
        for _ in range(2)
    ]
    superseded = reviewer.post(f"{url}/supersede/", {"successor": str(other.pk)}, format="json")
    again = reviewer.post(f"{url}/supersede/", {"successor": str(other.pk)}, format="json")
    elsewhere = reviewer.post(f"{url}/supersede/", {"successor": str(first.pk)}, format="json")

    assert [r.status_code for r in published + retracted] == [200] * 5
    assert published[0].json() == published[2].json()
    assert Claim.objects.get(pk=first.pk).notes.count("Retracted: wrong") == 1
    assert (superseded.status_code, again.status_code) == (200, 200)
    assert elsewhere.status_code == 409 and "superseded_by" in elsewhere.json()["error"]["fields"]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.superseded_by_id) == ("superseded", other.pk)
    statuses = list(stored.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["draft", "published", "superseded"]


@pytest.mark.django_db(transaction=True)
def test_a_storm_of_concurrent_publishes_publishes_once_with_one_history_row():
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database locks tables across threads")
    token = token_for("storm", "reviewer")
    claim = make.claim()
    make.citation(claim)
    clients = 8
    barrier = Barrier(clients)

    def publish(_: int) -> int:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        try:
            return client.post(f"/api/v1/claims/{claim.pk}/publish/").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(clients) as pool:
        codes = list(pool.map(publish, range(clients)))

    assert codes == [200] * clients
    history = Claim.objects.get(pk=claim.pk).history.values_list("status", flat=True)
    assert sorted(history) == ["draft", "published"]


def test_a_claim_post_with_topics_and_a_citation_sends_at_most_twelve_statements(
    django_assert_max_num_queries,
):
    curator = client_as("curator")
    make.topic(slug="territory")
    body = {**new_claim_body(make.source()), "topics": ["territory"]}
    curator.get("/api/v1/topics/")  # a token's first use records it (then once a minute)

    # the token with its user's permissions, the topic, the source; the transaction:
    # topic link, claim, its history and the history's topic link, citation, its history;
    # the answer
    with django_assert_max_num_queries(12):
        response = curator.post("/api/v1/claims/", body, format="json")

    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(pk=response.json()["id"])
    [created] = claim.history.all()  # one history row, topics included
    assert [link.topic.slug for link in created.topics.all()] == ["territory"]
    assert claim.citations.get().history.get().history_user.username == "user-curator"


def test_a_rule_only_the_database_checks_still_names_its_field(monkeypatch):
    """Claim creation leaves constraints to the database; its refusal is the same 400."""
    monkeypatch.setattr(Claim, "clean", lambda self: self.derive())  # Python checks off
    response = post_count(-5)  # no constraint forbids a negative count: allowed
    percentage = client_as("curator").post(
        "/api/v1/claims/", new_claim_body(make.source(), value="120"), format="json"
    )

    assert response.status_code == 201
    assert percentage.status_code == 400
    assert list(percentage.json()["error"]["fields"]) == ["value"]
    assert "0-100" in percentage.json()["error"]["fields"]["value"][0]


def test_the_same_span_cited_twice_in_one_post_is_named():
    source = make.source()
    body = new_claim_body(source)
    body["citations"] = [body["citations"][0], dict(body["citations"][0])]

    response = client_as("curator").post("/api/v1/claims/", body, format="json")

    assert response.status_code == 409
    assert list(response.json()["error"]["fields"]) == ["citations[1].start"]
    assert not Claim.objects.filter(statement=body["statement"]).exists()
