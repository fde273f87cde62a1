"""The PostgreSQL backend (project/db): prepared statements, the free health check, deadlines.

PostgreSQL only: SQLite has none of these (its file cannot hang up or freeze).
"""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError, connection, connections

from project.db.base import DatabaseWrapper
from project.db.deadlines import at_most
from tests.ops_support import FreezableProxy

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's behaviour"
)


def _prepared() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_api_reads_are_prepared_on_the_serving_connection(client, ledger, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0  # every read runs its queries
    before = _prepared()

    for _ in range(8):
        assert client.get("/api/v1/claims/").status_code == 200
        assert client.get(f"/api/v1/claims/{ledger.poll.pk}/").status_code == 200

    # psycopg prepares a query on its 5th run (DB_PREPARE_THRESHOLD); the page's and the
    # detail's queries ran 8 times each on this, the test's and the requests', connection.
    assert _prepared() - before >= 2


@pytest.mark.django_db
def test_sessions_plan_no_parallel_workers():
    # A parallel plan for a kind + topic page took 26-48 ms against 4-14 ms serial on the
    # 1,000,000-claim bench ledger; the service's sessions start with none (DB_PARALLEL_WORKERS).
    other = _second_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone()[0] == "0"
    finally:
        other.close()


def _second_connection() -> DatabaseWrapper:
    other = connections.create_connection("default")
    other.ensure_connection()
    return other


def test_the_health_check_sends_no_query_while_the_session_is_open(monkeypatch, db):
    other = _second_connection()
    try:
        monkeypatch.setattr(other.connection, "cursor", lambda *a, **k: pytest.fail("a query"))
        assert other.is_usable()
    finally:
        monkeypatch.undo()
        other.close()


def test_a_terminated_session_is_found_unusable_and_replaced(db):
    other = _second_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with connection.cursor() as cursor:  # as a restart does to every session
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

        deadline = time.monotonic() + 5
        while other.is_usable() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not other.is_usable()

        # What each request does before its first query: the dead session is replaced.
        other.health_check_enabled, other.health_check_done = True, False
        other.close_if_health_check_failed()
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != pid
    finally:
        other.close()


def _through(proxy: FreezableProxy) -> DatabaseWrapper:
    settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}
    return DatabaseWrapper(settings_dict, alias="default")


def test_a_frozen_server_ends_each_wait_at_the_budget(db):
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    proxy = FreezableProxy((host, int(connection.settings_dict["PORT"] or 5432)))
    frozen = _through(proxy)
    try:
        with at_most(0.5):
            with frozen.cursor() as cursor:
                cursor.execute("SELECT 1")
            proxy.frozen = True

            began = time.monotonic()
            with pytest.raises(OperationalError, match="no answer"), frozen.cursor() as cursor:
                cursor.execute("SELECT 1")
            assert time.monotonic() - began < 1.5
            assert not frozen.is_usable()  # never reused: the server may still run it

            frozen.close()  # as Django does when the rollback fails too
            began = time.monotonic()
            with pytest.raises(OperationalError, match="earlier"):  # no second wait
                frozen.ensure_connection()
            assert time.monotonic() - began < 0.1

        frozen.close()
        with at_most(0.5):  # a new budget (a new request): connecting is tried, and bounded
            began = time.monotonic()
            with pytest.raises(OperationalError, match="no answer"):  # below psycopg's 2 s
                frozen.ensure_connection()
            assert time.monotonic() - began < 1.5
    finally:
        frozen.close()
        proxy.close()


def test_commands_and_migrations_wait_without_a_budget(db):
    """Outside a request there is no deadline: a long migration or COPY is not cut."""
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    proxy = FreezableProxy((host, int(connection.settings_dict["PORT"] or 5432)))
    slow = _through(proxy)
    try:
        with slow.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2.5)")  # longer than any request's budget
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"  # the request limits are not sent either
    finally:
        slow.close()
        proxy.close()
