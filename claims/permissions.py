"""The curators' and reviewers' groups, with exactly the permissions their work needs.

Kept current after every ``migrate`` (a ``post_migrate`` receiver), so a new model or a
changed rule reaches existing groups without a data migration per change.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_migrate
from django.dispatch import receiver

# Curators create and edit the ledger, and group claims that state one proposition. They may
# delete claims, citations and provisions, but the object-level rules (admin and API alike)
# confine that to candidates and drafts: a public claim is retracted, never deleted, and a
# cited source is frozen. Sources, actors, topics, proposals and groups are never deleted by
# curators (a group goes when its last member leaves it).
CURATED = ("source", "actor", "topic", "proposal", "provision", "claim", "citation", "assertion")
DELETABLE = ("citation", "provision", "claim")
HISTORIES = tuple(f"historical{name}" for name in CURATED)
REVIEW = "review_claim"


def is_reviewer(user: Any) -> bool:
    return bool(user and user.has_perm(f"claims.{REVIEW}"))


def claim_is_work_in_progress(claim: Any) -> bool:
    """Candidates and drafts: the curators' work. Anything else is public record."""
    from claims.models import ClaimStatus

    return claim.status in (ClaimStatus.CANDIDATE, ClaimStatus.DRAFT)


def may_change_claim(user: Any, claim: Any) -> bool:
    """The object rule for a claim and its citations, shared by the admin and the API: a
    public claim (published, disputed, …) is changed only by reviewers."""
    return claim is None or claim_is_work_in_progress(claim) or is_reviewer(user)


def may_delete_claim(claim: Any) -> bool:
    """A public claim is retracted, never deleted, by anyone."""
    return claim is None or claim_is_work_in_progress(claim)


def curator_codenames() -> set[str]:
    codes = {f"{action}_{model}" for model in CURATED for action in ("add", "change", "view")}
    codes |= {f"delete_{model}" for model in DELETABLE}
    codes |= {f"view_{model}" for model in HISTORIES}
    return codes


def review_permission() -> Permission:
    from claims.models import Claim

    permission, _ = Permission.objects.get_or_create(
        codename=REVIEW,
        content_type=ContentType.objects.get_for_model(Claim),
        defaults={"name": "Can publish, dispute, retract and supersede claims"},
    )
    return permission


def ensure_groups() -> None:
    # On a fresh database this receiver can run before auth's own post_migrate receiver has
    # created the claims app's permissions (receivers run in app order): create them first,
    # so the groups made by the first ``migrate`` are never empty.
    create_permissions(apps.get_app_config("claims"), verbosity=0)
    curator_permissions = list(
        Permission.objects.filter(
            content_type__app_label="claims", codename__in=curator_codenames()
        )
    )
    curators, _ = Group.objects.get_or_create(name=settings.CURATORS_GROUP)
    curators.permissions.set(curator_permissions)
    reviewers, _ = Group.objects.get_or_create(name=settings.REVIEWERS_GROUP)
    reviewers.permissions.set([*curator_permissions, review_permission()])


@receiver(post_migrate)
def groups_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "name", None) == "claims":
        ensure_groups()
