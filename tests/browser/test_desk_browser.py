"""The desk and the admin in a real browser, used as curators and reviewers would."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims import services
from claims.models import Claim, Source
from tests.browser.conftest import new_page
from tests.browser.support import ARTICLE, axe_violations, drag_select, sign_in

REPEATED = "62% of residents back the harbour agreement"


def desk(base: str, source: Source) -> str:
    return f"{base}/admin/claims/source/{source.pk}/desk/"


def items(page) -> int:
    return page.locator("#desk-list .desk-item").count()


def save_and_wait(page, count: int) -> None:
    page.click("#desk-save")
    page.wait_for_function(
        "n => document.querySelectorAll('#desk-list .desk-item').length === n", arg=count
    )


def wait_for_suggestions(page) -> None:
    page.wait_for_selector("#desk-suggested", state="visible")


def article_source(**fields) -> Source:
    return Source.objects.create(title="Harbour talks resume in Valmora", text=ARTICLE, **fields)


def draft_on(source: Source, quote: str, by, **fields) -> Claim:
    start = source.text.index(quote)
    return services.create_claim(
        by=by,
        citations=[{"source": source, "quote": quote, "start": start, "end": start + len(quote)}],
        **{
            "kind": "percentage",
            "statement": "62% of residents back the harbour agreement.",
            "value": 62,
            "unit": "%",
            "modality": "reported",
            **fields,
        },
    )


def test_a_curator_pastes_a_source_cites_three_claims_and_works_the_candidates(page, base, curator):
    sign_in(page, base, curator)
    page.goto(f"{base}/admin/claims/source/add/")
    page.fill("#id_title", "Harbour talks resume in Valmora")
    page.fill("#id_text", ARTICLE)
    page.click("input[name=_opendesk]")
    page.wait_for_url("**/desk/")
    source = Source.objects.get()
    # The browser sent the pasted text with CRLF line ends; the page shows every character.
    assert "\r\n" in source.text
    assert page.evaluate("document.getElementById('desk-text').textContent") == source.text

    drag_select(page, "about 40 square kilometres of silt per year")
    wait_for_suggestions(page)
    assert page.input_value("#id_kind") == "area_rate"
    assert page.input_value("#id_value") == "40"
    assert page.input_value("#id_modality") == "estimated"
    page.fill("#id_statement", "Dredging has cleared about 40 km² of silt a year since 2021.")
    save_and_wait(page, 1)

    drag_select(page, REPEATED, nth=2)
    wait_for_suggestions(page)
    assert "occurrence 2 of 2" in page.inner_text("#desk-cite-where")
    assert (page.input_value("#id_kind"), page.input_value("#id_value")) == ("percentage", "62")
    page.fill("#id_statement", "62% of residents back the harbour agreement.")
    save_and_wait(page, 2)

    drag_select(page, "The draft agreement has 12 points")
    wait_for_suggestions(page)
    page.select_option("#id_kind", "count")
    page.fill("#id_value", "12")
    page.fill("#id_unit", "count")
    page.fill("#id_statement", "The draft harbour agreement has 12 points.")
    save_and_wait(page, 3)

    claims = {c.statement: c for c in Claim.objects.all()}
    assert len(claims) == 3 and {c.status for c in claims.values()} == {"draft"}
    repeated = claims["62% of residents back the harbour agreement."].citations.get()
    second = source.text.index(REPEATED, source.text.index(REPEATED) + 1)
    assert (repeated.start, repeated.end) == (second, second + len(REPEATED))
    rate = claims["Dredging has cleared about 40 km² of silt a year since 2021."]
    assert (rate.kind, rate.unit_si) == ("area_rate", "km2/month")
    for claim in claims.values():
        citation = claim.citations.get()
        assert source.text[citation.start : citation.end] == citation.quote
    assert page.locator("#desk-text mark.s-draft").count() >= 3

    # Hovering a highlight shows its claim, with a link to it.
    page.hover(f"#q-{repeated.pk}")
    card = page.locator("#desk-card")
    assert card.is_visible() and "62% of residents back the harbour agreement." in card.inner_text()
    assert card.locator(f"a[href='/admin/claims/claim/{repeated.claim_id}/change/']").count()

    # Candidates from the extractor appear in the text; accept one, reject another.
    page.click("text=Propose claims (extractor)")
    page.wait_for_selector("#desk-text mark.s-candidate")
    candidates = page.locator("#desk-list .desk-item.s-candidate")
    assert candidates.count() >= 2
    first = candidates.nth(0)
    accepted_id = first.locator("a.desk-goto").get_attribute("data-citation")
    first.locator("button", has_text="Accept as draft").click()
    page.wait_for_url("**/change/")
    assert "is now a draft" in page.inner_text(".messagelist")
    accepted = Claim.objects.get(citations__pk=accepted_id)
    assert accepted.status == "draft"
    assert page.url.endswith(f"/admin/claims/claim/{accepted.pk}/change/")

    page.click(".messagelist >> text=go back to the desk")
    page.wait_for_url("**/desk/")
    other = page.locator("#desk-list .desk-item.s-candidate").nth(0)
    rejected_id = other.locator("a.desk-goto").get_attribute("data-citation")
    other.locator("summary", has_text="Reject").click()
    other.locator("input[name=reason]").fill("The closing summary repeats the lede's figure.")
    other.locator("button", has_text="Reject").click()
    page.wait_for_selector(".messagelist >> text=was rejected")
    rejected = Claim.objects.get(citations__pk=rejected_id)
    assert rejected.status == "rejected" and "repeats the lede" in rejected.notes
    assert "s-void" in page.get_attribute(f"#item-{rejected_id}", "class")


def test_a_reviewer_publishes_a_claim_cited_on_the_desk(page, base, curator, reviewer):
    from django.contrib.auth import get_user_model

    source = article_source()
    claim = draft_on(source, REPEATED, get_user_model().objects.get(username=curator))
    sign_in(page, base, reviewer)

    page.goto(f"{base}/admin/claims/claim/?status__exact=draft")
    page.check(f"input[name=_selected_action][value='{claim.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")

    assert "1 claim(s) published" in page.inner_text(".messagelist")
    claim.refresh_from_db()
    assert claim.status == "published"
    page.goto(desk(base, source))
    assert "s-public" in page.get_attribute(f"#q-{claim.citations.get().pk}", "class")


def test_a_stale_edit_is_refused_and_the_first_edit_survives(browser, base, curator):
    from django.contrib.auth import get_user_model

    source = article_source()
    claim = draft_on(source, REPEATED, get_user_model().objects.get(username=curator))
    url = f"{base}/admin/claims/claim/{claim.pk}/change/"
    first, second = new_page(browser), new_page(browser)
    try:
        for tab in (first, second):
            sign_in(tab, base, curator)
            tab.goto(url)
        first.fill("#id_statement", "Edited in the first tab.")
        first.click("input[name=_save]")
        first.wait_for_url("**/claim/")
        second.fill("#id_statement", "Edited in the second tab.")
        second.click("input[name=_save]")

        assert "Someone else saved this claim" in second.inner_text("#content-main")
        claim.refresh_from_db()
        assert claim.statement == "Edited in the first tab."
    finally:
        first.context.close()
        second.context.close()


def tab_to(page, test: str, limit: int = 60) -> None:
    """Press Tab until ``test`` (JavaScript, on document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def test_citing_with_the_keyboard_only(page, base, curator):
    source = article_source()
    sign_in(page, base, curator)
    page.goto(desk(base, source))

    tab_to(page, "el.id === 'desk-find'")
    page.keyboard.type("62% of residents back")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.inner_text("#desk-find-status").startswith("2 of 2")
    page.keyboard.press("Alt+C")
    assert page.evaluate("document.activeElement.id") == "id_kind"
    wait_for_suggestions(page)
    tab_to(page, "el.id === 'id_statement'")
    page.keyboard.press("Control+A")
    page.keyboard.type("62% of residents back the agreement (cited by keyboard).")
    tab_to(page, "el.id === 'desk-save'")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#desk-list .desk-item').length === 1")

    citation = Claim.objects.get().citations.get()
    phrase = "62% of residents back"
    second = source.text.index(phrase, source.text.index(phrase) + 1)
    assert (citation.start, citation.quote) == (second, phrase)

    # A highlight is reached with Tab; Enter moves into its card and on to the claim.
    tab_to(page, "el.matches('#desk-text mark.hl')")
    assert page.locator("#desk-card").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('#desk-card') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/claims/claim/{citation.claim_id}/change/")


def test_an_error_is_shown_in_the_form_and_nothing_is_saved(page, base, curator):
    source = article_source()
    sign_in(page, base, curator)
    page.goto(desk(base, source))

    drag_select(page, REPEATED)
    wait_for_suggestions(page)
    page.fill("#id_value", "620")
    page.click("#desk-save")

    error = page.locator("#desk-error-value")
    error.wait_for(state="visible")
    assert "between 0 and 100" in error.inner_text()
    assert not Claim.objects.exists()


@pytest.fixture
def seeded(transactional_db):
    call_command("loaddata", "fixtures/seed.json", verbosity=0)


def test_the_readme_walkthrough_cite_on_the_seed_article_and_a_reviewer_publishes(
    browser, page, base, curator, reviewer, seeded
):
    source = Source.objects.get()
    sign_in(page, base, curator)
    page.goto(f"{base}/admin/claims/source/")
    page.click("text=Open the desk")
    page.wait_for_url("**/desk/")
    assert page.locator("#desk-text mark.s-public").count() >= 30

    drag_select(page, "remaining 22% of Donetsk province")
    wait_for_suggestions(page)
    assert (page.input_value("#id_kind"), page.input_value("#id_value")) == ("percentage", "22")
    page.fill("#id_statement", "Ukraine is likely to lose the remaining 22% of Donetsk province.")
    page.press("#id_statement", "Enter")
    page.wait_for_selector("#desk-saved >> text=Saved as a draft")
    claim = Claim.objects.get(status="draft")
    assert claim.citations.get().source == source

    review = new_page(browser)
    try:
        sign_in(review, base, reviewer)
        review.goto(f"{base}/admin/claims/claim/?status__exact=draft")
        review.check(f"input[name=_selected_action][value='{claim.pk}']")
        review.select_option("select[name=action]", "publish")
        review.click("button[name=index]")
        assert "1 claim(s) published" in review.inner_text(".messagelist")
    finally:
        review.context.close()
    page.reload()
    assert "s-public" in page.get_attribute(f"#q-{claim.citations.get().pk}", "class")


def test_the_claims_list_fits_a_1366_px_screen(page, base, curator, seeded):
    sign_in(page, base, curator)
    page.goto(f"{base}/admin/claims/claim/")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"the claims list is {width} px wide at 1366"
    # The admin scrolls a wide table inside its own box: that must not be needed either.
    table, box = page.evaluate(
        "(el => [el.scrollWidth, el.clientWidth])(document.querySelector('#changelist .results'))"
    )
    assert table <= box, f"the table is {table} px wide in a {box} px box"
    column = page.locator("#result_list th.field-short_statement").first.bounding_box()
    assert column["width"] >= 250, "statements need room to be read"
    assert "455.837907 km2/month" in page.inner_text("#result_list")
    assert ".000000" not in page.inner_text("#result_list")


@pytest.mark.parametrize(
    "where", ["desk", "claims list", "claim form", "new claim form", "source form"]
)
def test_axe_finds_no_serious_or_critical_violation(page, base, curator, seeded, axe, where):
    source = Source.objects.get()
    claim = Claim.objects.first()
    url = {
        "desk": f"/admin/claims/source/{source.pk}/desk/",
        "claims list": "/admin/claims/claim/",
        "claim form": f"/admin/claims/claim/{claim.pk}/change/",
        "new claim form": "/admin/claims/claim/add/",
        "source form": f"/admin/claims/source/{source.pk}/change/",
    }[where]
    sign_in(page, base, curator)
    page.goto(base + url)
    if where == "desk":
        drag_select(page, "22% of Donetsk province")  # the open form is checked too
        wait_for_suggestions(page)

    assert axe_violations(page) == []
