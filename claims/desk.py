"""The curators' desk: one source's text with its citations highlighted, cited by selecting.

Served inside the admin (``SourceAdmin.get_urls``: ``/admin/claims/source/<id>/desk/``), with
its login, look and permissions. The page is rendered here, on the server, once: the text
as flat segments (one element per run of characters covered by the same citations, each
carrying its offset), the claims in text order, the form. ``claims/static/claims/desk.js``
reads offsets from a selection, asks for the extractor's suggestions and posts the form;
saving goes through ``services.create_claim`` like every other way of creating a claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.extraction.document import Document
from claims.extraction.propose import candidates_for_text, propose_claims
from claims.models import (
    Actor,
    Citation,
    Claim,
    ClaimKind,
    ClaimStatus,
    Modality,
    Source,
    Stance,
    Topic,
)
from claims.permissions import may_change_claim

# How each status is drawn; the legend and the stylesheet use the same names.
STATUS_STYLES = {
    ClaimStatus.CANDIDATE: "candidate",
    ClaimStatus.DRAFT: "draft",
    ClaimStatus.PUBLISHED: "public",
    ClaimStatus.DISPUTED: "disputed",
    ClaimStatus.SUPERSEDED: "void",
    ClaimStatus.RETRACTED: "void",
    ClaimStatus.REJECTED: "void",
}
# Characters of the quote shown in the side list before it is cut.
LIST_QUOTE_CHARS = 90


def stated(value: Decimal | None) -> str:
    """A value as a person typed it: 176, not 176.000000; 66.67, not 66.670000."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def grouped(value: Decimal) -> str:
    """A normalised value a person can read at a glance: 3,100,000,000, not 3100000000."""
    return f"{value.normalize():,f}"


def quantity(claim: Claim) -> str:
    """The claim's value and unit as stated, with "≈" when approximate; "" without one."""
    if claim.value is None:
        return ""
    return f"{'≈' if claim.approximate else ''}{stated(claim.value)} {claim.unit}".strip()


# --- the text, cut into highlighted segments ------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of the text covered by the same citations (innermost, i.e. shortest, first)."""

    start: int
    end: int
    marks: tuple[Citation, ...]
    opens: tuple[Citation, ...]  # the citations whose quote begins here


def segments(text: str, citations: Sequence[Citation]) -> list[Segment]:
    """Cut ``text`` at every citation boundary; overlapping quotes give nested marks."""
    opening: dict[int, list[Citation]] = defaultdict(list)
    for citation in citations:
        opening[citation.start].append(citation)
    bounds = sorted({0, len(text), *opening, *(c.end for c in citations)})
    active: list[Citation] = []
    cut = []
    for start, end in pairwise(bounds):
        active = [c for c in active if c.end > start] + opening.get(start, [])
        marks = tuple(sorted(active, key=lambda c: (c.end - c.start, c.start)))
        cut.append(Segment(start, end, marks, tuple(opening.get(start, []))))
    return cut


def _text_html(text: str) -> str:
    # The HTML parser turns CR and CRLF into LF; a character reference survives as U+000D,
    # so the page's text nodes hold exactly the source's characters and offsets agree.
    return str(escape(text)).replace("\r", "&#13;")


def render_text(text: str, citations: Sequence[Citation]) -> SafeString:
    """The source text as HTML: plain spans and ``<mark>``s, each with its start offset."""
    parts = []
    for seg in segments(text, citations):
        body = _text_html(text[seg.start : seg.end])
        if not seg.marks:
            parts.append(f'<span data-start="{seg.start}">{body}</span>')
            continue
        inner = seg.marks[0]
        classes = [
            "hl",
            f"k-{inner.claim.kind}",
            f"s-{STATUS_STYLES.get(inner.claim.status, 'draft')}",
        ]
        if len(seg.marks) > 1:
            classes.append(f"d{min(len(seg.marks), 3)}")
        # Outer quotes show as underlines in their kind's colour, innermost nearest the text.
        under = ";".join(
            f"--u{n}:var(--k-{c.claim.kind})" for n, c in enumerate(seg.marks[1:3], start=2)
        )
        anchors = "".join(f'<span id="q-{c.pk}" class="anchor"></span>' for c in seg.opens[1:])
        focus = f' id="q-{seg.opens[0].pk}" tabindex="0"' if seg.opens else ""
        ids = " ".join(str(c.pk) for c in seg.marks)
        style = f' style="{under}"' if under else ""
        parts.append(
            f'{anchors}<mark class="{" ".join(classes)}" data-start="{seg.start}" '
            f'data-c="{ids}"{focus}{style}>{body}</mark>'
        )
    return mark_safe("".join(parts))  # every piece of text above is escaped


