"""The v1 serializers the schema documents answers with; none runs on the read path.

Answers are built as JSON by the database from their declarations in ``shapes``; the
serializers of those answers are generated from the same declarations, so the schema cannot
say anything else (``tests/test_api_contract.py`` walks real answers against them all the
same). The ones below describe what has no declaration: tombstones, query parameters, the
API root.
"""

from __future__ import annotations

from rest_framework import serializers

from claims.api.v1 import shapes
from claims.models import ClaimStatus, Resource, TombstoneEvent

# The answers of v1, generated from their declarations in ``shapes`` (one place for each).
ActorBriefSerializer = shapes.ACTOR_BRIEF.serializer()
TopicBriefSerializer = shapes.TOPIC_BRIEF.serializer()
ProposalBriefSerializer = shapes.PROPOSAL_BRIEF.serializer()
ProvisionBriefSerializer = shapes.PROVISION_BRIEF.serializer()
ClaimLinkSerializer = shapes.CLAIM_LINK.serializer()
CitedSourceSerializer = shapes.CITED_SOURCE.serializer()
CitationSerializer = shapes.CITATION.serializer()
ClaimSerializer = shapes.CLAIM.serializer()
SourceSerializer = shapes.SOURCE.serializer()
SourceDetailSerializer = shapes.SOURCE_DETAIL.serializer()
ActorSerializer = shapes.ACTOR.serializer()
TopicSerializer = shapes.TOPIC.serializer()
ProvisionSerializer = shapes.PROVISION.serializer()
ProposalSerializer = shapes.PROPOSAL.serializer()
AssertionLinkSerializer = shapes.ASSERTION_LINK.serializer()


class TombstoneSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The object's id.")
    url = serializers.URLField(help_text="The object in the API (404 once deleted).")
    resource = serializers.ChoiceField(choices=Resource.choices)
    event = serializers.ChoiceField(choices=TombstoneEvent.choices)
    status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        allow_null=True,
        help_text="A claim's status at the event; null for other resources.",
    )
    at = serializers.DateTimeField(help_text="When it happened.")
    revision = serializers.IntegerField(help_text="The ledger revision that did it.")
    superseded_by = ClaimLinkSerializer(allow_null=True)


class TombstoneQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text="Events at or after this time (RFC 3339, e.g. 2026-01-01T00:00:00Z).",
    )
    revision_after = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Events of revisions after this one, in commit order: a mirror's cursor "
        "(keep the largest `revision` applied). Give this, `since`, or both.",
    )

    def validate(self, attrs: dict) -> dict:
        if "since" not in attrs and "revision_after" not in attrs:
            raise serializers.ValidationError(
                {"revision_after": ["Give revision_after (a mirror's cursor) or since."]}
            )
        return attrs


class ApiRootSerializer(serializers.Serializer):
    claims = serializers.URLField()
    sources = serializers.URLField()
    actors = serializers.URLField()
    topics = serializers.URLField()
    proposals = serializers.URLField()
    assertions = serializers.URLField()
    tombstones = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()
