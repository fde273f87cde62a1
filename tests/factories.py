"""Small builders for arbitrary, valid ledger objects; the seed fixture gives realistic ones."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from claims.models import Actor, Citation, Claim, Proposal, Provision, Source, Topic

TEXT = (
    "Polls say 55% of voters agree. The plan has 20 points. "
    "Forces advanced about 176 square miles per month. Polls say 55% of voters agree."
)
_seq = itertools.count(1)


def actor(**fields: Any) -> Actor:
    n = next(_seq)
    return Actor.objects.create(
        **{"slug": f"actor-{n}", "name": f"Actor {n}", "kind": "organisation", **fields}
    )


def topic(**fields: Any) -> Topic:
    n = next(_seq)
    return Topic.objects.create(**{"slug": f"topic-{n}", "name": f"Topic {n}", **fields})


def source(text: str = TEXT, **fields: Any) -> Source:
    n = next(_seq)
    return Source.objects.create(
        **{"title": f"Source {n}", "url": f"https://example.org/{n}", "text": text, **fields}
    )


def proposal(**fields: Any) -> Proposal:
    n = next(_seq)
    return Proposal.objects.create(**{"slug": f"plan-{n}", "title": f"Plan {n}", **fields})


def provision(proposal_obj: Proposal | None = None, **fields: Any) -> Provision:
    return Provision.objects.create(
        proposal=proposal_obj or proposal(), **{"summary": "A point of the plan.", **fields}
    )


def claim(**fields: Any) -> Claim:
    defaults: dict[str, Any] = {
        "kind": "percentage",
        "statement": "55% of voters agree.",
        "value": Decimal(55),
        "unit": "%",
        "modality": "reported",
        "status": "draft",
    }
    return Claim.objects.create(**{**defaults, **fields})


def citation(claim_obj: Claim, source_obj: Source | None = None, **fields: Any) -> Citation:
    src = source_obj or source()
    defaults: dict[str, Any] = {"quote": "The plan has 20 points."}
    return Citation.objects.create(claim=claim_obj, source=src, **{**defaults, **fields})


def published_claim(**fields: Any) -> Claim:
    """A draft claim with one citation, then published through the model's rules."""
    obj = claim(**fields)
    citation(obj)
    obj.status = "published"
    obj.full_clean()
    obj.save()
    return obj
