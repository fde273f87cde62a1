"""How long this thread may wait on PostgreSQL, and the psycopg connection that keeps to it.

A request sets its budget (``RequestDeadlineMiddleware``: ``DB_WAIT_TIMEOUT``, or
``DB_BULK_WAIT_TIMEOUT`` on the ``DB_BULK_PATHS`` that do bulk work); code that needs a
tighter one wraps itself in ``at_most(seconds)`` (``/readyz``). Outside both — management
commands, migrations, the shell, the test runner — there is no budget and waits are psycopg's.

``DeadlineConnection`` applies the budget to each wait: to connecting (below psycopg's own
2-second floor for ``connect_timeout``), and to every statement, fetch and commit. When a
wait runs out the connection is closed — the server may still be working on what it was
sent, so the session cannot be reused — and ``OperationalError`` is raised, which the API
answers as 503. This relies on two psycopg internals (``Connection.wait``'s ``timeout`` and
``_connect_gen``), checked by ``tests/test_ops_database.py`` on the pinned version.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from time import monotonic
from typing import Any

import psycopg
from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponseBase
from psycopg import errors as pg_errors

_local = threading.local()


def current() -> float | None:
    """Seconds this thread may wait for one answer from PostgreSQL; None: no limit."""
    return getattr(_local, "budget", None)


def _give_up(budget: float) -> DatabaseTimeout:
    """The error for a wait that ran out; the rest of the request does not wait again.

    After a timeout Django may drop the connection (a failed rollback) and code that goes
    on — validation that logs database errors, error handling — would connect again and
    wait a second budget. Within one request, the database had its chance."""
    _local.gave_up = True
    return DatabaseTimeout(f"no answer from the database within {budget:g} s")


def _check_not_given_up() -> None:
    if getattr(_local, "gave_up", False):
        raise DatabaseTimeout("the database did not answer earlier in this request")


@contextmanager
def at_most(seconds: float | None) -> Iterator[None]:
    """Wait at most ``seconds`` for each answer from PostgreSQL inside the block (which
    starts afresh: a timeout before it does not fail it at once)."""
    previous = current(), getattr(_local, "gave_up", False)
    _local.budget, _local.gave_up = seconds, False
    try:
        yield
    finally:
        _local.budget, _local.gave_up = previous


def request_budget(path: str) -> float:
    for pattern in settings.DB_BULK_PATHS:
        if re.match(pattern, path):
            return settings.DB_BULK_WAIT_TIMEOUT
    return settings.DB_WAIT_TIMEOUT


class RequestDeadlineMiddleware:
    """Give each request its database budget — while the view runs and, for a streamed
    answer (an export reads the database as it is sent), while each chunk is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        budget = request_budget(request.path_info)
        previous = current()
        _local.budget, _local.gave_up = budget, False
        try:
            response = self.get_response(request)
        finally:
            _local.budget = previous
        if response.streaming and not isinstance(response, FileResponse):  # files: no database
            response.streaming_content = _chunks_within(budget, response.streaming_content)
        return response


def _chunks_within(budget: float, chunks: Any) -> Iterator[Any]:
    """The chunks, each made with the request's budget and nothing left set between them
    (a streamed answer the client never reads to the end must not leave it behind)."""
    iterator = iter(chunks)
    while True:
        previous = current()
        _local.budget = budget
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _local.budget = previous
        yield chunk


class DatabaseTimeout(psycopg.OperationalError):
    """PostgreSQL did not answer within this thread's budget."""


class DeadlineConnection(psycopg.Connection):
    """psycopg's connection, waiting on the server at most the thread's budget."""

    # Opened within a budget (by a request): only such a connection keeps to one. One that a
    # command, a migration or a test fixture opened waits as psycopg does, wherever used.
    in_request = False

    @classmethod
    def _connect_gen(cls, conninfo: str = "") -> Generator[Any, Any, Any]:
        budget = current()
        if budget is None:
            return (yield from super()._connect_gen(conninfo))
        _check_not_given_up()
        gen = super()._connect_gen(conninfo)
        # psycopg resumes the generator every 0.1 s while it waits: the deadline is checked
        # then. (psycopg's connect_timeout cannot go below 2 s.)
        deadline = monotonic() + budget
        try:
            wanted = next(gen)
            while True:
                ready = yield wanted
                if monotonic() >= deadline:
                    gen.close()
                    raise _give_up(budget)
                wanted = gen.send(ready)
        except StopIteration as done:
            done.value.in_request = True
            return done.value

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        budget = current()
        # psycopg's own timed waits (cancel, notifies) keep theirs.
        if budget is None or timeout is not None or not self.in_request:
            return super().wait(gen, interval, timeout)
        _check_not_given_up()
        try:
            return super().wait(gen, interval, budget)
        except pg_errors._WaitTimeout:
            # The server may still run what it was sent: this session is not reusable.
            self.pgconn.finish()
            raise _give_up(budget) from None


class PsycopgWithDeadlines:
    """The ``psycopg`` module as Django's backend uses it, connecting with
    ``DeadlineConnection``."""

    connect = staticmethod(DeadlineConnection.connect)

    def __getattr__(self, name: str) -> Any:
        return getattr(psycopg, name)
