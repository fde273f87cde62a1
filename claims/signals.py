"""Derived fields for raw saves.

``loaddata`` saves objects raw, bypassing ``Model.save()``; this receiver computes the same
derived fields there, so a fixture cannot carry a stale ``value_si`` or ``text_sha256``.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models.signals import post_migrate, pre_save
from django.dispatch import receiver

from claims import db_rules
from claims.models import Claim, Source


@receiver(pre_save, sender=Claim)
@receiver(pre_save, sender=Source)
def derive_on_raw_save(sender: type, instance: Claim | Source, raw: bool, **kwargs: Any) -> None:
    if raw:
        instance.derive()


@receiver(post_migrate)
def ensure_sqlite_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it; put them back."""
    connection = connections[using]
    if getattr(sender, "name", None) != "claims" or connection.vendor != "sqlite":
        return
    if "claims_citation" not in connection.introspection.table_names():
        return  # migrated to zero
    with connection.cursor() as cursor:
        for statement in [*db_rules.SQLITE_FORWARD, *db_rules.VERSION_SQLITE_FORWARD]:
            cursor.execute(statement)
