"""Keyset ("cursor") pagination: fast at any depth, stable under inserts, no COUNT.

A page is ``ORDER BY <field>, id LIMIT n+1`` after the last row seen, using a composite
``(field, id)`` index; the cursor is that row's ``(field, id)``, base64url-encoded with the
ordering and direction. Only non-null fields are offered as orderings, so the comparison
``field >= v AND (field > v OR id > i)`` never loses a row.

Answers: ``{"next": url|null, "previous": url|null, "results": [...]}``. Bad parameters are
a 400 naming ``cursor``, ``page_size`` or ``ordering`` (never silently clamped: a generated
client learns its mistake).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Field, Model, Q, QuerySet
from django.utils import timezone
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from claims.api.errors import InvalidParameter


@dataclass(frozen=True)
class Ordering:
    param: str  # as written in the query: "-updated_at"
    field: str
    descending: bool

    @classmethod
    def parse(cls, param: str) -> Ordering:
        return cls(param, param.lstrip("-"), param.startswith("-"))


@dataclass(frozen=True)
class Cursor:
    """A position: strictly after (or, ``backwards``, strictly before) the row ``key``."""

    ordering: str
    value: Any
    id: Any
    backwards: bool = False


@dataclass(frozen=True)
class PageRequest:
    size: int
    ordering: Ordering
    cursor: Cursor | None


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    next: Cursor | None
    previous: Cursor | None


def _to_text(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value if isinstance(value, int | str) or value is None else str(value)


def encode_cursor(cursor: Cursor) -> str:
    payload = [cursor.ordering, _to_text(cursor.value), _to_text(cursor.id), int(cursor.backwards)]
    return base64.urlsafe_b64encode(orjson.dumps(payload)).rstrip(b"=").decode()


def _invalid(name: str, message: str) -> InvalidParameter:
    return InvalidParameter({name: [message]})


def decode_cursor(raw: str, ordering: Ordering, value_field: Field, id_field: Field) -> Cursor:
    """The cursor in ``raw``, checked against the request's ordering; 400 if unusable."""
    try:
        data = orjson.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(data, list) or len(data) != 4:
            raise ValueError("not a cursor")
        name, value, ident, backwards = data
        if name != ordering.param:
            raise _invalid(
                "cursor", f"This cursor was made for ordering {name!r}, not {ordering.param!r}."
            )
        value, ident = value_field.to_python(value), id_field.to_python(ident)
        if value is None or ident is None or backwards not in (0, 1):
            raise ValueError("incomplete cursor")
        if isinstance(value, datetime):
            # Naive means UTC; any offset is normalised (PostgreSQL refuses exotic ones).
            value = value.replace(tzinfo=UTC) if timezone.is_naive(value) else value.astimezone(UTC)
    except InvalidParameter:
        raise
    except (ValueError, TypeError, OverflowError, binascii.Error, DjangoValidationError) as exc:
        raise _invalid("cursor", "Invalid cursor: use a next or previous link as given.") from exc
    return Cursor(name, value, ident, bool(backwards))


def _beyond(ordering: Ordering, cursor: Cursor, descending: bool) -> Q:
    """Rows strictly past ``cursor`` in the scan direction ``descending``."""
    op = "lt" if descending else "gt"
    if ordering.field == "id":
        return Q(**{f"pk__{op}": cursor.id})
    field = ordering.field
    # The first term bounds the index scan; the second breaks ties by id.
    return Q(**{f"{field}__{op}e": cursor.value}) & (
        Q(**{f"{field}__{op}": cursor.value}) | Q(**{f"pk__{op}": cursor.id})
    )


