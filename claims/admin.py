"""The curators' desk: sources, actors, topics, proposals, claims and their citations.

Status changes go through ``claims.services`` (admin actions), so the transition rules and
the acting user are recorded exactly as through the API. Every list loads with a bounded
number of queries (counts are annotated, foreign keys joined, quotes prefetched).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from rest_framework_api_key.admin import APIKeyModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from claims import anchoring, charts, grouping, services, units
from claims.api.base import Links
from claims.api.v1 import shapes
from claims.desk import Desk, grouped, quantity, stated
from claims.extraction.propose import propose_claims
from claims.models import (
    Actor,
    ApiToken,
    Assertion,
    Citation,
    Claim,
    ClaimStatus,
    Proposal,
    Provision,
    Rank,
    Source,
    Topic,
)
from claims.permissions import may_change_claim, may_delete_claim

admin.site.site_header = "Claims ledger"
admin.site.site_title = "Claims ledger"
admin.site.index_title = "Sources, claims and their citations"
# The navigation column repeats the start page and takes 300 px from every list and form;
# the breadcrumbs lead back. Without it the claims list fits a 1366-px screen.
admin.site.enable_nav_sidebar = False


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

    def _update_errors(self, errors: ValidationError) -> None:
        # A model rule about a field this form does not show (a read-only status, say) is
        # reported above the form, naming the field, instead of failing the request.
        if hasattr(errors, "error_dict"):
            shown: dict[str, list[Any]] = {}
            for name, found in errors.error_dict.items():
                if name in self.fields or name == NON_FIELD_ERRORS:
                    shown.setdefault(name, []).extend(found)
                else:
                    label = name.replace("_", " ").capitalize()
                    shown.setdefault(NON_FIELD_ERRORS, []).extend(
                        ValidationError(f"{label}: {message}") for message in ValidationError(found)
                    )
            errors = ValidationError(shown)
        super()._update_errors(errors)

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


class NamesField(forms.Field):
    """A list of names (authors, aliases) edited one per line, stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"required": False, "help_text": "One per line.", **kwargs})

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(str(name) for name in value)
        return "" if value is None else str(value)

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (initial or []) != self.to_python(data)


class StatedValueField(forms.DecimalField):
    """A value shown as a person typed it (176, not 176.000000), rounded as the model is."""

    def prepare_value(self, value: Any) -> Any:
        return stated(value) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Any:
        found = super().to_python(value)
        return units.to_stored_places(found) if isinstance(found, Decimal) else found


class GuardedAdmin(SimpleHistoryAdmin):
    """History per object, no silent overwrite of a concurrent edit, no 500 on a revert."""

    form = StaleEditForm
    # A source address typed without a scheme is read as https (Django 6's default, now).
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        # One labelled field (the browser's date-time picker) instead of the admin's two
        # unlabelled date and time inputs.
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(
                attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
            ),
        },
    }

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # Who may revert is decided on the stored object, not on the old version (a curator
        # may not revert a published claim to the draft it once was).
        current = self.get_object(request, unquote(object_id))
        request.revert_of = current  # type: ignore[attr-defined]
        if (
            current is not None
            and request.method == "POST"
            and not self.has_change_permission(request, current)
        ):
            raise PermissionDenied
        # A revert saves an old version: the ledger's rules may still refuse it. Say so, and
        # save nothing.
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except (ValidationError, IntegrityError) as exc:
            reasons = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(
                request,
                f"This version cannot be restored; nothing was changed. {reasons}",
                level=messages.ERROR,
            )
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
            )

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().revert_disabled(request, getattr(request, "revert_of", None) or obj)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        current = getattr(request, "revert_of", None)
        if current is not None and obj is not None and obj is not current:
            self.keep_on_revert(obj, current)
        return super().get_form(request, obj, **kwargs)

    def keep_on_revert(self, version: Any, current: Any) -> None:
        """What a revert takes from the stored object instead of the old version."""
        # The stale-edit check compares with the stored row, not with the old version's time.
        version.updated_at = current.updated_at


# --- citations ---------------------------------------------------------------------------


