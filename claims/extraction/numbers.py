"""Numbers as news prints them: digits ("5,000", "3.2") and words ("forty", "two dozen",
"half a billion", "three hundred and twenty").

``NUM`` is one regex alternative every pattern family embeds where a number may stand;
``value()`` turns what it matched into a Decimal. Scale words that the ledger keeps in the
unit ("million", "billion") are *not* part of a number: "two million people" is the number
"two" followed by the scale "million", exactly as "2 million people" is. "Dozen" and
"hundred" are part of the number ("two dozen" is 24).

Why not a library: text2num and number-parser were measured on the labelled texts (see
docs/extraction.md): both convert words to digits in a copy of the text, which loses the
offsets a citation needs, and both turn "one" in "one official said" into "1"; the words a
news report spells out are few enough to list here.
"""

from __future__ import annotations

import re
from decimal import Decimal

_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
WORD_VALUES = {**_ONES, **_TEENS, **_TENS}
SCALE_WORDS = ("thousand", "million", "billion", "trillion")

_ONES_RX = "|".join(_ONES)
_W99 = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_ONES_RX}))?|{'|'.join(_TEENS)}|{_ONES_RX})"
_W999 = rf"(?:{_W99}\s+hundred(?:\s+(?:and\s+)?{_W99}(?![-\w]))?|{_W99})"
_SCALE_AHEAD = r"(?=\s+(?:thousand|million|billion|trillion)\b)"
# Spelled-out numbers, case-insensitive, never glued to a word or a hyphenated compound
# ("two-thirds" is a fraction, read elsewhere). The lookahead holds the branches' first
# letters: every family tries this after its digits fail, at every number, and at a digit
# it now fails at once instead of trying each word.
WORDS = (
    r"(?i:(?<![\w-])(?=[aefhnost])(?:"
    rf"(?:half|a\s+quarter\s+of|three\s+quarters\s+of)\s+an?{_SCALE_AHEAD}"
    rf"|(?:half\s+)?an?\s+(?:dozen|hundred)"
    rf"|an?{_SCALE_AHEAD}"
    rf"|{_W999}(?:\s+and\s+a\s+half{_SCALE_AHEAD})?(?:\s+dozen)?"
    r")(?![\w]|-(?:thirds?|quarters?|halves|fifths?|tenths?)\b))"
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Either kind of number. Families wrap it in a named group and call ``value()``.
NUM = rf"(?:{DIGITS}|{WORDS})"

_TOKEN = re.compile(r"[a-z]+")


def is_words(raw: str) -> bool:
    return not raw[:1].isdigit()


def value(raw: str) -> Decimal:
    """The value of a number matched by ``NUM``: "5,000" -> 5000, "two dozen" -> 24."""
    if not is_words(raw):
        return Decimal(raw.replace(",", ""))
    words = _TOKEN.findall(raw.lower())
    if words[:1] == ["half"]:
        return _plain(Decimal("0.5") * _value_of(words[2:] or ["one"]))
    if words[:3] == ["a", "quarter", "of"]:
        return _plain(Decimal("0.25") * _value_of(words[4:] or ["one"]))
    if words[:3] == ["three", "quarters", "of"]:
        return _plain(Decimal("0.75") * _value_of(words[4:] or ["one"]))
    half = Decimal("0.5") if words[-3:] == ["and", "a", "half"] else Decimal(0)
    if half:
        words = words[:-3]
    return _value_of(words) + half


def _plain(number: Decimal) -> Decimal:
    """6 rather than 6.0 for "half a dozen": the value as a reader would write it."""
    return number.to_integral_value() if number == number.to_integral_value() else number


def _value_of(words: list[str]) -> Decimal:
    total = 0
    for word in words:
        if word in ("a", "an"):
            total = max(total, 1)
        elif word == "and":
            continue
        elif word == "hundred":
            total = max(total, 1) * 100
        elif word == "dozen":
            total = max(total, 1) * 12
        else:
            total += WORD_VALUES[word]
    return Decimal(total)
