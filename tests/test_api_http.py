"""HTTP behaviour shared by every endpoint: conditional GET, errors, throttling, CORS, health."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
import yaml
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection
from django.test import Client
from django.utils.http import http_date
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory
from rest_framework.viewsets import ViewSet

from claims.api.deprecation import deprecated
from claims.api.errors import exception_handler
from claims.api.renderers import ORJSONRenderer
from claims.models import Topic
from tests.api_support import assert_error, cite, fixed_id

pytestmark = pytest.mark.django_db


# --- conditional requests ----------------------------------------------------------------


def test_a_list_with_a_current_etag_is_a_304_after_one_query(
    client, ledger, django_assert_num_queries
):
    first = client.get("/api/v1/claims/?kind=area")
    assert first["ETag"].startswith('W/"')

    with django_assert_num_queries(1):  # the ledger version: no claim is read
        again = client.get("/api/v1/claims/?kind=area", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_if_modified_since_is_a_304_until_the_ledger_changes(client, ledger):
    first = client.get("/api/v1/claims/")
    since = first["Last-Modified"]

    assert client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    Topic.objects.create(slug="new", name="New")
    later = http_date(datetime.now(UTC).timestamp() - 3600)
    assert client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE=later).status_code == 200


def test_a_bad_query_is_a_400_even_when_the_client_copy_is_current(client, ledger):
    """RFC 9110 §13.2.1: conditions are evaluated only for a request that would succeed."""
    now = http_date()
    for url in ("/api/v1/claims/?kind=lizard", "/api/v1/claims/?page_size=0"):
        assert_error(client.get(url, HTTP_IF_MODIFIED_SINCE=now), 400, "invalid_parameter")
    assert client.get("/api/v1/claims/?kind=area", HTTP_IF_MODIFIED_SINCE=now).status_code == 304


def test_an_if_modified_since_in_the_future_is_ignored(client, ledger):
    response = client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE="Fri, 23 Aug 2047 12:03:31 GMT")

    assert response.status_code == 200


def test_a_write_changes_the_list_etag(client, ledger):
    before = client.get("/api/v1/claims/")["ETag"]
    ledger.poll.notes = "Checked against the VTsIOM release."
    ledger.poll.save()

    after = client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert "VTsIOM release" in after.content.decode()


def test_list_etags_differ_by_query(client, ledger):
    assert client.get("/api/v1/claims/")["ETag"] != client.get("/api/v1/claims/?kind=area")["ETag"]


def test_a_detail_etag_changes_with_the_object_not_with_unrelated_writes(client, ledger):
    url = f"/api/v1/claims/{ledger.poll.id}/"
    first = client.get(url)
    assert first["ETag"].startswith('"')  # strong: the hash of the representation

    ledger.demand.notes = "Unrelated edit."
    ledger.demand.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    cite(ledger.poll, "VTsIOM poll", ledger.article, 60)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sources/",
        f"/api/v1/sources/{fixed_id(20)}/",
        "/api/v1/actors/",
        f"/api/v1/actors/{fixed_id(1)}/",
        "/api/v1/topics/",
        f"/api/v1/topics/{fixed_id(10)}/",
        "/api/v1/proposals/",
        f"/api/v1/proposals/{fixed_id(31)}/",
        f"/api/v1/claims/{fixed_id(40)}/jsonld",
        "/api/v1/claims/export.csv",
        "/api/v1/claims/export.ndjson",
        "/api/v1/tombstones/?since=2020-01-01T00:00:00Z",
    ],
)
def test_every_read_answers_304_to_its_own_etag(client, ledger, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_anonymous_reads_are_publicly_cacheable_and_vary(client, ledger, settings):
    settings.API_CACHE_MAX_AGE = 17
    response = client.get("/api/v1/claims/")

    assert response["Cache-Control"] == "public, max-age=17"
    assert {"Accept", "Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert response["X-Ledger-Version"].isdigit()


def test_the_response_cache_can_be_switched_off(client, ledger, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    assert client.get("/api/v1/claims/").status_code == 200


# --- errors ------------------------------------------------------------------------------


def test_unknown_paths_and_versions_are_json_404s(client, db):
    assert_error(client.get("/api/v9/claims/"), 404, "not_found")
    assert_error(client.get("/api/v1/nothing/"), 404, "not_found")
    assert_error(client.get("/nowhere"), 404, "not_found")


def test_a_malformed_or_unknown_id_is_a_404(client, ledger):
    assert_error(client.get("/api/v1/claims/not-a-uuid/"), 404, "not_found")
    assert_error(client.get(f"/api/v1/claims/{uuid.uuid4()}/"), 404, "not_found")
    assert_error(client.get(f"/api/v1/sources/{uuid.uuid4()}/"), 404, "not_found")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_methods_a_resource_does_not_have_are_a_json_405(staff_client, ledger, method):
    response = getattr(staff_client, method)("/api/v1/claims/", content_type="application/json")

    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_writes_are_a_json_401_saying_how_to_authenticate(client, ledger, method):
    response = getattr(client, method)(
        f"/api/v1/claims/{ledger.poll.id}/", content_type="application/json"
    )

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")


def test_an_unacceptable_accept_header_is_a_json_406(client, ledger):
    assert_error(client.get("/api/v1/claims/", HTTP_ACCEPT="text/html"), 406, "not_acceptable")
    assert_error(
        client.get(f"/api/v1/claims/{ledger.poll.id}/jsonld", HTTP_ACCEPT="application/xml"),
        406,
        "not_acceptable",
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/?q=war%00peace",
        "/api/v1/claims/?subject=%00",
        "/api/v1/claims/?cursor=%00",
        "/api/v1/sources/?x%00y=1",
        "/healthz?probe=%00",
    ],
)
def test_a_nul_byte_in_any_query_parameter_is_a_400_naming_it(client, ledger, url):
    response = client.get(url)

    assert_error(response, 400, "invalid_parameter")
    (name,) = orjson.loads(response.content)["error"]["fields"]
    assert "\x00" in name or name in url


REQUIRED_QUERY = {"since": "2000-01-01T00:00:00Z"}


def _optional_query_parameters() -> list[tuple[str, str]]:
    document = yaml.safe_load((Path(settings.BASE_DIR) / "openapi" / "v1.yaml").read_text())
    found = []
    for path, item in document["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            if parameter["in"] != "query" or "{" in path:
                continue
            if parameter.get("required"):
                assert parameter["name"] in REQUIRED_QUERY
                assert "allowEmptyValue" not in parameter
            else:
                assert parameter.get("allowEmptyValue") is True, (path, parameter["name"])
                found.append((path, parameter["name"]))
    return found


@pytest.mark.parametrize(("path", "name"), _optional_query_parameters())
def test_an_empty_query_parameter_is_no_filter_on_every_list(client, ledger, path, name):
    """?kind= (an unfilled form field) answers as if the parameter were absent."""
    base = "&".join(f"{k}={v}" for k, v in REQUIRED_QUERY.items()) if "tombstones" in path else ""
    plain = client.get(f"{path}?{base}")
    empty = client.get(f"{path}?{base}&{name}=")

    assert empty.status_code == plain.status_code == 200
    assert _body(empty) == _body(plain)


def _body(response) -> bytes:
    """The answer; an export without its trailer's snapshot time (each export has its own)."""
    if not response.streaming:
        return response.content
    return re.sub(rb"snapshot_at[^,}\r\n]*", b"", b"".join(response.streaming_content))


