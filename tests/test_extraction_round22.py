"""Extractor round 22: classes found when the twenty-first and twenty-second held-out sets
were scored once on the frozen 0.21.0. A table pasted with pipes is read cell by cell, each
bare number in its column's unit, its source the "Source:" line under it; one measure with
one figure demanded or proposed is that figure, not a plan.

Every sentence here was written for these tests (names invented); none is copied from a
labelled evaluation text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.extraction import extract

TABLE = (
    "The rivers rose overnight.\n\n"
    "River levels at 09:00\n"
    "Gauge | River | Level now (m) | Record (m)\n"
    "Orrin Weir | Calde | 5.7 | 5.3\n"
    "Mossgate | Calde | 4.2 | 4.8\n"
    "Source: Calde Rivers Office telemetry\n\n"
    "Voting intention\n"
    "Party | March % | February %\n"
    "Union Bloc | 31 | 34\n"
    "Source: Vessel Opinion for the Calde Courier.\n\n"
    "Year | Incidents | Vessels seized\n"
    "2036 | 5 | 2\n"
)


def cells() -> dict[tuple[str, Decimal], str]:
    return {(c.kind, c.value): c.claimant_name for c in extract(TABLE)}


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("length", Decimal("5.7")),
        ("length", Decimal("4.8")),
        ("percentage", Decimal(31)),
        ("percentage", Decimal(34)),
        ("count", Decimal(5)),
        ("count", Decimal(2)),
    ],
)
def test_a_pipe_tables_cells_take_their_columns_unit(kind: str, value: Decimal) -> None:
    assert (kind, value) in cells()


def test_a_pipe_tables_cells_are_the_source_lines_and_the_pollster_not_its_buyer() -> None:
    found = cells()
    assert found[("length", Decimal("5.7"))] == "Calde Rivers Office"
    assert found[("percentage", Decimal(31))] == "Vessel Opinion"


def test_a_release_head_with_pipes_is_no_table() -> None:
    text = (
        "PRESS RELEASE No. 12 | Calde Rivers Office\n"
        "Ref. CRO/12 | 3 May 2041 | For immediate release\n\n"
        "The office said 41 homes were flooded.\n"
    )
    (found,) = [c for c in extract(text) if c.kind == "count"]
    assert (found.value, found.claimant_name) == (Decimal(41), "Calde Rivers Office")


@pytest.mark.parametrize(
    "text",
    [
        "The parliament has demanded that any deal return at least 40 square kilometres of land.",
        "The council demanded that the tram run at least 2 km further.",
    ],
)
def test_one_measure_with_one_figure_is_no_plan(text: str) -> None:
    assert [c for c in extract(text) if c.kind == "proposal"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The opposition demanded that the subsidy cut be scrapped and called for a 300 million "
        "euro fund.",
        "The authority has proposed extending Line 4 to the airport. The extension would run "
        "for 9 km.",
    ],
)
def test_a_second_demand_or_terms_that_follow_make_a_plan(text: str) -> None:
    assert len([c for c in extract(text) if c.kind == "proposal"]) == 1
