"""Bounded work per request: hostile bodies are refused quickly, naming what is wrong."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from tests import factories as make
from tests.api_support import assert_error
from tests.test_api_writes import client_as, new_claim_body

pytestmark = pytest.mark.django_db


def post_raw(client, url: str, raw: bytes | str, content_type: str = "application/json"):
    return client.post(url, data=raw, content_type=content_type)


def test_a_body_nested_past_the_recursion_limit_is_a_400_not_a_500():
    curator = client_as("curator")
    raw = '{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}"

    response = post_raw(curator, "/api/v1/claims/", raw)

    assert_error(response, 400, "parse_error")
    assert "nested" in response.json()["error"]["message"]


def test_a_body_nested_deeper_than_any_field_takes_names_where():
    curator = client_as("curator")
    body = new_claim_body(make.source())
    deep: object = "x"
    for _ in range(12):
        deep = [deep]
    body["citations"][0]["quote"] = deep

    response = post_raw(curator, "/api/v1/claims/", json.dumps(body))

    assert_error(response, 400, "invalid")
    [field] = response.json()["error"]["fields"]
    assert field.startswith("citations[0].quote[0]")


def test_a_hundred_thousand_repeated_topics_are_refused_at_once(django_assert_max_num_queries):
    curator = client_as("curator")
    make.topic(slug="territory")
    body = {**new_claim_body(make.source()), "topics": ["territory"] * 100_000}

    # token, its last use, the user's two permission reads, the citation's source: no topic
    with django_assert_max_num_queries(5):
        response = curator.post("/api/v1/claims/", body, format="json")

    assert_error(response, 400, "invalid", "topics")
    assert "At most 100" in response.json()["error"]["fields"]["topics"][0]


def test_repeated_topics_are_resolved_once_and_stored_once(django_assert_max_num_queries):
    curator = client_as("curator")
    for n in range(30):
        make.topic(slug=f"t{n}")
    slugs = [f"t{n}" for n in range(30)] * 3
    body = {**new_claim_body(make.source()), "topics": slugs}

    response = curator.post("/api/v1/claims/", body, format="json")

    assert response.status_code == 201, response.json()
    assert sorted(t["slug"] for t in response.json()["topics"]) == sorted(set(slugs))


def test_an_unknown_topic_among_many_is_named():
    curator = client_as("curator")
    make.topic(slug="territory")
    body = {**new_claim_body(make.source()), "topics": ["territory", "nowhere"]}

    response = curator.post("/api/v1/claims/", body, format="json")

    assert_error(response, 400, "invalid", "topics")
    assert "nowhere" in response.json()["error"]["fields"]["topics"][0]


@override_settings(IMPORT_MAX_BYTES=1000, API_MAX_BODY_BYTES=500)
@pytest.mark.parametrize(
    ("url", "size", "status"),
    [
        ("/api/v1/imports/", 1001, 413),
        ("/api/v1/imports/", 1000, 400),  # within the limit: read, and refused as records
        ("/api/v1/claims/", 501, 413),
        ("/api/v1/topics/", 501, 413),
        ("/admin/login/", 501, 413),
    ],
)
def test_every_route_refuses_a_body_over_its_limit_before_reading_it(url, size, status):
    curator = client_as("curator")

    response = post_raw(curator, url, b"x" * size, "application/x-ndjson")

    assert response.status_code == status
    if status == 413:
        assert_error(response, 413, "too_large")
