"""The curators' desk, used as a curator and a reviewer would: through the admin's pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from claims import services
from claims.models import Citation, Claim, Source
from claims.permissions import curator_codenames
from tests import factories as make

ARTICLE = (Path(__file__).parent / "data" / "extraction" / "seed_article.txt").read_text()
CLAIMS = "/admin/claims/claim/"
# Every admin list must be ordered: an unordered page is an error, not a warning.
pytestmark = pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")


def login(client, username: str, reviewer: bool = False):
    os.environ["CURATOR_PASSWORD"] = "a-long-test-password-1"
    try:
        call_command("create_curator", username, *(["--reviewer"] if reviewer else []))
    finally:
        del os.environ["CURATOR_PASSWORD"]
    assert client.login(username=username, password="a-long-test-password-1")
    return get_user_model().objects.get(username=username)


@pytest.fixture
def curator(client, db):
    return login(client, "cora")


@pytest.fixture
def reviewer(client, db):
    return login(client, "rex", reviewer=True)


def claim_form(**fields) -> dict[str, str]:
    data = {
        "kind": "percentage",
        "statement": "55% of voters agree.",
        "value": "55",
        "unit": "%",
        "modality": "reported",
        "status": "draft",
        "time_precision": "unknown",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-stance": "supports",
        "citations-0-method": "manual",
    }
    data.update(fields)
    return data


def errors_of(response) -> str:
    return response.content.decode()


# --- lists --------------------------------------------------------------------------------


def claims_with_citations(n: int) -> None:
    topic = make.topic()
    for i in range(n):
        claim = make.claim(statement=f"Claim {i}.", claimant=make.actor())
        claim.topics.add(topic)
        make.citation(claim)


def test_every_admin_page_of_every_model_opens(admin_client, seed):
    """Add, change, list and history pages, for every model the admin shows, on the seed."""
    from django.contrib import admin
    from django.urls import reverse

    opened = []
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        stored = model._default_manager.first()
        if stored is not None:
            urls += [reverse(f"{name}_change", args=[stored.pk])]
            urls += [reverse(f"{name}_history", args=[stored.pk])]
        for url in urls:
            response = admin_client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            opened.append(url)
    assert any(url.endswith("/claim/add/") for url in opened)
    assert any(url.endswith("/actor/add/") for url in opened)


@pytest.mark.parametrize(
    "url", [CLAIMS, "/admin/claims/source/", "/admin/claims/citation/", "/admin/claims/proposal/"]
)
def test_changelists_load_in_the_same_number_of_queries_for_5_or_30_claims(
    admin_client, django_assert_max_num_queries, url
):
    claims_with_citations(5)
    # session, user, count, page (claimant joined, citation count annotated), prefetched
    # citations with sources, filter choices, savepoints: bounded, not per row.
    with django_assert_max_num_queries(10):
        assert admin_client.get(url).status_code == 200
    claims_with_citations(25)
    with django_assert_max_num_queries(10):
        assert admin_client.get(url).status_code == 200


def test_search_and_filters_find_the_right_claims(admin_client):
    make.claim(
        statement="Forces advanced 176 square miles.", kind="area_rate", unit="mi2/month", value=176
    )
    make.claim(statement="55% agree.")

    found = admin_client.get(CLAIMS, {"q": "square miles"}).content.decode()
    assert "Forces advanced" in found and "55% agree" not in found
    found = admin_client.get(CLAIMS, {"kind__exact": "percentage"}).content.decode()
    assert "55% agree" in found and "Forces advanced" not in found
    assert "≈" not in found
    for params in ({"status__exact": "draft"}, {"modality__exact": "reported"}):
        assert admin_client.get(CLAIMS, params).status_code == 200


def test_the_quantity_column_shows_stated_and_normalised_values(admin_client):
    make.claim(kind="area_rate", value=176, unit="mi2/month", approximate=True, statement="Rate.")

    assert "≈176 mi2/month (455.837907 km2/month)" in admin_client.get(CLAIMS).content.decode()


# --- adding claims with citations ---------------------------------------------------------


def test_a_claim_added_with_only_a_quote_is_anchored(admin_client):
    source = make.source()

    response = admin_client.post(
        f"{CLAIMS}add/",
        claim_form(
            **{"citations-0-source": source.pk, "citations-0-quote": "The plan has 20 points."}
        ),
    )

    assert response.status_code == 302, errors_of(response)
    citation = Citation.objects.get()
    assert (citation.start, citation.end) == (31, 54)
    assert Claim.objects.get().value_si == 55


def test_a_value_with_more_decimals_than_stored_is_rounded_as_the_api_does(admin_client):
    source = make.source()
    quote = {"citations-0-source": source.pk, "citations-0-quote": "The plan has 20 points."}

    response = admin_client.post(f"{CLAIMS}add/", claim_form(value="66.6666665", **quote))

    assert response.status_code == 302, errors_of(response)
    assert str(Claim.objects.get().value) == "66.666666"


def test_an_ambiguous_quote_shows_each_occurrence_in_context_and_one_click_cites_it(
    admin_client,
):
    source = make.source()
    quote = {"citations-0-source": source.pk, "citations-0-quote": "Polls say 55% of voters agree."}

    response = admin_client.post(f"{CLAIMS}add/", claim_form(**quote))

    page = errors_of(response)
    assert response.status_code == 200
    assert "occurs 2 times" in page and not Claim.objects.exists()
    assert 'name="citations-0-occurrence" value="0:30"' in page
    assert 'name="citations-0-occurrence" value="105:135"' in page
    assert "points. Forces advanced about 176 square miles per month. <mark>Polls say" in page

    chosen = admin_client.post(
        f"{CLAIMS}add/", claim_form(**quote, **{"citations-0-occurrence": "105:135"})
    )

    assert chosen.status_code == 302, errors_of(chosen)
    citation = Citation.objects.get()
    assert (citation.start, citation.end) == (105, 135)


def test_a_quote_typed_with_other_spacing_is_answered_with_the_sources_own_characters(
    admin_client,
):
    source = make.source()
    typed = {"citations-0-source": source.pk, "citations-0-quote": "The plan  has\n20 points."}

    response = admin_client.post(f"{CLAIMS}add/", claim_form(**typed))
    assert "not in the source exactly" in errors_of(response)
    assert 'value="31:54"' in errors_of(response)

    chosen = admin_client.post(
        f"{CLAIMS}add/", claim_form(**typed, **{"citations-0-occurrence": "31:54"})
    )

    assert chosen.status_code == 302, errors_of(chosen)
    assert Citation.objects.get().quote == "The plan has 20 points."


def test_a_quote_not_in_the_source_points_to_its_desk(admin_client):
    source = make.source()

    response = admin_client.post(
        f"{CLAIMS}add/",
        claim_form(**{"citations-0-source": source.pk, "citations-0-quote": "Never said."}),
    )

    assert "does not occur in the source text" in errors_of(response)
    assert f'href="/admin/claims/source/{source.pk}/desk/"' in errors_of(response)
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "120"}, "between 0 and 100"),
        ({"unit": "km2"}, "not a unit of percentage"),
        ({"kind": "statement"}, "carries no quantity"),
    ],
)
def test_the_admin_form_refuses_a_broken_claim_and_saves_nothing(admin_client, fields, message):
    response = admin_client.post(
        f"{CLAIMS}add/", claim_form(**{"citations-TOTAL_FORMS": "0", **fields})
    )

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Claim.objects.exists()


def test_a_quote_is_shown_highlighted_and_escaped(admin_client):
    source = make.source(text="Before <script>alert(1)</script> after.")
    claim = make.claim(kind="statement", value=None, unit="")
    make.citation(claim, source, quote="<script>alert(1)</script>")

    page = admin_client.get(f"{CLAIMS}{claim.pk}/change/").content.decode()

    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page
    assert "<script>alert(1)</script>" not in page


# --- roles ----------------------------------------------------------------------------------


def test_groups_have_exactly_the_curators_and_reviewers_permissions(db):
    call_command("migrate", verbosity=0)  # idempotent: running again changes nothing
    curators = {p.codename for p in Group.objects.get(name="curators").permissions.all()}
    reviewers = {p.codename for p in Group.objects.get(name="reviewers").permissions.all()}

    assert curators == curator_codenames()
    assert reviewers == curators | {"review_claim"}
    assert "delete_source" not in curators and "delete_actor" not in curators


def test_a_curator_works_on_claims_but_cannot_publish_or_delete_public_ones(client, curator):
    draft = make.claim()
    published = make.published_claim()

    page = client.get(CLAIMS).content.decode()
    assert "Publish selected claims" not in page
    assert "Accept selected candidates" in page
    response = client.post(CLAIMS, {"action": "publish", "_selected_action": [draft.pk]})
    assert Claim.objects.get(pk=draft.pk).status == "draft"
    assert response.status_code in (200, 302)
    assert client.get(f"{CLAIMS}{published.pk}/delete/").status_code == 403


def test_a_curator_sees_a_public_claim_and_its_citations_read_only(client, curator):
    published = make.published_claim(statement="On the record.")
    citation = published.citations.get()
    draft = make.claim()

    page = client.get(f"{CLAIMS}{published.pk}/change/")
    edit = client.post(f"{CLAIMS}{published.pk}/change/", claim_form(statement="Rewritten."))
    citation_edit = client.post(
        f"/admin/claims/citation/{citation.pk}/change/", {"quote": "Polls say"}
    )
    citation_delete = client.post(f"/admin/claims/citation/{citation.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert edit.status_code == 403 and citation_edit.status_code == 403
    assert citation_delete.status_code == 403
    assert Claim.objects.get(pk=published.pk).statement == "On the record."
    assert Citation.objects.filter(pk=citation.pk).exists()
    assert 'name="_save"' in client.get(f"{CLAIMS}{draft.pk}/change/").content.decode()


def test_a_reviewer_may_still_correct_a_public_claim(client, reviewer):
    published = make.published_claim()

    page = client.get(f"{CLAIMS}{published.pk}/change/").content.decode()

    assert 'name="_save"' in page


def test_a_reviewer_publishes_and_a_claim_without_citation_stays_draft(client, reviewer):
    cited = make.claim(statement="Cited.")
    make.citation(cited)
    uncited = make.claim(statement="Uncited.")

    response = client.post(
        CLAIMS, {"action": "publish", "_selected_action": [cited.pk, uncited.pk]}, follow=True
    )

    page = response.content.decode()
    assert Claim.objects.get(pk=cited.pk).status == "published"
    assert Claim.objects.get(pk=uncited.pk).status == "draft"
    assert "1 claim(s) published" in page
    assert "Uncited." in page and "needs at least one citation" in page
    history = client.get(f"{CLAIMS}{cited.pk}/history/").content.decode()
    assert "rex" in history


def test_proposing_claims_from_a_source_fills_the_review_queue_once(client, curator):
    source = make.source(text=ARTICLE)

    client.post("/admin/claims/source/", {"action": "propose", "_selected_action": [source.pk]})
    candidates = Claim.objects.filter(status="candidate").count()
    client.post("/admin/claims/source/", {"action": "propose", "_selected_action": [source.pk]})

    assert candidates > 0
    assert Claim.objects.count() == candidates
    queue = client.get(CLAIMS, {"status__exact": "candidate"})
    assert queue.status_code == 200
    desk = client.get(f"/admin/claims/source/{source.pk}/desk/").content.decode()
    assert desk.count("s-candidate") >= candidates


def test_a_cited_source_text_is_read_only_in_the_admin(admin_client):
    claim = make.claim()
    source = make.citation(claim).source

    page = admin_client.get(f"/admin/claims/source/{source.pk}/change/").content.decode()

    assert 'name="text"' not in page
    assert Source.objects.get(pk=source.pk).text == make.TEXT


def test_a_curator_rejects_candidates_with_a_reason_from_the_actions_bar(client, curator):
    candidate = make.claim(status="candidate")

    client.post(
        CLAIMS,
        {"action": "reject_candidates", "_selected_action": [candidate.pk], "reason": "a year"},
    )

    candidate.refresh_from_db()
    assert candidate.status == "rejected"
    assert "Rejected: a year" in candidate.notes


def test_the_admin_refuses_to_overwrite_a_change_saved_after_the_form_was_opened(admin_client):
    claim = make.claim(statement="Original.")
    page = admin_client.get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    loaded = page.split('name="loaded_updated_at" value="')[1].split('"')[0]
    form = claim_form(statement="Mine.", loaded_updated_at=loaded, **{"citations-TOTAL_FORMS": "0"})
    del form["status"]

    Claim.objects.filter(pk=claim.pk).update(statement="Theirs.", updated_at=timezone.now())
    stale = admin_client.post(f"{CLAIMS}{claim.pk}/change/", form)

    assert stale.status_code == 200
    assert "Someone else saved this claim" in stale.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Theirs."

    fresh = Claim.objects.get(pk=claim.pk).updated_at.isoformat()
    saved = admin_client.post(f"{CLAIMS}{claim.pk}/change/", {**form, "loaded_updated_at": fresh})
    assert saved.status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "Mine."


# --- for a person: titles, values, lists, messages ---------------------------------------


def test_the_site_is_called_claims_ledger(admin_client):
    page = admin_client.get("/admin/").content.decode()

    assert "<title>Sources, claims and their citations | Claims ledger</title>" in page
    assert ">Claims ledger</a>" in page and "Django administration" not in page


def test_values_are_shown_and_edited_as_entered(admin_client):
    claim = make.claim(kind="area_rate", value=176, unit="mi2/month", statement="Rate.")

    page = admin_client.get(f"{CLAIMS}{claim.pk}/change/").content.decode()

    assert 'name="value" value="176"' in page
    assert "176.000000" not in page and "455.837907 km2/month" in page


def test_authors_and_aliases_are_edited_one_per_line_not_as_json(admin_client):
    source = make.source(authors=["Ann Author", "Bo Writer"])
    actor = make.actor(aliases=["VCIOM", "Russian Public Opinion Research Center"])

    source_page = admin_client.get(f"/admin/claims/source/{source.pk}/change/").content.decode()
    actor_page = admin_client.get(f"/admin/claims/actor/{actor.pk}/change/").content.decode()

    assert "Ann Author\nBo Writer</textarea>" in source_page
    assert "VCIOM\nRussian Public Opinion Research Center</textarea>" in actor_page
    assert "&quot;Ann Author&quot;" not in source_page
    assert "&quot;VCIOM&quot;" not in actor_page
    form = {
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": "VCIOM\n\n  WCIOM  \n",
        "loaded_updated_at": actor.updated_at.isoformat(),
    }
    response = admin_client.post(f"/admin/claims/actor/{actor.pk}/change/", form)
    assert response.status_code == 302, errors_of(response)
    actor.refresh_from_db()
    assert actor.aliases == ["VCIOM", "WCIOM"]


def test_after_accepting_a_candidate_the_message_links_to_the_new_draft(client, curator):
    candidate = make.claim(status="candidate", statement="Proposed by the machine.")

    response = client.post(
        CLAIMS,
        {"action": "accept_candidates", "_selected_action": [candidate.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 claim(s) accepted" in page
    assert f'<a href="{CLAIMS}{candidate.pk}/change/">Proposed by the machine.</a>' in page


def test_a_public_claim_shown_read_only_says_why_and_who_may_change_it(client, curator):
    login(client.__class__(), "rex", reviewer=True)  # a reviewer exists
    published = make.published_claim()

    page = client.get(f"{CLAIMS}{published.pk}/change/").content.decode()

    assert "This claim is published: it is public record, so only reviewers (rex)" in page
    draft_page = client.get(f"{CLAIMS}{make.claim().pk}/change/").content.decode()
    assert "public record" not in draft_page


def test_the_claims_list_shows_no_quote_column_and_wraps_statements(admin_client):
    claims_with_citations(2)

    page = admin_client.get(CLAIMS).content.decode()

    assert "First quote" not in page and "column-first_quote" not in page
    assert "claims/admin.css" in page


# --- errors are the admin's pages ----------------------------------------------------------


def test_admin_404_and_403_are_admin_html_pages_and_the_api_keeps_json(client, curator):
    missing = client.get("/admin/claims/no-such-page/")
    forbidden = client.get(f"{CLAIMS}{make.published_claim().pk}/delete/")
    api = client.get("/api/v1/no-such-thing/")

    for response, words in ((missing, "Page not found"), (forbidden, "Permission denied")):
        assert "text/html" in response["Content-Type"]
        page = response.content.decode()
        assert words in page and "Claims ledger" in page and '"error"' not in page
    assert missing.status_code == 404 and forbidden.status_code == 403
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_an_admin_500_is_the_admins_html_page(db, monkeypatch):
    from django.test import Client

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("claims.admin.ClaimAdmin.get_queryset", broken)
    browser = Client(raise_request_exception=False)
    login(browser, "cora")

    response = browser.get(CLAIMS)
    api = browser.get("/api/v1/claims/?page_size=abc")

    assert response.status_code == 500
    assert "text/html" in response["Content-Type"]
    assert "Server error" in response.content.decode()
    assert "Claims ledger" in response.content.decode()
    assert api["Content-Type"].startswith("application/json")


def test_every_admin_list_and_autocomplete_is_ordered(admin_client, seed):
    """Paginated lists of every registered model, and the autocomplete of every field
    that has one: an unordered queryset would warn, and warnings fail this module."""
    from django.contrib import admin
    from django.urls import reverse

    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert admin_client.get(reverse(f"{name}_changelist")).status_code == 200
        for field in model_admin.autocomplete_fields:
            response = admin_client.get(
                "/admin/autocomplete/",
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field,
                    "term": "",
                },
            )
            assert response.status_code == 200, (model, field)


# --- history ------------------------------------------------------------------------------


def revert_form(admin_client, url: str, **fields) -> dict[str, str]:
    page = admin_client.get(url).content.decode()
    loaded = page.split('name="loaded_updated_at" value="')[1].split('"')[0]
    form = claim_form(loaded_updated_at=loaded, **{"citations-TOTAL_FORMS": "0"}, **fields)
    del form["status"]
    return form


def first_version_url(claim: Claim) -> str:
    first = claim.history.order_by("history_date").first()
    return f"{CLAIMS}{claim.pk}/history/{first.history_id}/"


def test_reverting_a_draft_restores_what_it_said(admin_client):
    claim = make.claim(statement="First wording.")
    claim.statement = "Second wording."
    claim.save()
    url = first_version_url(claim)

    response = admin_client.post(url, revert_form(admin_client, url, statement="First wording."))

    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "First wording."


def test_reverting_a_published_claim_keeps_its_status_instead_of_failing(client, reviewer):
    claim = make.claim(statement="First wording.")
    make.citation(claim)
    claim.statement = "Second wording."
    claim.save()
    services.publish_claim(claim, reviewer)
    url = first_version_url(claim)

    page = client.get(url).content.decode()
    response = client.post(url, revert_form(client, url, statement="First wording."))

    assert "Revert" in page
    assert response.status_code == 302, errors_of(response)
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.statement) == ("published", "First wording.")


def test_a_curator_cannot_revert_a_public_claim_and_is_told_why(client, curator):
    claim = make.claim(statement="First wording.")
    make.citation(claim)
    claim.statement = "Second wording."
    claim.save()
    claim.status = "published"
    claim.save()
    url = first_version_url(claim)
    form = claim_form(statement="First wording.", **{"citations-TOTAL_FORMS": "0"})

    page = client.get(url).content.decode()
    response = client.post(url, form)

    assert 'name="_save"' not in page
    assert response.status_code == 403 and "Permission denied" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Second wording."


def test_a_revert_over_a_newer_change_is_refused_as_stale(admin_client):
    claim = make.claim(statement="First wording.")
    claim.statement = "Second wording."
    claim.save()
    url = first_version_url(claim)
    form = revert_form(admin_client, url, statement="First wording.")
    Claim.objects.filter(pk=claim.pk).update(statement="Theirs.", updated_at=timezone.now())

    response = admin_client.post(url, form)

    assert response.status_code == 200
    assert "Someone else saved this claim" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Theirs."


def test_a_revert_the_ledger_refuses_is_answered_with_its_reason(admin_client):
    plan = make.proposal()
    first = make.provision(plan, number=3, summary="Point three.")
    first.number = 4
    first.save()
    make.provision(plan, number=3, summary="Another point three.")
    version = first.history.order_by("history_date").first()
    url = f"/admin/claims/provision/{first.pk}/history/{version.history_id}/"
    page = admin_client.get(url).content.decode()
    loaded = page.split('name="loaded_updated_at" value="')[1].split('"')[0]

    response = admin_client.post(
        url,
        {
            "proposal": plan.pk,
            "number": "3",
            "summary": "Point three.",
            "loaded_updated_at": loaded,
        },
    )

    assert response.status_code == 200
    assert "taken by another provision" in response.content.decode()
    first.refresh_from_db()
    assert first.number == 4


def test_a_rule_refusing_a_revert_while_saving_is_a_message_not_a_500(admin_client, monkeypatch):
    from django.core.exceptions import ValidationError

    claim = make.claim(statement="First wording.")
    claim.statement = "Second wording."
    claim.save()
    url = first_version_url(claim)
    form = revert_form(admin_client, url, statement="First wording.")

    def refuse(*args, **kwargs):
        raise ValidationError("a rule only the save checks")

    monkeypatch.setattr("claims.admin.ClaimAdmin.save_model", refuse)
    response = admin_client.post(url, form, follow=True)

    assert response.redirect_chain[-1][0] == f"{CLAIMS}{claim.pk}/history/"
    assert "This version cannot be restored; nothing was changed." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Second wording."
