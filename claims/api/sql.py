"""Small SQL helpers for the read path, identical in meaning on PostgreSQL and SQLite."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import JSONObject


class JSONArrayAgg(Aggregate):
    """``jsonb_agg`` on PostgreSQL, ``json_group_array`` on SQLite; read back as text."""

    function = "JSON_GROUP_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


def json_list(related: QuerySet, key: str, **fields: Any) -> Subquery:
    """A correlated subquery: the ``related`` rows whose ``key`` is the outer row, as JSON.

    Folds a to-many relation into the outer query (one query per page, not one per
    relation); read the column with ``parse_json_list``.
    """
    rows = related.filter(**{key: OuterRef("pk")}).order_by().values(key)
    return Subquery(
        rows.annotate(doc=JSONArrayAgg(JSONObject(**fields))).values("doc"),
        output_field=TextField(),
    )


def parse_json_list(raw: Any, uuid_keys: tuple[str, ...] = ("id",)) -> list[dict[str, Any]]:
    """The list from ``json_list``: [] for none; UUIDs normalised (SQLite stores bare hex)."""
    if raw is None:
        return []
    items = orjson.loads(raw) if isinstance(raw, str | bytes) else raw
    for item in items:
        for name in uuid_keys:
            if item.get(name) is not None:
                item[name] = uuid.UUID(item[name])
    return items
