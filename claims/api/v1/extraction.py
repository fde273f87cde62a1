"""Candidate claims from text, for curators: the extractor behind the API.

``POST /api/v1/extract/`` proposes candidates for pasted text and saves nothing;
``POST /api/v1/sources/{id}/extract/`` proposes them for a source and saves the new ones as
``candidate`` claims with their citations (``?dry_run=true`` saves nothing). Both call the
same service as the admin's "Propose claims" action.

Input is bounded so a request's work is: extraction reads at most ``MAX_TEXT`` characters
(200,000, about 30,000 words: a long report; measured at well under a second of extraction,
``bench/extract_speed.py``). Pasted text over the limit is a 400 naming ``text``; a source
whose text is longer is a 413 naming ``text`` (split it into several sources). Bodies over
``API_MAX_BODY_BYTES`` are refused with a 413 before they are read (``claims.api.limits``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from claims.api import strict
from claims.api.errors import dry_run_param, error_body
from claims.api.openapi import error_responses
from claims.api.renderers import ORJSONRenderer, dumps
from claims.extraction import Candidate
from claims.extraction.propose import candidates_for_text, propose_claims
from claims.models import Source

MAX_TEXT = 200_000  # characters: about 30,000 words, a long report


class CanProposeClaims(permissions.BasePermission):
    """Curators: whoever may add claims."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("claims.add_claim"))


class ExtractRequestSerializer(serializers.Serializer):
    text = strict.CharField(
        max_length=MAX_TEXT,
        trim_whitespace=False,
        help_text="News text, at most 200,000 characters (longer is a 400 naming `text`).",
    )


class CandidateSerializer(serializers.Serializer):
    """A machine-proposed claim, anchored to its quote; a curator accepts or rejects it."""

    kind = serializers.CharField()
    statement = serializers.CharField()
    value = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    lower = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True)
    upper = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True)
    approximate = serializers.BooleanField()
    bounds_stated = serializers.BooleanField()
    value_si = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True)
    unit_si = serializers.CharField(allow_blank=True)
    quote = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    sentence = serializers.CharField()
    subject = serializers.CharField(allow_blank=True)
    claimant_name = serializers.CharField(allow_blank=True)
    claimant = serializers.UUIDField(allow_null=True, help_text="The matched actor's id.")
    modality = serializers.CharField()
    confidence = serializers.FloatField()
    method = serializers.CharField(help_text='"extractor@<version>"')
    provisions = serializers.ListField(
        child=serializers.CharField(),
        help_text="A proposal's provisions: what its sentences state, in text order.",
    )


class ExtractResponseSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


class SourceExtractResponseSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField(help_text="Candidate claims saved by this call.")
    skipped = serializers.IntegerField(help_text="Found but already cited from this source.")
    candidates = CandidateSerializer(many=True, help_text="The new candidates.")
    claims = serializers.ListField(
        child=serializers.URLField(), help_text="The saved candidate claims (staff can read)."
    )


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    return {
        "kind": candidate.kind,
        "statement": candidate.statement,
        "value": candidate.value,
        "unit": candidate.unit,
        "lower": candidate.lower,
        "upper": candidate.upper,
        "approximate": candidate.approximate,
        "bounds_stated": candidate.bounds_stated,
        "value_si": candidate.value_si,
        "unit_si": candidate.unit_si,
        "quote": candidate.quote,
        "start": candidate.start,
        "end": candidate.end,
        "sentence": candidate.sentence,
        "subject": candidate.subject,
        "claimant_name": candidate.claimant_name,
        "claimant": candidate.claimant_id,
        "modality": candidate.modality,
        "confidence": candidate.confidence,
        "method": candidate.method,
        "provisions": list(candidate.provisions),
    }


def _json(data: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")


class ExtractViewSet(viewsets.ViewSet):
    """Machine-proposed candidate claims (curators only)."""

    permission_classes = [CanProposeClaims]
    renderer_classes = [ORJSONRenderer]

    @extend_schema(
        request=ExtractRequestSerializer,
        responses={
            200: ExtractResponseSerializer,
            **error_responses(400, 401, 403, 406, 413, 429, 503),
        },
        description="Propose candidate claims for pasted text; nothing is saved.",
    )
    def text(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        body = ExtractRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = candidates_for_text(body.validated_data["text"])
        return _json({"candidates": [candidate_json(c) for c in found]})

    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter(
                "dry_run", bool, description="Return the candidates without saving them."
            )
        ],
        responses={
            200: SourceExtractResponseSerializer,
            201: SourceExtractResponseSerializer,
            **error_responses(400, 401, 403, 404, 406, 409, 413, 429, 503),
        },
        description="Propose candidate claims for a source and save the new ones as "
        "`candidate` claims with their citations (201). Re-running never duplicates: "
        "what is already cited from the source, in any status (rejected ones too), is "
        "skipped. `dry_run=true` saves nothing (200). A source whose text is longer than "
        "200,000 characters is a 413 naming `text`.",
    )
    def source(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        dry_run = dry_run_param(request)
        source = get_object_or_404(Source, pk=id)
        if len(source.text) > MAX_TEXT:
            message = (
                f"The source's text has {len(source.text)} characters; extraction reads at "
                f"most {MAX_TEXT}. Split it into several sources."
            )
            return _json(error_body(413, "too_large", message, {"text": [message]}), status=413)
        proposed = propose_claims(source, by=request.user, dry_run=dry_run)
        root = request.build_absolute_uri(f"/api/{request.version}/claims/")
        return _json(
            {
                "dry_run": dry_run,
                "created": len(proposed.claims),
                "skipped": proposed.skipped,
                "candidates": [candidate_json(c) for c in proposed.candidates],
                "claims": [f"{root}{claim.pk}/" for claim in proposed.claims],
            },
            status=200 if dry_run else 201,
        )
