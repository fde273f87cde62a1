"""Break the database and the cache under load and print what clients saw.

    .venv/bin/python bench/faults.py            # as root (it runs pg_ctlcluster and kill)

Starts its own PostgreSQL cluster (15/faults on port 55432, created on first use with trust
authentication) and its own redis-server (port 56379) — never the shared ones — migrates and
seeds a database there, serves the project with its production configuration
(``project/gunicorn.conf.py``: 2 threaded workers) on port 8160, and drives load: reader
threads (claim pages and details), curator threads writing claims with a token, and probes of
``/healthz`` and ``/readyz``. Then, each under that load:

    restart          pg_ctlcluster restart (fast)
    outage 5 s       stop, 5 s, start
    frozen db 10 s   SIGSTOP every PostgreSQL process, 10 s, SIGCONT
    frozen redis     SIGSTOP redis-server, 10 s, SIGCONT
    refusing redis   redis-server stopped, 10 s, started again

Per scenario: requests answered while it ran, 5xx, answers that were not JSON, requests with
no answer at all, acknowledged writes lost (every 201 is read back at the end), the slowest
API request, ``/readyz`` and ``/healthz`` during the fault, and the time from the fault's end
until API requests succeed again (for Redis: until ``/readyz`` says the cache is ok again).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_VERSION, PG_CLUSTER, PG_PORT = "15", "faults", 55432
REDIS_PORT, WEB_PORT = 56379, 8160
DATABASE = "claims_faults"
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"


def run(*command: str, **kwargs: Any) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs).stdout


# --- the servers ---------------------------------------------------------------------


def pg_ctl(action: str) -> None:
    run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, action, "-m", "fast")


def start_postgres() -> None:
    clusters = run("pg_lsclusters", "--no-header")
    if f" {PG_CLUSTER} " not in clusters:
        run(
            "pg_createcluster", PG_VERSION, PG_CLUSTER, "-p", str(PG_PORT),
            "--", "--auth-host=trust", "--auth-local=trust",
        )  # fmt: skip
    if "online" not in run("pg_lsclusters", PG_VERSION, PG_CLUSTER, "--no-header"):
        run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, "start")
    psql = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-tAc"]
    run(*psql, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    run(*psql, f"CREATE DATABASE {DATABASE}")


def postgres_pids() -> list[int]:
    data = Path(f"/var/lib/postgresql/{PG_VERSION}/{PG_CLUSTER}/postmaster.pid")
    master = int(data.read_text().split()[0])
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [master, *(int(pid) for pid in children.stdout.split())]


def start_redis() -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).stdout:
            return process
        time.sleep(0.1)
    raise SystemExit("redis-server did not start")


def prepare_database(env: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """Migrate and seed; a curator with a token; a source and a quote to cite."""
    manage = [sys.executable, "manage.py"]
    run(*manage, "migrate", "--noinput", cwd=ROOT, env=env)
    run(*manage, "loaddata", "fixtures/seed.json", cwd=ROOT, env=env)
    run(*manage, "create_curator", "faults", cwd=ROOT, env=env)
    token = run(*manage, "create_token", "faults", cwd=ROOT, env=env).splitlines()[-1]
    script = (
        "from claims.models import Source; s = Source.objects.exclude(text='').first(); "
        "import json; print(json.dumps({'id': str(s.id), 'quote': s.text[:40]}))"
    )
    source = json.loads(run(*manage, "shell", "-c", script, cwd=ROOT, env=env).splitlines()[-1])
    return token, source


def serve(env: dict[str, str], probe: str = "/readyz") -> subprocess.Popen:
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "project/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{WEB_PORT}"],
        cwd=ROOT, env={**env, "WEB_ACCESS_LOG": "", "WEB_LOG_LEVEL": "error"},
    )  # fmt: skip
    for _ in range(100):
        try:
            if request("GET", probe)[0] == 200:
                time.sleep(1)  # both workers up
                return process
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


# --- the load ------------------------------------------------------------------------


@dataclass
class Hit:
    """One request as the client saw it."""

    kind: str  # read, write, healthz, readyz
    began: float
    seconds: float
    status: int  # 0: no answer
    json: bool
    body: bytes = b""


def request(
    method: str, path: str, body: Any = None, token: str = "", conn: Any = None
) -> tuple[int, str, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=30)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, payload, headers)
        answer = conn.getresponse()
        return answer.status, answer.getheader("Content-Type", ""), answer.read()
    finally:
        if own:
            conn.close()


class Load:
    """Readers, writers and probes, each in a process of its own (so one client's wait for
    Python's GIL is not counted as another's latency), recording every request."""

    def __init__(
        self, token: str, source: dict[str, Any], detail_ids: list[str], think: float
    ) -> None:
        self.token, self.source, self.detail_ids, self.think = token, source, detail_ids, think
        self.context = multiprocessing.get_context("fork")
        self.stop = self.context.Event()
        self.results = self.context.Queue()
        self.processes: list[Any] = []

    def start(self, readers: int, writers: int) -> None:
        jobs = [(self._reader, (n,)) for n in range(readers)]
        jobs += [(self._writer, (n,)) for n in range(writers)]
        jobs += [(self._probe, ("healthz", 0.05)), (self._probe, ("readyz", 0.2))]
        for target, job_args in jobs:
            process = self.context.Process(target=self._run, args=(target, job_args))
            process.start()
            self.processes.append(process)

    def finish(self) -> tuple[list[Hit], list[str]]:
        self.stop.set()
        hits: list[Hit] = []
        written: list[str] = []
        for _ in self.processes:
            found, ids = self.results.get()
            hits += found
            written += ids
        for process in self.processes:
            process.join()
        return hits, written

    def _run(self, target: Any, job_args: tuple[Any, ...]) -> None:
        self.hits: list[Hit] = []
        self.written: list[str] = []
        target(*job_args)
        self.results.put((self.hits, self.written))

    def _record(self, kind: str, method: str, path: str, **kw: Any) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=30)
        began = time.monotonic()
        try:
            status, content_type, body = request(method, path, conn=conn, **kw)
        except (OSError, http.client.HTTPException):
            status, content_type, body = 0, "", b""
        finally:
            conn.close()
        keep = body if kind == "readyz" else b""
        self.hits.append(
            Hit(kind, began, time.monotonic() - began, status, "json" in content_type, keep)
        )
        return status, body

    def _reader(self, n: int) -> None:
        paths = ["/api/v1/claims/", *(f"/api/v1/claims/{i}/" for i in self.detail_ids)]
        i = n
        while not self.stop.is_set():
            self._record("read", "GET", paths[i % len(paths)])
            i += 1
            time.sleep(self.think)

    def _writer(self, n: int) -> None:
        i = 0
        while not self.stop.is_set():
            body = {
                "kind": "count",
                "statement": f"Writer {n} counted {i} things.",
                "value": str(i),
                "unit": "count",
                "modality": "reported",
                "citations": [{"source": self.source["id"], "quote": self.source["quote"]}],
            }
            status, answer = self._record(
                "write", "POST", "/api/v1/claims/", body=body, token=self.token
            )
            if status == 201:
                self.written.append(json.loads(answer)["id"])
            i += 1
            time.sleep(0.05)

    def _probe(self, name: str, every: float) -> None:
        while not self.stop.is_set():
            self._record(name, "GET", f"/{name}")
            time.sleep(every)


# --- the faults ----------------------------------------------------------------------


def signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


@dataclass
class Scenario:
    """A fault: ``inject`` returns when the fault has ended (the server is back)."""

    name: str
    redis: bool = False


def inject(name: str, state: dict[str, Any], args: argparse.Namespace) -> None:
    if name == "restart":
        pg_ctl("restart")
    elif name == "outage 5 s":
        pg_ctl("stop")
        time.sleep(5)
        pg_ctl("start")
    elif name == "frozen db 10 s":
        pids = postgres_pids()
        signal_all(pids, signal.SIGSTOP)
        time.sleep(args.freeze)
        signal_all(pids, signal.SIGCONT)
    elif name == "frozen redis 10 s":
        state["redis"].send_signal(signal.SIGSTOP)
        time.sleep(args.freeze)
        state["redis"].send_signal(signal.SIGCONT)
    elif name == "refusing redis 10 s":
        state["redis"].terminate()
        state["redis"].wait()
        time.sleep(args.freeze)
        state["redis"] = start_redis()


SCENARIOS = [
    Scenario("restart"),
    Scenario("outage 5 s"),
    Scenario("frozen db 10 s"),
    Scenario("frozen redis 10 s", redis=True),
    Scenario("refusing redis 10 s", redis=True),
]


def _hammer(seconds: float, results: Any) -> None:
    counts: dict[int, int] = {}
    conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=30)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            status = request("GET", "/api/v1/", conn=conn)[0]
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=30)
            status = 0
        counts[status] = counts.get(status, 0) + 1
    results.put(counts)


def measure_throttle(
    env: dict[str, str], state: dict[str, Any], redis_up: bool, args: argparse.Namespace
) -> dict[str, Any]:
    """Anonymous requests from one address, from many client processes at once, against
    THROTTLE_ANON across the two workers: how many were let through."""
    rate = 600
    if redis_up:
        run("redis-cli", "-p", str(REDIS_PORT), "flushall")
    else:
        state["redis"].terminate()
        state["redis"].wait()
    server = serve({**env, "THROTTLE_ANON": f"{rate}/min"}, probe="/healthz")
    try:
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        clients = [
            context.Process(target=_hammer, args=(args.throttle_seconds, results))
            for _ in range(args.throttle_clients)
        ]
        for client in clients:
            client.start()
        total: dict[int, int] = {}
        for _ in clients:
            for status, n in results.get().items():
                total[status] = total.get(status, 0) + n
        for client in clients:
            client.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        if not redis_up:
            state["redis"] = start_redis()
    allowed = total.get(200, 0)
    return {
        "counts": "Redis" if redis_up else "per process (Redis stopped)",
        "requests": sum(total.values()),
        "allowed": allowed,
        "other": sum(n for status, n in total.items() if status not in (200, 429)),
        "limit": rate,
        "ratio": f"{allowed / rate:.3f}",
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def summarise(scenario: Scenario, hits: list[Hit], fault: tuple[float, float]) -> dict[str, Any]:
    began, ended = fault
    api = [h for h in hits if h.kind in ("read", "write")]
    during = [h for h in hits if began <= h.began <= ended]
    before = [h for h in hits if h.began < began]

    def times(found: list[Hit], kinds: tuple[str, ...]) -> list[float]:
        return [h.seconds for h in found if h.kind in kinds]

    after = sorted((h for h in api if h.began >= ended), key=lambda h: h.began)
    if scenario.redis:  # API requests never fail; recovery is Redis back in use
        ready = sorted(
            (h for h in hits if h.kind == "readyz" and h.began >= ended), key=lambda h: h.began
        )
        back = next((h for h in ready if b'"cache":"ok"' in h.body), None)
        recover = (back.began + back.seconds - ended) if back else float("nan")
    else:
        failed = [h for h in after if not 200 <= h.status < 300]
        last = max((h.began + h.seconds for h in failed), default=ended)
        recover = max(0.0, last - ended)
    health, health_before = times(during, ("healthz",)), times(before, ("healthz",))
    return {
        "scenario": scenario.name,
        "requests": len(hits),
        "5xx": sum(h.status >= 500 for h in hits),
        "non-JSON": sum(bool(h.status) and not h.json for h in hits),
        "no answer": sum(h.status == 0 for h in hits),
        "reads p50/p99/max s": "/".join(f"{v:.2f}" for v in _spread(times(during, ("read",)))),
        "reads p99 before s": f"{_quantile(times(before, ('read',)), 0.99):.2f}",
        "writes p50/p99/max s": "/".join(f"{v:.2f}" for v in _spread(times(during, ("write",)))),
        "writes p99 before s": f"{_quantile(times(before, ('write',)), 0.99):.2f}",
        "readyz max s": f"{max(times(during, ('readyz',)), default=0):.2f}",
        "healthz p99/max ms": "/".join(f"{v * 1000:.0f}" for v in _spread(health)[1:]),
        "healthz p99 before ms": f"{_quantile(health_before, 0.99) * 1000:.0f}",
        "recover s": f"{recover:.2f}",
        "5xx after recovery": sum(h.status >= 500 for h in after if h.began > ended + recover),
    }


def _spread(values: list[float]) -> tuple[float, float, float]:
    return _quantile(values, 0.5), _quantile(values, 0.99), max(values, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument(
        "--think", type=float, default=0.02, help="seconds a reader waits between requests"
    )
    parser.add_argument(
        "--before", type=float, default=3.0, help="seconds of load before each fault"
    )
    parser.add_argument("--after", type=float, default=8.0, help="seconds of load after each fault")
    parser.add_argument("--freeze", type=float, default=10.0, help="seconds frozen or refused")
    parser.add_argument("--throttle-clients", type=int, default=16)
    parser.add_argument("--throttle-seconds", type=float, default=10.0)
    parser.add_argument("--dump", help="write every request (kind, start, seconds, status) here")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("Run as root: it runs pg_ctlcluster and signals the servers.")

    start_postgres()
    state: dict[str, Any] = {"redis": start_redis()}
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "ALLOW_DEV_SECRET_KEY": "true",
        "THROTTLE_ANON": "off",
        "THROTTLE_USER": "off",
        "THROTTLE_WRITE": "off",
    }
    token, source = prepare_database(env)
    server = serve(env)
    try:
        page = json.loads(request("GET", "/api/v1/claims/")[2])
        detail_ids = [claim["id"] for claim in page["results"][:5]]
        warm = Load(token, source, detail_ids, args.think)  # every thread's first requests
        warm.start(args.readers, args.writers)
        time.sleep(5)
        warm.finish()
        rows, all_written, dumped = [], [], []
        for scenario in SCENARIOS:
            load = Load(token, source, detail_ids, args.think)
            load.start(args.readers, args.writers)
            time.sleep(args.before)
            began = time.monotonic()
            inject(scenario.name, state, args)
            ended = time.monotonic()
            time.sleep(args.after)
            hits, written = load.finish()
            rows.append(summarise(scenario, hits, (began, ended)))
            all_written.append(written)
            if args.dump:
                dumped.append({
                    "scenario": scenario.name, "fault": [0.0, ended - began],
                    "hits": [[h.kind, round(h.began - began, 3), round(h.seconds, 4), h.status]
                             for h in hits],
                })  # fmt: skip
            print(f"{scenario.name}: done", file=sys.stderr)
        # Every acknowledged write, read back once everything is up.
        for row, written in zip(rows, all_written, strict=True):
            lost = sum(
                request("GET", f"/api/v1/claims/{claim_id}/", token=token)[0] != 200
                for claim_id in written
            )
            row["writes acked"], row["writes lost"] = len(written), lost
        report(rows, args)
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        throttled = [measure_throttle(env, state, up, args) for up in (True, False)]
        report_throttle(throttled, args)
        if args.dump:
            Path(args.dump).write_text(json.dumps(dumped))
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        state["redis"].terminate()
        state["redis"].wait()
        run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, "stop")


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(
        f"\ngunicorn -c project/gunicorn.conf.py (2 workers × 8 threads); load: {args.readers} "
        f"readers ({args.think * 1000:.0f} ms between requests), {args.writers} curator writers "
        "(50 ms), /healthz every 50 ms, /readyz every 200 ms, "
        "each a process; 'during' = requests begun while the fault lasted"
    )
    columns = [
        "scenario", "requests", "5xx", "non-JSON", "no answer", "writes acked", "writes lost",
        "reads p50/p99/max s", "reads p99 before s", "writes p50/p99/max s",
        "writes p99 before s", "readyz max s", "healthz p99/max ms",
        "healthz p99 before ms", "recover s", "5xx after recovery",
    ]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" if c == "scenario" else "---:" for c in columns) + "|")
    for row in rows:
        print("| " + " | ".join(str(row[column]) for column in columns) + " |")


def report_throttle(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(
        f"\nTHROTTLE_ANON=600/min, 2 workers, {args.throttle_clients} client processes on one "
        f"address for {args.throttle_seconds:.0f} s (GET /api/v1/)"
    )
    columns = ["counts", "requests", "allowed", "other", "limit", "ratio"]
    print("| " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * (len(columns) - 1))
    for row in rows:
        print("| " + " | ".join(str(row[column]) for column in columns) + " |")


if __name__ == "__main__":
    main()
