"""Every ledger rule, tried through each entry point: model validation, the database itself
(bypassing the model, as bulk writers and raw SQL do) and loaddata's raw saves."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from claims.models import Citation, Claim, LedgerVersion, Source
from tests import factories as make


def immediate_constraints() -> None:
    """PostgreSQL defers the 'public claim has a citation' trigger to commit; check now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def refused_by_database(update) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        update()
        immediate_constraints()


# --- quantities -------------------------------------------------------------------------


@pytest.mark.django_db
def test_normalised_quantity_is_computed_on_save_never_typed():
    claim = make.claim(kind="area_rate", value=176, unit="mi2/month", approximate=True)

    claim.refresh_from_db()
    assert claim.value == Decimal("176")
    assert claim.unit == "mi2/month"
    assert claim.value_si == Decimal("455.837907")
    assert claim.unit_si == "km2/month"


@pytest.mark.django_db
def test_bounds_are_normalised_with_the_value():
    claim = make.claim(kind="area", value=5000, lower=4500, upper=5500, unit="km2")

    assert (claim.lower_si, claim.upper_si) == (Decimal(4500), Decimal(5500))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": Decimal("100.5")}, "value"),
        ({"value": Decimal("-1")}, "value"),
        ({"upper": Decimal("101")}, "upper"),
        ({"lower": Decimal("60")}, "lower"),
        ({"upper": Decimal("50")}, "upper"),
        ({"unit": "km2"}, "unit"),
        ({"unit": ""}, "unit"),
        ({"value": None}, "value"),
        ({"kind": "statement"}, "value"),
        ({"kind": "area", "unit": "mi2/month"}, "unit"),
        ({"status": "superseded"}, "superseded_by"),
        ({"period_start": "2025-02-01", "period_end": "2025-01-01"}, "period_end"),
    ],
)
def test_model_validation_refuses_a_broken_quantity_and_names_the_field(fields, field):
    claim = Claim(
        kind="percentage", statement="s", value=Decimal(55), unit="%", modality="reported"
    )
    for name, value in fields.items():
        setattr(claim, name, value)

    with pytest.raises(ValidationError) as caught:
        claim.full_clean()

    assert field in caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "value", "unit"),
    [("area_rate", 176, "mi2/month"), ("percentage", 55, "%"), ("statement", None, "")],
)
def test_a_new_valid_claim_and_source_pass_full_clean_before_their_first_save(kind, value, unit):
    claim = Claim(kind=kind, statement="s", value=value, unit=unit, modality="reported")
    source = Source(title="t", text="some text")

    claim.full_clean()
    source.full_clean()

    assert (claim.value_si is None) == (value is None)
    assert len(source.text_sha256) == 64


@pytest.mark.django_db
def test_a_unit_of_another_kind_cannot_be_saved_even_without_full_clean():
    with pytest.raises(ValidationError) as caught:
        make.claim(kind="area", value=10, unit="percent")

    assert "unit" in caught.value.message_dict
    assert not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("value", Decimal(120)),
        ("lower", Decimal(60)),
        ("upper", Decimal(10)),
        ("unit_si", "km2"),
        ("unit", ""),
        ("value_si", None),
        ("kind", "unknown"),
        ("status", "published-ish"),
        ("modality", "rumoured"),
        ("statement", ""),
        ("status", "superseded"),
    ],
)
def test_the_database_refuses_a_broken_claim_written_around_the_model(column, value):
    claim = make.claim()

    refused_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(**{column: value}))


# --- citations and sources --------------------------------------------------------------


@pytest.mark.django_db
def test_a_citation_given_only_its_quote_is_anchored_with_context():
    citation = make.citation(make.claim(), quote="The plan has 20 points.")

    assert citation.source.text[citation.start : citation.end] == citation.quote
    assert citation.prefix.endswith("agree. ")
    assert citation.suffix.startswith(" Forces")


@pytest.mark.django_db
def test_an_ambiguous_quote_is_refused_naming_the_candidates():
    with pytest.raises(ValidationError) as caught:
        make.citation(make.claim(), quote="Polls say 55% of voters agree.")

    message = caught.value.message_dict["quote"][0]
    assert "2 times" in message
    assert "[0:30]" in message
    assert not Citation.objects.exists()


@pytest.mark.django_db
def test_a_quote_not_in_the_source_is_refused():
    with pytest.raises(ValidationError) as caught:
        make.citation(make.claim(), quote="The plan has 28 points.")

    assert "does not occur" in caught.value.message_dict["quote"][0]


@pytest.mark.django_db
def test_offsets_that_do_not_match_the_quote_are_refused_with_the_right_offsets():
    with pytest.raises(ValidationError) as caught:
        make.citation(make.claim(), quote="The plan has 20 points.", start=0, end=23)

    assert "[31:54]" in caught.value.message_dict["quote"][0]


