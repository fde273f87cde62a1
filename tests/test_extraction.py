"""The claim extractor: each pattern family, its traps, and its scores on labelled texts.

Scores asserted here are the figures reached when the test was written; they may rise,
never fall (lower one only with a reviewed reason in the commit message).
"""

from __future__ import annotations

import hashlib
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import units
from claims.extraction import METHOD, VERSION, ActorRef, Candidate, extract
from claims.extraction import patterns as P
from claims.extraction.evaluation import evaluate, label_files, load_labels

DATA = Path(__file__).parent / "data" / "extraction"
SEED_SHA256 = "57e8455c4d0df7b68e082fc851efa77cc2a65c305ebc02c8ef41b09cc4d567b9"


def only(text: str, kind: str | None = None) -> Candidate:
    """The one quantity candidate in ``text`` (of ``kind`` when given)."""
    found = [c for c in extract(text) if c.kind != "proposal" and (kind is None or c.kind == kind)]
    assert len(found) == 1, found
    return found[0]


def quantities(text: str) -> list[Candidate]:
    return [c for c in extract(text) if c.kind != "proposal"]


def evaluation(name: str):
    return evaluate(load_labels(DATA / f"{name}.json"))


# --- percentages -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Support stood at 55% in the survey.", "55"),
        ("Support stood at 55 percent in the survey.", "55"),
        ("Support stood at 55 per cent in the survey.", "55"),
        ("Support stood at 12.5% in the survey.", "12.5"),
        ("The poll found two-thirds of voters backed it.", "66.67"),
        ("The poll found two thirds of voters backed it.", "66.67"),
        ("The poll found a third of voters backed it.", "33.33"),
        ("The poll found half of voters backed it.", "50"),
        ("The poll found three quarters of voters backed it.", "75"),
        ("The poll found that one in three adults backed it.", "33.33"),
        ("Among pensioners, a third said they would vote in favour.", "33.33"),
    ],
)
def test_percentages_in_digits_and_words(text: str, value: str) -> None:
    c = only(text)
    assert (c.kind, c.value, c.unit, c.unit_si) == (
        "percentage",
        Decimal(value),
        "percent",
        "percent",
    )
    assert text[c.start : c.end] == c.quote


def test_a_majority_is_more_than_half_and_approximate() -> None:
    c = only("A majority of voters backed the plan in the referendum.")
    assert (c.value, c.lower, c.upper, c.approximate) == (Decimal(50), Decimal(50), None, True)
    assert c.subject == "voters"


def test_a_majority_with_its_share_in_brackets_is_one_claim() -> None:
    text = "A majority of Russians (55%) reportedly expect the war to end."
    c = only(text)
    assert (c.value, c.lower, c.quote) == (Decimal(55), None, "A majority of Russians (55%)")
    assert c.subject == "Russians"


def test_percentages_take_the_group_they_are_of() -> None:
    found = quantities("Ukraine may lose the remaining 22% of Donetsk province, with 5% more.")
    assert [c.subject for c in found] == ["Donetsk province", "Donetsk province"]


@pytest.mark.parametrize(
    "text",
    [
        "The margin of error is ±3 percentage points.",
        "The margin of error is plus or minus 3%.",
        "Support rose by 4 percentage points.",
        "Exports grew 150% last year.",
        "In the first half of 2025 the front barely moved.",
        "Half of 2024 was lost to the floods.",
        "The third round of talks opened in Geneva.",
    ],
)
def test_no_percentage_from_margins_points_growth_or_ordinals(text: str) -> None:
    assert [c for c in extract(text) if c.kind == "percentage"] == []


# --- areas and rates ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Russia wants 5,000 square kilometers of land.", "5000", "km2"),
        ("Russia wants 5,000 square kilometres of land.", "5000", "km2"),
        ("Russia wants 5,000 sq km of land.", "5000", "km2"),
        ("Russia wants 5,000 sq. km of land.", "5000", "km2"),
        ("Russia wants 5,000 km² of land.", "5000", "km2"),
        ("Russia wants 1,900 sq mi of land.", "1900", "mi2"),
        ("Russia wants 1,900 square miles of land.", "1900", "mi2"),
        ("The estate covers 1,200 hectares of forest.", "1200", "ha"),
        ("The estate covers 300 acres of forest.", "300", "acre"),
        ("The company offered a 500-hectare buffer zone.", "500", "ha"),
    ],
)
def test_areas_with_their_units(text: str, value: str, unit: str) -> None:
    c = only(text)
    assert (c.kind, c.value, c.unit, c.unit_si) == ("area", Decimal(value), unit, "km2")
    assert c.value_si == units.normalise("area", c.value, unit).value


