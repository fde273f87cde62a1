"""Serve the project and the raw-SQL floors with gunicorn and measure both with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench .venv/bin/python bench/run.py

Every target is measured in the same run as its floor (bench/floor.py: one SQL statement
building the same page; raw INSERTs of the same rows for the write) and printed with
requests/s, p50, p99 and its ratio to the floor — and, because wall-clock ratios move with
what else a shared machine is doing, with the CPU time each request cost: the server's
processes (all threads) and PostgreSQL's backends, read from /proc before and after the
target. The API runs as in production (project/gunicorn.conf.py: threaded workers); the
floors are bare WSGI apps. The group lists (``/assertions/``: first page, conflicting,
corroborated by two independent sources, a page 90% down, a detail, a series) are each
measured beside their own floor, after checking that both answer the same rows. Slow targets
run last. Then, optionally: the first page again after ``--drafts`` newer drafts are written
(public pages must not walk them), and the NDJSON export of every public claim while the
workers' peak memory (VmHWM) is read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.api.keyset import Cursor, encode_cursor  # noqa: E402

PUBLIC = "('published', 'disputed', 'superseded', 'retracted')"
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    requests: int
    app_cpu_ms: float  # per request, server processes
    db_cpu_ms: float  # per request, PostgreSQL backends
    floor: str = ""  # the floor this target is compared with; "" for the claims page's

    @property
    def cpu_ms(self) -> float:
        return self.app_cpu_ms + self.db_cpu_ms


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime, every thread of the process


def _backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _snapshot(server: subprocess.Popen) -> dict[str, dict[int, int]]:
    pids = [server.pid, *workers(server)]
    return {
        "app": {pid: _cpu_ticks(pid) for pid in pids},
        "db": {pid: _cpu_ticks(pid) for pid in _backends()},
    }


def _spent_ms(before: dict[int, int], after: dict[int, int]) -> float:
    ticks = sum(now - before.get(pid, 0) for pid, now in after.items())
    return ticks * 1000 / TICK


def wrk(
    name: str,
    url: str,
    args: argparse.Namespace,
    server: subprocess.Popen,
    headers: list[str] = (),
    script: str | None = None,
    floor: str = "",
) -> Result:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    before = _snapshot(server)
    out = subprocess.run(
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    after = _snapshot(server)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    per = max(total, 1)
    return Result(
        name,
        rps,
        p50,
        p99,
        int(bad.group(1)) if bad else 0,
        total,
        _spent_ms(before["app"], after["app"]) / per,
        _spent_ms(before["db"], after["db"]) / per,
        floor,
    )


def serve(command: list[str], port: int, extra_env: dict[str, str]) -> subprocess.Popen:
    env = {**os.environ, **extra_env}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), *command, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
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


def probe_ids() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM claims_claim WHERE status IN {PUBLIC}")
        # Half-way down the public claims: 500,000 deep at a million claims.
        depth = min(499_999, cursor.fetchone()[0] // 2)
        cursor.execute(
            f"SELECT id FROM claims_claim WHERE status IN {PUBLIC} ORDER BY created_at DESC, id "
            "DESC OFFSET 25000 LIMIT 1"
        )
        detail = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT created_at, id FROM claims_claim WHERE status IN {PUBLIC} "
            "ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1",
            [depth],
        )
        deep = cursor.fetchone()
        cursor.execute("SELECT slug FROM claims_topic ORDER BY slug LIMIT 1 OFFSET 7")
        topic = cursor.fetchone()[0]
        cursor.execute("SELECT id, text FROM claims_source ORDER BY id LIMIT 1")
        source, text = cursor.fetchone()
    cursor_param = encode_cursor(Cursor("-created_at", deep[0], deep[1], False)) if deep else ""
    groups = probe_groups()
    # A sentence of the source that occurs once: the POST cites it by its quote alone.
    sentence = next(s for s in re.split(r"(?<=\.) ", text) if text.count(s) == 1)
    return {
        "detail": str(detail),
        "deep_cursor": cursor_param,
        "topic": topic,
        "source": str(source),
        "quote": sentence,
        "quote_start": text.index(sentence),
        "depth": depth + 1,
        **groups,
    }


def probe_groups() -> dict[str, Any]:
    """The groups the assertion targets read: a page 90% of the way down the visible ones,
    a group of the median size (5 public members of 2–8), the longest series."""
    visible = "FROM claims_assertion WHERE public_members > 0"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {visible}")
        depth = cursor.fetchone()[0] * 9 // 10
        cursor.execute(
            f"SELECT created_at, id {visible} ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1",
            [depth],
        )
        deep = cursor.fetchone()
        cursor.execute(f"SELECT id {visible} AND public_members = 5 ORDER BY id LIMIT 1")
        detail = cursor.fetchone()
        cursor.execute(
            f"SELECT id {visible} AND measure = (SELECT measure {visible} AND measure <> '' "
            "GROUP BY measure ORDER BY count(*) DESC, measure LIMIT 1) ORDER BY as_of LIMIT 1"
        )
        series = cursor.fetchone()
    if not (deep and detail and series):
        raise SystemExit("No groups to read: generate the ledger with bench/generate.py.")
    return {
        "group_depth": depth + 1,
        "group_deep_at": deep[0].isoformat(),
        "group_deep_id": str(deep[1]),
        "group_cursor": encode_cursor(Cursor("-created_at", deep[0], deep[1], False)),
        "group": str(detail[0]),
        "series": str(series[0]),
    }


def curator_token() -> str:
    call_command("create_curator", "bench-curator", stdout=StringIO())
    out = StringIO()
    call_command("create_token", "bench-curator", "--name", "bench", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def post_script(ids: dict[str, Any], token: str | None) -> str:
    """A wrk script POSTing the same claim with one citation (given by its quote)."""
    body = {
        "kind": "percentage",
        "statement": "A benchmark claim.",
        "value": 55,
        "unit": "%",
        "modality": "reported",
        "citations": [{"source": ids["source"], "quote": ids["quote"]}],
    }
    lines = [
        'wrk.method = "POST"',
        f"wrk.body = {json.dumps(json.dumps(body))}",
        'wrk.headers["Content-Type"] = "application/json"',
    ]
    if token:
        lines.append(f'wrk.headers["Authorization"] = "Token {token}"')
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    script.write("\n".join(lines) + "\n")
    script.close()
    return script.name


def add_drafts(count: int) -> None:
    """``count`` drafts newer than every claim: what a busy desk leaves in front of readers."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO claims_claim (created_at, updated_at, revision, id, kind, statement,
                subject, place, unit, bounds_stated, approximate, unit_si, time_precision,
                modality, status, notes, search_text, rank, rank_reason)
            SELECT now() + make_interval(secs => n / 1000.0), now(), 0, gen_random_uuid(),
                'statement', 'Draft ' || n, '', '', '', false, false, '', 'unknown',
                'asserted', 'draft', '', 'Draft ' || n, 'normal', ''
            FROM generate_series(1, %s) AS n""",
            [count],
        )
        cursor.execute("ANALYZE claims_claim")


def remove_drafts() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM claims_claim WHERE status = 'draft' AND statement LIKE 'Draft %%' "
            "AND kind = 'statement'"
        )
        posted = "SELECT id FROM claims_claim WHERE statement = 'A benchmark claim.'"
        cursor.execute(f"DELETE FROM claims_citation WHERE claim_id IN ({posted})")
        cursor.execute(f"DELETE FROM claims_claim_topics WHERE claim_id IN ({posted})")
        cursor.execute("DELETE FROM claims_claim WHERE statement = 'A benchmark claim.'")
        cursor.execute("ANALYZE claims_claim")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--api-port", type=int, default=8100)
    parser.add_argument("--floor-port", type=int, default=8102)
    parser.add_argument("--write-floor-port", type=int, default=8104)
    parser.add_argument("--cache", action="store_true", help="keep the rendered-page cache on")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-writes", action="store_true")
    parser.add_argument("--drafts", type=int, default=100_000, help="0: skip the drafts check")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Benchmark against PostgreSQL: set DATABASE_URL.")
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk, the load generator: apt-get install -y wrk")

    ids = probe_ids()
    token = None if args.skip_writes else curator_token()
    api_url = f"http://127.0.0.1:{args.api_port}/api/v1"
    env = {
        "DEBUG": "false",
        "ALLOW_DEV_SECRET_KEY": "true",  # a local run; production sets SECRET_KEY
        "THROTTLE_ANON": "off",
        "THROTTLE_USER": "off",
        "THROTTLE_WRITE": "off",
        "API_RESPONSE_CACHE_SECONDS": "300" if args.cache else "0",
        "CONN_MAX_AGE": "600",
        "WEB_ACCESS_LOG": "",
        "WEB_LOG_LEVEL": "warning",
        "FLOOR_BASE_URL": api_url,
        "FLOOR_SOURCE": ids["source"],
        "FLOOR_QUOTE": ids["quote"],
        "FLOOR_QUOTE_START": str(ids["quote_start"]),
        "FLOOR_DEEP_AT": ids["group_deep_at"],
        "FLOOR_DEEP_ID": ids["group_deep_id"],
        "FLOOR_ASSERTION": ids["group"],
        "FLOOR_SERIES": ids["series"],
    }
    bare = ["--workers", "2", "--log-level", "warning", "--timeout", "900"]
    servers = {
        "api": serve(["-c", "project/gunicorn.conf.py", "--workers", "2"], args.api_port, env),
        "floor": serve(["bench.floor:app", *bare], args.floor_port, env),
    }
    if token:
        servers["write_floor"] = serve(["bench.floor:write_app", *bare], args.write_floor_port, env)
    try:
        results, drafts, export = measure(args, ids, token, servers, api_url)
        report(args, results, drafts, export)  # before the clean-up, whatever it meets
    finally:  # the servers go, and the drafts and benchmark claims, whatever happened
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        remove_drafts()


def measure(
    args: argparse.Namespace,
    ids: dict[str, Any],
    token: str | None,
    servers: dict[str, subprocess.Popen],
    api: str,
) -> Any:
    """wrk against every target, each with its server's CPU; then drafts; then the export."""
    first = f"{api}/claims/"
    etag = urllib.request.urlopen(first).headers["ETag"]
    api_server, floor = servers["api"], servers["floor"]
    floor_url = f"http://127.0.0.1:{args.floor_port}/"
    same_answer(first, floor_url)
    reads = [
        ("floor: one SQL statement", floor_url, floor, []),
        ("claims first page (50)", first, api_server, []),
        ("claim detail", f"{api}/claims/{ids['detail']}/", api_server, []),
        ("304 on the first page", first, api_server, [f"If-None-Match: {etag}"]),
        ("filtered page (kind)", f"{api}/claims/?kind=percentage&status=published", api_server, []),
        (
            "filtered page (kind+topic)",
            f"{api}/claims/?kind=percentage&topic={ids['topic']}",
            api_server,
            [],
        ),
        ("q search", f"{api}/claims/?q=ceasefire", api_server, []),
        (
            f"page {ids['depth']:,} deep",
            f"{api}/claims/?cursor={ids['deep_cursor']}",
            api_server,
            [],
        ),
    ]
    results = [wrk(name, url, args, server, headers) for name, url, server, headers in reads]
    groups = f"{api}/assertions/"
    # Each group list against its own floor: the same rows built by one SQL statement.
    group_reads = [
        ("groups first page (50)", groups, "assertions/"),
        ("groups ?conflicting=true", f"{groups}?conflicting=true", "assertions/conflicting/"),
        (
            "groups ?min_independent_sources=2",
            f"{groups}?min_independent_sources=2",
            "assertions/corroborated/",
        ),
        (
            f"groups page {ids['group_depth']:,} deep",
            f"{groups}?cursor={ids['group_cursor']}",
            "assertions/deep/",
        ),
        ("group detail (5 members)", f"{groups}{ids['group']}/", "assertion/"),
        ("group series", f"{groups}{ids['series']}/series/", "series/"),
    ]
    for name, url, path in group_reads:
        same_answer(url, f"{floor_url}{path}")
        floor_name = f"floor: {name}"
        results.append(wrk(floor_name, f"{floor_url}{path}", args, floor))
        results.append(wrk(name, url, args, api_server, floor=floor_name))
    if token:
        floor_script, api_script = post_script(ids, None), post_script(ids, token)
        write_floor = f"http://127.0.0.1:{args.write_floor_port}/"
        results.append(
            wrk(
                "write floor: raw INSERTs",
                write_floor,
                args,
                servers["write_floor"],
                [],
                floor_script,
            )
        )
        results.append(
            wrk("claim POST (1 citation)", f"{api}/claims/", args, api_server, [], api_script)
        )
    drafts = None
    if args.drafts:
        add_drafts(args.drafts)
        drafts = wrk(f"first page, {args.drafts:,} drafts", first, args, api_server)
    floor.send_signal(signal.SIGTERM)
    export = None
    if not args.skip_export:
        began = time.perf_counter()
        with urllib.request.urlopen(f"{api}/claims/export.ndjson", timeout=3600) as answer:
            lines = size = 0
            for line in answer:
                lines += 1
                size += len(line)
        export = (lines - 1, size, time.perf_counter() - began, peak_rss_mb(workers(api_server)))
    return results, drafts, export


