"""claims.bulk: the bulk writer behind imports (COPY on PostgreSQL) writes what save() would
and leaves every database rule in force."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from claims import bulk
from claims.models import Citation, Claim, Source
from tests import factories as make
from tests.test_models import immediate_constraints

pytestmark = pytest.mark.django_db


def new_claim(**fields) -> Claim:
    defaults = {
        "kind": "area",
        "statement": "About 5,000 km² are demanded.",
        "value": Decimal(5000),
        "unit": "km2",
        "modality": "reported",
        "status": "draft",
    }
    claim = Claim(**{**defaults, **fields})
    claim.derive()
    return claim


def test_rows_and_their_history_are_written_as_save_would(django_user_model):
    curator = django_user_model.objects.create(username="importer")
    source = Source(title="S", url="https://example.org/s", text=make.TEXT, authors=["A. B."])
    source.derive()
    claim = new_claim()
    citation = Citation(claim=claim, source=source, quote="The plan has 20 points.")
    citation.anchor()

    with transaction.atomic():
        bulk.insert(Source, [source], curator)
        bulk.insert(Claim, [claim], curator)
        bulk.insert(Citation, [citation], curator)

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.value_si, stored.unit_si) == (Decimal(5000), "km2")
    assert stored.created_at is not None and stored.updated_at is not None
    assert Source.objects.get(pk=source.pk).authors == ["A. B."]
    assert Citation.objects.get(pk=citation.pk).start == 31
    for obj in (source, claim, citation):
        (record,) = obj.history.all()
        assert (record.history_type, record.history_user) == ("+", curator)
        assert record.instance.updated_at == type(obj).objects.get(pk=obj.pk).updated_at


def test_the_database_still_refuses_a_quote_that_is_not_the_source_text():
    source = make.source()
    claim = new_claim()
    bulk.insert(Claim, [claim])
    wrong = Citation(claim=claim, source=source, quote="Not in the text.", start=0, end=16)

    with (
        pytest.raises(IntegrityError, match="citation_quote_matches_source"),
        transaction.atomic(),
    ):
        bulk.insert(Citation, [wrong])
    assert not Citation.objects.exists()


def test_the_database_still_refuses_a_public_claim_without_citation():
    if transaction.get_connection().vendor != "postgresql":
        pytest.skip("SQLite checks this rule in model validation before a bulk write")
    with (
        pytest.raises(IntegrityError, match="claim_published_has_citation"),
        transaction.atomic(),
    ):
        bulk.insert(Claim, [new_claim(status="published")])
        immediate_constraints()
    assert not Claim.objects.exists()


def test_a_duplicate_id_is_an_integrity_error_and_nothing_is_written():
    claim = new_claim()
    bulk.insert(Claim, [claim])

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(Claim, [new_claim(), new_claim(id=claim.pk)])
    assert Claim.objects.count() == 1
