"""A database outage is a 503 with Retry-After wherever it strikes: a DRF view, a plain
Django view, a middleware — JSON everywhere but the admin, whose people get its own page."""

from __future__ import annotations

import orjson
import pytest
from django.db import OperationalError, connection
from django.middleware.common import CommonMiddleware

from project.db import deadlines
from tests.api_support import assert_error

pytestmark = pytest.mark.django_db


def _refuse(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/claims/"),  # DRF
        ("get", "/api/v1/claims/export.ndjson"),  # DRF, streamed
        ("get", "/readyz"),  # a plain view
    ],
)
def test_an_outage_in_a_view_is_a_json_503(client, method, url):
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):
        response = getattr(client, method)(url, {"username": "a", "password": "b"})

    assert_error(response, 503, "unavailable")
    assert response["Retry-After"].isdigit()


def test_an_outage_in_the_admin_is_its_own_503_page(client):
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):  # the login lockout reads its attempts
        response = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"The ledger is unavailable (503)" in response.content
    assert response["Retry-After"].isdigit()


def test_an_outage_in_a_middleware_is_a_json_503(client, monkeypatch):
    monkeypatch.setattr(CommonMiddleware, "process_request", _refuse)
    client.raise_request_exception = False

    response = client.get("/api/v1/topics/")

    assert response.status_code == 503
    assert orjson.loads(response.content)["error"]["code"] == "unavailable"


def test_a_streamed_answer_left_unread_leaves_no_database_budget_behind(client, ledger):
    """A request's database budget is its own: a streamed export the client stops reading
    must not leave it on the thread for whatever runs next there."""
    response = client.get("/api/v1/claims/export.ndjson")

    assert response.streaming
    assert deadlines.current() is None
    assert b"".join(response.streaming_content)  # each chunk made within the budget
    assert deadlines.current() is None
