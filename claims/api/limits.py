"""Request body limits, enforced on every route before a byte of the body is read.

Django checks ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only when a view reads ``request.body`` or
``request.POST``; DRF's parsers and the import endpoint read the stream directly, so a
31.5 MB import went through a 20 MB limit. Here ``Content-Length`` is compared with the
route's limit first: bulk imports may send ``IMPORT_MAX_BYTES``, everything else
``API_MAX_BODY_BYTES``. A body without ``Content-Length`` (chunked) is read by Django as
empty, so it cannot exceed anything.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from claims.api.errors import error_response

IMPORT_PATH_SUFFIX = "/imports/"


def body_limit(path: str) -> int:
    if path.startswith("/api/") and path.endswith(IMPORT_PATH_SUFFIX):
        return settings.IMPORT_MAX_BYTES
    return settings.API_MAX_BODY_BYTES


class BodyLimitMiddleware:
    """413 (JSON) for a body larger than its route allows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            return error_response(400, "Content-Length is not a number.")
        limit = body_limit(request.path)
        if length > limit:
            return error_response(
                413,
                f"The request body is {length} bytes; this endpoint takes at most {limit}. "
                "Larger imports go through `manage.py import_ledger`.",
            )
        return self.get_response(request)
