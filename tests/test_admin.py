"""The curators' desk, used as a curator and a reviewer would: through the admin's pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from claims.models import Citation, Claim, Source
from claims.permissions import curator_codenames
from tests import factories as make

ARTICLE = (Path(__file__).parent / "data" / "extraction" / "seed_article.txt").read_text()
CLAIMS = "/admin/claims/claim/"


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


def test_an_ambiguous_quote_names_its_candidates_and_saves_nothing(admin_client):
    source = make.source()

    response = admin_client.post(
        f"{CLAIMS}add/",
        claim_form(
            **{
                "citations-0-source": source.pk,
                "citations-0-quote": "Polls say 55% of voters agree.",
            }
        ),
    )

    assert response.status_code == 200
    assert "occurs 2 times" in errors_of(response)
    assert "[0:30]" in errors_of(response)
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
    assert "<mark>" in queue.content.decode()


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
