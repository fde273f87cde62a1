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
