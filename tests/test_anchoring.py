from __future__ import annotations

import pytest

from claims.anchoring import AnchorError, Span, anchor, context, find_all

TEXT = "Polls say 55% agree.\nPolls say 55% agree. Kyiv’s “plan”  has 20 points. Ünïcode café."


def test_a_unique_quote_is_anchored_to_its_offsets():
    span = anchor(TEXT, "20 points")

    assert TEXT[span.start : span.end] == "20 points"


def test_a_repeated_quote_is_ambiguous_and_names_every_candidate():
    with pytest.raises(AnchorError) as caught:
        anchor(TEXT, "Polls say 55% agree.")

    assert caught.value.candidates == [Span(0, 20), Span(21, 41)]
    assert "[0:20]" in str(caught.value)
    assert "[21:41]" in str(caught.value)


def test_prefix_or_suffix_chooses_between_repeated_quotes():
    assert anchor(TEXT, "Polls say 55% agree.", prefix="\n") == Span(21, 41)
    assert anchor(TEXT, "Polls say 55% agree.", suffix="\n") == Span(0, 20)


def test_a_missing_quote_is_an_error_without_candidates():
    with pytest.raises(AnchorError) as caught:
        anchor(TEXT, "60% agree")

    assert caught.value.candidates == []
    assert "does not occur" in str(caught.value)


def test_whitespace_and_typographic_variants_are_reported_not_silently_accepted():
    # The text has a curly apostrophe, curly quotes and a double space.
    with pytest.raises(AnchorError) as caught:
        anchor(TEXT, 'Kyiv\'s "plan" has 20 points')

    (candidate,) = caught.value.candidates
    assert TEXT[candidate.start : candidate.end] == "Kyiv’s “plan”  has 20 points"
    assert "exact characters" in str(caught.value)


def test_unicode_offsets_are_code_points_like_python_and_the_databases():
    span = anchor(TEXT, "Ünïcode café")

    assert TEXT[span.start : span.end] == "Ünïcode café"
    assert span.end == len(TEXT) - 1


def test_overlapping_occurrences_are_all_found():
    assert find_all("aaa", "aa") == [Span(0, 2), Span(1, 3)]


def test_an_empty_quote_is_refused():
    with pytest.raises(AnchorError):
        anchor(TEXT, "")


def test_context_gives_the_characters_around_a_span():
    prefix, suffix = context(TEXT, Span(42, 48), chars=4)

    assert (prefix, suffix) == (TEXT[38:42], TEXT[48:52])
