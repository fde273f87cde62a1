"""Issue 13 end to end, over HTTP only, as a curator works: one storyline of the multi-source
evaluation set (tests/data/assertions, the state pollster against Norvik) goes in source by
source; the extractor's candidates are accepted where they cite the labelled words (and the
curator writes the claims it missed), each new claim's group suggestions are read, the right
one is confirmed with the group write (or a new group made when none exists yet), and the
groups that downstream readers ask for — corroborated (``min_independent_sources=2``) and
contested (``conflicting=true``) — answer the members' exact quotes, their sources and the
independent-source counts the labels give.

Which suggestion is right is the label's call (the curator's judgment); that the scorer
offers it is what is tested: every claim whose group exists already is offered that group.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils.text import slugify
from rest_framework.test import APIClient

from tests.api_support import body
from tests.assertion_support import DATA, STORED_KINDS, quantity, scope
from tests.test_api_writes import client_as

STORYLINE = "poll"
API = "/api/v1"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:500])
    return body(response)


def path(url: str) -> str:
    return url.removeprefix("http://testserver")


class Curator:
    """A reviewer's token (curators may group; publishing needs a reviewer) and the calls."""

    def __init__(self) -> None:
        self.client: APIClient = client_as("reviewer")

    def get(self, url: str) -> Any:
        return ok(self.client.get(path(url)))

    def post(self, url: str, data: Any = None, status: int = 200, **headers: str) -> Any:
        return ok(self.client.post(path(url), data, format="json", **headers), status)

    def etag(self, url: str) -> str:
        response = self.client.get(path(url))
        assert response.status_code == 200
        return response["ETag"]

    def patch(self, url: str, data: Any) -> Any:
        response = self.client.patch(path(url), data, format="json", HTTP_IF_MATCH=self.etag(url))
        return ok(response)


def claim_fields(
    label: dict[str, Any], conveyed_by: str | None, slugs: dict[str, str]
) -> dict[str, Any]:
    """What the curator types for a labelled claim (as tests/assertion_support loads it)."""
    as_of, precision = scope(label["as_of"])
    numbers = {k: (str(v) if v is not None else None) for k, v in quantity(label).items()
               if k in ("value", "lower", "upper")}  # fmt: skip
    stated = {k: v for k, v in quantity(label).items() if k not in numbers}
    return {
        "kind": label["kind"],
        "statement": f"{label['subject']}: {label['quote']}",
        "claimant": actor_slug(label["claimant"], slugs) if label["claimant"] else None,
        "conveyed_by": label.get("conveyed_by", conveyed_by),
        "subject": label["subject"],
        "place": label.get("place") or "",
        "as_of": as_of.isoformat() if as_of else None,
        "time_precision": precision,
        "modality": label["modality"],
        **numbers,
        **stated,
    }


def actor_slug(name: str, slugs: dict[str, str]) -> str:
    """The slug of a publisher named so, else of the claimant the curator added."""
    return slugs.get(name) or slugify(name)[:100]


