"""The extractor's input and output shapes: plain dataclasses, no database needed."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from claims import anchoring


class _ActorLike(Protocol):
    pk: Any
    name: str
    aliases: list[str]


@dataclass(frozen=True)
class ActorRef:
    """An actor the extractor may name as claimant, matched by name or alias."""

    id: Hashable
    name: str
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_actor(cls, actor: _ActorLike) -> ActorRef:
        """Build from a ``claims.models.Actor`` (or anything with pk, name and aliases)."""
        return cls(id=actor.pk, name=actor.name, aliases=tuple(actor.aliases or ()))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Candidate:
    """A machine-proposed claim: what was found, where, who says it and how hedged.

    ``value`` and ``unit`` are as stated ("$800 billion" is 800 "billion USD"); ``value_si``
    and ``unit_si`` come from ``claims.units.normalise``. ``text[start:end] == quote``.
    A proposal carries no quantity: value, bounds and the normalised value are None and
    the units empty; its quote is the sentence that states it.
    """

    kind: str
    value: Decimal | None
    unit: str
    lower: Decimal | None
    upper: Decimal | None
    approximate: bool
    bounds_stated: bool
    value_si: Decimal | None
    unit_si: str
    quote: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    subject: str
    claimant_name: str
    claimant_id: Hashable | None
    modality: str
    confidence: float
    method: str
    provisions: tuple[str, ...] = field(default=())
    # A proposal's sentences (offsets): every sentence that states or continues the plan.
    provision_spans: tuple[tuple[int, int], ...] = field(default=())

    @property
    def statement(self) -> str:
        """A one-line draft of the claim's statement for a curator to edit."""
        who = self.claimant_name or "Unattributed"
        what = self.quote if self.kind != "proposal" else (self.subject or "proposal")
        about = f" — {self.subject}" if self.subject and self.kind != "proposal" else ""
        return f"{who} ({self.modality}): {what}{about}"

    def claim_fields(self) -> dict[str, Any]:
        """Field values for a ``Claim`` in status ``candidate`` (claimant as an id)."""
        return {
            "kind": self.kind,
            "statement": self.statement,
            "subject": self.subject,
            "value": self.value,
            "unit": self.unit,
            "lower": self.lower,
            "upper": self.upper,
            "approximate": self.approximate,
            "bounds_stated": self.bounds_stated,
            "modality": self.modality,
            "status": "candidate",
            "claimant_id": self.claimant_id,
            "notes": self.notes,
        }

    @property
    def notes(self) -> str:
        """What a curator must settle that no field can hold yet: a claimant named in the
        text but not among the ledger's actors, and a proposal's provisions."""
        lines = []
        if self.claimant_name and self.claimant_id is None:
            lines.append(
                f'Claimant named in the text: "{self.claimant_name}". No actor matches it: '
                "create the actor (or add this name to an actor's aliases) and set it as "
                "claimant."
            )
        if self.provisions:
            lines.append("Provisions found by the extractor (one per line):")
            lines.extend(f"- {provision}" for provision in self.provisions)
        return "\n".join(lines)

    def citation_fields(self, text: str) -> dict[str, Any]:
        """Field values for the ``Citation`` anchoring this candidate in ``text``."""
        prefix, suffix = anchoring.context(text, anchoring.Span(self.start, self.end))
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "prefix": prefix,
            "suffix": suffix,
            "method": self.method,
        }
