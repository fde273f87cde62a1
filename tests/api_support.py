"""Shared pieces of the API tests: a small ledger with fixed ids and times, and helpers.

The ledger is built through the models (so every rule runs), then its timestamps are pinned
so golden files can compare whole answers. The seed fixture (fixtures/seed.json) gives
realistic data elsewhere; this gives exact, known rows.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from claims import assertions
from claims.models import Actor, Assertion, Citation, Claim, Proposal, Provision, Source, Topic

ARTICLE = (
    "MOSCOW, Dec 1 - About 55% of Russians expect the war to end in 2026, according to a "
    "VTsIOM poll reported by TASS. Putin demands roughly 5,000 km2 of Donbas. Russian "
    "forces advanced about 176 square miles per month, analysts said. A 20-point "
    "US-Ukraine plan replaced a 28-point US draft."
)
T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def fixed_id(n: int) -> uuid.UUID:
    return uuid.UUID(f"00000000-0000-4000-8000-{n:012d}")


@dataclass
class Ledger:
    vtsiom: Actor
    tass: Actor
    putin: Actor
    analysts: Actor
    reuters: Actor
    opinion: Topic
    territory: Topic
    article: Source
    draft_plan: Proposal
    plan: Proposal
    guarantees: Provision
    poll: Claim
    demand: Claim
    advance: Claim
    old_plan_claim: Claim
    plan_claim: Claim
    retracted: Claim
    draft: Claim
    candidate: Claim

    @property
    def public_claims(self) -> list[Claim]:
        return [self.poll, self.demand, self.advance, self.old_plan_claim, self.plan_claim,
                self.retracted]  # fmt: skip


def cite(claim: Claim, quote: str, source: Source, n: int) -> Citation:
    return Citation.objects.create(id=fixed_id(n), claim=claim, source=source, quote=quote)


def publish(claim: Claim, status: str = "published", **fields: Any) -> Claim:
    for name, value in {"status": status, **fields}.items():
        setattr(claim, name, value)
    # The model's rules; the check constraints are the database's, enforced by the save
    # (validating each in Python is a query apiece: half of every API test's set-up).
    claim.full_clean(validate_constraints=False)
    claim.save()
    return claim


def build_ledger() -> Ledger:
    def actor(n: int, slug: str, name: str, kind: str, **more: Any) -> Actor:
        return Actor.objects.create(id=fixed_id(n), slug=slug, name=name, kind=kind, **more)

    vtsiom = actor(1, "vtsiom", "VTsIOM", "pollster", aliases=["WCIOM"], wikidata_id="Q2624680")
    tass = actor(2, "tass", "TASS", "media")
    putin = actor(3, "vladimir-putin", "Vladimir Putin", "person")
    analysts = actor(4, "analysts", "Analysts", "group")
    reuters = actor(5, "reuters", "Reuters", "media")
    opinion = Topic.objects.create(id=fixed_id(10), slug="public-opinion", name="Public opinion")
    territory = Topic.objects.create(id=fixed_id(11), slug="territory", name="Territory")
    article = Source.objects.create(
        id=fixed_id(20),
        url="https://news.example/peace-talks",
        title="Peace talks: what each side wants",
        publisher=reuters,
        authors=["A. Writer"],
        published_on=date(2025, 12, 1),
        published_precision="day",
        text=ARTICLE,
    )
    draft_plan = Proposal.objects.create(
        id=fixed_id(30), slug="us-28-point-draft", title="US 28-point draft", point_count=28,
        status="superseded",
    )  # fmt: skip
    plan = Proposal.objects.create(
        id=fixed_id(31), slug="us-ukraine-20-point-plan", title="US-Ukraine 20-point plan",
        point_count=20, status="under_negotiation", supersedes=draft_plan,
    )  # fmt: skip
    plan.proposed_by.add(putin, vtsiom)
    guarantees = Provision.objects.create(
        id=fixed_id(32), proposal=plan, number=7, summary="Security guarantees."
    )
    guarantees.topics.add(territory)

    def claim(n: int, **fields: Any) -> Claim:
        return Claim.objects.create(id=fixed_id(n), **{"status": "draft", **fields})

    poll = claim(
        40, kind="percentage", statement="55% of Russians expect the war to end in 2026.",
        claimant=vtsiom, conveyed_by=tass, subject="Russians", value=Decimal(55), unit="%",
        lower=Decimal(52), upper=Decimal("58.5"), approximate=True, as_of=date(2025, 11, 30),
        time_precision="day", modality="reported",
    )  # fmt: skip
    poll.topics.add(opinion)
    cite(poll, "About 55% of Russians expect the war to end in 2026", article, 50)
    publish(poll)

    demand = claim(
        41, kind="area", statement="Putin demands about 5,000 km2 of Donbas.", claimant=putin,
        place="Donbas", value=Decimal(5000), unit="km2", approximate=True, modality="demanded",
    )  # fmt: skip
    demand.topics.add(territory)
    cite(demand, "Putin demands roughly 5,000 km2 of Donbas", article, 51)
    publish(demand)

    advance = claim(
        42, kind="area_rate", statement="Russian forces advance about 176 sq mi a month.",
        claimant=analysts, value=Decimal(176), unit="mi2/month", approximate=True,
        period_start=date(2025, 1, 1), period_end=date(2025, 11, 30), time_precision="month",
        modality="estimated",
    )  # fmt: skip
    cite(advance, "Russian forces advanced about 176 square miles per month", article, 52)
    publish(advance)

    plan_claim = claim(
        43, kind="proposal", statement="A 20-point US-Ukraine plan is on the table.",
        modality="proposed", proposal=plan, provision=guarantees,
    )  # fmt: skip
    cite(plan_claim, "A 20-point US-Ukraine plan", article, 53)
    publish(plan_claim)

    old_plan_claim = claim(
        44, kind="proposal", statement="The US proposes a 28-point plan.", modality="proposed",
        proposal=draft_plan,
    )  # fmt: skip
    cite(old_plan_claim, "a 28-point US draft", article, 54)
    publish(old_plan_claim)
    publish(old_plan_claim, "superseded", superseded_by=plan_claim)

    retracted = claim(45, kind="statement", statement="TASS reported the poll.",
                      claimant=tass, modality="reported")  # fmt: skip
    cite(retracted, "reported by TASS", article, 55)
    publish(retracted)
    publish(retracted, "retracted", notes="Misattributed.")

    draft = claim(46, kind="count", statement="Secret draft count.", value=Decimal(3),
                  unit="count", modality="asserted")  # fmt: skip
    cite(draft, "analysts said", article, 56)
    candidate = claim(47, kind="statement", statement="Machine-found candidate.",
                      modality="asserted", status="candidate")  # fmt: skip
    # A group of the draft alone: staff see a claim with a group, anonymous readers neither.
    drafts = Assertion.objects.create(id=fixed_id(62), statement="Draft counts", kind="count")
    Claim.objects.filter(pk=draft.pk).update(assertion=drafts)
    assertions.refresh(drafts.pk)

    pin_timestamps()
    return Ledger(
        vtsiom, tass, putin, analysts, reuters, opinion, territory, article, draft_plan, plan,
        guarantees, poll, demand, advance, old_plan_claim, plan_claim, retracted, draft,
        candidate,
    )  # fmt: skip


def pin_timestamps() -> None:
    """Give every row fixed times (claims a minute apart, by id) for golden files."""
    for model in (Actor, Topic, Source, Proposal, Provision, Citation, Claim, Assertion):
        for offset, pk in enumerate(model.objects.order_by("id").values_list("id", flat=True)):
            stamp = T0 + timedelta(minutes=offset)
            model.objects.filter(pk=pk).update(created_at=stamp, updated_at=stamp)


def body(response: Any) -> Any:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return json.loads(response.content)


def ids(results: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in results]


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> None:
    """The one error shape: {"error": {"status", "code", "message", "fields"?}}."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = json.loads(response.content)["error"]
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    if field is not None:
        assert field in error["fields"], error


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered pages and throttle counters live in the cache; tests start without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ledger(db) -> Ledger:
    return build_ledger()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