def test_area_rate_is_normalised_to_km2_per_month() -> None:
    c = only("Russian forces advanced approximately 176 square miles per month this year.")
    assert (c.kind, c.value, c.unit, c.approximate) == (
        "area_rate",
        Decimal(176),
        "mi2/month",
        True,
    )
    assert (c.value_si, c.unit_si) == (Decimal("455.837907"), "km2/month")
    assert c.quote == "approximately 176 square miles per month"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Deforestation averaged 600 hectares per year.", "ha/year"),
        ("Deforestation averaged 600 hectares a year.", "ha/year"),
        ("Deforestation averaged 600 hectares of forest a year.", "ha/year"),
        ("Deforestation averaged 600 hectares annually.", "ha/year"),
        ("The front moved 40 km² per week.", "km2/week"),
    ],
)
def test_area_rates_per_period(text: str, unit: str) -> None:
    c = only(text)
    assert (c.kind, c.unit, c.unit_si) == ("area_rate", unit, "km2/month")


# --- counts ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "unit", "subject"),
    [
        ("Russia has 800,000 troops in Ukraine.", "800000", "count", "troops"),
        ("Officials agreed a 20-point plan on Friday.", "20", "count", "points in plan"),
        ("It replaced a 28-point draft.", "28", "count", "points in draft"),
        ("The war has lasted 1,398 days.", "1398", "count", "days"),
        ("The plan funds 3,500 new teaching posts.", "3500", "count", "new teaching posts"),
        ("Floods displaced 2 million people.", "2", "million count", "people"),
    ],
)
def test_counts_and_what_they_count(text: str, value: str, unit: str, subject: str) -> None:
    c = only(text)
    assert (c.kind, c.value, c.unit, c.subject) == ("count", Decimal(value), unit, subject)


def test_a_count_with_a_scale_is_normalised_to_units() -> None:
    assert only("Floods displaced 2 million people.").value_si == Decimal(2_000_000)


# --- money -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "unit", "currency"),
    [
        ("The aid package is worth $800 billion.", "800", "billion USD", "USD"),
        ("The aid package is worth $200bn.", "200", "billion USD", "USD"),
        ("The aid package is worth €5 million.", "5", "million EUR", "EUR"),
        ("The aid package is worth USD 3.2 billion.", "3.2", "billion USD", "USD"),
        ("The aid package is worth £40m.", "40", "million GBP", "GBP"),
        ("The aid package is worth 3 billion euros.", "3", "billion EUR", "EUR"),
        ("The ticket costs $25.", "25", "USD", "USD"),
    ],
)
def test_money_keeps_value_and_scale_as_stated(
    text: str, value: str, unit: str, currency: str
) -> None:
    c = only(text)
    assert (c.kind, c.value, c.unit, c.unit_si) == ("money", Decimal(value), unit, currency)


# --- bounds and approximation ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lower", "upper", "approximate"),
    [
        ("Russia has 800,000 troops there.", None, None, False),
        ("Russia has about 800,000 troops there.", None, None, True),
        ("Russia has around 800,000 troops there.", None, None, True),
        ("Russia has roughly 800,000 troops there.", None, None, True),
        ("Russia has approximately 800,000 troops there.", None, None, True),
        ("Russia has nearly 800,000 troops there.", None, "800000", True),
        ("Russia has almost 800,000 troops there.", None, "800000", True),
        ("Russia has more than 800,000 troops there.", "800000", None, True),
        ("Russia has over 800,000 troops there.", "800000", None, True),
        ("Russia has at least 800,000 troops there.", "800000", None, True),
        ("Russia has up to 800,000 troops there.", None, "800000", True),
        ("Russia has fewer than 800,000 troops there.", None, "800000", True),
    ],
)
def test_qualifiers_set_bounds(
    text: str, lower: str | None, upper: str | None, approximate: bool
) -> None:
    c = only(text)
    assert c.value == Decimal(800000)
    assert c.lower == (Decimal(lower) if lower else None)
    assert c.upper == (Decimal(upper) if upper else None)
    assert c.approximate is approximate
    assert c.quote.endswith("800,000 troops")


