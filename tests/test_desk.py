"""The curators' desk, through its pages and endpoints (the browser tests drive its script)."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission

from claims.desk import render_text, segments, suggest
from claims.models import Citation, Claim, Source
from tests import factories as make
from tests.test_admin import login

pytestmark = pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")

REPEATED = "Polls say 55% of voters agree."  # at 0 and at 105 in factories.TEXT


def desk_url(source, tail: str = "") -> str:
    return f"/admin/claims/source/{source.pk}/desk/{tail}"


@pytest.fixture
def curator(client, db):
    return login(client, "cora")


class DeskText(HTMLParser):
    """Collects the characters of #desk-text and the start offset of each element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.marks: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "desk-text":
            self.depth = 1
        elif self.depth:
            self.depth += 1
            if tag == "mark":
                self.marks.append({**attrs, "at": str(sum(map(len, self.text)))})

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def desk_text(page: str) -> DeskText:
    parser = DeskText()
    parser.feed(page)
    return parser


def cite_form(source, start: int, end: int, **fields) -> dict[str, str]:
    data = {
        "start": str(start),
        "end": str(end),
        "quote": source.text[start:end],
        "text_sha256": source.text_sha256,
        "kind": "percentage",
        "statement": "55% of voters agree.",
        "value": "55",
        "unit": "%",
        "modality": "reported",
        "stance": "supports",
    }
    data.update(fields)
    return data


# --- reading ----------------------------------------------------------------------------------


def test_the_desk_shows_the_source_text_exactly_with_each_quote_marked_at_its_offset(
    client, curator
):
    # Line breaks of every kind, an astral character, markup: the page's text nodes must
    # hold the source's characters one for one, or offsets from a selection would drift.
    text = "Head\r\nline <b>two</b> 😀 says 55% agree.\n\nAnd 55% agree again.\r"
    source = make.source(text=text)
    draft = make.claim(statement="Draft.")
    at = text.index("55%")
    first = make.citation(draft, source, quote="55% agree", start=at, end=at + 9)
    candidate = make.claim(statement="Candidate.", status="candidate")
    second = make.citation(candidate, source, quote="55% agree again")

    page = client.get(desk_url(source)).content.decode()
    found = desk_text(page)

    assert "".join(found.text) == text
    assert "&#13;" in page and "<b>two</b>" not in page
    by_id = {m["id"]: m for m in found.marks if "id" in m}
    assert by_id[f"q-{first.pk}"]["data-start"] == str(first.start)
    assert by_id[f"q-{second.pk}"]["data-start"] == str(second.start)
    assert "s-draft" in by_id[f"q-{first.pk}"]["class"]
    assert "s-candidate" in by_id[f"q-{second.pk}"]["class"]
    # Offsets are code points (Python's), the emoji counting one.
    assert first.start == text.index("55%")


def test_overlapping_quotes_stay_separate_marks_innermost_first():
    text = "The 20-point plan replaced a 28-point draft."
    outer = Citation(start=0, end=len(text) - 1, quote=text[:-1])
    inner = Citation(start=4, end=17, quote=text[4:17])

    cut = segments(text, [outer, inner])

    assert [(s.start, s.end) for s in cut] == [(0, 4), (4, 17), (17, 43), (43, 44)]
    assert cut[1].marks == (inner, outer)
    assert cut[2].marks == (outer,) and cut[3].marks == ()


def test_a_quote_inside_another_is_drawn_with_both_colours(client, curator):
    source = make.source()
    sentence = make.claim(kind="statement", value=None, unit="", statement="Plan.")
    make.citation(sentence, source, quote="The plan has 20 points.")
    count = make.claim(kind="count", value=20, unit="count", statement="20 points.")
    make.citation(count, source, quote="20 points")

    html_text = str(render_text(source.text, list(Citation.objects.select_related("claim"))))

    assert 'class="hl k-count s-draft d2"' in html_text
    assert "--u2:var(--k-statement)" in html_text


