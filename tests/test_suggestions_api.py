"""/api/v1/claims/{id}/group-suggestions/: the groups a new report may belong to, as a
curator's tool reads them, confirms one with the group write, or rejects one for good.

Over the small ledger's two poll groups (tests/api_support.build_groups): a new Levada
report of 54% in November agrees with the VTsIOM poll in the November group and is a later
point's predecessor in the December one. The golden answer pins the wire format (regenerate
with ``UPDATE_GOLDEN=1`` and review the diff).
"""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from operator import attrgetter

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.test import APIClient

from claims import grouping, services
from claims.api.v1.suggestions import RejectionSerializer, SuggestionsSerializer
from claims.models import Actor, Assertion, Claim, GroupSuggestionRejection, Source
from tests import factories
from tests.api_support import (
    Groups,
    assert_error,
    body,
    build_groups,
    cite,
    fixed_id,
    pin_timestamps,
    publish,
)
from tests.assertion_support import reviewer
from tests.test_admin import login
from tests.test_api_contract import conforms
from tests.test_api_golden import GOLDEN, _pretty
from tests.test_api_writes import client_as

NOVEMBER, DECEMBER, DRAFTS = fixed_id(60), fixed_id(61), fixed_id(62)
LEVADA = fixed_id(70)
TEXT = "KYIV, Dec 3 - Around 54% of Russians expect the war to end next year, Levada said."


def suggestions_of(claim_id) -> str:
    return f"/api/v1/claims/{claim_id}/group-suggestions/"


def reject_url(claim_id, assertion_id) -> str:
    return f"{suggestions_of(claim_id)}{assertion_id}/reject/"


def add_levada_report() -> Claim:
    """A published Levada poll of 54% in November, from its own source, in no group."""
    levada = Actor.objects.create(id=fixed_id(7), slug="levada", name="Levada Center",
                                  kind="pollster")  # fmt: skip
    source = Source.objects.create(
        id=fixed_id(22), url="https://news.example/levada", title="Levada: the war's end",
        publisher=levada, published_on=date(2025, 12, 3), published_precision="day", text=TEXT,
    )  # fmt: skip
    claim = Claim.objects.create(
        id=LEVADA, kind="percentage", statement="54% of Russians expect the war to end.",
        claimant=levada, subject="Russians", value=Decimal(54), unit="%", approximate=True,
        as_of=date(2025, 11, 1), time_precision="month", modality="reported",
    )  # fmt: skip
    cite(claim, "Around 54% of Russians expect the war to end next year", source, 59)
    publish(claim)
    pin_timestamps()
    return claim


@pytest.fixture
def groups(ledger, django_user_model) -> Groups:
    made = build_groups(ledger, reviewer(django_user_model, "grouper"))
    add_levada_report()
    return made


# --- reading suggestions -----------------------------------------------------------------------


def test_the_answer_matches_its_golden_file(client, groups):
    response = client.get(suggestions_of(LEVADA))
    assert response.status_code == 200
    live = _pretty(json.loads(response.content))
    path = GOLDEN / "claim_group_suggestions.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(live)
    assert json.loads(live) == json.loads(path.read_text()), f"see {path}"


def test_a_new_report_is_offered_its_group_first_and_the_series_point_after(client, groups):
    answer = body(client.get(suggestions_of(LEVADA)))
    assert answer["thresholds"] == {"suggest": grouping.SUGGEST, "strong": grouping.STRONG}
    first, second = answer["results"]
    assert (first["assertion"]["id"], first["relation"]) == (str(NOVEMBER), "same")
    assert first["strong"] is True and first["conflicting"] is False
    assert first["score"] >= grouping.STRONG
    assert "value agrees with ~52–58.5 %" in first["reasons"]
    assert (second["assertion"]["id"], second["relation"]) == (str(DECEMBER), "series")
    assert second["confirm"] is None, "a series point is never a member"
    assert first["score"] >= second["score"]


def test_the_answer_has_exactly_the_documented_shape(staff_client, groups):
    conforms(body(staff_client.get(suggestions_of(LEVADA))), SuggestionsSerializer(), "s")


