"""A claim, or a group of claims, as schema.org ``Claim`` JSON-LD, for search engines and
linked-data tools.

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


def assertion_jsonld(assertion: dict[str, Any]) -> dict[str, Any]:
    """One schema.org ``Claim`` for a group: every report of it is an ``appearance``, each
    with its quote, and each member's claimant among the ``author``s."""
    members = [m for m in assertion["claims"] if m["rank"] != "deprecated"]
    appearances = [
        _appearance(c) for m in members for c in m["citations"] if c["stance"] == "supports"
    ]
    authors = {m["claimant"]["url"]: _agent(m["claimant"]) for m in members if m["claimant"]}
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "@id": assertion["url"],
        "url": assertion["url"],
        "identifier": str(assertion["id"]),
        "text": assertion["statement"],
        "dateCreated": assertion["created_at"],
        "dateModified": assertion["updated_at"],
        "appearance": appearances,
        "keywords": [t["name"] for t in assertion["topics"]],
    }
    if authors:
        doc["author"] = list(authors.values())
    if appearances:
        doc["firstAppearance"] = min(
            appearances, key=lambda w: (w.get("datePublished") is None, str(w.get("datePublished")))
        )
    return doc
