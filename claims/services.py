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
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from claims import assertions, bulk, grouping
from claims.integrity import as_validation_error
from claims.models import (
    Assertion,
    Citation,
    Claim,
    ClaimQuerySet,
    ClaimStatus,
    GroupSuggestionRejection,
    Rank,
    Topic,
)
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


# --- Groups of claims that state one proposition (models.Assertion) -----------------------
#
# Curators group, ungroup and rank (preferred / normal); reviewers resolve a conflict, by
# deprecating a member with a reason or by splitting the group. Each write locks the group's
# row, changes the members through save() (so the claims' history records who moved or
# ranked what, and why) and recomputes the group's figures once, in the same transaction
# (claims.assertions). A group whose last member leaves is deleted, and its tombstone tells
# mirrors. Nothing is grouped without a person asking: suggestions (claims.grouping) only
# propose.

CURATE_GROUPS = "claims.change_assertion"


def _require(by: Any, permission: str, action: str) -> None:
    allowed = is_reviewer(by) if permission == REVIEW_PERMISSION else by.has_perm(permission)
    if not allowed:
        who = "reviewers" if permission == REVIEW_PERMISSION else "curators"
        raise PermissionDenied(f"Only {who} {action}.")


REVIEW_PERMISSION = "claims.review_claim"


def _members(assertion: Assertion, claims: Iterable[Claim]) -> list[Claim]:
    ids = [c.pk for c in claims]
    found = list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("id"))
    if len(found) != len(set(ids)):
        raise ValidationError({"claims": "Some of these claims do not exist."})
    return found


def _set_membership(claim: Claim, assertion_id: Any, by: Any, **fields: Any) -> None:
    left = claim.assertion_id
    claim.assertion_id = assertion_id
    for name, value in fields.items():
        setattr(claim, name, value)
    claim._history_user = by
    claim.save(update_fields=["assertion", "rank", "rank_reason", "updated_at"])
    if left and left != assertion_id:
        assertions.member_changed(left)  # the receiver refreshes the group it joined


def _check_size(assertion_id: Any, adding: int) -> None:
    present = Claim.objects.filter(assertion_id=assertion_id).count()
    if present + adding > assertions.MAX_MEMBERS:
        raise ValidationError({"claims": f"A group holds at most {assertions.MAX_MEMBERS} claims."})


def _grouping_errors(assertion: Assertion, claims: list[Claim]) -> None:
    errors = []
    for claim in claims:
        if claim.assertion_id and claim.assertion_id != assertion.pk:
            errors.append(f"Claim {claim.pk} is in another group; ungroup it first.")
        elif claim.kind != assertion.kind:
            errors.append(f"Claim {claim.pk} is {claim.kind}; this group is {assertion.kind}.")
    if errors:
        raise ValidationError({"claims": errors})


def create_assertion(*, by: Any, claims: Iterable[Claim], **fields: Any) -> Assertion:
    """A new group of ``claims`` (at least one) with its statement and scope."""
    _require(by, CURATE_GROUPS, "group claims")
    claims = list(claims)
    if not claims:
        raise ValidationError({"claims": "A group needs at least one claim."})
    topics = fields.pop("topics", [])
    with transaction.atomic(), assertions.refreshing_once():
        assertion = Assertion(**fields)
        assertion._history_user = by
        assertion.full_clean()
        assertion.save()
        if topics:
            assertion.topics.set(topics)
        members = _members(assertion, claims)
        _check_size(assertion.pk, len(members))
        _grouping_errors(assertion, members)
        for claim in members:
            _set_membership(claim, assertion.pk, by)
    return assertion


def _locked_assertion(assertion: Assertion) -> Assertion:
    return Assertion.objects.select_for_update().get(pk=assertion.pk)


def group_claims(assertion: Assertion, claims: Iterable[Claim], *, by: Any) -> Assertion:
    """Add claims to a group; a claim already in it stays as it is (a repeat is harmless)."""
    _require(by, CURATE_GROUPS, "group claims")
    with transaction.atomic(), assertions.refreshing_once():
        assertion = _locked_assertion(assertion)
        members = [c for c in _members(assertion, claims) if c.assertion_id != assertion.pk]
        _check_size(assertion.pk, len(members))
        _grouping_errors(assertion, members)
        for claim in members:
            _set_membership(claim, assertion.pk, by)
    return assertion


def ungroup_claims(assertion: Assertion, claims: Iterable[Claim], *, by: Any) -> Assertion | None:
    """Take claims out of a group (their rank goes with it); None when the group is now
    empty and was deleted."""
    _require(by, CURATE_GROUPS, "ungroup claims")
    with transaction.atomic():
        assertion = _locked_assertion(assertion)
        members = _members(assertion, claims)
        strangers = [str(c.pk) for c in members if c.assertion_id != assertion.pk]
        if strangers:
            raise ValidationError({"claims": f"Not in this group: {', '.join(strangers)}."})
        with assertions.refreshing_once():
            for claim in members:
                _set_membership(claim, None, by, rank=Rank.NORMAL, rank_reason="")
            if not Claim.objects.filter(assertion_id=assertion.pk).exists():
                assertion._history_user = by
                assertion.delete()
                return None
    return assertion


