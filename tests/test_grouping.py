"""Grouping suggestions (issue 13, item 4): which groups a new claim is shown, and why.

Fixed examples for the scorer (claims.grouping), its value tolerance and prefilter, the
candidate filter on a real queryset, and ``manage.py evaluate_grouping`` on the labelled
storylines, whose figures are pinned as floors (docs/grouping.md reports them).
"""

from __future__ import annotations

import io
import json
import math
import re
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import grouping
from claims.grouping import SAME, SERIES, ClaimRecord, interval, suggest, tolerance, values_agree
from claims.models import Claim
from tests import factories

DATA = Path(__file__).parent / "data" / "assertions"


def record(**fields: Any) -> ClaimRecord:
    """A flood death toll as a report states it; fields override."""
    defaults: dict[str, Any] = {
        "kind": "count",
        "value": 41,
        "unit": "count",
        "unit_si": "count",
        "subject": "people killed by the floods",
        "place": "Orlo province",
        "as_of": date(2027, 3, 5),
        "quote": "killed 41 people",
        "claimant": "National Disaster Management Office",
        "modality": "asserted",
        "publisher": "harbor-times",
        "published_on": date(2027, 3, 5),
    }
    merged = {**defaults, **fields}
    if "value_si" not in fields and merged.get("value") is not None:
        merged["value_si"] = merged["value"]
    return ClaimRecord(**merged)


DEATHS = {"fl-deaths-0305": [record(publisher="meridian-wire", quote="41")]}


# --- fixed examples ------------------------------------------------------------------
def test_same_number_with_another_subject_is_not_suggested() -> None:
    schools = record(subject="schools closed", place="Teska district", quote="41 schools")
    assert suggest(schools, DEATHS) == []


def test_same_measure_in_another_place_is_not_suggested() -> None:
    miren = record(value=11000, subject="people displaced", place="Miren district")
    displaced = {"fl-displaced-0305": [record(value=11000, subject="people displaced")]}
    assert suggest(miren, displaced) == []


def test_approximately_60_is_suggested_with_62() -> None:
    about_60 = record(value=60, approximate=True, quote="about 60 dead")
    [s] = suggest(about_60, {"g": [record(value=62, quote="62 dead")]})
    assert s.group_id == "g" and s.relation == SAME and not s.conflicting
    assert s.strong
    assert any("value agrees with 62" in r for r in s.reasons)


def test_exactly_60_against_62_is_suggested_as_a_contradiction_not_strong() -> None:
    [s] = suggest(record(value=60), {"g": [record(value=62)]})
    assert s.relation == SAME and s.conflicting
    assert s.score >= grouping.SUGGEST and not s.strong
    assert any("conflicts with 62" in r for r in s.reasons)


def test_a_later_as_of_on_the_same_measure_is_a_series_update_with_its_reason() -> None:
    later = record(value=57, as_of=date(2027, 3, 7), published_on=date(2027, 3, 7))
    [s] = suggest(later, DEATHS)
    assert s.relation == SERIES and not s.conflicting
    assert any("later than 2027-03-05" in r and "not a conflict" in r for r in s.reasons)
    earlier = record(as_of=date(2027, 3, 4))
    [s] = suggest(earlier, DEATHS)
    assert s.relation == SERIES
    assert any("earlier than 2027-03-05" in r for r in s.reasons)


@pytest.mark.parametrize(
    "other",
    [
        {"kind": "area", "unit": "km2", "unit_si": "km2"},  # another kind
        {"unit_si": "km2"},  # same kind label, another dimension
        {"kind": "money", "unit": "EUR", "unit_si": "EUR"},
    ],
)
def test_another_dimension_is_never_suggested_even_at_threshold_zero(other: dict) -> None:
    member = record(**other)
    assert suggest(record(), {"g": [member]}, threshold=0) == []


def test_money_in_two_currencies_is_never_compared() -> None:
    eur = record(kind="money", unit="billion EUR", value=1.2, value_si=1.2e9, unit_si="EUR")
    usd = record(kind="money", unit="billion USD", value=1.2, value_si=1.2e9, unit_si="USD")
    assert suggest(eur, {"g": [usd]}, threshold=0) == []