def desk_citations(source: Source) -> list[Citation]:
    """The source's citations in text order, with their claims and claimants (one query)."""
    return list(
        Citation.objects.filter(source=source)
        .select_related("claim", "claim__claimant")
        .order_by("start", "end", "claim__created_at")
    )


# --- the extractor's suggestions for a selection --------------------------------------------


def context_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around ``[start:end]``: what the extractor reads for context."""
    doc = Document(text)
    if not doc.sentences:
        return start, end
    first, last = doc.sentence_at(start), doc.sentence_at(max(start, end - 1))
    return min(first.start, start), max(last.end, end)


def suggest(text: str, start: int, end: int) -> dict[str, Any]:
    """What the extractor reads in the selection, as fields for the desk's form.

    The extractor runs on the selection's sentence (its context: who says it, how hedged);
    the candidate overlapping the selection most is taken. Without one the selection is a
    ``statement`` claim. Every field stays editable.
    """
    s0, s1 = context_span(text, start, end)
    sentence = text[s0:s1]
    best, overlap = None, 0
    for candidate in candidates_for_text(sentence):
        shared = min(end, candidate.end + s0) - max(start, candidate.start + s0)
        if shared > overlap or (shared == overlap and best and best.kind == "proposal"):
            best, overlap = candidate, shared
    fields: dict[str, Any] = {
        "statement": " ".join(sentence.split()),
        "kind": ClaimKind.STATEMENT,
        "value": "",
        "unit": "",
        "approximate": False,
        "claimant": "",
        "modality": Modality.ASSERTED,
        "subject": "",
        "found": "",
    }
    if best is None:
        return fields
    fields.update(
        kind=best.kind,
        value=stated(best.value),
        unit=best.unit,
        approximate=best.approximate,
        claimant=str(best.claimant_id or ""),
        modality=best.modality,
        subject=best.subject,
        found=best.quote,
    )
    return fields


# --- the form -------------------------------------------------------------------------------


class DeskCiteForm(forms.Form):
    """A claim and its citation, from a selection: what the desk's short form posts."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quote = forms.CharField(strip=False, widget=forms.HiddenInput)
    text_sha256 = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ClaimKind.choices)
    statement = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="One sentence saying what is claimed. Enter saves.",
    )
    value = forms.DecimalField(required=False, help_text="As stated (176, 66.67).")
    unit = forms.CharField(required=False, help_text="As stated: %, sq mi/month, billion USD.")
    approximate = forms.BooleanField(required=False, label="Approximate (≈)")
    claimant = forms.ModelChoiceField(
        queryset=Actor.objects.order_by("name"),
        required=False,
        empty_label="— unattributed —",
        help_text="Who asserts it (not the outlet that reports it).",
    )
    modality = forms.ChoiceField(choices=Modality.choices)
    subject = forms.CharField(required=False, help_text='Who or what it is about ("Russians").')
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.SUPPORTS)
    topics = forms.ModelMultipleChoiceField(queryset=Topic.objects.order_by("name"), required=False)

    # Shown folded under "More": most claims need none of them.
    more_fields = ("subject", "stance", "topics")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            raise ValidationError("Select at least one character of the text.")
        return cleaned

    def claim_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        value = data["value"]
        return {
            "kind": data["kind"],
            "statement": data["statement"].strip(),
            "value": value,
            "unit": data["unit"].strip(),
            "approximate": data["approximate"],
            "claimant": data["claimant"],
            "modality": data["modality"],
            "subject": data["subject"].strip(),
            "status": ClaimStatus.DRAFT,
        }


