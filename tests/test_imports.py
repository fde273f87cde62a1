"""Bulk import and export: all or nothing, idempotent, and a faithful round trip."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict

from claims import imports
from claims.imports import export_records, import_ledger
from claims.models import Actor, Citation, Claim, Proposal, Provision, Source, Topic
from claims.permissions import ensure_groups
from tests import factories as make

pytestmark = pytest.mark.django_db


def ndjson(records: list[dict]) -> list[str]:
    return [json.dumps(r) + "\n" for r in records]


def source_record(n: int = 1, **fields) -> dict:
    return {
        "type": "source",
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "title": f"Source {n}",
        "url": f"https://example.org/{n}",
        "text": make.TEXT,
        **fields,
    }


def claim_record(n: int, source: int = 1, **fields) -> dict:
    return {
        "type": "claim",
        "id": f"00000000-0000-4000-9000-{n:012d}",
        "kind": "percentage",
        "statement": f"Claim {n}.",
        "value": "55",
        "unit": "%",
        "modality": "reported",
        "status": "draft",
        "citations": [
            {"source": f"00000000-0000-4000-8000-{source:012d}", "quote": "The plan has 20 points."}
        ],
        **fields,
    }


@pytest.fixture
def reviewer(django_user_model):
    """Imports of public claims are a reviewer's (the review rule holds for imports too)."""
    from django.contrib.auth.models import Group

    ensure_groups()
    user = django_user_model.objects.create_user("rev", password="pw-rev-12345")
    user.groups.add(Group.objects.get(name="reviewers"))
    return user


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {kind: n for kind, n in counts.items() if n}


def snapshot() -> tuple[list[dict], list[dict]]:
    claims = [
        {**model_to_dict(c, exclude=["topics"]), "topics": sorted(t.slug for t in c.topics.all())}
        for c in Claim.objects.order_by("id")
    ]
    citations = [model_to_dict(c) for c in Citation.objects.order_by("id")]
    return claims, citations


def test_a_valid_file_imports_and_reimporting_changes_nothing(reviewer):
    records = ndjson([source_record(), *(claim_record(n, status="published") for n in range(5))])

    first = import_ledger(records, by=reviewer)
    again = import_ledger(records, by=reviewer)

    assert first.ok and nonzero(first.created) == {"source": 1, "claim": 5}
    assert again.ok and nonzero(again.created) == {}
    assert nonzero(again.unchanged) == {"source": 1, "claim": 5}
    assert Claim.objects.filter(status="published").count() == 5
    citation = Citation.objects.first()
    assert (citation.start, citation.end) == (31, 54)
    assert Claim.objects.first().history.count() == 1
    assert Claim.objects.first().history.get().history_user == reviewer


@pytest.mark.parametrize("status", ["published", "disputed", "retracted"])
def test_only_a_reviewers_import_creates_public_claims(status, django_user_model):
    curator = django_user_model.objects.create_user("cur", password="pw-cur-12345")
    records = ndjson([source_record(), claim_record(1, status=status)])

    for by in (None, curator):
        report = import_ledger(records, by=by)
        assert [(e["row"], e["field"]) for e in report.errors] == [(2, "status")]
        assert "Only a reviewer" in report.errors[0]["message"]
    assert not Claim.objects.exists() and not Source.objects.exists()


def test_values_are_rounded_to_the_stored_places_as_the_api_does():
    records = ndjson(
        [source_record(), claim_record(1, value=0.30000000000000004, upper="0.4999995")]
    )

    report = import_ledger(records)

    assert report.ok, report.errors
    claim = Claim.objects.get()
    assert (str(claim.value), str(claim.upper)) == ("0.300000", "0.500000")


def test_a_value_too_large_to_store_is_a_row_error_not_a_crash():
    records = ndjson([source_record(), claim_record(1, kind="area", unit="km2", value=1e25)])

    report = import_ledger(records)

    assert not report.ok
    errors = {e["field"]: e["message"] for e in report.errors}
    assert errors["value"] == "Ensure that there are no more than 24 digits in total."
    assert not Claim.objects.exists()


