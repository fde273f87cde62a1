"""v1 group suggestions: the groups a claim may belong to, and a curator's rejection of one.

The scorer (``claims.grouping``) proposes; a person decides. Confirming a suggestion is the
ordinary group write (``POST /assertions/{id}/members/`` with the claim's id, `If-Match`
the group's `ETag`), rejecting one is recorded here so the pair is never suggested again.
Both go through ``claims.services`` as every other entry point does.

Docstrings and descriptions here are user documentation (shown in the schema).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponseBase
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from claims import grouping, services
from claims.api import strict
from claims.api.base import Links
from claims.api.errors import as_drf_error
from claims.api.openapi import CONDITIONAL_PARAMETERS, error_responses, read_responses
from claims.api.v1.serializers import AssertionLinkSerializer, ClaimLinkSerializer
from claims.api.v1.views import V1ReadViewSet
from claims.api.v1.writes import WRITE_ERRORS, _validated
from claims.models import Assertion, Claim, GroupSuggestionRejection


def _score(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=0, max_value=1, help_text=help_text
    )


class ThresholdsSerializer(serializers.Serializer):
    suggest = _score("Suggestions score at least this (0..1).")
    strong = _score("From this score on, and without a conflict, a suggestion is `strong`.")


class SuggestedGroupSerializer(AssertionLinkSerializer):
    statement = serializers.CharField(help_text="The group's proposition.")


class ConfirmSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="POST here (`If-Match`: the group's `ETag`) to add the claim to the group."
    )
    claims = serializers.ListField(
        child=serializers.UUIDField(), help_text="The body to send: this claim's id."
    )


class SuggestionSerializer(serializers.Serializer):
    assertion = SuggestedGroupSerializer()
    score = _score("How likely the claim states the group's proposition (0..1).")
    relation = serializers.ChoiceField(
        choices=[grouping.SAME, grouping.SERIES],
        help_text="`same`: the claim states the group's proposition (confirm to add it). "
        "`series`: the same measure at another time, a point of the series, never a member.",
    )
    conflicting = serializers.BooleanField(
        help_text="The claim's value agrees with no member: a contradiction a reviewer looks at."
    )
    strong = serializers.BooleanField(
        help_text="Scores at least `thresholds.strong` and does not conflict."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="What the scorer saw, one line per feature."
    )
    confirm = ConfirmSerializer(
        allow_null=True,
        help_text="The group write that confirms the suggestion; null for a series point.",
    )
    reject = serializers.URLField(help_text="POST here to reject the suggestion (curators).")


class SuggestionsSerializer(serializers.Serializer):
    claim = ClaimLinkSerializer()
    thresholds = ThresholdsSerializer()
    results = SuggestionSerializer(many=True, help_text="Best first.")


class RejectSerializer(serializers.Serializer):
    reason = strict.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Why it is not this group."
    )


class RejectionSerializer(serializers.Serializer):
    claim = ClaimLinkSerializer()
    assertion = AssertionLinkSerializer()
    rejected_by = serializers.CharField(
        allow_null=True, help_text="The curator's username (null once the account is gone)."
    )
    rejected_at = serializers.DateTimeField()
    reason = serializers.CharField()


class MayCurateGroups(permissions.BasePermission):
    """The group writes' permission (``claims.change_assertion``): curators and reviewers."""

    message = "Only curators reject suggestions."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(services.CURATE_GROUPS))


def _link(links: Links, kind: str, id: Any) -> dict[str, str]:
    return {"id": str(id), "url": f"{links.collection(kind)}{id}/"}


def _suggestion(links: Links, claim: Claim, found: services.GroupSuggestion) -> dict[str, Any]:
    group, verdict = found.assertion, found.suggestion
    same = verdict.relation == grouping.SAME
    return {
        "assertion": {**_link(links, "assertions", group.pk), "statement": group.statement},
        "score": verdict.score,
        "relation": verdict.relation,
        "conflicting": verdict.conflicting,
        "strong": verdict.strong,
        "reasons": list(verdict.reasons),
        "confirm": {
            "url": f"{links.collection('assertions')}{group.pk}/members/",
            "claims": [str(claim.pk)],
        }
        if same
        else None,
        "reject": f"{links.claim(claim.pk)}group-suggestions/{group.pk}/reject/",
    }


class GroupSuggestionViewSet(V1ReadViewSet):
    """The groups a claim may belong to, and rejecting one."""

    queryset = Claim.objects.all()
    serializer_class = SuggestionsSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    def get_permissions(self) -> list[Any]:
        if self.action == "reject":
            return [MayCurateGroups()]
        return super().get_permissions()

    def _claim(self, id: uuid.UUID) -> Claim:
        claims = Claim.objects.all() if self.visibility == "staff" else Claim.objects.public()
        claim = claims.with_provenance().filter(pk=id).first()
        if claim is None:
            raise exceptions.NotFound()
        return claim

    @extend_schema(
        description="The groups this claim may belong to, best first, as the scorer sees "
        "them (docs/grouping.md): each with its score, its relation (`same` or a `series` "
        "point), whether the claim conflicts with it, whether it is `strong`, and the "
        "reasons. Only suggestions scoring at least `thresholds.suggest` are listed, among "
        "the groups and members you may see (anonymous readers: public ones); rejected "
        "pairs and the claim's own group never are. Nothing is grouped by asking: confirm "
        "a suggestion with the group write it names (`confirm`: `POST "
        "/assertions/{id}/members/` with `If-Match`), or reject it (`reject`).",
        operation_id="claims_group_suggestions",
        parameters=CONDITIONAL_PARAMETERS,
        responses=read_responses(SuggestionsSerializer),
    )
    def suggestions(
        self, request: Request, *args: Any, id: uuid.UUID, **kw: Any
    ) -> HttpResponseBase:
        def build() -> dict[str, Any]:
            claim = self._claim(id)
            found = services.suggest_groups(claim, staff=self.visibility == "staff")
            return {
                "claim": _link(self.links, "claims", claim.pk),
                "thresholds": {"suggest": grouping.SUGGEST, "strong": grouping.STRONG},
                "results": [_suggestion(self.links, claim, s) for s in found],
            }

        return self.respond_object(build)

    @extend_schema(
        operation_id="claims_group_suggestion_reject",
        request=RejectSerializer,
        responses={200: RejectionSerializer, **error_responses(*WRITE_ERRORS)},
        description="Reject a suggestion (curators): this group is never suggested for this "
        "claim again. Rejecting a rejected pair again changes nothing (200, the first "
        "rejection). A claim's own group cannot be rejected: ungroup the claim instead.",
    )
    def reject(
        self, request: Request, *args: Any, id: uuid.UUID, assertion_id: uuid.UUID, **kwargs: Any
    ) -> Response:
        data = _validated(RejectSerializer, request.data)
        claim = self._claim(id)
        assertion = Assertion.objects.filter(pk=assertion_id).first()
        if assertion is None:
            raise exceptions.NotFound("No such group.")
        try:
            rejection = services.reject_suggestion(
                claim, assertion, by=request.user, reason=data.get("reason", "")
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(self._rejection(rejection))

    def _rejection(self, rejection: GroupSuggestionRejection) -> dict[str, Any]:
        by = rejection.rejected_by
        return {
            "claim": _link(self.links, "claims", rejection.claim_id),
            "assertion": _link(self.links, "assertions", rejection.assertion_id),
            "rejected_by": by.get_username() if by is not None else None,
            "rejected_at": rejection.rejected_at,
            "reason": rejection.reason,
        }
