"""GET /api/v1/claims/ and its relatives, through HTTP: content, filters, search, visibility."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from claims.models import Claim
from tests.api_support import assert_error, body, fixed_id, ids

pytestmark = pytest.mark.django_db

PUBLIC = {str(fixed_id(n)) for n in (40, 41, 42, 43, 44, 45)}
HIDDEN = {str(fixed_id(46)), str(fixed_id(47))}  # the draft and the candidate


def listed(client, query: str = "", url: str = "/api/v1/claims/") -> list[str]:
    response = client.get(f"{url}?page_size=200&{query}")
    assert response.status_code == 200, response.content
    return ids(body(response)["results"])


# --- what a claim says -------------------------------------------------------------------


def test_a_claim_carries_its_provenance(client, ledger):
    claim = body(client.get(f"/api/v1/claims/{ledger.poll.id}/"))

    assert claim["claimant"]["slug"] == "vtsiom"
    assert claim["conveyed_by"]["slug"] == "tass"
    (citation,) = claim["citations"]
    assert citation["quote"] == "About 55% of Russians expect the war to end in 2026"
    assert ledger.article.text[citation["start"] : citation["end"]] == citation["quote"]
    assert citation["source"]["source_url"] == "https://news.example/peace-talks"
    assert citation["source"]["url"] == f"http://testserver/api/v1/sources/{ledger.article.id}/"
    assert citation["source"]["publisher"]["name"] == "Reuters"
    assert claim["url"] == f"http://testserver/api/v1/claims/{ledger.poll.id}/"


def test_quantities_are_json_numbers_as_stated_and_normalised(client, ledger):
    claim = body(client.get(f"/api/v1/claims/{ledger.advance.id}/"))

    assert (claim["value"], claim["unit"]) == (176, "mi2/month")
    assert (claim["value_si"], claim["unit_si"]) == (455.837907, "km2/month")
    assert claim["lower"] is None and claim["lower_si"] is None

    poll = body(client.get(f"/api/v1/claims/{ledger.poll.id}/"))
    assert (poll["lower"], poll["upper"], poll["upper_si"]) == (52, 58.5, 58.5)


def test_a_claim_without_a_quantity_has_nulls_not_empty_strings(client, ledger):
    claim = body(client.get(f"/api/v1/claims/{ledger.plan_claim.id}/"))

    assert claim["value"] is None and claim["unit"] is None and claim["unit_si"] is None
    assert claim["proposal"]["slug"] == "us-ukraine-20-point-plan"
    assert claim["provision"] == {
        "id": str(ledger.guarantees.id),
        "number": 7,
        "summary": "Security guarantees.",
    }


def test_superseded_and_retracted_claims_are_marked(client, ledger):
    old = body(client.get(f"/api/v1/claims/{ledger.old_plan_claim.id}/"))
    gone = body(client.get(f"/api/v1/claims/{ledger.retracted.id}/"))

    assert old["status"] == "superseded"
    assert old["superseded_by"] == {
        "id": str(ledger.plan_claim.id),
        "url": f"http://testserver/api/v1/claims/{ledger.plan_claim.id}/",
    }
    assert gone["status"] == "retracted" and gone["superseded_by"] is None


def test_list_is_newest_first_by_default(client, ledger):
    assert listed(client) == [str(fixed_id(n)) for n in (45, 44, 43, 42, 41, 40)]


# --- visibility --------------------------------------------------------------------------


def test_anonymous_reader_never_sees_drafts_or_candidates(client, ledger):
    assert set(listed(client)) == PUBLIC
    assert set(listed(client, "status=draft&status=candidate")) == set()
    assert set(listed(client, "q=Secret")) == set()
    for claim in (ledger.draft, ledger.candidate):
        assert client.get(f"/api/v1/claims/{claim.id}/").status_code == 404
        assert client.get(f"/api/v1/claims/{claim.id}/jsonld").status_code == 404
    assert set(listed(client, url=f"/api/v1/sources/{ledger.article.id}/claims/")) == PUBLIC


def test_anonymous_exports_hold_no_drafts(client, ledger):
    ndjson = body(client.get("/api/v1/claims/export.ndjson")).decode()
    csv = body(client.get("/api/v1/claims/export.csv")).decode()

    assert "Secret draft" not in ndjson and "Secret draft" not in csv
    assert "Machine-found" not in ndjson and "Machine-found" not in csv


def test_staff_see_every_claim_and_can_filter_by_any_status(staff_client, ledger):
    assert set(listed(staff_client)) == PUBLIC | HIDDEN
    assert listed(staff_client, "status=candidate") == [str(ledger.candidate.id)]
    assert staff_client.get(f"/api/v1/claims/{ledger.draft.id}/").status_code == 200


def test_staff_answers_are_private(staff_client, ledger):
    response = staff_client.get("/api/v1/claims/")

    assert response["Cache-Control"] == "private, no-cache"


def test_staff_and_anonymous_answers_do_not_share_a_cache_entry(client, staff_client, ledger):
    from django.test import Client

    anonymous = Client()
    first = anonymous.get("/api/v1/claims/?page_size=200")
    staff = staff_client.get("/api/v1/claims/?page_size=200")

    assert len(body(first)["results"]) == 6
    assert len(body(staff)["results"]) == 8
    assert first["ETag"] != staff["ETag"]


# --- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=percentage", {40}),
        ("kind=area&kind=area_rate", {41, 42}),
        ("status=retracted", {45}),
        ("status=superseded&status=retracted", {44, 45}),
        ("modality=demanded", {41}),
        ("claimant=vtsiom", {40}),
        (f"claimant={fixed_id(3)}", {41}),
        ("subject=russ", {40}),
        ("topic=territory", {41}),
        ("topic=no-such-topic", set()),
        (f"source={fixed_id(20)}", {40, 41, 42, 43, 44, 45}),
        (f"source={fixed_id(99)}", set()),
        ("proposal=us-ukraine-20-point-plan", {43}),
        (f"proposal={fixed_id(30)}", {44}),
        ("as_of_after=2025-11-30", {40}),
        ("as_of_before=2025-11-29", set()),
        ("value_si_min=400&value_si_max=500", {42}),
        ("value_si_min=1000", {41}),
        ("value_si_min=1e400", set()),  # beyond any stored value: nothing, not an error
        ("value_si_max=-1e400", set()),
        ("kind=percentage&claimant=tass", set()),
        ("unknown_parameter=ignored", {40, 41, 42, 43, 44, 45}),
    ],
)
def test_filters(client, ledger, query, expected):
    assert set(listed(client, query)) == {str(fixed_id(n)) for n in expected}


def test_value_bounds_of_any_precision_round_towards_what_they_exclude(client, ledger):
    # Values are stored with six decimals: a bound finer than that rounds up for a minimum
    # and down for a maximum, so a stored 0 is outside "more than 1e-62" and "less than -1e-62".
    Claim.objects.filter(pk=fixed_id(40)).update(value_si=Decimal(0))
    zero = str(fixed_id(40))

    assert zero in listed(client, "value_si_min=0")
    assert zero not in listed(client, "value_si_min=1e-62")
    assert zero in listed(client, "value_si_max=0")
    assert zero not in listed(client, "value_si_max=-1e-62")
    assert set(listed(client, "value_si_max=1e400")) == set(listed(client, "value_si_min=-1e400"))


def test_updated_after_with_updated_at_ordering_is_a_sync_feed(client, ledger):
    # Timestamps are pinned a minute apart in id order; 44 and after changed at T0+4min on.
    found = listed(client, "updated_after=2026-01-02T03:08:05Z&ordering=updated_at")

    assert found == [str(fixed_id(n)) for n in (44, 45)]


def test_a_citation_change_moves_the_claim_into_the_sync_feed(client, ledger):
    from tests.api_support import cite

    cite(ledger.poll, "VTsIOM poll", ledger.article, 60)

    found = listed(client, "updated_after=2026-01-03T00:00:00Z")
    assert found == [str(ledger.poll.id)]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("kind=opinion", "kind"),
        ("status=lost", "status"),
        ("modality=whispered", "modality"),
        ("source=not-a-uuid", "source"),
        ("as_of_after=yesterday", "as_of_after"),
        ("as_of_before=2025-02-30", "as_of_before"),
        ("value_si_min=lots", "value_si_min"),
        ("value_si_max=inf", "value_si_max"),
        ("value_si_min=NaN", "value_si_min"),
        ("updated_after=soon", "updated_after"),
        ("ordering=value_si", "ordering"),
        ("q=" + "+".join(["ceasefire"] * 33), "q"),  # 5,000 words were a 503 on SQLite
        ("q=" + "x" * 501, "q"),
    ],
)
def test_invalid_filter_values_are_a_400_naming_the_parameter(client, ledger, query, parameter):

    assert_error(client.get(f"/api/v1/claims/?{query}"), 400, "invalid_parameter", parameter)


# --- search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("2026", {40}),
        ("donbas", {41}),  # statement
        ("square miles", {42}),  # quote only: "176 square miles per month"
        ("poll reported", {45}),
        ("nothing-like-this", set()),
    ],
)
def test_search_covers_statements_and_quotes(client, ledger, q, expected):
    assert set(listed(client, f"q={q}")) == {str(fixed_id(n)) for n in expected}


def test_search_follows_citation_edits(client, ledger):
    from tests.api_support import cite

    assert listed(client, "q=Moscow") == []
    cite(ledger.demand, "MOSCOW, Dec 1", ledger.article, 61)
    assert listed(client, "q=moscow") == [str(ledger.demand.id)]

    ledger.demand.citations.get(quote="MOSCOW, Dec 1").delete()
    assert listed(client, "q=moscow") == []


def test_search_document_is_stored_on_the_claim(ledger):
    stored = Claim.objects.values_list("search_text", flat=True).get(pk=ledger.advance.pk)

    assert stored == (
        "Russian forces advance about 176 sq mi a month.\n"
        "Russian forces advanced about 176 square miles per month"
    )


# --- sub-lists ---------------------------------------------------------------------------


def test_claims_of_a_proposal_include_those_about_its_provisions(client, ledger):
    assert listed(client, url=f"/api/v1/proposals/{ledger.plan.id}/claims/") == [
        str(ledger.plan_claim.id)
    ]
    assert listed(client, url=f"/api/v1/proposals/{ledger.draft_plan.id}/claims/") == [
        str(ledger.old_plan_claim.id)
    ]


def test_sub_lists_of_a_missing_parent_are_404(client, ledger):

    assert_error(client.get(f"/api/v1/sources/{fixed_id(99)}/claims/"), 404, "not_found")
    assert_error(client.get(f"/api/v1/proposals/{fixed_id(99)}/claims/"), 404, "not_found")


def test_sub_lists_take_the_claim_filters(client, ledger):
    url = f"/api/v1/sources/{ledger.article.id}/claims/"

    assert listed(client, "kind=area", url=url) == [str(ledger.demand.id)]


@pytest.mark.parametrize(
    "moment",
    ["0350-04-06T05:52:44+17:27", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
)
def test_exotic_or_out_of_range_times_never_reach_the_database_raw(client, ledger, moment):
    from urllib.parse import quote

    response = client.get(f"/api/v1/claims/?updated_after={quote(moment)}")

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert_error(response, 400, "invalid_parameter", "updated_after")
    assert client.get("/api/v1/claims/").status_code == 200  # the transaction is still usable


def test_tagging_a_claim_moves_it_into_the_sync_feed(client, ledger):
    ledger.demand.topics.add(ledger.opinion)
    ledger.opinion.claims.add(ledger.advance)  # from the topic's side too

    found = listed(client, "updated_after=2026-01-03T00:00:00Z")
    assert set(found) == {str(ledger.demand.id), str(ledger.advance.id)}


def test_head_and_options_answer_without_error(client, ledger):
    head = client.head("/api/v1/claims/")
    options = client.options("/api/v1/claims/")

    assert head.status_code == 200 and head["ETag"]
    assert options.status_code == 200 and options["Content-Type"] == "application/json"


def test_topic_pages_follow_tagging_publication_kind_and_deletion(staff_client, ledger):
    # On PostgreSQL a topic page reads the topic's walk (models.TopicWalk), which triggers
    # keep; whatever happens to a claim or its tags, the page must say what the claims say.
    client = Client()  # anonymous: staff_client logs in the `client` fixture itself
    draft = ledger.draft
    assert listed(client, "topic=territory") == [str(ledger.demand.id)]

    draft.topics.add(ledger.territory)
    assert listed(client, "topic=territory") == [str(ledger.demand.id)]
    assert set(listed(staff_client, "topic=territory")) == {str(ledger.demand.id), str(draft.id)}
    assert listed(staff_client, "kind=count&topic=territory") == [str(draft.id)]

    Claim.objects.filter(pk=draft.pk).update(assertion=None, rank="normal", rank_reason="")
    Claim.objects.filter(pk=draft.pk).update(  # out of its group: a group keeps one kind
        kind="statement", value=None, unit="", value_si=None, unit_si=""
    )
    assert listed(staff_client, "kind=count&topic=territory") == []
    assert listed(staff_client, "kind=statement&topic=territory") == [str(draft.id)]

    ledger.demand.topics.remove(ledger.territory)
    ledger.opinion.claims.add(ledger.demand)  # tagged from the topic's side
    assert listed(client, "topic=territory") == []
    assert str(ledger.demand.id) in listed(client, "topic=public-opinion")

    draft.delete()
    assert listed(staff_client, "topic=territory") == []
    ledger.opinion.delete()
    assert listed(client, "topic=public-opinion") == []


def test_a_claim_becoming_public_joins_its_topic_pages(client, ledger):
    ledger.draft.topics.add(ledger.opinion)
    assert str(ledger.draft.id) not in listed(client, "topic=public-opinion")

    Claim.objects.filter(pk=ledger.draft.pk).update(status="published")
    assert str(ledger.draft.id) in listed(client, "topic=public-opinion")
    assert listed(client, "kind=count&topic=public-opinion") == [str(ledger.draft.id)]


def test_the_walks_public_statuses_are_the_ledgers():
    from claims import db_rules
    from claims.models import ClaimQuerySet

    assert str(ClaimQuerySet.PUBLIC_STATUSES) == db_rules.WALK_PUBLIC


def test_public_pages_name_the_public_statuses_in_their_sql(client, ledger, settings):
    # A prepared statement's generic plan cannot prove a partial index's predicate from
    # parameters: with `status IN ($1, …)` PostgreSQL walked past every newer draft (first
    # page 510 ms behind 100,000 drafts against 0.9 ms with the statuses written in).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.API_RESPONSE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/claims/?kind=area").status_code == 200
    page = [q["sql"] for q in queries.captured_queries if "claims_claim" in q["sql"]]
    assert page and all(
        "IN ('published', 'disputed', 'superseded', 'retracted')" in sql for sql in page
    )


@pytest.mark.django_db(transaction=True)
def test_topic_pages_survive_a_flush_of_the_ledger(client):
    # A TRUNCATE (test flushes, restores) bypasses row triggers; the topic walk empties with
    # the tables it copies, and the same ids can be tagged again afterwards.
    from django.core.management import call_command

    from tests.api_support import build_ledger

    build_ledger()
    call_command("flush", "--no-input", verbosity=0)
    ledger = build_ledger()
    assert listed(client, "topic=territory") == [str(ledger.demand.id)]
