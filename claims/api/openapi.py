"""Pieces of the OpenAPI description shared by every version: errors, 304, conditional headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers

from claims.api.errors import error_body


class ErrorInfoSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(
        help_text="Stable machine-readable code: invalid_parameter, invalid, "
        "not_authenticated, authentication_failed, permission_denied, not_found, "
        "method_not_allowed, not_acceptable, conflict, precondition_failed, too_large, "
        "unsupported_media_type, precondition_required, throttled, server_error, "
        "unavailable (docs/api.md, Errors)."
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
            "No valid credentials: send `Authorization: Token <key>` (or sign in). Reads "
            "need none, but a token that is sent must be valid.",
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
            "The request body is larger than the endpoint takes (`API_MAX_BODY_BYTES`, or "
            "`IMPORT_MAX_BYTES` for imports); refused before it is read.",
            error_body(
                413,
                "too_large",
                "The request body is 3000000 bytes; this endpoint takes at most 2097152.",
            ),
        ),
    }
)

READ_ERRORS = (400, 401, 404, 406, 429, 503)


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

# What If-Match and If-None-Match carry (RFC 9110 §13.1): ``*`` or entity tags, comma-separated.
ETAG_LIST = r'^(\*|(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*)$'

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


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, told that the ledger's reads are open to anonymous clients."""

    def get_auth(self) -> list[dict[str, Any]]:
        # A read open to anyone lists no security requirement at all. OpenAPI's way of saying
        # "optional" is an empty requirement beside the schemes (``[{tokenAuth: []}, {}]``),
        # but openapi-python-client 0.29 types every operation whose list is non-empty as
        # needing an AuthenticatedClient, so a plain reader could not call it
        # (openapi-generators/openapi-python-client#1372). Without a requirement the
        # generated call takes either client, and a token, when sent, is still honoured.
        open_reads = any(getattr(p, "anonymous_reads", False) for p in self.view.get_permissions())
        if open_reads and self.method in permissions.SAFE_METHODS:
            return []
        return super().get_auth()


# --- response headers and links, added to the generated schema (a postprocessing hook) ----

_WRITE_METHODS = ("post", "put", "patch")
_HEADERS = {
    "ETag": "The version of the object (or page) in this answer: send it back as "
    "`If-Match` to edit or delete, or as `If-None-Match` to read again cheaply.",
    "Location": "The URL of the created object.",
}


def _header(name: str) -> dict[str, Any]:
    return {"description": _HEADERS[name], "required": True, "schema": {"type": "string"}}


def _collection_of(path: str) -> tuple[str, str] | None:
    """``/api/v1/claims/{id}/publish/`` → (``/api/v1/claims/``, ``id``)."""
    head, sep, rest = path.partition("/{")
    if not sep:
        return None
    return head + "/", rest.partition("}")[0]


def _operations(paths: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in paths.items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def _needs_if_match(operation: dict[str, Any]) -> bool:
    return any(
        p.get("in") == "header" and p.get("name") == "If-Match" and p.get("required")
        for p in operation.get("parameters", [])
    )


def _answers_an_object(response: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """Whether a response's JSON body is one of the ledger's objects (it has an ``id``)."""
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    name = ref.rsplit("/", 1)[-1] if ref else None
    return name is not None and "id" in schemas.get(name, {}).get("properties", {})


def document_headers_and_links(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Document the ``ETag`` and ``Location`` headers, and the links between operations.

    Every conditional read and every write answering an object carries an ``ETag``; every
    201 a ``Location``. Links say where an answer's values go next: a created object's
    ``id`` into the path of every operation on it, and an object's ``ETag`` into the
    ``If-Match`` of its edits. Generated clients and schemathesis's stateful tests follow
    them (create → read → edit → publish → delete) instead of guessing ids.
    """
    # drf-spectacular writes "1.0.0 (v1)"; generated clients take info.version as their
    # package version, which must be a plain version number. v1 is in every path.
    result["info"]["version"] = spectacular_settings.VERSION
    paths = result.get("paths", {})
    schemas = result.get("components", {}).get("schemas", {})
    by_collection: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, method, operation in _operations(paths):
        found = _collection_of(path)
        if found:
            by_collection.setdefault(found[0], []).append((found[1], method, operation))

    for path, method, operation in _operations(paths):
        if method == "get":
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True  # ?kind= is no filter (filters.py)
        conditional = any(p.get("name") == "If-None-Match" for p in operation.get("parameters", []))
        for status, response in operation.get("responses", {}).items():
            if status not in {"200", "201"}:
                continue
            headers: dict[str, Any] = {}
            if (method == "get" and conditional) or (
                method in _WRITE_METHODS and _answers_an_object(response, schemas)
            ):
                headers["ETag"] = _header("ETag")
            if status == "201" and _answers_an_object(response, schemas):
                headers["Location"] = _header("Location")
            if headers:
                response["headers"] = {**response.get("headers", {}), **headers}
            links = (
                _links(path, method, status, by_collection)
                if _answers_an_object(response, schemas)
                else {}
            )
            if links:
                response["links"] = links
    return result


def _links(
    path: str, method: str, status: str, by_collection: dict[str, list[Any]]
) -> dict[str, Any]:
    links: dict[str, Any] = {}
    if method == "post" and status == "201" and _collection_of(path) is None:
        # A created object: every operation on it, by the id in the body.
        for name, _method, target in by_collection.get(path, []):
            parameters = {f"path.{name}": "$response.body#/id"}
            if _needs_if_match(target):
                parameters["header.If-Match"] = "$response.header.ETag"
            links[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": parameters,
            }
    elif found := _collection_of(path):
        # An object read, edited or acted on: its edits, with the ETag just received.
        for name, _method, target in by_collection.get(found[0], []):
            if _needs_if_match(target) and name == found[1]:
                links[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": {
                        f"path.{name}": f"$request.path.{found[1]}",
                        "header.If-Match": "$response.header.ETag",
                    },
                }
    return links


# --- strings carry no NUL byte (a postprocessing hook) ------------------------------------

# PostgreSQL cannot store or compare a string holding U+0000, so every string the API takes
# refuses it (400 naming the field); the schema says so, and clients and fuzzers know.
NO_NUL = "^[^\\x00]*$"


def _forbid_nul(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and not {"format", "enum", "pattern"} & schema.keys():
        schema["pattern"] = NO_NUL
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _forbid_nul(schema[key])
    for nested in schema.get("properties", {}).values():
        _forbid_nul(nested)
    for key in ("allOf", "oneOf", "anyOf"):
        for nested in schema.get(key, []):
            _forbid_nul(nested)


def document_no_nul_strings(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Give every string the client sends (query parameters, request bodies) ``NO_NUL``."""
    for _path, _method, operation in _operations(result.get("paths", {})):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                _forbid_nul(parameter.get("schema", {}))
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _forbid_nul(schema)
    return result
