"""Time ``/healthz`` while both workers and both cores are saturated by API reads.

    .venv/bin/python bench/healthz_saturated.py                   # a SQLite ledger of its own
    .venv/bin/python bench/healthz_saturated.py --seconds 20 --connections 64

Issue 10 asks ``/healthz`` to answer within 100 ms "even while workers wait"; bench/faults.py
shows it does while they wait on a frozen database. This is the harder case: the workers are
not waiting but computing, every request thread busy with claim pages (wrk, ``--connections``
keep-alive connections) and the machine's cores taken by them. A separate process asks
``/healthz`` every 50 ms on a new connection each time, as a load balancer does, and the
script prints its p50/p99/max beside wrk's throughput. The server is the production
configuration (``project/gunicorn.conf.py``, 2 threaded workers) on a migrated, seeded
SQLite database made for the run, with the response cache off (every page is built).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8170


def _probe(seconds: float, every: float, out: multiprocessing.Queue) -> None:
    times: list[float] = []
    bad = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            conn.request("GET", "/healthz")
            answer = conn.getresponse()
            answer.read()
            bad += answer.status != 200
            conn.close()
        except OSError:
            bad += 1
        took = time.monotonic() - began
        times.append(took)
        time.sleep(max(0.0, every - took))
    out.put((times, bad))


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "cpu"


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--connections", type=int, default=48)
    parser.add_argument("--path", default="/api/v1/claims/?page_size=50")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/ledger.sqlite3",
            "API_RESPONSE_CACHE_SECONDS": "0",
            "THROTTLE_ANON": "1000000/min",
            "ALLOW_DEV_SECRET_KEY": "true",
            "WEB_ACCESS_LOG": "",
            "WEB_LOG_LEVEL": "error",
        }
        env.pop("REDIS_URL", None)
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput"], ["seed_ledger"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "project/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{PORT}"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
                    conn.request("GET", "/readyz")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            time.sleep(1)
            out: multiprocessing.Queue = multiprocessing.Queue()
            probe = multiprocessing.Process(target=_probe, args=(args.seconds, 0.05, out))
            wrk = subprocess.Popen(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds:.0f}s",
                 f"http://127.0.0.1:{PORT}{args.path}"],
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            probe.start()
            times, bad = out.get()
            probe.join()
            report = wrk.communicate()[0]
        finally:
            server.terminate()
            server.wait()
    rate = next((line.split()[1] for line in report.splitlines() if "Requests/sec" in line), "?")
    ms = [t * 1000 for t in times]
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {_cpu()} x{os.cpu_count()};"
        f" Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"wrk {args.path}: {args.connections} connections, {rate} requests/s")
    print(
        f"/healthz: {len(ms)} probes, {bad} not 200; p50 {_quantile(ms, 0.5):.1f} ms, "
        f"p99 {_quantile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
    )


if __name__ == "__main__":
    main()
