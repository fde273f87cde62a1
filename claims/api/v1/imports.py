"""``POST /api/v1/imports/``: the bulk import service over HTTP, for curators' scripts."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.parsers import BaseParser
from rest_framework.request import Request

from claims.api.errors import dry_run_param, error_body
from claims.api.openapi import error_responses
from claims.api.renderers import ORJSONRenderer, dumps
from claims.imports import import_ledger


class RawParser(BaseParser):
    """The body as bytes: the import service parses NDJSON or JSON itself."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> bytes:
        return stream.read() if stream is not None else b""


class CanImport(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.has_perm("claims.add_claim") and user.has_perm("claims.add_source")
        )


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    created = serializers.DictField(child=serializers.IntegerField())
    unchanged = serializers.DictField(child=serializers.IntegerField())
    errors = serializers.ListField(
        child=serializers.DictField(), help_text="Empty on success (errors answer 400)."
    )


_BYTES = {"type": "string", "format": "binary"}


class ImportViewSet(viewsets.ViewSet):
    """Bulk import of sources and claims (curators)."""

    permission_classes = [CanImport]
    parser_classes = [RawParser]
    renderer_classes = [ORJSONRenderer]

    @extend_schema(
        # Every media type the import reads, so generated clients offer each they support
        # (a JSON list of records; raw bytes as NDJSON) instead of skipping the operation.
        request={
            "application/x-ndjson": _BYTES,
            "application/json": {
                "type": "object",
                "required": ["records"],
                "properties": {
                    "records": {
                        "type": "array",
                        "items": {"type": "object", "additionalProperties": True},
                        "description": "Source and claim records (docs/imports.md).",
                    }
                },
                "description": "The records under `records` (a bare JSON list is read too).",
            },
            "text/csv": _BYTES,
            "application/octet-stream": _BYTES,
        },
        parameters=[
            OpenApiParameter("dry_run", bool, description="Validate and report; write nothing.")
        ],
        responses={
            200: ImportReportSerializer,
            201: ImportReportSerializer,
            **error_responses(400, 401, 403, 406, 409, 413, 429, 503),
        },
        description="Import NDJSON (`application/x-ndjson` or any other type, one record per "
        "line), JSON (`application/json`, a list) or CSV (`text/csv`, the API's own export) "
        "of source and claim records — the format of "
        "`manage.py export_ledger`, documented in docs/imports.md. All or nothing: a 400 "
        "names each bad row and field in `fields` (`rows[7].value`) and nothing is "
        "written; 201 with the report when written, 200 "
        "for a dry run. Re-importing the same file changes nothing. Bodies are limited by "
        "`IMPORT_MAX_BYTES`; larger files go through `manage.py import_ledger`.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        dry_run = dry_run_param(request)
        # An empty body parses to an empty mapping, not bytes.
        body = request.data if isinstance(request.data, bytes) else b""
        media = request.content_type.split(";")[0].strip()
        fmt = {"application/json": "json", "text/csv": "csv"}.get(media, "ndjson")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.ValidationError({"body": ["The body must be UTF-8."]}) from None
        lines = [text] if fmt == "json" else io.StringIO(text, newline="")
        report = import_ledger(lines, fmt=fmt, dry_run=dry_run, by=request.user)
        if not report.ok:
            fields: dict[str, list[str]] = {}
            for e in report.errors[:1000]:
                fields.setdefault(f"rows[{e['row']}].{e['field']}", []).append(e["message"])
            body = error_body(
                400, "invalid_import", f"{len(report.errors)} error(s); nothing written.", fields
            )
            return HttpResponse(dumps(body), status=400, content_type="application/json")
        status = 200 if dry_run else 201
        return HttpResponse(dumps(report.as_dict()), status=status, content_type="application/json")