def test_the_side_list_has_every_claim_in_text_order_with_what_a_curator_checks(client, curator):
    source = make.source()
    later = make.claim(kind="area_rate", value=176, unit="mi2/month", statement="Rate.")
    make.citation(later, source, quote="about 176 square miles per month")
    earlier = make.claim(statement="Share.", claimant=make.actor(name="VTsIOM"))
    make.citation(earlier, source, quote=REPEATED, start=0, end=len(REPEATED))

    page = client.get(desk_url(source)).content.decode()

    assert page.index("Share.") < page.index("Rate.")
    assert "176 mi2/month" in page and "176.000000" not in page
    assert "VTsIOM" in page and "reported" in page
    assert f'href="#q-{earlier.citations.get().pk}"' in page
    assert f'href="/admin/claims/claim/{later.pk}/change/"' in page


def test_the_desk_answers_in_the_same_number_of_queries_for_3_or_30_claims(
    client, curator, django_assert_max_num_queries
):
    source = make.source()

    def add(n: int) -> None:
        for i in range(n):
            claim = make.claim(statement=f"Claim {i}.", claimant=make.actor())
            make.citation(claim, source, quote="The plan has 20 points.")

    add(3)
    # session, user, permissions (2), source, citations with claims and claimants, actors
    # and topics for the form's choices: none per claim.
    with django_assert_max_num_queries(9):
        assert client.get(desk_url(source)).status_code == 200
    add(27)
    with django_assert_max_num_queries(9):
        page = client.get(desk_url(source))
    assert page.content.decode().count('class="desk-item s-') == 30


def test_the_desk_is_for_signed_in_staff_only(client, db):
    source = make.source()

    response = client.get(desk_url(source))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_source_is_the_admins_404_page(client, curator):
    response = client.get("/admin/claims/source/00000000-0000-0000-0000-000000000000/desk/")

    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
    assert "Claims ledger" in response.content.decode()


# --- suggestions ------------------------------------------------------------------------------


def test_the_extractor_suggests_kind_value_unit_claimant_and_modality_for_a_selection(db):
    vtsiom = make.actor(name="VTsIOM")
    text = "Heading\nAccording to VTsIOM, 55% of Russians reportedly expect peace. Other things."
    start = text.index("55% of Russians")

    fields = suggest(text, start, start + len("55% of Russians"))

    assert fields["kind"] == "percentage"
    assert (fields["value"], fields["unit"]) == ("55", "percent")
    assert fields["claimant"] == str(vtsiom.pk)
    assert fields["modality"] == "reported"
    assert fields["statement"] == "According to VTsIOM, 55% of Russians reportedly expect peace."


def test_words_without_a_quantity_are_suggested_as_a_statement(db):
    text = "Talks will resume in Geneva. Nothing else."

    fields = suggest(text, 0, 27)

    assert fields["kind"] == "statement" and fields["value"] == ""


def test_suggestions_come_as_json_for_the_desks_script(client, curator):
    source = make.source()
    start = source.text.index("176")

    response = client.get(desk_url(source, "suggest/"), {"start": start, "end": start + 22})
    refused = client.get(desk_url(source, "suggest/"), {"start": 5, "end": 2})

    assert response.status_code == 200
    assert response.json()["fields"]["kind"] == "area_rate"
    assert refused.status_code == 400


# --- citing -----------------------------------------------------------------------------------


def test_citing_a_repeated_phrase_at_its_second_occurrence_anchors_there(client, curator):
    source = make.source()
    second = source.text.index(REPEATED, 1)

    response = client.post(
        desk_url(source, "cite/"), cite_form(source, second, second + len(REPEATED))
    )

    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["claim"])
    citation = claim.citations.get()
    assert (citation.start, citation.end) == (second, second + len(REPEATED))
    assert claim.status == "draft" and citation.method == "manual"
    assert claim.value == 55 and claim.unit == "%"
    assert claim.history.first().history_user == curator
    assert response.json()["url"] == f"/admin/claims/claim/{claim.pk}/change/"


def test_offsets_that_do_not_hold_the_quote_are_an_error_on_the_quote(client, curator):
    source = make.source()

    response = client.post(
        desk_url(source, "cite/"), cite_form(source, 0, 30, quote="something else entirely!!!!!!")
    )

    assert response.status_code == 400
    assert "quote" in response.json()["errors"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"value": "120"}, "value", "between 0 and 100"),
        ({"unit": "km2"}, "unit", "not a unit of percentage"),
        ({"statement": ""}, "statement", "required"),
        ({"kind": "statement"}, "value", "carries no quantity"),
    ],
)
def test_a_broken_claim_is_answered_on_its_field_and_nothing_is_saved(
    client, curator, fields, field, message
):
    source = make.source()

    response = client.post(desk_url(source, "cite/"), cite_form(source, 0, 30, **fields))

    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert not Claim.objects.exists() and not Citation.objects.exists()


