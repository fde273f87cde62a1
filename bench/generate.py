"""Generate a large, valid ledger in PostgreSQL for the benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench \
        .venv/bin/python bench/generate.py --claims 1000000 --sources 50000

Rows go in with COPY, in one transaction, with every constraint and trigger left on: each
citation's quote is checked against its source text by the database, each public claim's
citation by the deferred trigger at commit. Normalised values are computed by
``claims.units`` (one pint conversion per unit, then a multiplication). Deterministic for a
given ``--seed``. django-simple-history rows are not written (bulk data has no editors).
"""

from __future__ import annotations

import argparse
import hashlib
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

from claims import units  # noqa: E402
from claims.integrity import cross_table_violations  # noqa: E402
from claims.models import Actor, Citation, Claim, Source, Topic  # noqa: E402
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


def uid(kind: str, n: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{n}")


def stamp(rng: random.Random) -> datetime:
    return EPOCH + timedelta(seconds=rng.randrange(0, 86400 * 700))


def sentence(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
    return f"Report {n}: the {words} moved by {rng.randint(2, 99)} percent."


class Generator:
    def __init__(self, claims: int, sources: int, actors: int, topics: int, seed: int):
        self.rng = random.Random(seed)
        self.n_claims, self.n_sources = claims, sources
        self.n_actors, self.n_topics = actors, topics
        self.factors: dict[tuple[str, str], Decimal] = {}
        # Each source's text is a list of sentences; claims cite one sentence by offsets.
        self.sentences: list[list[tuple[int, int]]] = []
        self.texts: list[str] = []

    def factor(self, kind: str, unit: str) -> Decimal:
        key = (kind, unit)
        if key not in self.factors:
            self.factors[key] = units.normalise(kind, 1, unit).value
        return self.factors[key]

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
            if unit:
                value = Decimal(rng.randint(lo * 100, hi * 100)) / 100
                value_si = (value * self.factor(kind, unit)).quantize(Decimal("0.000001"))
                unit_si = units.canonical_unit(kind, unit)
            else:
                value = value_si = None
                unit_si = ""
            created = stamp(rng)
            updated = created + timedelta(seconds=rng.randrange(0, 86400 * 30))
            as_of = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
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
                    "conveyed_by_id": None,
                    "subject": rng.choice(SUBJECTS),
                    "place": rng.choice(PLACES),
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

    def run(self) -> None:
        began = time.perf_counter()
        claim_columns = [f.column for f in Claim._meta.concrete_fields]
        citation_columns = [f.column for f in Citation._meta.concrete_fields]
        with transaction.atomic():
            n = self.copy(Actor, [f.column for f in Actor._meta.concrete_fields], self.actor_rows())
            print(f"actors     {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
            n = self.copy(Topic, [f.column for f in Topic._meta.concrete_fields], self.topic_rows())
            print(f"topics     {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
            n = self.copy(
                Source, [f.column for f in Source._meta.concrete_fields], self.source_rows()
            )
            print(f"sources    {n:>9,}  {time.perf_counter() - began:6.1f}s", flush=True)
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
            print("checking cross-table rules (deferred triggers run at commit)…", flush=True)
            violations = cross_table_violations()
            if violations:
                raise SystemExit("generated data breaks the rules:\n" + "\n".join(violations))
        with connection.cursor() as cursor:
            # Visibility map and statistics, as autovacuum would leave them in production.
            cursor.execute("VACUUM ANALYZE")
        print(f"committed and analysed in {time.perf_counter() - began:.1f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=50_000)
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--topics", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261124)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark data goes into PostgreSQL: set DATABASE_URL.")
    if Claim.objects.filter(statement__startswith="Claim 0:").exists():
        raise SystemExit("This database already holds generated data; use a fresh one.")
    Generator(args.claims, args.sources, args.actors, args.topics, args.seed).run()


if __name__ == "__main__":
    main()