def rank_claim(
    assertion: Assertion, claim: Claim, rank: str, *, by: Any, reason: str = ""
) -> Assertion:
    """Give a member its rank. Preferring one demotes the previous preferred member to
    normal; deprecating is a reviewer's resolution and needs a reason."""
    if rank == Rank.DEPRECATED:
        _require(by, REVIEW_PERMISSION, "deprecate a claim")
        if not reason.strip():
            raise ValidationError({"reason": "Say why the claim is deprecated."})
    else:
        _require(by, CURATE_GROUPS, "rank claims")
    with transaction.atomic(), assertions.refreshing_once():
        assertion = _locked_assertion(assertion)
        (member,) = _members(assertion, [claim])
        if member.assertion_id != assertion.pk:
            raise ValidationError({"claim": "This claim is not in this group."})
        if rank == Rank.PREFERRED:
            for other in (
                Claim.objects.select_for_update()
                .filter(assertion_id=assertion.pk, rank=Rank.PREFERRED)
                .exclude(pk=member.pk)
            ):
                _set_membership(other, assertion.pk, by, rank=Rank.NORMAL, rank_reason="")
        if member.rank != rank or member.rank_reason != reason.strip():
            _set_membership(member, assertion.pk, by, rank=rank, rank_reason=reason.strip())
    return assertion


def split_assertion(
    assertion: Assertion, claims: Iterable[Claim], *, by: Any, statement: str = ""
) -> Assertion:
    """Resolve a conflict by moving ``claims`` into a new group of their own (same scope);
    answers the new group. Reviewers only; the old group must keep a member."""
    _require(by, REVIEW_PERMISSION, "split a group")
    with transaction.atomic():
        assertion = _locked_assertion(assertion)
        members = _members(assertion, claims)
        if not members or any(c.assertion_id != assertion.pk for c in members):
            raise ValidationError({"claims": "Name members of this group to split off."})
        if Claim.objects.filter(assertion_id=assertion.pk).count() == len(members):
            raise ValidationError({"claims": "Leave at least one claim in the group."})
        with assertions.refreshing_once():
            new = Assertion(
                statement=statement.strip() or assertion.statement,
                kind=assertion.kind,
                subject=assertion.subject,
                place=assertion.place,
                as_of=assertion.as_of,
                measure=assertion.measure,
            )
            new._history_user = by
            new.full_clean()
            new.save()
            new.topics.set(assertion.topics.all())
            for claim in members:
                _set_membership(claim, None, by, rank=Rank.NORMAL, rank_reason="")
                _set_membership(claim, new.pk, by)
            assertions.member_changed(assertion.pk)
    return new


def update_assertion(assertion: Assertion, *, by: Any, **fields: Any) -> Assertion:
    """Change a group's statement or scope (never its figures, which are derived)."""
    _require(by, CURATE_GROUPS, "change groups")
    topics = fields.pop("topics", None)
    with transaction.atomic():
        assertion = _locked_assertion(assertion)
        for name, value in fields.items():
            setattr(assertion, name, value)
        assertion._history_user = by
        assertion.full_clean()
        assertion.save()
        if topics is not None:
            assertion.topics.set(topics)
    return assertion


@dataclass(frozen=True)
class GroupSuggestion:
    """A group a claim may belong to, with the scorer's verdict (``grouping.Suggestion``)."""

    assertion: Assertion
    suggestion: grouping.Suggestion

    @property
    def score(self) -> float:
        return self.suggestion.score


def suggest_groups(claim: Claim, *, staff: bool = False) -> list[GroupSuggestion]:
    """The groups ``claim`` may belong to, best first: the one hook every entry point asks
    (the admin's claim page, the API's ``…/group-suggestions/``; a curator confirms with
    "group", never the scorer).

    Candidates are the grouped claims the reader may see (public ones; all for ``staff``),
    outside the claim's own group and the groups a curator rejected for it (left out in the
    query that reads the candidates), scored by ``claims.grouping``; only suggestions
    reaching ``grouping.SUGGEST`` come back. Load ``claim`` with
    ``Claim.objects.with_provenance()`` for a constant number of queries.
    """
    grouped = Claim.objects.with_provenance().exclude(assertion=None)
    if not staff:
        grouped = grouped.public()
    if claim.pk is not None:
        rejected = GroupSuggestionRejection.objects.filter(claim_id=claim.pk)
        grouped = grouped.exclude(assertion__in=rejected.values("assertion_id"))
    if claim.assertion_id is not None:
        grouped = grouped.exclude(assertion_id=claim.assertion_id)
    found = grouping.suggest_for(claim, grouped, group_of=attrgetter("assertion_id"))
    if not found:
        return []
    groups = Assertion.objects.in_bulk([s.group_id for s in found])
    return [GroupSuggestion(groups[s.group_id], s) for s in found if s.group_id in groups]


def reject_suggestion(
    claim: Claim, assertion: Assertion, *, by: Any, reason: str = ""
) -> GroupSuggestionRejection:
    """Record that ``claim`` does not belong in ``assertion``: that group is never suggested
    for it again (``suggest_groups``). Curators only. Rejecting a rejected pair again changes
    nothing and answers the first rejection; a claim cannot reject its own group (ungroup
    it instead)."""
    _require(by, CURATE_GROUPS, "reject suggestions")
    if Claim.objects.filter(pk=claim.pk, assertion_id=assertion.pk).exists():
        raise ValidationError(
            {"assertion": "The claim is in this group: ungroup it instead of rejecting."}
        )
    pair = {"claim_id": claim.pk, "assertion_id": assertion.pk}
    found = GroupSuggestionRejection.objects.filter(**pair).first()
    if found is not None:
        return found
    rejection = GroupSuggestionRejection(**pair, rejected_by=by, reason=reason.strip())
    rejection.full_clean(exclude=["claim", "assertion", "rejected_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            rejection.save()
    except IntegrityError:
        # Rejected at the same moment by someone else (the unique pair): theirs stands.
        return GroupSuggestionRejection.objects.get(**pair)
    return rejection
