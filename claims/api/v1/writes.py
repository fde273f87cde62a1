"""Curation through the API: create and edit claims and citations, review them, read history.

Rules are the models' (``full_clean``) and the services' (status changes); this module only
maps JSON to them. Every multi-row write is one transaction. Edits and deletes need
``If-Match`` with the claim's current ``ETag`` (428 without, 412 when stale), compared
under a row lock, so two curators can never overwrite each other.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseBase
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from claims import services
from claims.api import conditional, strict
from claims.api.errors import as_drf_error
from claims.api.openapi import CONDITIONAL_PARAMETERS, ETAG_LIST, error_responses, read_responses
from claims.api.renderers import dumps
from claims.api.v1.serializers import ClaimSerializer
from claims.auth import IsReviewer
from claims.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    Actor,
    Claim,
    ClaimStatus,
    Modality,
    Precision,
    Proposal,
    Provision,
    Source,
    Stance,
    Topic,
)

MAX_CITATIONS = 50

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    pattern=ETAG_LIST,
    description="The object's current `ETag` (from a GET): 412 if it changed since, 428 if "
    "absent, 400 if it is not an entity tag.",
)
ETAG_LIST_RE = re.compile(ETAG_LIST)
WRITE_ERRORS = (400, 401, 403, 404, 406, 409, 413, 429, 503)


class CitationWriteSerializer(serializers.Serializer):
    """A citation given by its quote; offsets are found when left out."""

    source = strict.PrimaryKeyRelatedField(queryset=Source.objects.all())
    quote = strict.CharField(trim_whitespace=False, required=False, allow_blank=True)
    start = strict.IntegerField(min_value=0, required=False, allow_null=True)
    end = strict.IntegerField(min_value=1, required=False, allow_null=True)
    prefix = strict.CharField(required=False, allow_blank=True, trim_whitespace=False)
    suffix = strict.CharField(required=False, allow_blank=True, trim_whitespace=False)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    method = strict.CharField(required=False, max_length=50)


class ClaimWriteSerializer(serializers.Serializer):
    """What a curator sends; status may only be candidate or draft (review actions do the rest)."""

    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    statement = strict.CharField()
    claimant = strict.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True
    )
    conveyed_by = strict.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True
    )
    subject = strict.CharField(required=False, allow_blank=True)
    place = strict.CharField(required=False, allow_blank=True)
    value = strict.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, required=False, allow_null=True
    )
    unit = strict.CharField(required=False, allow_blank=True, max_length=50)
    lower = strict.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, required=False, allow_null=True
    )
    upper = strict.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, required=False, allow_null=True
    )
    approximate = strict.BooleanField(required=False)
    bounds_stated = strict.BooleanField(required=False)
    as_of = serializers.DateField(required=False, allow_null=True)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    time_precision = serializers.ChoiceField(choices=Precision.choices, required=False)
    modality = serializers.ChoiceField(choices=Modality.choices)
    status = serializers.ChoiceField(
        choices=[ClaimStatus.CANDIDATE, ClaimStatus.DRAFT], required=False
    )
    proposal = strict.SlugRelatedField(
        slug_field="slug", queryset=Proposal.objects.all(), required=False, allow_null=True
    )
    provision = strict.PrimaryKeyRelatedField(
        queryset=Provision.objects.all(), required=False, allow_null=True
    )
    topics = strict.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    notes = strict.CharField(required=False, allow_blank=True)
    citations = CitationWriteSerializer(many=True, required=False, max_length=MAX_CITATIONS)


class SupersedeSerializer(serializers.Serializer):
    successor = strict.PrimaryKeyRelatedField(queryset=Claim.objects.all())


class NoteSerializer(serializers.Serializer):
    note = strict.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonSerializer(serializers.Serializer):
    reason = strict.CharField(max_length=2000)


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    change = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    changed_fields = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(
        allow_null=True, help_text="The claim's status after the change (claims only)."
    )


def _validated(serializer: serializers.Serializer, data: Any, partial: bool = False) -> dict:
    s = serializer(data=data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def add_citations(claim: Claim, citations: list[dict[str, Any]], by: Any) -> None:
    try:
        services.add_citations(claim, citations, by=by)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class ClaimWrites:
    """Write actions of the claim viewset (mixed into ``ClaimViewSet``)."""

    def _respond_claim(self, claim_id: Any, status: int = 200) -> HttpResponseBase:
        body = dumps(self._claim(claim_id))
        response = HttpResponse(body, status=status, content_type="application/json")
        response["ETag"] = conditional.representation_etag(body)
        if status == 201:
            response["Location"] = self.links.claim(claim_id)
        return response

    def _locked(self, id: uuid.UUID, if_match: str | None = None) -> Claim:
        """The claim, row-locked, after checking ``if_match`` (if given) against its ETag."""
        claim = self.get_queryset().select_for_update().filter(pk=id).first()
        if claim is None:
            raise exceptions.NotFound()
        self.check_object_permissions(self.request, claim)
        if if_match is not None:
            check_if_match(if_match, conditional.representation_etag(dumps(self._claim(id))))
        return claim

    @extend_schema(
        request=ClaimWriteSerializer,
        responses={201: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Create a claim (candidate or draft) with its citations, in one "
        "transaction. A citation may give only its `quote`: its offsets are found, and an "
        "ambiguous or absent quote is a 400 naming the candidate offsets.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        data = _validated(ClaimWriteSerializer, request.data)
        claim = services.create_claim(by=request.user, **data)
        return self._respond_claim(claim.pk, 201)

    @extend_schema(
        request=ClaimWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS, 412, 428)},
        description="Change a claim (fields given replace the stored ones; `citations`, if "
        "given, are added). Needs `If-Match`. Public claims are changed by reviewers only.",
    )
    def partial_update(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        return self._update(id, partial=True)

    @extend_schema(
        request=ClaimWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS, 412, 428)},
        description="Replace a claim's fields. Needs `If-Match`.",
    )
    def update(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        return self._update(id, partial=False)

    def _update(self, id: uuid.UUID, partial: bool) -> HttpResponseBase:
        if_match = if_match_given(self.request)
        data = _validated(ClaimWriteSerializer, self.request.data, partial=partial)
        topics = data.pop("topics", None)
        citations = data.pop("citations", [])
        with transaction.atomic():
            claim = self._locked(id, if_match)
            for name, value in data.items():
                setattr(claim, name, value)
            claim._history_user = self.request.user
            claim.full_clean()
            claim.save()
            if topics is not None:
                claim.topics.set(topics)
            add_citations(claim, citations, self.request.user)
        return self._respond_claim(id)

    @extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(*WRITE_ERRORS, 412, 428)},
        description="Delete a candidate or draft claim. Public claims are retracted instead.",
    )
    def destroy(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        if_match = if_match_given(request)
        with transaction.atomic():
            claim = self._locked(id, if_match)
            claim._history_user = request.user
            claim.delete()
        return HttpResponse(status=204)

    @extend_schema(
        request=CitationWriteSerializer,
        responses={201: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Add a citation to a claim; give the quote and the offsets are found.",
    )
    def add_citation(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        data = _validated(CitationWriteSerializer, request.data)
        with transaction.atomic():
            claim = self._locked(id)
            add_citations(claim, [data], request.user)
        return self._respond_claim(id, 201)

    def _review(self, id: uuid.UUID, change: Any) -> HttpResponseBase:
        with transaction.atomic():
            claim = self._locked(id)
            change(claim)
        return self._respond_claim(id)

    @extend_schema(
        request=None,
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Publish a draft (reviewers). It needs at least one citation. Publishing a "
        "published claim changes nothing (200, no history entry).",
    )
    def publish(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        return self._review(id, lambda c: services.publish_claim(c, request.user))

    @extend_schema(
        request=NoteSerializer,
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Mark a published claim as disputed (reviewers), with an optional note.",
    )
    def dispute(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        note = _validated(NoteSerializer, request.data).get("note", "")
        return self._review(id, lambda c: services.dispute_claim(c, request.user, note))

    @extend_schema(
        request=NoteSerializer,
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Retract a claim (reviewers); it stays readable, marked retracted, and "
        "appears in the tombstone feed.",
    )
    def retract(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        note = _validated(NoteSerializer, request.data).get("note", "")
        return self._review(id, lambda c: services.retract_claim(c, request.user, note))

    @extend_schema(
        request=SupersedeSerializer,
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Supersede a claim by its successor (reviewers). Repeating it with the same "
        "successor changes nothing; naming another successor is a 409.",
    )
    def supersede(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        successor = _validated(SupersedeSerializer, request.data)["successor"]
        return self._review(id, lambda c: services.supersede_claim(c, successor, request.user))

    @extend_schema(
        request=None,
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Accept a machine-proposed candidate: it becomes a draft to edit and publish.",
    )
    def accept(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        return self._review(id, lambda c: services.accept_candidate(c, request.user))

    @extend_schema(
        request=ReasonSerializer,
        responses={200: ClaimSerializer, **error_responses(*WRITE_ERRORS)},
        description="Reject a candidate with a reason; it is kept (status `rejected`, never "
        "public) so the extractor does not propose it again. Rejecting it again changes nothing.",
    )
    def reject(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        reason = _validated(ReasonSerializer, request.data)["reason"]
        return self._review(id, lambda c: services.reject_candidate(c, request.user, reason))

    @extend_schema(
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(HistoryEntrySerializer(many=True)),
        description="Every change of the claim, oldest first: who, when, which fields.",
    )
    def history(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        return self.respond_object(lambda: self._history(id))

    def _history(self, id: uuid.UUID) -> list[dict[str, Any]]:
        if not self.get_queryset().filter(pk=id).exists():
            raise exceptions.NotFound()
        return history_entries(Claim, id)


def history_entries(model: Any, id: uuid.UUID) -> list[dict[str, Any]]:
    """Each change of one object, oldest first: when, who, what kind, which fields."""
    records = list(
        model.history.filter(id=id).select_related("history_user").order_by("history_date")
    )
    entries = []
    previous = None
    for record in records:
        changed = [c.field for c in record.diff_against(previous).changes] if previous else []
        entries.append(
            {
                "at": record.history_date,
                "user": record.history_user.get_username() if record.history_user else None,
                "change": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "changed_fields": sorted(changed),
                "status": getattr(record, "status", None),
            }
        )
        previous = record
    return entries


class HistoryViews:
    """``GET …/{id}/history/`` for sources and citations (claims have their own)."""

    @extend_schema(
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(HistoryEntrySerializer(many=True)),
        description="Every change of this object, oldest first: who, when, which fields.",
    )
    def history(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        def build() -> list[dict[str, Any]]:
            if not self.get_queryset().filter(pk=id).exists():
                raise exceptions.NotFound()
            return history_entries(self.get_queryset().model, id)

        return self.respond_object(build)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of the object as you last read it."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The object has changed since you last read it; GET it again."
    default_code = "precondition_failed"


def if_match_given(request: Request) -> str:
    """The request's ``If-Match``, checked before its body: 428 if absent, 400 if malformed."""
    given = request.headers.get("If-Match")
    if not given:
        raise PreconditionRequired()
    if not ETAG_LIST_RE.match(given):
        raise exceptions.ValidationError(
            {"If-Match": ['Not an entity tag: send the ETag as received, quotes included ("…").']}
        )
    return given


