"""v1 read endpoints. Each viewset declares what it serves; ``ReadViewSet`` does the HTTP.

Docstrings here are user documentation (they appear in the schema and Swagger UI).
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from django.db.models import QuerySet
from django.http import Http404, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api import conditional
from claims.api.base import ReadViewSet
from claims.api.errors import InvalidParameter
from claims.api.filtering import FilterBackend
from claims.api.openapi import CONDITIONAL_PARAMETERS, error_responses, read_responses
from claims.api.renderers import (
    CSVRenderer,
    JSONLDRenderer,
    NDJSONRenderer,
    OctetStreamRenderer,
    dumps,
)
from claims.api.v1 import exports, jsonld, shapes, tombstones, writes
from claims.api.v1.filters import (
    ActorFilter,
    ClaimFilter,
    ProposalFilter,
    SourceFilter,
    TopicFilter,
    citing,
)
from claims.api.v1.pagination import CursorPagination
from claims.api.v1.serializers import (
    ActorSerializer,
    ApiRootSerializer,
    ClaimSerializer,
    ProposalSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    TombstoneQuerySerializer,
    TombstoneSerializer,
    TopicSerializer,
)
from claims.api.v1.writes import (
    REVIEW_ACTIONS,
    REVIEWER_PERMISSIONS,
    ActorWriteSerializer,
    ClaimWrites,
    HistoryEntrySerializer,
    HistoryViews,
    ProposalWriteSerializer,
    ProvisionWriteSerializer,
    SimpleWrites,
    SourceWriteSerializer,
    TopicWriteSerializer,
    write_schema,
)
from claims.models import Actor, Citation, Claim, ClaimQuerySet, Proposal, Source, Topic

LD_JSON = "application/ld+json"


class V1ReadViewSet(ReadViewSet):
    filter_backends = [FilterBackend]
    pagination_class = CursorPagination


def _list_schema(serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        description=description,
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(serializer(many=True)),
    )


def _ordering_parameter(fields: tuple[str, ...], default: str) -> OpenApiParameter:
    """``ordering`` for endpoints that are not lists but take one (the exports)."""
    return OpenApiParameter(
        "ordering",
        CursorPagination.ordering_schema(fields, default),
        description=CursorPagination.ORDERING_DESCRIPTION,
    )


def _detail_schema(serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        description=description,
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(serializer),
    )


@extend_schema_view(
    list=_list_schema(
        ClaimSerializer,
        "Claims, newest first by default, each with its provenance (citations with quotes, "
        "offsets and sources). Cursor-paged; filter with the parameters below.",
    ),
    retrieve=_detail_schema(
        ClaimSerializer, "One claim by id. Drafts and candidates are visible to staff only."
    ),
)
class ClaimViewSet(ClaimWrites, V1ReadViewSet):
    """Claims: one checkable assertion each, with who asserts it and the exact words it rests on."""

    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = ("created_at", "updated_at", "revision", "id")
    default_ordering = "-created_at"

    def get_queryset(self) -> QuerySet:
        claims = Claim.objects.all()
        return claims if self.visibility == "staff" else claims.public()

    def get_permissions(self) -> list[Any]:
        if self.action in REVIEW_ACTIONS:
            return [permission() for permission in REVIEWER_PERMISSIONS]
        return super().get_permissions()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._claims_page(lambda: self.filter_queryset(self.get_queryset()))

    @_list_schema(ClaimSerializer, "Claims citing this source (404 if there is no such source).")
    def by_source(self, request: Request, *args: Any, source_id: uuid.UUID, **kw: Any):
        return self._claims_page(
            lambda: self.filter_queryset(self.get_queryset()).filter(citing(source_id)),
            Source.objects.filter(pk=source_id).exists,
        )

    @_list_schema(
        ClaimSerializer,
        "Claims about this proposal, directly or through one of its provisions "
        "(404 if there is no such proposal).",
    )
    def by_proposal(self, request: Request, *args: Any, proposal_id: uuid.UUID, **kw: Any):
        return self._claims_page(
            lambda: self.filter_queryset(self.get_queryset()).filter(proposal_id=proposal_id),
            Proposal.objects.filter(pk=proposal_id).exists,
        )

    def _claims_page(self, claims: Any, exists: Any = None) -> HttpResponseBase:
        return self.respond_page(shapes.CLAIM, claims, exists)

    def retrieve(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        return self.respond_object(lambda: self._claim(id))

    @extend_schema(
        description="One claim as schema.org `Claim` JSON-LD: `author` is the claimant, each "
        "`appearance` a source document with the quote as its `text`.",
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(
            OpenApiResponse(OpenApiTypes.OBJECT, description="A schema.org Claim (JSON-LD)."),
            media_type=LD_JSON,
        ),
    )
    def jsonld(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        return self.respond_object(
            lambda: jsonld.claim_jsonld(orjson.loads(self._claim_text(id))), LD_JSON
        )

    def _claim(self, id: uuid.UUID) -> orjson.Fragment:
        return orjson.Fragment(self._claim_text(id))

    def _claim_text(self, id: uuid.UUID) -> str:
        return self.object_text(shapes.CLAIM, self.get_queryset().filter(pk=id))

    @extend_schema(
        description="The filtered claim list as CSV, streamed: one row per (claim, citation). "
        "The last row is `#trailer,count=…,sha256=…,revision=…,snapshot_at=…`: the number of "
        "claims, the SHA-256 of every byte before it, and the revision the export is a "
        "snapshot of (PostgreSQL); without it the export was cut short.",
        operation_id="claims_export_csv",
        filters=True,
        parameters=[
            *CONDITIONAL_PARAMETERS,
            _ordering_parameter(ordering_fields, default_ordering),
        ],
        responses=read_responses(OpenApiTypes.STR, media_type="text/csv"),
    )
    def export_csv(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._export(exports.csv_stream, "text/csv; charset=utf-8", "csv")

    @extend_schema(
        description="The filtered claim list as NDJSON, streamed: one v1 claim object per "
        'line, then `{"trailer": {"count", "sha256", "revision", "snapshot_at"}}`: the number '
        "of claims, the SHA-256 of every byte before the trailer line, and the revision the "
        "export is a snapshot of (PostgreSQL; continue with `revision_after`). Without the "
        "trailer the export was cut short.",
        operation_id="claims_export_ndjson",
        filters=True,
        parameters=[
            *CONDITIONAL_PARAMETERS,
            _ordering_parameter(ordering_fields, default_ordering),
        ],
        responses={
            **read_responses(OpenApiTypes.STR, media_type="application/x-ndjson"),
            # The same bytes under the generic type, when asked for: generated clients that
            # know no NDJSON (openapi-python-client) read this one and return the body.
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The same NDJSON bytes, answered to "
                "`Accept: application/octet-stream`.",
            ),
        },
    )
    def export_ndjson(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._export(exports.ndjson_stream, request.accepted_media_type, "ndjson")

    def _export(self, stream: Any, content_type: str, extension: str) -> HttpResponseBase:
        claims = self.filter_queryset(self.get_queryset())
        ordering = self.paginator.parse_ordering(self.request, self)
        state = conditional.ledger_state()
        etag = None
        if state is not None:
            url = self.request.build_absolute_uri()
            etag = conditional.collection_etag(state, url, self.visibility)
            answer = conditional.precondition_response(self.request, etag, state.changed_at)
            if answer is not None:
                return self._headers(answer, etag, state)
        snapshot_at = timezone.now()
        stamp_at = snapshot_at.isoformat().replace("+00:00", "Z")
        # CSV rows carry the claim as a group member: its rank_reason besides group and rank.
        shape = shapes.ASSERTION_MEMBER if stream is exports.csv_stream else shapes.CLAIM
        rows = shape.rows(claims, self.links, self.keyset_columns)
        # NDJSON forwards the database's JSON; CSV reads it to lay the fields out in columns.
        answers = shapes.fragments if stream is exports.ndjson_stream else shapes.parsed

        def body() -> Any:
            with exports.snapshot() as revision:
                batches = (
                    answers(batch)
                    for batch in self.paginator.batches(rows, ordering, exports.BATCH)
                )
                yield from stream(batches, revision, stamp_at)

        response = StreamingHttpResponse(body(), content_type=content_type)
        stamp = snapshot_at.strftime("%Y%m%dT%H%M%SZ")
        response["Content-Disposition"] = f'attachment; filename="claims-{stamp}.{extension}"'
        response["X-Snapshot-At"] = stamp_at
        return self._headers(response, etag, state)

    def get_renderers(self) -> list[Any]:
        if self.action == "export_csv":
            return [CSVRenderer()]
        if self.action == "export_ndjson":
            return [NDJSONRenderer(), OctetStreamRenderer()]
        if self.action == "jsonld":
            return [JSONLDRenderer()]
        return super().get_renderers()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        if self.action in ("export_csv", "export_ndjson"):
            # A download, not a view: answered whatever Accept says, in the first media type
            # unless Accept (or ?format=) names another one the export has.
            renderer = self.get_renderers()[0]
            if self.action == "export_ndjson":
                try:
                    renderer, _media = super().perform_content_negotiation(request)
                except NotAcceptable:
                    pass
                except Http404 as exc:  # DRF's answer to an unknown ?format=
                    raise InvalidParameter({"format": ["Choose ndjson or bytes."]}) from exc
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)


@extend_schema_view(
    list=_list_schema(
        SourceSerializer,
        "Source documents, newest first by default (without their full text: see the detail).",
    ),
    retrieve=_detail_schema(
        SourceDetailSerializer, "One source with its full text; citation offsets index into it."
    ),
)
@extend_schema_view(**write_schema(SourceWriteSerializer, SourceDetailSerializer, "source"))
class SourceViewSet(HistoryViews, SimpleWrites, V1ReadViewSet):
    """Sources: the documents claims are drawn from, text frozen once cited."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    write_serializer = SourceWriteSerializer
    filterset_class = SourceFilter
    ordering_fields = ("created_at", "updated_at", "revision")
    default_ordering = "-created_at"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.respond_page(shapes.SOURCE, lambda: self.filter_queryset(self.get_queryset()))

    def retrieve(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        return self.respond_object(
            lambda: self.object_json(shapes.SOURCE_DETAIL, Source.objects.filter(pk=id))
        )


class _SimpleResource(V1ReadViewSet):
    """A list and a detail of one shape."""

    ordering_fields = ("slug", "created_at", "updated_at", "revision")
    default_ordering = "slug"
    shape: shapes.Shape

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.respond_page(self.shape, lambda: self.filter_queryset(self.get_queryset()))

    def retrieve(self, request: Request, *args: Any, id: uuid.UUID, **kwargs: Any):
        return self.respond_object(
            lambda: self.object_json(self.shape, self.get_queryset().filter(pk=id))
        )


@extend_schema_view(
    list=_list_schema(ActorSerializer, "Actors: who asserts, reports, proposes or is measured."),
    retrieve=_detail_schema(ActorSerializer, "One actor."),
)
@extend_schema_view(**write_schema(ActorWriteSerializer, ActorSerializer, "actor"))
class ActorViewSet(SimpleWrites, _SimpleResource):
    """Actors: people, states, organisations, pollsters, media, unnamed groups."""

    queryset = Actor.objects.all()
    write_serializer = ActorWriteSerializer
    serializer_class = ActorSerializer
    filterset_class = ActorFilter
    shape = shapes.ACTOR


@extend_schema_view(
    list=_list_schema(TopicSerializer, "Topics to browse claims by."),
    retrieve=_detail_schema(TopicSerializer, "One topic."),
)
@extend_schema_view(**write_schema(TopicWriteSerializer, TopicSerializer, "topic"))
class TopicViewSet(SimpleWrites, _SimpleResource):
    """Topics: themes such as territory, public opinion, security guarantees."""

    queryset = Topic.objects.all()
    write_serializer = TopicWriteSerializer
    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    shape = shapes.TOPIC


@extend_schema_view(
    list=_list_schema(ProposalSerializer, "Proposals with their provisions."),
    retrieve=_detail_schema(ProposalSerializer, "One proposal with its provisions."),
)
@extend_schema_view(**write_schema(ProposalWriteSerializer, ProposalSerializer, "proposal"))
class ProposalViewSet(SimpleWrites, _SimpleResource):
    """Proposals: plans, drafts and sets of demands, each with its provisions (points)."""

    queryset = Proposal.objects.all()
    write_serializer = ProposalWriteSerializer

    @extend_schema(
        request=ProvisionWriteSerializer,
        responses={
            201: ProposalSerializer,
            **error_responses(400, 401, 403, 404, 406, 409, 413, 429, 503),
        },
        description="Add a provision (a point) to a proposal (curators).",
    )
    def add_provision(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        return writes.add_provision(self, request, id)

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    shape = shapes.PROPOSAL


class TombstoneViewSet(V1ReadViewSet):
    """Tombstones: what a mirror must retract, supersede or delete."""

    serializer_class = TombstoneSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        description="What a mirror must retract, supersede or drop, oldest revision first, "
        "cursor-paged: claims retracted or superseded, and any object deleted. A mirror keeps "
        "the largest `revision` it applied and asks for `revision_after` it next time: "
        "nothing committed later is missed. `since` (a time) selects by when it happened.",
        parameters=[TombstoneQuerySerializer, *CONDITIONAL_PARAMETERS],
        responses=read_responses(TombstoneSerializer(many=True)),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # An empty parameter is no parameter (as for every list's filters).
        given = {
            name: kept[-1]
            for name, values in request.query_params.lists()
            if (kept := [v for v in values if v != ""])
        }
        query = TombstoneQuerySerializer(data=given)
        if not query.is_valid():
            raise InvalidParameter(query.errors)
        size = self.paginator.parse_size(request)
        cursor = tombstones.parse_cursor(request.query_params.get("cursor"))

        def build() -> bytes:
            page = tombstones.page(
                since=query.validated_data.get("since"),
                revision_after=query.validated_data.get("revision_after"),
                cursor=cursor,
                size=size,
                staff=self.visibility == "staff",
            )
            shaped = tombstones.shape_tombstones(page.rows, self.links)
            return dumps(self.paginator.envelope(request, page, shaped))

        return self.respond_collection(build)


class ApiRootViewSet(V1ReadViewSet):
    """Where everything in v1 is."""

    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        description="Links to every v1 collection, the schema and the docs.",
        responses={200: ApiRootSerializer, **error_responses(406, 429, 503)},
    )
    def root(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        names = ("claims", "sources", "actors", "topics", "proposals", "assertions", "tombstones")
        return Response(
            {
                **{name: self.links.collection(name) for name in names},
                "schema": request.build_absolute_uri(f"/api/schema/?version={request.version}"),
                "docs": request.build_absolute_uri("/api/docs/"),
            }
        )


class CitationViewSet(HistoryViews, V1ReadViewSet):
    """Citations' change history (a citation is read inside its claim)."""

    queryset = Citation.objects.all()
    serializer_class = HistoryEntrySerializer

    def get_queryset(self) -> QuerySet:
        citations = Citation.objects.all()
        if self.visibility == "staff":
            return citations
        return citations.filter(claim__status__literal_in=ClaimQuerySet.PUBLIC_STATUSES)
