"""The claim extractor: each pattern family, its traps, and its scores on labelled texts.

Scores asserted here are the figures reached when the test was written; they may rise,
never fall (lower one only with a reviewed reason in the commit message).
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import units
from claims.extraction import METHOD, VERSION, ActorRef, Candidate, extract
from claims.extraction import patterns as P
from claims.extraction.document import MAX_SENTENCE
from claims.extraction.evaluation import (
    KINDS,
    Label,
    LabelSet,
    evaluate,
    label_files,
    load_labels,
    total,
    total_attributes,
)

DATA = Path(__file__).parent / "data" / "extraction"
SEED_SHA256 = "57e8455c4d0df7b68e082fc851efa77cc2a65c305ebc02c8ef41b09cc4d567b9"
# The kinds another branch adds to claims.units (percentage points, length, mass, volume,
# duration, speed, energy, power, ratio, rate). Until they are on main, units refuses them
# and the extractor leaves such quantities out (it proposes only what can be stored).
needs_kinds = pytest.mark.skipif(
    "percentage_points" not in units.QUANTITY_KINDS, reason="the new kinds are not in units yet"
)


def only(text: str, kind: str | None = None) -> Candidate:
    """The one quantity candidate in ``text`` (of ``kind`` when given)."""
    found = [c for c in extract(text) if c.kind != "proposal" and (kind is None or c.kind == kind)]
    assert len(found) == 1, found
    return found[0]


def quantities(text: str) -> list[Candidate]:
    return [c for c in extract(text) if c.kind != "proposal"]


def evaluation(name: str):
    return evaluate(load_labels(DATA / f"{name}.json"))


def heldout_scores(number: int):
    """Overall counts and claimant/modality attributes on ``tests/data/extraction_heldoutN``
    (the first set has no number)."""
    heldout = Path(__file__).parent / "data" / f"extraction_heldout{number if number > 1 else ''}"
    evaluations = [evaluate(load_labels(path)) for path in label_files([heldout])]
    return total(evaluations)["overall"], total_attributes(evaluations)


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
        "Clearing slowed in the 12 months to July.",
        "Rents have risen over the past five years.",
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
        # Round 12: a named source's figure is its claim; only hearsay is reported.
        ("According to VTsIOM, 55% expect peace.", "VTsIOM", "asserted"),
        ("According to sources in Kyiv, 55% expect peace.", "", "reported"),
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


def test_a_heading_ends_what_a_source_covers() -> None:
    text = "Putin said the talks were useful.\nOn the front\nRussian forces took 176 square miles."
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
        "Putin's conditions for peace",
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


# --- lines: lists, captions, furniture -----------------------------------------------------
def test_bullets_and_the_lines_after_a_colon_are_body_text() -> None:
    text = (
        "Its main findings:\n\n"
        "- One in three adults has high blood pressure\n"
        "- 27% of those affected did not know it\n"
        "Key figures:\n"
        "1,150 firefighters deployed\n"
    )
    assert [c.quote for c in quantities(text)] == ["One in three", "27%", "1,150 firefighters"]


def test_list_numbers_and_an_emergency_number_are_not_claims() -> None:
    text = (
        "What to do:\n1. Follow official evacuation orders\n"
        "2. Keep emergency numbers at hand: 112\n"
    )
    assert quantities(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Some 2,000 containers wait at the port on 3 October. Credit: Marta Ilves",
        "(Photo: About 300 families wait for boats in Port Sella. Ama Boateng/Delta Press)",
        "Passengers board one of 40 trains at Central station. Photo: S. Okafor",
        "Read more: Five things to know about the 12 candidates",
        "Share this article",
        "Advertisement",
        "Source: National Space Research Agency, 2,300 sites",
        "© 2026 Herald Media. All rights reserved. 40 titles.",
    ],
)
def test_captions_credits_and_page_furniture_are_quiet(line: str) -> None:
    assert quantities(f"The poll found 58% back the plan.\n{line}\n") == only_the_poll()


def only_the_poll() -> list[Candidate]:
    return quantities("The poll found 58% back the plan.\n")


def test_a_text_without_full_stops_is_cut_into_bounded_sentences() -> None:
    text = "rose 12% to 3,400 people, $5 million and 40 km² a year, officials said, " * 400
    found = extract(text)
    assert len(found) > 1000
    assert max(c.sentence_end - c.sentence_start for c in found) <= MAX_SENTENCE
    assert all(text[c.start : c.end] == c.quote for c in found)


# --- numbers whose noun or unit is elsewhere ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        (
            "Under the plan, the number of personnel will be capped at 800,000 in peacetime.",
            800000,
            "count",
        ),
        ("More than 350 have died since the rains began.", 350, "count"),
        ("The prison population fell to under 290,000 by 2010.", 290000, "count"),
        ("Road deaths in the city fell to 41 last year.", 41, "count"),
        ("Officials said 1.2 million remain displaced.", Decimal("1.2"), "million count"),
        ("The new line accounts for about 160,000 of those trips.", 160000, "count"),
        ("Average attendance at the stadium was 39,850 this season.", 39850, "count"),
    ],
)
def test_a_count_takes_its_noun_from_the_clause(text: str, value: Decimal, unit: str) -> None:
    c = only(text)
    assert (c.kind, c.value, c.unit) == ("count", Decimal(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "Inflation fell to 4.2 by March.",
        "The index rose to 3,400 on Friday.",
        "Turnout was 64 in the capital.",
        "The ministry expects the rate to reach 12 next year.",
        "She finished with 94 points, four more than the record.",
    ],
)
def test_a_bare_number_without_a_countable_subject_is_not_a_count(text: str) -> None:
    assert [c for c in quantities(text) if c.kind == "count" and c.value != 94] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Most clearing was in Pará (2,325 km²), then Mato Grosso (1,508) and Amazonas (1,102).",
            [("area", 2325, "km2"), ("area", 1508, "km2"), ("area", 1102, "km2")],
        ),
        (
            "The agency lists 14,500 homes destroyed and another 31,000 damaged.",
            [("count", 14500, "count"), ("count", 31000, "count")],
        ),
        (
            "Car makers shipped 412,000 vehicles, against 455,000 a year earlier.",
            [("count", 412000, "count"), ("count", 455000, "count")],
        ),
        (
            "The Greens stand at 38%, up from 31 in December.",
            [("percentage", 38, "percent"), ("percentage", 31, "percent")],
        ),
        (
            "Enforcement teams would grow from 900 to 1,400 agents.",
            [("count", 900, "count"), ("count", 1400, "count")],
        ),
        (
            "The monitor puts the burned area at 91,000 hectares, against an average of 38,000.",
            [("area", 91000, "ha"), ("area", 38000, "ha")],
        ),
    ],
)
def test_a_unit_or_noun_is_carried_across_a_list(text: str, expected: list[tuple]) -> None:
    assert [(c.kind, c.value, c.unit) for c in quantities(text)] == [
        (k, Decimal(v), u) for k, v, u in expected
    ]


def test_a_bare_figure_after_a_change_takes_the_unit_of_the_paragraph() -> None:
    text = "Clearing in Pará covered 2,325 km². Clearing in Rondônia fell by a third, to 610."
    assert [(c.kind, c.value, c.unit) for c in quantities(text)] == [
        ("area", Decimal(2325), "km2"),
        ("percentage", Decimal("33.33"), "percent"),
        ("area", Decimal(610), "km2"),
    ]


# --- spelled-out numbers and fractions ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Firefighters were battling five fires on Tuesday.", "5", "count"),
        ("Aid groups asked for two dozen water units.", "24", "count"),
        ("Half a billion people live with hypertension.", "0.5", "billion count"),
        ("Floods displaced three hundred and twenty families.", "320", "count"),
        ("The agency vaccinated half a million children.", "0.5", "million count"),
        ("Support stood at five per cent in the survey.", "5", "percent"),
    ],
)
def test_spelled_out_numbers(text: str, value: str, unit: str) -> None:
    c = only(text)
    assert (c.value, c.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "One official said the talks were useful.",
        "The two leaders met in Geneva.",
        "Three-party talks resumed on Monday.",
        "At one point the talks nearly collapsed.",
        "Exports fell in the fourth quarter, the office said.",
        "For a third time the vote was delayed.",
    ],
)
def test_number_words_that_state_no_figure(text: str) -> None:
    assert quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Clearing in the state fell by a third, to 610.", "33.33"),
        ("Nordoil plans to cut output by a quarter by 2030.", "25"),
        ("Shipments to the US were down by almost a fifth.", "20"),
        ("The mayor said the town had lost half its pine forest.", "50"),
        ("The regulator found one in twelve of all homes had panels.", "8.33"),
        ("Northgate said 3 in 4 undecided voters were women.", "75"),
    ],
)
def test_shares_closing_a_change_and_one_in_n(text: str, value: str) -> None:
    c = only(text, "percentage")
    assert c.value == Decimal(value)


# --- "N points" ------------------------------------------------------------------------------
def test_points_of_a_plan_and_of_a_league_are_counts() -> None:
    plan = only("The plan replaces a draft of an initial 28 points.")
    assert (plan.kind, plan.value, plan.modality) == ("count", Decimal(28), "asserted")
    assert only("Harbour City won the league with 94 points.").value == Decimal(94)
    assert quantities("The index fell 300 points on Friday.") == []


# --- the kinds the ledger gained --------------------------------------------------------------
@needs_kinds
@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        (
            "The Greens lead the Civic Union by 13 points in the latest poll.",
            "percentage_points",
            "13",
            "pp",
        ),
        ("The Civic Union has fallen to 25%, a nine-point drop.", "percentage_points", "9", "pp"),
        ("Support rose by 4 percentage points.", "percentage_points", "4", "pp"),
        ("The rate was cut by half a percentage point.", "percentage_points", "0.5", "pp"),
        ("Police closed 212 km of roads.", "length", "212", "km"),
        ("The council will fund a 15-kilometre firebreak.", "length", "15", "km"),
        ("Rainfall reached 410 mm at the gauge.", "length", "410", "mm"),
        ("Helicopters delivered 120 tonnes of food.", "mass", "120", "t"),
        ("The reduction avoided 95 million tonnes of carbon dioxide.", "mass", "95", "million t"),
        ("The tanker spilled 40,000 litres of oil.", "volume", "40000", "L"),
        ("Solar farms produced 41.2 TWh last year.", "energy", "41.2", "TWh"),
        ("Installed capacity reached 28 GW.", "power", "28", "GW"),
        ("Winds reached 70 km/h on Wednesday.", "speed", "70", "km/h"),
        ("The war has lasted 1,398 days.", "duration", "1398", "day"),
        ("Adults sleep 6.4 hours on average.", "duration", "6.4", "hour"),
        ("Cyclists outnumber drivers seven to one on the bridges.", "ratio", "7", "ratio"),
        ("The count found a ratio of 7:1 on the bridge.", "ratio", "7", "ratio"),
        ("Nordoil pumped 1.4 million barrels a day.", "rate", "1.4", "million bbl/day"),
        ("The company will invest $6 billion a year in wind.", "rate", "6", "billion USD/year"),
        ("The metro carried 1.9 million passengers a day.", "rate", "1.9", "million count/day"),
    ],
)
def test_every_quantity_news_states_has_a_kind(text: str, kind: str, value: str, unit: str) -> None:
    c = only(text, kind)
    assert (c.kind, c.value, c.unit) == (kind, Decimal(value), unit)
    assert c.value_si is not None and c.unit_si


@pytest.mark.parametrize(
    "text",
    [
        "The meeting starts at 14:30 in the annex.",
        "Harbour City won 3:1 on Saturday.",
        "The committee voted seven to one.",
        "Trains run every 3 minutes at peak times.",
        "The report shows 87.4% of trains arrived within five minutes of the timetable.",
        "The margin of error is plus or minus 2.2 percentage points.",
    ],
)
def test_times_scores_frequencies_deadlines_and_margins_are_not_quantities(text: str) -> None:
    found = quantities(text)
    assert found == [] or {c.kind for c in found} == {"percentage"}  # 87.4% is one


@pytest.mark.parametrize(
    ("text", "value", "unit", "quote"),
    [
        ("The report will be published within 90 days.", 90, "day", "90 days"),
        ("The levy runs over 20 years.", 20, "year", "over 20 years"),
        ("Evacuations must finish within 48 hours.", 48, "hour", "48 hours"),
        ("A ceasefire would take effect 72 hours after signing.", 72, "hour", "72 hours"),
        ("Forces would leave within about 30 days of a ceasefire.", 30, "day", "about 30 days"),
    ],
)
def test_a_deadline_or_the_span_of_a_term_is_a_duration(
    text: str, value: int, unit: str, quote: str
) -> None:
    # Round 12: the sixth to ninth held-out sets label these, and a plan's "within 60 days"
    # is a term a curator stores; the earlier sets were relabelled to match.
    (c,) = [c for c in quantities(text) if c.kind == "duration"]
    assert (c.value, c.unit, c.quote) == (Decimal(value), unit, quote)


def test_a_compound_time_is_one_duration_never_its_parts() -> None:
    # Round 1 proposed nothing here; the held-out labeller (and issue 12's duration kind)
    # read a finishing time as one duration in its smallest unit. Its parts stay unproposed.
    found = quantities("Kipchoge won in 2 hours, 1 minute and 9 seconds.")
    assert [(c.kind, c.value, c.unit, c.quote) for c in found] == [
        ("duration", Decimal(7269), "s", "2 hours, 1 minute and 9 seconds")
    ]


@needs_kinds
def test_a_spelled_out_list_carries_its_last_unit() -> None:
    text = "Evacuation zones were widened to five, ten or forty kilometres."
    assert [(c.kind, c.value, c.unit) for c in quantities(text)] == [
        ("length", Decimal(5), "km"),
        ("length", Decimal(10), "km"),
        ("length", Decimal(40), "km"),
    ]


@needs_kinds
def test_a_spelled_out_range_of_days() -> None:
    c = only("Forecasters expect two to three more days of heavy rain.")
    assert (c.kind, c.value, c.lower, c.upper, c.modality) == (
        "duration",
        Decimal("2.5"),
        Decimal(2),
        Decimal(3),
        "projected",
    )


# --- attribution that follows the text --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        (
            "According to the Ministry of Finance's forecast, growth will be 2.7% next year.",
            "2.7%",
            "Ministry of Finance",
        ),
        (
            "Governor Adwoa Sarpong visited a camp. She said 800,000 people were sheltered.",
            "800,000 people",
            "Adwoa Sarpong",
        ),
        ("Officials report 87 deaths after a week of rain.", "87 deaths", "Officials"),
        (
            "A poll by the research firm Meridian Insight was published. "
            "The firm also found that 52% of voters want change.",
            "52%",
            "Meridian Insight",
        ),
        (
            "Household debt has climbed to 92% of income. "
            "The estimates were published on Monday by the Institute for Economic Research.",
            "92%",
            "Institute for Economic Research",
        ),
        ("55% of Russians expect peace, VTsIOM said.", "55%", "VTsIOM"),
        (
            "A rival survey by Northgate Research was released. "
            "Its figures show turnout intention at 64 percent.",
            "64 percent",
            "Northgate Research",
        ),
        (
            "Its spokesman, Igor Semin, said Drasnia demanded 4,600 square kilometres.",
            "4,600 square kilometres",
            "Igor Semin",
        ),
        (
            "The National Health Survey, which interviewed 18,400 people, found rising rates.",
            "18,400 people",
            "National Health Survey",
        ),
        (
            "Firefighters were battling five fires, the regional civil protection service said.",
            "five fires",
            "regional civil protection service",
        ),
        (
            "The grid operator Nordnet published its report. "
            "The operator's target for 2030 is a 60% share of solar.",
            "60%",
            "Nordnet",
        ),
        (
            "Velmora's President Andriy Koval said 31 countries backed it.",
            "31 countries",
            "Andriy Koval",
        ),
    ],
)
def test_claimant_follows_the_text(text: str, quote: str, claimant: str) -> None:
    found = {c.quote: c for c in extract(text)}
    assert found[quote].claimant_name == claimant


@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        ("An Ipsos poll found that 58% of voters disapprove.", "58%", "Ipsos"),
        (
            "According to the latest YouGov survey for The Times, Labour is on 41 per cent.",
            "41 per cent",
            "YouGov",
        ),
        (
            # Round 20: who pledges or promises is the claimant, not the man quoted after.
            "The government has promised €500 million, and Prime Minister Jonas Eklund said "
            "payments would begin soon.",
            "€500 million",
            "government",
        ),
        (
            "The health ministry has ordered more doses. It said the campaign would cost €18m.",
            "€18m",
            "health ministry",
        ),
        (
            "Russian forces gained 4,168 square kilometres, according to the Institute for the "
            "Study of War.",
            "4,168 square kilometres",
            "Institute for the Study of War",
        ),
    ],
)
def test_named_polls_commissioners_and_sources_that_state_something_new(
    text: str, quote: str, claimant: str
) -> None:
    found = {c.quote: c for c in extract(text)}
    assert found[quote].claimant_name == claimant


@pytest.mark.parametrize(
    ("text", "value", "modality"),
    [
        (
            "Dr Lena Koch said 230 people were treated, 41 of them in intensive care.",
            41,
            "asserted",
        ),
        ("The governor said 19 of the dead were in Kostiantynivka.", 19, "asserted"),
        ("She warned that cases could exceed 3,000 by the end of the summer.", 3000, "projected"),
    ],
)
def test_counts_of_a_group_named_before_and_of_a_subject_that_could_exceed(
    text: str, value: int, modality: str
) -> None:
    (c,) = [c for c in quantities(text) if c.value == value]
    assert (c.kind, c.modality) == ("count", modality)


def test_a_quote_after_a_lowercase_title_and_her_group_are_the_persons() -> None:
    text = (
        "Opponents, led by councillor Maria Vidal, wanted buses instead. "
        '"For €612 million you could buy 900 electric buses," she said. '
        "Her group had proposed a plan to add 40 bus routes."
    )
    assert {c.quote: c.claimant_name for c in quantities(text)} == {
        "€612 million": "Maria Vidal",
        "900 electric buses": "Maria Vidal",
        "40 bus routes": "Maria Vidal",
    }


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        (
            "The budget has risen to €612m from an original estimate of €480m, officials said.",
            "€612m",
            "asserted",
        ),
        (
            "The budget has risen to €612m from an original estimate of €480m, officials said.",
            "€480m",
            "estimated",
        ),
        (
            "The council approved a 12-member board, which is expected to meet monthly.",
            "12-member",
            "asserted",
        ),
    ],
)
def test_a_hedge_of_one_figure_or_one_clause_is_not_the_whole_sentences(
    text: str, quote: str, modality: str
) -> None:
    (c,) = [c for c in quantities(text) if c.quote.startswith(quote)]
    assert c.modality == modality


@pytest.mark.parametrize(
    ("text", "quote", "claimant", "modality"),
    [
        (
            "About 70 countries have offered help, the ministry said.",
            "About 70",
            "ministry",
            "asserted",
        ),
        (
            "At least 1,400 people were killed, state media reported.",
            "At least 1,400",
            "state media",
            "asserted",
        ),
        (
            "The UN said 10.9 million people had been affected and that it would release "
            "$25 million.",
            "10.9 million",
            "UN",
            "asserted",
        ),
    ],
)
def test_subjects_that_offer_state_media_and_a_second_that_clause(
    text: str, quote: str, claimant: str, modality: str
) -> None:
    (c,) = [c for c in quantities(text) if c.quote.startswith(quote)]
    assert (c.claimant_name, c.modality) == (claimant, modality)


def test_it_said_after_an_organisation_with_a_persons_shape() -> None:
    text = (
        "Rail operator Deutsche Bahn said it carried 310,000 extra passengers. "
        "Fares rose by 4.9% in January, it said."
    )
    assert [c.claimant_name for c in quantities(text)] == ["Deutsche Bahn", "Deutsche Bahn"]


def test_a_range_with_scale_words_is_one_claim() -> None:
    c = only("Insurers estimate damage at between €1.2 billion and €1.5 billion.")
    assert (c.value, c.lower, c.upper, c.unit, c.modality) == (
        Decimal("1.35"),
        Decimal("1.2"),
        Decimal("1.5"),
        "billion EUR",
        "estimated",
    )


def test_conditions_set_out_beside_another_plan_are_a_plan_of_their_own() -> None:
    text = (
        "Kyiv accepted the US proposal for a 30-day truce. The Kremlin said it was studying "
        "the plan but set out conditions, including a halt to Western arms deliveries."
    )
    assert [(p.subject, p.modality, p.claimant_name) for p in proposals(text)] == [
        ("US proposal for a 30-day truce", "proposed", ""),
        ("Kremlin's conditions", "demanded", "Kremlin"),
    ]


def test_a_source_covers_the_rest_of_its_paragraph_until_another_is_named() -> None:
    text = (
        "The Greens stand at 38%, the research firm Meridian Insight said. "
        "The Civic Union has 25%. Northgate Research puts turnout at 64%. "
        "Another 12% are undecided."
    )
    assert [c.claimant_name for c in quantities(text)] == [
        "Meridian Insight",
        "Meridian Insight",
        "Northgate Research",
        "Northgate Research",
    ]


def test_an_organisation_covers_the_next_paragraph_but_a_person_does_not() -> None:
    text = (
        "The national disaster agency said 1,800 km² were flooded.\n"
        "Some 14,500 homes were destroyed.\n"
        "Governor Ann Lee said 800,000 people were sheltered.\n"
        "Rescue teams searched for 40 people.\n"
    )
    assert [c.claimant_name for c in quantities(text)] == [
        "national disaster agency",
        "national disaster agency",
        "Ann Lee",
        "",
    ]


def test_a_source_in_a_relative_clause_covers_nothing_before_it() -> None:
    text = (
        "The tax rate is set at 0.9%, which the finance department said would bring in €38 million."
    )
    assert [(c.quote, c.claimant_name) for c in quantities(text)] == [
        ("0.9%", ""),
        ("€38 million", "finance department"),
    ]


def test_actor_matching_strips_titles_and_prefers_the_longest_name() -> None:
    actors = [
        ActorRef("ukraine", "Ukraine"),
        ActorRef("zelensky", "Volodymyr Zelensky", ("Zelensky",)),
        ActorRef("minfin", "Ministry of Finance"),
    ]
    text = (
        "Ukraine's President Volodymyr Zelensky said 800,000 troops would stay. "
        "The Ministry of Finance of Ukraine said growth would be 2.7%."
    )
    by_quote = {c.quote: c for c in extract(text, actors)}
    assert by_quote["800,000 troops"].claimant_name == "Volodymyr Zelensky"
    assert by_quote["800,000 troops"].claimant_id == "zelensky"
    assert by_quote["2.7%"].claimant_id == "minfin"


def test_an_unknown_claimant_is_kept_by_name() -> None:
    c = only("The research firm Meridian Insight said 52% back the plan.")
    assert (c.claimant_name, c.claimant_id) == ("Meridian Insight", None)
    assert "Meridian Insight" in c.claim_fields()["notes"]


# --- modality ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        (
            "She said weather conditions had improved, and helicopters delivered 120 crates.",
            "120",
            "asserted",
        ),
        # Round 20: a target, a goal or a plan is what someone means to do, `proposed`.
        ("The deficit target is set at 2.5% of GDP.", "2.5%", "proposed"),
        ("Public investment is planned at €11 billion.", "€11 billion", "proposed"),
        ("The government's goal is to raise revenue by €4.2 billion.", "€4.2 billion", "proposed"),
        ("Exports fell 6% in the quarter, the statistics office reported.", "6%", "asserted"),
        ("Exports were reported to have fallen 6% in the quarter.", "6%", "reported"),
        ("Teams would grow from 900 to 1,400 agents next year.", "900", "asserted"),
        ("Teams would grow from 900 to 1,400 agents next year.", "1,400 agents", "projected"),
        (
            "Vik said the plan would leave debts of €890 million by 2030, or 68% of revenue.",
            "68%",
            "projected",
        ),
        ("Aid groups are calling for two dozen water units.", "two dozen", "demanded"),
        ("The agency wants member states to screen 80% of adults.", "80%", "demanded"),
        (
            "Three quarters of respondents want the council to publish costs.",
            "Three quarters",
            "asserted",
        ),
    ],
)
def test_modality_cues_are_clause_scoped_and_targets_are_proposed(
    text: str, quote: str, modality: str
) -> None:
    (c,) = [c for c in quantities(text) if c.quote.startswith(quote)]
    assert c.modality == modality


# --- one proposal per plan ---------------------------------------------------------------------
def proposals(text: str) -> list[Candidate]:
    return [c for c in extract(text) if c.kind == "proposal"]


def test_one_proposal_per_plan_with_its_sentences_as_provisions() -> None:
    text = (
        "Washington and Kyiv moved closer to a jointly agreed 20-point peace plan. "
        "This revised proposal replaces an earlier 28-point US draft. "
        "The new plan includes security guarantees. "
        "It also proposes a reconstruction fund of $120 billion. "
        "Under the plan, foreign troops would leave within 60 days."
    )
    (plan, draft) = proposals(text)
    assert plan.subject == "20-point peace plan"
    assert draft.subject == "28-point US draft" and draft.quote == "earlier 28-point US draft"
    assert len(plan.provision_spans) == 5
    assert plan.provisions[-2:] == (
        "It also proposes a reconstruction fund of $120 billion.",
        "Under the plan, foreign troops would leave within 60 days.",
    )
    assert {c.modality for c in quantities(text) if c.kind == "money"} == {"proposed"}


def test_each_of_several_plans_in_an_article_is_one_candidate() -> None:
    text = (DATA / "ceasefire_proposals.txt").read_text(encoding="utf-8")
    assert [(p.subject, p.modality, p.claimant_name) for p in proposals(text)] == [
        ("12-point plan", "proposed", "Ostland government"),
        ("Karst National Front's conditions", "demanded", "Karst National Front"),
        ("mediation proposal", "proposed", "Coastal League"),
    ]


def test_the_seed_article_states_five_plans() -> None:
    text = (DATA / "seed_article.txt").read_text(encoding="utf-8")
    assert [p.subject for p in proposals(text)] == [
        "20-point peace plan",
        "28-point US draft",
        "three-party security guarantee draft",
        "bilateral security agreement",
        "Putin's conditions for peace",
    ]


def test_a_list_of_a_plans_points_are_its_provisions_and_an_apposition_is_no_second_plan() -> None:
    text = (
        "Egypt presented a $53 billion reconstruction plan, a counter-proposal to the US idea.\n"
        "The plan's main points:\n"
        "- Temporary housing for 1.5 million people within six months\n"
        "- 200,000 new homes over five years\n"
    )
    (plan,) = proposals(text)
    assert plan.provisions[-2:] == (
        "Temporary housing for 1.5 million people within six months",
        "200,000 new homes over five years",
    )
    assert {c.value: c.modality for c in quantities(text)} == {
        Decimal(53): "proposed",
        Decimal("1.5"): "proposed",
        Decimal(200000): "proposed",
        Decimal(6): "proposed",  # within six months
        Decimal(5): "proposed",  # over five years
    }


def test_a_plan_that_calls_for_something_is_proposed_and_someone_calling_for_one_demands() -> None:
    (plan,) = proposals("A 12-point plan put forward by Ostland calls for an immediate ceasefire.")
    (demand,) = proposals("UNHCR has called for a 10-year regional plan that would fund clinics.")
    assert (plan.modality, demand.modality) == ("proposed", "demanded")


# --- invariants --------------------------------------------------------------------------
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
    text = "According to VTsIOM, 55% of Russians reportedly expect peace."
    c = only(text)
    claim = c.claim_fields()
    assert claim["status"] == "candidate" and claim["kind"] == "percentage"
    assert claim["statement"] == "VTsIOM (reported): 55% — Russians"
    citation = c.citation_fields(text)
    assert citation["quote"] == text[citation["start"] : citation["end"]] == "55%"
    assert citation["prefix"] == "According to VTsIOM, " and citation["method"] == METHOD


@needs_kinds
def test_every_unit_of_the_new_kinds_is_a_unit_of_its_kind() -> None:
    for kind, spellings in P.MEASURE_UNITS.items():
        for unit in spellings:
            units.check_unit(kind, unit)
            units.check_unit(kind, f"million {unit}")
    for base in ("count", "million count", "t", "million bbl", "m3", "L", "billion USD"):
        for period in ("day", "week", "month", "year"):
            units.check_unit("rate", f"{base}/{period}")
    for unit in P.DURATION_UNITS.values():
        units.check_unit("duration", unit)
    units.check_unit("percentage_points", "pp")
    units.check_unit("ratio", "ratio")


# --- the labelled texts ------------------------------------------------------------------
def test_seed_article_is_the_shared_seed_byte_for_byte() -> None:
    raw = (DATA / "seed_article.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SEED_SHA256


TUNING_TEXTS = [
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
INVENTED_MARK = (
    "[Written for the claims-ledger evaluation. Not a real report; names, places and figures "
    "are invented.]"
)


def test_every_label_file_loads_with_quotes_at_their_offsets() -> None:
    files = label_files([DATA])
    assert [f.name for f in files] == TUNING_TEXTS
    for path in files:
        assert load_labels(path).labels


def test_every_invented_text_says_so_on_its_first_line_and_in_its_labels() -> None:
    invented = 0
    for path in label_files([DATA]):
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = (DATA / doc["text"]).read_text(encoding="utf-8")
        if doc.get("invented"):
            invented += 1
            assert text.splitlines()[0] == INVENTED_MARK, path.name
        else:
            assert INVENTED_MARK not in text
    assert invented == 12


@needs_kinds
def test_tuning_scores() -> None:
    # Reached when the rules were frozen (extractor@0.2.0, 17 texts, 245 labels):
    # precision 1.000, recall 1.000, claimant 0.995 (201/202), modality 0.996 (244/245).
    # extractor@0.3.0: precision 0.992 — two multiples ("twice the 2024 figure", "had
    # doubled") these texts left unlabelled before the ledger had a ratio kind, now read as
    # ratios by the held-out convention; the rest unchanged. Rise only, past that.
    evaluations = [evaluate(load_labels(path)) for path in label_files([DATA])]
    counts = total(evaluations)
    attributes = total_attributes(evaluations)
    assert counts["overall"].precision >= 0.99
    assert counts["overall"].recall >= 0.99
    for kind in KINDS:
        if counts[kind].tp + counts[kind].fn:
            assert counts[kind].recall >= 0.9, kind
    assert attributes.claimant_accuracy >= 0.99
    # Round 12 relabelled spans and deadlines as durations (7 labels): "a final vote must
    # take place within 60 days" under an Act is the law's, asserted; the rules read "must"
    # as a demand. 249 of 252 right, up from 243; the share 0.988, down from 0.992.
    # Round 20 removed two proposal labels of single measures (budget_plan, land_dispute),
    # both right: 247 of 250, the share 0.988 unchanged; round 22 two more (land_dispute,
    # peace_plan_talks), both right: 245 of 248, 0.9879.
    assert attributes.modality_right >= 245 and attributes.modality_accuracy >= 0.987


def test_tuning_scores_of_the_kinds_the_ledger_already_had() -> None:
    # The labels of kinds main's units already store, scored whatever the new kinds' state.
    evaluations = [evaluate(load_labels(path)) for path in label_files([DATA])]
    counts = total(evaluations)
    for kind in ("percentage", "area", "area_rate", "count", "money", "proposal"):
        assert counts[kind].precision >= 0.97, kind
        assert counts[kind].recall >= 0.97, kind


def test_seed_article_attributes_of_matched_claims() -> None:
    result = evaluation("seed_article")
    labelled = [m for m in result.attribute_mismatches() if m[0].claimant or m[2] == "modality"]
    assert labelled == []


def test_a_proposal_label_matches_any_sentence_of_its_plan() -> None:
    text = "The council presented a 12-point plan. Under the plan, fares would fall."
    label = Label("proposal", None, "", 39, len(text), text[39:])
    candidate = proposals(text)[0]
    assert candidate.start == 0 and evaluation_of(text, [label]).matched


def evaluation_of(text: str, labels: list[Label]):
    return evaluate(LabelSet(Path("inline.json"), text, tuple(labels)))


# --- the command -------------------------------------------------------------------------
def test_evaluate_extractor_prints_scores_per_text_directory_and_overall() -> None:
    out = io.StringIO()
    call_command("evaluate_extractor", str(DATA), verbosity=2, stdout=out)
    text = out.getvalue()
    assert "precision: " in text and "recall: " in text
    assert "seed_article.json" in text and "overall" in text
    assert "claimant accuracy: " in text and "modality accuracy: " in text
    assert f"All texts ({len(TUNING_TEXTS)})" in text


def write_labels(tmp_path: Path, name: str, text: str, claims: list[dict]) -> Path:
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"text": f"{name}.txt", "claims": claims}), encoding="utf-8")
    return path


def test_evaluate_extractor_lists_misses_and_fails_below_thresholds(tmp_path: Path) -> None:
    text = "Officials said 87 people died. The fund holds a herd of cows."
    path = write_labels(
        tmp_path,
        "hard",
        text,
        [
            {
                "kind": "count",
                "value": 87,
                "start": 15,
                "quote": "87 people",
                "claimant": "Officials",
            },
            {
                "kind": "count",
                "value": 12,
                "start": 46,
                "quote": "a herd",
                "modality": "asserted",
            },
        ],
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"recall 0\.500 < 0\.9"):
        call_command("evaluate_extractor", str(path), min_recall=0.9, verbosity=2, stdout=out)
    assert "FN count 12 [46:52] 'a herd'" in out.getvalue()
    assert "claimant accuracy: 1.000 (1/1" in out.getvalue()


def test_evaluate_extractor_prints_each_directory_when_given_several(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write_labels(
        first,
        "one",
        "Officials said 87 people died.",
        [
            {
                "kind": "count",
                "value": 87,
                "start": 15,
                "quote": "87 people",
                "claimant": "Officials",
            }
        ],
    )
    write_labels(
        second,
        "two",
        "The firm found 52% back it.",
        [{"kind": "percentage", "value": 52, "start": 15, "quote": "52%", "claimant": "firm"}],
    )
    out = io.StringIO()
    call_command("evaluate_extractor", str(first), str(second), stdout=out)
    assert f"Directory {first} (1 texts)" in out.getvalue()
    assert f"Directory {second} (1 texts)" in out.getvalue()
    assert "All texts (2)" in out.getvalue()


def test_evaluate_extractor_refuses_a_missing_path() -> None:
    with pytest.raises(CommandError, match="no such label file"):
        call_command("evaluate_extractor", "/nonexistent.json", stdout=io.StringIO())


# --- round 2 (issue 12): what the first held-out texts showed the rules missed ------------
# Every sentence below is written for these tests, not taken from a labelled text.
@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        (
            "Port traffic rose 4% in the spring. "
            "The figures were published by the Office for Harbour Statistics on Friday morning.",
            "4%",
            "Office for Harbour Statistics",
        ),
        ("Analysts at Brandt & Co expect the rate to reach 6% in May.", "6%", "Brandt & Co"),
        (
            "The levy would raise €2 billion, Finance Minister Lena Ortiz told deputies.",
            "€2 billion",
            "Lena Ortiz",
        ),
        (
            "The regional water operator, AquaNord, warned that reserves could fall to 30%.",
            "30%",
            "AquaNord",
        ),
        (
            "The union's treasurer, Mira Tan, spoke on Monday. She said the union had 12,000 "
            "members and that its target is 20,000 members.",
            "20,000 members",
            "Mira Tan",
        ),
        ("Peak demand reached 9 GW last winter, the grid operator Gridco said.", "9 GW", "Gridco"),
        (
            "The Liberal Front fell to 12%. A rival survey by Lumen Polling, released on "
            "Monday, was calmer. It interviewed 900 adults.",
            "900 adults",
            "Lumen Polling",
        ),
        ("Jobs grew 0.5%, said the bank's chief economist, Ivo Lind.", "0.5%", "Ivo Lind"),
        (
            "The Lysa Institute published its annual count. "
            "The institute's analysts said clearing reached 300 km².",
            "300 km²",
            "Lysa Institute",
        ),
        (
            "Environment Minister Rosa Lind toured the site. The minister said the nursery "
            "grew 40,000 saplings.",
            "40,000 saplings",
            "Rosa Lind",
        ),
        (
            "The Harbour Health Institute ran a survey of adults. The survey found that 21% smoke.",
            "21%",
            "Harbour Health Institute",
        ),
        (
            "Employers added 9,000 jobs in May, according to the statistics office.",
            "9,000 jobs",
            "statistics office",
        ),
        (
            "AquaNord's summer outlook sets out how the gap would be filled:\n"
            "- imports of up to 40 MW\n- 25 MW from storage\n",
            "25 MW",
            "AquaNord",
        ),
    ],
)
def test_round2_claimants(text: str, quote: str, claimant: str) -> None:
    found = {c.quote: c for c in extract(text)}
    assert found[quote].claimant_name == claimant


def test_a_list_after_a_quote_is_no_ones_and_a_fact_box_is_body_text() -> None:
    text = (
        "The mayor, Ana Ruiz, said crews were ready.\n\n"
        "By the numbers:\n- Pumps deployed: 40\n- Sandbags: 12,000\n\n"
        "The festival in figures\nVisitors: 85,000\nVolunteers: 1,200\n"
    )
    found = [(c.kind, c.value, c.claimant_name) for c in quantities(text)]
    assert found == [
        ("count", Decimal(40), ""),
        ("count", Decimal(12000), ""),
        ("count", Decimal(85000), ""),
        ("count", Decimal(1200), ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Top scorers: 1. Ada Obi (Rovers) 21; 2. Ken Sato (City) 18",
        "Housing is among their top three concerns.",
        "She broke away from the pack at the 30 km mark.",
        "Fieldwork ended in May; response rate 58%.",
        "The bus runs twice a week.",
        "Inflation hit double digits.",
        "The economy offers a glimmer of hope.",
    ],
)
def test_round2_numbers_that_are_not_claims(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        ("Peak demand rose to 9 GW.", "9 GW", "asserted"),
        ("The union wants to sign up 5,000 new members.", "5,000 new members", "proposed"),
        (
            "Residents will be asked to use no more than 80 litres a day.",
            "no more than 80 litres a day",
            "demanded",
        ),
        ("The insurer puts the damage at €40 million.", "€40 million", "estimated"),
        ("Losses are thought to exceed 900 hectares.", "900 hectares", "estimated"),
        ("The forecaster sees a peak of 4.5% in spring.", "4.5%", "projected"),
        ("About 40% said they planned to move.", "About 40%", "asserted"),
        (
            "AquaNord's summer outlook sets out how the gap would be filled:\n"
            "- 25 MW from storage\n",
            "25 MW",
            "projected",
        ),
        (
            "The council published its drought plan.\nThe rationing plan also provides for:\n"
            "- 12 tanker trucks\n",
            "12 tanker trucks",
            "proposed",
        ),
    ],
)
def test_round2_modality(text: str, quote: str, modality: str) -> None:
    (c,) = [c for c in quantities(text) if c.quote == quote]
    assert c.modality == modality


def test_a_budget_put_forward_is_one_plan_with_its_terms_and_bullets() -> None:
    text = (
        "The government of Norvala presented its 2029 budget to parliament on Monday. "
        "Total spending is set at €40 billion. "
        "According to the central bank's forecast, growth will be 1.5%. "
        "The deficit is planned at 2.1% of GDP.\n\n"
        "What the budget contains:\n• €3bn for rail\n• 1,200 new teachers\n"
    )
    (budget,) = proposals(text)
    assert budget.subject == "Norvala government's 2029 budget"
    # Round 14: "The government of Norvala presented …" names the Norvala government.
    assert (budget.modality, budget.claimant_name) == ("proposed", "Norvala government")
    assert len(budget.provision_spans) == 5
    found = {c.quote: (c.modality, c.claimant_name) for c in quantities(text)}
    assert found == {
        "€40 billion": ("proposed", budget.claimant_name),
        "1.5%": ("projected", "central bank"),
        "2.1%": ("proposed", budget.claimant_name),
        "€3bn": ("proposed", budget.claimant_name),
        "1,200 new teachers": ("proposed", budget.claimant_name),
    }


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The opposition wants a 3 percent cut and a freeze in fuel duty.", "demanded"),
        ("A new irrigation scheme would supply 40,000 hectares.", "proposed"),
        (
            "Envoys from the Nordic Council on Monday handed both sides a 9-point framework "
            "for a truce.",
            "proposed",
        ),
    ],
)
def test_sets_of_demands_schemes_and_frameworks_are_plans(text: str, modality: str) -> None:
    (plan,) = proposals(text)
    assert plan.modality == modality
    assert {c.modality for c in quantities(text) if c.kind != "count"} <= {modality}


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The ship's owner said it had offered €5 million towards the clean-up.", "proposed"),
        ("The farmers' union is demanding €20 million in emergency aid.", "demanded"),
    ],
)
def test_a_single_amount_offered_or_demanded_is_a_figure_not_a_plan(
    text: str, modality: str
) -> None:
    # Round 15: DESIGN's Proposal is "a plan, draft or set of demands"; one amount demanded
    # or offered is a demanded/proposed claim, as the sixth to thirteenth sets label it.
    assert proposals(text) == []
    assert [c.modality for c in quantities(text)] == [modality]


@pytest.mark.parametrize(
    "text",
    [
        "The council approved a €1.2 billion budget on Thursday.",
        "Wards are short of staff, and the nurses' union wants a cap on night shifts.",
    ],
)
def test_an_adopted_budget_and_a_wish_in_passing_are_no_plans(text: str) -> None:
    assert proposals(text) == []


def test_a_plans_proposer_is_its_subjects_organisation_and_a_demand_of_her_own_is_separate() -> (
    None
):
    text = (
        "Envoys from the Nordic Council on Monday handed both sides a 9-point framework "
        "for a truce. President Ilse Varo said she could accept the plan, but repeated her "
        "demand that troops withdraw from the 900 km² they hold."
    )
    (framework, demand) = proposals(text)
    assert framework.claimant_name == "Nordic Council"
    assert demand.modality == "demanded"
    assert only(text, "area").modality == "demanded"


@pytest.mark.parametrize(
    ("text", "value", "quote"),
    [
        ("Voters under 30 back the party by a margin of 2:1.", "2", "2:1"),
        ("Cases were twice as high in the north.", "2", "twice as high"),
        ("Rents have more than doubled.", "2", "more than doubled"),
        ("Fares have tripled since the merger.", "3", "tripled"),
        ("The new plant is three times the size of the old one.", "3", "three times the size"),
        ("There are 1.8 applicants for every place.", "1.8", "1.8 applicants for every place"),
    ],
)
def test_multiples_and_colon_ratios_are_ratios(text: str, value: str, quote: str) -> None:
    c = only(text, "ratio")
    assert (c.value, c.unit, c.quote) == (Decimal(value), "ratio", quote)


def test_a_ratio_carries_to_the_figure_it_changed_from_and_more_than_is_a_lower_bound() -> None:
    text = "There are 1.8 applicants for every place, down from 2.2 before the crisis."
    assert [(c.kind, c.value) for c in quantities(text)] == [
        ("ratio", Decimal("1.8")),
        ("ratio", Decimal("2.2")),
    ]
    assert only("Rents have more than doubled.").lower == Decimal(2)


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("The plant emits 90,000 tonnes of CO2 a year.", "rate", "90000", "t/year"),
        ("The field pumps 40,000 barrels of oil a day.", "rate", "40000", "bbl/day"),
        ("The river carried 2.5 cubic metres per second.", "rate", "2.5", "m3/s"),
        ("Households use 120 litres per person a day.", "rate", "120", "L/day"),
        ("The fire spread at 300 hectares an hour.", "area_rate", "300", "ha/hour"),
        ("Clinics see about 5,200 a day.", "rate", "5200", "count/day"),
        ("Gusts reached 12 metres per second.", "speed", "12", "m/s"),
        ("The spill is 10 nautical miles offshore.", "length", "10", "nmi"),
        ("She won in 2 hours 21 minutes 5 seconds.", "duration", "8465", "s"),
        ("The journey took two hours and 40 minutes.", "duration", "160", "min"),
        ("He finished in 2:08:30 on a wet course.", "duration", "7710", "s"),
        ("The tank fills in twelve seconds.", "duration", "12", "second"),
        ("Stocks are enough for 38 days.", "duration", "38", "day"),
        (
            "The bank raised its rate by a quarter of a percentage point.",
            "percentage_points",
            "0.25",
            "pp",
        ),
        ("Reservoirs hold a tenth of their capacity.", "percentage", "10", "percent"),
        ("One in five hectares burned was farmland.", "percentage", "20", "percent"),
    ],
)
def test_round2_rates_durations_and_shares(text: str, kind: str, value: str, unit: str) -> None:
    c = only(text)
    assert (c.kind, c.value, c.unit) == (kind, Decimal(value), unit)
    assert c.value_si is not None


def test_less_than_a_second_is_an_upper_bound() -> None:
    c = only("She won by less than a second.")
    assert (c.kind, c.value, c.unit, c.upper) == ("duration", Decimal(1), "s", Decimal(1))


@pytest.mark.parametrize(
    ("text", "value", "quote"),
    [
        ("A peacekeeping force of 3,000 would be deployed.", 3000, "A peacekeeping force of 3,000"),
        ("The army needs a force of at least 90,000.", 90000, "a force of at least 90,000"),
        ("Farmers lost 800 head of cattle.", 800, "800 head of cattle"),
        ("Figures show approvals for new loans down to 1,500 in June.", 1500, "1,500"),
        ("A ban covers private pools, of which there are some 9,000.", 9000, "some 9,000"),
    ],
)
def test_counts_whose_noun_comes_first(text: str, value: int, quote: str) -> None:
    c = only(text, "count")
    assert (c.value, c.quote) == (Decimal(value), quote)


def test_a_change_from_a_qualified_figure_carries_the_noun() -> None:
    text = "The navy will have 30,000 sailors in peacetime, down from roughly 45,000 today."
    assert [(c.value, c.quote) for c in quantities(text)] == [
        (Decimal(30000), "30,000 sailors"),
        (Decimal(45000), "roughly 45,000"),
    ]


def test_a_point_swing_in_a_polls_list_is_percentage_points() -> None:
    text = (
        "A poll of 1,000 voters was published.\nKey findings:\n- A six-point swing among students\n"
    )
    assert only(text, "percentage_points").value == Decimal(6)


def test_first_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Round 1 scored it once (P 0.916, R 0.749, claimant 0.684, modality 0.787); round 2 tuned
    # on it, so these figures say what the rules fit, not how they generalise. Rise only.
    heldout = Path(__file__).parent / "data" / "extraction_heldout"
    evaluations = [evaluate(load_labels(path)) for path in label_files([heldout])]
    counts = total(evaluations)["overall"]
    attributes = total_attributes(evaluations)
    assert counts.precision >= 0.98 and counts.recall >= 0.94
    assert attributes.claimant_accuracy >= 0.92 and attributes.modality_accuracy >= 0.92


# --- round 3 (issue 12): what the second held-out texts showed the rules missed -----------
# Every sentence below is written for these tests, not taken from a labelled text.
@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        # A short form defined in brackets names the source, then and later.
        (
            "The Bureau of Road Safety (BRS) said on Monday that 212 people died on the roads.",
            "212 people",
            "Bureau of Road Safety (BRS)",
        ),
        (
            "The Bureau of Road Safety (BRS) opened an office. The BRS says 40% wore no belt.",
            "40%",
            "Bureau of Road Safety (BRS)",
        ),
        # Staff at a firm speak for the firm.
        (
            "Refunds cost the airline $3 million, according to economists at the bank "
            "Orvel & Sons.",
            "$3 million",
            "Orvel & Sons",
        ),
        # A relative clause between the subject and its verb is skipped.
        (
            "The Dockers' Guild, which speaks for 3,400 of the crews, says 15% of shifts were cut.",
            "15%",
            "Dockers' Guild",
        ),
        # "its"/"it" after the sentence's source are that source's.
        (
            "Turnover reached $80 million, the operator, Lanthorn Ferries, said in its yearly "
            "report.",
            "$80 million",
            "Lanthorn Ferries",
        ),
        (
            "The builder, Stave Homes, said it had offered €5 million in compensation.",
            "€5 million",
            "Stave Homes",
        ),
        # A place after a name is not the source.
        (
            "Some 61% back the tunnel, the Brask Institute in Holm found.",
            "Some 61%",
            "Brask Institute",
        ),
        # A portfolio before "Minister" is part of the title.
        (
            "Fisheries Minister Jon Arde said 900 boats stayed in port.",
            "900 boats",
            "Jon Arde",
        ),
        # ", said coach X": a lower-case title before the name.
        ("We won 30 games, said coach Pia Lund, after the final.", "30 games", "Pia Lund"),
        # Someone who offers or appeals is the source of the sum.
        ("Marrow Rail has offered 3% more pay.", "3%", "Marrow Rail"),
        # A possessive owner keeps a name a curator can match: "the Union's agency".
        (
            "The Northern Union's transport agency says 12,000 buses run daily.",
            "12,000 buses",
            "Northern Union's transport agency",
        ),
    ],
)
def test_round3_claimants(text: str, quote: str, claimant: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert found[0].claimant_name == claimant


def test_a_sentence_opening_with_a_common_noun_names_no_source() -> None:
    # "Imports" is written in lower case elsewhere: it is a noun, not a firm that "lists".
    text = (
        "Trade Minister Ada Vell said imports of rice doubled. "
        "Imports, which cost €2 billion last year, are expected to fall to 90,000 tonnes."
    )
    c = only(text, "mass")
    assert c.claimant_name == "Ada Vell"


def test_a_possessive_before_a_title_is_part_of_the_title() -> None:
    text = (
        "The Office for Water (OFW) released its yearly State of the River's Water report. "
        "Here are its findings.\n\n1. Nitrate levels fell by 12%.\n"
    )
    assert only(text).claimant_name == "Office for Water (OFW)"


def test_a_source_in_brackets_covers_only_its_brackets() -> None:
    text = (
        "The longest of the three texts on the table in the capital this week is a draft "
        "circulated by the Dalmor government. In its current form it would:\n"
        "- release all detainees (Dalmor says it holds 300 of them);\n"
        "- fund 40 new clinics.\n"
    )
    by_quote = {c.quote: c.claimant_name for c in quantities(text)}
    assert by_quote["40 new clinics"] == "Dalmor government"


def test_a_copy_seen_by_the_newspaper_is_not_its_source() -> None:
    text = (
        "A draft was circulated by the Varn government. According to a copy seen by this "
        "newspaper, it would cap fees at €20."
    )
    assert only(text).claimant_name == "Varn government"


def test_interview_answers_are_the_interviewees() -> None:
    text = (
        "The head of the zoo, Oda Brenn, spoke to us.\n\n"
        "Q: Critics say visits fell 30%.\n\n"
        "A: They fell 12%, and we sold 90,000 tickets.\n"
    )
    by_quote = {c.quote: c.claimant_name for c in quantities(text)}
    assert by_quote["12%"] == "Oda Brenn"
    assert by_quote["90,000 tickets"] == "Oda Brenn"


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        # Where a change starts, and the present, are facts in a forecast or a plan.
        ("The plan would cut the levy to 4%, down from 6% today.", "6%", "asserted"),
        ("Output, now 3.1%, will rise to about 4%.", "3.1%", "asserted"),
        # ... but keep the sentence's hearsay.
        ("Jobs fell to 800, down from 950, according to the ministry.", "950", "asserted"),
        ("Jobs fell to 800, down from 950, according to a draft seen by AP.", "950", "reported"),
        # "put X at": an estimate (not a poll's measure).
        ("The insurer put the damage at $40 million.", "$40 million", "estimated"),
        ("A survey by Moll Polling puts support at 52%.", "52%", "asserted"),
        ("We calculate the change would save 4,000 tonnes of fuel.", "4,000 tonnes", "estimated"),
        ("Crews are looking for 30 people believed trapped.", "30 people", "estimated"),
        ('"It lasted ten, maybe twelve seconds," she said.', "twelve seconds", "estimated"),
        # An estimate the sentence rests on beats its "will".
        (
            "The crop will reach 3 million tonnes, according to the bureau's first estimate.",
            "3 million tonnes",
            "estimated",
        ),
        # "want(s) a …" demands it.
        ("The drivers' union wants a 6% rise.", "6%", "demanded"),
        ("She said the group wanted a fund of €90 million.", "€90 million", "demanded"),
        # A forecast noun as source hedges the sentence.
        (
            "The central bank's projections, out on Monday, show growth of 1.2% next year.",
            "1.2%",
            "projected",
        ),
        ("The model assumes turnout of 70%.", "70%", "projected"),
        ("The target, she said, is to halve waits to 9 weeks by 2030.", "9 weeks", "proposed"),
        # "can expect to live" is an average, not a forecast.
        ("Men can expect to live 79 years.", "79 years", "asserted"),
        # A comparison after a comma shares the figure's hedge.
        (
            "Rain could reach 300 mm, twice the region's average.",
            "twice",
            "projected",
        ),
    ],
)
def test_round3_modality(text: str, quote: str, modality: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert found[0].modality == modality


def test_an_estimate_of_a_plans_effect_is_an_estimate() -> None:
    text = (
        "The ministry unveiled a draft scheme for rooftop solar on Monday. The ministry "
        "estimates the scheme would add 900 MW by 2030."
    )
    assert only(text, "power").modality == "estimated"


def test_a_list_after_it_would_sets_out_the_current_plans_terms() -> None:
    text = (
        "The longest of the texts on the table is a 9-point draft circulated by the Varn "
        "government. According to a summary seen by reporters on Tuesday, it would:\n"
        "- cap tariffs at 12%;\n- open 3 border crossings.\n"
    )
    by_quote = {c.quote: c.modality for c in quantities(text)}
    assert by_quote["12%"] == "proposed"
    plans = [c for c in extract(text) if c.kind == "proposal"]
    assert len(plans) == 1


def test_a_plans_parts_are_a_fact_and_its_budget_terms_are_proposed() -> None:
    text = (
        "The city presented its 2031 budget on Monday. The Riverside plan has four parts. "
        "The budget allows for 2.5% more staff."
    )
    by_quote = {c.quote: c.modality for c in quantities(text)}
    assert by_quote["four parts"] == "asserted"
    assert by_quote["2.5%"] == "proposed"


def test_an_n_point_paper_is_a_plan_of_its_own() -> None:
    text = (
        "Ostland circulated a 12-point draft on Monday. "
        "Its neighbour answered with a shorter, four-point paper on Tuesday. "
        "It demands the withdrawal of 2,000 troops."
    )
    plans = [c for c in extract(text) if c.kind == "proposal"]
    assert len(plans) == 2


@needs_kinds
@pytest.mark.parametrize(
    ("text", "kind", "value", "quote"),
    [
        # Compound durations in their smaller unit.
        ("The closure lasted 5 weeks and 2 days.", "duration", 37, "5 weeks and 2 days"),
        ("The search took two days and 6 hours.", "duration", 54, "two days and 6 hours"),
        ("He served one year and three months.", "duration", 15, "one year and three months"),
        # "for N days" after a verb is how long something lasted.
        ("The bridge was closed for 12 days.", "duration", 12, "12 days"),
        # A volume a second, a length a year, cubic kilometres.
        ("The pump moves 900 litres a second from the lake.", "rate", 900, None),
        ("The shoreline retreats by 4 metres a year.", "speed", 4, None),
        ("The ice sheet lost 3.5 cubic kilometres in a decade.", "volume", "3.5", None),
        # Shares: a group between "one" and "in N", "N of every M", a share as a change.
        ("Around one driver in five is uninsured.", "percentage", 20, None),
        ("They won three of every four games.", "percentage", 75, None),
        ("Sales came in a third lower than last year.", "percentage", "33.33", None),
        ("The fund raised $4 million, less than a quarter.", "percentage", 25, None),
        # N to every M is a ratio.
        ("There are 40 pupils to every teacher.", "ratio", 40, None),
        # A rate cut of half a point.
        (
            "Traders expect a half-point cut in the main rate, now 4%.",
            "percentage_points",
            "0.5",
            None,
        ),
        # Parts of a counted whole; what "puts … at" counts.
        ("The coalition holds 61 of the 101 seats.", "count", 61, "61"),
        ("The ministry puts civilian deaths at more than 2,000.", "count", 2000, None),
    ],
)
def test_round3_quantities(text: str, kind: str, value: int | str, quote: str | None) -> None:
    found = [c for c in quantities(text) if c.kind == kind and c.value == Decimal(value)]
    assert len(found) == 1, quantities(text)
    if quote is not None:
        assert found[0].quote == quote


@needs_kinds
def test_a_compound_durations_parts_are_not_proposed_alone() -> None:
    assert [c.quote for c in quantities("Talks ran for 3 weeks and 4 days.")] == [
        "3 weeks and 4 days"
    ]


def test_a_polls_tally_is_two_shares() -> None:
    text = "A poll by Norsk Data found the Greens ahead 44 to 41 among likely voters."
    assert sorted(c.value for c in quantities(text) if c.kind == "percentage") == [41, 44]


def test_a_money_range_with_both_scales_is_one_range_and_from_to_is_a_change() -> None:
    ranged = quantities("The insurer puts losses at $2 billion to $3 billion.")
    assert [(c.value, c.lower, c.upper) for c in ranged] == [
        (Decimal("2.5"), Decimal(2), Decimal(3))
    ]
    change = quantities("Bread could rise from €1.50 to €1.80 a loaf.")
    assert [c.quote for c in change if c.kind == "money"][:1] == ["€1.50"]


@pytest.mark.parametrize(
    "text",
    [
        "Temperatures fell to minus 12 degrees overnight.",
        "It was the worst flood in three decades.",
        "The margin of error is about 3 percentage points.",
        "Campaigners say the 2,000 km² figure leaves out degraded land.",
        "Correction: an earlier version of this story gave the toll as 45 deaths.",
        "Unions want a six-month freeze and €10 million in aid.",
    ],
)
def test_round3_not_claims(text: str) -> None:
    found = [c for c in quantities(text) if c.kind != "money"]
    assert found == [], found


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        (
            "The nurses' council, which speaks for 8,000 nurses, wants a 5% raise and a "
            "shorter week.",
            "demanded",
        ),
        ("He said the guild wanted a relief fund of €30 million and a tax holiday.", "demanded"),
        (
            "A draft law tabled by the transport ministry would cap fares at €2 from May.",
            "proposed",
        ),
        ("The Green Bloc published its own costed alternative on Friday.", "proposed"),
    ],
)
def test_round3_plans(text: str, modality: str) -> None:
    plans = [c for c in extract(text) if c.kind == "proposal"]
    assert [p.modality for p in plans] == [modality]


@pytest.mark.parametrize(
    "text",
    [
        "The opposition wants a 3 percent cut in fuel duty.",
        "The nurses' council wants a 5% raise.",
        "He said the guild wanted a relief fund of €30 million.",
        "The health minister has proposed a levy of 15 cents a litre from January.",
        "The government has proposed raising the minimum wage to 2,010 euros a month.",
        # round 22: one offer with its one figure
        "The city of Orm has offered land for a new depot worth €2 million.",
    ],
)
def test_a_single_measure_demanded_or_proposed_is_its_figure_not_a_plan(text: str) -> None:
    # Round 20: DESIGN's Proposal is "a plan, draft or set of demands"; one measure with its
    # amount is that figure's claim, as the seventh to eighteenth sets label it.
    assert proposals(text) == []
    (figure,) = [c for c in quantities(text) if c.kind != "duration"]
    assert figure.modality in ("demanded", "proposed")


def test_a_single_measure_with_terms_of_its_own_is_a_plan() -> None:
    text = (
        "The government has proposed an aid package of 420 million euros. It would let farmers "
        "defer loan repayments for 18 months."
    )
    (plan,) = proposals(text)
    assert plan.modality == "proposed"
    assert {c.quote: c.modality for c in quantities(text)} == {
        "420 million euros": "proposed",
        "18 months": "proposed",
    }


def test_a_figure_describing_the_subject_is_not_a_term_of_its_plan() -> None:
    text = "The nurses' council, which speaks for 8,000 nurses, wants a 5% raise."
    by_quote = {c.quote: c.modality for c in quantities(text)}
    assert by_quote == {"8,000 nurses": "asserted", "5%": "demanded"}


def test_a_plan_of_ones_own_is_a_second_plan() -> None:
    text = (
        "The government presented its 2031 budget on Monday. "
        "The Green Bloc published its own costed alternative on Friday."
    )
    assert len([c for c in extract(text) if c.kind == "proposal"]) == 2


@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        # Where and when the source spoke does not stop it covering what came before.
        (
            "The toll rose to 88, the Coast Guard said in its morning briefing.",
            "88",
            "Coast Guard",
        ),
        (
            "Water was cut to one in four homes, the utility AquaSud said in a statement on "
            "Sunday morning, adding that repairs would take days.",
            "one in four",
            "AquaSud",
        ),
        # "X, led by Y, says": the description of X is skipped.
        (
            "The No campaign, led by former judge Ana Pires, says the sale would raise €2 billion.",
            "€2 billion",
            "No campaign",
        ),
        # A possessive source in a relative clause covers only what follows it.
        (
            "Fees are planned at €40 million, leaving a gap that the Audit Office's estimate "
            "puts at €6 million.",
            "€6 million",
            "Audit Office",
        ),
        # People who report are sources: "Fishermen, who say …", "Witnesses described …".
        (
            "Ski operators, who say they employ 4,000 people, oppose the rules.",
            "4,000 people",
            "Ski operators",
        ),
        # "the government's own valuation".
        (
            "Critics cite the government's own valuation, which put the port at €900 million.",
            "€900 million",
            "government",
        ),
    ],
)
def test_round3_more_claimants(text: str, quote: str, claimant: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert found[0].claimant_name == claimant


def test_a_possessive_source_never_runs_over_a_full_stop() -> None:
    text = "The motion was tabled by Ivo Marsh. Parliament's finance committee counts 41 votes."
    assert "." not in only(text).claimant_name


@needs_kinds
def test_a_yield_per_hectare_is_not_proposed() -> None:
    assert quantities("Some farms harvested 2.4 tonnes a hectare, against 6 in a good year.") == []


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("On an average day about 800 cyclists cross the bridge.", "rate", 800, "count/day"),
        ("A 14-article treaty was signed.", "count", 14, "count"),
        ("Another 4,000 refused to leave their homes.", "count", 4000, "count"),
        ("Of the 50 mills open in 1990, only 12 remain.", "count", 12, "count"),
    ],
)
def test_round3_counts(text: str, kind: str, value: int, unit: str) -> None:
    found = [c for c in quantities(text) if c.value == Decimal(value)]
    assert [(c.kind, c.unit) for c in found] == [(kind, unit)]


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        # A figure restating the one before shares its hedge.
        (
            "An estimated 900 tonnes of grain, roughly 6,000 sacks, spoiled.",
            "roughly 6,000 sacks",
            "estimated",
        ),
        (
            "An estimated 20,000 people have the disease, of whom about 3,000 are children.",
            "about 3,000",
            "estimated",
        ),
        # A later clause with its own estimating subject does not hedge what came before.
        (
            "Stewards said 12,000 riders started, and police estimated that 80,000 people watched.",
            "12,000 riders",
            "asserted",
        ),
    ],
)
def test_round3_hedges_shared_or_not(text: str, quote: str, modality: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert found[0].modality == modality


def test_second_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # 0.3.0 scored it once (P 0.909, R 0.828, claimant 0.624, modality 0.789); round 3 tuned
    # on it, so these figures say what the rules fit, not how they generalise. Rise only.
    counts, attributes = heldout_scores(2)
    assert counts.precision >= 0.97 and counts.recall >= 0.93
    assert attributes.claimant_accuracy >= 0.93 and attributes.modality_accuracy >= 0.93


# --- round 4 (issue 12): what the third held-out texts showed the rules missed ------------
# Every sentence below is written for these tests, not taken from a labelled text.
@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        # A report's title is not its author: the organisation that publishes it is.
        (
            "Fish stocks shrank by 12%, the Baltic Fisheries Board (BFB) said in its yearly "
            "Sea Census Review report. The report finds 40 species at risk.",
            "40 species",
            "Baltic Fisheries Board (BFB)",
        ),
        (
            "The Orlan Dairy Council said in its annual Milk Statistics report that 3,100 "
            "farms closed.",
            "3,100 farms",
            "Orlan Dairy Council",
        ),
        # "The council" after the name ends in a short form: still the council.
        (
            "Imports rose, the Harbour Trade Council (HTC) said. The council expects 2,000 "
            "more ships next year.",
            "2,000 more ships",
            "Harbour Trade Council (HTC)",
        ),
        # A named organisation opening a sentence ends the previous source's run.
        (
            "Rainfall was 40% below normal, the Weather Office said. The Forest Service has "
            "cleared 1,200 hectares since May. The fires have burnt 300 km² so far, it said.",
            "300 km²",
            "Forest Service",
        ),
        (
            "Rainfall was 40% below normal, the Weather Office said.\n\nThe Forest Service "
            "has cleared 1,200 hectares since May.",
            "1,200 hectares",
            "Forest Service",
        ),
        # "The firm" after a poll's source is that source, not a party named since.
        (
            "The Greens lead, a survey by Tamsin Polling shows. That puts the Unity Party "
            "third. The firm also found 61% of voters want cheaper trains.",
            "61%",
            "Tamsin Polling",
        ),
    ],
)
def test_round4_claimants(text: str, quote: str, claimant: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert found[0].claimant_name == claimant


def test_a_party_holding_a_share_in_a_poll_is_not_its_source() -> None:
    text = "Labour is on 31%, the pollster Vinta said. The Rural Party has 22%."
    assert [c.claimant_name for c in quantities(text)] == ["Vinta", "Vinta"]


@pytest.mark.parametrize(
    ("text", "quote", "kind", "value", "unit"),
    [
        # The counted noun is the subject of a limit or a change.
        (
            "Under the deal the navy would be limited to 40,000 sailors.",
            "40,000 sailors",
            "count",
            40000,
            "count",
        ),
        (
            "The strength of the militia would be capped at 9,000 in wartime.",
            "9,000",
            "count",
            9000,
            "count",
        ),
        ("Border guards would number 12,500 by the autumn.", "12,500", "count", 12500, "count"),
        ("It demands that the fleet be no larger than 60.", "60", "count", 60, "count"),
        # "from N to M": both ends count what changes; the end shares the start's unit.
        (
            "The bill would shrink the police force from 52,000 to 47,000.",
            "52,000",
            "count",
            52000,
            "count",
        ),
        (
            "The bill would shrink the police force from 52,000 to 47,000.",
            "47,000",
            "count",
            47000,
            "count",
        ),
        ("The new line cuts the trip from 95 minutes to 40.", "40", "duration", 40, "minute"),
        # A change's end takes the noun of its start in the same sentence.
        (
            "The route began with an initial 30 stops and was trimmed to 22.",
            "22",
            "count",
            22,
            "count",
        ),
        ("The treaty has 12 articles, down from an initial 18.", "18", "count", 18, "count"),
        # "Only" before a word number does not refer back; "the only two" does.
        ("Only three ferries sailed on Monday.", "three ferries", "count", 3, "count"),
        ("Only a dozen lorries crossed the bridge.", "a dozen lorries", "count", 12, "count"),
        # "have been <done>" after a bare number: a count of people it was done to.
        (
            "In the valley more than 7,000 have been moved to camps.",
            "more than 7,000",
            "count",
            7000,
            "count",
        ),
        # A part of a whole that belongs to someone: "four of the town's nine schools".
        ("Four of the town's nine schools are closed.", "Four", "count", 4, "count"),
        # A bare number after a count, then "a day": a count per day.
        (
            "Nine ships docked, against about 40 a day in summer.",
            "about 40 a day",
            "rate",
            40,
            "count/day",
        ),
        # A list item giving only a number takes the unit of the item before it.
        (
            "Burnt by district:\n- North: 3,100 hectares\n- West: 870\n- South: 95\n\nMore fires "
            "are expected.",
            "95",
            "area",
            95,
            "ha",
        ),
        # Shares with their group: capitalised, opening a sentence, any verb after.
        ("One pupil in five skips breakfast.", "One pupil in five", "percentage", 20, "percent"),
        (
            "It said roughly one Norwegian in six owns a cabin.",
            "roughly one Norwegian in six",
            "percentage",
            Decimal("16.67"),
            "percent",
        ),
        (
            "He said one krone in eight of tax goes on debt.",
            "one krone in eight",
            "percentage",
            Decimal("12.5"),
            "percent",
        ),
    ],
)
def test_round4_counts_and_shares(text: str, quote: str, kind: str, value, unit: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert (found[0].kind, found[0].value, found[0].unit) == (kind, Decimal(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "The only two survivors were flown to Tromsø.",
        "She scored one goal in three matches.",
        "Exports were 412,000, against 455,000 a year earlier.",
    ],
)
def test_round4_not_shares_or_rates(text: str) -> None:
    found = quantities(text)
    assert all(c.kind not in ("percentage", "rate") for c in found), found
    assert all(c.quote != "two survivors" for c in found), found


def test_a_list_label_naming_what_it_counts_keeps_its_own_noun() -> None:
    text = "At the fair:\n- Cheese sold: 9 tonnes\n- Stallholders: 240\n\nIt closes on Sunday."
    found = {c.quote: (c.kind, c.unit) for c in quantities(text)}
    assert found["240"] == ("count", "count")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # A budget sent to parliament, or an alternative one tabled, is a plan.
        ("The Treasury sent its draft budget to parliament on Monday.", 1),
        (
            "The Treasury presented its budget on Monday. The opposition Green Front tabled an "
            "alternative budget the same day.",
            2,
        ),
        # "its plan to <verb>" names a plan; "plans to" alone is an intent.
        ("The port authority has published its plan to dredge the harbour.", 1),
        # Setting conditions states them.
        ("The farmers' federation, which met on Sunday, has set five conditions.", 1),
        # An agreement named beside another plan is a plan of its own.
        (
            "The premier outlined her plan on Monday, alongside a draft water agreement "
            "between Ardel and Molva.",
            2,
        ),
    ],
)
def test_round4_plans(text: str, count: int) -> None:
    plans = [c for c in extract(text) if c.kind == "proposal"]
    assert len(plans) == count, plans


def test_round4_set_conditions_are_demanded() -> None:
    (plan,) = proposals("The farmers' federation, which met on Sunday, has set five conditions.")
    assert plan.modality == "demanded"


def test_round4_a_plans_history_is_a_fact_and_its_terms_are_proposed() -> None:
    text = (
        "The mayor outlined her plan for the tramway on Monday. The scheme, which began with "
        "an initial 20 stops and has since been trimmed to 16, would add 9 km of track."
    )
    found = {c.quote: c.modality for c in quantities(text)}
    assert found["20 stops"] == "asserted"
    assert found["16"] == "asserted"
    assert found["9 km"] == "proposed"


def test_round4_a_plans_sentence_continues_past_an_aside() -> None:
    text = (
        "A rival paper, circulated by the Lakeland Forum, tries a middle way. According to a "
        "summary seen by reporters, it would post 2,000 observers on the border."
    )
    (plan,) = proposals(text)
    assert plan.claimant_name == "Lakeland Forum"
    found = {c.quote: c.modality for c in quantities(text)}
    assert found["2,000 observers"] == "proposed"


def test_round4_an_owners_organisation_opening_a_sentence_is_its_source() -> None:
    text = (
        "Talks stalled on Monday, the mediator said.\n\nOstria's trade ministry answered with "
        "a counter-offer on Tuesday. It demands that tariffs on 300 goods be dropped."
    )
    found = {c.quote: c.claimant_name for c in quantities(text)}
    assert found["300 goods"] == "Ostria's trade ministry"


@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        # "The figures come from X" names the source of what came before it.
        (
            "Some 44% would vote for the treaty. The figures come from the Tarn Institute, "
            "which polled by phone.",
            "Some 44%",
            "Tarn Institute",
        ),
        (
            "Exports will grow by 2.1% next year, the outlook says. It comes from the Baltic "
            "Trade Bank.",
            "2.1%",
            "Baltic Trade Bank",
        ),
        # An owner's description then a name in commas: the name is the source.
        (
            "Merova's water utility, AquaMer, expects demand to rise by 8% this summer.",
            "8%",
            "AquaMer",
        ),
    ],
)
def test_round4_more_claimants(text: str, quote: str, claimant: str) -> None:
    found = [c for c in quantities(text) if c.quote == quote]
    assert len(found) == 1, quantities(text)
    assert found[0].claimant_name == claimant


def test_round4_after_n_years_of_something_is_how_long_it_ran() -> None:
    # Round 20: "after four years of drought" says how long the drought ran, a duration, as
    # the independent labellers of sets 7 to 18 read it (round 4 had read it as a date).
    (spell,) = [
        c
        for c in quantities("After four years of drought, the lake is dry.")
        if c.kind == "duration"
    ]
    assert (spell.value, spell.unit) == (Decimal(4), "year")
    (found,) = quantities("The meeting ended after 25 minutes.")
    assert (found.kind, found.value) == ("duration", Decimal(25))


def test_round4_what_someone_wants_done_to_a_figure_is_demanded() -> None:
    found = {
        c.quote: c.modality for c in quantities("The drivers' guild wants tolls capped at €3.")
    }
    assert found["€3"] == "demanded"


def test_round4_an_area_with_a_scale_word_keeps_it_in_the_unit() -> None:
    found = only("Growers have planted 2.5 million hectares of maize.")
    assert (found.kind, found.value, found.unit) == ("area", Decimal("2.5"), "million ha")


def test_round4_a_number_before_a_time_noun_borrows_no_unit() -> None:
    text = "Clearing fell to 3,100 km², in the 12 months to June."
    assert [c.quote for c in quantities(text)] == ["3,100 km²"]


def test_third_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # 0.4.0 scored it once (P 0.934, R 0.882, claimant 0.746, modality 0.885); round 4 tuned
    # on it, so these figures say what the rules fit, not how they generalise. Rise only.
    counts, attributes = heldout_scores(3)
    assert counts.precision >= 0.96 and counts.recall >= 0.96
    assert attributes.claimant_accuracy >= 0.94 and attributes.modality_accuracy >= 0.93


def test_round4_a_sum_a_year_earlier_is_no_rate() -> None:
    text = "Rents reached €910, up from €850 a year earlier."
    assert {(c.kind, c.quote) for c in quantities(text)} == {("money", "€910"), ("money", "€850")}


def test_round4_a_later_published_by_beats_a_plans_proposer() -> None:
    text = (
        "The Finance Ministry sent its draft budget to parliament on Monday.\n\nThe gap could "
        "be €2 billion wider than the draft says, and debt would reach 80% of GDP. Those "
        "figures were published by the Budget Office."
    )
    found = {c.quote: c.claimant_name for c in quantities(text)}
    assert found["80%"] == "Budget Office"


def test_round4_a_range_of_margins_of_error_is_no_claim() -> None:
    assert quantities("Margins of error range from 1.8 to 2.9 percentage points.") == []


# --- round 5 (0.6.0) ---------------------------------------------------------------------


def test_round5_an_owners_organisation_keeps_its_possessive_and_still_matches_an_actor() -> None:
    text = "Norland's water board says 340 wells have run dry since May."
    actors = [ActorRef("board", "Norland water board")]
    (found,) = [c for c in extract(text, actors) if c.kind != "proposal"]
    assert found.claimant_name == "Norland's water board"
    assert found.claimant_id == "board"


@pytest.mark.parametrize("dash", [" - ", " — ", " – "])
def test_round5_a_wire_dateline_is_furniture_and_never_a_claimant(dash: str) -> None:
    text = (
        f"KORVA, Lindmark, 4 May 2031 (Baltic Newswire){dash}Lindmark's statistics office "
        "reported that 6.2% of workers were jobless in April."
    )
    found = quantities(text)
    assert [(c.quote, c.claimant_name) for c in found] == [("6.2%", "Lindmark's statistics office")]


def test_round5_an_organisation_named_in_a_list_intro_is_what_the_agency_refers_back_to() -> None:
    text = (
        "The Harbour Relief Office (HRO), which runs the shelters, says:\n\n"
        "- 4,000 people are sleeping in shelters\n\n"
        "Storms also hit the coast.\n\n"
        "The agency also said 12 boats were lost."
    )
    found = {c.quote: c.claimant_name for c in quantities(text)}
    assert found["12 boats"] == "Harbour Relief Office (HRO)"


def test_round5_a_figure_that_heads_a_relative_clause_of_asking_is_what_was_demanded() -> None:
    text = (
        "The council approved a 4% rise in rents, well short of the 9% the landlords had asked for."
    )
    found = {c.quote: c.modality for c in quantities(text)}
    assert found == {"4%": "asserted", "9%": "demanded"}


def test_round5_what_someone_wants_is_demanded_and_what_they_want_to_do_is_proposed() -> None:
    wanted = quantities("Tenants want compensation of €500 for each month without heating.")
    assert [(c.quote, c.modality) for c in wanted] == [("€500", "demanded")]
    intended = quantities("The port wants to handle 3 million containers by 2030.")
    assert [c.modality for c in intended] == ["proposed"]  # round 20: an intention


def test_round5_a_measure_describing_a_named_thing_is_asserted_inside_a_forecast() -> None:
    text = "The agency projects that the Greens would take 40 seats in the 120-seat assembly."
    found = {c.quote: c.modality for c in quantities(text)}
    assert found["40 seats"] == "projected"
    assert found["120-seat assembly"] == "asserted"


def test_fourth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # 0.5.0 scored it once (P 0.940, R 0.871, claimant 0.707, modality 0.864); round 5 drew
    # rules from it, so these figures say what the rules fit, not how they generalise.
    counts, attributes = heldout_scores(4)
    assert counts.precision >= 0.982 and counts.recall >= 0.960
    # Round 8 (recall and attribution together): the counts right may not fall either.
    assert attributes.claimant_right >= 241 and attributes.modality_right >= 272
    # Round 12 added four duration labels (spans and deadlines): 271 modalities right, up
    # from 268, of 296; the share 0.9155, down from 0.918 (two plan deadlines read projected).
    assert attributes.claimant_accuracy >= 0.863 and attributes.modality_accuracy >= 0.918


# --- round 6 (0.7.0) ---------------------------------------------------------------------


def _claimant_of(text: str, quote: str) -> str:
    return next(c.claimant_name for c in extract(text) if c.quote == quote)


def test_round6_a_release_head_names_the_issuer_of_its_figures() -> None:
    text = (
        "Harbour traffic rises again\n\n"
        "Pellan Ports Authority · Bulletin 12/2040\n\n"
        "Ships handled 4.1 million containers in the first half.\n\n"
        "Exports made up 62% of the tonnage."
    )
    assert _claimant_of(text, "4.1 million containers") == "Pellan Ports Authority"
    assert _claimant_of(text, "62%") == "Pellan Ports Authority"


def test_round6_a_news_head_without_an_organisation_names_no_issuer() -> None:
    text = (
        "Harbour traffic rises again\n\n"
        "Friday 3 May 2040 · Updated 10:05\n\n"
        "Ships handled 4.1 million containers in the first half."
    )
    assert _claimant_of(text, "4.1 million containers") == ""


def test_round6_a_generic_plural_covers_its_sentence_not_the_named_source_s_run() -> None:
    text = (
        "Prices rose 2.9% in May, the Lurran Statistics Office said. "
        "Analysts had forecast 3.1%.\n\n"
        "Rents were up 4.4% on the year."
    )
    assert _claimant_of(text, "3.1%") == "Analysts"
    assert _claimant_of(text, "4.4%") == "Lurran Statistics Office"


def test_round6_a_number_word_or_question_opening_a_sentence_is_no_claimant() -> None:
    counted = "Four surveys came out on Monday. Turnout intentions stood at 71%."
    assert _claimant_of(counted, "71%") == ""
    asked = "Do Marovans want early elections? Support for them stood at 44% in March."
    assert _claimant_of(asked, "44%") == ""


def test_round6_a_title_before_a_hospital_is_no_person() -> None:
    text = (
        "Dr Ivo Lenk, who heads the ward at Brenn General Hospital, spoke on Monday. "
        '"We admit 80 patients a day," he said.'
    )
    assert _claimant_of(text, "80 patients a day") == "Ivo Lenk"


def test_round6_a_heading_that_is_a_name_makes_its_section_that_name_s() -> None:
    text = (
        "Polls this week\n\n"
        "Two surveys were out.\n\n"
        "1. Ostmark Polling\n\n"
        "Its online panel has 48% for the plan. The firm also has 12% undecided."
    )
    assert _claimant_of(text, "48%") == "Ostmark Polling"
    assert _claimant_of(text, "12%") == "Ostmark Polling"


def test_round6_a_title_before_an_apposition_finds_the_person_for_the_bare_title() -> None:
    text = (
        "Ostland's trade minister, Ruta Kalne, spoke in Vell on Monday. "
        "Exports would rise by 12% next year, the minister said."
    )
    assert _claimant_of(text, "12%") == "Ruta Kalne"


def test_round6_a_question_about_a_plan_is_no_proposal() -> None:
    text = (
        "Envoys from Marl put forward a 12-point peace plan on Monday.\n\n"
        "Do Ostlanders want a peace deal?\n\n"
        "Opinion is split."
    )
    plans = [c for c in extract(text) if c.kind == "proposal"]
    assert len(plans) == 1 and plans[0].quote.startswith("Envoys from Marl")


def test_fifth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # 0.6.0 scored it once (P 0.903, R 0.859, claimant 0.616, modality 0.798); round 6 drew
    # its rules from it, so these figures say what the rules fit, not how they generalise.
    counts, attributes = heldout_scores(5)
    assert counts.precision >= 0.973 and counts.recall >= 0.967
    # Round 8 (recall and attribution together), as for the fourth set.
    assert attributes.claimant_right >= 268 and attributes.modality_right >= 282
    # Round 12 added four duration labels: the modality share 0.9298, down from 0.932 (the
    # ratification deadline "must be ratified ... within 90 days" reads demanded).
    assert attributes.claimant_accuracy >= 0.926 and attributes.modality_accuracy >= 0.943


def test_sixth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # 0.7.0 scored it once (P 0.899, R 0.855, claimant 0.736, modality 0.792); round 8 drew
    # rules from it, so these figures say what the rules fit, not how they generalise.
    counts, attributes = heldout_scores(6)
    assert counts.precision >= 0.979 and counts.recall >= 0.973
    assert attributes.claimant_right >= 259 and attributes.modality_right >= 278
    assert attributes.claimant_accuracy >= 0.927 and attributes.modality_accuracy >= 0.936


def test_seventh_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # 0.8.0 scored it once (P 0.937, R 0.871, claimant 0.689, modality 0.724); round 9 drew
    # rules from it, so these figures say what the rules fit, not how they generalise.
    counts, attributes = heldout_scores(7)
    assert counts.precision >= 0.940 and counts.recall >= 0.913
    # Round 12 reads spans and deadlines as durations, points and bare counts: 13 more
    # found, 244 claimants right (up from 235) but the share 0.877, down from 0.887 (three
    # live-page terms with no proposer, two leads whose pollster is two paragraphs up).
    assert attributes.claimant_right >= 244 and attributes.modality_right >= 252
    assert attributes.claimant_accuracy >= 0.877 and attributes.modality_accuracy >= 0.848


def test_eighth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.9.0 (2026-12-01 19:39 UTC: P 0.975, R 0.878, claimant
    # 0.851, modality 0.803); round 10 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(8)
    assert counts.precision >= 0.976 and counts.recall >= 0.933
    assert attributes.claimant_accuracy >= 0.902 and attributes.modality_accuracy >= 0.900


def test_ninth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.10.0 (2026-12-01 19:53 UTC: P 0.941, R 0.865, claimant
    # 0.640, modality 0.777); round 11 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(9)
    assert counts.precision >= 0.948 and counts.recall >= 0.926
    # Round 12 reads spans and deadlines as durations: 12 more found, 161 claimants and 190
    # modalities right (up from 155 and 183) but the shares 0.745 and 0.802, down from 0.760
    # and 0.813: the framework whose plan is not found leaves its deadlines projected.
    assert attributes.claimant_right >= 168 and attributes.modality_right >= 203
    assert attributes.claimant_accuracy >= 0.766 and attributes.modality_accuracy >= 0.845


def test_tenth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.12.0 (2026-12-01 21:48 UTC: P 0.933, R 0.882, claimant
    # 0.642, modality 0.780); round 13 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(10)
    assert counts.precision >= 0.955 and counts.recall >= 0.898
    assert attributes.claimant_right >= 168 and attributes.modality_right >= 176
    assert attributes.claimant_accuracy >= 0.865 and attributes.modality_accuracy >= 0.826


def test_eleventh_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.13.0 (2026-12-01 22:01 UTC: P 0.925, R 0.869, claimant
    # 0.680, modality 0.822); round 14 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(11)
    assert counts.precision >= 0.937 and counts.recall >= 0.949
    assert attributes.claimant_right >= 202 and attributes.modality_right >= 245
    assert attributes.claimant_accuracy >= 0.762 and attributes.modality_accuracy >= 0.865


def test_thirteenth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.14.0 (2026-12-01 22:13 UTC: P 0.837, R 0.781, claimant
    # 0.694, modality 0.730; its labeller reads fractions such as "a third" as ratios, the
    # other sets as percentages: 24 of its misses); round 15 drew rules from it.
    counts, attributes = heldout_scores(13)
    assert counts.precision >= 0.878 and counts.recall >= 0.803
    assert attributes.claimant_right >= 146 and attributes.modality_right >= 158
    assert attributes.claimant_accuracy >= 0.733 and attributes.modality_accuracy >= 0.728


def test_twelfth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Seen once by accident on the working tree during round 15 (22:14 UTC, 0.14.0 plus the
    # single-demand rule: P 0.907, R 0.847, claimant 0.679, modality 0.849; totals only),
    # then scored on the frozen 0.15.0 (22:19 UTC: P 0.912, R 0.851, claimant 0.675,
    # modality 0.850); round 16 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(12)
    assert counts.precision >= 0.937 and counts.recall >= 0.879
    assert attributes.claimant_right >= 145 and attributes.modality_right >= 182
    # Round 20 found more labels (plan sizes, spells), some with claimants the rules leave
    # unnamed: 145 right, up from 144, the share 0.714, down from 0.715.
    assert attributes.claimant_accuracy >= 0.714 and attributes.modality_accuracy >= 0.853


def test_fourteenth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.16.0 (2026-12-01 22:28 UTC: P 0.887, R 0.887, claimant
    # 0.762, modality 0.785); round 17 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(14)
    assert counts.precision >= 0.887 and counts.recall >= 0.898
    assert attributes.claimant_right >= 156 and attributes.modality_right >= 184
    assert attributes.claimant_accuracy >= 0.760 and attributes.modality_accuracy >= 0.828


def test_fifteenth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.17.0 (2026-12-01 22:32 UTC: P 0.933, R 0.885, claimant
    # 0.668, modality 0.744); round 18 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(15)
    assert counts.precision >= 0.933 and counts.recall >= 0.884
    assert attributes.claimant_right >= 163 and attributes.modality_right >= 167
    # Round 20 found more labels: 163 claimants right, up from 161, the share 0.7617.
    assert attributes.claimant_accuracy >= 0.761 and attributes.modality_accuracy >= 0.748


def test_sixteenth_held_out_set_scores_now_that_it_is_tuning_data() -> None:
    # Scored once on the frozen 0.18.0 (2026-12-01 22:40 UTC: P 0.931, R 0.871, claimant
    # 0.777, modality 0.801); round 19 drew rules from it, so these are what the rules fit.
    counts, attributes = heldout_scores(16)
    assert counts.precision >= 0.931 and counts.recall >= 0.871
    assert attributes.claimant_right >= 144 and attributes.modality_right >= 143
    # Round 20 found more labels: 144 claimants right, up from 141, the share 0.847.
    assert attributes.claimant_accuracy >= 0.847 and attributes.modality_accuracy >= 0.812


# --- rounds 20 and 21: what the rules fit on every spent set ------------------------------
@pytest.mark.parametrize(
    ("number", "precision", "recall", "claimants", "modalities", "claimant", "modality"),
    [
        # Measured 2026-12-02 on the rules frozen as 0.22.0, after the round-20 to round-22
        # relabels (targets and pledges proposed, single measures no Proposal, spells and
        # rainfall periods durations); held-outs 17 and 18 were scored once on 0.19.0, 19 and
        # 20 on 0.20.0, 21 and 22 on 0.21.0, before rules were drawn from them. A floor, not
        # a target: rise only (held-out 2's modalities right fell from 321 to 320 when round
        # 21 removed a single-demand proposal label it had right).
        (1, 0.989, 0.948, 215, 283, 0.934, 0.965),
        (2, 0.979, 0.939, 288, 320, 0.963, 0.938),
        (3, 0.977, 0.98, 263, 292, 0.956, 0.954),
        (4, 0.986, 0.964, 244, 276, 0.871, 0.926),
        (5, 0.983, 0.967, 276, 283, 0.951, 0.943),
        (6, 0.98, 0.973, 261, 288, 0.928, 0.963),
        (7, 0.949, 0.916, 250, 266, 0.896, 0.892),
        (8, 0.984, 0.937, 199, 237, 0.917, 0.933),
        (9, 0.968, 0.942, 176, 221, 0.792, 0.905),
        (10, 0.964, 0.919, 171, 191, 0.872, 0.876),
        (11, 0.953, 0.959, 210, 259, 0.786, 0.905),
        (12, 0.938, 0.888, 147, 196, 0.724, 0.911),
        (13, 0.879, 0.811, 151, 176, 0.755, 0.803),
        # (14: round 22's single-figure rule cut two false plans and one term's deadline,
        # "for four months", that the false plan had made proposed: 197 right, was 198)
        (14, 0.903, 0.91, 164, 197, 0.788, 0.875),
        (15, 0.941, 0.896, 166, 197, 0.775, 0.871),
        (16, 0.937, 0.896, 145, 155, 0.852, 0.856),
        (17, 0.949, 0.927, 160, 187, 0.833, 0.912),
        (18, 0.941, 0.962, 131, 164, 0.798, 0.921),
        (19, 0.93, 0.91, 196, 213, 0.79, 0.8),
        (20, 0.962, 0.905, 179, 204, 0.832, 0.886),
        (21, 0.931, 0.896, 195, 213, 0.833, 0.876),
        (22, 0.933, 0.925, 134, 188, 0.69, 0.895),
    ],
)
def test_scores_on_every_spent_set(
    number: int,
    precision: float,
    recall: float,
    claimants: int,
    modalities: int,
    claimant: float,
    modality: float,
) -> None:
    counts, attributes = heldout_scores(number)
    assert counts.precision >= precision and counts.recall >= recall
    assert attributes.claimant_right >= claimants and attributes.modality_right >= modalities
    assert attributes.claimant_accuracy >= claimant and attributes.modality_accuracy >= modality
