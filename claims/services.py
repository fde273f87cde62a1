"""Status changes of claims: the one path the admin, the API and commands share.

Each function locks the claim's row, applies the change, validates it with the model's
rules (allowed transitions, a published claim has a citation) and records who did it in
the claim's history. A refused change raises ``ValidationError`` and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Claim, ClaimStatus


def _change(claim: Claim, by: Any, status: str, note: str = "", **fields: Any) -> Claim:
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
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


def accept_candidate(claim: Claim, by: Any) -> Claim:
    """A machine-proposed candidate becomes a draft a curator can edit and submit."""
    if claim.status != ClaimStatus.CANDIDATE:
        raise ValidationError(
            {"status": ValidationError("Only a candidate can be accepted.", code="transition")}
        )
    return _change(claim, by, ClaimStatus.DRAFT)


def reject_candidate(claim: Claim, by: Any, reason: str) -> Claim:
    """Rejected candidates are kept (retracted, with the reason) so they are not proposed
    again by the extractor."""
    if not reason.strip():
        raise ValidationError({"notes": "Say why the candidate is rejected."})
    if claim.status != ClaimStatus.CANDIDATE:
        raise ValidationError(
            {"status": ValidationError("Only a candidate can be rejected.", code="transition")}
        )
    return _change(claim, by, ClaimStatus.RETRACTED, f"Rejected: {reason.strip()}")
