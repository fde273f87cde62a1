"""Status changes: the rules hold and the acting user is recorded, whoever calls."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Claim
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("ed", password="pw-ed-12345")


def test_publishing_records_who_did_it(editor):
    claim = make.claim()
    make.citation(claim)

    services.publish_claim(claim, editor)

    latest = Claim.objects.get(pk=claim.pk).history.latest()
    assert (latest.status, latest.history_user) == ("published", editor)


def test_publishing_without_citation_is_refused_and_changes_nothing(editor):
    claim = make.claim()

    with pytest.raises(ValidationError, match="citation"):
        services.publish_claim(claim, editor)
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_dispute_retract_and_supersede_follow_the_lifecycle(editor):
    old, new = make.published_claim(), make.published_claim()

    assert services.dispute_claim(old, editor, "numbers questioned").status == "disputed"
    superseded = services.supersede_claim(old, new, editor)
    assert (superseded.status, superseded.superseded_by_id) == ("superseded", new.pk)
    assert "Disputed: numbers questioned" in superseded.notes
    with pytest.raises(ValidationError, match="cannot become"):
        services.retract_claim(superseded, editor)


def test_candidates_are_accepted_as_drafts_or_rejected_with_a_reason(editor):
    accepted, rejected = make.claim(status="candidate"), make.claim(status="candidate")

    assert services.accept_candidate(accepted, editor).status == "draft"
    with pytest.raises(ValidationError):
        services.reject_candidate(rejected, editor, "  ")
    done = services.reject_candidate(rejected, editor, "not a claim, a year")
    assert done.status == "rejected"
    assert "Rejected: not a claim, a year" in done.notes
    with pytest.raises(ValidationError):
        services.accept_candidate(done, editor)
