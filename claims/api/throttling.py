"""Rate limits that tell the client where it stands (``X-RateLimit-Limit``/``-Remaining``).

Rates come from ``settings.API_THROTTLE_RATES`` (env ``THROTTLE_ANON``/``THROTTLE_USER``),
read per request so tests can override them. Counters live in the default cache: Redis when
``REDIS_URL`` is set, so every worker shares them; otherwise per process (PITFALLS). A
refused request is a 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import throttling


class _RateLimitHeaders:
    """Leave ``(limit, remaining)`` on the request; the API views write the headers."""

    scope: str

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request: Any, view: Any) -> bool:
        allowed = super().allow_request(request, view)  # type: ignore[misc]
        if getattr(self, "key", None) is not None:
            limit = self.num_requests  # type: ignore[attr-defined]
            request.rate_limit = (limit, max(limit - len(self.history), 0))  # type: ignore[attr-defined]
        return allowed


class AnonRateThrottle(_RateLimitHeaders, throttling.AnonRateThrottle):
    """Anonymous readers, by client address (``NUM_PROXIES`` says which address to trust)."""


class UserRateThrottle(_RateLimitHeaders, throttling.UserRateThrottle):
    """Signed-in users, by user id (anonymous readers are AnonRateThrottle's)."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class WriteRateThrottle(throttling.UserRateThrottle):
    """Writes, per API token (or session user when there is no token): a runaway script
    is stopped without slowing its readers (``THROTTLE_WRITE``)."""

    scope = "write"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

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
