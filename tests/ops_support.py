"""Helpers of the operations tests: a TCP proxy that can freeze, and a gunicorn to test against.

A frozen PostgreSQL (SIGSTOP) still has its kernel accept connections and acknowledge what
is sent; nothing answers. ``FreezableProxy`` behaves the same between the service and a real
server: while frozen it accepts and reads, and forwards nothing either way. With no upstream
it is a black hole from the start.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTS = range(8160, 8170)  # this area's ports


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class FreezableProxy:
    """127.0.0.1:<port> → upstream; ``frozen`` stops all forwarding, connections stay open."""

    def __init__(self, upstream: tuple[str, int] | None) -> None:
        self.upstream = upstream
        self.frozen = upstream is None
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        while self.frozen and not self.closed:  # a connection made while frozen waits
            time.sleep(0.02)
        if self.upstream is None or self.closed:
            return
        server = socket.create_connection(self.upstream)
        self.sockets.append(server)
        peer = {client: server, server: client}
        while not self.closed:
            if self.frozen:
                time.sleep(0.02)
                continue
            try:
                ready, _, _ = select.select(list(peer), [], [], 0.02)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return self._close(client, server)
                    peer[sock].sendall(data)
            except OSError:
                return self._close(client, server)

    @staticmethod
    def _close(*sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        self.closed = True
        self._close(self.listener, *self.sockets)


@dataclass
class Answer:
    """One HTTP answer as a client saw it."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]
    seconds: float


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> Answer:
    began = time.monotonic()
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status, found = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, found = error.read(), error.code, error.headers
    return Answer(
        status,
        found.get("Content-Type", ""),
        body,
        dict(found.items()),
        time.monotonic() - began,
    )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 4) -> Iterator[str]:
    """The project served by gunicorn with its production configuration; yields the base URL."""
    port = free_port()
    environment = {
        **os.environ,
        "ALLOW_DEV_SECRET_KEY": "true",
        "WEB_ACCESS_LOG": "",
        "WEB_LOG_LEVEL": "warning",
        "WEB_THREADS": str(threads),
        **env,
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "project/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"{base}/healthz", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