def test_the_same_value_in_other_units_agrees() -> None:
    gw = record(kind="power", value=1.2, unit="GW", value_si=1200, unit_si="MW")
    mw = record(kind="power", value=1200, unit="MW", value_si=1200, unit_si="MW")
    [s] = suggest(gw, {"g": [mw]})
    assert not s.conflicting and s.strong


def test_subjects_naming_other_numbers_are_other_measures() -> None:
    rain72 = record(kind="length", value=480, unit="mm", value_si=0.48, unit_si="m")
    rain24 = record(kind="length", value=212, unit="mm", value_si=0.212, unit_si="m")
    rain72 = ClaimRecord(**{**rain72.__dict__, "subject": "rainfall in 72 hours"})
    rain24 = ClaimRecord(**{**rain24.__dict__, "subject": "rainfall in 24 hours"})
    assert suggest(rain72, {"g": [rain24]}) == []


def test_a_demand_is_not_the_report_of_the_same_number() -> None:
    demand = record(value=100000, subject="cap on the army", modality="demanded")
    report = record(value=100000, subject="cap on the army", modality="asserted")
    [alone] = suggest(demand, {"g": [record(**demand.__dict__)]}, threshold=0)
    [mixed] = suggest(demand, {"g": [report]}, threshold=0)
    assert mixed.score < grouping.SUGGEST <= alone.score
    assert any("demanded against asserted" in r for r in mixed.reasons)


def test_proposals_group_by_proposal_and_other_plans_are_refused() -> None:
    plan = record(
        kind="proposal", value=None, unit="", unit_si="", as_of=None, subject="Auren's framework"
    )
    same = ClaimRecord(**{**plan.__dict__, "proposal": "plan16"})
    other = ClaimRecord(**{**plan.__dict__, "proposal": "draft21"})
    [s] = suggest(same, {"plan16": [same], "draft21": [other]})
    assert s.group_id == "plan16"
    assert any("same proposal (plan16)" in r for r in s.reasons)


def test_best_first_and_each_group_scores_as_its_best_member() -> None:
    groups = [
        ("weak", [record(subject="people killed", place="Varn")]),
        ("best", [record(subject="schools closed"), record()]),
    ]
    found = suggest(record(), groups, threshold=0)
    assert [s.group_id for s in found] == ["best", "weak"]
    assert found[0].score > found[1].score


def test_a_member_conflicting_is_named_even_when_another_agrees() -> None:
    group = {"g": [record(), record(value=60, lower=60, approximate=True, claimant="FloodWatch")]}
    [s] = suggest(record(), group)
    assert s.relation == SAME and not s.conflicting and s.strong
    assert any("conflicts with 1 of 2" in r for r in s.reasons)


def test_the_same_publisher_is_named_as_an_echo() -> None:
    [s] = suggest(record(publisher="meridian-wire"), DEATHS)
    assert any("echo" in r for r in s.reasons)


def test_groups_may_be_given_as_pairs_and_records_from_dicts() -> None:
    claim = ClaimRecord.from_mapping(
        {"kind": "count", "value": 41, "value_si": 41, "unit_si": "count", "unknown": 1}
    )
    assert claim.value == 41.0 and claim.subject == ""
    assert suggest(claim, [("g", [claim])], threshold=0)[0].group_id == "g"


def test_huge_texts_cost_little() -> None:
    words = " ".join(f"word{i}" for i in range(200_000))
    big = record(subject=words, statement=words, quote=words, place=words)
    started = time.perf_counter()
    suggest(big, {i: [big] * 5 for i in range(20)}, threshold=0)
    assert time.perf_counter() - started < 1.0