def test_a_stated_range_gives_both_bounds_and_the_midpoint() -> None:
    c = only("Support is between 40% and 45% in most polls.")
    assert (c.lower, c.upper, c.value, c.quote) == (
        Decimal(40),
        Decimal(45),
        Decimal("42.5"),
        "between 40% and 45%",
    )
    c = only("Support is 40-45% in most polls.")
    assert (c.lower, c.upper) == (Decimal(40), Decimal(45))


def test_a_change_from_one_share_to_another_is_two_claims_not_a_range() -> None:
    found = quantities("Support rose from 30% to 40% last year.")
    assert [(c.value, c.lower, c.upper) for c in found] == [
        (Decimal(30), None, None),
        (Decimal(40), None, None),
    ]


def test_over_after_dispute_means_about_not_more_than() -> None:
    c = only("A dispute over 12,400 hectares of forest went to court.")
    assert (c.lower, c.approximate, c.quote) == (None, False, "12,400 hectares")


# --- traps: numbers that are not claims --------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Most Russians expect the war to end in 2026.",
        "Throughout 2025, the front barely moved.",
        "The budget for FY2027 was presented.",
        "The first hearing, on 12 March, was adjourned.",
        "The talks began on March 12 in Riyadh.",
        "Talks resumed on 2025-03-14 in Geneva.",
        "The meeting starts at 14:30 in the annex.",
        "The meeting starts at 10 a.m. on Monday.",
        "It mirrors NATO's Article 5 guarantees for members.",
        "Under Article 18B of the constitution, land rights are protected.",
        "Under Section 4 of the act the vote must follow.",
        "See page 12 for the full tables.",
        "The 5th round of talks opened.",
        "Call the press office on +1 (555) 014-2290 for tables.",
        "Call the press line, 030 2025 4471, for tables.",
        "The report will be published within 90 days.",
        "The levy runs over 20 years.",
        "She moved to Kyiv 5 years ago.",
        "The victims were aged 45 and 51.",
        "A 45-year-old man was arrested.",
        "He has over 12 years of experience reporting on budgets.",
        "On day 1,398 of the war, the talks resumed.",
        "The second wave of the survey is due in May.",
        "Results were weighted to match the 2020 census.",
    ],
)
def test_no_claims_from_years_dates_ordinals_references_phones_or_periods(text: str) -> None:
    assert quantities(text) == []


def test_nothing_from_headings_bylines_or_author_bios() -> None:
    text = (
        "Poll: 55% back the plan\nBy Ann Lee\nUpdated 3 June 2025, 14:30\n"
        "The poll found 58% back the plan.\n"
        "About Ann\nAnn has covered 40 elections in 12 countries for the paper.\n"
    )
    assert [c.quote for c in quantities(text)] == ["58%"]


# --- claimants and modality --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "claimant", "modality"),
    [
        ("According to VTsIOM, 55% expect peace.", "VTsIOM", "reported"),
        (
            "Polls conducted by the state-run VTsIOM found that 55% expect peace.",
            "VTsIOM",
            "asserted",
        ),
        ("Putin said 5,000 square kilometers must be ceded.", "Putin", "demanded"),
        ("President Putin has demanded 5,000 square kilometers of Donbas.", "Putin", "demanded"),
        (
            "The White House has reportedly suggested that 22% of Donetsk will fall.",
            "White House",
            "reported",
        ),
        ("Analysts estimate that 176 square miles were taken.", "Analysts", "estimated"),
        (
            "Independent polling further suggests that two-thirds of Russians support talks.",
            "Independent polling",
            "reported",
        ),
        ("The ministry expects 15,000 jobs next year.", "ministry", "projected"),
        ("The council has proposed a 500-hectare buffer zone.", "council", "proposed"),
        ("Finance Minister Clara Voss said 3,500 new posts were filled.", "Clara Voss", "asserted"),
        (
            "The company's lawyer, Siti Rahma, said 37 families were displaced.",
            "Siti Rahma",
            "asserted",
        ),
        ("Reports suggest that 40% of the grid is down.", "", "reported"),
        ("The grid lost 40% of its capacity.", "", "asserted"),
    ],
)
def test_claimant_and_modality_from_attribution_and_hedges(
    text: str, claimant: str, modality: str
) -> None:
    c = only(text)
    assert (c.claimant_name, c.modality) == (claimant, modality)


