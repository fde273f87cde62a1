"""Writes of claims that every entry point shares: the admin, the API, imports, commands.

Creating a claim with its citations, and every status change, happen here once. Each
function runs in one transaction; a status change locks the claim's row, so concurrent
changes of one claim are applied one after the other. The models' rules validate every
change (allowed transitions, a published claim has a citation), and the acting user is
recorded in the history. A refused change raises ``ValidationError`` and writes nothing.

Transitions are idempotent: asking for the status a claim already has (publishing a
published claim, retracting a retracted one) changes nothing and records no history; a
conflicting repeat (superseding by another successor) is refused with code ``transition``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from claims import bulk
from claims.integrity import as_validation_error
from claims.models import Citation, Claim, ClaimQuerySet, ClaimStatus, Topic
from claims.permissions import is_reviewer

# Statuses a claim may be created in by anyone who may add claims; the public ones (a
# published or retracted record, say, brought in by an import) only by a reviewer.
WORK_IN_PROGRESS = (ClaimStatus.CANDIDATE, ClaimStatus.DRAFT)


def check_may_create(by: Any, status: str) -> None:
    """Refuse creating a claim in a status the user may not give it (the review rule)."""
    if status in WORK_IN_PROGRESS or status == ClaimStatus.REJECTED:
        return
    if status in ClaimQuerySet.PUBLIC_STATUSES and is_reviewer(by):
        return
    raise ValidationError(
        {
            "status": ValidationError(
                f"Only a reviewer may create a {status} claim; create it as a draft and have "
                "a reviewer publish it.",
                code="review",
            )
        }
    )


def create_claim(
    *,
    by: Any,
    citations: Iterable[Mapping[str, Any]] = (),
    topics: Iterable[Topic] = (),
    **fields: Any,
) -> Claim:
    """A new claim with its topics and citations, all or nothing.

    ``citations`` are field mappings for ``Citation`` (``source`` and ``quote``, offsets
    optional: an ambiguous or absent quote is an error naming its candidates). Errors of
    the n-th citation are keyed ``citations[n].<field>``.

    Python checks what SQL cannot see (units, transitions, quote anchoring); the database
    checks its constraints on insert, and a refusal comes back as the same field error
    (``claims.integrity``): a dozen statements in all, not one query per constraint.
    """
    try:
        return _create_claim(by, list(citations), list(topics), fields)
    except IntegrityError as exc:
        refused = as_validation_error(exc)
        if refused is None:
            raise
        raise refused from exc


@transaction.atomic
def _create_claim(
    by: Any, citations: list[Mapping[str, Any]], topics: list[Topic], fields: dict[str, Any]
) -> Claim:
    claim = Claim(**fields)
    claim._loaded_status = None  # known to be new: no status to read
    check_may_create(by, claim.status)
    claim.incoming_citations = [
        Citation(claim=claim, **{"quote": "", **given}) for given in citations
    ]
    # Relations the caller resolved to objects were looked up already: not again here.
    resolved = [name for name, value in fields.items() if isinstance(value, models.Model)]
    errors: dict[str, Any] = {}
    try:
        claim.full_clean(exclude=resolved, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    for n, citation in enumerate(claim.incoming_citations):
        citation._history_user = by
        try:
            citation.full_clean(
                exclude=["claim", "source"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors.update(_prefixed(exc, f"citations[{n}]."))
    spans: dict[tuple[Any, Any, Any], int] = {}
    for n, citation in enumerate(claim.incoming_citations):
        span = (citation.source_id, citation.start, citation.end)
        if None not in span and spans.setdefault(span, n) != n:
            message = f"The same span as citations[{spans[span]}]: cite it once."
            errors[f"citations[{n}].start"] = [ValidationError(message, code="unique")]
    if errors:
        raise ValidationError(errors)
    # The topic links go in first (foreign keys are checked at commit), so the claim's
    # "created" history row records its topics instead of a second "changed" row.
    through = Claim.topics.through
    links = through.objects.bulk_create(
        [through(claim_id=claim.pk, topic_id=topic.pk) for topic in dict.fromkeys(topics)]
    )
    claim.skip_history_when_saving = True
    claim.save()
    del claim.skip_history_when_saving
    bulk.record_creation(claim, by, links)
    bulk.insert(Citation, claim.incoming_citations, by)
    return claim


def add_citations(claim: Claim, citations: Iterable[Mapping[str, Any]], *, by: Any) -> None:
    """Anchor and save citations of a stored ``claim``; errors keyed ``citations[n].<field>``."""
    for n, given in enumerate(citations):
        citation = Citation(claim=claim, **{"quote": "", **given})
        citation._history_user = by
        try:
            citation.full_clean(exclude=["claim"])
            citation.save()
        except ValidationError as exc:
            raise ValidationError(_prefixed(exc, f"citations[{n}].")) from exc


def _prefixed(exc: ValidationError, prefix: str) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {f"{prefix}{name}": errors for name, errors in exc.error_dict.items()}
    return {f"{prefix}non_field_errors": exc.error_list}


def _change(claim: Claim, by: Any, status: str, note: str = "", **fields: Any) -> Claim:
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status == status:
            # A repeat (a retried request, a second reviewer's click): nothing to record,
            # unless it asks for something else than what was recorded.
            for name, value in fields.items():
                if getattr(locked, name) != value:
                    raise ValidationError(
                        {
                            name: ValidationError(
                                f"The claim is already {status} with another {name}; that "
                                "is not changed.",
                                code="transition",
                            )
                        }
                    )
            return locked
        locked.status = status
        for name, value in fields.items():
            setattr(locked, name, value)
        if note:
            locked.notes = f"{locked.notes}\n{note}".strip()
        locked._history_user = by
        locked.full_clean()
        locked.save()
    return locked


def publish_claim(claim: Claim, by: Any) -> Claim:
    return _change(claim, by, ClaimStatus.PUBLISHED)


def dispute_claim(claim: Claim, by: Any, note: str = "") -> Claim:
    return _change(claim, by, ClaimStatus.DISPUTED, f"Disputed: {note}" if note else "")


def retract_claim(claim: Claim, by: Any, note: str = "") -> Claim:
    return _change(claim, by, ClaimStatus.RETRACTED, f"Retracted: {note}" if note else "")


def supersede_claim(claim: Claim, successor: Claim, by: Any) -> Claim:
    return _change(claim, by, ClaimStatus.SUPERSEDED, superseded_by=successor)


def _require_status(claim: Claim, allowed: set[str], action: str) -> None:
    current = Claim.objects.filter(pk=claim.pk).values_list("status", flat=True).first()
    if current not in allowed:
        raise ValidationError(
            {
                "status": ValidationError(
                    f"Only a candidate can be {action}; this claim is {current}.",
                    code="transition",
                )
            }
        )


def accept_candidate(claim: Claim, by: Any) -> Claim:
    """A machine-proposed candidate becomes a draft a curator can edit and submit.

    Accepting an accepted candidate (now a draft) again changes nothing."""
    _require_status(claim, {ClaimStatus.CANDIDATE, ClaimStatus.DRAFT}, "accepted")
    return _change(claim, by, ClaimStatus.DRAFT)


def reject_candidate(claim: Claim, by: Any, reason: str) -> Claim:
    """Rejected candidates are kept, never public, so the extractor does not propose them
    again; the reason goes into the notes."""
    if not reason.strip():
        raise ValidationError({"notes": "Say why the candidate is rejected."})
    _require_status(claim, {ClaimStatus.CANDIDATE, ClaimStatus.REJECTED}, "rejected")
    return _change(claim, by, ClaimStatus.REJECTED, f"Rejected: {reason.strip()}")