def test_a_database_outage_is_a_503_with_retry_after(client, ledger):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        api = client.get("/api/v1/claims/")
        ready = client.get("/readyz")
        alive = client.get("/healthz")

    assert_error(api, 503, "unavailable")
    assert api["Retry-After"].isdigit()
    assert_error(ready, 503, "unavailable")
    assert alive.status_code == 200


def test_a_refused_write_is_a_409_not_a_500():
    response = exception_handler(IntegrityError("claim_percentage_in_range\nDETAIL: x"), {})

    assert response.status_code == 409
    assert response.data == {
        "error": {"status": 409, "code": "conflict", "message": "claim_percentage_in_range"}
    }


def test_an_unexpected_failure_is_a_json_500(client, ledger, monkeypatch):
    from claims.api.v1.views import ClaimViewSet

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    # Both ways of building a page (in Python, or as JSON inside PostgreSQL) break.
    monkeypatch.setattr(ClaimViewSet, "_claim_path", lambda self, claims: (broken, broken))
    client.raise_request_exception = False
    assert_error(client.get("/api/v1/claims/"), 500, "server_error")


# --- throttling --------------------------------------------------------------------------


def test_anonymous_readers_are_throttled_with_headers(client, ledger, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": None}

    answers = [client.get("/api/v1/topics/") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert all(a["X-RateLimit-Limit"] == "3" for a in answers)
    assert_error(answers[-1], 429, "throttled")
    assert int(answers[-1]["Retry-After"]) > 0


def test_clients_are_told_apart_by_address(ledger, settings):
    settings.API_THROTTLE_RATES = {"anon": "1/min", "user": None}

    assert Client(REMOTE_ADDR="10.0.0.1").get("/api/v1/topics/").status_code == 200
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/topics/").status_code == 200
    spoofed = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert spoofed.get("/api/v1/topics/").status_code == 429  # NUM_PROXIES=0: XFF ignored


# --- CORS and health ---------------------------------------------------------------------


def test_cors_lets_allowed_origins_read_the_validators(client, ledger, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://graphics.example"]

    response = client.get("/api/v1/claims/", HTTP_ORIGIN="https://graphics.example")

    assert response["Access-Control-Allow-Origin"] == "https://graphics.example"
    exposed = response["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "X-RateLimit-Remaining" in exposed
    other = client.get("/api/v1/claims/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other


def test_health_probes(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert orjson.loads(client.get("/healthz").content) == {"status": "ok"}
    ready = client.get("/readyz")
    assert orjson.loads(ready.content) == {"status": "ok", "database": "ok"}
    assert_error(client.post("/healthz"), 405, "method_not_allowed")


def test_the_api_root_lists_the_collections(client, db):
    root = orjson.loads(client.get("/api/v1/").content)

    assert root["claims"] == "http://testserver/api/v1/claims/"
    assert root["schema"] == "http://testserver/api/schema/?version=v1"


# --- deprecation -------------------------------------------------------------------------


class _Legacy(ViewSet):
    @deprecated(since=date(2027, 1, 1), sunset=date(2027, 7, 1), link="https://x.example/v1")
    def list(self, request, *args, **kwargs):
        from rest_framework.response import Response

        return Response({"ok": True})


def test_a_deprecated_operation_announces_itself_in_headers_and_schema():
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator

    response = _Legacy.as_view({"get": "list"})(APIRequestFactory().get("/legacy/"))

    assert response["Deprecation"] == "@1798761600"  # 2027-01-01T00:00:00Z
    assert response["Sunset"] == "Thu, 01 Jul 2027 00:00:00 GMT"
    assert response["Link"] == '<https://x.example/v1>; rel="deprecation"'
    patterns = [path("legacy/", _Legacy.as_view({"get": "list"}))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert schema["paths"]["/legacy/"]["get"]["deprecated"] is True


# --- the JSON itself ---------------------------------------------------------------------


def test_orjson_writes_what_clients_expect():
    data = {
        "value": Decimal("455.837907"),
        "whole": Decimal("5000.000000"),
        "tiny": Decimal("0.000001"),
        "id": uuid.UUID("00000000-0000-4000-8000-000000000040"),
        "at": datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
        "day": date(2025, 12, 1),
    }

    text = ORJSONRenderer().render(data).decode()

    assert text == (
        '{"value":455.837907,"whole":5000,"tiny":0.000001,'
        '"id":"00000000-0000-4000-8000-000000000040",'
        '"at":"2026-01-02T03:04:05.000600Z","day":"2025-12-01"}'
    )
    # Same values as DRF's own renderer (numbers, not strings; the same UUID and date).
    drf = orjson.loads(JSONRenderer().render({**data, "at": None}))
    ours = orjson.loads(text)
    assert (ours["value"], ours["whole"], ours["id"], ours["day"]) == (
        float(drf["value"]),
        float(drf["whole"]),
        drf["id"],
        drf["day"],
    )
    assert datetime.fromisoformat(ours["at"]) == data["at"]


def test_decimals_keep_every_stored_digit():
    big = Decimal("123456789012345678.123456")  # more digits than a float holds

    assert ORJSONRenderer().render({"v": big}) == b'{"v":123456789012345678.123456}'