def test_a_desk_opened_before_the_text_changed_cannot_cite(client, curator):
    source = make.source()
    form = cite_form(source, 0, 30)
    source.text = "Another text entirely, longer than thirty characters."
    source.save()

    response = client.post(desk_url(source, "cite/"), form)

    assert response.status_code == 400
    assert "changed after you opened the desk" in json.dumps(response.json())
    assert not Claim.objects.exists()


def test_a_user_who_may_not_add_claims_gets_the_admins_403_page(client, db, django_user_model):
    viewer = django_user_model.objects.create_user("vera", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.force_login(viewer)
    source = make.source()

    page = client.get(desk_url(source))
    response = client.post(desk_url(source, "cite/"), cite_form(source, 0, 30))

    assert page.status_code == 200 and 'id="desk-cite-form"' not in page.content.decode()
    assert response.status_code == 403 and "text/html" in response["Content-Type"]
    assert "Permission denied" in response.content.decode()
    assert not Claim.objects.exists()


def test_citing_needs_the_csrf_token_as_the_admin_does(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    login(strict, "cora")
    source = make.source()

    response = strict.post(desk_url(source, "cite/"), cite_form(source, 0, 30))

    assert response.status_code == 403
    assert not Claim.objects.exists()


# --- candidates -------------------------------------------------------------------------------


def candidate_on(source) -> Claim:
    claim = make.claim(status="candidate", statement="Machine-proposed.")
    make.citation(claim, source, quote=REPEATED, start=0, end=len(REPEATED))
    return claim


def test_accepting_a_candidate_on_the_desk_opens_the_new_draft(client, curator):
    source = make.source()
    claim = candidate_on(source)

    response = client.post(desk_url(source, f"claims/{claim.pk}/accept/"), follow=True)

    claim.refresh_from_db()
    assert claim.status == "draft"
    assert response.redirect_chain[-1][0] == f"/admin/claims/claim/{claim.pk}/change/"
    assert "is now a draft" in response.content.decode()


def test_rejecting_a_candidate_needs_a_reason_and_keeps_it(client, curator):
    source = make.source()
    claim = candidate_on(source)

    refused = client.post(
        desk_url(source, f"claims/{claim.pk}/reject/"), {"reason": " "}, follow=True
    )
    claim.refresh_from_db()
    assert claim.status == "candidate"
    assert "Say why the candidate is rejected" in html.unescape(refused.content.decode())

    client.post(desk_url(source, f"claims/{claim.pk}/reject/"), {"reason": "a year, not a share"})
    claim.refresh_from_db()
    assert claim.status == "rejected" and "a year, not a share" in claim.notes
    page = client.get(desk_url(source)).content.decode()
    assert "s-void" in page and "Accept as draft" not in page


def test_only_candidates_of_this_source_are_accepted_here(client, curator):
    source = make.source()
    published = make.published_claim()  # cites another source
    draft = make.claim()
    make.citation(draft, source, quote=REPEATED, start=0, end=len(REPEATED))

    elsewhere = client.post(desk_url(source, f"claims/{published.pk}/accept/"))
    page = client.post(desk_url(source, f"claims/{draft.pk}/reject/"), {"reason": "x"}, follow=True)

    assert elsewhere.status_code == 404
    assert "Only a candidate can be rejected" in html.unescape(page.content.decode())


def test_proposing_from_the_desk_puts_candidates_in_the_text(client, curator):
    source = make.source()

    response = client.post(desk_url(source, "propose/"), follow=True)

    page = response.content.decode()
    assert Claim.objects.filter(status="candidate").exists()
    assert "s-candidate" in page and "Accept as draft" in page and "Reject…" in page


def test_a_source_is_saved_straight_into_its_desk(client, curator):
    response = client.post(
        "/admin/claims/source/add/",
        {
            "title": "A pasted article",
            "text": "Polls say 55% agree.",
            "authors": "Ann Author\n  Bo Writer  \n",
            "kind": "article",
            "language": "en",
            "published_precision": "unknown",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
            "_opendesk": "Save and open the desk",
        },
    )

    source = Source.objects.get(title="A pasted article")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == desk_url(source)
    assert source.authors == ["Ann Author", "Bo Writer"]
