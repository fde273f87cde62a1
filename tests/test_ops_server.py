"""The service as production runs it (gunicorn, project/gunicorn.conf.py) when things fail.

Each test starts a real gunicorn on this area's ports (8160-8169). The frozen database is a
TCP proxy that stops forwarding (``ops_support.FreezableProxy``): with PostgreSQL it stands
in front of the test database, so requests first hold a working connection; on SQLite runs
it is a black hole from the start (the connect path only). The figures the issue sets
(healthz within 100 ms, …) are measured by ``bench/faults.py`` on a real frozen server; these
tests hold the behaviour with margins a loaded machine keeps.
"""

from __future__ import annotations

import socket
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest
from django.db import connection

from tests.ops_support import FreezableProxy, get, gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


def _database_env(proxy: FreezableProxy) -> dict[str, str]:
    name = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else "x"
    return {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{name}"}


def test_a_frozen_database_answers_503_json_in_time_and_healthz_at_once():
    upstream = None
    if connection.vendor == "postgresql":
        upstream = (
            connection.settings_dict["HOST"] or "127.0.0.1",
            int(connection.settings_dict["PORT"] or 5432),
        )
    proxy = FreezableProxy(upstream)
    try:
        with gunicorn(_database_env(proxy), workers=2, threads=4) as base:
            if upstream is not None:  # each thread holds a working connection first
                with ThreadPoolExecutor(8) as pool:
                    warm = list(pool.map(lambda _: get(f"{base}/api/v1/claims/"), range(16)))
                assert {a.status for a in warm} == {200}
            proxy.frozen = True
            with ThreadPoolExecutor(6) as pool:
                api = [pool.submit(get, f"{base}/api/v1/claims/") for _ in range(4)]
                ready = pool.submit(get, f"{base}/readyz")
                time.sleep(0.3)  # the API requests are waiting on the database now
                alive = [get(f"{base}/healthz") for _ in range(5)]
                api_answers, ready_answer = [f.result() for f in api], ready.result()

            for answer in api_answers:
                assert answer.status == 503, answer
                assert answer.content_type == "application/json"
                assert orjson.loads(answer.body)["error"]["code"] == "unavailable"
                assert answer.headers["Retry-After"].isdigit()
                assert answer.seconds < 3.0, answer.seconds
            assert ready_answer.status == 503 and ready_answer.seconds < 2.0
            assert all(a.status == 200 for a in alive)
            assert max(a.seconds for a in alive) < 0.5, [a.seconds for a in alive]

            if upstream is not None:  # thawed: answers again, no stale connection left over
                proxy.frozen = False
                time.sleep(0.2)
                with ThreadPoolExecutor(8) as pool:
                    after = list(pool.map(lambda _: get(f"{base}/api/v1/claims/"), range(16)))
                assert {a.status for a in after} == {200}
    finally:
        proxy.close()


def _redis(db: int) -> object | None:
    redis = pytest.importorskip("redis")
    client = redis.Redis(host="127.0.0.1", port=6379, db=db, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


REDIS_TEST_DB = 4  # this area's Redis database on the shared server


def test_throttle_totals_hold_across_two_workers_sharing_redis():
    client = _redis(REDIS_TEST_DB)
    if client is None:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    client.flushdb()
    env = {
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_TEST_DB}",
        "THROTTLE_ANON": "40/min",
        # The API root reads no table: no database is needed to count its answers.
        "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/empty.sqlite3",
    }
    try:
        with gunicorn(env, workers=2, threads=8) as base:
            client.flushdb()  # the start-up probes are not part of the count
            with ThreadPoolExecutor(16) as pool:
                answers = list(pool.map(lambda _: get(f"{base}/api/v1/"), range(160)))
    finally:
        client.flushdb()

    allowed = sum(a.status == 200 for a in answers)
    assert {a.status for a in answers} == {200, 429}
    assert allowed == 40, allowed  # ≤ 1.05 × 40 is the target; the count is exact


def _raw(base: str, request: bytes) -> tuple[bytes, bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NOT A REQUEST\r\n\r\n", 400),
        (b"GET /api/v1/" + b"x" * 5000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        (b"GET /api/v1/ HTTP/1.1\r\nHost: a\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n", 431),
    ],
    ids=["malformed", "uri-too-long", "header-too-large"],
)
def test_gunicorns_own_error_answers_are_json_with_security_headers(request_bytes, status):
    env = {"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/empty.sqlite3"}
    with gunicorn(env, workers=1, threads=2) as base:
        head, body = _raw(base, request_bytes)

    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert lines[0].startswith(f"HTTP/1.1 {status} ")
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    error = orjson.loads(body)["error"]
    assert error["status"] == status and error["message"]


def test_healthz_from_the_worker_answers_as_django_does(client):
    """The worker answers GET/HEAD /healthz itself (project/gunicorn_worker.liveness); the
    answer is the one Django's view gives, headers included, and other methods still reach
    Django."""
    expected = client.get("/healthz")
    skip = {"date", "server", "connection"}
    env = {"DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/empty.sqlite3"}
    with gunicorn(env, workers=1, threads=2) as base:
        served = get(f"{base}/healthz")
        head, head_body = _raw(
            base, b"HEAD /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        )
        posted, posted_body = _raw(
            base,
            b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
            b"Connection: close\r\n\r\n",
        )

    assert served.status == 200 and served.body == expected.content
    got = {k.lower(): v for k, v in served.headers.items() if k.lower() not in skip}
    assert got == {k.lower(): v for k, v in expected.headers.items()}
    assert head.startswith(b"HTTP/1.1 200 ") and head_body == b""
    assert posted.startswith(b"HTTP/1.1 405 ")
    assert orjson.loads(posted_body)["error"]["code"] == "method_not_allowed"