def test_a_bad_last_row_writes_nothing_and_is_named():
    records = ndjson(
        [source_record(), *(claim_record(n) for n in range(5)), claim_record(9, value="120")]
    )

    report = import_ledger(records)

    assert not report.ok
    assert report.errors == [
        {"row": 7, "field": "value", "message": "A percentage lies between 0 and 100."}
    ]
    assert not Claim.objects.exists() and not Source.objects.exists()


def test_a_dry_run_reports_what_it_would_create_and_writes_nothing():
    report = import_ledger(ndjson([source_record(), claim_record(1)]), dry_run=True)

    assert report.ok and nonzero(report.created) == {"source": 1, "claim": 1}
    assert not Source.objects.exists()


def test_an_interrupted_import_leaves_the_database_unchanged(monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 2)
    calls = {"n": 0}
    real_write = imports._Importer.write

    def crash_on_second_batch(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the machine went away")
        real_write(self)

    monkeypatch.setattr(imports._Importer, "write", crash_on_second_batch)

    with pytest.raises(RuntimeError):
        import_ledger(ndjson([source_record(), *(claim_record(n) for n in range(7))]))

    assert calls["n"] == 3
    assert not Claim.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize(
    ("citation", "field", "message"),
    [
        ({"quote": "Polls say 55% of voters agree."}, "citations[0].quote", "[0:30]"),
        ({"quote": "nowhere to be found"}, "citations[0].quote", "does not occur"),
        (
            {"quote": "The plan has 20 points.", "start": 0, "end": 23},
            "citations[0].quote",
            "[31:54]",
        ),
        (
            {"source": "00000000-0000-4000-8000-000000000999", "quote": "x"},
            "citations[0].source",
            "No such",
        ),
    ],
)
def test_citation_errors_name_the_row_field_and_candidates(citation, field, message):
    record = claim_record(1)
    record["citations"] = [{**record["citations"][0], **citation}]

    report = import_ledger(ndjson([source_record(), record]))

    assert [(e["row"], e["field"]) for e in report.errors][:1] == [(2, field)]
    assert message in report.errors[0]["message"]
    assert not Source.objects.exists()


def test_unknown_references_and_garbage_lines_are_reported_per_row():
    records = [
        *ndjson([source_record(), claim_record(1, claimant="nobody", topics=["nothing"])]),
        "this is not json\n",
        json.dumps({"type": "poem"}) + "\n",
    ]

    report = import_ledger(records)

    fields = {(e["row"], e["field"]) for e in report.errors}
    assert {(2, "claimant"), (2, "topics"), (3, "type"), (4, "type")} <= fields


def test_export_then_import_reproduces_the_seed_exactly(seed, reviewer):
    before = snapshot()
    exported = [json.dumps(r) + "\n" for r in export_records()]
    # Empty the ledger's claims and sources (drafts first: public claims keep citations).
    Claim.objects.update(status="draft", superseded_by=None)
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()

    report = import_ledger(exported, by=reviewer)

    assert report.ok, report.errors
    after = snapshot()
    assert after[1] == before[1]
    strip = [{k: v for k, v in c.items() if k != "search_text"} for c in after[0]]
    assert strip == [{k: v for k, v in c.items() if k != "search_text"} for c in before[0]]


def test_the_commands_round_trip_and_fail_loudly(tmp_path, seed, reviewer):
    path = tmp_path / "ledger.ndjson"
    call_command("export_ledger", "--output", str(path))
    out = StringIO()

    call_command("import_ledger", str(path), "--as", "rev", stdout=out)
    assert "Created 0 actors, 0 topics, 0 proposals, 0 sources, 0 claims;" in out.getvalue()
    assert f"{Claim.objects.count()} claims." in out.getvalue()  # all unchanged

    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(claim_record(1, unit="km2")) + "\n")
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_ledger", str(bad), "--dry-run", stdout=out)
    assert "row 1, field unit" in out.getvalue()