def check_if_match(given: str, current: str) -> None:
    """412 unless ``given`` (checked by ``if_match_given``) names the ``current`` ETag."""
    if given.strip() != "*" and current not in {tag.strip() for tag in given.split(",")}:
        raise PreconditionFailed()


REVIEW_ACTIONS = ("publish", "dispute", "retract", "supersede")
REVIEWER_PERMISSIONS = [IsReviewer]


class SourceWriteSerializer(strict.ModelSerializer):
    publisher = strict.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True
    )
    authors = strict.list_of_names(required=False, help_text="Bylines.")

    class Meta:
        model = Source
        fields = [
            "url", "title", "publisher", "authors", "published_on", "published_precision",
            "retrieved_at", "language", "kind", "text", "license", "attribution",
        ]  # fmt: skip


class ActorWriteSerializer(strict.ModelSerializer):
    aliases = strict.list_of_names(
        required=False, help_text="Other names the actor goes by (matched by claim extraction)."
    )

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "aliases", "description", "wikidata_id"]


class TopicWriteSerializer(strict.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class ProposalWriteSerializer(strict.ModelSerializer):
    proposed_by = strict.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), many=True, required=False
    )
    supersedes = strict.SlugRelatedField(
        slug_field="slug", queryset=Proposal.objects.all(), required=False, allow_null=True
    )
    part_of = strict.SlugRelatedField(
        slug_field="slug",
        queryset=Proposal.objects.all(),
        required=False,
        allow_null=True,
        help_text="The slug of the larger plan this one belongs to.",
    )
    # Declared, not introspected: the column's limit differs between databases, and the
    # schema must not.
    point_count = strict.IntegerField(
        min_value=1, max_value=10_000, required=False, allow_null=True
    )

    class Meta:
        model = Proposal
        fields = [
            "slug",
            "title",
            "description",
            "proposed_by",
            "point_count",
            "status",
            "supersedes",
            "part_of",
        ]