# --- tolerance -----------------------------------------------------------------------
def test_tolerance_is_relative_except_for_shares_in_points() -> None:
    assert tolerance("count") == grouping.Tolerance(exact=0.01, approximate=0.05)
    assert tolerance("length") == grouping.DEFAULT_TOLERANCE
    assert tolerance("percentage").absolute and tolerance("percentage_points").absolute


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": 100}, (99.0, 101.0)),  # exact: 1%
        ({"value": 100, "approximate": True}, (95.0, 105.0)),  # "about": 5%
        ({"value": 60, "lower": 60, "approximate": True}, (57.0, math.inf)),  # "at least 60"
        ({"value": 12000, "upper": 12000}, (-math.inf, 12120.0)),  # "up to 12,000"
        ({"value": 10, "lower": 8, "upper": 12}, (7.92, 12.12)),  # a stated range
        ({"kind": "percentage", "value": 57, "unit_si": "percent"}, (56.0, 58.0)),
        ({"kind": "percentage", "value": 40, "upper": 40, "approximate": True}, (-math.inf, 43)),
    ],
)
def test_interval_widens_by_bounds_and_approximation(fields: dict, expected: tuple) -> None:
    lo, hi = interval(record(**fields))
    assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ({"value": 57}, {"value": 58}, True),  # two pollsters one point apart agree
        ({"value": 44}, {"value": 61}, False),
        ({"value": 44}, {"value": 54}, False),
        ({"value": 38}, {"value": 40, "upper": 40, "approximate": True}, True),  # "fewer than"
    ],
)
def test_shares_agree_within_points(a: dict, b: dict, agree: bool) -> None:
    share = {"kind": "percentage", "unit": "percent", "unit_si": "percent"}
    assert values_agree(record(**share, **a), record(**share, **b)) is agree


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ({"value": 41}, {"value": 60, "lower": 60, "approximate": True}, False),
        ({"value": 2.4e9}, {"value": 3.0e9, "lower": 3.0e9, "approximate": True}, False),
        ({"value": 31500}, {"value": 40000, "approximate": True}, False),
        ({"value": 1500, "lower": 1500, "approximate": True}, {"value": 1520}, True),
        ({"value": 212}, {"value": 212}, True),
        ({"value": 300, "approximate": True}, {"value": 310}, True),
    ],
)
def test_quantities_agree_within_their_tolerance(a: dict, b: dict, agree: bool) -> None:
    assert values_agree(record(**a), record(**b)) is agree


def test_the_prefilter_window_is_wide_enough_for_contradictions_and_no_wider() -> None:
    claim = record(value=41)
    assert grouping.comparable(claim, record(value=60, lower=60))
    assert grouping.comparable(claim, record(value=120))
    assert not grouping.comparable(claim, record(value=130))
    assert not grouping.comparable(claim, record(value=13))
    at_least = record(value=60, lower=60)
    assert grouping.value_window(at_least)[1] == math.inf
    share = record(kind="percentage", value=44, unit_si="percent")
    assert grouping.value_window(share) == pytest.approx((18.0, 70.0))


# --- the candidate filter, on a queryset -----------------------------------------------
class Recorder:
    """A queryset stand-in: the filter is duck-typed, so anything with filter() will do."""

    def filter(self, **lookups: Any) -> dict[str, Any]:
        return lookups


def test_candidate_filter_builds_kind_unit_and_value_lookups_with_a_prefix() -> None:
    lookups = grouping.candidate_filter(Recorder(), record(value=41), prefix="members__")
    assert lookups == {
        "members__kind": "count",
        "members__unit_si": "count",
        "members__value_si__gte": Decimal("13.530000"),
        "members__value_si__lte": Decimal("124.230000"),
    }
    open_ended = grouping.candidate_filter(Recorder(), record(value=60, lower=60))
    assert "value_si__lte" not in open_ended
    plan = record(kind="proposal", value=None, unit_si="")
    assert grouping.candidate_filter(Recorder(), plan)["value_si__isnull"] is True


@pytest.mark.django_db
def test_candidate_filter_selects_comparable_claims_from_the_ledger() -> None:
    near = factories.claim(kind="count", value=Decimal(45), unit="count", statement="45 dead")
    factories.claim(kind="count", value=Decimal(400), unit="count", statement="400 dead")
    factories.claim(kind="area", value=Decimal(41), unit="km2", statement="41 km2")
    new = factories.claim(kind="count", value=Decimal(41), unit="count", statement="41 dead")
    found = grouping.candidate_filter(Claim.objects.exclude(pk=new.pk), new_record(new))
    assert list(found) == [near]


