"""Exports (CSV, NDJSON), JSON-LD and tombstones."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.api.v1 import exports
from claims.models import Claim
from tests import factories as make
from tests.api_support import assert_error, body, fixed_id, publish

pytestmark = pytest.mark.django_db


def ndjson(response) -> list[dict]:
    """The claims of an NDJSON export, after checking its trailer adds up."""
    raw = body(response)
    *records, last = raw.splitlines(keepends=True)
    trailer = json.loads(last)["trailer"]
    assert trailer["count"] == len(records)
    assert trailer["sha256"] == hashlib.sha256(b"".join(records)).hexdigest()
    assert trailer["revision"] > 0 and trailer["snapshot_at"] == response["X-Snapshot-At"]
    return [json.loads(line) for line in records]


def csv_rows(response) -> list[dict]:
    """The rows of a CSV export, after checking its trailer adds up."""
    raw = body(response)
    head, last = raw.rstrip(b"\r\n").rsplit(b"\n", 1)
    fields = dict(cell.split("=", 1) for cell in last.decode().strip().split(",")[1:])
    assert last.startswith(b"#trailer,")
    assert fields["sha256"] == hashlib.sha256(head + b"\n").hexdigest()
    rows = list(csv.DictReader(io.StringIO((head + b"\n").decode())))
    assert int(fields["count"]) == len({row["id"] for row in rows})
    return rows


def test_a_cut_short_export_does_not_pass_for_a_complete_one(client, ledger):
    raw = body(client.get("/api/v1/claims/export.ndjson"))
    cut = raw[: raw.index(b"\n") + 1]  # the connection dropped after the first claim

    assert b'"trailer"' not in cut
    assert b'"trailer"' in raw.splitlines()[-1]


def test_ndjson_holds_one_v1_claim_per_line_dated_by_headers(client, ledger):
    response = client.get("/api/v1/claims/export.ndjson?ordering=created_at")

    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["X-Ledger-Version"].isdigit()
    assert response["X-Snapshot-At"].endswith("Z")
    assert 'filename="claims-' in response["Content-Disposition"]
    lines = ndjson(response)
    assert [c["id"] for c in lines] == [str(fixed_id(n)) for n in (40, 41, 42, 43, 44, 45)]
    detail = body(client.get(f"/api/v1/claims/{ledger.poll.id}/"))
    assert lines[0] == detail


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "application/x-ndjson"),
        ("*/*", "application/x-ndjson"),
        ("text/html", "application/x-ndjson"),  # a download whatever Accept says
        ("application/octet-stream", "application/octet-stream"),
    ],
)
def test_ndjson_is_the_same_bytes_under_octet_stream_when_asked(
    client, ledger, accept, content_type
):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get("/api/v1/claims/export.ndjson?ordering=id", **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    claims = ndjson(response)
    assert [c["id"] for c in claims] == sorted(str(c.id) for c in ledger.public_claims)


@pytest.mark.parametrize(
    ("query", "content_type"),
    [("bytes", "application/octet-stream"), ("ndjson", "application/x-ndjson")],
)
def test_ndjson_format_parameter_picks_the_media_type(client, ledger, query, content_type):
    response = client.get(f"/api/v1/claims/export.ndjson?format={query}")

    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert len(ndjson(response)) == len(ledger.public_claims)


def test_an_unknown_export_format_is_a_400_naming_format(client, ledger):
    response = client.get("/api/v1/claims/export.ndjson?format=xml")

    assert_error(response, 400, "invalid_parameter", "format")


def test_csv_has_a_row_per_citation_and_the_filters_apply(client, ledger):
    response = client.get("/api/v1/claims/export.csv?kind=percentage")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    (row,) = csv_rows(response)
    assert row["id"] == str(ledger.poll.id)
    assert row["value"] == "55" and row["upper"] == "58.5" and row["approximate"] == "true"
    assert row["quote"] == "About 55% of Russians expect the war to end in 2026"
    assert row["source_url"] == "https://news.example/peace-talks"
    assert row["topics"] == "public-opinion"
    assert list(row) == list(exports.CSV_COLUMNS)


def test_csv_cells_cannot_become_spreadsheet_formulas(client, ledger):
    publish(ledger.draft)  # has a citation already
    Claim.objects.filter(pk=ledger.draft.pk).update(notes="=HYPERLINK(1)")

    (row,) = csv_rows(client.get("/api/v1/claims/export.csv?kind=count"))
    assert row["notes"] == "'=HYPERLINK(1)"


def test_exports_refuse_bad_filters_in_json(client, ledger):
    assert_error(client.get("/api/v1/claims/export.csv?kind=x"), 400, "invalid_parameter", "kind")
    assert_error(
        client.get("/api/v1/claims/export.ndjson?ordering=x"), 400, "invalid_parameter", "ordering"
    )


def test_exports_read_in_batches_not_all_at_once(
    client, db, monkeypatch, django_assert_num_queries
):
    for n in range(7):
        make.published_claim(statement=f"Claim {n}.")
    monkeypatch.setattr(exports, "BATCH", 3)

    response = client.get("/api/v1/claims/export.ndjson")
    # The snapshot's revision, then three batches of 3 (the last one short), each one
    # keyset query: the claims come with their citations as JSON built by the database.
    with django_assert_num_queries(1 + 3):
        lines = ndjson(response)
    assert len(lines) == 7 and len({c["id"] for c in lines}) == 7


def test_staff_exports_include_drafts(staff_client, ledger):
    found = {c["id"] for c in ndjson(staff_client.get("/api/v1/claims/export.ndjson"))}

    assert str(ledger.draft.id) in found and str(ledger.candidate.id) in found


# --- JSON-LD -----------------------------------------------------------------------------


def test_a_claim_as_schema_org_json_ld(client, ledger):
    response = client.get(f"/api/v1/claims/{ledger.poll.id}/jsonld")

    assert response["Content-Type"] == "application/ld+json"
    doc = body(response)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Claim"
    assert doc["text"] == "55% of Russians expect the war to end in 2026."
    assert doc["author"] == {
        "@type": "Organization",
        "@id": f"http://testserver/api/v1/actors/{ledger.vtsiom.id}/",
        "name": "VTsIOM",
        "identifier": "vtsiom",
    }
    (work,) = doc["appearance"]
    assert work["url"] == "https://news.example/peace-talks"
    assert work["text"] == "About 55% of Russians expect the war to end in 2026"
    assert work["publisher"]["name"] == "Reuters"
    assert work["datePublished"] == "2025-12-01"
    assert "ClaimReview" not in json.dumps(doc)


def test_a_person_claimant_is_a_person(client, ledger):
    doc = body(client.get(f"/api/v1/claims/{ledger.demand.id}/jsonld"))

    assert doc["author"]["@type"] == "Person"


# --- tombstones --------------------------------------------------------------------------


def test_tombstones_list_retractions_supersessions_and_deletions(client, ledger):
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    retracted = str(ledger.retracted.id)
    ledger.retracted.delete()  # retracted claims carry no citation rule: deletable

    page = body(client.get("/api/v1/tombstones/", {"since": since}))
    events = [(e["id"], e["event"]) for e in page["results"]]

    assert events == [
        (str(ledger.old_plan_claim.id), "superseded"),
        (retracted, "retracted"),
        (retracted, "deleted"),
    ]
    superseded = page["results"][0]
    assert superseded["superseded_by"]["id"] == str(ledger.plan_claim.id)
    assert page["results"][2]["status"] == "retracted"


def test_tombstones_since_a_later_time_are_empty(client, ledger):
    since = (timezone.now() + timedelta(minutes=1)).isoformat()

    assert body(client.get("/api/v1/tombstones/", {"since": since}))["results"] == []


def test_tombstones_page_with_a_cursor(client, ledger):
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    first = body(client.get("/api/v1/tombstones/", {"since": since, "page_size": 1}))
    second = body(client.get(first["next"]))

    assert [e["event"] for e in first["results"] + second["results"]] == [
        "superseded",
        "retracted",
    ]
    assert second["next"] is None


def test_anonymous_tombstones_never_reveal_deleted_drafts(client, staff_client, ledger):
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    draft_id = str(ledger.candidate.id)
    ledger.candidate.delete()

    from django.test import Client

    public = body(Client().get("/api/v1/tombstones/", {"since": since}))["results"]
    staff = body(staff_client.get("/api/v1/tombstones/", {"since": since}))["results"]
    assert draft_id not in {e["id"] for e in public}
    assert draft_id in {e["id"] for e in staff}


@pytest.mark.parametrize("query", ["", "since=yesterday", "since=2026-01-01T00:00:00Z&cursor=nope"])
def test_tombstones_need_a_valid_since(client, ledger, query):
    response = client.get(f"/api/v1/tombstones/?{query}")

    assert_error(response, 400, "invalid_parameter")


GROUP_COLUMNS = ("assertion_id", "rank", "rank_reason")


@pytest.fixture
def ranked(ledger, django_user_model):
    """The poll in a group, deprecated by a reviewer whose reason reads like a formula."""
    from claims import services
    from tests.assertion_support import reviewer

    by = reviewer(django_user_model)
    group = services.create_assertion(
        by=by, claims=[ledger.poll], statement="Russians expecting peace", kind="percentage"
    )
    services.rank_claim(group, ledger.poll, "deprecated", by=by, reason="=SUM(A1) was a typo")
    return group


def test_exports_carry_each_claims_group_rank_and_reason(client, ledger, ranked):
    rows = {row["id"]: row for row in csv_rows(client.get("/api/v1/claims/export.csv"))}
    lines = {c["id"]: c for c in ndjson(client.get("/api/v1/claims/export.ndjson"))}

    poll, other = str(ledger.poll.id), str(ledger.demand.id)
    assert list(rows[poll])[-3:] == list(GROUP_COLUMNS)
    assert [rows[poll][c] for c in GROUP_COLUMNS] == [
        str(ranked.id),
        "deprecated",
        "'=SUM(A1) was a typo",
    ]
    assert [rows[other][c] for c in GROUP_COLUMNS] == ["", "normal", ""]
    assert lines[poll]["assertion"]["id"] == str(ranked.id)
    assert (lines[poll]["rank"], lines[other]["rank"], lines[other]["assertion"]) == (
        "deprecated",
        "normal",
        None,
    )


def test_a_csv_export_with_groups_imports_back_with_every_claim_column(
    client, ledger, ranked, django_user_model
):
    from claims.imports import import_ledger
    from claims.models import Assertion, Citation
    from tests.assertion_support import reviewer

    exported = body(client.get("/api/v1/claims/export.csv")).decode()
    before = csv_rows(client.get("/api/v1/claims/export.csv"))
    Claim.objects.update(
        status="draft", superseded_by=None, assertion=None, rank="normal", rank_reason=""
    )
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    Assertion.objects.all().delete()

    report = import_ledger(
        io.StringIO(exported, newline=""), fmt="csv", by=reviewer(django_user_model, "importer")
    )

    assert report.ok, report.errors
    after = csv_rows(client.get("/api/v1/claims/export.csv"))
    # Groups are not part of an import (docs/imports.md): the columns are read past.
    plain = [c for c in exports.CSV_COLUMNS if c not in GROUP_COLUMNS]
    assert [{c: r[c] for c in plain} for r in after] == [{c: r[c] for c in plain} for r in before]
    assert {(r["assertion_id"], r["rank"], r["rank_reason"]) for r in after} == {("", "normal", "")}
