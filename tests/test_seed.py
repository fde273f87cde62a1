"""The curated seed: the article as a source and every checkable claim it makes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from claims.models import Actor, Citation, Claim, Proposal, Provision, Source, Topic

pytestmark = pytest.mark.usefixtures("seed")


def claim_with(**filters) -> Claim:
    return Claim.objects.select_related("claimant").get(**filters)


def test_loading_the_seed_again_changes_nothing():
    before = {m: m.objects.count() for m in (Actor, Topic, Proposal, Provision, Claim, Citation)}
    rate = model_to_dict(Claim.objects.get(unit="mi2/month"))

    call_command("loaddata", "fixtures/seed.json", verbosity=0)

    assert {m: m.objects.count() for m in before} == before
    assert model_to_dict(Claim.objects.get(unit="mi2/month")) == rate
    # Fixture timestamps are data: loading citations and topics does not move them.
    assert {c.updated_at.isoformat() for c in Claim.objects.all()} == {"2026-11-24T00:00:00+00:00"}


def test_the_article_is_one_source_with_its_publisher_author_and_an_honestly_unknown_date():
    source = Source.objects.select_related("publisher").get()

    assert source.publisher.name == "AmericanPulse"
    assert source.authors == ["Alex"]
    assert source.published_on is None
    assert source.published_precision == "unknown"
    assert source.text.startswith("\nRussia-Ukraine War & Peace Talks")
    assert len(source.text_sha256) == 64


def test_every_citation_is_the_exact_text_and_every_object_passes_validation():
    text = Source.objects.get().text
    for citation in Citation.objects.all():
        assert text[citation.start : citation.end] == citation.quote
    for model in (Actor, Topic, Proposal, Provision, Source, Claim, Citation):
        for obj in model.objects.all():
            obj.full_clean()


@pytest.mark.parametrize(
    ("value", "unit", "claimant", "modality", "words"),
    [
        ("55", "percent", "VTsIOM", "reported", "(55%)"),
        ("70", "percent", "VTsIOM", "reported", "70%"),
        ("66.67", "percent", "independent pollsters", "reported", "two-thirds"),
        ("22", "percent", "White House", "reported", "22% of Donetsk"),
    ],
)
def test_each_percentage_is_there_with_its_claimant_and_hedge(
    value, unit, claimant, modality, words
):
    claim = claim_with(kind="percentage", value=Decimal(value))

    assert claim.unit_si == unit
    assert claim.claimant.name == claimant
    assert claim.modality == modality
    assert any(words in c.quote for c in claim.citations.all())


def test_putins_area_demand_is_approximate_and_normalised():
    claim = claim_with(kind="area")

    assert (claim.value_si, claim.unit_si) == (Decimal("5000"), "km2")
    assert claim.approximate
    assert claim.claimant.name == "Vladimir Putin"
    assert claim.modality == "demanded"
    assert claim.provision.proposal.slug == "putin-conditions"


def test_the_advance_rate_keeps_its_stated_unit_and_is_normalised_to_km2_per_month():
    claim = claim_with(kind="area_rate")

    assert (claim.value, claim.unit) == (Decimal("176"), "mi2/month")
    assert (claim.value_si, claim.unit_si) == (Decimal("455.837907"), "km2/month")
    assert claim.approximate
    assert (str(claim.period_start), str(claim.period_end)) == ("2025-01-01", "2025-11-30")


def test_the_20_point_plan_supersedes_the_28_point_draft():
    plan = Proposal.objects.get(point_count=20)

    assert plan.supersedes.point_count == 28
    assert plan.supersedes.status == "superseded"
    assert {a.name for a in plan.proposed_by.all()} == {"United States", "Ukraine"}
    assert plan.provisions.count() == 3


def test_every_proposal_and_provision_is_backed_by_a_claim():
    for proposal in Proposal.objects.all():
        assert proposal.claims.exists(), proposal.slug
    for provision in Provision.objects.all():
        assert provision.claims.exists(), provision.summary


def test_nothing_is_drawn_from_the_author_bio_and_no_year_is_a_quantity():
    bio_starts = Source.objects.get().text.index("About Alex")

    assert not Citation.objects.filter(end__gt=bio_starts).exists()
    assert not Claim.objects.filter(value__in=[2025, 2026, 5]).exists()


def test_every_claim_is_published_cited_hedged_and_topical():
    for claim in Claim.objects.prefetch_related("topics", "citations"):
        assert claim.status == "published"
        assert claim.citations.all()
        assert claim.modality
        assert claim.topics.all(), claim.statement
