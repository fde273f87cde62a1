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


@receiver(pre_save)
def no_history_for_raw_saves(sender: type, instance: Any, raw: bool, **kwargs: Any) -> None:
    """loaddata's objects carry their history in the fixture (or get it when the load ends,
    claims.management.commands.loaddata): setting their many-to-many fields must not add a
    "changed" row of its own."""
    if raw:
        instance.skip_history_when_saving = True


@receiver(post_migrate)
def ensure_sqlite_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it; put them back."""
    connection = connections[using]
    if getattr(sender, "name", None) != "claims" or connection.vendor != "sqlite":
        return
    tables = connection.introspection.table_names()
    if "claims_citation" not in tables:
        return  # migrated to zero
    statements = [*db_rules.SQLITE_FORWARD, *db_rules.VERSION_SQLITE_FORWARD]
    if "claims_tombstone" in tables:  # migration 0010 and later
        statements += db_rules.REVISION_SQLITE_FORWARD
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
