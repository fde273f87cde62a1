"""The v1 response shapes, for the schema only.

The read path does not run these: answers are built from ``values()`` rows by
``representations`` (speed). These serializers *document* exactly that shape for
drf-spectacular, and ``tests/test_api_contract.py`` checks that the two agree key by key and
type by type, so the documentation cannot drift from the data.

Every field is declared (never ``__all__``); nullable ones say so, because generated
clients read ``nullable`` literally.
"""

from __future__ import annotations

from rest_framework import serializers

from claims.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    ActorKind,
    ClaimKind,
    ClaimStatus,
    Modality,
    Precision,
    ProposalStatus,
    Resource,
    SourceKind,
    Stance,
    TombstoneEvent,
)


def _quantity(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        allow_null=True,
        coerce_to_string=False,
        help_text=help_text,
    )


class ActorBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    url = serializers.URLField(help_text="This actor in the API.")


class TopicBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.URLField(help_text="This topic in the API.")


class ProposalBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="This proposal in the API.")


class ProvisionBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField(allow_null=True, help_text="The point's number, if known.")
    summary = serializers.CharField()


class ClaimLinkSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="That claim in the API.")


class CitedSourceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This source in the API.")
    source_url = serializers.URLField(
        allow_null=True, help_text="The document's own address, if it has one."
    )
    title = serializers.CharField()
    publisher = ActorBriefSerializer(allow_null=True, help_text="Who reports: the outlet.")
    published_on = serializers.DateField(allow_null=True)
    published_precision = serializers.ChoiceField(choices=Precision.choices)


class CitationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    quote = serializers.CharField(help_text="The source's exact characters.")
    start = serializers.IntegerField(help_text="Offset of the quote's first character.")
    end = serializers.IntegerField(help_text="Offset just past the quote: text[start:end].")
    prefix = serializers.CharField(allow_blank=True, help_text="Text just before the quote.")
    suffix = serializers.CharField(allow_blank=True, help_text="Text just after the quote.")
    stance = serializers.ChoiceField(choices=Stance.choices)
    method = serializers.CharField(help_text='"manual" or "extractor@<version>".')
    source = CitedSourceSerializer()


class ClaimSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This claim in the API.")
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    statement = serializers.CharField(help_text="One normalised sentence saying what is claimed.")
    claimant = ActorBriefSerializer(
        allow_null=True, help_text="Who asserts it; null: unattributed."
    )
    conveyed_by = ActorBriefSerializer(
        allow_null=True, help_text="Who relayed it before the source did."
    )
    subject = serializers.CharField(allow_blank=True)
    place = serializers.CharField(allow_blank=True)
    value = _quantity("The value as stated.")
    unit = serializers.CharField(allow_null=True, help_text="The unit as stated, e.g. mi2/month.")
    lower = _quantity("Lower bound as stated.")
    upper = _quantity("Upper bound as stated.")
    approximate = serializers.BooleanField()
    bounds_stated = serializers.BooleanField(
        help_text="The bounds were stated by the source, not derived by a curator."
    )
    value_si = _quantity("The value in the kind's canonical unit.")
    unit_si = serializers.CharField(
        allow_null=True, help_text="Canonical unit: percent, km2, km2/month, count, or currency."
    )
    lower_si = _quantity("Lower bound, normalised.")
    upper_si = _quantity("Upper bound, normalised.")
    as_of = serializers.DateField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    time_precision = serializers.ChoiceField(choices=Precision.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    superseded_by = ClaimLinkSerializer(allow_null=True, help_text="The successor, if superseded.")
    proposal = ProposalBriefSerializer(allow_null=True)
    provision = ProvisionBriefSerializer(allow_null=True)
    topics = TopicBriefSerializer(many=True)
    citations = CitationSerializer(many=True, help_text="The provenance: quotes with offsets.")
    notes = serializers.CharField(allow_blank=True, help_text="Curator's notes.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(
        help_text="Moves when the claim, its citations or its topics change."
    )
    revision = serializers.IntegerField(
        help_text="The ledger revision of this object's last change (commit-ordered; see "
        "`revision_after`)."
    )


class SourceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This source in the API.")
    source_url = serializers.URLField(allow_null=True, help_text="The document's own address.")
    title = serializers.CharField()
    publisher = ActorBriefSerializer(allow_null=True)
    authors = serializers.ListField(child=serializers.CharField())
    published_on = serializers.DateField(allow_null=True)
    published_precision = serializers.ChoiceField(choices=Precision.choices)
    retrieved_at = serializers.DateTimeField(allow_null=True)
    language = serializers.CharField()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    text_sha256 = serializers.CharField(help_text="SHA-256 of the full text, hex.")
    license = serializers.CharField(allow_blank=True)
    attribution = serializers.CharField(allow_blank=True)
    claims_url = serializers.URLField(help_text="The claims citing this source.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    revision = serializers.IntegerField(
        help_text="The ledger revision of this object's last change (commit-ordered; see "
        "`revision_after`)."
    )


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(help_text="The full text as retrieved; offsets index into it.")


class ActorSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This actor in the API.")
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    aliases = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField(allow_blank=True)
    wikidata_id = serializers.CharField(allow_blank=True, help_text="e.g. Q42, or empty.")
    claims_url = serializers.URLField(help_text="The claims this actor asserts.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    revision = serializers.IntegerField(
        help_text="The ledger revision of this object's last change (commit-ordered; see "
        "`revision_after`)."
    )


class TopicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This topic in the API.")
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    claims_url = serializers.URLField(help_text="The claims about this topic.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    revision = serializers.IntegerField(
        help_text="The ledger revision of this object's last change (commit-ordered; see "
        "`revision_after`)."
    )


class ProvisionSerializer(ProvisionBriefSerializer):
    topics = TopicBriefSerializer(many=True)


class ProposalSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This proposal in the API.")
    slug = serializers.SlugField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    point_count = serializers.IntegerField(allow_null=True)
    proposed_by = ActorBriefSerializer(many=True)
    supersedes = ProposalBriefSerializer(allow_null=True)
    part_of = ProposalBriefSerializer(allow_null=True)
    provisions = ProvisionSerializer(many=True)
    claims_url = serializers.URLField(help_text="Claims about this proposal or its provisions.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    revision = serializers.IntegerField(
        help_text="The ledger revision of this object's last change (commit-ordered; see "
        "`revision_after`)."
    )


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
    tombstones = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()
