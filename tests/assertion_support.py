"""The multi-source evaluation set (tests/data/assertions) loaded into the ledger.

Each storyline becomes its actors, sources (full texts), published claims with their
citations at the labelled offsets, and one group per labelled assertion, through the same
services a curator uses, every kind the storylines use included. A source's
``conveyed_by`` (the agency it relays) is recorded on its claims, where the ledger keeps it;
``copied_from`` is *not* loaded: a reprint that does not name its original must be found
from its words, as the ledger would have to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.utils.text import slugify

from claims import services
from claims.models import Actor, Assertion, Claim, ClaimKind, Precision, Source
from claims.permissions import ensure_groups

DATA = Path(__file__).parent / "data" / "assertions"
STORED_KINDS = set(ClaimKind.values)
SCALES = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


@dataclass
class Loaded:
    doc: dict[str, Any]
    claims: dict[str, Claim] = field(default_factory=dict)
    groups: dict[str, Assertion] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def doc_assertion(self, claim_label: str) -> str:
        """The labelled assertion of a claim."""
        return next(c["assertion"] for c in self.doc["claims"] if c["id"] == claim_label)


def reviewer(django_user_model: Any, name: str = "rev") -> Any:
    from django.conf import settings

    ensure_groups()  # migrate made the groups; the test database's permissions come later
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=settings.REVIEWERS_GROUP))
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


def curator(django_user_model: Any, name: str = "cur") -> Any:
    from django.conf import settings

    ensure_groups()
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=settings.CURATORS_GROUP))
    return django_user_model.objects.get(pk=user.pk)


def scope(as_of: str | None) -> tuple[date | None, str]:
    if as_of is None:
        return None, Precision.UNKNOWN
    if len(as_of) == 7:
        return date.fromisoformat(as_of + "-01"), Precision.MONTH
    return date.fromisoformat(as_of), Precision.DAY


def quantity(label: dict[str, Any]) -> dict[str, Any]:
    if label["kind"] == "proposal":
        return {}
    scale, _, base = label["unit"].partition(" ")
    factor = SCALES[scale] if base else 1
    unit = base or label["unit"]

    def scaled(name: str) -> Decimal | None:
        return Decimal(str(label[name])) * factor if name in label else None

    return {
        "value": scaled("value"),
        "unit": unit,
        "lower": scaled("lower"),
        "upper": scaled("upper"),
        "bounds_stated": "lower" in label or "upper" in label,
        "approximate": bool(label.get("approximate")),
    }


def load_storyline(name: str, by: Any) -> Loaded:
    doc = json.loads((DATA / f"storyline_{name}.json").read_text(encoding="utf-8"))
    loaded = Loaded(doc)
    actors = {
        a["slug"]: Actor.objects.get_or_create(
            slug=a["slug"], defaults={"name": a["name"], "kind": a["kind"]}
        )[0]
        for a in doc["actors"]
    }
    by_name = {a.name: a for a in actors.values()}
    relayed_by: dict[str, Actor] = {}
    for s in doc["sources"]:
        published = date.fromisoformat(s["published_on"])
        loaded.sources[s["file"]] = Source.objects.create(
            title=s["title"],
            publisher=actors[s["publisher"]],
            published_on=published,
            published_precision=Precision.DAY,
            kind=s["kind"],
            text=(DATA / s["file"]).read_text(encoding="utf-8"),
        )
        if "conveyed_by" in s:
            relayed_by[s["file"]] = actors[s["conveyed_by"]]
    members: dict[str, list[Claim]] = {}
    for label in doc["claims"]:
        if label["kind"] not in STORED_KINDS:
            continue
        claimant = None
        if label["claimant"]:
            claimant = (
                by_name.get(label["claimant"])
                or Actor.objects.get_or_create(
                    slug=slugify(label["claimant"])[:100],
                    defaults={"name": label["claimant"], "kind": "group"},
                )[0]
            )
            by_name[claimant.name] = claimant
        as_of, precision = scope(label["as_of"])
        conveyed = (
            actors[label["conveyed_by"]]
            if "conveyed_by" in label
            else relayed_by.get(label["source"])
        )
        claim = services.create_claim(
            by=by,
            kind=label["kind"],
            statement=f"{label['subject']}: {label['quote']}",
            claimant=claimant,
            conveyed_by=conveyed,
            subject=label["subject"],
            place=label.get("place") or "",
            as_of=as_of,
            time_precision=precision,
            modality=label["modality"],
            status="published",
            citations=[
                {
                    "source": loaded.sources[label["source"]],
                    "quote": label["quote"],
                    "start": label["start"],
                    "end": label["start"] + len(label["quote"]),
                }
            ],
            **quantity(label),
        )
        loaded.claims[label["id"]] = claim
        members.setdefault(label["assertion"], []).append(claim)
    declared = {a["id"]: a for a in doc["assertions"]}
    for assertion_id, claims in members.items():
        first = next(c for c in doc["claims"] if c["assertion"] == assertion_id)
        as_of, _ = scope(first["as_of"])
        loaded.groups[assertion_id] = services.create_assertion(
            by=by,
            claims=claims,
            statement=declared[assertion_id]["statement"],
            kind=first["kind"],
            subject=first["subject"],
            place=first.get("place") or "",
            as_of=as_of,
            measure=first["series"] or "",
        )
    return loaded
