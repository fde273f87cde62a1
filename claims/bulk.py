"""Insert many new rows, with their history, as fast as the database allows.

On PostgreSQL rows go in by ``COPY``: Django's ``bulk_create`` spends most of a large import
compiling its INSERT in Python (a prepared value per field and row), while ``COPY`` hands
psycopg the attribute values as they are. Every rule still holds: ``COPY`` fires the row
triggers (the quote check, the deferred "public claim has a citation" check) and the
table's constraints exactly as an INSERT does. Elsewhere (SQLite) this is
``bulk_create_with_history``.

Like ``bulk_create`` it sends no signals and calls no ``save()``: callers validate and
derive first. The history rows are those django-simple-history's bulk helper writes: one
"+" row per object, by ``user``, dated now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.apps import apps
from django.db import connections, models, router
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

BATCH = 2_000
# Fewer rows than this go in by one INSERT each batch: COPY's set-up costs more, and an
# INSERT is a statement Django counts (the API's writes assert how many they send).
COPY_FROM = 100


def insert(model: type[models.Model], objs: Sequence[models.Model], user: Any = None) -> None:
    """Insert ``objs`` (new instances of ``model``) and, if it keeps history, their history."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    history = getattr(model, "history", None)
    fields = [f for f in model._meta.concrete_fields if not _is_auto(f)]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    # Times a record gave (an export's) are kept; the others are now, as save() would set.
    given = [(obj, {f.attname: getattr(obj, f.attname) for f in stamped}) for obj in objs]
    if connection.vendor != "postgresql" or len(objs) < COPY_FROM:
        if history is None:
            model._default_manager.bulk_create(objs, batch_size=BATCH)
        else:
            bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user)
        _restore_times(model, given)
        return
    for obj, times in given:
        for field in stamped:
            if times[field.attname] is None:
                field.pre_save(obj, add=True)
    _copy(connection, model, fields, objs)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    if history is not None:
        _copy_history(connection, history.model, objs, user)


def _restore_times(model: type[models.Model], given: list[tuple[Any, dict[str, Any]]]) -> None:
    """bulk_create stamps auto_now fields whatever they held: put back the given ones."""
    kept = []
    for obj, times in given:
        stated = {name: value for name, value in times.items() if value is not None}
        if stated:
            for name, value in stated.items():
                setattr(obj, name, value)
            kept.append(obj)
    if kept:
        names = sorted({name for _, times in given for name, v in times.items() if v is not None})
        model._default_manager.bulk_update(kept, names, batch_size=BATCH)


def _is_auto(field: models.Field) -> bool:
    return isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _copy(
    connection: Any,
    model: type[models.Model],
    fields: list[models.Field],
    objs: Sequence[Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """COPY the attribute values of ``fields`` (plus constant ``extra`` columns) of ``objs``."""
    extra = extra or {}
    columns = [f.column for f in fields] + list(extra)
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    readers = [_reader(connection, f) for f in fields]
    constants = list(extra.values())
    connection.ensure_connection()
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for obj in objs:
            copy.write_row([read(obj) for read in readers] + constants)


def _reader(connection: Any, field: models.Field) -> Callable[[Any], Any]:
    """How to read one column's value off an instance: the attribute itself, unless the
    field's database form differs from it (JSON)."""
    attname = field.attname
    if isinstance(field, models.JSONField):
        return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
    return lambda obj: getattr(obj, attname)


def _copy_history(connection: Any, history_model: Any, objs: Sequence[Any], user: Any) -> None:
    tracked = list(history_model.tracked_fields)
    extra = {
        "history_date": timezone.now(),
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    fields_by_name = {f.attname: f for f in history_model._meta.concrete_fields}
    _copy(connection, history_model, [fields_by_name[f.attname] for f in tracked], objs, extra)


def record_creation(obj: models.Model, user: Any, links: Sequence[models.Model] = ()) -> None:
    """The "created" history row of a new ``obj`` (saved with history skipped), with its
    many-to-many ``links`` (through-model rows already saved): two INSERTs.

    django-simple-history would read the object's excluded fields and its links back from
    the database to write the same rows; the creating service has them at hand.
    """
    historical = type(obj).history.model
    row = historical(
        history_date=timezone.now(),
        history_type="+",
        history_user=user if getattr(user, "pk", None) else None,
        history_change_reason=None,
        **{field.attname: getattr(obj, field.attname) for field in historical.tracked_fields},
    )
    row.save()
    for field in getattr(historical, "_history_m2m_fields", []):
        # django-simple-history names it Historical<Model>_<field>.
        m2m = apps.get_model(historical._meta.app_label, f"{historical.__name__}_{field.name}")
        through = getattr(type(obj), field.name).through
        mine = [link for link in links if isinstance(link, through)]
        target = field.m2m_reverse_field_name()
        m2m.objects.bulk_create(
            [
                m2m(
                    id=link.pk,
                    history=row,
                    **{
                        f"{field.m2m_field_name()}_id": obj.pk,
                        f"{target}_id": getattr(link, f"{target}_id"),
                    },
                )
                for link in mine
            ]
        )
