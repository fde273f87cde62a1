"""Generate a large, valid ledger in PostgreSQL for the benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench \
        .venv/bin/python bench/generate.py --claims 1000000 --sources 50000

Rows go in with COPY, in one transaction, with every constraint and trigger left on: each
citation's quote is checked against its source text by the database, each public claim's
citation by the deferred trigger at commit. Normalised values are computed by
``claims.units.normalise``, the function ``Claim`` itself uses. About ``--grouped`` of the
claims are members of assertions (groups of 2–8 claims citing sources of different
publishers; some conflicting, some ranked, some points of a series); the groups' figures are
computed by ``claims.assertions.figures`` — the rules the service applies — from the
members as stored, and a sample is checked against the service's own ``load`` after commit.
Deterministic for a given ``--seed``. django-simple-history rows are not written (bulk data
has no editors).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402

from claims import assertions, units  # noqa: E402
from claims.integrity import cross_table_violations  # noqa: E402
from claims.models import DERIVED, Actor, Assertion, Citation, Claim, Source, Topic  # noqa: E402
from claims.search import document as search_document  # noqa: E402

NAMESPACE = uuid.UUID("6f1c2f0e-9a51-4c1e-9d5e-0b6b2a0c0001")
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

# kind -> (stated units, value range, share of claims)
KINDS = {
    "percentage": (["percent", "%"], (0, 100), 0.35),
    "area": (["km2", "mi2", "ha"], (1, 50_000), 0.15),
    "area_rate": (["mi2/month", "km2/month", "km2/day"], (1, 900), 0.10),
    "count": (["count", "thousand", "million"], (1, 10_000), 0.15),
    "money": (["billion USD", "million EUR", "USD"], (1, 900), 0.10),
    "statement": ([""], (0, 0), 0.10),
    "proposal": ([""], (0, 0), 0.05),
}
STATUSES = ["published"] * 90 + ["disputed"] * 3 + ["draft"] * 4 + ["candidate"] * 3
MODALITIES = ["asserted", "reported", "estimated", "projected", "demanded", "proposed"]
SUBJECTS = ["voters", "Russians", "Ukrainians", "farmers", "households", "troops", "firms"]
PLACES = ["Donetsk", "Kharkiv", "Zaporizhzhia", "Kherson", "Luhansk", "Sumy", "Crimea", ""]
WORDS = [
    "ceasefire", "talks", "envoy", "border", "frontline", "ministry", "pollster",
    "survey", "budget", "grid", "city", "province", "treaty", "guarantees",
    "negotiators", "delegation", "offensive", "corridor",
]  # fmt: skip


# Groups: their kinds (quantities, as news groups them), sizes and what share of them conflict,
# carry a preferred member, a deprecated one, or are points of a series (3-6 months).
GROUP_KINDS = ["percentage", "area", "area_rate", "count", "money"]
GROUP_SIZES = (2, 8)
CONFLICTING = 0.15
PREFERRED = 0.30
DEPRECATED = 0.10
SERIES = 0.10
SERIES_POINTS = (3, 6)
RELAYED = 0.30  # groups where some outlets relay one agency (they count as one origin)
REASON = "An early estimate its own source has since revised."


def uid(kind: str, n: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{n}")


def stamp(rng: random.Random) -> datetime:
    return EPOCH + timedelta(seconds=rng.randrange(0, 86400 * 700))


def sentence(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
    return f"Report {n}: the {words} moved by {rng.randint(2, 99)} percent."


@dataclasses.dataclass(frozen=True)
class Membership:
    """What a grouped claim takes from its group's plan instead of drawing it at random."""

    assertion_id: uuid.UUID
    kind: str
    unit: str
    value: Decimal
    as_of: date
    subject: str
    place: str
    rank: str = "normal"
    rank_reason: str = ""
    conveyed_by_id: uuid.UUID | None = None