@pytest.mark.django_db
def test_offsets_alone_fill_in_the_quote():
    citation = make.citation(make.claim(), quote="", start=31, end=54)

    assert citation.quote == "The plan has 20 points."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"start": 32, "end": 55},
        {"quote": "The plan has 21 points."},
        {"quote": "The plan", "end": 39, "start": 32},
    ],
)
def test_the_database_refuses_a_quote_that_is_not_the_source_text(change):
    citation = make.citation(make.claim())

    refused_by_database(lambda: Citation.objects.filter(pk=citation.pk).update(**change))


@pytest.mark.django_db
def test_a_cited_source_text_is_frozen_for_the_model_and_the_database():
    citation = make.citation(make.claim())
    source = citation.source
    source.text = source.text.replace("20", "21")

    with pytest.raises(ValidationError) as caught:
        source.full_clean()
    assert "frozen" in caught.value.message_dict["text"][0]
    refused_by_database(lambda: Source.objects.filter(pk=source.pk).update(text="new text"))


@pytest.mark.django_db
def test_an_uncited_source_text_may_still_be_corrected():
    source = make.source()
    source.text = "Corrected text."
    source.full_clean()
    source.save()

    source.refresh_from_db()
    assert source.text_sha256 == hashlib.sha256(b"Corrected text.").hexdigest()


@pytest.mark.django_db
def test_an_unknown_publication_date_has_unknown_precision():
    source = Source(title="t", text="x", published_precision="day")

    with pytest.raises(ValidationError):
        source.full_clean()
    refused_by_database(
        lambda: Source.objects.filter(pk=make.source().pk).update(published_precision="day")
    )


# --- lifecycle --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_claim_without_citation_cannot_be_published():
    claim = make.claim()
    claim.status = "published"

    with pytest.raises(ValidationError) as caught:
        claim.full_clean()
    assert "citation" in caught.value.message_dict["status"][0]
    refused_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(status="published"))


@pytest.mark.django_db
def test_the_last_citation_of_a_published_claim_cannot_be_deleted():
    claim = make.published_claim()

    refused_by_database(lambda: Citation.objects.filter(claim=claim).delete())


@pytest.mark.django_db
def test_a_published_claim_with_its_citation_is_accepted():
    claim = make.published_claim()

    immediate_constraints()
    assert Claim.objects.get(pk=claim.pk).status == "published"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before", "after"),
    [("published", "draft"), ("published", "candidate"), ("draft", "disputed")],
)
def test_illegal_status_transitions_are_refused(before, after):
    claim = make.published_claim() if before == "published" else make.claim(status=before)
    claim.status = after

    with pytest.raises(ValidationError) as caught:
        claim.save()
    assert "cannot become" in caught.value.message_dict["status"][0]
    assert Claim.objects.get(pk=claim.pk).status == before


@pytest.mark.django_db
def test_reverting_a_published_claim_to_its_draft_version_is_refused():
    claim = make.published_claim()
    draft_version = claim.history.earliest().instance  # built, not loaded: as a revert does

    with pytest.raises(ValidationError, match="cannot become"):
        draft_version.save()
    assert Claim.objects.get(pk=claim.pk).status == "published"


@pytest.mark.django_db
def test_a_superseded_claim_names_its_successor_and_not_itself():
    old, new = make.published_claim(), make.published_claim()
    old.status, old.superseded_by = "superseded", new
    old.full_clean()
    old.save()

    refused_by_database(lambda: Claim.objects.filter(pk=old.pk).update(superseded_by=None))
    refused_by_database(lambda: Claim.objects.filter(pk=old.pk).update(superseded_by=old.pk))


@pytest.mark.django_db
def test_a_claim_provision_belongs_to_its_proposal():
    provision = make.provision()
    other = make.proposal()
    claim = make.claim(kind="proposal", value=None, unit="", modality="proposed")
    claim.proposal, claim.provision = other, provision

    with pytest.raises(ValidationError) as caught:
        claim.full_clean()
    assert "provision" in caught.value.message_dict
    refused_by_database(
        lambda: Claim.objects.filter(pk=claim.pk).update(provision=provision, proposal=other)
    )


@pytest.mark.django_db
def test_a_provision_alone_fills_in_its_proposal():
    provision = make.provision()
    claim = make.claim(kind="proposal", value=None, unit="", provision=provision)

    assert claim.proposal_id == provision.proposal_id


# --- history and versions ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_change_is_kept_in_history():
    claim = make.claim()
    claim.statement = "55% of voters now agree."
    claim.save()

    assert [h.statement for h in claim.history.order_by("history_date")] == [
        "55% of voters agree.",
        "55% of voters now agree.",
    ]


