"""The service without its shared cache: Redis refusing (a closed port) or frozen (a socket
that accepts and never answers). Requests go on uncached and fast, /readyz says the cache is
degraded, throttles count per process."""

from __future__ import annotations

import socket
import threading
import time

import orjson
import pytest

from claims.api import throttling
from project.cache import breaker
from tests.ops_support import FreezableProxy


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once it is closed


@pytest.fixture
def redis_at(settings, client):
    """Point the cache at a given port, as production configures Redis."""
    import django_redis.cache  # noqa: F401  (imports are not the cache's time)

    client.get("/healthz")  # nor is the first request's loading of the URLs and views

    def point(port: int) -> None:
        url = f"redis://127.0.0.1:{port}/4"  # this area's database on a shared Redis
        settings.REDIS_URL = url
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "OPTIONS": {
                    "IGNORE_EXCEPTIONS": True,
                    "SOCKET_CONNECT_TIMEOUT": settings.REDIS_TIMEOUT,
                    "SOCKET_TIMEOUT": settings.REDIS_TIMEOUT,
                    "CONNECTION_POOL_CLASS": "project.cache.BreakerConnectionPool",
                },
            }
        }

    breaker.reset()
    throttling._fallback.clear()
    yield point
    breaker.reset()
    throttling._fallback.clear()


def _timed(client, url: str):
    began = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - began


def test_readyz_reports_a_refusing_cache_as_degraded(client, db, redis_at):
    redis_at(_closed_port())

    ready, seconds = _timed(client, "/readyz")

    assert ready.status_code == 200  # the service works without the cache
    assert orjson.loads(ready.content) == {"status": "ok", "database": "ok", "cache": "degraded"}
    assert seconds < 0.5


def test_readyz_reports_a_frozen_cache_as_degraded_within_its_timeout(client, db, redis_at):
    frozen = FreezableProxy(None)
    try:
        redis_at(frozen.port)
        ready, seconds = _timed(client, "/readyz")
    finally:
        frozen.close()

    assert orjson.loads(ready.content)["cache"] == "degraded"
    assert seconds < 1.0


def test_reads_go_on_without_a_frozen_cache_within_half_a_second(client, ledger, redis_at):
    frozen = FreezableProxy(None)
    try:
        redis_at(frozen.port)
        answers = [_timed(client, "/api/v1/claims/") for _ in range(3)]
    finally:
        frozen.close()

    assert [a.status_code for a, _ in answers] == [200, 200, 200]
    # The first request waits one Redis timeout (0.25 s) and opens the breaker; the next
    # ones do not touch Redis at all.
    assert max(seconds for _, seconds in answers) < 0.5, [s for _, s in answers]
    assert answers[-1][1] < 0.2


def test_throttles_count_per_process_while_the_cache_is_down(client, ledger, redis_at, settings):
    redis_at(_closed_port())
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": None, "write": None}

    statuses = [client.get("/api/v1/topics/").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 429, 429]  # limited, never silently unlimited


def test_after_the_pause_one_call_tries_redis_while_the_others_still_skip(settings):
    import redis

    from project.cache import Breaker

    settings.REDIS_BREAKER_SECONDS, settings.REDIS_TIMEOUT = 0.05, 0.25
    breaker = Breaker()
    breaker.check()  # closed: every call goes through
    breaker.trip(OSError("refused"))
    with pytest.raises(redis.ConnectionError):
        breaker.check()

    time.sleep(0.06)
    breaker.check()  # the trial: it connects,
    breaker.check()  # then sends
    others = []
    thread = threading.Thread(target=lambda: others.append(_refused(breaker.check)))
    thread.start()
    thread.join()
    assert others == [True]  # everyone else skips Redis while the trial waits for its answer
    breaker.succeeded()
    breaker.check()
    breaker.check()


def _refused(call) -> bool:
    import redis

    try:
        call()
    except redis.ConnectionError:
        return True
    return False


def test_readyz_says_the_cache_is_ok_again_once_redis_answers(client, db, redis_at, settings):
    import redis

    try:
        redis.Redis(port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.REDIS_BREAKER_SECONDS = 0.2
    proxy = FreezableProxy(("127.0.0.1", 6379))
    try:
        redis_at(proxy.port)
        assert orjson.loads(client.get("/readyz").content)["cache"] == "ok"
        proxy.frozen = True
        assert orjson.loads(client.get("/readyz").content)["cache"] == "degraded"
        proxy.frozen = False
        time.sleep(0.3)  # the pause is over: the next call is the trial
        states = [orjson.loads(client.get("/readyz").content)["cache"] for _ in range(3)]
    finally:
        proxy.close()

    assert states[-1] == "ok", states
