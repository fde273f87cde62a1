"""A PostgreSQL backend that never waits without a deadline and checks health for free.

``ENGINE = "project.db"`` (set by ``project/settings.py`` for ``postgres://`` URLs). Django's
own backend with two changes, both about a database that fails while the service runs:

- **Deadlines** (``deadlines.py``): inside a request every wait on the server — connecting,
  each statement, commit — ends after ``DB_WAIT_TIMEOUT`` seconds with an ``OperationalError``
  (a 503 JSON answer). Server-side ``statement_timeout`` cannot do this for a server that is
  frozen or unreachable: the kernel still acknowledges what is sent and nothing answers, so the
  deadline is kept by the client. Commands, migrations and the shell wait as long as they need.
- **Health checks without a round trip** (``base.py``): ``CONN_HEALTH_CHECKS`` normally sends
  ``SELECT 1`` before each request's first query; here the connection's socket is polled
  instead. A server that restarted or ended the session has closed the socket, which then
  reads as ready (EOF or a FATAL message); only then is ``SELECT 1`` sent to be sure.
"""