def test_the_import_endpoint_is_all_or_nothing_for_curators(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("imp", password="pw-imp-12345")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_claim", "add_source"]))
    body = "".join(ndjson([source_record(), claim_record(1), claim_record(2, unit="km2")]))

    assert (
        client.post("/api/v1/imports/", body, content_type="application/x-ndjson").status_code
        == 401
    )
    client.force_login(user)
    bad = client.post("/api/v1/imports/", body, content_type="application/x-ndjson")
    assert bad.status_code == 400
    assert "rows[3].unit" in bad.json()["error"]["fields"]
    assert not Source.objects.exists()

    good = "".join(ndjson([source_record(), claim_record(1)]))
    dry = client.post("/api/v1/imports/?dry_run=true", good, content_type="application/x-ndjson")
    assert dry.status_code == 200 and not Source.objects.exists()
    done = client.post("/api/v1/imports/", good, content_type="application/x-ndjson")
    assert done.status_code == 201 and nonzero(done.json()["created"]) == {"source": 1, "claim": 1}


def test_a_curators_import_cannot_publish_and_a_reviewers_can(client, django_user_model, reviewer):
    from django.contrib.auth.models import Group

    curator = django_user_model.objects.create_user("cur", password="pw-cur-12345")
    curator.groups.add(Group.objects.get(name="curators"))
    body = "".join(ndjson([source_record(), claim_record(1, status="published")]))

    client.force_login(curator)
    refused = client.post("/api/v1/imports/", body, content_type="application/x-ndjson")
    assert refused.status_code == 400
    assert "rows[2].status" in refused.json()["error"]["fields"]
    assert client.get("/api/v1/claims/").json()["results"] == []

    client.force_login(reviewer)
    done = client.post("/api/v1/imports/", body, content_type="application/x-ndjson")
    assert done.status_code == 201
    client.logout()
    [claim] = client.get("/api/v1/claims/").json()["results"]
    assert claim["status"] == "published"
    assert client.get(f"/api/v1/claims/{claim['id']}/history/").json()[0]["user"] == "rev"


@pytest.mark.parametrize(
    ("body", "created", "error"),
    [
        ({"records": [source_record()]}, {"source": 1}, None),
        (source_record(), {"source": 1}, None),  # one record, not in a list
        ({}, None, "rows[1]"),  # not an empty import: a record without a type
    ],
)
def test_a_json_import_takes_records_a_list_or_one_record(
    client, django_user_model, body, created, error
):
    client.force_login(django_user_model.objects.create_superuser("imp", password="pw-1234567"))

    response = client.post("/api/v1/imports/", body, content_type="application/json")

    if error:
        assert response.status_code == 400
        assert any(f.startswith(error) for f in response.json()["error"]["fields"])
    else:
        assert response.status_code == 201, response.json()
        assert nonzero(response.json()["created"]) == created


def test_the_apis_csv_export_imports_back_into_an_empty_ledger(client, seed, reviewer):
    before = snapshot()
    exported = b"".join(client.get("/api/v1/claims/export.csv").streaming_content).decode()
    Claim.objects.update(status="draft", superseded_by=None)
    Citation.objects.all().delete()
    Claim.objects.all().delete()

    report = import_ledger(StringIO(exported, newline=""), fmt="csv", by=reviewer)

    assert report.ok, report.errors
    assert report.created["claim"] == len(before[0])
    after = snapshot()
    assert after[1] == before[1]
    keep = ("kind", "statement", "value", "unit", "modality", "status", "claimant", "topics")
    assert [{k: c[k] for k in keep} for c in after[0]] == [
        {k: c[k] for k in keep} for c in before[0]
    ]


# --- lossless round trips ------------------------------------------------------------------

AUDITED = (Actor, Topic, Proposal, Provision, Source, Claim, Citation)
MANY = {Proposal: ["proposed_by"], Provision: ["topics"], Claim: ["topics"]}


def whole_ledger() -> dict[str, list[dict]]:
    """Every field of every object (but the database's own revision numbers)."""
    found = {}
    for model in AUDITED:
        rows = []
        for obj in model.objects.order_by("pk"):
            row = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
            row.pop("revision", None)
            for name in MANY.get(model, []):
                row[name] = sorted(
                    str(pk) for pk in getattr(obj, name).values_list("pk", flat=True)
                )
            rows.append(row)
        found[model.__name__] = rows
    return found


def empty_the_ledger() -> None:
    Claim.objects.update(status="draft", superseded_by=None)
    Citation.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()
    Proposal.objects.update(supersedes=None, part_of=None)
    Provision.objects.all().delete()
    Proposal.objects.all().delete()
    Topic.objects.all().delete()
    Actor.objects.all().delete()


def exported_lines() -> list[str]:
    out = StringIO()
    call_command("export_ledger", stdout=out)
    return out.getvalue().splitlines(keepends=True)


def chained_ledger(reviewer) -> None:
    """Generated data the seed lacks: supersession chains pointing forwards and backwards
    in creation order, provisions with topics, a superseding proposal, odd microseconds."""
    from datetime import UTC, datetime

    from claims import services

    pulse, tass = make.actor(slug="pulse"), make.actor(slug="tass")
    war, money = make.topic(slug="war"), make.topic(slug="money")
    draft = make.proposal(slug="draft-28")
    plan = make.proposal(slug="plan-20", supersedes=draft, point_count=20)
    plan.proposed_by.set([pulse, tass])
    point = make.provision(plan, number=3, summary="Troops capped.")
    point.topics.set([war, money])
    old, middle, new = (make.published_claim(statement=f"Count {n}.") for n in range(3))
    services.supersede_claim(old, middle, reviewer)  # old -> middle -> new
    services.supersede_claim(middle, new, reviewer)
    later = make.published_claim(statement="Restated.", claimant=pulse, proposal=plan)
    services.supersede_claim(new, later, reviewer)
    earlier_successor = make.published_claim(statement="First said.")
    replaced = make.published_claim(statement="Said again.", provision=point, proposal=plan)
    replaced.topics.set([war])
    services.supersede_claim(replaced, earlier_successor, reviewer)  # points backwards
    for n, model in enumerate(AUDITED):
        stamp = datetime(2026, 3, 4, 5, 6, 7, 123456 + n, tzinfo=UTC)
        model.objects.update(created_at=stamp, updated_at=stamp)


def test_export_then_import_into_an_empty_ledger_keeps_every_field(seed, reviewer):
    chained_ledger(reviewer)
    before = whole_ledger()
    lines = exported_lines()
    empty_the_ledger()
    assert not any(model.objects.exists() for model in AUDITED)

    report = import_ledger(lines, by=reviewer)

    assert report.ok, report.errors[:5]
    after = whole_ledger()
    for model in AUDITED:
        assert after[model.__name__] == before[model.__name__], model.__name__
    superseded = Claim.objects.filter(status="superseded").count()
    assert superseded >= 4 and after["Claim"][0]["created_at"].microsecond >= 123456


def test_a_cut_or_altered_export_is_refused_whole(seed, reviewer):
    lines = exported_lines()
    empty_the_ledger()

    cut = import_ledger(lines[:-3], by=reviewer)
    n = next(i for i, line in enumerate(lines) if '"notes": ""' in line)
    edited = [*lines[:n], lines[n].replace('"notes": ""', '"notes": "edited"'), *lines[n + 1 :]]
    altered = import_ledger(edited, by=reviewer)

    assert [e["field"] for e in cut.errors] == ["trailer"]
    assert "cut short" in cut.errors[0]["message"]
    assert [e["field"] for e in altered.errors] == ["trailer"], altered.errors
    assert not Claim.objects.exists() and not Actor.objects.exists()


def test_a_superseded_claims_successor_must_be_in_the_file_or_the_ledger(reviewer):
    nowhere = "00000000-0000-4000-9000-000000000999"
    records = ndjson(
        [
            source_record(),
            claim_record(1, status="superseded", superseded_by=nowhere),
            claim_record(2, status="superseded", superseded_by=claim_record(3)["id"]),
            claim_record(3, status="published"),  # a successor later in the file is fine
        ]
    )

    report = import_ledger(records, by=reviewer)

    assert [(e["row"], e["field"]) for e in report.errors] == [(2, "superseded_by")]
    assert nowhere in report.errors[0]["message"]
    assert not Claim.objects.exists()
