"""The SQLite backend of ``project.sqlite`` (see its docstring)."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base as sqlite3
from django.db.backends.sqlite3.operations import DatabaseOperations as SQLiteOperations

# Deleted first, in this order; every other table after them, as Django lists them.
FLUSH_FIRST = ("claims_claim",)


class DatabaseOperations(SQLiteOperations):
    def sql_flush(self, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        first = [t for t in FLUSH_FIRST if t in tables]
        rest = [t for t in tables if t not in FLUSH_FIRST]
        return super().sql_flush(style, [*first, *rest], **kwargs)


class DatabaseWrapper(sqlite3.DatabaseWrapper):
    ops_class = DatabaseOperations
