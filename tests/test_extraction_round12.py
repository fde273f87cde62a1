"""Extractor round 12: spans and deadlines of terms are durations; points read from the
paragraph before and from "by"; a share's move "down three" is in points; parts of a whole
named with a possessive; a bare count as the subject of "have since returned" / "finished".

Every sentence here was written for these tests (names invented); none is copied from a
labelled evaluation text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.extraction import extract
from tests.extraction_support import figure, quantities


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("Under the plan, both navies would leave the bay within 45 days.", "45 days", 45, "day"),
        ("Dunmore pledged 900 million euros over six years.", "over six years", 6, "year"),
        ("A truce would begin 24 hours after signing.", "24 hours", 24, "hour"),
        ("Voters would be asked within nearly two months.", "nearly two months", 2, "month"),
    ],
)
def test_a_deadline_or_span_of_a_term_is_a_duration(
    text: str, quote: str, value: int, unit: str
) -> None:
    c = figure(text, quote)
    assert (c.kind, c.value, c.unit) == ("duration", Decimal(value), unit)


def test_a_plans_deadline_takes_the_plans_modality_and_proposer() -> None:
    text = (
        "Envoys from Castria on Monday gave both sides a 12-point plan to end the war. "
        "Under the plan, prisoners would be exchanged within 30 days."
    )
    c = figure(text, "30 days")
    assert (c.modality, c.claimant_name) == ("proposed", "Castria")


@pytest.mark.parametrize(
    "text",
    [
        "Punctuality counts trains that arrive within three minutes of the timetable.",
        "Sales slowed in the 12 months to June.",
        "Prices have climbed over the past four years.",
        "Buses leave every 15 minutes.",
    ],
)
def test_thresholds_reporting_periods_and_frequencies_stay_out(text: str) -> None:
    assert quantities(text) == []


def test_points_in_a_paragraph_after_a_poll_read_from_it() -> None:
    text = (
        "Backing for the levy stands at 58%, a Norrel Research poll found.\n\n"
        "Support is up nine points since the spring."
    )
    c = figure(text, "nine points")
    assert (c.kind, c.value, c.unit) == ("percentage_points", Decimal(9), "pp")


def test_points_without_a_poll_nearby_are_not_read_as_a_share() -> None:
    text = "The club is up nine points since the spring."
    assert quantities(text) == []  # no poll or share nearby: "nine points" is no claim


def test_a_gap_by_n_points_in_a_poll_is_points() -> None:
    text = "Support is at 61% among older voters. Men back it more than women, by four points."
    c = figure(text, "four points")
    assert (c.kind, c.value) == ("percentage_points", Decimal(4))


def test_a_shares_move_down_n_is_points_and_from_n_a_share() -> None:
    moved = figure("The mayor is on 38%, down four.", "four")
    assert (moved.kind, moved.value, moved.unit) == ("percentage_points", Decimal(4), "pp")
    start = figure("The mayor is on 38%, up from 35.", "35")
    assert (start.kind, start.unit) == ("percentage", "percent")


def test_a_part_of_a_whole_named_with_a_possessive_is_a_count() -> None:
    c = figure("The Greens would take 47 of the Senate's 120 seats.", "47")
    assert (c.kind, c.value) == ("count", Decimal(47))


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "About 90,000 people fled the valley, and the agency says 21,000 have since returned.",
            "21,000",
        ),
        ("Of the 12,400 riders who started, 11,980 finished, the organisers said.", "11,980"),
    ],
)
def test_a_bare_count_as_the_subject_of_returned_or_finished_is_a_count(
    text: str, quote: str
) -> None:
    c = figure(text, quote)
    assert (c.kind, c.value) == ("count", Decimal(quote.replace(",", "")))


# --- round 13 (0.13.0): classes from the tenth set, scored once on 0.12.0 ------------------


def test_a_releases_agency_is_its_issuer_named_in_the_head() -> None:
    text = (
        "Crews hold the line\n\n"
        "PRESS RELEASE | Norrow Fire Agency | Ref. NFA/22\n\n"
        "The fire has burned 4,100 hectares, the agency said this afternoon. "
        "The agency has counted 12 homes destroyed."
    )
    assert figure(text, "4,100 hectares").claimant_name == "Norrow Fire Agency"
    assert figure(text, "12 homes").claimant_name == "Norrow Fire Agency"


def test_a_trailing_source_with_its_report_and_a_reference_in_brackets_covers_the_figure() -> None:
    text = (
        "Life expectancy fell to 71.3 years, the Global Health Bureau said in its yearbook "
        "(GHB-2037), which covers 190 countries."
    )
    assert figure(text, "71.3 years").claimant_name == "Global Health Bureau"


@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        (
            "Farmers harvested 6.1 million tonnes, according to Tarn's farm ministry's "
            "harvest estimate.",
            "6.1 million tonnes",
            "Tarn's farm ministry",
        ),
        (
            "The Keswin tourism board's estimate puts the festival's value at 21 million euros.",
            "21 million euros",
            "Keswin tourism board",
        ),
        (
            "The Land Survey Office's annual figure puts the loss at 2,900 square kilometres.",
            "2,900 square kilometres",
            "Land Survey Office",
        ),
    ],
)
def test_a_possessive_body_in_lower_case_is_the_source_of_its_figures(
    text: str, quote: str, claimant: str
) -> None:
    assert figure(text, quote).claimant_name == claimant


@pytest.mark.parametrize(
    ("text", "proposer"),
    [
        (
            "The six-point plan was unveiled on Monday by President Ilse Warrow of Cantor. "
            "Under the plan, both fleets would leave the bay.",
            "Ilse Warrow",
        ),
        (
            "A framework drafted over the summer by the foreign ministry of neighbouring "
            "Pellary would place the valley under joint rule.",
            "Pellary's foreign ministry",
        ),
        (
            "The plan was put forward last week by the government of Ostrin. It would "
            "freeze the line.",
            "Ostrin government",
        ),
        (
            "Tarvel's foreign minister, Anke Morrow, handed a 12-point ceasefire plan to the "
            "delegations on Wednesday.",
            "Anke Morrow",
        ),
    ],
)
def test_who_unveiled_drafted_or_handed_a_plan_proposes_it(text: str, proposer: str) -> None:
    (plan,) = [c for c in extract(text) if c.kind == "proposal"]
    assert plan.claimant_name == proposer


def test_a_plan_handed_to_someone_is_a_plan_and_plans_to_act_are_not() -> None:
    handed = "Envoys from Arlen handed a 9-point plan to both governments on Monday."
    assert [c.kind for c in extract(handed)].count("proposal") == 1
    intent = "The grid operator plans to build 400 km of new lines by 2035."
    assert "proposal" not in [c.kind for c in extract(intent)]


def test_at_its_heart_continues_the_plan() -> None:
    text = (
        "The eight-point plan was unveiled on Monday by President Ilse Warrow of Cantor. "
        "At its heart is a neutral zone of 12 km down the middle of the strait."
    )
    c = figure(text, "12 km")
    assert (c.modality, c.claimant_name) == ("proposed", "Ilse Warrow")


def test_a_polls_commissioner_before_which_is_not_the_source() -> None:
    text = (
        "The Greens lead, according to a Halden Research poll for this broadcaster, "
        "which puts Labour on 27%."
    )
    assert figure(text, "27%").claimant_name == "Halden Research"


def test_a_party_a_share_is_of_does_not_take_over_the_polls_source() -> None:
    text = (
        "The Civic Front leads, according to a Vantwell Research poll, which puts it on 34%. "
        "The Greenway Party is unchanged on 11%."
    )
    assert figure(text, "11%").claimant_name == "Vantwell Research"


def test_we_in_an_organisations_brief_is_the_organisation() -> None:
    text = (
        "Ostrel Land Institute | Briefing No. 4\n\n"
        "Forest loss is rising, according to the Mirren farm ministry, and we calculate that "
        "about 60% of cleared land is now pasture.\n\n"
        '"We calculate the cost at 2 million euros," the minister said.'
    )
    assert figure(text, "about 60%").claimant_name == "Ostrel Land Institute"
    assert figure(text, "2 million euros").claimant_name == "minister"


def test_a_terms_initial_length_is_the_plans_not_its_history() -> None:
    text = (
        "Envoys from Castria gave both sides a 12-point plan to end the war. Under the plan, "
        "900 monitors would patrol the line for an initial 12 months."
    )
    assert figure(text, "12 months").modality == "proposed"


def test_a_share_aside_does_not_hide_the_plans_would() -> None:
    text = (
        "Envoys from Castria gave both sides a 12-point plan to end the war. "
        "A fund of 2 billion euros, 70% of it from Castria and the rest from the two sides, "
        "would pay for roads."
    )
    assert figure(text, "70%").modality == "proposed"
    assert figure(text, "2 billion euros").claimant_name == "Castria"


def test_a_forecast_that_puts_a_figure_at_is_projected() -> None:
    text = "The fiscal council's own forecast puts growth at 0.9% next year."
    assert figure(text, "0.9%").modality == "projected"


@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [
        (
            "Farmers brought in 7.2 million tonnes, down 18% from 8.8 million.",
            "8.8 million",
            "million t",
        ),
        ("Clearing reached 5,310 square kilometres, up 14% from 4,660.", "4,660", "km2"),
    ],
)
def test_the_start_of_a_change_in_percent_is_in_the_levels_unit(
    text: str, quote: str, unit: str
) -> None:
    assert figure(text, quote).unit == unit


def test_a_clock_time_borrows_no_duration() -> None:
    found = quantities("The plan would begin with a pause of 72 hours from 06:00 on Saturday.")
    assert [c.quote for c in found] == ["72 hours"]


def test_points_a_share_has_fallen_in_a_plan_story_are_points() -> None:
    text = (
        "About four in ten would accept the council's plan for a levy. "
        "Support for the levy has fallen 12 points since the spring."
    )
    c = figure(text, "12 points")
    assert (c.kind, c.unit) == ("percentage_points", "pp")


def test_a_documents_page_count_is_no_claim() -> None:
    assert quantities("Download the full briefing (PDF, 18 pages).") == []


def test_a_trailing_source_with_a_numbered_bulletin_covers_the_figure() -> None:
    text = (
        "Clearance fell to 6,840 square kilometres, the Yarrowa Land Service said on "
        "Thursday in its bulletin 2034-08."
    )
    assert figure(text, "6,840 square kilometres").claimant_name == "Yarrowa Land Service"


# --- round 14 (0.14.0): classes from the eleventh set, scored once on 0.13.0 ---------------


def test_a_poll_for_a_paper_that_shows_is_the_pollsters() -> None:
    text = (
        "The Alliance leads by four points, a Tallow Research poll for the Courant shows.\n\n"
        "Shares of the vote:\nKestrel Alliance: 31%\nWorkers Union: 27%\n"
    )
    assert figure(text, "31%").claimant_name == "Tallow Research"
    poll_named_by_its_buyer = "A poll for the Valmont Press Agency found 64% support the deal."
    assert figure(poll_named_by_its_buyer, "64%").claimant_name == "Valmont Press Agency"


def test_an_outlets_name_in_the_byline_is_no_issuer() -> None:
    text = "By Ann Lee | The Ebbmouth Courant | Tuesday 14 April 2037\n\nTurnout reached 61%.\n"
    assert figure(text, "61%").claimant_name == ""


def test_a_publishers_titled_report_is_the_publishers() -> None:
    text = (
        "Life expectancy rose to 73.4 years, according to the World Health Concord's yearly "
        "World Health Statistics."
    )
    assert figure(text, "73.4 years").claimant_name == "World Health Concord"
    president = "Talks stalled, according to Velmora's President Andriy Koval, at 40%."
    assert figure(president, "40%").claimant_name == "Andriy Koval"


def test_a_source_label_names_its_lines_source_and_key_is_no_name() -> None:
    text = (
        "The yearly tables were published on Wednesday.\n\n"
        "Key figures (Source: World Health Concord)\n"
        "Life expectancy: 73.4 years\n"
        "Child deaths: 4.6 million\n\n"
        "Displaced: 640,000 people (Source: Ostrevin Relief Council)\n"
    )
    assert figure(text, "73.4 years").claimant_name == "World Health Concord"
    assert figure(text, "640,000 people").claimant_name == "Ostrevin Relief Council"


def test_a_bullets_trailing_says_covers_its_figure() -> None:
    text = "Key points\n- About 410,000 homes are without power, grid operator Vessgrid says\n"
    assert figure(text, "About 410,000 homes").claimant_name == "Vessgrid"


def test_a_relative_clause_that_puts_a_figure_is_its_subjects() -> None:
    text = (
        "Envoys from Castria gave both sides a 12-point plan to end the war. Prisoners of war, "
        "whom the Kolvany Welfare Committee puts at about 2,700, would be swapped."
    )
    c = figure(text, "about 2,700")
    assert (c.kind, c.claimant_name) == ("count", "Kolvany Welfare Committee")


def test_table_rows_take_the_unit_their_intro_line_names() -> None:
    text = (
        "Forest loss fell again.\n\n"
        "Forest lost, square kilometres, with change on the previous year:\n"
        "Ithrel: 1,910, up 9%\n"
        "Other provinces: 520, down 3%\n\n"
        "Jobs by sector, change on a year earlier:\n"
        "Construction: -14,000\n"
        "Retail: -6,200\n"
    )
    assert (figure(text, "1,910").kind, figure(text, "520").unit) == ("area", "km2")
    jobs = figure(text, "-14,000")
    assert (jobs.kind, jobs.value) == ("count", Decimal(-14000))


def test_a_row_without_an_intro_or_after_prose_borrows_no_unit() -> None:
    text = (
        "Forest lost, square kilometres:\n"
        "The minister spoke for an hour about the figures.\n"
        "Ithrel: 1,910\n"
    )
    assert quantities(text) == []  # the prose line ends the table: 1,910 has no unit


def test_a_signed_change_in_brackets_is_in_the_figures_unit_and_a_shares_in_points() -> None:
    text = (
        "Shares of the vote, with change on last month in brackets:\n"
        "Kestrel Alliance: 31% (+2)\n"
        "Workers Union: 27% (-3)\n"
    )
    up, down = figure(text, "+2"), figure(text, "-3")
    assert (up.kind, up.value, down.value) == ("percentage_points", Decimal(2), Decimal(-3))


def test_a_one_in_share_with_its_bracketed_percentage_is_one_claim() -> None:
    (share, _points) = quantities("Almost six in ten adults (58%) back a levy, up nine points.")
    assert (share.kind, share.value) == ("percentage", Decimal(58))


def test_a_ratio_set_after_a_figure_is_the_texts_comparison() -> None:
    text = "The governor has put the damage at 46 million euros, nearly twice the proposed fund."
    c = figure(text, "nearly twice the proposed fund")
    assert (c.modality, c.claimant_name) == ("asserted", "")
    own = figure(
        "Fires burnt 61,000 hectares, four times the average, the agency said.",
        "four times the average",
    )
    assert (own.modality, own.claimant_name) == ("asserted", "agency")
    forecast = figure("Rain could reach 300 mm, twice the region's average.", "twice")
    assert forecast.modality == "projected"  # the restated figure's hedge


def test_aiming_for_a_share_is_a_target() -> None:
    text = "The Kestrel Alliance says it is aiming for at least 35% on election day."
    assert figure(text, "at least 35%").modality == "proposed"  # round 20


def test_a_nine_point_outline_is_a_plan() -> None:
    text = (
        "The foreign ministry of Kestrand has drafted a nine-point outline to end the stand-off. "
        "Both armies would pull back 3 km within 21 days."
    )
    (plan,) = [c for c in extract(text) if c.kind == "proposal"]
    assert plan.claimant_name == "Kestrand's foreign ministry"
    assert figure(text, "3 km").modality == "proposed"


# --- round 15 (0.15.0): classes from the thirteenth set, scored once on 0.14.0 -------------


def test_a_price_per_megawatt_hour_or_litre_is_no_claim() -> None:
    assert quantities("Winning bids averaged 41 euros per MWh of capacity.") == []
    assert quantities("Petrol costs 1.85 euros a litre.") == []
    tonne = figure("Wheat traded at 312 euros a tonne.", "312 euros")
    assert tonne.kind == "money"  # the earlier sets label a price per tonne


def test_ages_in_a_pension_age_change_are_no_claims() -> None:
    found = quantities("The plan would raise the state pension age from 67 to 69 over ten years.")
    assert [(c.kind, c.value) for c in found] == [("duration", Decimal(10))]


def test_points_short_of_a_target_are_points() -> None:
    text = "88% of infants received a first dose, two points short of the 90% target."
    assert figure(text, "two points").kind == "percentage_points"


def test_between_two_small_counts_is_one_range() -> None:
    c = figure(
        "A mission of between 400 and 650 unarmed observers would watch the line.",
        "between 400 and 650 unarmed observers",
    )
    assert (c.lower, c.upper, c.value) == (Decimal(400), Decimal(650), Decimal(525))


def test_another_sources_count_of_the_same_thing_after_a_semicolon() -> None:
    text = (
        "The county council puts the number at about 2,300; the Sandbag Crew, a volunteer "
        "group, says more than 3,000."
    )
    c = figure(text, "more than 3,000")
    assert (c.kind, c.claimant_name) == ("count", "Sandbag Crew")


@pytest.mark.parametrize(
    ("text", "proposer"),
    [
        (
            "The plan was unveiled in Brantoft last month by Dellacourt's foreign minister, "
            "Norwen Adebisi-Falk, whose government hosted the talks.",
            "Norwen Adebisi-Falk",
        ),
        (
            "The Tervanne Facilitation Team, which has mediated since the spring, has put a "
            "nine-point plan to both delegations.",
            "Tervanne Facilitation Team",
        ),
    ],
)
def test_a_proposer_named_in_an_apposition_or_before_a_relative_clause(
    text: str, proposer: str
) -> None:
    (plan,) = [c for c in extract(text) if c.kind == "proposal"]
    assert plan.claimant_name == proposer


def test_a_unit_symbol_is_no_claimant() -> None:
    text = "Developers won 1.8 GW out of the 3 GW offered, spread across 22 projects."
    assert {c.claimant_name for c in quantities(text)} == {""}


# --- round 16 (0.16.0): classes from the twelfth set, scored on 0.15.0 ----------------------


def test_the_report_says_is_the_source_named_last() -> None:
    text = (
        "Cases rose to 310,000, the World Health Council said.\n\n"
        '"Too many," said Amadou Venter, its chief.\n\n'
        "Chronic diseases now cause 74% of all deaths, the annual report says."
    )
    assert figure(text, "74%").claimant_name == "World Health Council"


def test_a_poll_waits_for_its_pollster_named_at_the_end() -> None:
    text = (
        "Labour Union members met on Monday.\n\n"
        "The poll put the Civic Alliance on 31%, the pollster Nordvik Research said."
    )
    assert figure(text, "31%").claimant_name == "Nordvik Research"


@pytest.mark.parametrize(
    ("text", "quote", "claimant"),
    [
        (
            "The club will pay 48 million euros, two people familiar with the deal said.",
            "48 million euros",
            "people familiar with the deal",
        ),
        (
            "Two senior Alliance officials, speaking on condition of anonymity, said support "
            "was about 18%.",
            "about 18%",
            "senior Alliance officials",
        ),
    ],
)
def test_unnamed_sources_are_described_without_their_head_count(
    text: str, quote: str, claimant: str
) -> None:
    assert figure(text, quote).claimant_name == claimant
    assert [c.quote for c in quantities(text)] == [quote]  # "two" is no count


def test_he_is_never_an_unnamed_group() -> None:
    text = (
        "Arvid Kell, the chief negotiator, spoke on Monday. One of the negotiators said the "
        "talks would resume. He said Dalmor had launched more than 4,000 drones."
    )
    assert figure(text, "more than 4,000 drones").claimant_name == "Arvid Kell"


def test_mediators_from_a_league_propose_its_plan_whoever_reports_it() -> None:
    text = (
        "Mediators from the Sunmere League have handed both sides a 16-point truce draft, two "
        "officials familiar with the talks said. Under the draft, guns would be pulled back 30 km."
    )
    (plan,) = [c for c in extract(text) if c.kind == "proposal"]
    assert plan.claimant_name == "Sunmere League"
    assert figure(text, "30 km").claimant_name == "Sunmere League"


def test_goals_in_games_is_two_counts_not_a_share() -> None:
    found = quantities("Maddick scored 27 goals in 34 league games last season.")
    assert [(c.kind, c.value) for c in found] == [("count", 27), ("count", 34)]
    assert figure("One farm in five made a loss.", "One farm in five").kind == "percentage"


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The group's count is 11,400.", "11,400"),
        ("Verification teams grow from 40 to 65.", "65"),
        ("The basin's herd has grown to 61 million head, according to the office.", "61 million"),
        ("Maretta would cut its troops on the frontier to 6,000 within a year.", "6,000"),
    ],
)
def test_a_bare_figure_counts_the_sentences_subject_or_object(text: str, quote: str) -> None:
    assert figure(text, quote).kind == "count"


def test_a_price_subject_gives_no_count() -> None:
    assert quantities("The price of tickets rose to 41 on Monday.") == []


# --- round 17 (0.17.0): classes from the fourteenth set, scored once on 0.16.0 -------------


def test_a_phased_framework_and_its_stages_are_one_plan() -> None:
    text = (
        "The Special Envoy, Maro Keszthely, today presented to both sides a three-stage "
        "framework for ending the conflict. In the first stage, both sides would pull "
        "artillery back 25 km within 40 days."
    )
    (plan,) = [c for c in extract(text) if c.kind == "proposal"]
    assert plan.claimant_name == "Maro Keszthely"
    assert figure(text, "25 km").modality == "proposed"


def test_a_plan_announced_to_do_something_and_a_rival_plan_of_its_own() -> None:
    text = (
        "The minister, Halstein Ekvoll, announced a plan to hold down the price of bread. "
        "The Millers' Association has circulated its own plan to members of parliament. "
        "It foresees a subsidy for four months."
    )
    plans = [c for c in extract(text) if c.kind == "proposal"]
    assert [p.claimant_name for p in plans] == ["Halstein Ekvoll", "Millers' Association"]
    assert figure(text, "four months").claimant_name == "Millers' Association"


# --- round 18 (0.18.0): classes from the fifteenth set, scored once on 0.17.0 --------------


def test_a_bulletins_issuer_named_with_its_acronym_in_the_head() -> None:
    text = (
        "Statistical Bulletin: World Health Indicators\n\n"
        "Allmoor Health Statistics Office (AHSO) | Bulletin no. 38/2 | Release date: 28 May\n\n"
        "Main points\n\n"
        "- Global life expectancy was 73.1 years, up 0.3 years.\n"
        "- Deaths of children under five fell to 4.6 million.\n"
    )
    assert figure(text, "73.1 years").claimant_name == "Allmoor Health Statistics Office"
    assert figure(text, "4.6 million").claimant_name == "Allmoor Health Statistics Office"


def test_mediators_who_have_drawn_up_a_plan_propose_it() -> None:
    text = (
        "Mediators from the Marisco Forum have drawn up a 12-point plan to end the blockade, "
        "according to a draft seen by Meridian. Under the draft, both navies would keep 40 km "
        "from the lane."
    )
    assert figure(text, "40 km").claimant_name == "Marisco Forum"


def test_a_briefs_columns_items_do_not_inherit_each_others_sources() -> None:
    text = (
        "World in brief\n\n"
        "ESKARN - Eskarn's interior ministry offered a 72-hour pause in air strikes.\n\n"
        "GRENTHOLM - Donors pledged 310 million dollars for refugees at a conference here.\n"
    )
    # The item's own subject pledges (round 20), not the previous item's ministry.
    assert figure(text, "310 million dollars").claimant_name == "Donors"


def test_a_promised_grant_is_proposed_and_a_budgets_set_aside_after_a_leading_phrase() -> None:
    promised = figure(
        "The governor, Elspeth Manzoni, has promised households that lost their homes a grant "
        "of 4,000 euros.",
        "4,000 euros",
    )
    assert promised.modality == "proposed"
    text = (
        "Finance Minister Magnus Orrey presented the 2039 budget on Tuesday. For the regions, "
        "the budget sets aside 2.4 billion euros over three years for rail and roads."
    )
    c = figure(text, "2.4 billion euros")
    assert (c.modality, c.claimant_name) == ("proposed", "Magnus Orrey")


# --- round 19 (0.19.0): classes from the sixteenth set, scored once on 0.18.0 -------------


def test_a_plan_drawn_up_by_ministers_of_two_states_or_put_forward_a_week_ago() -> None:
    text = (
        "It is a ten-point text drawn up by the foreign ministers of Aldvane and Merisco. "
        "Under it, both armies would pull back 15 km."
    )
    assert figure(text, "15 km").claimant_name == "foreign ministers of Aldvane and Merisco"
    ago = (
        "A way out may lie in a six-part plan put forward a week ago by the Council of "
        "Churches of Sorvane. It would turn the pause into a ceasefire of 90 days."
    )
    assert figure(ago, "90 days").claimant_name == "Council of Churches of Sorvane"


def test_a_lower_case_reference_holding_a_named_bodys_words_is_that_body() -> None:
    text = (
        "The Harlowe Fire and Rescue Service said crews were tired.\\n\\n"
        "The fire has burned 11,200 hectares, the fire service said."
    )
    assert figure(text, "11,200 hectares").claimant_name == "Harlowe Fire and Rescue Service"


def test_a_bodys_gauge_and_a_bureau_that_expects_are_sources() -> None:
    gauge = "By 6am the Environment Agency's gauge at Dunnet Bridge read 3.9 metres."
    assert figure(gauge, "3.9 metres").claimant_name == "Environment Agency"
    bureau = "The Lindcaster weather bureau expects gusts of up to 70 km/h on Tuesday."
    assert figure(bureau, "up to 70 km/h").claimant_name == "Lindcaster weather bureau"


def test_it_plans_a_figure_continues_the_budget() -> None:
    text = (
        "Finance Minister Ermengard Solberne presented the 2038 budget on Tuesday. It plans "
        "total spending of 184 billion euros, up 3.8% on this year."
    )
    c = figure(text, "184 billion euros")
    assert (c.modality, c.claimant_name) == ("proposed", "Ermengard Solberne")