def test_suggestions_below_the_threshold_are_not_shown(client, groups):
    near = factories.published_claim(
        kind="percentage", value=Decimal(54), unit="%", subject="Ukrainian refugees abroad",
        place="Poland", as_of=date(2024, 3, 1), modality="estimated",
    )  # fmt: skip
    grouped = Claim.objects.with_provenance().exclude(assertion=None)
    claim = Claim.objects.with_provenance().get(pk=near.pk)
    weak = grouping.suggest_for(claim, grouped, group_of=attrgetter("assertion_id"), threshold=0)
    assert weak and all(s.score < grouping.SUGGEST for s in weak), "scored, but weakly"
    assert body(client.get(suggestions_of(near.pk)))["results"] == []


def test_anonymous_readers_see_only_public_groups_and_claims(
    staff_client, groups, django_user_model
):
    anonymous = APIClient()
    draft = factories.claim(
        kind="percentage", value=Decimal(54), unit="%", approximate=True, subject="Russians",
        as_of=date(2025, 11, 1), time_precision="month", modality="reported",
    )  # fmt: skip
    hidden = services.create_assertion(
        by=reviewer(django_user_model, "drafter"), claims=[draft], statement="A draft's group",
        kind="percentage",
    )  # fmt: skip

    def offered(client, claim_id) -> list[str]:
        return [s["assertion"]["id"] for s in body(client.get(suggestions_of(claim_id)))["results"]]

    assert str(hidden.pk) in offered(staff_client, LEVADA), "staff see the drafts' group"
    assert str(hidden.pk) not in offered(anonymous, LEVADA)
    assert str(NOVEMBER) in offered(anonymous, LEVADA)
    assert_error(anonymous.get(suggestions_of(draft.pk)), 404, "not_found")
    assert str(NOVEMBER) in offered(staff_client, draft.pk)
    assert_error(anonymous.get(suggestions_of(fixed_id(999))), 404, "not_found")


def test_a_claim_is_not_offered_its_own_group(client, groups):
    answer = body(client.get(suggestions_of(groups.fom.pk)))  # a member of November
    assert str(NOVEMBER) not in [s["assertion"]["id"] for s in answer["results"]]


def test_suggestions_are_a_fixed_number_of_queries(
    client, groups, django_user_model, django_assert_max_num_queries
):
    # ledger version; the claim, its topics, its citations with their sources; the
    # candidate members, their topics, their citations; their groups
    with django_assert_max_num_queries(8):
        assert len(body(client.get(suggestions_of(LEVADA)))["results"]) == 2
    by = reviewer(django_user_model, "bulk")
    for n in range(10):
        member = factories.published_claim(
            kind="percentage", value=Decimal(54), unit="%", subject="Russians",
            as_of=date(2025, 11, 1), time_precision="month", modality="reported",
        )  # fmt: skip
        services.create_assertion(by=by, claims=[member], statement=f"g{n}", kind="percentage")
    cache.clear()
    with django_assert_max_num_queries(8):
        assert len(body(client.get(suggestions_of(LEVADA)))["results"]) == 12


# --- confirming and rejecting ------------------------------------------------------------------


def test_a_suggestion_is_confirmed_with_the_group_write_it_names(groups):
    curator = client_as("curator")
    (first, _series) = body(curator.get(suggestions_of(LEVADA)))["results"]
    confirm = first["confirm"]
    etag = curator.get(first["assertion"]["url"])["ETag"]
    response = curator.post(
        confirm["url"], {"claims": confirm["claims"]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert str(LEVADA) in [m["id"] for m in body(response)["claims"]]
    assert Claim.objects.get(pk=LEVADA).assertion_id == NOVEMBER
    left = [s["assertion"]["id"] for s in body(curator.get(suggestions_of(LEVADA)))["results"]]
    assert str(NOVEMBER) not in left, "its own group now"


def test_a_rejected_suggestion_is_never_suggested_again(client, groups):
    before = client.get(suggestions_of(LEVADA))  # read (and cached) before the rejection
    assert str(NOVEMBER) in before.content.decode()
    curator = client_as("curator")
    response = curator.post(
        reject_url(LEVADA, NOVEMBER), {"reason": "Levada asks another question"}, format="json"
    )
    assert response.status_code == 200, response.content
    rejection = body(response)
    conforms(rejection, RejectionSerializer(), "rejection")
    assert (rejection["rejected_by"], rejection["reason"]) == (
        "user-curator",
        "Levada asks another question",
    )
    after = client.get(suggestions_of(LEVADA), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200, "the rejection changed the answer"
    assert [s["assertion"]["id"] for s in body(after)["results"]] == [str(DECEMBER)]
    again = curator.post(reject_url(LEVADA, NOVEMBER), {}, format="json")
    assert again.status_code == 200
    assert body(again) == rejection, "a repeat is a no-op answering the first rejection"
    assert GroupSuggestionRejection.objects.filter(claim=LEVADA).count() == 1


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), (None, 403)])
def test_only_curators_reject(groups, role, status):
    response = client_as(role).post(reject_url(LEVADA, NOVEMBER), {}, format="json")
    assert_error(response, status, "not_authenticated" if status == 401 else "permission_denied")
    assert not GroupSuggestionRejection.objects.exists()


