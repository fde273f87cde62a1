"""Pieces of the OpenAPI description shared by every version: errors, 304, conditional headers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from claims.api.errors import error_body


class ErrorInfoSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(
        help_text="Stable machine-readable code: invalid_parameter, not_found, "
        "method_not_allowed, not_acceptable, throttled, conflict, precondition_failed, "
        "unavailable, server_error."
    )
    message = serializers.CharField(help_text="For people; the wording may change.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors only: each offending parameter and its messages.",
    )


class ErrorSerializer(serializers.Serializer):
    """Every 4xx/5xx answer has this shape."""

    error = ErrorInfoSerializer()


_ERRORS: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "A query parameter is invalid; `fields` names it (filters, cursor, page_size, "
        "ordering, or a NUL byte anywhere).",
        error_body(
            400,
            "invalid_parameter",
            "Invalid query parameter: page_size.",
            {"page_size": ["Ensure this value is less than or equal to 200."]},
        ),
    ),
    404: (
        "No such resource, or not visible to you (drafts and candidates are staff-only).",
        error_body(404, "not_found", "Not found."),
    ),
    406: (
        "None of the media types in `Accept` can be served.",
        error_body(406, "not_acceptable", "Could not satisfy the request Accept header."),
    ),
    429: (
        "Rate limit exceeded; wait `Retry-After` seconds. Every answer carries "
        "`X-RateLimit-Limit` and `X-RateLimit-Remaining`.",
        error_body(429, "throttled", "Request was throttled. Expected available in 42 seconds."),
    ),
    503: (
        "The database is unreachable; retry after `Retry-After` seconds.",
        error_body(503, "unavailable", "The database is unavailable; retry shortly."),
    ),
}

_ERRORS.update(
    {
        401: (
            "No valid credentials: send `Authorization: Token <key>` (or sign in).",
            error_body(401, "not_authenticated", "Authentication credentials were not provided."),
        ),
        403: (
            "Signed in, but your role may not do this (e.g. a curator publishing).",
            error_body(403, "permission_denied", "You do not have permission to do this."),
        ),
        409: (
            "The change breaks a ledger rule the database enforces.",
            error_body(409, "conflict", "claim_published_has_citation: ..."),
        ),
        412: (
            "`If-Match` names an older version: someone changed it since you read it.",
            error_body(412, "precondition_failed", "The claim has changed since you last read it."),
        ),
        428: (
            "Edits and deletes need `If-Match` with the ETag you last read.",
            error_body(428, "precondition_required", "Send If-Match with the claim's ETag."),
        ),
        413: (
            "The request body is larger than the documented limit.",
            error_body(413, "too_large", "The text is longer than 200000 characters."),
        ),
    }
)

READ_ERRORS = (400, 404, 406, 429, 503)


def error_responses(
    *statuses: int, media_type: str | None = None
) -> dict[int | tuple[int, str], OpenApiResponse]:
    """The documented error answers of an operation, each with an example.

    ``media_type`` keys them as JSON on operations whose success is another media type.
    """
    out: dict[int | tuple[int, str], OpenApiResponse] = {}
    for status in statuses or READ_ERRORS:
        description, example = _ERRORS[status]
        response = OpenApiResponse(
            ErrorSerializer,
            description=description,
            examples=[OpenApiExample(f"{status}", value=example, status_codes=[status])],
        )
        out[(status, media_type) if media_type else status] = response
    return out


NOT_MODIFIED = OpenApiResponse(
    description="Not Modified: the copy named by `If-None-Match` (or dated by "
    "`If-Modified-Since`) is current. No body."
)

CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        required=False,
        description="An `ETag` from an earlier answer: a 304 with no body if still current.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        required=False,
        description="An HTTP-date (e.g. from `Last-Modified`): a 304 if nothing changed since.",
    ),
]


def read_responses(ok: Any, *, media_type: str | None = None) -> dict[Any, Any]:
    """200 ``ok``, 304 and the read errors, for ``extend_schema(responses=...)``."""
    if media_type:
        return {
            (200, media_type): ok,
            (304, media_type): NOT_MODIFIED,
            **error_responses(media_type="application/json"),
        }
    return {200: ok, 304: NOT_MODIFIED, **error_responses()}