class ProvisionWriteSerializer(strict.ModelSerializer):
    topics = strict.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    number = strict.IntegerField(min_value=1, max_value=10_000, required=False, allow_null=True)

    class Meta:
        model = Provision
        fields = ["number", "summary", "topics"]


def _pop_many(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Many-to-many values, set after the object is saved."""
    names = {f.name for f in model._meta.many_to_many}
    return {name: data.pop(name) for name in list(data) if name in names}


class SimpleWrites:
    """Create and edit (with If-Match) for sources, actors and topics; never delete."""

    write_serializer: type[serializers.ModelSerializer]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        data = _validated(self.write_serializer, request.data)
        many = _pop_many(self.write_serializer.Meta.model, data)
        with transaction.atomic():
            obj = self.write_serializer.Meta.model(**data)
            obj._history_user = request.user
            obj.full_clean()
            obj.save()
            for name, values in many.items():
                getattr(obj, name).set(values)
        response = self.retrieve(request, id=obj.pk)
        response.status_code = 201
        response["Location"] = request.build_absolute_uri(f"{obj.pk}/")
        return response

    def partial_update(self, request: Request, *args: Any, id: uuid.UUID, **kw: Any):
        model = self.write_serializer.Meta.model
        if_match = if_match_given(request)
        data = _validated(self.write_serializer, request.data, partial=True)
        many = _pop_many(model, data)
        with transaction.atomic():
            obj = model.objects.select_for_update().filter(pk=id).first()
            if obj is None:
                raise exceptions.NotFound()
            # Checked here, under the row lock; the reads below must not check it again.
            request._request.META.pop("HTTP_IF_MATCH", None)
            check_if_match(if_match, self.retrieve(request, id=id)["ETag"])
            for name, value in data.items():
                setattr(obj, name, value)
            obj._history_user = request.user
            obj.full_clean()
            obj.save()
            for name, values in many.items():
                getattr(obj, name).set(values)
        return self.retrieve(request, id=id)


def add_provision(view: Any, request: Request, id: uuid.UUID) -> HttpResponseBase:
    """A new point of a proposal, in one transaction; answers the proposal (201)."""
    data = _validated(ProvisionWriteSerializer, request.data)
    topics = data.pop("topics", [])
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(pk=id).first()
        if proposal is None:
            raise exceptions.NotFound()
        provision = Provision(proposal=proposal, **data)
        provision._history_user = request.user
        provision.full_clean()
        provision.save()
        provision.topics.set(topics)
    response = view.retrieve(request, id=id)
    response.status_code = 201
    response["Location"] = request.build_absolute_uri("../")  # the proposal, as answered
    return response


def write_schema(serializer: type[serializers.Serializer], read: Any, noun: str) -> dict[str, Any]:
    """drf-spectacular decorations for a SimpleWrites viewset."""
    return {
        "create": extend_schema(
            request=serializer,
            responses={201: read, **error_responses(*WRITE_ERRORS)},
            description=f"Create a {noun} (curators).",
        ),
        "partial_update": extend_schema(
            request=serializer,
            parameters=[IF_MATCH],
            responses={200: read, **error_responses(*WRITE_ERRORS, 412, 428)},
            description=f"Change a {noun} (curators); needs `If-Match`. A cited source's "
            "text cannot change.",
        ),
    }
