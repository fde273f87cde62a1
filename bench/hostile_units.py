"""Time hostile unit strings through ``claims.units`` and through a claim POST.

    .venv/bin/python bench/hostile_units.py            # an in-memory SQLite test database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_x .venv/bin/python bench/hostile_units.py

Issue 10 found ``"unit": "10**10**10 km2"`` holding a worker at 100% CPU until it was killed,
and ``"km2/0"`` answering 500: pint's parser evaluates arithmetic. Each input here goes
through ``units.normalise`` and ``units.check_unit`` for several kinds, then as a curator's
``POST /api/v1/claims/`` (Django's test client, in process, against a test database made
for the run). It prints the worst CPU time per input over ``--repeat`` runs, the answer's
status, and whether the answer is JSON naming ``unit``; it exits 1 if any input costs more
than 1 s of CPU, raises anything but ``UnitError``, or is answered otherwise than 400/``unit``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from claims import units  # noqa: E402
from claims.models import Source  # noqa: E402

HOSTILE = [
    "10**10**10 km2",
    "10**10**10",
    "9**9**9**9 t",
    "km2/0",
    "t/0",
    "t/(1-1)",
    "1e999999 t",
    "1e-999999 t",
    "km2**999999",
    "m**9",
    "m^3^3^3",
    "km⁹⁹⁹⁹",
    "km²²²²²²",
    "t/day/day/day",
    "km2 per per month",
    "(" * 24 + "km" + ")" * 24,
    "(" * 5000 + "km" + ")" * 5000,
    "km" * 5000,
    "9" * 100_000,
    "t " * 25,
    "__import__('os').system('true')",
    "km\x00",
    "km\u202e2",
    "𝔨𝔪",
    "degC/0",
    "nan t",
    "inf km",
]
# Units a claim states every day, for comparison: created (201).
CONTROL = ["t", "million t", "kg"]
KINDS = ["area", "rate", "mass", "length", "money"]
TEXT = "Helicopters delivered 120 tonnes of food."


def cpu_ms(call) -> tuple[float, object]:
    started = time.process_time()
    try:
        result = call()
    except units.UnitError as exc:
        result = exc
    return (time.process_time() - started) * 1000, result


def through_units(unit: str, repeat: int) -> tuple[float, str]:
    worst, outcome = 0.0, "UnitError"
    for _ in range(repeat):
        for kind in KINDS:
            for check in (units.normalise, units.check_unit):
                args = (kind, 1, unit) if check is units.normalise else (kind, unit)
                ms, result = cpu_ms(lambda check=check, args=args: check(*args))
                worst = max(worst, ms)
                if not isinstance(result, units.UnitError):
                    outcome = f"accepted as {kind}"
    return worst, outcome


def through_http(client: Client, source: Source, unit: str, repeat: int) -> tuple[float, int, bool]:
    body = {
        "kind": "mass",
        "statement": "Helicopters delivered food.",
        "value": "120",
        "unit": unit,
        "modality": "reported",
        "citations": [{"source": str(source.pk), "quote": TEXT}],
    }
    worst, status, names_unit = 0.0, 0, True
    for _ in range(repeat):
        started = time.process_time()
        response = client.post("/api/v1/claims/", json.dumps(body), content_type="application/json")
        worst = max(worst, (time.process_time() - started) * 1000)
        status = response.status_code
        is_json = response["Content-Type"] == "application/json"
        fields = json.loads(response.content).get("error", {}).get("fields", {}) if is_json else {}
        names_unit = names_unit and is_json and "unit" in fields
    return worst, status, names_unit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    return in_test_database(run, args.repeat, "hostile")


def in_test_database(run: Callable[[int], int], repeat: int, suffix: str) -> int:
    """``run(repeat)`` in a test database made for it and dropped after (in memory on
    SQLite; ``test_<name>_<suffix>`` elsewhere, not pytest's: the two may run side by side)."""
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    logging.getLogger("django.request").setLevel(logging.ERROR)  # one line per 400 otherwise
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"test_{old_name}_{suffix}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run(repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def curator_client(repeat: int) -> tuple[Client, Source]:
    """A curator's token client and the invented source to cite; prints the run's header."""
    os.environ["CURATOR_PASSWORD"] = "a-long-bench-password-1"
    call_command("create_curator", "bench-curator", stdout=StringIO())
    out = StringIO()
    call_command("create_token", "bench-curator", stdout=out)
    client = Client(HTTP_AUTHORIZATION=f"Token {out.getvalue().splitlines()[-1]}")
    source = Source.objects.create(title="Invented bench text", text=TEXT)
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.node()}, "
          f"{os.cpu_count()} cores, {connection.vendor}, --repeat {repeat}")  # fmt: skip
    return client, source


def run(repeat: int) -> int:
    client, source = curator_client(repeat)
    started = time.process_time()
    units.registry()  # pint's registry is built once per process, on the first unit read
    built_ms = (time.process_time() - started) * 1000
    print(f"# pint registry built once per process: {built_ms:.0f} ms CPU")
    started = time.process_time()
    through_http(client, source, "t", 1)  # Django's and DRF's lazy set-up, on a first request
    print(f"# first request of the process: {(time.process_time() - started) * 1000:.0f} ms CPU")
    print(f"{'input':<34} {'units max ms':>12} {'POST max ms':>11} {'status':>6}  names unit")
    failed = False
    for unit in CONTROL + HOSTILE:
        units_ms, outcome = through_units(unit, repeat)
        http_ms, status, names_unit = through_http(client, source, unit, repeat)
        shown = repr(unit) if len(unit) <= 30 else f"{unit[:14]!r}…({len(unit)} chars)"
        print(f"{shown:<34} {units_ms:>12.2f} {http_ms:>11.2f} {status:>6}  {names_unit}")
        if unit in CONTROL:
            failed = failed or status != 201
            continue
        bad = outcome != "UnitError" or status != 400 or not names_unit
        failed = failed or bad or max(units_ms, http_ms) > 1000
    print("every input refused within 1 s of CPU, 400 naming unit:", not failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
