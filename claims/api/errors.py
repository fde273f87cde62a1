"""One JSON shape for every 4xx/5xx answer, whichever layer produces it.

    {"error": {"status": 400, "code": "invalid_parameter",
               "message": "Invalid query parameter: page_size.",
               "fields": {"page_size": ["Ensure this value is less than or equal to 200."]}}}

``status`` repeats the HTTP status; ``code`` is a stable machine-readable word (the table in
``docs/api.md``); ``message`` is for people and may change; ``fields`` appears only on
validation errors and maps each offending parameter (or body field) to its messages.

Produced by DRF's exception handler for API views, by Django's ``handler404``/``handler500``
(and 400/403) for everything outside the admin (whose pages get the admin's HTML), and by
``ApiErrorMiddleware`` for what must be refused before a view runs (NUL bytes) or a database
outage in a non-DRF view.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.api.renderers import dumps
from claims.integrity import as_validation_error

logger = logging.getLogger(__name__)

# Seconds a client should wait before retrying while the database is unreachable.
RETRY_AFTER_UNAVAILABLE = 5

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    415: "unsupported_media_type",
    428: "precondition_required",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
}
DATABASE_ERRORS = (OperationalError, InterfaceError)


class InvalidParameter(exceptions.ValidationError):
    """A query parameter (filter, cursor, page_size, ordering) that cannot be used."""

    default_code = "invalid_parameter"


def error_body(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A finished error answer for code outside DRF (middleware, Django's handlers)."""
    body = error_body(status, code or CODES.get(status, "error"), message, fields)
    response = HttpResponse(dumps(body), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """503 with ``Retry-After``: the admin's HTML page under /admin/, else the JSON shape."""
    if request is not None and is_admin(request):
        response = admin_page(request, 503, "Unavailable", heavy=False)
        response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
        return response
    return error_response(
        503,
        "The database is unavailable; retry shortly.",
        headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)},
    )


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"a": [{}, {"b": ["x"]}]}`` → ``{"a[1].b": ["x"]}``, the names the model rules use
    (``citations[1].quote``); bare messages → ``non_field_errors``."""
    if isinstance(detail, dict):  # DRF keys a list's item errors by index (an int)
        keys: Any = (
            (f"{prefix.rstrip('.')}[{key}]." if isinstance(key, int) else f"{prefix}{key}.", v)
            for key, v in detail.items()
        )
    elif isinstance(detail, list) and any(isinstance(d, dict | list) for d in detail):
        keys = ((f"{prefix.rstrip('.')}[{n}].", value) for n, value in enumerate(detail))
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {prefix.rstrip(".") or "non_field_errors": [str(m) for m in messages]}
    out: dict[str, list[str]] = {}
    for name, value in keys:
        out.update(_flatten(value, name))
    return out


# Codes of errors about the ledger's current state, not the request's form: a slug already
# taken, a status change the claim's current status does not allow, the text of a source
# that is cited. They answer 409.
CONFLICT_CODES = frozenset({"unique", "unique_together", "transition", "frozen"})


def as_drf_error(exc: DjangoValidationError, prefix: str = "") -> exceptions.ValidationError:
    """A model's ValidationError as DRF's, field names under ``prefix``, codes kept."""
    if hasattr(exc, "error_dict"):
        errors = {name: list(found) for name, found in exc.error_dict.items()}
    else:
        errors = {"non_field_errors": exc.error_list}
    return exceptions.ValidationError(
        {
            f"{prefix}{name}": [
                exceptions.ErrorDetail(message, error.code or "invalid")
                for error in found
                for message in error
            ]
            for name, found in errors.items()
        }
    )


def _codes(codes: Any) -> Iterator[str]:
    if isinstance(codes, dict):
        codes = list(codes.values())
    if isinstance(codes, list):
        for code in codes:
            yield from _codes(code)
    else:
        yield codes


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: DRF's own mapping, then our shape; database faults too."""
    if isinstance(exc, DATABASE_ERRORS):
        logger.warning("database unavailable: %s", exc)
        return Response(
            error_body(503, "unavailable", "The database is unavailable; retry shortly."),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)},
        )
    if isinstance(exc, DataError):
        # A value the database cannot store (a NUL byte, a number out of range): the client's.
        return Response(
            error_body(400, "invalid", "A value cannot be stored: " + str(exc).splitlines()[0]),
            status=400,
        )
    if isinstance(exc, IntegrityError):
        # A rule the database refused (PITFALLS: otherwise a 500): named by its field when
        # the rule is known, else by its first line.
        refused = as_validation_error(exc)
        if refused is None:
            message = str(exc).splitlines()[0] if str(exc) else "The change breaks a ledger rule."
            return Response(error_body(409, "conflict", message), status=409)
        exc = refused

    if isinstance(exc, DjangoValidationError):
        # A model rule (clean(), a constraint, quote anchoring): a 400 naming the fields.
        exc = as_drf_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's handler500 answers with the same shape
    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        plural = "s" if len(fields) > 1 else ""
        if set(_codes(exc.get_codes())) <= CONFLICT_CODES:
            status = response.status_code = 409
            code, message = "conflict", f"Conflicts with the ledger: {', '.join(fields)}."
        else:
            code = "invalid_parameter" if isinstance(exc, InvalidParameter) else "invalid"
            noun = "query parameter" if code == "invalid_parameter" else "field"
            message = f"Invalid {noun}{plural}: {', '.join(fields)}."
        response.data = error_body(status, code, message, fields)
        return response
    detail = getattr(exc, "detail", None)
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    code = codes if isinstance(codes, str) else CODES.get(status, "error")
    message = str(detail) if detail is not None else CODES.get(status, "error")
    response.data = error_body(status, code, message)
    return response