def test_rejecting_needs_a_claim_and_a_group_that_exist_and_a_short_reason(groups):
    curator = client_as("curator")
    assert_error(curator.post(reject_url(fixed_id(999), NOVEMBER)), 404, "not_found")
    assert_error(curator.post(reject_url(LEVADA, fixed_id(999))), 404, "not_found")
    response = curator.post(reject_url(LEVADA, NOVEMBER), {"reason": "x" * 501}, format="json")
    assert_error(response, 400, "invalid", "reason")
    own = curator.post(reject_url(groups.fom.pk, NOVEMBER), {}, format="json")
    assert_error(own, 400, "invalid", "assertion")
    assert not GroupSuggestionRejection.objects.exists()


def test_a_rejection_goes_with_its_group(groups, django_user_model):
    curator = client_as("curator")
    assert curator.post(reject_url(LEVADA, DECEMBER)).status_code == 200
    by = reviewer(django_user_model, "ungrouper")
    services.ungroup_claims(groups.december, [groups.fom_december], by=by)  # the last member
    assert not Assertion.objects.filter(pk=DECEMBER).exists()
    assert not GroupSuggestionRejection.objects.exists()


# --- the admin's Confirm and Reject buttons on a claim's page -------------------------------


def admin_page(client, claim_id) -> str:
    response = client.get(f"/admin/claims/claim/{claim_id}/change/")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def admin_action(claim_id, assertion_id, action: str) -> str:
    return f"/admin/claims/claim/{claim_id}/suggestion/{assertion_id}/{action}/"


def test_a_curator_rejects_a_suggestion_from_the_claims_page(client, groups):
    login(client, "cora")
    html = admin_page(client, LEVADA)
    assert f'formaction="{admin_action(LEVADA, NOVEMBER, "reject")}"' in html
    assert f'formaction="{admin_action(LEVADA, NOVEMBER, "confirm")}"' in html
    assert admin_action(LEVADA, DECEMBER, "confirm") not in html, "a series point: no Confirm"
    response = client.post(
        admin_action(LEVADA, NOVEMBER, "reject"),
        {f"suggestion-reason-{NOVEMBER}": "another question"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/admin/claims/claim/{LEVADA}/change/", 302)]
    assert "is not suggested for this claim again" in response.content.decode()
    rejection = GroupSuggestionRejection.objects.get(claim=LEVADA)
    assert (rejection.assertion_id, rejection.reason) == (NOVEMBER, "another question")
    assert rejection.rejected_by.username == "cora"
    assert admin_action(LEVADA, NOVEMBER, "reject") not in admin_page(client, LEVADA)


def test_a_curator_confirms_a_suggestion_from_the_claims_page(client, groups):
    login(client, "cora")
    response = client.post(admin_action(LEVADA, NOVEMBER, "confirm"))
    assert response.status_code == 302
    assert Claim.objects.get(pk=LEVADA).assertion_id == NOVEMBER
    assert Assertion.objects.get(pk=NOVEMBER).members == 3


def test_staff_who_may_not_group_see_no_buttons_and_are_refused(client, groups, django_user_model):
    reader = django_user_model.objects.create_user("vera", password="pw", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(reader)
    html = admin_page(client, LEVADA)
    assert "Suggested groups" in html and "Russians expecting the war to end, November" in html
    assert "suggestion-confirm" not in html and "suggestion-reject" not in html
    for action in ("confirm", "reject"):
        assert client.post(admin_action(LEVADA, NOVEMBER, action)).status_code == 403
    assert Claim.objects.get(pk=LEVADA).assertion_id is None
    assert not GroupSuggestionRejection.objects.exists()


def test_the_buttons_answer_only_posts(client, groups):
    login(client, "cora")
    assert client.get(admin_action(LEVADA, NOVEMBER, "confirm")).status_code == 403
    assert client.post(admin_action(LEVADA, NOVEMBER, "merge")).status_code == 403
    assert Claim.objects.get(pk=LEVADA).assertion_id is None
