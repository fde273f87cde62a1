"""Redis connections that give up fast and then leave Redis alone for a while.

The shared cache holds rendered pages and throttle counts; the service works without it
(pages are built, throttles count per process: ``claims.api.throttling``). So a Redis that is
down or frozen must cost a request little: each call waits at most ``REDIS_TIMEOUT`` (socket
connect and read), and after one failure the **breaker** opens — for ``REDIS_BREAKER_SECONDS``
no call in this process touches the network, each fails at once as a
``redis.ConnectionError``, which django-redis (``IGNORE_EXCEPTIONS``) turns into a cache miss.
Then one call tries again while the others still skip; its success closes the breaker.

Used through django-redis's ``CONNECTION_POOL_CLASS`` (``project/settings.py``); anything
that talks to Redis through that pool (``get_redis_connection``) goes through the breaker.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


class Breaker:
    """Open for a few seconds after a failure; then one call (per process) tries Redis again
    while the others still skip it, and its success closes the breaker."""

    def __init__(self) -> None:
        self.open_until = 0.0
        self.tripped = False
        self._trial: int | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def check(self) -> None:
        if not self.tripped:
            return
        with self._lock:
            now = time.monotonic()
            if now < self.open_until:
                if self._trial == threading.get_ident():
                    return  # the trial's own next step (connect, then send, then read)
                raise redis.ConnectionError("Redis skipped: it failed moments ago (breaker open)")
            # This thread's call is the trial: the others skip Redis until it has its answer.
            self._trial = threading.get_ident()
            self.open_until = now + 2 * settings.REDIS_TIMEOUT

    def succeeded(self) -> None:
        if self.tripped:
            self.reset()

    def trip(self, error: BaseException) -> None:
        with self._lock:
            if self.is_open and self.open_until - time.monotonic() > 2 * settings.REDIS_TIMEOUT:
                return  # already open after another thread's failure
            self.tripped, self._trial = True, None
            self.open_until = time.monotonic() + settings.REDIS_BREAKER_SECONDS
        logger.warning(
            "Redis failed (%s); going on without it for %ss", error, settings.REDIS_BREAKER_SECONDS
        )

    def reset(self) -> None:
        with self._lock:
            self.open_until, self.tripped, self._trial = 0.0, False, None


breaker = Breaker()
_FAILURES = (redis.ConnectionError, redis.TimeoutError, OSError)


class _BreakerMixin:
    """Every network step of a redis-py connection checks and trips the breaker."""

    def connect(self) -> None:
        breaker.check()
        try:
            super().connect()  # type: ignore[misc]
        except _FAILURES as error:
            breaker.trip(error)
            raise

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        breaker.check()
        try:
            super().send_packed_command(command, check_health)  # type: ignore[misc]
        except _FAILURES as error:
            breaker.trip(error)
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            response = super().read_response(*args, **kwargs)  # type: ignore[misc]
        except _FAILURES as error:
            breaker.trip(error)
            raise
        breaker.succeeded()
        return response


class BreakerConnection(_BreakerMixin, redis.Connection):
    """A TCP connection to Redis behind the breaker."""


class BreakerSSLConnection(_BreakerMixin, redis.SSLConnection):
    """A TLS (``rediss://``) connection to Redis behind the breaker."""


class BreakerUnixConnection(_BreakerMixin, redis.UnixDomainSocketConnection):
    """A Unix-socket connection to Redis behind the breaker."""


_WRAPPED = {
    redis.Connection: BreakerConnection,
    redis.SSLConnection: BreakerSSLConnection,
    redis.UnixDomainSocketConnection: BreakerUnixConnection,
}


class BreakerConnectionPool(redis.ConnectionPool):
    """redis-py's pool with breaker connections and no retries (a retry doubles the wait)."""

    def __init__(self, connection_class: type = redis.Connection, **kwargs: Any) -> None:
        kwargs["retry"] = Retry(NoBackoff(), 0)
        super().__init__(
            connection_class=_WRAPPED.get(connection_class, connection_class), **kwargs
        )


def cache_state() -> str:
    """``ok`` when Redis answers a PING now, ``degraded`` when it does not (or the breaker
    says it just failed); ``local`` without a shared cache."""
    if not settings.REDIS_URL:
        return "local"
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").ping()
    except Exception:  # any failure: the service goes on without the cache
        return "degraded"
    return "ok"
