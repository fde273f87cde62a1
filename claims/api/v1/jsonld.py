"""A claim as schema.org ``Claim`` JSON-LD, for search engines and linked-data tools.

``author`` is the claimant (who asserts), each ``appearance`` is a source document with the
quote as its ``text``. Not ``ClaimReview``: the ledger records who said what, it gives no
verdict (PITFALLS).
"""

from __future__ import annotations

from typing import Any

# Actor kinds that schema.org models as people; everything else is an organisation.
_AGENT_TYPES = {"person": "Person", "government": "GovernmentOrganization"}


def _agent(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "@type": _AGENT_TYPES.get(actor["kind"], "Organization"),
        "@id": actor["url"],
        "name": actor["name"],
        "identifier": actor["slug"],
    }


def _appearance(citation: dict[str, Any]) -> dict[str, Any]:
    source = citation["source"]
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "@id": source["url"],
        "name": source["title"],
        "url": source["source_url"] or source["url"],
        "text": citation["quote"],
    }
    if source["publisher"]:
        work["publisher"] = _agent(source["publisher"])
    if source["published_on"]:
        work["datePublished"] = source["published_on"]
    return work


def claim_jsonld(claim: dict[str, Any]) -> dict[str, Any]:
    """From the v1 claim representation (so both always say the same)."""
    appearances = [_appearance(c) for c in claim["citations"] if c["stance"] == "supports"]
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "@id": claim["url"],
        "url": claim["url"],
        "identifier": str(claim["id"]),
        "text": claim["statement"],
        "dateCreated": claim["created_at"],
        "dateModified": claim["updated_at"],
        "appearance": appearances,
        "keywords": [t["name"] for t in claim["topics"]],
    }
    if claim["claimant"]:
        doc["author"] = _agent(claim["claimant"])
    if appearances:
        doc["firstAppearance"] = min(
            appearances, key=lambda w: (w.get("datePublished") is None, str(w.get("datePublished")))
        )
    return doc
