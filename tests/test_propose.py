from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

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