@pytest.mark.django_db
def test_a_storyline_goes_in_source_by_source_and_the_groups_answer_as_labelled():
    doc = json.loads((DATA / f"storyline_{STORYLINE}.json").read_text(encoding="utf-8"))
    curator = Curator()

    # Who publishes and who claims: the actors, once.
    slugs = {a["name"]: a["slug"] for a in doc["actors"]}
    for actor in doc["actors"]:
        curator.post(f"{API}/actors/", {k: actor[k] for k in ("slug", "name", "kind")}, 201)
    for name in {c["claimant"] for c in doc["claims"] if c["claimant"]} - set(slugs):
        curator.post(
            f"{API}/actors/", {"slug": actor_slug(name, slugs), "name": name, "kind": "group"}, 201
        )

    sources: dict[str, dict[str, Any]] = {}  # file -> the source's answer
    groups: dict[str, str] = {}  # labelled assertion -> the group's URL
    members: dict[str, str] = {}  # labelled claim -> the claim's URL
    offered = missed = 0
    labelled = [c for c in doc["claims"] if c["kind"] in STORED_KINDS]
    for entry in sorted(doc["sources"], key=lambda s: (s["published_on"], s["file"])):
        source = curator.post(
            f"{API}/sources/",
            {
                "title": entry["title"],
                "publisher": entry["publisher"],
                "published_on": entry["published_on"],
                "published_precision": "day",
                "kind": entry["kind"],
                "text": (DATA / entry["file"]).read_text(encoding="utf-8"),
            },
            201,
        )
        sources[entry["file"]] = source
        found = curator.post(f"{source['url']}extract/", status=201)
        proposed = dict(zip(((c["start"], c["quote"]) for c in found["candidates"]),
                            found["claims"], strict=True))  # fmt: skip

        for label in (c for c in labelled if c["source"] == entry["file"]):
            fields = claim_fields(label, entry.get("conveyed_by"), slugs)
            candidate = proposed.get((label["start"], label["quote"]))
            if candidate is not None:  # the extractor cites the labelled words: accept, edit
                curator.post(f"{candidate}accept/")
                claim = curator.patch(candidate, fields)
            else:  # the extractor missed it (or cited other words): the curator writes it
                citation = {"source": source["id"], "quote": label["quote"],
                            "start": label["start"],
                            "end": label["start"] + len(label["quote"])}  # fmt: skip
                claim = curator.post(f"{API}/claims/", {**fields, "citations": [citation]}, 201)
            claim = curator.post(f"{claim['url']}publish/")
            members[label["id"]] = claim["url"]

            suggestions = curator.get(f"{claim['url']}group-suggestions/")
            same = {s["assertion"]["url"]: s for s in suggestions["results"]
                    if s["relation"] == "same"}  # fmt: skip
            right = groups.get(label["assertion"])
            if right is None:  # the first report of this proposition: a new group
                declared = next(a for a in doc["assertions"] if a["id"] == label["assertion"])
                made = curator.post(
                    f"{API}/assertions/",
                    {
                        "statement": declared["statement"],
                        "kind": label["kind"],
                        "subject": label["subject"],
                        "place": label.get("place") or "",
                        "as_of": fields["as_of"],
                        "measure": label["series"] or "",
                        "claims": [claim["id"]],
                    },
                    201,
                )
                groups[label["assertion"]] = made["url"]
                continue
            suggestion = same.get(right)
            if suggestion is None:
                missed += 1  # the curator finds the group by hand: the same write
                confirm = {"url": f"{right}members/", "claims": [claim["id"]]}
            else:
                offered += 1
                confirm = suggestion["confirm"]
                assert confirm["claims"] == [claim["id"]]
            curator.post(
                confirm["url"], {"claims": confirm["claims"]}, HTTP_IF_MATCH=curator.etag(right)
            )

    assert offered >= 10 and missed == 0, (offered, missed)
    anonymous = APIClient()
    by_url = {url: label for label, url in members.items()}
    declared = {a["id"]: a for a in doc["assertions"]}
    label_of = {url: assertion for assertion, url in groups.items()}
    texts = {s["id"]: (DATA / f).read_text(encoding="utf-8") for f, s in sources.items()}
    file_of = {s["id"]: f for f, s in sources.items()}
    claims = {c["id"]: c for c in doc["claims"]}

    def answered(query: str) -> dict[str, dict[str, Any]]:
        page = ok(anonymous.get(f"{API}/assertions/?{query}&page_size=200"))
        assert page["next"] is None
        return {label_of[a["url"]]: ok(anonymous.get(path(a["url"]))) for a in page["results"]}

    corroborated = answered("min_independent_sources=2")
    expected = {
        a for a in groups if declared[a]["independent_sources"] >= 2
    }  # only the groups of stored kinds were made
    assert set(corroborated) == expected and expected
    conflicted = {
        claims[pair[side]]["assertion"]
        for pair in ((c["a"], c["b"]) for c in doc["conflicts"])
        for side in (0, 1)
        if claims[pair[0]]["kind"] in STORED_KINDS
    }
    contested = answered("conflicting=true")
    assert set(contested) == conflicted & set(groups) and contested

    for assertion, group in {**corroborated, **contested}.items():
        assert group["independent_sources"] == declared[assertion]["independent_sources"]
        assert group["sources"] == declared[assertion]["sources"]
        for member in group["claims"]:
            label = claims[by_url[member["url"]]]
            assert label["assertion"] == assertion
            (citation,) = member["citations"]
            source = citation["source"]
            assert file_of[source["id"]] == label["source"]
            assert citation["quote"] == label["quote"]
            start, end = citation["start"], citation["end"]
            assert texts[source["id"]][start:end] == label["quote"], "the exact words"
            assert source["publisher"]["slug"] == next(
                s["publisher"] for s in doc["sources"] if s["file"] == label["source"]
            )