def test_a_sentence_continuing_a_poll_inherits_its_claimant() -> None:
    text = (
        "Recent polls, conducted by the state-run VTsIOM, show fatigue. "
        "A majority of Russians (55%) reportedly expect the war to end."
    )
    assert only(text).claimant_name == "VTsIOM"


def test_an_unrelated_next_sentence_does_not_inherit_a_claimant() -> None:
    text = "Putin said the talks were useful. Russian forces took 176 square miles."
    assert only(text).claimant_name == ""


def test_the_institute_refers_back_to_the_named_institute() -> None:
    text = (
        "A survey by the Civic Pulse Institute was released. "
        "Only 27 percent trust the council, the institute said."
    )
    assert only(text).claimant_name == "Civic Pulse Institute"


def test_claimant_is_matched_to_an_actor_by_alias_on_word_boundaries() -> None:
    actors = [
        ActorRef("putin", "Vladimir Putin", ("Putin", "Russian President")),
        ActorRef("vtsiom", "Russian Public Opinion Research Center", ("VTsIOM",)),
        ActorRef("put", "Put"),  # must not match inside "Putin"
    ]
    text = (DATA / "seed_article.txt").read_text(encoding="utf-8")
    by_quote = {c.quote: c for c in extract(text, actors)}
    assert by_quote["approximately 5,000 square kilometers"].claimant_id == "putin"
    assert by_quote["A majority of Russians (55%)"].claimant_id == "vtsiom"
    assert by_quote["22%"].claimant_id is None  # the White House is not among the actors


def test_actor_ref_from_a_model_like_object() -> None:
    class Actor:
        pk = "uuid-1"
        name = "Kremlin"
        aliases = ["Moscow"]

    assert ActorRef.from_actor(Actor()) == ActorRef("uuid-1", "Kremlin", ("Moscow",))


# --- proposals ---------------------------------------------------------------------------
def test_a_sentence_stating_conditions_is_a_demanded_proposal_with_its_provisions() -> None:
    text = (
        "President Putin has previously outlined his conditions for peace, which include "
        "Ukraine ceding territory, and an official renunciation of NATO membership."
    )
    (proposal,) = [c for c in extract(text) if c.kind == "proposal"]
    assert (proposal.modality, proposal.claimant_name, proposal.subject) == (
        "demanded",
        "Putin",
        "conditions for peace",
    )
    assert proposal.value is None and proposal.unit == "" and proposal.quote == text
    assert proposal.provisions == (
        "Ukraine ceding territory",
        "an official renunciation of NATO membership",
    )


def test_a_passing_mention_of_a_plan_is_not_a_proposal() -> None:
    text = "Three quarters of respondents want to see the full cost of the plan."
    assert [c.kind for c in extract(text)] == ["percentage"]
    assert extract(text)[0].modality == "asserted"


def test_a_plans_own_size_is_not_proposed_but_its_content_is() -> None:
    text = "The council's plan would raise $1.1 billion and add a 20-point charter."
    by_kind = {c.kind: c for c in extract(text)}
    assert by_kind["money"].modality == "proposed"
    assert by_kind["count"].modality == "asserted"


# --- invariants --------------------------------------------------------------------------
def all_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))]


def test_every_quote_is_the_text_at_its_offsets_and_inside_its_sentence() -> None:
    for text in all_texts():
        for c in extract(text):
            assert text[c.start : c.end] == c.quote
            assert text[c.sentence_start : c.sentence_end] == c.sentence
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
            assert c.method == METHOD == f"extractor@{VERSION}"
            assert 0 <= c.confidence <= 1


def test_extraction_is_deterministic() -> None:
    text = "\n".join(all_texts())
    assert extract(text) == extract(text)
    shuffled = all_texts()
    random.Random(7).shuffle(shuffled)
    assert extract("\n".join(shuffled)) == extract("\n".join(shuffled))


def test_every_quantity_is_normalised_by_the_units_module() -> None:
    for text in all_texts():
        for c in extract(text):
            if c.kind == "proposal":
                assert (c.value, c.value_si, c.unit, c.unit_si) == (None, None, "", "")
            else:
                assert units.normalise(c.kind, c.value, c.unit).value == c.value_si


