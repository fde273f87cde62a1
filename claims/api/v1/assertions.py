"""v1 groups of claims (``Assertion``): reads, the series and its chart, JSON-LD, and the
curators' and reviewers' writes (group, ungroup, rank, resolve), each a service call.

Docstrings and descriptions here are user documentation (shown in the schema).
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from claims import charts, services
from claims.api import conditional, strict
from claims.api.errors import as_drf_error
from claims.api.openapi import CONDITIONAL_PARAMETERS, error_responses, read_responses
from claims.api.renderers import JSONLDRenderer, dumps
from claims.api.v1 import jsonld, shapes
from claims.api.v1.filters import AssertionFilter
from claims.api.v1.views import LD_JSON, V1ReadViewSet, _detail_schema, _list_schema
from claims.api.v1.writes import (
    IF_MATCH,
    WRITE_ERRORS,
    _validated,
    check_if_match,
    if_match_given,
)
from claims.auth import IsReviewer
from claims.models import Assertion, Claim, ClaimKind, Rank, Topic

AssertionSerializer = shapes.ASSERTION.serializer()
AssertionDetailSerializer = shapes.ASSERTION_DETAIL.serializer()
SVG = "image/svg+xml"
BYTES = "application/octet-stream"
# A series is answered whole: one measure's groups over time are a handful to a few hundred.
MAX_POINTS = 500


class SeriesSerializer(serializers.Serializer):
    measure = serializers.CharField(
        allow_null=True, help_text="The measure; null when the group is in no series."
    )
    points = AssertionDetailSerializer(
        many=True,
        help_text="The groups of this measure, oldest `as_of` first (at most 500), each with "
        "its members' quotes and sources.",
    )


class SVGRenderer(BaseRenderer):
    media_type = SVG
    format = "svg"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        return data if isinstance(data, bytes) else dumps(data)


class SVGBytesRenderer(SVGRenderer):
    media_type = BYTES
    format = "bytes"


class AssertionWriteSerializer(serializers.Serializer):
    statement = strict.CharField(help_text="The proposition the members state.")
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    subject = strict.CharField(required=False, allow_blank=True, max_length=300)
    place = strict.CharField(required=False, allow_blank=True, max_length=300)
    as_of = serializers.DateField(required=False, allow_null=True)
    measure = strict.SlugField(required=False, allow_blank=True, max_length=100)
    topics = strict.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    claims = strict.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        many=True,
        help_text="The member claims (ids), at least one; each in no other group.",
    )


class AssertionChangeSerializer(AssertionWriteSerializer):
    kind = None
    claims = None


class MembersSerializer(serializers.Serializer):
    claims = strict.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(), many=True, help_text="Claim ids."
    )


class RankSerializer(serializers.Serializer):
    claim = strict.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rank = serializers.ChoiceField(
        choices=[Rank.PREFERRED, Rank.NORMAL],
        help_text="Preferring a member demotes the previous preferred one to normal. To "
        "deprecate, a reviewer resolves (`…/resolve/`).",
    )


class DeprecationSerializer(serializers.Serializer):
    claim = strict.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    reason = strict.CharField(max_length=500, help_text="Why the member is deprecated.")


class ResolveSerializer(serializers.Serializer):
    deprecate = DeprecationSerializer(required=False, help_text="Deprecate one member.")
    split = strict.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        many=True,
        required=False,
        help_text="Move these members into a new group of the same scope.",
    )
    statement = strict.CharField(
        required=False, allow_blank=True, help_text="The new group's statement (split)."
    )

    def validate(self, attrs: dict) -> dict:
        if ("deprecate" in attrs) == bool(attrs.get("split")):
            raise serializers.ValidationError(
                {"deprecate": ["Give either deprecate or split (a non-empty list)."]}
            )
        return attrs


def _service(call: Any) -> Any:
    try:
        return call()
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


def _write(description: str, request: Any = None, reviewers: bool = False) -> Any:
    who = "Reviewers" if reviewers else "Curators"
    return extend_schema(
        request=request,
        parameters=[IF_MATCH],
        responses={200: AssertionDetailSerializer, **error_responses(*WRITE_ERRORS, 412, 428)},
        description=f"{description} {who} only; needs `If-Match` with the group's `ETag`.",
    )


@extend_schema_view(
    list=_list_schema(
        AssertionSerializer,
        "Groups of claims from different reports that state one proposition, newest first, "
        "with derived figures: the preferred value, the spread, how many sources and how "
        "many *independent* sources report it, and whether members conflict. Groups without "
        "a public member are visible to staff only.",
    ),
    retrieve=_detail_schema(
        AssertionDetailSerializer,
        "One group with its members, each with its quotes, offsets and sources (anonymous "
        "readers see the public members).",
    ),
)
class AssertionViewSet(V1ReadViewSet):
    """Groups of claims: corroboration and contradiction across reports."""

    queryset = Assertion.objects.all()
    serializer_class = AssertionSerializer
    filterset_class = AssertionFilter
    ordering_fields = ("created_at", "updated_at", "revision", "id")
    default_ordering = "-created_at"

    def get_queryset(self) -> QuerySet:
        groups = Assertion.objects.all()
        return groups if self.visibility == "staff" else groups.public()

    def get_permissions(self) -> list[Any]:
        if self.action == "resolve":
            return [IsReviewer()]
        return super().get_permissions()

    @property
    def detail_shape(self) -> shapes.Shape:
        staff = self.visibility == "staff"
        return shapes.ASSERTION_DETAIL_STAFF if staff else shapes.ASSERTION_DETAIL

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.respond_page(
            shapes.ASSERTION, lambda: self.filter_queryset(self.get_queryset())
        )

    def retrieve(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        return self.respond_object(lambda: self._detail(id))

    def _detail(self, id: uuid.UUID) -> orjson.Fragment:
        return self.object_json(self.detail_shape, self.get_queryset().filter(pk=id))

    # --- series --------------------------------------------------------------------------

    def _series(self, id: uuid.UUID) -> dict[str, Any]:
        visible = self.get_queryset()
        measure = visible.filter(pk=id).values_list("measure", flat=True).first()
        if measure is None:
            raise exceptions.NotFound()
        points = visible.filter(measure=measure) if measure else visible.filter(pk=id)
        rows = self.detail_shape.rows(
            points.order_by("as_of", "created_at", "id"), self.links, ("id",)
        )[:MAX_POINTS]
        return {"measure": measure or None, "points": shapes.parsed(rows)}

    @extend_schema(
        description="The series this group belongs to: every group of its `measure` (one "
        "per time scope), oldest first, each with its figures and its members' provenance. "
        "A group in no series is a series of one point.",
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(SeriesSerializer),
    )
    def series(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        return self.respond_object(lambda: self._series(id))

    @extend_schema(
        description="The series as an SVG chart: a column per time point, each counted "
        "member a dot at its value with a bar over its stated range, the preferred value a "
        "tick; a point whose members conflict is red and marked `conflict`.",
        operation_id="assertions_chart",
        parameters=CONDITIONAL_PARAMETERS,
        responses={
            **read_responses(
                OpenApiResponse(OpenApiTypes.STR, description="An SVG image."), media_type=SVG
            ),
            # The same bytes under the generic type, when asked for: generated clients that
            # know no image types (openapi-python-client) read this one as a file.
            (200, BYTES): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The same SVG bytes, answered to `Accept: application/octet-stream`.",
            ),
        },
    )
    def chart(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        def build() -> bytes:
            series = self._series(id)
            title = series["measure"] or series["points"][0]["statement"]
            return charts.series_svg(title, series["points"]).encode()

        media = BYTES if request.accepted_media_type == BYTES else SVG
        return self.respond_object(build, media)

    @extend_schema(
        description="The group as one schema.org `Claim` (JSON-LD): its statement as `text`, "
        "every supporting quote of every public member as an `appearance`.",
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(
            OpenApiResponse(OpenApiTypes.OBJECT, description="A schema.org Claim (JSON-LD)."),
            media_type=LD_JSON,
        ),
    )
    def jsonld(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        def build() -> dict[str, Any]:
            text = self.object_text(shapes.ASSERTION_DETAIL, self.get_queryset().filter(pk=id))
            return jsonld.assertion_jsonld(orjson.loads(text))

        return self.respond_object(build, LD_JSON)

    def get_renderers(self) -> list[Any]:
        if self.action == "chart":
            return [SVGRenderer(), SVGBytesRenderer()]
        if self.action == "jsonld":
            return [JSONLDRenderer()]
        return super().get_renderers()

    # --- writes ----------------------------------------------------------------------------

    def _respond(self, id: Any, status: int = 200) -> HttpResponseBase:
        body = dumps(self._detail(id))
        response = HttpResponse(body, status=status, content_type="application/json")
        response["ETag"] = conditional.representation_etag(body)
        if status == 201:
            response["Location"] = f"{self.links.collection('assertions')}{id}/"
        return response

    def _locked(self, id: uuid.UUID) -> Assertion:
        """The group, row-locked, after checking ``If-Match`` against its current ETag."""
        if_match = if_match_given(self.request)
        assertion = self.get_queryset().select_for_update().filter(pk=id).first()
        if assertion is None:
            raise exceptions.NotFound()
        check_if_match(if_match, conditional.representation_etag(dumps(self._detail(id))))
        return assertion

    @extend_schema(
        request=AssertionWriteSerializer,
        responses={201: AssertionDetailSerializer, **error_responses(*WRITE_ERRORS)},
        description="Group claims that state one proposition (curators). Each claim must be "
        "of the group's kind and in no other group; the figures are derived, never sent.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        data = _validated(AssertionWriteSerializer, request.data)
        made = _service(lambda: services.create_assertion(by=request.user, **data))
        return self._respond(made.pk, 201)

    @_write("Change a group's statement, scope or topics.", AssertionChangeSerializer)
    def partial_update(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        data = _validated(AssertionChangeSerializer, request.data, partial=True)
        with transaction.atomic():
            assertion = self._locked(id)
            _service(lambda: services.update_assertion(assertion, by=request.user, **data))
        return self._respond(id)

    @_write("Add claims to the group.", MembersSerializer)
    def members(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        claims = _validated(MembersSerializer, request.data)["claims"]
        with transaction.atomic():
            assertion = self._locked(id)
            _service(lambda: services.group_claims(assertion, claims, by=request.user))
        return self._respond(id)

    @extend_schema(
        request=MembersSerializer,
        parameters=[IF_MATCH],
        responses={
            200: AssertionDetailSerializer,
            204: OpenApiResponse(description="The last member left: the group is deleted."),
            **error_responses(*WRITE_ERRORS, 412, 428),
        },
        description="Take claims out of the group (curators; needs `If-Match`). When the last "
        "member leaves, the group is deleted (204) and appears in `/tombstones/`.",
    )
    def ungroup(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        claims = _validated(MembersSerializer, request.data)["claims"]
        with transaction.atomic():
            assertion = self._locked(id)
            kept = _service(lambda: services.ungroup_claims(assertion, claims, by=request.user))
        return self._respond(id) if kept is not None else HttpResponse(status=204)

    @_write("Rank a member preferred or normal.", RankSerializer)
    def rank(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        data = _validated(RankSerializer, request.data)
        with transaction.atomic():
            assertion = self._locked(id)
            _service(
                lambda: services.rank_claim(assertion, data["claim"], data["rank"], by=request.user)
            )
        return self._respond(id)

    @_write(
        "Resolve a conflict: deprecate one member with a reason, or split members off into a "
        "new group (its address in `Location`). The resolution is kept in the members' "
        "history.",
        ResolveSerializer,
        reviewers=True,
    )
    def resolve(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        data = _validated(ResolveSerializer, request.data)
        new = None
        with transaction.atomic():
            assertion = self._locked(id)
            if "deprecate" in data:
                given = data["deprecate"]
                _service(
                    lambda: services.rank_claim(
                        assertion,
                        given["claim"],
                        Rank.DEPRECATED,
                        by=request.user,
                        reason=given["reason"],
                    )
                )
            else:
                new = _service(
                    lambda: services.split_assertion(
                        assertion,
                        data["split"],
                        by=request.user,
                        statement=data.get("statement", ""),
                    )
                )
        response = self._respond(id)
        if new is not None:
            response["Location"] = f"{self.links.collection('assertions')}{new.pk}/"
        return response
