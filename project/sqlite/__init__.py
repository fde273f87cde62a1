"""Django's SQLite backend, flushing in an order the ledger's triggers accept.

``ENGINE = "project.sqlite"`` (set by ``project/settings.py`` for ``sqlite://`` URLs). One
change: ``flush`` (test teardown, ``manage.py flush``) deletes the claims before anything
else. Django deletes the tables in set order, which varies with the process's hash seed;
when ``claims_citation`` went first, the trigger that keeps every public claim cited
(``claims.db_rules``) refused, and about half the test runs failed in teardown. With the
claims gone first, no citation delete leaves a public claim uncited. PostgreSQL's flush is
one TRUNCATE of every table and needs no order.
"""
