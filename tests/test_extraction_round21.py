"""Extractor round 21: classes found when the nineteenth and twentieth held-out sets were
scored once on the frozen 0.20.0. More verbs of a plan's terms in "would"; a tax's or
benefit's new level in the present tense is proposed; list items under a heading naming a
framework are its terms; a plan that "demands that …" states its own terms; one thing
wanted is no set of demands.

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
        ("A local police force of 6,000 would take over the towns.", "force of 6,000", "proposed"),
        ("Ostmark would lift 75% of its sanctions on Vell.", "75%", "proposed"),
        ("All armed units would leave a zone 12 km deep within 60 days.", "60 days", "proposed"),
        # not a term: leaving someone exposed, taking seats on a model
        ("A pullback of 10 km would leave the towns within artillery range.", "10 km", "projected"),
        ("On the model, the Alliance would take 142 of the 310 seats.", "142", "projected"),
    ],
)
def test_more_verbs_of_a_plans_terms(text: str, quote: str, modality: str) -> None:
    assert figure(text, quote).modality == modality


@pytest.mark.parametrize(
    ("text", "quote", "modality"),
    [
        ("VAT on household energy falls to 5% from 10%.", "5%", "proposed"),
        ("VAT on household energy falls to 5% from 10%.", "10%", "asserted"),
        ("The state pension goes up by 4.1% in April.", "4.1%", "proposed"),
        # a trend, not a measure set
        (
            "Pension spending rises by 500 million euros each year.",
            "500 million euros each year",
            "asserted",
        ),
    ],
)
def test_a_measures_new_level_in_the_present_is_proposed(
    text: str, quote: str, modality: str
) -> None:
    assert figure(text, quote).modality == modality


def test_items_under_a_heading_naming_a_framework_are_its_terms() -> None:
    text = (
        "The mediators published their framework on Friday.\n\n"
        "Key figures in the framework:\n\n"
        "- A demilitarised strip 25 km wide\n"
        "- 2,000 peacekeepers from the mediating states\n"
    )
    assert figure(text, "25 km").modality == "proposed"
    assert figure(text, "2,000 peacekeepers").modality == "proposed"


def test_a_plan_that_demands_states_its_own_terms() -> None:
    text = (
        "The second, a six-point counter-proposal from the Varn Group, demands that the army "
        "withdraw 40 km within 100 days."
    )
    assert figure(text, "40 km").modality == "proposed"
    assert figure(text, "100 days").modality == "proposed"


@pytest.mark.parametrize(
    "text",
    [
        "The government wants a wider pullback.",
        "Ostmark wants an answer within a month, its foreign ministry said.",
        "The union called for an inquiry into the fire.",
    ],
)
def test_one_thing_wanted_is_no_set_of_demands(text: str) -> None:
    assert [c for c in extract(text) if c.kind == "proposal"] == []


def test_a_figure_put_at_by_a_body_names_the_body_not_the_figure() -> None:
    text = (
        "The plan assumed growth of 1.9% next year, a figure Ferrandine's central bank put at 1.2%."
    )
    assert figure(text, "1.2%").claimant_name == "Ferrandine's central bank"
