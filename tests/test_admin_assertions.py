"""The curators' desk for groups of claims: a claim's group and rank, a group's members side
by side, the rank and resolve buttons (the same services as the API), the series chart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.models import Assertion, Claim
from tests import factories
from tests.api_support import build_groups, fixed_id
from tests.test_admin import login

NOVEMBER = fixed_id(60)


@pytest.fixture
def groups(ledger, django_user_model):
    from tests.assertion_support import reviewer

    return build_groups(ledger, reviewer(django_user_model, "grouper"))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_claims_page_shows_its_group_and_rank(client, groups):
    login(client, "cora")
    html = page(client, f"/admin/claims/claim/{fixed_id(48)}/change/")
    assert f"/admin/claims/assertion/{NOVEMBER}/change/" in html
    assert "rank <strong>normal</strong>" in html


def test_a_groups_page_shows_members_side_by_side_and_the_series_chart(client, groups):
    login(client, "cora")
    html = page(client, f"/admin/claims/assertion/{NOVEMBER}/change/")
    for seen in ("VTsIOM", "FOM", "Reuters", "<mark>Some 45% of Russians expect the war</mark>"):
        assert seen in html, seen
    assert "conflicting" in html and 'style="background:#fdecea"' in html
    assert "<svg" in html and 'class="point conflict"' in html


def test_a_reviewer_deprecates_a_member_with_a_reason_from_the_group_page(client, groups):
    login(client, "rex", reviewer=True)
    url = f"/admin/claims/assertion/{NOVEMBER}/member/{fixed_id(48)}/deprecated/"
    response = client.post(url, {f"reason-{fixed_id(48)}": "misread release"})
    assert response.status_code == 302
    claim = Claim.objects.get(pk=fixed_id(48))
    assert (claim.rank, claim.rank_reason) == ("deprecated", "misread release")
    assert not Assertion.objects.get(pk=NOVEMBER).conflicting
    assert claim.history.latest().history_user.username == "rex"


def test_a_curator_may_prefer_but_not_deprecate_or_split(client, groups):
    login(client, "cora")
    before = Assertion.objects.count()
    base = f"/admin/claims/assertion/{NOVEMBER}/member/{fixed_id(48)}"
    client.post(f"{base}/deprecated/", {f"reason-{fixed_id(48)}": "no"})
    client.post(f"{base}/split/", {})
    assert Claim.objects.get(pk=fixed_id(48)).rank == "normal"
    assert Assertion.objects.count() == before, "not split"
    client.post(f"{base}/preferred/", {})
    assert Claim.objects.get(pk=fixed_id(48)).rank == "preferred"
    assert Assertion.objects.get(pk=NOVEMBER).preferred_value_si == Decimal(45)


def test_group_selected_claims_from_the_claim_list(client, ledger):
    login(client, "cora")
    a, b = (factories.published_claim(value=Decimal(v)) for v in (10, 11))
    response = client.post(
        "/admin/claims/claim/",
        {"action": "group_selected", "_selected_action": [a.pk, b.pk], "reason": "share"},
    )
    assert response.status_code == 302
    made = Assertion.objects.get(statement="share")
    assert (made.statement, made.members) == ("share", 2)


def test_the_group_list_is_a_fixed_number_of_queries(client, groups, django_assert_max_num_queries):
    from claims import services

    user = login(client, "cora")
    with django_assert_max_num_queries(12):
        page(client, "/admin/claims/assertion/")
    for n in range(10):
        claim = factories.published_claim(value=Decimal(n))
        services.create_assertion(by=user, claims=[claim], statement=f"g{n}", kind="percentage")
    with django_assert_max_num_queries(12):
        assert "g9" in page(client, "/admin/claims/assertion/")


def test_a_group_added_in_the_admin_takes_its_claims_through_the_service(client, ledger):
    login(client, "cora")
    a = factories.published_claim(value=Decimal(10))
    taken = factories.published_claim(value=Decimal(11))
    other = Assertion.objects.create(statement="elsewhere", kind="percentage")
    Claim.objects.filter(pk=taken.pk).update(assertion=other)
    form = {"statement": "share", "kind": "percentage", "add_claims": f"{a.pk}\n"}
    response = client.post("/admin/claims/assertion/add/", form)
    assert response.status_code == 302, response.content
    made = Assertion.objects.get(statement="share")
    assert (made.members, list(made.claims.all())) == (1, [a])
    client.post(
        f"/admin/claims/assertion/{made.pk}/change/",
        {"statement": "share", "add_claims": f"{taken.pk}", "loaded_updated_at": ""},
    )
    assert Claim.objects.get(pk=taken.pk).assertion == other, "one group per claim"
