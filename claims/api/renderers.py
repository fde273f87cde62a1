"""JSON out through orjson: the read path's bytes are produced here and nowhere else.

Decimals leave as JSON numbers with their exact digits (not floats, not strings); UUIDs as
strings; datetimes as RFC 3339 with ``Z`` for UTC; dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from django.utils.encoding import force_str
from django.utils.functional import Promise
from rest_framework.metadata import SimpleMetadata
from rest_framework.renderers import BaseRenderer

_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{value} has no JSON form")
        # The stored digits, written as a number: 455.837907, 5000, 0.5 (never 5E+3).
        return orjson.Fragment(format(value.normalize(), "f"))
    if isinstance(value, Promise):  # lazy translations in error messages
        return force_str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_default, option=_OPTIONS)


class ORJSONRenderer(BaseRenderer):
    """``application/json`` via orjson."""

    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict | None = None,
    ) -> bytes:
        if data is None:
            return b""
        return dumps(data)


class JSONLDRenderer(ORJSONRenderer):
    """schema.org JSON-LD (``application/ld+json``)."""

    media_type = "application/ld+json"
    format = "jsonld"


class CSVRenderer(BaseRenderer):
    """Declares ``text/csv`` for negotiation and the schema; the export view streams the rows."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        raise NotImplementedError("CSV is streamed by the export view")


class NDJSONRenderer(CSVRenderer):
    """Declares ``application/x-ndjson``; the export view streams one claim per line."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = None


class OctetStreamRenderer(NDJSONRenderer):
    """The NDJSON export's same bytes as ``application/octet-stream``, for clients that ask
    for a download as bytes (a generated client reads it as a file)."""

    media_type = "application/octet-stream"
    format = "bytes"


class PlainMetadata(SimpleMetadata):
    """OPTIONS answers name, description and media types; the schema documents the rest
    (DRF's default introspects write serializers against an object it cannot look up)."""

    def determine_metadata(self, request: Any, view: Any) -> dict[str, Any]:
        metadata = super().determine_metadata(request, view)
        metadata.pop("actions", None)
        return metadata

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        return {}
