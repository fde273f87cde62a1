"""Extractor round 20: modality read as the independent labellers of held-out sets 7 to 18
read it. What an actor means to do (a target, a goal, a pledge, a plan's term) is `proposed`;
what someone expects to happen stays `projected`; what something would cost is `estimated`;
what a poll found or an office announced in "would" is `asserted`; a plan's figure named
again later keeps the plan's modality.

Every sentence here was written for these tests (names invented); none is copied from a
labelled evaluation text.
"""

from __future__ import annotations

import pytest

from claims.extraction import extract
from tests.extraction_support import figure


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        # a target or goal: the figure set as one, not the level reached
        ("Coverage reached 84%, short of the 90% target.", "90%", "proposed"),
        ("Coverage reached 84%, short of the 90% target.", "84%", "asserted"),
        ("The grid's target is 45% by 2040, from 21% now.", "45%", "proposed"),
        ("The council plans to hire 320 wardens.", "320 wardens", "proposed"),
        # a pledge or a plan's term in "would"/"will" with a deliberate act
        (
            "The minister said the government would pay 1,500 euros to each flooded household.",
            "1,500 euros",
            "proposed",
        ),
        ("Both armies would pull heavy guns back 15 km.", "15 km", "proposed"),
        ("In the first round, 400 prisoners would be exchanged.", "400 prisoners", "proposed"),
        # a measure's level moved by a budget, against an economy's outcome
        ("The standard rate of income tax would fall to 27%.", "27%", "proposed"),
        ("Bus fares will rise by 4.5% in January.", "4.5%", "proposed"),
        ("Growth would fall to 1.1% next year.", "1.1%", "projected"),
        ("She said public debt would peak at 71% of GDP.", "71%", "projected"),
        # what a measure is expected to bring about
        ("The ministry says the package would cut the deficit to 2.1%.", "2.1%", "projected"),
        ("The airport said the runway would create 3,500 jobs.", "3,500 jobs", "projected"),
        # a forecast verb keeps a forecast
        ("The operator expects to open 12 new stations.", "12 new stations", "projected"),
    ],
)
def test_what_an_actor_means_to_do_is_proposed_and_a_forecast_projected(
    text: str, quote: str, modality: str
) -> None:
    assert figure(text, quote).modality == modality


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        (
            "The opposition said the tax cut would cost 1.7 billion euros.",
            "1.7 billion euros",
            "estimated",
        ),
        (
            "Analysts said the clean-up could cost 60 million euros.",
            "60 million euros",
            "estimated",
        ),
        # a forecast of a price stays a forecast
        (
            "The millers' body forecasts that a loaf will cost 3.40 euros by spring.",
            "3.40 euros",
            "projected",
        ),
    ],
)
def test_what_something_would_cost_is_an_estimate(text: str, quote: str, modality: str) -> None:
    assert figure(text, quote).modality == modality


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The agency said 22 schools would stay shut on Monday.", "22 schools"),
        ("In a run-off, the poll finds Morrow would beat Ashby by 53% to 47%.", "53%"),
        ("Of those, 58% would keep summer time all year.", "58%"),
        ("The firm said it would build a 400 MW farm near the coast.", "400 MW"),
    ],
)
def test_an_announcement_a_finding_or_a_size_in_would_is_asserted(text: str, quote: str) -> None:
    assert figure(text, quote).modality == "asserted"


def test_a_figure_named_as_the_plans_is_proposed() -> None:
    text = "The rebels said the plan's 40 km would leave their villages undefended."
    assert figure(text, "40 km").modality == "proposed"


def test_a_promises_deadline_is_proposed_with_it() -> None:
    text = "She promised each family that lost a home 2,500 euros, to be paid within two weeks."
    assert figure(text, "2,500 euros").modality == "proposed"
    assert figure(text, "two weeks").modality == "proposed"


