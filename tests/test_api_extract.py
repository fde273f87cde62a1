"""Candidate claims through the API: curators only; dry runs save nothing; no duplicates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from claims.api.v1.extraction import MAX_TEXT
from claims.models import Citation, Claim
from tests import factories as make

ARTICLE = (Path(__file__).parent / "data" / "extraction" / "seed_article.txt").read_text()


@pytest.fixture
def curator_client(client, django_user_model):
    user = django_user_model.objects.create_user("cora", password="pw-cora-123")
    user.user_permissions.add(Permission.objects.get(codename="add_claim"))
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_raw_text_gives_anchored_normalised_candidates_and_saves_nothing(curator_client):
    response = curator_client.post(
        "/api/v1/extract/", {"text": ARTICLE}, content_type="application/json"
    )

    assert response.status_code == 200
    candidates = response.json()["candidates"]
    rate = next(c for c in candidates if c["kind"] == "area_rate")
    assert (rate["value"], rate["unit"], rate["value_si"]) == (176, "mi2/month", 455.837907)
    assert all(ARTICLE[c["start"] : c["end"]] == c["quote"] for c in candidates)
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_source_gets_candidate_claims_once(curator_client):
    source = make.source(text=ARTICLE)
    url = f"/api/v1/sources/{source.pk}/extract/"

    dry = curator_client.post(f"{url}?dry_run=true")
    assert dry.status_code == 200 and dry.json()["created"] == 0
    assert not Claim.objects.exists()

    first = curator_client.post(url)
    assert first.status_code == 201
    created = first.json()["created"]
    assert created == len(first.json()["candidates"]) > 0
    assert Claim.objects.filter(status="candidate").count() == created
    assert Claim.objects.get(kind="area_rate").value_si == Decimal("455.837907")
    assert all(c.method.startswith("extractor@") for c in Citation.objects.all())

    again = curator_client.post(url)
    assert again.json()["created"] == 0
    assert again.json()["skipped"] == created
    assert Claim.objects.count() == created


@pytest.mark.django_db
def test_candidates_stay_invisible_to_readers(curator_client, client):
    source = make.source(text=ARTICLE)
    curator_client.post(f"/api/v1/sources/{source.pk}/extract/")
    curator_client.logout()

    assert client.get("/api/v1/claims/").json()["results"] == []


@pytest.mark.django_db
def test_readers_cannot_extract(client, django_user_model):
    source = make.source(text=ARTICLE)

    anonymous = client.post("/api/v1/extract/", {"text": "x"}, content_type="application/json")
    assert anonymous.status_code == 401
    client.force_login(django_user_model.objects.create_user("rita", password="pw-rita-123"))
    response = client.post(f"/api/v1/sources/{source.pk}/extract/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "text"), ({"text": ""}, "text"), ({"text": "x" * 200_001}, "text")],
)
def test_bad_extract_bodies_name_the_field(curator_client, body, field):
    response = curator_client.post("/api/v1/extract/", body, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_unknown_source_and_bad_dry_run_flag(curator_client):
    source = make.source(text=ARTICLE)

    assert (
        curator_client.post(
            "/api/v1/sources/00000000-0000-4000-8000-000000000999/extract/"
        ).status_code
        == 404
    )
    response = curator_client.post(f"/api/v1/sources/{source.pk}/extract/?dry_run=maybe")
    assert response.status_code == 400
    assert "dry_run" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_text_at_the_limit_is_read_and_one_character_more_is_refused_naming_text(curator_client):
    figures = "The poll found 58% back the plan. "
    at_limit = (figures * (MAX_TEXT // len(figures) + 1))[:MAX_TEXT]

    accepted = curator_client.post(
        "/api/v1/extract/", {"text": at_limit}, content_type="application/json"
    )
    refused = curator_client.post(
        "/api/v1/extract/", {"text": at_limit + "x"}, content_type="application/json"
    )

    assert accepted.status_code == 200 and accepted.json()["candidates"]
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["text"] == [
        f"Ensure this field has no more than {MAX_TEXT} characters."
    ]


@pytest.mark.django_db
def test_a_source_longer_than_the_limit_is_a_413_naming_text(curator_client):
    source = make.source(text="The poll found 58% back the plan. " * 6000)

    response = curator_client.post(f"/api/v1/sources/{source.pk}/extract/")

    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "200000" in error["fields"]["text"][0]
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_candidate_names_an_unknown_claimant_and_its_plan_sentences(curator_client):
    text = (
        "The research firm Meridian Insight said 52% back a 12-point plan that would cut fares. "
        "Under the plan, buses would run every night."
    )
    response = curator_client.post(
        "/api/v1/extract/", {"text": text}, content_type="application/json"
    )

    by_kind = {c["kind"]: c for c in response.json()["candidates"]}
    assert (by_kind["percentage"]["claimant_name"], by_kind["percentage"]["claimant"]) == (
        "Meridian Insight",
        None,
    )
    assert by_kind["proposal"]["subject"] == "12-point plan"
    assert by_kind["proposal"]["provisions"][-1] == "Under the plan, buses would run every night."
