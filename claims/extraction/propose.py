"""Turn a source's text into candidate claims a curator can accept, fix or reject.

The one use-case function the admin action, the API and commands share. Candidates are
saved as claims in status ``candidate`` with their citation (method ``extractor@<version>``),
so they go through every ledger rule like any other claim and stay invisible to readers
until a person accepts and publishes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from claims.extraction import ActorRef, Candidate, extract
from claims.models import Actor, Citation, Claim, Source


@dataclass(frozen=True)
class Proposed:
    """What one run proposed: the new candidates, and how many were already in the ledger."""

    candidates: list[Candidate]
    skipped: int
    claims: list[Claim]


def known_actors() -> list[ActorRef]:
    return [ActorRef.from_actor(a) for a in Actor.objects.only("id", "name", "aliases")]


def candidates_for_text(text: str) -> list[Candidate]:
    """Candidates for raw text, matched to the ledger's actors; nothing is saved."""
    return extract(text, known_actors())


def propose_claims(source: Source, by: Any = None, dry_run: bool = False) -> Proposed:
    """Extract candidates from ``source`` and, unless ``dry_run``, save the new ones.

    A candidate whose span and kind are already cited from this source (by any claim, in
    any status, rejected ones included) is skipped, so re-running never duplicates.
    """
    found = candidates_for_text(source.text)
    cited = set(Citation.objects.filter(source=source).values_list("start", "end", "claim__kind"))
    new = [c for c in found if (c.start, c.end, c.kind) not in cited]
    if dry_run:
        return Proposed(candidates=new, skipped=len(found) - len(new), claims=[])
    claims = []
    with transaction.atomic():
        for candidate in new:
            claim = Claim(**candidate.claim_fields())
            claim._history_user = by
            claim.full_clean()
            claim.save()
            citation = Citation(
                claim=claim, source=source, **candidate.citation_fields(source.text)
            )
            citation._history_user = by
            citation.save()
            claims.append(claim)
    return Proposed(candidates=new, skipped=len(found) - len(new), claims=claims)
