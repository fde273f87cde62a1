"""verify_citations and create_curator, run as an operator would."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.models import Citation
from tests import factories as make

pytestmark = pytest.mark.django_db


def test_verify_citations_reports_every_citation_checked(seed, capsys):
    call_command("verify_citations")

    assert "Checked 42 citations: 0 mismatched." in capsys.readouterr().out


def test_verify_citations_lists_a_mismatch_and_fails(capsys):
    citation = make.citation(make.claim())
    # Only possible around the database's own check: drop it inside this test's transaction.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Triggers do not fire for a replica; LOCAL ends with the test's transaction.
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER claims_citation_quote_matches_update")
    Citation.objects.filter(pk=citation.pk).update(start=32, end=55)

    with pytest.raises(CommandError):
        call_command("verify_citations")

    out = capsys.readouterr().out
    assert "Checked 1 citations: 1 mismatched." in out
    assert str(citation.pk) in out and "[32:55]" in out


def test_create_curator_with_a_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("CURATOR_PASSWORD", "a-long-test-password-1")

    call_command("create_curator", "alice", "--email", "alice@example.org")

    alice = get_user_model().objects.get(username="alice")
    assert alice.is_staff and alice.check_password("a-long-test-password-1")
    assert [g.name for g in alice.groups.all()] == ["curators"]
    assert "Password:" not in capsys.readouterr().out


def test_create_curator_generates_and_prints_a_password_and_can_add_reviewer(capsys):
    call_command("create_curator", "bob")
    password = capsys.readouterr().out.strip().splitlines()[-1].removeprefix("Password: ")

    call_command("create_curator", "bob", "--reviewer")

    bob = get_user_model().objects.get(username="bob")
    assert bob.check_password(password)  # re-running keeps the password
    assert sorted(g.name for g in bob.groups.all()) == ["curators", "reviewers"]
    assert bob.has_perm("claims.review_claim")


def test_starting_again_keeps_a_reviewers_retraction_and_edit(capsys):
    from claims import services
    from claims.models import Claim

    call_command("seed_ledger")  # the first start: an empty ledger gets the seed
    assert "Loaded the seed" in capsys.readouterr().out
    reviewer = get_user_model().objects.create_user("rev", password="pw-rev-12345")
    claim = Claim.objects.filter(status="published").order_by("id").first()
    services.retract_claim(claim, reviewer, "misread the poll")
    Claim.objects.filter(pk=claim.pk).update(notes="edited by a reviewer")
    before = Claim.objects.get(pk=claim.pk)

    call_command("seed_ledger")  # a restart

    assert "not loaded again" in capsys.readouterr().out
    after = Claim.objects.get(pk=claim.pk)
    assert (after.status, after.notes, after.updated_at) == (
        "retracted",
        "edited by a reviewer",
        before.updated_at,
    )
    assert after.history.latest().history_user == reviewer
