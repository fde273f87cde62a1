"""Time hostile request bodies and queries (not units: bench/hostile_units.py) through HTTP.

    .venv/bin/python bench/hostile_bodies.py            # an in-memory SQLite test database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_x \
        .venv/bin/python bench/hostile_bodies.py

Issue 10 found deeply nested JSON answering 500, 100,000 repeated topic slugs holding a
worker 38 s and a 31.5 MB import accepted. Each input here is sent as a curator (Django's
test client, in process, a test database made for the run); the script prints the worst CPU
time over ``--repeat`` runs, the status, and the field or code the JSON error names. It
exits 1 if any input costs more than 1 s of CPU, or is answered otherwise than expected.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_units

from claims.models import Topic

TEXT = hostile_units.TEXT


def claim(**fields: object) -> dict:
    body = {
        "kind": "mass",
        "statement": "Helicopters delivered food.",
        "value": "120",
        "unit": "t",
        "modality": "reported",
    }
    return {**body, **fields}


def cases(source: str) -> list[tuple[str, str, str, str | bytes, set[int], str]]:
    """(name, method, path, body, statuses expected, field or code the error must name)."""
    citation = [{"source": source, "quote": TEXT}]
    deep = "[" * 100_000 + "]" * 100_000
    many = json.dumps(claim(citations=citation, topics=["floods"] * 100_000))
    big = json.dumps(claim(citations=citation, notes="x" * 3_000_000))
    record = json.dumps({"claim": claim(status="draft"), "citations": citation})
    huge_import = "\n".join([record] * (32_000_000 // len(record)))
    return [
        ("nested JSON, 100,000 levels", "post", "/api/v1/claims/", deep, {400}, "parse_error"),
        (
            "citations nested 100,000 levels",
            "post",
            "/api/v1/claims/",
            json.dumps(claim())[:-1] + ', "citations": ' + deep + "}",
            {400},
            "parse_error",
        ),
        ("100,000 repeated topic slugs", "post", "/api/v1/claims/", many, {400}, "topics"),
        ("3 MB claim body", "post", "/api/v1/claims/", big, {413}, "too_large"),
        ("32 MB import", "post", "/api/v1/imports/", huge_import, {413}, "too_large"),
        (
            "value of 100,000 digits",
            "post",
            "/api/v1/claims/",
            json.dumps(claim(value="9" * 100_000, citations=citation)),
            {400},
            "value",
        ),
        (
            "statement of 1,000,000 characters",
            "post",
            "/api/v1/claims/",
            json.dumps(claim(statement="x" * 1_000_000, citations=citation)),
            {201},  # within the 2 MB body limit: stored
            "statement",
        ),
        (
            "cursor of 100,000 characters",
            "get",
            "/api/v1/claims/?cursor=" + "A" * 100_000,
            "",
            {400},
            "cursor",
        ),
        (
            "q of 5,000 words",
            "get",
            "/api/v1/claims/?q=" + "+".join(["ceasefire"] * 5000),
            "",
            {400},
            "q",
        ),
        (
            "page_size=10**100",
            "get",
            "/api/v1/claims/?page_size=1" + "0" * 100,
            "",
            {400},
            "page_size",
        ),
        (
            "1,000 repeated kind filters",
            "get",
            "/api/v1/claims/?" + "&".join(["kind=area"] * 1000),
            "",
            {200, 400},
            "kind",
        ),
    ]


def named(response) -> tuple[bool, str]:
    if response["Content-Type"].split(";")[0] != "application/json":
        return False, "not JSON"
    if response.status_code < 400:
        return True, "-"
    error = json.loads(response.content).get("error", {})
    return True, ",".join([*error.get("fields", {})] or [error.get("code", "?")])


def run(repeat: int) -> int:
    client, source = hostile_units.curator_client(repeat)
    Topic.objects.create(slug="floods", name="Floods")
    client.get("/api/v1/claims/")  # Django's and DRF's lazy set-up, on a first request
    print(f"{'input':<36} {'max CPU ms':>10} {'status':>6}  names")
    failed = False
    for name, method, path, body, expected, field in cases(str(source.pk)):
        worst, status, names = 0.0, 0, ""
        for _ in range(repeat):
            started = time.process_time()
            if method == "post":
                response = client.post(path, body, content_type="application/json")
            else:
                response = client.get(path)
            worst = max(worst, (time.process_time() - started) * 1000)
            status = response.status_code
            is_json, names = named(response)
            ok = is_json and status in expected and (status < 400 or field in names.split(","))
            failed = failed or not ok or worst > 1000
        print(f"{name:<36} {worst:>10.1f} {status:>6}  {names}")
    print("every input answered as expected within 1 s of CPU:", not failed)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    return hostile_units.in_test_database(run, args.repeat, "hostile_bodies")


if __name__ == "__main__":
    sys.exit(main())
