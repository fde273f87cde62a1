"""gunicorn's configuration for the claims ledger: ``gunicorn -c project/gunicorn.conf.py
project.wsgi`` (``make run`` adds ``--bind`` and ``--workers``). Read from the environment.

The worker model (``project/gunicorn_worker.py``): threaded workers, so a request waiting on
a failing database holds a thread, not a process; probes on threads of their own; gunicorn's
own error answers in JSON. How long anything waits:

    Redis call          REDIS_TIMEOUT          0.25 s, then skipped for REDIS_BREAKER_SECONDS
    database wait       DB_WAIT_TIMEOUT        2 s per connect/statement/commit (a 503 after)
    /readyz             READYZ_WAIT_TIMEOUT    1 s
    imports             DB_BULK_WAIT_TIMEOUT   120 s
    worker heartbeat    WEB_TIMEOUT            above all of them

With threads the heartbeat comes from each worker's main loop, not from the request, so
``timeout`` kills only a worker whose main loop is stuck (a C call holding the GIL); a long
streamed export is not cut by it.
"""

import os

wsgi_app = "project.wsgi:application"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "project.gunicorn_worker.ApiThreadWorker"
# Request threads per worker: how many requests one worker serves at once, waiting ones
# included. Each holds one PostgreSQL connection (CONN_MAX_AGE), as do the 2 threads of the
# /readyz lane: workers × (threads + 2) stays under the server's max_connections.
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
# Seconds an idle kept-alive connection, or a new one that has sent nothing yet, is kept.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")


def post_worker_init(worker: object) -> None:
    """Load the URLs and every view now, not on the worker's first request (often a probe,
    which would then take the import time)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the import is the point)
