"""The curators' desk: sources, actors, topics, proposals, claims and their citations.

Status changes go through ``claims.services`` (admin actions), so the transition rules and
the acting user are recorded exactly as through the API. Every list loads with a bounded
number of queries (counts are annotated, foreign keys joined, quotes prefetched).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from rest_framework_api_key.admin import APIKeyModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.extraction.propose import propose_claims
from claims.models import (
    Actor,
    ApiToken,
    Citation,
    Claim,
    ClaimStatus,
    Proposal,
    Provision,
    Source,
    Topic,
)
from claims.permissions import may_change_claim, may_delete_claim


def quote_in_context(citation: Citation, chars: int = 120) -> str:
    """The quote highlighted in the text around it; everything escaped."""
    if citation.start is None or not citation.source_id:
        return "—"
    before, quote, after = citation.context_window(chars)
    return format_html(
        '<span style="white-space:pre-wrap">…{}<mark>{}</mark>{}…</span>', before, quote, after
    )


class StaleEditForm(forms.ModelForm):
    """Refuses to save over a change someone else saved after this form was opened.

    The form carries the object's ``updated_at`` as it was read; on save it is compared with
    the stored one (the admin's answer to the API's ``If-Match``).
    """

    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new object has its (UUID) pk already: ask _state, not pk, whether it is stored.
        if not self.instance._state.adding and not self.is_bound:
            self.fields["loaded_updated_at"].initial = self.instance.updated_at.isoformat()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        loaded = self.cleaned_data.get("loaded_updated_at")
        if not self.instance._state.adding and loaded:
            model = type(self.instance)
            stored = model.objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True)
            current = stored.first()
            if current is not None and current.isoformat() != loaded:
                raise ValidationError(
                    f"Someone else saved this {model._meta.verbose_name} at {current:%H:%M:%S} "
                    "after you opened it. Open it again to see their change; nothing was saved."
                )
        return cleaned


class GuardedAdmin(SimpleHistoryAdmin):
    """History per object, and no silent overwrite of a concurrent edit."""

    form = StaleEditForm
    # A source address typed without a scheme is read as https (Django 6's default, now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# --- citations ---------------------------------------------------------------------------


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "quote", ("start", "end"), ("stance", "method"), "in_context"]
    readonly_fields = ["in_context"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("source")

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Citation) -> str:
        return quote_in_context(obj)

    # ``obj`` is the claim: a public claim's citations change only by reviewers.
    def has_add_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_add_permission(request, obj) and may_change_claim(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_change_permission(request, obj) and may_change_claim(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_delete_permission(request, obj) and may_change_claim(request.user, obj)


@admin.register(Citation)
class CitationAdmin(GuardedAdmin):
    list_display = ["short_quote", "claim", "source", "start", "end", "stance", "method"]
    list_select_related = ["claim", "source"]
    list_filter = ["stance", "method"]
    search_fields = ["quote", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = ["in_context", "prefix", "suffix", "created_at", "updated_at"]

    def has_change_permission(self, request: HttpRequest, obj: Citation | None = None) -> bool:
        claim = obj.claim if obj is not None else None
        return super().has_change_permission(request, obj) and may_change_claim(request.user, claim)

    def has_delete_permission(self, request: HttpRequest, obj: Citation | None = None) -> bool:
        claim = obj.claim if obj is not None else None
        return super().has_delete_permission(request, obj) and may_change_claim(request.user, claim)

    @admin.display(description="Quote")
    def short_quote(self, obj: Citation) -> str:
        return obj.quote[:80]

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Citation) -> str:
        return quote_in_context(obj)


# --- claims ------------------------------------------------------------------------------


def _run(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    claims: QuerySet,
    change: Callable[[Claim], Any],
    verb: str,
) -> None:
    """Apply a service to each claim; report each refusal by name and count successes."""
    done = 0
    for claim in claims:
        try:
            change(claim)
        except ValidationError as exc:
            reasons = "; ".join(exc.messages)
            modeladmin.message_user(
                request, f"“{claim}” was not {verb}: {reasons}", level=messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, f"{done} claim(s) {verb}.", level=messages.SUCCESS)


class ReasonActionForm(ActionForm):
    """The actions bar with a note: why a candidate is rejected, a claim disputed or
    retracted."""

    reason = forms.CharField(required=False, label="Reason / note")


@admin.register(Claim)
class ClaimAdmin(GuardedAdmin):
    list_display = [
        "short_statement",
        "kind",
        "quantity",
        "claimant",
        "modality",
        "status",
        "citation_count",
        "first_quote",
    ]
    list_select_related = ["claimant"]
    list_filter = [
        "status",
        "kind",
        "modality",
        "topics",
        ("claimant", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["statement", "subject", "citations__quote", "claimant__name"]
    autocomplete_fields = [
        "claimant",
        "conveyed_by",
        "proposal",
        "provision",
        "superseded_by",
        "topics",
    ]
    readonly_fields = [
        "value_si",
        "unit_si",
        "lower_si",
        "upper_si",
        "superseded_by",
        "created_at",
        "updated_at",
    ]
    inlines = [CitationInline]
    action_form = ReasonActionForm
    actions = ["publish", "dispute", "retract", "accept_candidates", "reject_candidates"]
    fieldsets = [
        ("What", {"fields": ["kind", "statement", "subject", "place", "topics", "notes"]}),
        ("Who", {"fields": ["claimant", "conveyed_by", "modality"]}),
        (
            "Quantity, as stated and normalised",
            {
                "fields": [
                    ("value", "unit", "approximate"),
                    ("lower", "upper", "bounds_stated"),
                    ("value_si", "unit_si", "lower_si", "upper_si"),
                ]
            },
        ),
        ("Time", {"fields": [("as_of", "period_start", "period_end", "time_precision")]}),
        (
            "Lifecycle",
            {
                "fields": [
                    "status",
                    "superseded_by",
                    "created_at",
                    "updated_at",
                    "loaded_updated_at",
                ]
            },
        ),
        ("Links", {"fields": ["proposal", "provision"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        first_citations = Citation.objects.select_related("source").order_by("start")
        return (
            super()
            .get_queryset(request)
            .annotate(citation_total=Count("citations", distinct=True))
            .prefetch_related(Prefetch("citations", queryset=first_citations))
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        # Status changes go through the actions (services): transitions, citations, history.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "status"] if obj is not None else fields

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "status":
            kwargs["choices"] = [
                (ClaimStatus.DRAFT, "draft"),
                (ClaimStatus.CANDIDATE, "candidate"),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        # A curator opening a public claim sees it read-only; reviewers may still correct it.
        return super().has_change_permission(request, obj) and may_change_claim(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        # Public claims are retracted, never deleted.
        return super().has_delete_permission(request, obj) and may_delete_claim(obj)

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.review_claim")

    @admin.display(description="Statement")
    def short_statement(self, obj: Claim) -> str:
        return obj.statement[:90]

    @admin.display(description="Value")
    def quantity(self, obj: Claim) -> str:
        if obj.value is None:
            return "—"
        stated = f"{'≈' if obj.approximate else ''}{obj.value.normalize():f} {obj.unit}"
        if obj.unit_si and obj.unit_si != obj.unit:
            return f"{stated} ({obj.value_si.normalize():f} {obj.unit_si})"
        return stated

    @admin.display(description="Citations", ordering="citation_total")
    def citation_count(self, obj: Claim) -> int:
        return obj.citation_total

    @admin.display(description="First quote in context")
    def first_quote(self, obj: Claim) -> str:
        citations = list(obj.citations.all())  # prefetched, in text order
        return quote_in_context(citations[0], chars=40) if citations else "—"

    @admin.action(description="Publish selected claims", permissions=["review"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self, request, queryset, lambda c: services.publish_claim(c, request.user), "published"
        )

    @admin.action(description="Mark selected claims as disputed", permissions=["review"])
    def dispute(self, request: HttpRequest, queryset: QuerySet) -> None:
        note = request.POST.get("reason", "")
        _run(
            self,
            request,
            queryset,
            lambda c: services.dispute_claim(c, request.user, note),
            "disputed",
        )

    @admin.action(description="Retract selected claims", permissions=["review"])
    def retract(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self, request, queryset, lambda c: services.retract_claim(c, request.user), "retracted"
        )

    @admin.action(description="Accept selected candidates as drafts", permissions=["change"])
    def accept_candidates(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            lambda c: services.accept_candidate(c, request.user),
            "accepted",
        )

    @admin.action(description="Reject selected candidates", permissions=["change"])
    def reject_candidates(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            lambda c: services.reject_candidate(
                c, request.user, request.POST.get("reason") or "rejected by a curator"
            ),
            "rejected",
        )


# --- sources -----------------------------------------------------------------------------


class SourceCitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["claim", "in_context", "start", "end", "stance"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("claim", "source")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Citation) -> str:
        return quote_in_context(obj, chars=60)


@admin.register(Source)
class SourceAdmin(GuardedAdmin):
    list_display = ["title", "publisher", "kind", "published", "citation_count", "created_at"]
    list_select_related = ["publisher"]
    list_filter = ["kind", "language", "published_precision"]
    search_fields = ["title", "url", "publisher__name"]
    autocomplete_fields = ["publisher"]
    readonly_fields = ["text_sha256", "created_at", "updated_at"]
    inlines = [SourceCitationInline]
    actions = ["propose"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    def get_readonly_fields(self, request: HttpRequest, obj: Source | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_cited():
            fields.append("text")  # frozen once cited: add a new source instead
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Source | None = None) -> bool:
        if obj is not None and obj.is_cited():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Published")
    def published(self, obj: Source) -> str:
        if obj.published_on is None:
            return "unknown"
        return f"{obj.published_on} ({obj.published_precision})"

    @admin.display(description="Citations", ordering="citation_total")
    def citation_count(self, obj: Source) -> int:
        return obj.citation_total

    @admin.action(description="Propose claims (extractor)", permissions=["change"])
    def propose(self, request: HttpRequest, queryset: QuerySet) -> None:
        created = skipped = 0
        for source in queryset:
            proposed = propose_claims(source, by=request.user)
            created += len(proposed.claims)
            skipped += proposed.skipped
        queue = reverse("admin:claims_claim_changelist") + "?status__exact=candidate"
        self.message_user(
            request,
            format_html(
                '{} candidate claim(s) proposed, {} already cited. <a href="{}">Review the '
                "candidates</a>.",
                created,
                skipped,
                queue,
            ),
            level=messages.SUCCESS,
        )


# --- actors, topics, proposals -------------------------------------------------------------


@admin.register(Actor)
class ActorAdmin(GuardedAdmin):
    list_display = ["name", "slug", "kind", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(GuardedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ProvisionInline(admin.TabularInline):
    model = Provision
    extra = 0
    fields = ["number", "summary", "topics"]
    autocomplete_fields = ["topics"]


@admin.register(Proposal)
class ProposalAdmin(GuardedAdmin):
    list_display = ["title", "status", "point_count", "supersedes", "part_of"]
    list_select_related = ["supersedes", "part_of"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["proposed_by", "supersedes", "part_of"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProvisionInline]


@admin.register(Provision)
class ProvisionAdmin(GuardedAdmin):
    list_display = ["summary", "proposal", "number"]
    list_select_related = ["proposal"]
    search_fields = ["summary", "proposal__title"]
    autocomplete_fields = ["proposal", "topics"]


@admin.register(ApiToken)
class ApiTokenAdmin(APIKeyModelAdmin):
    """Tokens are created here (the key is shown once) and revoked; only hashes are kept."""

    list_display = [*APIKeyModelAdmin.list_display, "user", "last_used_at"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    search_fields = [*APIKeyModelAdmin.search_fields, "user__username"]
