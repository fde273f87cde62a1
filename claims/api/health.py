"""Liveness and readiness probes for load balancers and orchestrators.

``/healthz``: the process answers (no I/O at all; the gunicorn worker serves it on threads of
its own, ``project/gunicorn_worker.py``). ``/readyz``: the database answers ``SELECT 1``
within ``READYZ_WAIT_TIMEOUT`` — a 503 in the error shape otherwise — and, when a shared
cache is configured, says whether Redis answers: ``"cache": "degraded"`` is still a 200,
because the service works without it (README "Operations"). Neither runs in a transaction
(a request wrapped in one would fail before the view could say "not ready").
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from claims.api.errors import error_response, unavailable_response
from claims.api.renderers import dumps
from project.cache import cache_state
from project.db.deadlines import at_most


def _ok(body: dict[str, str]) -> HttpResponse:
    response = HttpResponse(dumps(body), content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def _method_not_allowed(request: HttpRequest) -> HttpResponse | None:
    if request.method in ("GET", "HEAD"):
        return None
    return error_response(
        405, f'Method "{request.method}" not allowed.', headers={"Allow": "GET, HEAD"}
    )


# Probes change nothing, so a POST is a 405 (not the CSRF check's 403) whoever sends it.
@csrf_exempt
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> HttpResponse:
    return _method_not_allowed(request) or _ok({"status": "ok"})


@csrf_exempt
@transaction.non_atomic_requests
def readyz(request: HttpRequest) -> HttpResponse:
    refused = _method_not_allowed(request)
    if refused:
        return refused
    try:
        with at_most(settings.READYZ_WAIT_TIMEOUT), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = unavailable_response()
        response["Cache-Control"] = "no-store"
        return response
    body = {"status": "ok", "database": "ok"}
    if settings.REDIS_URL:  # a per-process cache has nothing to report
        body["cache"] = cache_state()
    return _ok(body)
