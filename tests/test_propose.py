from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from claims import services
from claims.extraction.propose import propose_claims
from claims.models import Citation, Claim
from tests import factories as make

ARTICLE = (Path(__file__).parent / "data" / "extraction" / "seed_article.txt").read_text()


@pytest.mark.django_db
def test_proposing_saves_anchored_candidates_with_normalised_units_and_matched_actors():
    vtsiom = make.actor(name="VTsIOM", slug="vtsiom", kind="pollster")
    source = make.source(text=ARTICLE)

    proposed = propose_claims(source)

    assert proposed.claims
    assert {c.status for c in Claim.objects.all()} == {"candidate"}
    for citation in Citation.objects.select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote
        assert citation.method.startswith("extractor@")
    rate = Claim.objects.get(kind="area_rate")
    assert rate.value_si == Decimal("455.837907")
    assert rate.unit_si == "km2/month"
    assert Claim.objects.filter(kind="percentage", value=55, claimant=vtsiom).exists()


@pytest.mark.django_db
def test_rerunning_on_the_same_source_does_not_duplicate_candidates():
    source = make.source(text=ARTICLE)
    first = propose_claims(source)

    again = propose_claims(source)

    assert again.claims == []
    assert again.skipped == len(first.candidates)
    assert Claim.objects.count() == len(first.claims)


@pytest.mark.django_db
def test_a_dry_run_saves_nothing():
    source = make.source(text=ARTICLE)

    proposed = propose_claims(source, dry_run=True)

    assert proposed.candidates
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_a_rejected_candidate_is_never_proposed_again():
    source = make.source(text=ARTICLE)
    first = propose_claims(source)
    rate = Claim.objects.get(kind="area_rate")
    services.reject_candidate(rate, None, "Not a claim of this article.")
    assert Claim.objects.get(pk=rate.pk).status == "rejected"

    again = propose_claims(source)

    assert again.claims == []
    assert again.skipped == len(first.candidates)
    assert Claim.objects.filter(kind="area_rate").count() == 1


@pytest.mark.django_db
def test_an_unknown_claimant_is_proposed_by_name_for_a_curator_to_create():
    source = make.source(text="The research firm Meridian Insight said 52% back the plan.")

    propose_claims(source)

    claim = Claim.objects.get(kind="percentage")
    assert claim.claimant is None
    assert claim.statement.startswith("Meridian Insight (asserted): 52%")
    assert 'Claimant named in the text: "Meridian Insight"' in claim.notes
    accepted = services.accept_candidate(claim, None)
    assert "Meridian Insight" in accepted.notes  # still there for whoever edits the draft


@pytest.mark.django_db
def test_a_known_claimant_leaves_no_note_and_a_plan_lists_its_provisions():
    make.actor(name="Andriy Koval", slug="koval", kind="person")
    text = (
        "President Andriy Koval outlined a 20-point peace plan that would freeze the front. "
        "Under the plan, foreign troops would leave within 60 days."
    )
    propose_claims(make.source(text=text))

    plan = Claim.objects.get(kind="proposal")
    assert plan.claimant.name == "Andriy Koval"
    assert "Claimant named" not in plan.notes
    assert plan.notes.splitlines()[1:] == [
        "- freeze the front",
        "- Under the plan, foreign troops would leave within 60 days.",
    ]
    assert Claim.objects.filter(kind="proposal").count() == 1
