"""A claim's suggested groups in a real browser: a curator confirms one with one click."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from claims.models import Claim
from tests.api_support import build_groups, build_ledger
from tests.assertion_support import reviewer
from tests.browser.support import axe_violations, sign_in
from tests.test_suggestions_api import LEVADA, NOVEMBER, add_levada_report


def test_a_curator_confirms_a_suggested_group_and_sees_the_claim_in_it(page, base, curator, axe):
    build_groups(build_ledger(), reviewer(get_user_model(), "grouper"))
    add_levada_report()
    sign_in(page, base, curator)
    page.goto(f"{base}/admin/claims/claim/{LEVADA}/change/")
    row = page.locator(f"#suggested-groups tr[data-assertion='{NOVEMBER}']")
    assert "Russians expecting the war to end, November" in row.inner_text()
    assert "(strong)" in row.inner_text()
    assert axe_violations(page) == [], "the suggestions table and its buttons"

    row.locator("button", has_text="Confirm").click()  # posts the form, CSRF token and all
    page.wait_for_selector(".messagelist >> text=Grouped into")
    assert page.url.endswith(f"/admin/claims/claim/{LEVADA}/change/")
    assert Claim.objects.get(pk=LEVADA).assertion_id == NOVEMBER
    assert page.locator("#suggested-groups").count() == 0, "in a group: nothing to suggest"

    page.click(f"a[href='/admin/claims/assertion/{NOVEMBER}/change/']")
    page.wait_for_url(f"**/admin/claims/assertion/{NOVEMBER}/change/")
    members = page.inner_text("table.assertion-members")
    assert "Levada Center" in members
    assert "Around 54% of Russians expect the war to end next year" in members
