"""On PostgreSQL, claims are built as JSON by the database; it must equal the Python path."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory

from claims.api.base import Links
from claims.api.renderers import dumps
from claims.api.v1 import pgjson, representations
from claims.models import Claim
from tests import factories as make

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL-built JSON path is PostgreSQL's"
)


def ordered(raw: bytes) -> object:
    """Parsed with key order kept: PostgreSQL spaces its JSON differently, nothing else."""
    return json.loads(raw, object_pairs_hook=list)


def both_paths() -> tuple[list[object], list[object]]:
    links = Links(RequestFactory().get("/api/v1/claims/"), "v1")
    claims = Claim.objects.order_by("id")
    python = representations.shape_claims(list(representations.claim_rows(claims)), links)
    sql = pgjson.shape_claim_json(list(pgjson.claim_json_rows(claims, links)), links)
    return [ordered(dumps(c)) for c in python], [ordered(dumps(c)) for c in sql]


@pytest.mark.django_db
def test_the_database_builds_the_same_bytes_as_python_for_every_field_shape():
    publisher = make.actor(name="Ünïcode “Press”", kind="media")
    source = make.source(publisher=publisher, published_on="2025-03-01", published_precision="day")
    plan = make.provision(number=3)
    rate = make.claim(
        kind="area_rate",
        value=Decimal("176"),
        unit="mi2/month",
        lower=Decimal("150.5"),
        upper=Decimal("200"),
        approximate=True,
        claimant=make.actor(),
        period_start="2025-01-01",
        period_end="2025-11-30",
        time_precision="month",
        notes='Quotes "inside", a tab\\t and a newline\n.',
        proposal=plan.proposal,
        provision=plan,
    )
    rate.topics.set([make.topic(name="Zeta"), make.topic(name="Alpha")])
    make.citation(rate, source, quote="about 176 square miles per month")
    make.citation(rate, source, quote="The plan has 20 points.")
    make.claim(kind="statement", value=None, unit="", statement="No quantity, no citation.")
    Claim.objects.filter(pk=rate.pk).update(
        created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    )

    python, sql = both_paths()

    assert sql == python
    assert [dict(c)["value_si"] for c in sql if dict(c)["kind"] == "area_rate"] == [455.837907]


@pytest.mark.django_db
def test_the_seed_is_the_same_through_both_paths(seed):
    python, sql = both_paths()

    assert sql == python