REPORT = (
    "MOSCOW, Dec 2 - Some 45% of Russians expect the war to end next year, state pollster "
    "FOM said on Tuesday, in a survey of 1,500 adults. In December the share rose to 61%, "
    "FOM said in a later release."
)


@dataclass
class Groups:
    """Two time points of one measure, grouped over the small ledger (fixed ids)."""

    ledger: Ledger
    report: Source
    november: Assertion
    december: Assertion
    fom: Claim
    fom_december: Claim


def build_groups(ledger: Ledger, by: Any) -> Groups:
    """November: the ledger's VTsIOM poll (55%, 52–58.5) and FOM's 45%, in conflict; December:
    FOM's 61%, a later point of the series (an update, not a conflict)."""
    from claims import services

    fom_actor = Actor.objects.create(id=fixed_id(6), slug="fom", name="FOM", kind="pollster")
    report = Source.objects.create(
        id=fixed_id(21),
        url="https://news.example/fom-poll",
        title="FOM: expectations of peace",
        publisher=fom_actor,
        published_on=date(2025, 12, 2),
        published_precision="day",
        text=REPORT,
    )

    def poll(n: int, value: str, quote: str, as_of: date, citation: int) -> Claim:
        made = Claim.objects.create(
            id=fixed_id(n), kind="percentage", statement=f"{value}% expect the war to end.",
            claimant=fom_actor, subject="Russians", value=Decimal(value), unit="%",
            approximate=True, as_of=as_of, time_precision="month", modality="reported",
        )  # fmt: skip
        cite(made, quote, report, citation)
        return publish(made)

    fom = poll(48, "45", "Some 45% of Russians expect the war", date(2025, 11, 1), 57)
    fom_december = poll(49, "61", "the share rose to 61%", date(2025, 12, 1), 58)
    scope = {"kind": "percentage", "subject": "Russians", "measure": "war-end-expected"}
    november = services.create_assertion(
        by=by, id=fixed_id(60), claims=[ledger.poll, fom],
        statement="Russians expecting the war to end, November",
        as_of=date(2025, 11, 1), topics=[ledger.opinion], **scope,
    )  # fmt: skip
    december = services.create_assertion(
        by=by, id=fixed_id(61), claims=[fom_december],
        statement="Russians expecting the war to end, December",
        as_of=date(2025, 12, 1), **scope,
    )  # fmt: skip
    pin_timestamps()
    for offset, pk in enumerate((november.pk, december.pk)):  # after the ledger's own group
        stamp = T0 + timedelta(hours=1, minutes=offset)
        Assertion.objects.filter(pk=pk).update(created_at=stamp, updated_at=stamp)
    return Groups(
        ledger,
        report,
        Assertion.objects.get(pk=november.pk),
        Assertion.objects.get(pk=december.pk),
        Claim.objects.get(pk=fom.pk),
        Claim.objects.get(pk=fom_december.pk),
    )
