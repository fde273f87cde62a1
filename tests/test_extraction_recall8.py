"""Round 8 of the extractor: figures whose unit or noun is elsewhere in the sentence, shares
spelled as "one X in every N", rates per second, and the lines that are no claims.

Every sentence here is written for the test (none is copied from a label file).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.extraction import extract


def found(text: str) -> set[tuple[str, Decimal]]:
    """(kind, value) of each quantity candidate in ``text``."""
    return {(c.kind, c.value) for c in extract(text) if c.kind != "proposal"}


def quote_of(text: str, kind: str, value: str) -> str:
    matches = [c.quote for c in extract(text) if c.kind == kind and c.value == Decimal(value)]
    assert len(matches) == 1, extract(text)
    return matches[0]


# --- shares and rates --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Defence takes one krone in every eight the government spends.", "12.50"),
        ("Interest swallows one dollar out of every five of tax revenue.", "20"),
    ],
)
def test_one_unit_in_every_n_is_a_share_not_money(text: str, value: str) -> None:
    assert found(text) == {("percentage", Decimal(value))}


@pytest.mark.parametrize(
    "text",
    [
        "The station pumped 2,400 litres a second out of the flooded tunnel.",
        "Crews moved 2,400 litres a second but the water kept rising.",
    ],
)
def test_litres_a_second_before_a_function_word_is_a_rate(text: str) -> None:
    assert found(text) == {("rate", Decimal(2400))}


def test_a_second_before_a_noun_is_still_an_ordinal() -> None:
    assert ("rate", Decimal(300)) not in found("They shipped 300 tonnes a second time.")


# --- lists that carry a unit ---------------------------------------------------------------
def test_a_poll_list_with_on_carries_the_percent() -> None:
    text = "The survey puts the Reform Bloc on 35%, the Farmers on 22 and the Left on 11."
    assert found(text) == {("percentage", Decimal(v)) for v in (35, 22, 11)}


def test_a_tally_by_share_to_bare_number_is_two_shares() -> None:
    text = "Rural voters reject the treaty by 58% to 33, the survey found."
    assert found(text) == {("percentage", Decimal(58)), ("percentage", Decimal(33))}


def test_a_line_of_sentences_ending_in_a_colon_opens_a_list_and_is_no_heading() -> None:
    text = (
        "Storms flattened 8,200 hectares of wheat this week. The hardest-hit districts were:\n\n"
        "- Lorn, 3,100 hectares\n"
    )
    assert ("area", Decimal(8200)) in found(text)


# --- bare counts whose noun is the clause's subject or object -----------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The treaty would leave the navy capped at 45,000.", 45000),
        ("Officials want the Orland militia limited to 12,000 by the spring.", 12000),
        ("Under the deal the rebel brigades would be kept to no more than 9,000.", 9000),
        ("The ministry said that registered cases had risen to 6,120 since March.", 6120),
        ("Registered voters now number about 2.3 million.", 2300000),
        ("The Fenwick garrison now numbers about 14,000, the army said.", 14000),
        ("The envoys want the cap on Norvan troops set no higher than 70,000.", 70000),
        ("It wants the Orland ceiling cut to 30,000 within a year.", 30000),
        ("The draft would cap the Norvan army at 85,000 in peacetime.", 85000),
        ("Heat waves killed 4,300 last summer.", 4300),
        ("Landslides killed about 260 in the hill districts.", 260),
        ("He said about 18,000 are living in tents outside the city.", 18000),
        ("Of those, 940 have needed surgery.", 940),
        ("Measles killed 2,100 people and cholera about 800.", 800),
        ("The United Nations keeps a monitoring mission of 1,200 in the valley.", 1200),
        ("Flu deaths rose 4.2% to 8,350.", 8350),
    ],
)
def test_a_bare_count_takes_its_noun_from_the_clause(text: str, value: int) -> None:
    scale = 1_000_000 if "million" in text else 1
    values = {v * scale for k, v in found(text) if k == "count"}
    assert Decimal(value) in values


def test_the_number_of_something_changes_by_and_to_bare_figures() -> None:
    text = "The number of nurses in work rose by 3,400 to 96,000 in the year to June."
    assert {("count", Decimal(3400)), ("count", Decimal(96000))} <= found(text)


def test_the_number_of_as_an_object_counts_the_figure_it_is_cut_to() -> None:
    text = "The plan aims to cut the number of children out of school to about 40,000."
    assert ("count", Decimal(40000)) in found(text)


def test_a_change_before_a_comma_ends_in_the_bare_figure_after_it() -> None:
    text = "The number of rough sleepers has nearly doubled since 2020, to about 5,200."
    assert ("count", Decimal(5200)) in found(text)


def test_down_from_the_bare_figure_carries_the_count_before() -> None:
    text = "It would keep the police at 60,000 officers, down from the 75,000 serving now."
    assert ("count", Decimal(75000)) in found(text)


def test_it_after_a_cap_verb_is_the_count_before() -> None:
    text = "The first draft set the army at 90,000 troops, where the second capped it at 70,000."
    assert {("count", Decimal(90000)), ("count", Decimal(70000))} <= found(text)


def test_a_gapped_sibling_takes_the_unit_of_the_first() -> None:
    text = "Rice came in at 3.2 million tonnes and sorghum at 1.1."
    assert ("mass", Decimal("1.1")) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The price of tickets rose to 41 on Monday.",
        "Hospital admissions for 2031 were published on 14 March.",
        "She said the ceiling on rents would be set at 9.5.",
    ],
)
def test_bare_figures_of_no_countable_subject_stay_out(text: str) -> None:
    assert not {k for k, _ in found(text)} & {"count"}


# --- fractions, ratios, multiples ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Exports dropped by almost a third this quarter, the agency said.", "33.33"),
        ("About a sixth of tenants were behind on rent.", "16.67"),
        ("Roughly an eighth of the fleet is grounded.", "12.50"),
        ("Only a fifth still say the reform is working.", "20"),
    ],
)
def test_shares_in_words(text: str, value: str) -> None:
    assert ("percentage", Decimal(value)) in found(text)


def test_one_thing_for_every_n_others_is_a_ratio_of_n() -> None:
    text = "There is one nurse for every 14 patients, against 11 last year."
    assert found(text) == {("ratio", Decimal(14)), ("ratio", Decimal(11))}
    assert quote_of(text, "ratio", "14") == "one nurse for every 14 patients"


def test_one_for_every_n_of_something_stops_before_the_preposition() -> None:
    text = "That is one ranger for every 3,100 hectares of park."
    assert quote_of(text, "ratio", "3100") == "one ranger for every 3,100 hectares"


def test_n_times_a_normal_year_is_a_multiple_but_n_times_a_day_is_not() -> None:
    assert ("ratio", Decimal(4)) in found("Claims ran at four times a normal month.")
    assert not found("Patients take it three times a day.")


# --- lines and figures that are no claims --------------------------------------------------
def test_the_links_under_more_on_this_story_are_furniture() -> None:
    text = (
        "The river rose 3 metres overnight.\n\n"
        "More on this story\n\n"
        "1. Seven maps of the flood\n"
        "2. Read the full report (48 pages)\n"
    )
    assert found(text) == {("length", Decimal(3))}


def test_a_revision_note_restates_old_figures() -> None:
    text = "Revisions: the July figure was revised to 4.1% from 4.3%. Prices rose 2% in August."
    assert found(text) == {("percentage", Decimal(2))}


def test_the_sources_of_a_report_are_not_a_count() -> None:
    text = (
        "The deal is close, according to four officials briefed on the talks, and "
        "two people familiar with the draft said it frees 300 prisoners."
    )
    assert found(text) == {("count", Decimal(300))}


def test_the_base_of_a_rate_per_thousand_is_no_count() -> None:
    text = "Infant deaths fell to 4.2 per 1,000 live births, and 310 babies died in all."
    assert found(text) == {("count", Decimal(310))}


def test_phases_and_seasons_are_no_counts() -> None:
    text = "Over the past four winters the grid held; sanctions would end in three stages."
    assert not found(text)


def test_how_many_items_a_named_list_has_is_no_claim_but_lends_its_noun() -> None:
    text = "Most cases were in three towns (Orla 2,150, Bex 940 and Tarn 610)."
    assert found(text) == {("count", Decimal(v)) for v in (2150, 940, 610)}


# --- a plan's points -----------------------------------------------------------------------
def test_a_texts_size_in_points_is_a_count() -> None:
    text = "The revised text runs to 17 points, down from the 24 in the first version."
    assert {("count", Decimal(17)), ("count", Decimal(24))} <= found(text)


def test_points_dropped_from_a_draft_named_in_the_sentence_before_are_a_count() -> None:
    text = "The first draft had 24 points. Seven points were dropped after the talks."
    assert ("count", Decimal(7)) in found(text)


def test_the_whole_after_n_of_the_points_of_a_plan_is_its_size_restated() -> None:
    # Round 20: "9 of the 17 points in the plan" restates the plan's size, a count, as the
    # labellers of sets 7 to 18 read it; the points of a league table stay no claim.
    text = "Envoys said 9 of the 17 points in the plan were still open."
    assert ("count", Decimal(17)) in found(text)
    assert ("count", Decimal(20)) not in found("Vale took 11 of the 20 points on offer.")


def test_a_margin_of_error_in_points_is_no_claim() -> None:
    text = "The plan has wide backing; the margin of error on the survey is about 2 points."
    assert not found(text)


# --- ranges, money, rates, list items, days of work ----------------------------------------
def test_a_range_of_thousands_before_a_counted_noun_is_one_count() -> None:
    text = "A peacekeeping force of 12,000 to 15,000 soldiers would patrol the border."
    assert found(text) == {("count", Decimal(13500))}


def test_a_small_digit_range_before_a_noun_is_not_merged() -> None:
    assert ("count", Decimal(4)) in found("The court heard that 3 to 4 people were hurt.")


def test_the_start_of_a_rising_rate_takes_its_period() -> None:
    text = "The cap will rise to 95 pounds a month, from 88 pounds."
    assert found(text) == {("rate", Decimal(95)), ("rate", Decimal(88))}


def test_an_income_threshold_a_year_is_an_amount_not_a_rate() -> None:
    text = "A higher band would apply to earnings above 80,000 dollars a year."
    assert found(text) == {("money", Decimal(80000))}


def test_a_count_on_each_side_every_week_is_a_rate() -> None:
    text = "Officials said about 200 fighters on each side every week were being wounded."
    assert found(text) == {("rate", Decimal(200))}


def test_points_between_two_shares_are_percentage_points() -> None:
    text = "The bill would raise the top rate by three points, from 40% to 43%."
    assert ("percentage_points", Decimal(3)) in found(text)
    assert ("count", Decimal(3)) not in found(text)


def test_a_bare_area_a_week_after_an_area_is_an_area_rate() -> None:
    text = "Rebels took 260 square kilometres in March, or about 60 a week."
    assert ("area_rate", Decimal(60)) in found(text)


def test_list_items_labelled_with_a_comma_carry_the_unit_of_the_item_before() -> None:
    text = "The worst-hit towns were:\n\n- Arlo, 4,100 hectares\n- Brisk, 2,600\n- Cove, 900\n"
    assert {("area", Decimal(v)) for v in (4100, 2600, 900)} <= found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The stoppages cost 12,500 working days in May.", 12500),
        ("The union has called four more strike days.", 4),
    ],
)
def test_working_days_are_counted_not_a_span_of_time(text: str, value: int) -> None:
    assert found(text) == {("count", Decimal(value))}


def test_a_revisions_line_later_in_a_release_restates_old_figures() -> None:
    text = "Output rose 3% in May.\n\nRevisions: April's output growth is now put at 1.2%."
    assert found(text) == {("percentage", Decimal(3))}


# --- rates compared, thresholds, a poll's split ------------------------------------------
def test_a_volume_compared_with_a_rate_before_it_is_the_same_rate() -> None:
    text = "Residents get about 3 litres per person a day, well below the 20 litres needed."
    assert found(text) == {("rate", Decimal(3)), ("rate", Decimal(20))}


def test_a_share_that_defines_who_is_counted_is_no_claim() -> None:
    text = "One pensioner in five spends more than 30% of their income on heating."
    assert found(text) == {("percentage", Decimal(20))}


def test_a_share_lost_by_a_group_is_still_a_claim() -> None:
    text = "Aid goes to farms that lost more than 40% of their harvest."
    assert ("percentage", Decimal(40)) in found(text)


def test_the_rest_of_an_opinion_split_is_shares() -> None:
    text = "The survey has 48% in favour of the treaty, 37 opposed and 15 undecided."
    assert found(text) == {("percentage", Decimal(v)) for v in (48, 37, 15)}


def test_yes_and_no_figures_in_a_poll_are_shares() -> None:
    text = "The latest poll puts Yes 51, No 44 on the question of independence."
    assert found(text) == {("percentage", Decimal(51)), ("percentage", Decimal(44))}


def test_no_before_a_number_outside_a_poll_is_not_a_share() -> None:
    assert ("percentage", Decimal(12)) not in found("There were No 12 buses running.")


def test_a_plans_new_size_after_runs_to_or_now_has_is_a_count() -> None:
    text = "It started as a 30-point draft; after the talks it now has 22."
    assert {("count", Decimal(30)), ("count", Decimal(22))} <= found(text)
    text = "The first text ran to 30 points. The one now on the table runs to 22."
    assert ("count", Decimal(22)) in found(text)


def test_now_has_without_points_named_is_no_count() -> None:
    assert not found("The town now has 22.")


def test_the_plan_named_again_by_its_size_is_no_claim() -> None:
    text = "Voters were asked about the envoys' 15-point plan and what is in the 15-point plan."
    assert not found(text)


def test_a_plans_size_stated_is_a_count() -> None:
    assert ("count", Decimal(15)) in found("Envoys have drafted a 15-point plan for the port.")


def test_named_figures_in_brackets_take_the_unit_of_the_last_measure_before() -> None:
    text = (
        "Brela lost 2,900 square kilometres of forest last year.\n\n"
        "Two provinces accounted for most of it (Osk 1,400 and Varn 700)."
    )
    assert {("area", Decimal(1400)), ("area", Decimal(700))} <= found(text)


def test_bracketed_figures_without_a_measure_before_stay_bare() -> None:
    text = "The league is led by two clubs (Osk 14 and Varn 12)."
    assert not {k for k, _ in found(text)} & {"area", "mass", "length", "volume"}


def test_a_figure_of_someones_members_counts_them() -> None:
    text = "About 3,200 of the union's members voted, and 1,900 of its branches."
    assert ("count", Decimal(1900)) in found(text)


def test_words_of_a_texts_items_are_no_count() -> None:
    assert not found("Here are ten of its findings.")


def test_now_number_is_a_verb_before_a_count() -> None:
    assert ("count", Decimal(7310)) in found("Deaths from heat have doubled and now number 7,310.")


def test_a_span_after_a_change_by_is_a_duration() -> None:
    text = "Life expectancy fell by 2.3 years during the epidemic, the agency found."
    assert ("duration", Decimal("2.3")) in found(text)


def test_a_span_framing_a_figure_is_still_no_duration() -> None:
    # "within 90 days" is a duration since round 12, and "after three years of war" since
    # round 20 (how long the war ran); a span that frames a measured figure or a threshold
    # is not.
    assert not found("Rainfall was measured every 3 hours.")
    assert ("duration", Decimal(6)) not in found("Jobs fell to 312,000, the fewest in six years.")


@pytest.mark.parametrize(
    ("text", "value", "quote"),
    [
        ("Envoys proposed a 48-hour humanitarian pause in the shelling.", 48, "48-hour"),
        ("The union wants a three-month moratorium on evictions.", 3, "three-month"),
        ("He signed a four-year contract with the club.", 4, "four-year"),
    ],
)
def test_a_span_adjective_before_a_pause_or_contract_is_a_duration(
    text: str, value: int, quote: str
) -> None:
    assert quote_of(text, "duration", str(value)) == quote


@pytest.mark.parametrize(
    "text",
    ["Prices were 4% above the five-year average.", "The 19-year-old scored twice."],
)
def test_other_span_adjectives_are_no_duration(text: str) -> None:
    assert "duration" not in {k for k, _ in found(text)}


def test_a_countdown_is_no_duration() -> None:
    text = "With less than two weeks to go before the vote, the race has tightened."
    assert not found(text)