def add_model_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors on the form's fields: ``citations[0].quote`` is the form's quote."""
    for name, errors in exc.message_dict.items():
        field = name.removeprefix("citations[0].")
        if field in ("source", "method", "prefix", "suffix"):
            field = "quote"
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


# --- the views (wired by SourceAdmin.get_urls) ----------------------------------------------


class Desk:
    """The desk's views for one ``SourceAdmin``: its site, permissions and templates."""

    def __init__(self, model_admin: ModelAdmin) -> None:
        self.model_admin = model_admin

    def _source(self, request: HttpRequest, object_id: str) -> Source:
        source = self.model_admin.get_object(request, object_id)
        if source is None:
            raise Http404("No such source.")
        if not self.model_admin.has_view_permission(request, source):
            raise PermissionDenied
        return source

    def url(self, source: Source, name: str = "", **kwargs: Any) -> str:
        suffix = f"_{name}" if name else ""
        return reverse(
            f"admin:claims_source_desk{suffix}", kwargs={"object_id": source.pk, **kwargs}
        )

    def view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The reading desk: the text with its claims, the list, the form."""
        source = self._source(request, object_id)
        citations = desk_citations(source)
        user = request.user
        may_cite = user.has_perm("claims.add_claim") and user.has_perm("claims.add_citation")
        may_change = user.has_perm("claims.change_claim")
        items = [
            {
                "citation": c,
                "claim": c.claim,
                "style": STATUS_STYLES.get(c.claim.status, "draft"),
                "quantity": quantity(c.claim),
                "short_quote": _short(c.quote),
                "url": reverse("admin:claims_claim_change", args=[c.claim.pk]),
                "may_review": may_change
                and c.claim.status == ClaimStatus.CANDIDATE
                and may_change_claim(user, c.claim),
            }
            for c in citations
        ]
        counts: dict[str, int] = defaultdict(int)
        for c in citations:
            counts[c.claim.status] += 1
        form = DeskCiteForm(initial={"text_sha256": source.text_sha256})
        context = {
            **self.model_admin.admin_site.each_context(request),
            # The text needs the width: the admin's navigation sidebar stays closed here.
            "is_nav_sidebar_enabled": False,
            "title": f"Desk: {source.title}",
            "subtitle": None,
            "opts": self.model_admin.opts,
            "original": source,
            "source": source,
            "text_html": render_text(source.text, citations),
            "text_length": len(source.text),
            "items": items,
            "counts": sorted(counts.items()),
            "kinds": ClaimKind.choices,
            "statuses": [
                ("candidate", "candidate: proposed by the extractor"),
                ("draft", "draft"),
                ("public", "published"),
                ("disputed", "disputed"),
                ("void", "retracted, superseded or rejected"),
            ],
            "form": form,
            "may_cite": may_cite,
            "may_propose": self.model_admin.has_change_permission(request, source),
            "cite_url": self.url(source, "cite"),
            "suggest_url": self.url(source, "suggest"),
            "propose_url": self.url(source, "propose"),
            "change_url": reverse("admin:claims_source_change", args=[source.pk]),
        }
        request.current_app = self.model_admin.admin_site.name
        return TemplateResponse(request, "admin/claims/source/desk.html", context)

    @staticmethod
    def _offsets(request: HttpRequest, source: Source) -> tuple[int, int] | None:
        try:
            start, end = int(request.GET["start"]), int(request.GET["end"])
        except (KeyError, ValueError):
            return None
        return (start, end) if 0 <= start < end <= len(source.text) else None

    def suggestions(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """JSON for the form: what the extractor reads at ``?start=&end=``."""
        source = self._source(request, object_id)
        span = self._offsets(request, source)
        if span is None:
            return JsonResponse({"error": "Give start < end within the text."}, status=400)
        return JsonResponse({"fields": suggest(source.text, *span)})

    def cite(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Create the claim with its citation in one step; JSON for the desk's script."""
        source = self._source(request, object_id)
        user = request.user
        if not (user.has_perm("claims.add_claim") and user.has_perm("claims.add_citation")):
            raise PermissionDenied
        form = DeskCiteForm(request.POST)
        if form.is_valid() and form.cleaned_data["text_sha256"] != source.text_sha256:
            form.add_error(
                None,
                "The source's text changed after you opened the desk; nothing was saved. "
                "Reload the desk and select the words again.",
            )
        if form.is_valid():
            data = form.cleaned_data
            citation = {
                "source": source,
                "quote": data["quote"],
                "start": data["start"],
                "end": data["end"],
                "stance": data["stance"],
                "method": "manual",
            }
            try:
                claim = services.create_claim(
                    by=user, citations=[citation], topics=data["topics"], **form.claim_fields()
                )
            except ValidationError as exc:
                add_model_errors(form, exc)
            except IntegrityError as exc:
                # A rule only the database checks (a trigger): its first line names it.
                form.add_error(None, str(exc).splitlines()[0])
        if not form.is_valid():
            return JsonResponse({"errors": form_errors(form)}, status=400)
        cited = claim.citations.get()
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        self.model_admin.log_addition(request, claim, [{"added": {}}])
        return JsonResponse(
            {
                "claim": str(claim.pk),
                "citation": str(cited.pk),
                "url": url,
                "saved": claim.statement,
            },
            status=201,
        )

    def _candidate(self, request: HttpRequest, source: Source, claim_id: Any) -> Claim:
        claim = get_object_or_404(Claim, pk=claim_id, citations__source=source)
        user = request.user
        if not (user.has_perm("claims.change_claim") and may_change_claim(user, claim)):
            raise PermissionDenied
        return claim

    def accept(self, request: HttpRequest, object_id: str, claim_id: Any) -> HttpResponse:
        """The candidate becomes a draft; the curator lands on it to edit it."""
        source = self._source(request, object_id)
        claim = self._candidate(request, source, claim_id)
        try:
            services.accept_candidate(claim, request.user)
        except ValidationError as exc:
            messages.error(request, f"“{claim}” was not accepted: {'; '.join(exc.messages)}")
            return HttpResponseRedirect(self.url(source))
        back = self.url(source)
        messages.success(
            request,
            format_html(
                '“{}” is now a draft: edit it here, then <a href="{}">go back to the desk</a>.',
                claim,
                back,
            ),
        )
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))

    def reject(self, request: HttpRequest, object_id: str, claim_id: Any) -> HttpResponse:
        """The candidate is kept as rejected (never public), with the curator's reason."""
        source = self._source(request, object_id)
        claim = self._candidate(request, source, claim_id)
        try:
            services.reject_candidate(claim, request.user, request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, f"“{claim}” was not rejected: {'; '.join(exc.messages)}")
        else:
            messages.success(request, f"“{claim}” was rejected.")
        return HttpResponseRedirect(self.url(source) + "#desk-list")

    def propose(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Run the extractor on the source: its candidates appear in the text."""
        source = self._source(request, object_id)
        if not self.model_admin.has_change_permission(request, source):
            raise PermissionDenied
        proposed = propose_claims(source, by=request.user)
        messages.success(
            request,
            f"{len(proposed.claims)} candidate claim(s) proposed, {proposed.skipped} already "
            "cited. Candidates are drawn with a dashed outline: accept or reject each.",
        )
        return HttpResponseRedirect(self.url(source))

    def urls(self, wrap: Any) -> list[Any]:
        """The desk's routes under the source admin's, each wrapped in the admin's login."""
        return [
            path("<path:object_id>/desk/", wrap(require_GET(self.view)), name="claims_source_desk"),
            path(
                "<path:object_id>/desk/suggest/",
                wrap(require_GET(self.suggestions)),
                name="claims_source_desk_suggest",
            ),
            path(
                "<path:object_id>/desk/cite/",
                wrap(require_POST(self.cite)),
                name="claims_source_desk_cite",
            ),
            path(
                "<path:object_id>/desk/propose/",
                wrap(require_POST(self.propose)),
                name="claims_source_desk_propose",
            ),
            path(
                "<path:object_id>/desk/claims/<uuid:claim_id>/accept/",
                wrap(require_POST(self.accept)),
                name="claims_source_desk_accept",
            ),
            path(
                "<path:object_id>/desk/claims/<uuid:claim_id>/reject/",
                wrap(require_POST(self.reject)),
                name="claims_source_desk_reject",
            ),
        ]


def _short(quote: str) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= LIST_QUOTE_CHARS else flat[: LIST_QUOTE_CHARS - 1] + "…"