def test_every_unit_spelling_the_extractor_produces_is_a_unit_of_its_kind() -> None:
    for name in P.AREA_UNIT_NAMES:
        units.check_unit("area", name)
        for period in ("month", "year", "week", "day"):
            units.check_unit("area_rate", f"{name}/{period}")
    for scale in set(P.SCALES.values()):
        units.check_unit("count", f"{scale} count")
        for code in units.CURRENCIES:
            units.check_unit("money", f"{scale} {code}")


def test_candidate_gives_claim_and_citation_fields() -> None:
    text = "According to VTsIOM, 55% of Russians expect peace."
    c = only(text)
    claim = c.claim_fields()
    assert claim["status"] == "candidate" and claim["kind"] == "percentage"
    assert claim["statement"] == "VTsIOM (reported): 55% — Russians"
    citation = c.citation_fields(text)
    assert citation["quote"] == text[citation["start"] : citation["end"]] == "55%"
    assert citation["prefix"] == "According to VTsIOM, " and citation["method"] == METHOD


# --- the labelled texts ------------------------------------------------------------------
def test_seed_article_is_the_shared_seed_byte_for_byte() -> None:
    raw = (DATA / "seed_article.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SEED_SHA256


def test_every_label_file_loads_with_quotes_at_their_offsets() -> None:
    files = label_files([DATA])
    assert [f.name for f in files] == [
        "budget_plan.json",
        "ceasefire_proposals.json",
        "city_budget.json",
        "deforestation_states.json",
        "economy_forecast.json",
        "election_poll.json",
        "energy_grid.json",
        "flood_shelters.json",
        "health_survey.json",
        "heldout_sahel.json",
        "land_dispute.json",
        "peace_plan_talks.json",
        "poll_release.json",
        "seed_article.json",
        "sport_season.json",
        "transit_ridership.json",
        "wildfire_evacuations.json",
    ]
    for path in files:
        assert load_labels(path).labels


def test_seed_article_scores() -> None:
    counts = evaluation("seed_article").counts()
    for kind in ("percentage", "area", "area_rate"):
        assert counts[kind].recall == 1.0, kind
    assert counts["count"].recall == 1.0
    assert counts["overall"].precision >= 0.9
    # Reached when written: precision 1.000, recall 0.920 (two proposals missed).
    assert counts["overall"].precision == 1.0
    assert counts["overall"].recall >= 0.92
    assert counts["proposal"].recall >= 0.88


@pytest.mark.parametrize("name", ["poll_release", "land_dispute", "budget_plan"])
def test_written_texts_scores(name: str) -> None:
    # Reached when written: every kind 1.000 / 1.000 on each of these texts.
    counts = evaluation(name).counts()
    assert (counts["overall"].precision, counts["overall"].recall) == (1.0, 1.0)


def test_held_out_text_scores() -> None:
    # Written and labelled after the rules were frozen; never tuned on. Reached when
    # written: precision 1.000, recall 0.857 (counts without a noun, "risen to 4.2 million").
    counts = evaluation("heldout_sahel").counts()
    assert counts["overall"].precision == 1.0
    assert counts["overall"].recall >= 0.857
    for kind in ("percentage", "area", "area_rate", "money", "proposal"):
        assert counts[kind].recall == 1.0, kind


def test_seed_article_attributes_of_matched_claims() -> None:
    result = evaluation("seed_article")
    assert result.attribute_mismatches() == []


# --- the command -------------------------------------------------------------------------
def test_evaluate_extractor_prints_scores_and_errors() -> None:
    out = io.StringIO()
    call_command("evaluate_extractor", str(DATA), verbosity=2, stdout=out)
    text = out.getvalue()
    assert "precision: " in text and "recall: " in text
    assert "seed_article.json" in text and "overall" in text
    assert "FN proposal" in text  # -v 2 lists what was missed, with its quote


def test_evaluate_extractor_fails_below_thresholds() -> None:
    with pytest.raises(CommandError, match="recall"):
        call_command(
            "evaluate_extractor",
            str(DATA / "seed_article.json"),
            min_recall=0.99,
            stdout=io.StringIO(),
        )
    call_command(
        "evaluate_extractor", str(DATA), min_precision=0.9, min_recall=0.9, stdout=io.StringIO()
    )


def test_evaluate_extractor_refuses_a_missing_path() -> None:
    with pytest.raises(CommandError, match="no such label file"):
        call_command("evaluate_extractor", "/nonexistent.json", stdout=io.StringIO())
