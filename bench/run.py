"""Serve the project and the raw-SQL floor with gunicorn and measure both with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench .venv/bin/python bench/run.py

Every target is measured in the same run as the floor (one SQL statement building the same
page in PostgreSQL, bench/floor.py) and printed with requests/s, p50, p99 and its ratio to
the floor. Slow targets run last so their leftover requests don't spoil the others. The
NDJSON export of every claim runs once at the end while the server workers' peak resident
memory (VmHWM) is read from /proc.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from claims.api.keyset import Cursor, encode_cursor  # noqa: E402

API_PORT, FLOOR_PORT = 8100, 8102
API = f"http://127.0.0.1:{API_PORT}/api/v1"
PUBLIC = "('published', 'disputed', 'superseded', 'retracted')"


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(name: str, url: str, args: argparse.Namespace, headers: list[str] = ()) -> Result:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Result(name, rps, p50, p99, int(bad.group(1)) if bad else 0)


def serve(app: str, port: int, extra_env: dict[str, str]) -> subprocess.Popen:
    env = {**os.environ, **extra_env}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "900",  # the full export streams for minutes from one sync worker
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP answer: the server is up
                break
            time.sleep(0.2)
    return process


def workers(master: subprocess.Popen) -> list[int]:
    out = subprocess.run(
        ["pgrep", "-P", str(master.pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(pid) for pid in out]


def peak_rss_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def probe_ids() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM claims_claim WHERE status IN {PUBLIC} ORDER BY created_at DESC, id "
            "DESC OFFSET 25000 LIMIT 1"
        )
        detail = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT created_at, id FROM claims_claim WHERE status IN {PUBLIC} "
            "ORDER BY created_at DESC, id DESC OFFSET 499999 LIMIT 1"
        )
        deep = cursor.fetchone()
        cursor.execute("SELECT slug FROM claims_topic ORDER BY slug LIMIT 1 OFFSET 7")
        topic = cursor.fetchone()[0]
    cursor_param = encode_cursor(Cursor("-created_at", deep[0], deep[1], False)) if deep else ""
    return {"detail": str(detail), "deep_cursor": cursor_param, "topic": topic}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", action="store_true", help="keep the rendered-page cache on")
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Benchmark against PostgreSQL: set DATABASE_URL.")
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk, the load generator: apt-get install -y wrk")

    ids = probe_ids()
    env = {
        "DEBUG": "false",
        "ALLOW_DEV_SECRET_KEY": "true",  # a local run: project/wsgi.py refuses the key otherwise
        "THROTTLE_ANON": "off",
        "THROTTLE_USER": "off",
        "API_RESPONSE_CACHE_SECONDS": "300" if args.cache else "0",
        "CONN_MAX_AGE": "600",
        "FLOOR_BASE_URL": API,
    }
    api = serve("project.wsgi", API_PORT, env)
    floor = serve("bench.floor:app", FLOOR_PORT, env)
    try:
        results, export = measure(args, ids, api, floor)
    finally:  # the servers go, whatever happened
        for server in (api, floor):
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    report(args, results, export)


def measure(args: argparse.Namespace, ids: dict[str, str], api: Any, floor: Any) -> Any:
    """wrk against every target, then (the floor stopped, not to share the CPU) the export."""
    first = f"{API}/claims/"
    etag = urllib.request.urlopen(first).headers["ETag"]
    targets = [
        ("floor: one SQL statement", f"http://127.0.0.1:{FLOOR_PORT}/", []),
        ("claims first page (50)", first, []),
        ("claim detail", f"{API}/claims/{ids['detail']}/", []),
        ("304 on the first page", first, [f"If-None-Match: {etag}"]),
        ("filtered page (kind)", f"{API}/claims/?kind=percentage&status=published", []),
        (
            "filtered page (kind+topic)",
            f"{API}/claims/?kind=percentage&topic={ids['topic']}",
            [],
        ),
        ("q search", f"{API}/claims/?q=ceasefire", []),
        ("page 500,000 deep", f"{API}/claims/?cursor={ids['deep_cursor']}", []),
    ]
    results = [wrk(name, url, args, headers) for name, url, headers in targets]
    floor.send_signal(signal.SIGTERM)
    export = None
    if not args.skip_export:
        began = time.perf_counter()
        with urllib.request.urlopen(f"{API}/claims/export.ndjson", timeout=3600) as answer:
            lines = size = 0
            for line in answer:
                lines += 1
                size += len(line)
        export = (lines, size, time.perf_counter() - began, peak_rss_mb(workers(api)))
    return results, export


def report(args: argparse.Namespace, results: list[Result], export: Any) -> None:
    floor_rps, first_p50 = results[0].rps, results[1].p50_ms
    cache = "on" if args.cache else "off"
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, gunicorn 2 workers "
        f"each, response cache {cache}"
    )
    print(f"{'target':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'×floor':>7} {'p50/first':>9}")
    for r in results:
        flag = f"  ({r.non_2xx} non-2xx/3xx)" if r.non_2xx else ""
        print(
            f"{r.name:30} {r.rps:9.1f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
            f"{r.rps / floor_rps:7.2f} {r.p50_ms / first_p50:9.2f}{flag}"
        )
    if export:
        lines, size, seconds, peak = export
        print(
            f"NDJSON export: {lines:,} claims, {size / 1e6:,.0f} MB in {seconds:.0f} s; "
            f"server worker peak RSS {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