def new_record(claim: Claim) -> ClaimRecord:
    return ClaimRecord.from_claim(Claim.objects.with_provenance().get(pk=claim.pk))


@pytest.mark.django_db
def test_a_record_from_a_ledger_claim_carries_its_provenance(
    django_assert_max_num_queries: Any,
) -> None:
    agency = factories.actor(name="National Disaster Management Office", slug="ndmo")
    outlet = factories.actor(name="Harbor Times", slug="harbor-times")
    text = "Officials said the floods killed 41 people in Orlo province."
    src = factories.source(
        text=text, publisher=outlet, published_on=date(2027, 3, 5), published_precision="day"
    )
    claim = factories.claim(
        kind="count",
        value=Decimal(41),
        unit="count",
        statement="The floods killed 41 people in Orlo province.",
        claimant=agency,
        subject="people killed by the floods",
        place="Orlo province",
        as_of=date(2027, 3, 5),
        time_precision="day",
    )
    factories.citation(claim, src, quote="killed 41 people")
    loaded = Claim.objects.with_provenance().get(pk=claim.pk)
    with django_assert_max_num_queries(0):
        rec = ClaimRecord.from_claim(loaded)
    assert rec.value_si == 41.0 and rec.unit_si == "count"
    assert rec.claimant == agency.name and rec.actors == ("ndmo",)
    assert (rec.quote, rec.publisher, rec.published_on) == (
        "killed 41 people",
        "harbor-times",
        date(2027, 3, 5),
    )
    [s] = suggest(rec, DEATHS)
    assert s.relation == SAME and s.strong


# --- the evaluation command ----------------------------------------------------------
# Measured on 2026-12-01 (docs/grouping.md); a change that lowers one fails here.
FLOORS = {
    # name: (precision, recall) at SUGGEST, then at STRONG
    "energy": ((1.0, 1.0), (1.0, 0.962)),
    "flood": ((1.0, 0.963), (1.0, 0.852)),
    "peace": ((1.0, 1.0), (1.0, 0.953)),
    "poll": ((1.0, 1.0), (1.0, 0.923)),
    "held out storylines": ((1.0, 1.0), (1.0, 0.957)),
    "all storylines": ((1.0, 0.992), (1.0, 0.926)),
}
_BLOCK = re.compile(
    r"^(?P<name>[a-z ]+?)(?: \([^)]*\))?: \d+ claims.*?\n"
    r"  at SUGGEST  precision (?P<sp>[\d.]+)  recall (?P<sr>[\d.]+).*?\n"
    r"  at STRONG   precision (?P<tp>[\d.]+)  recall (?P<tr>[\d.]+).*?\n"
    r"  near-miss violations: (?P<nm>\d+) of (?P<pairs>\d+) pairs",
    re.MULTILINE,
)


def evaluate(*args: str, **options: Any) -> str:
    out = io.StringIO()
    call_command("evaluate_grouping", *args, stdout=out, **options)
    return out.getvalue()


def test_evaluate_grouping_meets_the_targets_and_its_measured_floors() -> None:
    output = evaluate(str(DATA))
    blocks = {m["name"]: m for m in _BLOCK.finditer(output)}
    assert set(blocks) == set(FLOORS), output
    for name, ((sp, sr), (tp, tr)) in FLOORS.items():
        block = blocks[name]
        assert float(block["sp"]) >= sp and float(block["sr"]) >= sr, (name, output)
        assert float(block["tp"]) >= tp and float(block["tr"]) >= tr, (name, output)
        assert block["nm"] == "0", (name, output)
    assert blocks["all storylines"]["pairs"] == "33"
    # The targets, stated by the command's own exit check.
    assert "precision: 1.000" in output
    evaluate(str(DATA), min_precision=0.9, min_recall=0.85)


def test_evaluate_grouping_says_which_storylines_were_tuned_on() -> None:
    output = evaluate(str(DATA))
    assert "tuned on flood, poll" in output
    assert "flood (tuning)" in output and "poll (tuning)" in output
    assert "peace (held out)" in output and "energy (held out)" in output