def skeleton(answer: Any) -> Any:
    """What must agree between the API and its floor: every object's keys and id, down
    through pages, members, series points and citations (values' spelling may differ:
    the floor's numbers and times are PostgreSQL's)."""
    if isinstance(answer, list):
        return [skeleton(item) for item in answer]
    if not isinstance(answer, dict):
        return answer
    nested = ("results", "claims", "points", "citations")
    return {
        "keys": sorted(answer),
        "id": answer.get("id"),
        **{key: skeleton(answer[key]) for key in nested if key in answer},
    }


def same_answer(api_url: str, floor_url: str) -> None:
    """Refuse to compare a target with a floor that builds other rows."""
    api, floor = (json.load(urllib.request.urlopen(url)) for url in (api_url, floor_url))
    if skeleton(api) != skeleton(floor):
        raise SystemExit(f"{floor_url} does not answer the rows of {api_url}")


def report(args: argparse.Namespace, results: list[Result], drafts: Any, export: Any) -> None:
    by_name = {r.name: r for r in results}
    floor, first = results[0], results[1]
    cache = "on" if args.cache else "off"
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s; API: gunicorn 2 "
        f"threaded workers (project/gunicorn.conf.py); floors: 2 sync workers; response "
        f"cache {cache}. CPU ms per request: server processes + PostgreSQL backends."
    )
    header = (
        f"{'target':40} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'×floor':>6} "
        f"{'p50/1st':>7} {'app ms':>6} {'db ms':>6} {'cpu ms':>6} {'cpu×fl':>6}"
    )
    print(header)
    for r in [*results, *([drafts] if drafts else [])]:
        ref = by_name.get("write floor: raw INSERTs", floor) if "POST" in r.name else floor
        ref = by_name.get(r.floor, ref)
        flag = f"  ({r.non_2xx} non-2xx/3xx)" if r.non_2xx else ""
        cpu_ratio = ref.cpu_ms / r.cpu_ms if r.cpu_ms else 0.0
        print(
            f"{r.name:40} {r.rps:8.1f} {r.p50_ms:7.2f} {r.p99_ms:7.2f} {r.rps / ref.rps:6.2f} "
            f"{r.p50_ms / first.p50_ms:7.2f} {r.app_cpu_ms:6.2f} {r.db_cpu_ms:6.2f} "
            f"{r.cpu_ms:6.2f} {cpu_ratio:6.2f}{flag}"
        )
    if drafts:
        print(
            f"drafts: first page p50 {drafts.p50_ms:.2f} ms vs {first.p50_ms:.2f} ms before "
            f"({drafts.p50_ms / first.p50_ms:.2f}×), cpu {drafts.cpu_ms:.2f} vs "
            f"{first.cpu_ms:.2f} ms ({drafts.cpu_ms / first.cpu_ms:.2f}×)"
        )
    if export:
        lines, size, seconds, peak = export
        print(
            f"NDJSON export: {lines:,} claims, {size / 1e6:,.0f} MB in {seconds:.0f} s; "
            f"server worker peak RSS {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