class Generator:
    def __init__(
        self, claims: int, sources: int, actors: int, topics: int, seed: int, grouped: float
    ):
        self.rng = random.Random(seed)
        self.n_claims, self.n_sources = claims, sources
        self.n_actors, self.n_topics = actors, topics
        # Each source's text is a list of sentences; claims cite one sentence by offsets.
        self.sentences: list[list[tuple[int, int]]] = []
        self.texts: list[str] = []
        self.assertions: list[dict] = []
        self.members: dict[int, Membership] = {}
        self.plan_groups(random.Random(seed + 1), grouped)

    def plan_groups(self, rng: random.Random, grouped: float) -> None:
        """Which claims are grouped, into which groups, with which values and ranks.

        A group's members follow one another in claim order (each cites a source drawn at
        random, so almost always of another of the 2,000 publishers); a group starts with
        the probability that makes about ``grouped`` of the claims members.
        """
        mean_size = sum(GROUP_SIZES) / 2
        per_start = mean_size * (1 + SERIES * (sum(SERIES_POINTS) / 2 - 1))
        start = grouped / (per_start * (1 - grouped)) if grouped < 1 else 1.0
        n = 0
        while n < self.n_claims:
            if rng.random() >= start:
                n += 1
                continue
            kind = rng.choice(GROUP_KINDS)
            unit_choices, (lo, hi), _ = KINDS[kind]
            unit = rng.choice(unit_choices)
            subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
            as_of = date(2024, 1, 1) + timedelta(days=rng.randrange(500))
            series = rng.random() < SERIES
            measure = f"bench-measure-{len(self.assertions)}" if series else ""
            base = Decimal(rng.randint(max(lo, 10) * 100, hi * 100)) / 100
            for _point in range(rng.randint(*SERIES_POINTS) if series else 1):
                n = self.plan_group(rng, n, kind, unit, base, as_of, subject, place, measure)
                as_of += timedelta(days=30)
                base = base * Decimal(1 + rng.uniform(-0.05, 0.05))
                if kind == "percentage":
                    base = min(base, Decimal(99))

    def plan_group(
        self,
        rng: random.Random,
        n: int,
        kind: str,
        unit: str,
        base: Decimal,
        as_of: date,
        subject: str,
        place: str,
        measure: str,
    ) -> int:
        number = len(self.assertions)
        assertion_id = uid("assertion", number)
        t = stamp(rng)
        self.assertions.append(
            {
                "created_at": t,
                "updated_at": t,
                "revision": 0,
                "id": assertion_id,
                "statement": f"Bench group {number}: {kind} of {subject} in {place or 'all'}",
                "kind": kind,
                "subject": subject,
                "place": place,
                "as_of": as_of,
                "measure": measure,
                # Derived: zero until the members are in (compute_figures).
                "members": 0,
                "public_members": 0,
                "preferred_value_si": None,
                "min_value_si": None,
                "max_value_si": None,
                "unit_si": "",
                "sources": 0,
                "independent_sources": 0,
                "first_seen": None,
                "last_seen": None,
                "conflicting": False,
                "conflicts": "[]",
            }
        )
        size = rng.randint(*GROUP_SIZES)
        conflicting = rng.random() < CONFLICTING
        preferred = rng.random() < PREFERRED
        deprecated = rng.random() < DEPRECATED
        agency = uid("actor", rng.randrange(self.n_actors)) if rng.random() < RELAYED else None
        for i in range(size):
            if n >= self.n_claims:
                break
            # Agreeing reports differ by rounding; a conflicting one states another figure.
            if kind == "percentage":
                value = base + Decimal(rng.randint(-50, 50)) / 100
                if conflicting and i == size - 1:
                    value = value - 15 if value > 50 else value + 15
                value = min(max(value, Decimal(0)), Decimal(100))
            else:
                value = base * Decimal(1 + rng.uniform(-0.003, 0.003))
                if conflicting and i == size - 1:
                    value *= Decimal("1.3")
            rank, reason = "normal", ""
            if preferred and i == 0:
                rank = "preferred"
            elif deprecated and i == 1:
                rank, reason = "deprecated", REASON
            self.members[n] = Membership(
                assertion_id,
                kind,
                unit,
                value.quantize(Decimal("0.01")),
                as_of,
                subject,
                place,
                rank,
                reason,
                agency if i % 2 else None,
            )
            n += 1
        return n

    def copy(self, model, columns: list[str], rows) -> int:
        table = model._meta.db_table if hasattr(model, "_meta") else model
        cols = ", ".join(f'"{c}"' for c in columns)
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.connection.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def actor_rows(self):
        kinds = ["person", "state", "organisation", "pollster", "media", "group"]
        for n in range(self.n_actors):
            t = stamp(self.rng)
            yield (
                t,
                t,
                0,  # revision: the database stamps it
                uid("actor", n),
                f"bench-actor-{n}",
                f"Actor {n}",
                kinds[n % len(kinds)],
                "[]",
                "",
                "",
            )

    def topic_rows(self):
        for n in range(self.n_topics):
            t = stamp(self.rng)
            yield (t, t, 0, uid("topic", n), f"bench-topic-{n}", f"Topic {n}", "")

    def source_rows(self):
        for n in range(self.n_sources):
            parts, spans, pos = [], [], 0
            for i in range(self.rng.randint(12, 24)):
                s = sentence(self.rng, i)
                spans.append((pos, pos + len(s)))
                parts.append(s)
                pos += len(s) + 1
            text = " ".join(parts)
            self.sentences.append(spans)
            self.texts.append(text)
            t = stamp(self.rng)
            published = (EPOCH + timedelta(days=self.rng.randrange(700))).date()
            yield (
                t,
                t,
                0,
                uid("source", n),
                f"https://bench.example.org/articles/{n}",
                f"Bench article {n}",
                uid("actor", self.rng.randrange(self.n_actors)),
                '["Bench Author"]',
                published,
                "day",
                None,
                "en",
                "article",
                text,
                hashlib.sha256(text.encode()).hexdigest(),
                "",
                "",
            )

    def claim_and_citation_rows(self):
        kinds = list(KINDS)
        weights = [KINDS[k][2] for k in kinds]
        claims, citations, links = [], [], []
        for n in range(self.n_claims):
            rng = self.rng
            kind = rng.choices(kinds, weights)[0]
            unit_choices, (lo, hi), _ = KINDS[kind]
            unit = rng.choice(unit_choices)
            status = rng.choice(STATUSES)
            src = rng.randrange(self.n_sources)
            start, end = rng.choice(self.sentences[src])
            quote = self.texts[src][start:end]
            statement = f"Claim {n}: {quote}"
            value = Decimal(rng.randint(lo * 100, hi * 100)) / 100 if unit else None
            created = stamp(rng)
            updated = created + timedelta(seconds=rng.randrange(0, 86400 * 30))
            as_of = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
            subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
            member = self.members.get(n)
            if member:
                kind, unit, value = member.kind, member.unit, member.value
                as_of, subject, place = member.as_of, member.subject, member.place
            if unit:
                # The normalisation Claim.save applies (one pint factor per unit, cached).
                normalised = units.normalise(kind, value, unit)
                value_si, unit_si = normalised.value, normalised.unit
            else:
                value_si, unit_si = None, ""
            claim_id = uid("claim", n)
            claims.append(
                {
                    "created_at": created,
                    "updated_at": updated,
                    "revision": 0,
                    "id": claim_id,
                    "kind": kind,
                    "statement": statement,
                    "claimant_id": uid("actor", rng.randrange(self.n_actors)),
                    "conveyed_by_id": member.conveyed_by_id if member else None,
                    "subject": subject,
                    "place": place,
                    "value": value,
                    "unit": unit,
                    "lower": None,
                    "upper": None,
                    "bounds_stated": False,
                    "approximate": rng.random() < 0.3,
                    "value_si": value_si,
                    "lower_si": None,
                    "upper_si": None,
                    "unit_si": unit_si,
                    "as_of": as_of,
                    "period_start": None,
                    "period_end": None,
                    "time_precision": "day",
                    "modality": rng.choice(MODALITIES),
                    "status": status,
                    "superseded_by_id": None,
                    "proposal_id": None,
                    "provision_id": None,
                    "assertion_id": member.assertion_id if member else None,
                    "rank": member.rank if member else "normal",
                    "rank_reason": member.rank_reason if member else "",
                    "notes": "",
                    "search_text": search_document(statement, [quote]),
                }
            )
            text = self.texts[src]
            citations.append(
                (
                    created,
                    created,
                    uid("citation", n),
                    claim_id,
                    uid("source", src),
                    quote,
                    start,
                    end,
                    text[max(0, start - 32) : start],
                    text[end : end + 32],
                    "supports",
                    "manual",
                )
            )
            for t in rng.sample(range(self.n_topics), rng.randint(1, 2)):
                links.append((claim_id, uid("topic", t)))
            if len(claims) >= 20_000:
                yield claims, citations, links
                claims, citations, links = [], [], []
        if claims:
            yield claims, citations, links

    def compute_figures(self) -> int:
        """Every group's derived figures by ``claims.assertions.figures`` from its members
        and their citations as stored (the rows ``assertions.load`` reads, for all groups in
        two queries), written with one COPY and one UPDATE."""
        fields = [f.name for f in dataclasses.fields(assertions.Member)]
        members: dict[uuid.UUID, list[assertions.Member]] = {}
        rows = (
            Claim.objects.filter(assertion_id__isnull=False)
            .order_by("assertion_id", "id")
            .values("assertion_id", *fields)
        )
        for row in rows.iterator(chunk_size=10_000):
            members.setdefault(row.pop("assertion_id"), []).append(assertions.Member(**row))
        cited: dict[uuid.UUID, list[assertions.Cited]] = {}
        rows = (
            Citation.objects.filter(claim__assertion_id__isnull=False)
            .order_by("claim__assertion_id", "claim_id", "start", "id")
            .values(
                "claim_id",
                "source_id",
                group=F("claim__assertion_id"),
                **assertions.cited_values(),
            )
        )
        for row in rows.iterator(chunk_size=10_000):
            cited.setdefault(row.pop("group"), []).append(assertions.Cited(**row))

        def figure_rows():
            for group, listed in members.items():
                preferred = next((m for m in listed if m.rank == "preferred"), None)
                figures = assertions.figures(listed, cited.get(group, []), preferred)
                figures["conflicts"] = json.dumps(figures["conflicts"])
                yield (group, *(figures[name] for name in DERIVED))

        columns = ", ".join(DERIVED)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE bench_figures ON COMMIT DROP AS SELECT id, {columns} "
                "FROM claims_assertion WITH NO DATA"
            )
            count = self.copy("bench_figures", ["id", *DERIVED], figure_rows())
            assigned = ", ".join(f"{name} = f.{name}" for name in DERIVED)
            cursor.execute(
                f"UPDATE claims_assertion a SET {assigned} FROM bench_figures f WHERE a.id = f.id"
            )
        return count

    def run(self) -> None:
        began = time.perf_counter()
        claim_columns = [f.column for f in Claim._meta.concrete_fields]
        citation_columns = [f.column for f in Citation._meta.concrete_fields]
        assertion_columns = [f.column for f in Assertion._meta.concrete_fields]
        with transaction.atomic():
            n = self.copy(Actor, [f.column for f in Actor._meta.concrete_fields], self.actor_rows())
            print(f"actors     {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
            n = self.copy(Topic, [f.column for f in Topic._meta.concrete_fields], self.topic_rows())
            print(f"topics     {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
            n = self.copy(
                Source, [f.column for f in Source._meta.concrete_fields], self.source_rows()
            )
            print(f"sources    {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
            # Before the claims: a claim's trigger checks its group exists, of its kind.
            n = self.copy(
                Assertion,
                assertion_columns,
                ([a[col] for col in assertion_columns] for a in self.assertions),
            )
            print(f"assertions {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
            totals = [0, 0, 0]
            for claims, citations, links in self.claim_and_citation_rows():
                totals[0] += self.copy(
                    Claim, claim_columns, ([c[col] for col in claim_columns] for c in claims)
                )
                totals[1] += self.copy(Citation, citation_columns, citations)
                totals[2] += self.copy(
                    Claim.topics.through._meta.db_table, ["claim_id", "topic_id"], links
                )
                print(
                    f"claims     {totals[0]:>9,}  citations {totals[1]:>9,}  "
                    f"topic links {totals[2]:>9,}  {time.perf_counter() - began:6.1f}s",
                    flush=True,
                )
            n = self.compute_figures()
            print(
                f"figures    {n:>9,} groups, {len(self.members):,} members "
                f"({len(self.members) / max(self.n_claims, 1):.0%} of claims)  "
                f"{time.perf_counter() - began:6.1f}s",
                flush=True,
            )
            print("checking cross-table rules (deferred triggers run at commit)…", flush=True)
            violations = cross_table_violations()
            if violations:
                raise SystemExit("generated data breaks the rules:\n" + "\n".join(violations))
        with connection.cursor() as cursor:
            # Visibility map and statistics, as autovacuum would leave them in production.
            cursor.execute("VACUUM ANALYZE")
        print(f"committed and analysed in {time.perf_counter() - began:.1f}s")
        checked = check_figures(self.rng, 200)
        print(f"figures of {checked} groups equal what claims.assertions.load + figures derive")


def check_figures(rng: random.Random, sample: int) -> int:
    """Compare stored figures of a sample of groups with the service's own derivation."""
    ids = list(Assertion.objects.order_by("id").values_list("id", flat=True))
    chosen = rng.sample(ids, min(sample, len(ids)))
    for assertion_id in chosen:
        members, cited = assertions.load(assertion_id)
        preferred = next((m for m in members if m.rank == "preferred"), None)
        expected = assertions.figures(members, cited, preferred)
        stored = Assertion.objects.filter(pk=assertion_id).values(*DERIVED).get()
        if stored != expected:
            differ = {k: (stored[k], expected[k]) for k in DERIVED if stored[k] != expected[k]}
            raise SystemExit(f"group {assertion_id}: stored figures differ: {differ}")
    return len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=50_000)
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--topics", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--grouped", type=float, default=0.2, help="share of claims in groups")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark data goes into PostgreSQL: set DATABASE_URL.")
    if Claim.objects.filter(statement__startswith="Claim 0:").exists():
        raise SystemExit("This database already holds generated data; use a fresh one.")
    Generator(args.claims, args.sources, args.actors, args.topics, args.seed, args.grouped).run()


if __name__ == "__main__":
    main()
