"""Full-text search over a claim's statement and its citations' quotes.

Each claim stores its search document in ``Claim.search_text`` (statement + quotes), kept
current when the claim is saved and when one of its citations is saved or deleted (the
receivers below; loaddata's raw saves included). On PostgreSQL the document's vector is a
stored generated column, ``search_vector``, with a GIN index (migration 0012), queried with
``websearch_to_tsquery``; SQLite, which has no full-text index here, matches every word with
``icontains`` instead.

Bulk writers (``bulk_create`` sends no signals) call ``refresh(claim_id, touch=True)`` for
the claims whose citations they wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Func, Q, QuerySet, Value
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone


def document(statement: str, quotes: Iterable[str]) -> str:
    """The text a claim is found by."""
    return "\n".join([statement, *quotes])


class StoredVectorMatch(Func):
    """``claims_claim.search_vector @@ websearch_to_tsquery('english', q)`` on PostgreSQL.

    ``search_vector`` is a stored generated column (migration 0012) with a GIN index: a page
    that walks claims newest first compares each one's stored vector instead of parsing its
    text again, and a rare word is found through the index.
    """

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        (q_sql, q_params) = compiler.compile(self.source_expressions[0])
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return (
            f"{table}.search_vector @@ websearch_to_tsquery('english'::regconfig, {q_sql})",
            q_params,
        )


def matching(queryset: QuerySet, q: str) -> QuerySet:
    """Claims whose statement or quotes match the search ``q``."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(StoredVectorMatch(Value(q)))
    words = q.split()
    return queryset.filter(*(Q(search_text__icontains=word) for word in words))


def refresh(claim_id: Any, touch: bool) -> None:
    """Recompute a claim's search document from the database; ``touch`` moves updated_at.

    A queryset update, not ``save()``: both fields are derived, so there is nothing for the
    history to record (the citation's own history has the change), and ``save()`` would
    re-run the claim's validation for an edit the claim did not make.
    """
    from claims.models import Citation, Claim

    statement = Claim.objects.filter(pk=claim_id).values_list("statement", flat=True).first()
    if statement is None:
        return  # the claim is being deleted with its citations
    quotes = Citation.objects.filter(claim_id=claim_id).order_by("start", "id")
    fields: dict[str, Any] = {
        "search_text": document(statement, quotes.values_list("quote", flat=True))
    }
    if touch and not _keep_timestamps.get():
        # A claim's representation includes its citations: the sync feed must see the change.
        fields["updated_at"] = timezone.now()
    Claim.objects.filter(pk=claim_id).update(**fields)


@receiver(post_save, sender="claims.Citation")
def citation_saved(sender: type, instance: Any, raw: bool, **kwargs: Any) -> None:
    # Raw (loaddata) saves keep the fixture's timestamps.
    refresh(instance.claim_id, touch=not raw)


@receiver(post_delete, sender="claims.Citation")
def citation_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    refresh(instance.claim_id, touch=True)


_keep_timestamps: ContextVar[bool] = ContextVar("keep_timestamps", default=False)


@contextmanager
def keeping_timestamps() -> Iterator[None]:
    """Within this block, related changes do not move claims' updated_at (fixture loads)."""
    token = _keep_timestamps.set(True)
    try:
        yield
    finally:
        _keep_timestamps.reset(token)


@receiver(m2m_changed, sender="claims.Claim_topics")
def claim_topics_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    from claims.models import Claim

    if action not in {"post_add", "post_remove", "post_clear"} or _keep_timestamps.get():
        return
    # From the topic's side (topic.claims.add(...)) the claims are the pk_set.
    ids = (kwargs.get("pk_set") or ()) if kwargs.get("reverse") else [instance.pk]
    if ids:
        Claim.objects.filter(pk__in=ids).update(updated_at=timezone.now())