def test_evaluate_grouping_lists_its_mistakes_and_fails_below_thresholds() -> None:
    output = evaluate(str(DATA / "storyline_flood.json"), verbosity=2)
    assert "FN: F9.damage (labelled fl-damage-total" in output
    with pytest.raises(CommandError, match="Below threshold: recall"):
        evaluate(str(DATA / "storyline_flood.json"), min_recall=0.99)


def test_evaluate_grouping_refuses_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        evaluate(str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="No storyline"):
        evaluate(str(tmp_path))
    bad = tmp_path / "storyline_bad.json"
    bad.write_text(json.dumps({"storyline": "bad", "sources": []}))
    with pytest.raises(CommandError, match="not a storyline file"):
        evaluate(str(bad))


def test_evaluate_grouping_ablations_replace_a_labelled_field() -> None:
    output = evaluate(str(DATA / "storyline_energy.json"), variant="sentence-subject")
    assert "variant sentence-subject" in output
    blocks = {m["name"]: m for m in _BLOCK.finditer(output)}
    # Without curated subjects the words of a whole sentence decide, and recall falls.
    assert float(blocks["energy"]["sr"]) < FLOORS["energy"][0][1]


def test_the_storyline_loader_normalises_every_kind_as_the_ledger_does() -> None:
    from claims.management.commands.evaluate_grouping import load_storyline

    kinds = set()
    for path in sorted(DATA.glob("storyline_*.json")):
        for labelled in load_storyline(path).claims:
            record = labelled.record
            if record.value is None:
                continue
            stated = {n: getattr(record, n) for n in ("value", "lower", "upper")}
            claim = Claim(
                kind=record.kind,
                unit=record.unit,
                **{n: None if v is None else Decimal(str(v)) for n, v in stated.items()},
            )
            claim.derive()  # what the ledger stores for the same claim
            kinds.add(record.kind)
            assert (record.value_si, record.lower_si, record.upper_si, record.unit_si) == (
                *(
                    None if v is None else float(v)
                    for v in (claim.value_si, claim.lower_si, claim.upper_si)
                ),
                claim.unit_si,
            ), labelled.id
    # Every kind the storylines state, those the ledger gained in 0015 among them.
    assert {"length", "energy", "power", "duration", "ratio", "rate", "percentage_points"} <= kinds


def test_a_thousand_candidate_members_cost_well_under_a_second() -> None:
    groups = {
        g: [
            record(value=20 + (g * 7 + m) % 100, subject=f"measure {g} {m}", place=f"place {g}")
            for m in range(5)
        ]
        for g in range(200)
    }
    started = time.perf_counter()
    suggest(record(value=50), groups)
    assert time.perf_counter() - started < 1.0


@pytest.mark.django_db
def test_suggest_for_a_ledger_claim_reads_its_candidates_in_constant_queries(
    django_assert_max_num_queries: Any,
) -> None:
    office = factories.actor(name="National Disaster Management Office")

    def death_toll(value: int, subject: str = "people killed by the floods") -> Claim:
        return factories.claim(
            kind="count",
            value=Decimal(value),
            unit="count",
            statement=f"{value} people were killed.",
            subject=subject,
            place="Orlo province",
            as_of=date(2027, 3, 5),
            time_precision="day",
            claimant=office,
        )

    members = [death_toll(41) for _ in range(3)] + [death_toll(41, "schools closed")]
    ungrouped = death_toll(41)
    # No group model is needed: any callable naming a member's group will do.
    group = {members[0].pk: "deaths", members[1].pk: "deaths", members[2].pk: "deaths"}
    group[members[3].pk] = "schools"
    new = death_toll(41)
    claims = Claim.objects.with_provenance()
    # candidates; their citations and topics (prefetched); the new claim's citations
    with django_assert_max_num_queries(4):
        found = grouping.suggest_for(new, claims, group_of=lambda c: group.get(c.pk))
    assert [(s.group_id, s.relation, s.strong) for s in found] == [("deaths", SAME, True)]
    assert ungrouped.pk not in group
