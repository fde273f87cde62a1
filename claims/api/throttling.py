"""Rate limits that hold across workers and tell the client where it stands.

Each limit is a sliding window: a request is allowed while fewer than N were allowed in the
last period (DRF's semantics), and refused with 429 and ``Retry-After`` otherwise. Allowed
requests leave ``X-RateLimit-Limit``/``-Remaining`` on the response (the read views write
them). Rates come from ``settings.API_THROTTLE_RATES`` (env ``THROTTLE_ANON``/``_USER``/
``_WRITE``), read per request so tests can override them.

Where the counts live:
- **Redis** (``REDIS_URL`` set): one Lua script per request checks and records atomically,
  with Redis's clock, so every worker and host shares one count and concurrent requests
  cannot all squeeze through the same gap (DRF's read-then-write history can: +9 to +12.5%
  measured across two workers).
- **Per process** without Redis, and while Redis is unreachable (its breaker open,
  ``project/cache.py``): each process counts on its own, under a lock. A client then gets up
  to (processes × limit) — looser, never unlimited. The README ("Operations") says so.

A request whose token is refused is counted too, as anonymous by its address
(``count_refused_credentials``, called by ``claims.auth``): guessing tokens is throttled.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from itertools import count
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from rest_framework import exceptions, throttling

logger = logging.getLogger(__name__)

# KEYS[1]: the client's window; ARGV: limit, period (s), a unique member for this request.
# Returns {allowed, remaining, seconds until the oldest counted request leaves the window}.
_SLIDING_WINDOW = """
local key, limit, period = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
local n = redis.call('ZCARD', key)
if n < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, math.ceil(period * 1000))
  return {1, limit - n - 1, '0'}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, tostring(oldest[2] + period - now)}
"""

_members = count()
_process = os.urandom(4).hex()
_lock = threading.Lock()
# Counts for while Redis is unreachable (without Redis the default, local, cache is used).
_fallback = LocMemCache("throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def hit(key: str, limit: int, period: float) -> tuple[bool, int, float]:
    """Record a request under ``key``: (allowed, remaining, seconds to wait if refused)."""
    if settings.REDIS_URL:
        try:
            return _redis_hit(key, limit, period)
        except Exception as error:  # Redis down, frozen or skipped: count here instead
            logger.debug("throttle counted per process: %s", error)
            return _local_hit(_fallback, key, limit, period)
    return _local_hit(cache, key, limit, period)


def _redis_hit(key: str, limit: int, period: float) -> tuple[bool, int, float]:
    from django_redis import get_redis_connection

    script = get_redis_connection("default").register_script(_SLIDING_WINDOW)
    member = f"{_process}:{next(_members)}"
    allowed, remaining, wait = script(keys=[key], args=[limit, period, member])
    return bool(allowed), int(remaining), float(wait)


def _local_hit(store: Any, key: str, limit: int, period: float) -> tuple[bool, int, float]:
    with _lock:  # the threads of this process share the store: check and record as one
        now = time.monotonic()
        history = [t for t in store.get(key, []) if t > now - period]
        if len(history) >= limit:
            return False, 0, history[0] + period - now
        history.append(now)
        store.set(key, history, int(period) + 1)
        return True, limit - len(history), 0.0


def count_refused_credentials(request: Any) -> None:
    """Count a request whose credentials are refused against its address's anonymous
    limit; 429 once that is spent (else the caller answers 401)."""
    throttle = AnonRateThrottle()
    if throttle.rate is None:
        return
    key = throttle.cache_format % {"scope": throttle.scope, "ident": throttle.get_ident(request)}
    allowed, _, wait = hit(key, throttle.num_requests, throttle.duration)
    if not allowed:
        raise exceptions.Throttled(wait)


class _SlidingWindowThrottle(throttling.SimpleRateThrottle):
    """DRF's rate throttle, counted by ``hit`` instead of a cached history list."""

    scope: str
    headers = True  # leave (limit, remaining) on the request for the response headers

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        allowed, remaining, self._wait = hit(self.key, self.num_requests, self.duration)
        if self.headers:
            request.rate_limit = (self.num_requests, remaining)
        return allowed

    def wait(self) -> float | None:
        return self._wait


class AnonRateThrottle(_SlidingWindowThrottle):
    """Anonymous readers, by client address (``NUM_PROXIES`` says which address to trust)."""

    scope = "anon"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(_SlidingWindowThrottle):
    """Signed-in users, by user id (anonymous readers are AnonRateThrottle's)."""

    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class WriteRateThrottle(_SlidingWindowThrottle):
    """Writes, per API token (or session user when there is no token): a runaway script
    is stopped without slowing its readers (``THROTTLE_WRITE``)."""

    scope = "write"
    headers = False

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not request.user.is_authenticated:
            return None
        token = getattr(request, "auth", None)
        ident = f"token-{token.prefix}" if getattr(token, "prefix", None) else request.user.pk
        return self.cache_format % {"scope": self.scope, "ident": ident}