@pytest.mark.django_db
def test_every_write_bumps_the_ledger_version():
    before = LedgerVersion.current().version
    claim = make.claim()
    Claim.objects.filter(pk=claim.pk).update(notes="bulk edit")

    assert LedgerVersion.current().version >= before + 2


@pytest.mark.django_db
def test_statements_sent_by_triggers_do_not_bump_the_version_again_on_postgresql():
    # Each topic link re-stamps its claim by an UPDATE sent from a trigger; bumping the one
    # version row for each of those left a row version per link that the open transaction
    # cannot prune: 30,000 links in one COPY took 125 s. The client's statement bumps it.
    claims = [make.claim(statement=f"Claim {n}.") for n in range(30)]
    topic = make.topic()
    before = LedgerVersion.current().version
    links = [Claim.topics.through(claim_id=c.pk, topic_id=topic.pk) for c in claims]
    Claim.topics.through.objects.bulk_create(links)

    bumps = LedgerVersion.current().version - before
    assert bumps == 1 if connection.vendor == "postgresql" else bumps >= 1


# --- loaddata ---------------------------------------------------------------------------

SOURCE_PK = "00000000-0000-4000-8000-000000000001"
CLAIM_PK = "00000000-0000-4000-8000-000000000002"
CITATION_PK = "00000000-0000-4000-8000-000000000003"
STAMP = "2026-01-01T00:00:00Z"


def fixture_objects(**overrides: dict) -> list[dict]:
    objects = [
        {
            "model": "claims.source",
            "pk": SOURCE_PK,
            "fields": {
                "title": "A source",
                "text": make.TEXT,
                "text_sha256": "0" * 64,
                "created_at": STAMP,
                "updated_at": STAMP,
            },
        },
        {
            "model": "claims.claim",
            "pk": CLAIM_PK,
            "fields": {
                "kind": "area_rate",
                "statement": "Forces advanced about 176 sq mi a month.",
                "value": "176",
                "unit": "mi2/month",
                "value_si": "1",
                "unit_si": "km2/month",
                "approximate": True,
                "modality": "asserted",
                "status": "published",
                "created_at": STAMP,
                "updated_at": STAMP,
            },
        },
        {
            "model": "claims.citation",
            "pk": CITATION_PK,
            "fields": {
                "claim": CLAIM_PK,
                "source": SOURCE_PK,
                "quote": "about 176 square miles per month",
                "start": 71,
                "end": 103,
                "created_at": STAMP,
                "updated_at": STAMP,
            },
        },
    ]
    for obj in objects:
        obj["fields"].update(overrides.get(obj["model"], {}))
    return [obj for obj in objects if overrides.get(obj["model"]) != {"_drop": True}]


def load(tmp_path, objects: list[dict]) -> None:
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(objects))
    call_command("loaddata", str(path), verbosity=0)


@pytest.mark.django_db
def test_loaddata_derives_normalised_values_and_hashes_and_is_idempotent(tmp_path):
    load(tmp_path, fixture_objects())
    load(tmp_path, fixture_objects())

    claim = Claim.objects.get()
    assert claim.value_si == Decimal("455.837907")  # the fixture's "1" is recomputed
    assert Source.objects.get().text_sha256 != "0" * 64
    assert Citation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"claims.claim": {"kind": "percentage", "unit": "%", "value": "120"}},
        {"claims.claim": {"unit": "km2"}},
        {"claims.claim": {"kind": "statement"}},
        {"claims.claim": {"status": "superseded"}},
        {"claims.claim": {"lower": "200"}},
        {"claims.citation": {"start": 72, "end": 104}},
        {"claims.citation": {"quote": "about 177 square miles per month"}},
        {"claims.citation": {"_drop": True}},
        {"claims.source": {"published_precision": "day"}},
    ],
    ids=[
        "percentage-over-100",
        "unit-of-other-kind",
        "quantity-on-statement",
        "superseded-without-successor",
        "lower-above-value",
        "shifted-offsets",
        "quote-not-in-text",
        "published-without-citation",
        "precision-without-date",
    ],
)
def test_loaddata_of_a_fixture_breaking_a_rule_loads_nothing(tmp_path, overrides):
    with pytest.raises((CommandError, IntegrityError, ValidationError)):
        load(tmp_path, fixture_objects(**overrides))

    assert not Source.objects.exists()
    assert not Claim.objects.exists()
    assert not Citation.objects.exists()


@pytest.mark.django_db
def test_loaddata_cannot_change_the_text_of_a_cited_source(tmp_path):
    load(tmp_path, fixture_objects())

    with pytest.raises((CommandError, IntegrityError)):
        load(tmp_path, fixture_objects(**{"claims.source": {"text": make.TEXT + " More."}}))

    assert Source.objects.get().text == make.TEXT
