"""Django's PostgreSQL backend with request deadlines and a health check that costs no query."""

from __future__ import annotations

import select
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base as postgresql
from psycopg.pq import TransactionStatus

from project.db import deadlines


class DatabaseWrapper(postgresql.DatabaseWrapper):
    """PostgreSQL through ``DeadlineConnection``; ``is_usable`` polls the socket."""

    Database = deadlines.PsycopgWithDeadlines()

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        # A request's connection also carries the server-side limits: a runaway statement
        # or a lock wait ends there, and a statement whose client is gone is abandoned.
        # Sent in the startup packet: no extra round trip. (Not under PgBouncer's
        # transaction mode, which refuses startup options: set them with ALTER ROLE.)
        if deadlines.current() is not None and settings.DB_STARTUP_OPTIONS:
            server = " ".join(
                f"-c {name}={value}" for name, value in settings.DB_REQUEST_LIMITS.items() if value
            )
            params["options"] = " ".join(filter(None, [params.get("options"), server]))
        return params

    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        if not poller.poll(0):
            return True  # nothing to read from an idle session: the server still holds it
        # Readable while idle: the server closed the session (restart, terminate) or sent a
        # notice. Ask it, within the request's budget.
        with deadlines.at_most(deadlines.current() or settings.DB_WAIT_TIMEOUT):
            return super().is_usable()