def occurrence_choices(
    source: Source, spans: list[anchoring.Span], button_name: str, exact: bool
) -> str:
    """Each place a quote occurs, in its context, with a button that cites that one."""
    text = source.text
    shown = spans[: anchoring.MAX_SHOWN]
    rows = format_html_join(
        "",
        '<li><span class="quote-context">…{}<mark>{}</mark>{}…</span> '
        '<button type="submit" class="button" name="{}" value="{}:{}">'
        "Cite this one (characters {}–{})</button></li>",
        (
            (
                text[max(0, s.start - 60) : s.start],
                text[s.start : s.end],
                text[s.end : s.end + 60],
                button_name,
                s.start,
                s.end,
                s.start,
                s.end,
            )
            for s in shown
        ),
    )
    if exact:
        lead = f"The quote occurs {len(spans)} times in the source. Choose the one you mean:"
    else:
        lead = (
            "The quote is not in the source exactly, but the text has it with other spacing "
            "or punctuation. Cite the source's own characters:"
        )
    more = f" ({len(spans) - len(shown)} more not shown)" if len(spans) > len(shown) else ""
    return format_html('<div class="quote-choices">{}{}<ol>{}</ol></div>', lead, more, rows)


class CitationInlineForm(forms.ModelForm):
    """A citation by its quote; an ambiguous or inexact quote is answered with each
    occurrence in context and a button choosing it (the button posts ``occurrence``)."""

    CHOICE = re.compile(r"(\d+):(\d+)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._apply_choice()

    def _apply_choice(self) -> None:
        # The chosen occurrence becomes the citation's offsets and its exact characters.
        found = self.CHOICE.fullmatch(self.data.get(self.add_prefix("occurrence"), ""))
        source_id = self.data.get(self.add_prefix("source"))
        if not found or not source_id or self.data.get(self.add_prefix("start")):
            return
        text = Source.objects.filter(pk=source_id).values_list("text", flat=True).first()
        start, end = int(found[1]), int(found[2])
        if text is None or not 0 <= start < end <= len(text):
            return
        data = self.data.copy()
        data[self.add_prefix("start")], data[self.add_prefix("end")] = str(start), str(end)
        data[self.add_prefix("quote")] = text[start:end]
        self.data = data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if source is None or not quote or cleaned.get("start") is not None:
            return cleaned
        try:
            anchoring.anchor(source.text, quote)
        except anchoring.AnchorError as exc:
            exact = bool(anchoring.find_all(source.text, quote))
            if exc.candidates:
                choices = occurrence_choices(
                    source, exc.candidates, self.add_prefix("occurrence"), exact
                )
                raise ValidationError({"quote": ValidationError(choices)}) from exc
            desk = reverse("admin:claims_source_desk", args=[source.pk])
            raise ValidationError(
                {
                    "quote": format_html(
                        'The quote does not occur in the source text. <a href="{}">Open the '
                        "source on the desk</a> and select the words to cite.",
                        desk,
                    )
                }
            ) from exc
        return cleaned


class CitationInline(admin.StackedInline):
    model = Citation
    form = CitationInlineForm
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
    # Columns that fit a 1366-px screen beside the filters; the quote in its context is on
    # the claim's page and on the desk.
    list_display = [
        "short_statement",
        "kind",
        "quantity",
        "claimant",
        "modality",
        "status",
        "citation_count",
    ]
    list_select_related = ["claimant"]
    empty_value_display = "—"
    # Explicit: the citation count's GROUP BY drops the model's default ordering, and the
    # autocomplete would page an unordered list.
    ordering = ["-created_at", "-id"]
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
        "normalised",
        "superseded_by",
        "created_at",
        "updated_at",
        "group",
    ]
    inlines = [CitationInline]
    action_form = ReasonActionForm
    actions = [
        "publish",
        "dispute",
        "retract",
        "accept_candidates",
        "reject_candidates",
        "group_selected",
    ]
    fieldsets = [
        ("What", {"fields": ["kind", "statement", "subject", "place", "topics", "notes"]}),
        ("Who", {"fields": ["claimant", "conveyed_by", "modality"]}),
        (
            "Quantity, as stated and normalised",
            {
                "fields": [
                    ("value", "unit", "approximate"),
                    ("lower", "upper", "bounds_stated"),
                    "normalised",
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
        # Membership and rank change on the group's page (services), never in this form; the
        # suggested groups follow the fieldsets, each with its Confirm and Reject buttons.
        ("Across sources", {"fields": ["group"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super().get_queryset(request).annotate(citation_total=Count("citations", distinct=True))
        )

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("value", "lower", "upper"):
            kwargs["form_class"] = StatedValueField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        claim = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if claim is not None and not may_change_claim(request.user, claim):
            context["readonly_reason"] = self.readonly_reason(claim)
        return super().change_view(request, object_id, form_url, context)

    def keep_on_revert(self, version: Claim, current: Claim) -> None:
        # A revert restores what a claim said; its status changes only through the review
        # actions (services), so the stored status and successor stay.
        super().keep_on_revert(version, current)
        version.status, version.superseded_by_id = current.status, current.superseded_by_id
        version._loaded_status = current.status
        # So do its group and rank (the group's buttons: services, figures refreshed).
        version.assertion_id, version.rank = current.assertion_id, current.rank
        version.rank_reason = current.rank_reason

    @staticmethod
    def readonly_reason(claim: Claim) -> str:
        """Why a curator sees this claim read-only, and who may change it."""
        reviewers = list(
            get_user_model()
            .objects.filter(groups__name=settings.REVIEWERS_GROUP, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)[:6]
        )
        named = f" ({', '.join(reviewers[:5])}{', …' if len(reviewers) > 5 else ''})"
        return (
            f"This claim is {claim.status}: it is public record, so only reviewers"
            f"{named if reviewers else ''} may correct it, or dispute, retract or supersede it. "
            "Ask one of them; a public claim is never deleted."
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

    @admin.display(description="Statement", ordering="statement")
    def short_statement(self, obj: Claim) -> str:
        if len(obj.statement) <= 100:
            return obj.statement
        return obj.statement[:100].rsplit(" ", 1)[0] + " …"

    @admin.display(description="Value")
    def quantity(self, obj: Claim) -> str:
        if obj.value is None:
            return "—"
        if obj.unit_si and obj.unit_si != obj.unit:
            return f"{quantity(obj)} ({stated(obj.value_si)} {obj.unit_si})"
        return quantity(obj)

    @admin.display(description="Normalised")
    def normalised(self, obj: Claim) -> str:
        if obj.value_si is None:
            return "— (computed on save from the value and unit)"
        bounds = [stated(b) for b in (obj.lower_si, obj.upper_si) if b is not None]
        between = f", bounds {' – '.join(bounds)}" if bounds else ""
        return f"{stated(obj.value_si)} {obj.unit_si}{between}"

    @admin.display(description="Citations", ordering="citation_total")
    def citation_count(self, obj: Claim) -> int:
        return obj.citation_total

    @admin.display(description="Group and rank")
    def group(self, obj: Claim) -> str:
        if obj.assertion_id is None:
            return "— (in no group: select it in the list and use “Group selected claims”)"
        reason = f": {obj.rank_reason}" if obj.rank_reason else ""
        return format_html(
            '<a href="{}">{}</a> — rank <strong>{}</strong>{}',
            reverse("admin:claims_assertion_change", args=[obj.assertion_id]),
            obj.assertion,
            obj.rank,
            reason,
        )

    # --- suggested groups: confirm (group the claim) or reject, one button each ----------

    def get_urls(self) -> list[Any]:
        from django.urls import path

        return [
            path(
                "<path:object_id>/suggestion/<uuid:assertion_id>/<str:action>/",
                self.admin_site.admin_view(self.suggestion_action),
                name="claims_claim_suggestion",
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Claim | None = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            context["suggestions"] = self.suggestions(obj)
            context["may_curate_groups"] = request.user.has_perm(services.CURATE_GROUPS)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def suggestions(claim: Claim) -> list[dict[str, Any]] | None:
        """The claim's suggested groups as the page lists them; None when it is in a group."""
        if claim.assertion_id:
            return None
        loaded = Claim.objects.with_provenance().get(pk=claim.pk)
        return [
            {
                "assertion": s.assertion,
                "score": f"{s.score:.2f}",
                "suggestion": s.suggestion,
                "series": s.suggestion.relation == grouping.SERIES,
                "reasons": "; ".join(s.suggestion.reasons),
                "confirm": reverse(
                    "admin:claims_claim_suggestion", args=[claim.pk, s.assertion.pk, "confirm"]
                ),
                "reject": reverse(
                    "admin:claims_claim_suggestion", args=[claim.pk, s.assertion.pk, "reject"]
                ),
            }
            for s in services.suggest_groups(loaded, staff=True)  # the admin is staff only
        ]

    def suggestion_action(
        self, request: HttpRequest, object_id: str, assertion_id: Any, action: str
    ) -> HttpResponse:
        """A suggestion's button: confirm groups the claim into that group, reject records
        that it does not belong there (services both); then back to the claim."""
        claim = self.get_object(request, unquote(object_id))
        may = request.user.has_perm(services.CURATE_GROUPS)
        if request.method != "POST" or claim is None or not may or action not in SUGGESTIONS:
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
        assertion = Assertion.objects.filter(pk=assertion_id).first()
        if assertion is None:
            self.message_user(request, "That group no longer exists.", messages.ERROR)
            return back
        try:
            if action == "confirm":
                services.group_claims(assertion, [claim], by=request.user)
            else:
                reason = request.POST.get(f"suggestion-reason-{assertion.pk}", "")
                services.reject_suggestion(claim, assertion, by=request.user, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            reasons = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"Not changed: {reasons}", level=messages.ERROR)
            return back
        self.message_user(
            request, format_html(SUGGESTIONS[action], assertion), level=messages.SUCCESS
        )
        return back

    @admin.action(description="Group selected claims (one proposition)", permissions=["change"])
    def group_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        claims = list(queryset.order_by("created_at"))
        first = claims[0]
        statement = request.POST.get("reason") or first.statement
        try:
            made = services.create_assertion(
                by=request.user,
                claims=claims,
                statement=statement,
                kind=first.kind,
                subject=first.subject,
                place=first.place,
                as_of=first.as_of,
            )
        except (ValidationError, PermissionDenied) as exc:
            reasons = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"Not grouped: {reasons}", level=messages.ERROR)
            return
        self.message_user(
            request,
            format_html(
                '{} claim(s) grouped: <a href="{}">{}</a>.',
                len(claims),
                reverse("admin:claims_assertion_change", args=[made.pk]),
                made,
            ),
            level=messages.SUCCESS,
        )

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
        accepted: list[Claim] = []

        def accept(claim: Claim) -> None:
            accepted.append(services.accept_candidate(claim, request.user))

        _run(self, request, queryset, accept, "accepted")
        if accepted:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse("admin:claims_claim_change", args=[c.pk]), c) for c in accepted[:10]),
            )
            more = f" and {len(accepted) - 10} more" if len(accepted) > 10 else ""
            self.message_user(
                request, format_html("Edit the new draft(s): {}{}.", links, more), messages.INFO
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


class SourceForm(StaleEditForm):
    authors = NamesField(help_text="Bylines, one per line.")


@admin.register(Source)
class SourceAdmin(GuardedAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "kind", "published", "citation_count", "desk_link"]
    list_select_related = ["publisher"]
    ordering = ["-created_at", "-id"]  # as ClaimAdmin: the count's GROUP BY drops Meta's
    list_filter = ["kind", "language", "published_precision"]
    search_fields = ["title", "url", "publisher__name"]
    autocomplete_fields = ["publisher"]
    readonly_fields = ["text_sha256", "created_at", "updated_at"]
    inlines = [SourceCitationInline]
    actions = ["propose"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    def get_urls(self) -> list[Any]:
        return [*Desk(self).urls(self.admin_site.admin_view), *super().get_urls()]

    def _desk_redirect(self, request: HttpRequest, obj: Source) -> HttpResponse | None:
        if "_opendesk" in request.POST:
            return HttpResponseRedirect(reverse("admin:claims_source_desk", args=[obj.pk]))
        return None

    def response_add(self, request: HttpRequest, obj: Source, post_url_continue: Any = None):
        return self._desk_redirect(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request: HttpRequest, obj: Source) -> HttpResponse:
        return self._desk_redirect(request, obj) or super().response_change(request, obj)

    @admin.display(description="Desk")
    def desk_link(self, obj: Source) -> str:
        url = reverse("admin:claims_source_desk", args=[obj.pk])
        return format_html('<a href="{}">Open the desk</a>', url)

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


class ActorForm(StaleEditForm):
    aliases = NamesField(help_text="Other names the actor goes by, one per line.")


@admin.register(Actor)
class ActorAdmin(GuardedAdmin):
    form = ActorForm
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


# --- groups of claims across sources -------------------------------------------------------

SUGGESTIONS = {
    "confirm": "Grouped into “{}”.",
    "reject": "Suggestion rejected: “{}” is not suggested for this claim again.",
}
MEMBER_ACTIONS = {
    "preferred": "Prefer",
    "normal": "Normal",
    "deprecated": "Deprecate (reviewers; give a reason)",
    "ungroup": "Ungroup",
    "split": "Split off (reviewers)",
}


class AssertionForm(StaleEditForm):
    add_claims = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ids of claims to add to this group, one per line (or select claims in the "
        "claim list and use “Group selected claims”).",
    )

    def clean_add_claims(self) -> list[Claim]:
        ids = [line.strip() for line in self.cleaned_data["add_claims"].splitlines() if line]
        try:
            found = list(Claim.objects.filter(pk__in=ids))
        except ValidationError as exc:
            raise ValidationError("Give claim ids (UUIDs), one per line.") from exc
        if len(found) != len(set(ids)):
            raise ValidationError("Some of these claims do not exist.")
        return found


@admin.register(Assertion)
class AssertionAdmin(GuardedAdmin):
    """A group's members side by side, with rank and resolve buttons; the chart of its
    series. Every button calls the same service as the API."""

    list_display = [
        "statement",
        "kind",
        "as_of",
        "measure",
        "members",
        "sources",
        "independent_sources",
        "conflicting",
    ]
    list_filter = ["conflicting", "kind"]
    search_fields = ["statement", "subject", "measure"]
    autocomplete_fields = ["topics"]
    ordering = ["-created_at", "-id"]
    fields = [
        "statement",
        "kind",
        ("subject", "place"),
        ("as_of", "measure"),
        "topics",
        "figures",
        "member_table",
        "add_claims",
        "chart",
        "loaded_updated_at",
    ]
    readonly_fields = ["figures", "member_table", "chart"]
    form = AssertionForm

    def get_readonly_fields(self, request: HttpRequest, obj: Assertion | None = None) -> list:
        # The kind is its members': fixed once it has any.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind"] if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a group goes when its last member is ungrouped (a tombstone says so)

    def get_urls(self) -> list[Any]:
        from django.urls import path

        return [
            path(
                "<path:object_id>/member/<uuid:claim_id>/<str:action>/",
                self.admin_site.admin_view(self.member_action),
                name="claims_assertion_member",
            ),
            *super().get_urls(),
        ]

    def member_action(
        self, request: HttpRequest, object_id: str, claim_id: Any, action: str
    ) -> HttpResponse:
        """One button of the members table: a service call, then back to the group."""
        assertion = self.get_object(request, unquote(object_id))
        if request.method != "POST" or assertion is None or action not in MEMBER_ACTIONS:
            raise PermissionDenied
        claim = Claim.objects.filter(pk=claim_id, assertion=assertion).first()
        back = reverse("admin:claims_assertion_change", args=[assertion.pk])
        if claim is None:
            self.message_user(request, "That claim is not in this group.", messages.ERROR)
            return HttpResponseRedirect(back)
        reason = request.POST.get(f"reason-{claim.pk}", "").strip()
        try:
            if action in Rank.values:
                services.rank_claim(assertion, claim, action, by=request.user, reason=reason)
            elif action == "ungroup":
                if services.ungroup_claims(assertion, [claim], by=request.user) is None:
                    self.message_user(request, "The last member left: the group is deleted.")
                    return HttpResponseRedirect(reverse("admin:claims_assertion_changelist"))
            else:
                new = services.split_assertion(assertion, [claim], by=request.user)
                back = reverse("admin:claims_assertion_change", args=[new.pk])
        except (ValidationError, PermissionDenied) as exc:
            reasons = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"Not changed: {reasons}", level=messages.ERROR)
        else:
            self.message_user(request, f"{MEMBER_ACTIONS[action]}: done.", messages.SUCCESS)
        return HttpResponseRedirect(back)

    @admin.display(description="Figures (derived)")
    def figures(self, obj: Assertion) -> str:
        if obj.pk is None:
            return "—"
        value = "—" if obj.preferred_value_si is None else grouped(obj.preferred_value_si)
        spread = (
            f"{grouped(obj.min_value_si)} – {grouped(obj.max_value_si)}"
            if obj.min_value_si is not None
            else "—"
        )
        return format_html(
            "Preferred value <strong>{} {}</strong>; spread {}; {} independent of {} "
            "source(s); seen {} – {}; {}",
            value,
            obj.unit_si,
            spread,
            obj.independent_sources,
            obj.sources,
            obj.first_seen or "—",
            obj.last_seen or "—",
            mark_safe('<strong style="color:#c0392b">conflicting</strong>')
            if obj.conflicting
            else "no conflict",
        )

    @admin.display(description="Members, side by side")
    def member_table(self, obj: Assertion) -> str:
        if obj.pk is None:
            return "—"
        members = (
            obj.claims.select_related("claimant")
            .prefetch_related(
                models.Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source__publisher").order_by("start"),
                )
            )
            .order_by("as_of", "created_at", "id")
        )
        in_conflict = {pair[side] for pair in obj.conflicts for side in ("a", "b")}
        rows = []
        for claim in members:
            citation = next(iter(claim.citations.all()), None)
            publisher = citation.source.publisher if citation and citation.source else None
            buttons = format_html_join(
                " ",
                '<button type="submit" class="button" formaction="{}">{}</button>',
                (
                    (
                        reverse("admin:claims_assertion_member", args=[obj.pk, claim.pk, action]),
                        label.split(" (")[0],
                    )
                    for action, label in MEMBER_ACTIONS.items()
                ),
            )
            rows.append(
                format_html(
                    "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                    '<td><a href="{}">{}</a></td><td>{}{}</td>'
                    '<td>{}<br><input name="reason-{}" placeholder="reason" size="18"></td></tr>',
                    mark_safe(' style="background:#fdecea"')
                    if str(claim.pk) in in_conflict
                    else "",
                    quantity(claim) if claim.value is not None else "—",
                    claim.claimant or "—",
                    publisher or "—",
                    quote_in_context(citation, 80) if citation else "—",
                    claim.as_of or "—",
                    reverse("admin:claims_claim_change", args=[claim.pk]),
                    claim.status,
                    claim.rank,
                    f": {claim.rank_reason}" if claim.rank_reason else "",
                    buttons,
                    claim.pk,
                )
            )
        header = mark_safe(
            "<tr><th>Value</th><th>Claimant</th><th>Publisher</th><th>Quote in context</th>"
            "<th>As of</th><th>Claim</th><th>Rank</th><th>Rank / resolve</th></tr>"
        )
        return format_html(
            '<table class="assertion-members">{}{}</table>'
            "<p>Rows in red conflict with another member. Deprecating and splitting resolve a "
            "conflict (reviewers); every change is kept in the claims' history.</p>",
            header,
            format_html_join("", "{}", ((row,) for row in rows)),
        )

    @admin.display(description="Series chart")
    def chart(self, obj: Assertion) -> str:
        if obj.pk is None or not obj.measure:
            return "— (not in a series: give the group a measure)"
        points = Assertion.objects.filter(measure=obj.measure).order_by("as_of", "id")
        rows = shapes.ASSERTION_DETAIL_STAFF.rows(points, Links.at("/api/v1/"), ("id",))[:500]
        svg = charts.series_svg(obj.measure, shapes.parsed(rows))
        # Built by charts.series_svg, which escapes every text it writes.
        return format_html("<div>{}</div>", mark_safe(svg))

    def save_model(self, request: HttpRequest, obj: Assertion, form: Any, change: bool) -> None:
        # The statement and scope here; members join through the service (kind, one group
        # per claim), and ranks change through the buttons.
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
        claims = form.cleaned_data.get("add_claims") or []
        if claims:
            try:
                services.group_claims(obj, claims, by=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"Not grouped: {'; '.join(exc.messages)}", level=messages.ERROR
                )
