"""gunicorn's threaded worker, made to answer like the API even when the API cannot.

Why threads (``gthread``): a request waiting on a hung database or cache holds one thread,
not the process, so the others keep serving, and the worker's main loop keeps telling the
arbiter it is alive — gunicorn's worker ``timeout`` then only fires for a worker whose
main loop is stuck, never for a slow request. The waits themselves are bounded by the
database deadline (``project/db``) and the Redis timeouts and breaker (``project/cache.py``).

Two additions to gunicorn's ``ThreadWorker``:

- **Probe lanes.** ``GET /healthz`` and ``GET /readyz`` run on small thread pools of their own,
  so a probe is answered at once even when every request thread waits on the database. A
  new connection is first left with the poller until its request has arrived (it used to
  wait in a pool thread), then its first bytes are peeked to choose the pool.
- **Liveness without Django.** ``GET``/``HEAD /healthz`` is answered by the worker itself
  (``liveness``): the same JSON and headers as ``claims.api.health.healthz``, without the
  middleware stack. When every request thread is computing, a probe that has to run Django
  waits for the GIL at each of its steps (bench/healthz_saturated.py; figures in
  bench/RESULTS.md). Any other method, or a path with more after it, goes to Django.
- **JSON errors.** gunicorn's own answers — 400 for a malformed request, 414, 431, a 500
  when the application raises past Django or a sync worker is timed out — are written in the
  API's error shape with the security headers Django would add, never as an HTML page.
"""

from __future__ import annotations

import errno
import selectors
import socket
import time
from concurrent import futures
from functools import partial
from typing import Any

import orjson
from gunicorn import util
from gunicorn.workers.gthread import TConn, ThreadWorker

# Request lines that go to a probe lane, and the lane's threads.
PROBES = {b"/healthz": 2, b"/readyz": 2}
CODES = {400: "bad_request", 403: "permission_denied", 414: "uri_too_long",
         417: "expectation_failed", 431: "headers_too_large", 500: "server_error",
         501: "not_implemented"}  # fmt: skip


def write_json_error(sock: socket.socket, status: int, reason: str, message: str) -> None:
    """gunicorn's ``util.write_error``, answering in the API's error shape."""
    text = (message or reason)[:300]
    body = orjson.dumps(
        {"error": {"status": status, "code": CODES.get(status, "error"), "message": text}}
    )
    headers = [
        f"HTTP/1.1 {status} {reason}",
        "Connection: close",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        "Cache-Control: no-store",
        *(f"{name}: {value}" for name, value in security_headers()),
    ]
    util.write_nonblock(sock, ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body)


def security_headers(secure: bool = True) -> list[tuple[str, str]]:
    """The headers Django's SecurityMiddleware and our settings add to an answer (HSTS only
    over HTTPS, as Django sends it)."""
    headers = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    hsts = _hsts() if secure else ""
    if hsts:
        headers.append(("Strict-Transport-Security", hsts))
    return headers


def liveness(application: Any) -> Any:
    """``application`` with ``GET /healthz`` answered before it is called (module docstring)."""
    body = orjson.dumps({"status": "ok"})
    head = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]
    headers = {secure: head + security_headers(secure) for secure in (False, True)}

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            start_response("200 OK", list(headers[environ.get("wsgi.url_scheme") == "https"]))
            return [body]
        return application(environ, start_response)

    return wsgi


def _hsts() -> str:
    """The Strict-Transport-Security value Django's SecurityMiddleware sends, if any."""
    try:
        from django.conf import settings

        seconds = settings.SECURE_HSTS_SECONDS
        value = f"max-age={seconds}" if seconds else ""
        if value and settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if value and settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        return value
    except Exception:  # settings not loaded (the app failed to import): no header
        return ""


class ApiThreadWorker(ThreadWorker):
    """``gthread`` with probe lanes and JSON error answers (module docstring)."""

    def init_process(self) -> None:
        # gunicorn writes its own error answers through util.write_error; in this process,
        # which serves only the API, they are JSON.
        util.write_error = write_json_error
        self.probe_pools = {
            path: futures.ThreadPoolExecutor(max_workers=n, thread_name_prefix=f"probe{path}")
            for path, n in PROBES.items()
        }
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = liveness(self.wsgi)

    def accept(self, listener: socket.socket) -> None:
        """Accept, then wait (in the poller, not in a thread) for the request to arrive."""
        try:
            client, address = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client, address, listener.getsockname())
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )

    def enqueue_req(self, conn: Any) -> None:
        pool = self._probe_pool(conn)
        if pool is None:
            super().enqueue_req(conn)
            return
        done = pool.submit(self.handle, conn)
        done.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))

    def _probe_pool(self, conn: Any) -> futures.ThreadPoolExecutor | None:
        if self.cfg.is_ssl:
            return None
        try:
            start = conn.sock.recv(32, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except OSError:
            return None
        method, _, rest = start.partition(b" ")
        if method not in (b"GET", b"HEAD"):
            return None
        for path, pool in self.probe_pools.items():
            if rest.startswith(path) and rest[len(path) : len(path) + 1] in (b" ", b"?"):
                return pool
        return None

    def run(self) -> None:
        try:
            super().run()
        finally:
            for pool in self.probe_pools.values():
                pool.shutdown(wait=False)