class KeysetPagination(BasePagination):
    """Cursor pagination over ``(ordering field, id)``; the view names its orderings.

    The view declares ``ordering_fields`` (non-null, indexed with id) and
    ``default_ordering``; the rows paged are ``values()`` dicts that include the ordering
    field and ``id``.
    """

    page_size = 50
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    # --- reading the request -----------------------------------------------------------

    @staticmethod
    def orderings(view: Any) -> list[str]:
        return [f"{sign}{field}" for field in view.ordering_fields for sign in ("", "-")]

    ORDERING_DESCRIPTION = (
        "Sort order; a leading `-` sorts descending. Ties are broken by `id` in the same direction."
    )

    @staticmethod
    def ordering_schema(fields: tuple[str, ...], default: str) -> dict[str, Any]:
        """The ``ordering`` parameter's schema: each field, ascending and descending."""
        values = [f"{sign}{field}" for field in fields for sign in ("", "-")]
        return {
            "type": "string",
            "enum": values,
            # Names for generated clients' enums: REVISION_DESC, not VALUE_5.
            "x-enum-varnames": [
                value.lstrip("-").upper() + ("_DESC" if value.startswith("-") else "")
                for value in values
            ],
            "default": default,
        }

    def parse(self, request: Request, view: Any, model: type[Model]) -> PageRequest:
        """Page size, ordering and cursor from the query; a 400 naming the bad one."""
        size = self.parse_size(request)
        ordering = self.parse_ordering(request, view)
        raw = request.query_params.get(self.cursor_query_param)
        cursor = None
        if raw:
            value_field = model._meta.get_field(ordering.field)
            cursor = decode_cursor(raw, ordering, value_field, model._meta.pk)
        return PageRequest(size, ordering, cursor)

    def parse_ordering(self, request: Request, view: Any) -> Ordering:
        param = request.query_params.get(self.ordering_query_param) or view.default_ordering
        if param not in self.orderings(view):
            raise _invalid(
                self.ordering_query_param,
                f"Unknown ordering {param!r}; use one of: {', '.join(self.orderings(view))}.",
            )
        return Ordering.parse(param)

    def parse_size(self, request: Request) -> int:
        name = self.page_size_query_param
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise _invalid(name, "A valid integer is required.") from None
        if size < 1:
            raise _invalid(name, "Ensure this value is greater than or equal to 1.")
        if size > self.max_page_size:
            raise _invalid(
                name, f"Ensure this value is less than or equal to {self.max_page_size}."
            )
        return size

    # --- reading the database ----------------------------------------------------------

    def page(self, queryset: QuerySet, request: PageRequest) -> Page:
        """One query: the page's rows, plus one row to know whether there is more."""
        ordering, cursor = request.ordering, request.cursor
        backwards = bool(cursor and cursor.backwards)
        descending = ordering.descending != backwards
        sign = "-" if descending else ""
        keys = ["id"] if ordering.field == "id" else [ordering.field, "id"]
        queryset = queryset.order_by(*(f"{sign}{key}" for key in keys))
        if cursor:
            queryset = queryset.filter(_beyond(ordering, cursor, descending))
        rows = list(queryset[: request.size + 1])
        more = len(rows) > request.size
        rows = rows[: request.size]
        if backwards:
            rows.reverse()
        if not rows:
            return Page(rows, None, None)

        def at(row: dict[str, Any], back: bool) -> Cursor:
            return Cursor(ordering.param, row[ordering.field], row["id"], back)

        if backwards:
            return Page(rows, at(rows[-1], False), at(rows[0], True) if more else None)
        return Page(
            rows, at(rows[-1], False) if more else None, at(rows[0], True) if cursor else None
        )

    def batches(
        self, queryset: QuerySet, ordering: Ordering, size: int
    ) -> Iterator[list[dict[str, Any]]]:
        """Every row, ``size`` at a time, each batch one keyset query (for exports)."""
        cursor: Cursor | None = None
        while True:
            page = self.page(queryset, PageRequest(size, ordering, cursor))
            if page.rows:
                yield page.rows
            if page.next is None:
                return
            cursor = page.next

    # --- writing the answer ------------------------------------------------------------

    def link(self, request: Request, cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        url = request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, encode_cursor(cursor))

    def envelope(self, request: Request, page: Page, results: list[Any]) -> dict[str, Any]:
        return {
            "next": self.link(request, page.next),
            "previous": self.link(request, page.previous),
            "results": results,
        }

    def first_page_link(self, request: Request) -> str:
        return remove_query_param(request.build_absolute_uri(), self.cursor_query_param)

    # --- documenting it (drf-spectacular) -----------------------------------------------

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Opaque position from a `next` or `previous` link. "
                "Valid only with the ordering it was made for.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Results per page, 1–{self.max_page_size} "
                f"(default {self.page_size}); larger values are refused with a 400.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
        ]
        if not getattr(view, "ordering_fields", ()):
            return parameters  # a fixed order (tombstones)
        return [
            *parameters,
            {
                "name": self.ordering_query_param,
                "in": "query",
                "required": False,
                "description": self.ORDERING_DESCRIPTION,
                "schema": self.ordering_schema(view.ordering_fields, view.default_ordering),
            },
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last one."},
                "previous": {**link, "description": "The previous page, or null."},
                "results": schema,
            },
        }

    # DRF's generic hooks; the API views call parse/page/envelope directly.
    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        raise NotImplementedError("use parse() and page()")

    def get_paginated_response(self, data: Any) -> Any:
        raise NotImplementedError("use envelope()")
