"""Helpers the extractor's rule tests share: the quantity candidates of a text, and the one
whose quote is exactly a given phrase."""

from __future__ import annotations

from claims.extraction import Candidate, extract


def quantities(text: str) -> list[Candidate]:
    """Every candidate but the plans."""
    return [c for c in extract(text) if c.kind != "proposal"]


def figure(text: str, quote: str) -> Candidate:
    """The quantity candidate whose quote is ``quote``; fails unless there is exactly one."""
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, [(c.kind, c.quote) for c in quantities(text)]
    return found[0]
