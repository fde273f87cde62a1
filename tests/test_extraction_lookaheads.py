"""The extractor's hand-written first-letter lookaheads skip no branch of their pattern.

Several hot patterns open with ``(?=[…])``, the first letters of their branches, so the
engine can pass over other words without trying each branch (bench/EXTRACT_RESULTS.md). A
branch added later whose first letter is missing from the list would silently never match.
Each pattern here is compared with its twin without the lookahead on every labelled text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.extraction import attribution, numbers, patterns, proposals

TEXTS = sorted((Path(__file__).parent / "data").rglob("*.txt"))
GUARDED = {
    "proposals._TRIGGER": proposals._TRIGGER,
    "proposals._CONTENT": proposals._CONTENT,
    "proposals._DEMAND": proposals._DEMAND,
    "attribution._STARTING_POINT": attribution._STARTING_POINT,
    "attribution._ASKED_BEFORE": attribution._ASKED_BEFORE,
    "attribution._CUE": attribution._CUE,
    "attribution._PERSON_MENTION": attribution._PERSON_MENTION,
    "attribution._POSSESSIVE_SOURCE": attribution._POSSESSIVE_SOURCE,
    "attribution._RELATIVE_PRONOUN_BEFORE": attribution._RELATIVE_PRONOUN_BEFORE,
    "patterns.FRACTION": patterns.FRACTION,
    "patterns.MULTIPLE_WORD": patterns.MULTIPLE_WORD,
    "numbers.NUM": re.compile(numbers.NUM),
    "patterns.AREA_UNIT": re.compile(patterns.AREA_UNIT, patterns.IGNORE),
    "patterns.MEASURE_UNIT": re.compile(patterns.MEASURE_UNIT),
}


def without_first_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with its first ``(?=…)`` group removed (brackets balanced by hand)."""
    source = pattern.pattern
    start = source.index("(?=")
    depth, i, in_class = 0, start, False
    while True:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return re.compile(source[:start] + source[i + 1 :], pattern.flags)


def test_the_labelled_texts_are_there() -> None:
    assert len(TEXTS) > 100


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_first_letter_lookahead_changes_no_match(name: str) -> None:
    guarded = GUARDED[name]
    bare = without_first_lookahead(guarded)
    assert bare.pattern != guarded.pattern
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        found = [m.span() for m in guarded.finditer(text)]
        expected = [m.span() for m in bare.finditer(text)]
        assert found == expected, f"{name} on {path.name}"


def test_the_guard_catches_a_missing_letter() -> None:
    # A lookahead that leaves out "a" loses "accord": the comparison above would fail.
    guarded = re.compile(r"\b(?=[p])(?:plan|accord)\b")
    bare = without_first_lookahead(guarded)
    text = "the accord and the plan"
    assert [m.group() for m in guarded.finditer(text)] != [m.group() for m in bare.finditer(text)]
