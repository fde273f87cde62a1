"""Time a bulk import of 100,000 claims (one citation each) across 1,000 sources.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE claims_importbench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_importbench \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_importbench \\
        .venv/bin/python bench/import_speed.py

Writes a deterministic NDJSON file, then times a dry run and the real, all-or-nothing run
through ``claims.imports.import_ledger`` (the service behind ``manage.py import_ledger``
and ``POST /api/v1/imports/``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django

django.setup()

from claims.imports import import_ledger  # noqa: E402
from claims.models import Claim, Source  # noqa: E402


def write_file(path: Path, claims: int, sources: int) -> None:
    sentences = [f"Report {i}: the survey moved by {i % 97} percent." for i in range(20)]
    text = " ".join(sentences)
    with path.open("w", encoding="utf-8") as out:
        for s in range(sources):
            record = {
                "type": "source",
                "id": f"00000000-0000-4000-8000-{s:012d}",
                "url": f"https://import.example.org/{s}",
                "title": f"Imported source {s}",
                "text": text,
            }
            out.write(json.dumps(record) + "\n")
        for n in range(claims):
            quote = sentences[n % len(sentences)]
            record = {
                "type": "claim",
                "id": f"00000000-0000-4000-9000-{n:012d}",
                "kind": "percentage",
                "statement": f"Imported claim {n}: {quote}",
                "value": str(n % 97),
                "unit": "percent",
                "modality": "reported",
                "status": "published",
                "citations": [
                    {"source": f"00000000-0000-4000-8000-{n % sources:012d}", "quote": quote}
                ],
            }
            out.write(json.dumps(record) + "\n")


def timed(path: Path, dry_run: bool) -> float:
    began = time.perf_counter()
    with path.open(encoding="utf-8") as stream:
        report = import_ledger(stream, dry_run=dry_run)
    if not report.ok:
        raise SystemExit(f"import failed: {report.errors[:5]}")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=1_000)
    args = parser.parse_args()
    if Claim.objects.exists() or Source.objects.exists():
        raise SystemExit("Use an empty, migrated database.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.ndjson"
        write_file(path, args.claims, args.sources)
        size = path.stat().st_size / 1e6
        dry = timed(path, dry_run=True)
        real = timed(path, dry_run=False)
        again = timed(path, dry_run=False)
    print(f"{args.claims:,} claims, {args.sources:,} sources, {size:.0f} MB of NDJSON")
    print(f"dry run {dry:.1f} s; import {real:.1f} s; re-import (nothing changes) {again:.1f} s")
    print(f"in the ledger: {Claim.objects.count():,} claims, {Source.objects.count():,} sources")


if __name__ == "__main__":
    main()
