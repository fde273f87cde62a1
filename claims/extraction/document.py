"""A text cut once into paragraphs and sentences, with the regions no claim comes from.

Headings, bylines and datelines (lines without sentence punctuation) restate or frame the
body; author bios describe the writer, not the story; phone numbers and numeric dates are
digits that are not quantities. All of these are found here once, so every pattern family
can ask "may a claim start here?" in O(log n).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claims.extraction.patterns import words

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = words(
    """mr mrs ms dr prof st no nos vs etc e.g i.e approx sq gov sen rep gen lt col capt sgt
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n inc ltd co corp jr sr p pp
    fig art sec para vol ch est c ca"""
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_HEADING_MAX_WORDS = 20
_BIO_HEADING = re.compile(r"About(?: the author|(?: [A-Z][\w.'’-]*){1,4})\s*$")
# Three or more digit groups split by single spaces, dots or hyphens (optionally "+" and an
# area code in brackets): phone numbers and numeric dates such as 2025-03-14.
_DIGIT_GROUPS = re.compile(r"(?<![\w,.])\+?\(?\d{1,5}\)?(?:[ .-]\(?\d{1,5}\)?){2,}(?!\w)")
_MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading line) with its offsets and what kind of line it is in."""

    index: int
    start: int
    end: int
    paragraph: int
    heading: bool
    bio: bool


class Document:
    """The text, its sentences and its masked regions, computed once per ``extract`` call."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences: list[Sentence] = []
        self._split()
        self._starts = [s.start for s in self.sentences]
        self._masked = self._mask_digit_groups()

    def _split(self) -> None:
        in_bio = False
        for paragraph, line in enumerate(_LINE.finditer(self.text)):
            start, end = _strip(self.text, line.start(), line.end())
            if start >= end:
                continue
            body = self.text[start:end]
            heading = _is_heading(body)
            if heading:
                # A bio runs from its "About X" heading to the next heading.
                in_bio = bool(_BIO_HEADING.match(body))
            for s_start, s_end in _sentences(self.text, start, end):
                self.sentences.append(
                    Sentence(len(self.sentences), s_start, s_end, paragraph, heading, in_bio)
                )

    def _mask_digit_groups(self) -> list[tuple[int, int]]:
        spans = []
        for m in _DIGIT_GROUPS.finditer(self.text):
            if m.group().startswith("+") or sum(c.isdigit() for c in m.group()) >= (
                _MIN_PHONE_DIGITS
            ):
                spans.append((m.start(), m.end()))
        return spans

    def sentence_at(self, pos: int) -> Sentence:
        return self.sentences[max(0, bisect_right(self._starts, pos) - 1)]

    def previous(self, sentence: Sentence) -> Sentence | None:
        """The sentence before, when it is in the same paragraph."""
        if sentence.index == 0:
            return None
        before = self.sentences[sentence.index - 1]
        return before if before.paragraph == sentence.paragraph else None

    def text_of(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def is_masked(self, start: int, end: int) -> bool:
        # Masked spans are sorted and disjoint: only the one starting before ``end`` can overlap.
        i = bisect_right(self._masked, (end,)) - 1
        return i >= 0 and self._masked[i][1] > start

    def quiet(self, pos: int) -> bool:
        """True where no claim may come from: headings, bylines and author bios."""
        sentence = self.sentence_at(pos)
        return sentence.heading or sentence.bio


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(line: str) -> bool:
    """A line without closing punctuation and short enough to be a title, byline or dateline."""
    return line[-1] not in '.!?"”’)' and len(line.split()) <= _HEADING_MAX_WORDS


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.start() + 1
        word = re.search(r"([\w.]+)\.$", text[max(cursor, stop - 12) : stop])
        token = word.group(1).lower() if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        spans.append(_strip(text, cursor, m.start() + len(m.group().rstrip())))
        cursor = m.end()
    spans.append(_strip(text, cursor, end))
    return [(s, e) for s, e in spans if s < e]
