"""Derived fields for raw saves.

``loaddata`` saves objects raw, bypassing ``Model.save()``; this receiver computes the same
derived fields there, so a fixture cannot carry a stale ``value_si`` or ``text_sha256``.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from claims import assertions, db_rules
from claims.models import Citation, Claim, Source


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
    if "claims_assertion" in tables:  # migration 0016 and later
        statements += db_rules.ASSERTION_SQLITE_FORWARD
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@receiver(post_save, sender=Claim)
@receiver(post_delete, sender=Claim)
def claim_changes_its_group(sender: type, instance: Claim, **kwargs: Any) -> None:
    """A member's value, status or rank moves its group's figures (claims.assertions)."""
    if instance.assertion_id and not kwargs.get("raw"):
        assertions.member_changed(instance.assertion_id)


@receiver(post_save, sender=Citation)
@receiver(post_delete, sender=Citation)
def citation_changes_its_group(sender: type, instance: Citation, **kwargs: Any) -> None:
    """A member's citations decide its group's sources and their independence."""
    if kwargs.get("raw"):
        return
    claim = instance._state.fields_cache.get("claim")  # usually at hand: no query
    if claim is not None:
        assertion_id = claim.assertion_id
    else:
        found = Claim.objects.filter(pk=instance.claim_id).values_list("assertion_id", flat=True)
        assertion_id = found.first()
    if assertion_id:
        assertions.member_changed(assertion_id)