def test_a_plans_figure_named_again_keeps_its_modality() -> None:
    text = (
        "Under the plan, both armies would pull back 30 km and 11 observers would watch the "
        'line. "Thirty kilometres is within range of our towns," the mayor said. Shelling on '
        "Sunday killed four workers and wounded 11."
    )
    assert figure(text, "30 km").modality == "proposed"
    assert figure(text, "Thirty kilometres").modality == "proposed"
    # a head count restates a plan's only with the same noun
    assert figure(text, "11").modality == "asserted"


def test_a_capitalised_generic_noun_is_the_body_named_in_full_before() -> None:
    text = (
        "The Office of the River Envoy published its report on Monday. The Office estimates "
        "that some 41,000 people have left the valley."
    )
    assert figure(text, "some 41,000 people").claimant_name == "Office of the River Envoy"


def test_a_plan_term_without_its_own_source_is_the_proposer_s() -> None:
    text = (
        "Latest first.\n\n16:10 Both armies would pull heavy guns back 20 km.\n\n"
        "15:00 The Corran Contact Group has put a six-point plan to both sides."
    )
    term = figure(text, "20 km")
    assert (term.modality, term.claimant_name) == ("proposed", "Corran Contact Group")


def test_one_would_governs_each_verb_of_its_list() -> None:
    text = "It would set a buffer 25 km deep, free all detainees within 30 days, and end tolls."
    assert figure(text, "30 days").modality == "proposed"


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("After 19 months of talks, the two sides signed.", "19 months", 19, "month"),
        (
            "The weather office said 142 mm of rain fell on the hills in 48 hours.",
            "48 hours",
            48,
            "hour",
        ),
        ("The company said the battery would open in 18 months.", "18 months", 18, "month"),
    ],
)
def test_how_long_a_spell_ran_or_a_rainfall_took_is_a_duration(
    text: str, quote: str, value: int, unit: str
) -> None:
    found = figure(text, quote)
    assert (found.kind, found.value, found.unit) == ("duration", value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The city usually receives 142 mm of rain, more than it gets in four months.",
        "Jobs fell to 312,000, the fewest in six years.",
    ],
)
def test_a_period_that_frames_a_comparison_is_no_duration(text: str) -> None:
    assert not [c for c in extract(text) if c.kind == "duration"]


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        (
            "The seven-point accord proposed by the Marlstone mediators holds up well.",
            "seven-point accord",
            7,
        ),
        (
            "The president has put forward a five-part plan to end the rebellion.",
            "five-part plan",
            5,
        ),
        (
            "The envoy handed both sides a three-stage framework for ending the war.",
            "three-stage framework",
            3,
        ),
    ],
)
def test_a_plans_size_in_points_parts_or_stages_is_a_count(
    text: str, quote: str, value: int
) -> None:
    found = [c for c in extract(text) if c.kind == "count" and c.quote.startswith(quote)]
    assert [c.value for c in found] == [value]


def test_a_plans_size_restated_as_of_the_points_is_a_count() -> None:
    text = (
        "The mediators put a 16-point plan to both sides. The rebels accepted 11 of the 16 points."
    )
    counts = [c.value for c in extract(text) if c.kind == "count"]
    assert counts == [16, 11, 16]


def test_a_plan_named_again_by_its_size_is_no_new_count() -> None:
    text = (
        "The poll asked about a deal based on the mediators' 20-point plan. "
        "The 20-point plan was tabled in May."
    )
    assert not [c for c in extract(text) if c.kind == "count"]


@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        (
            "The Coastline Donors' Circle pledged 6.5 billion dollars in March.",
            "6.5 billion dollars",
            "Coastline Donors' Circle",
        ),
        (
            "The Wenmoor Relief Council now counts 3,460 flooded homes.",
            "3,460 flooded homes",
            "Wenmoor Relief Council",
        ),
        (
            "212 mm of rain fell on the hills, according to the data of the Vennor weather office.",
            "212 mm",
            "Vennor weather office",
        ),
    ],
)
def test_who_pledges_counts_or_holds_the_data_is_the_claimant(
    text: str, quote: str, claimant: str
) -> None:
    assert figure(text, quote).claimant_name == claimant