class ApiErrorMiddleware:
    """Refuse NUL bytes in query parameters; answer database outages in non-DRF views.

    PostgreSQL cannot hold a NUL in a string literal, so a NUL reaching a query is a 500
    (PITFALLS, DRF#6453). Refused here, for every path, naming the parameter.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return error_response(
                    400,
                    f"Invalid query parameter: {name}.",
                    code="invalid_parameter",
                    fields={name: ["NUL bytes are not allowed."]},
                )
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request)
        return None


# Django's error views (urls.handler400/403/404/500): the API's JSON shape everywhere but
# under the admin, whose people get the admin's own HTML pages (admin/4xx.html, 500.html).
def is_admin(request: HttpRequest) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        return request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def admin_page(request: HttpRequest, status: int, title: str, heavy: bool = True) -> HttpResponse:
    """An admin error page. ``heavy``: with the user's menu (reads the session); a 500 gets
    only the site's names, so it renders even when the database is what failed."""
    from django.contrib import admin
    from django.template import loader

    context: dict[str, Any] = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "title": title,
        "status": status,
    }
    if heavy:
        with contextlib.suppress(*DATABASE_ERRORS):
            context = {**admin.site.each_context(request), **context}
    template = loader.get_template(f"admin/{status}.html")
    return HttpResponse(template.render(context, request if heavy else None), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_admin(request):
        return admin_page(request, 400, "Bad request", heavy=False)
    return error_response(400, "Bad request.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_admin(request):
        return admin_page(request, 403, "Permission denied")
    return error_response(403, "You do not have permission to perform this action.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_admin(request):
        return admin_page(request, 404, "Page not found")
    return error_response(404, "Not found.")


def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is being handled: an outage is a 503, not a bug.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    if is_admin(request):
        return admin_page(request, 500, "Server error", heavy=False)
    return error_response(500, "Internal server error.")


def dry_run_param(request: Any) -> bool:
    """The ``dry_run`` query flag of writes that can only validate; 400 unless a boolean."""
    raw = request.query_params.get("dry_run", "false").lower()
    if raw not in {"true", "false", "1", "0"}:
        raise exceptions.ValidationError({"dry_run": ["Use true or false."]})
    return raw in {"true", "1"}
