"""A text cut once into lines, sentences and clauses, with the regions no claim comes from.

Each line is one of:
- **body**: prose, and *list items* — a line that starts with a bullet ("- ", "• ") or an
  enumerator ("1.", "2)"), or that follows a line ending with a colon ("Key figures:") or
  another list item. List items carry claims even without closing punctuation ("One in
  three adults has high blood pressure"); their markers are masked, so "1." is no count.
- **heading**: a short line without closing punctuation (titles, bylines, datelines); it
  restates or frames the body.
- **caption**: a photo caption or credit ("Photo: …", "(Photo: …)", "… Photo: S. Okafor").
- **furniture**: page furniture ("Read more: …", "Share this article", "Advertisement",
  "Source: …", "© 2026 …").
- **bio**: the paragraphs under an "About <name>" heading describe the writer.
Only body lines give claims. Phone numbers and numeric dates are masked too.

Sentences longer than ``MAX_SENTENCE`` characters (a pasted table, a text without full
stops) are cut at the last clause break before the limit, so every per-sentence step is
bounded and extraction stays linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from claims.extraction.numbers import WORD_VALUES
from claims.extraction.patterns import words

_NUMBER_WORDS = frozenset(WORD_VALUES) | {"half", "three"}

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = words(
    """mr mrs ms dr prof st no nos vs etc e.g i.e approx sq gov sen rep gen lt col capt sgt
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n inc ltd co corp jr sr p pp
    fig art sec para vol ch est c ca"""
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_HEADING_MAX_WORDS = 20
MAX_SENTENCE = 600
_BIO_HEADING = re.compile(r"About(?: the author|(?: [A-Z][\w.'’-]*){1,4})\s*$")
_LIST_MARKER = re.compile(r"(?:[-•*–·▪●◦]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(?=\S)")
# A wire dateline opening a story's first line: the place in capitals, a region and a date,
# an agency's credit in brackets, then a dash ("VELM, 3 October 2033 (Continental Wire) - ",
# "PORT ADRIEN (Coastal News Service) — "). Page furniture: masked like a list marker, so
# the sentence starts after it and no credit is read as a claimant.
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3}"
    r"(?:,\s+[A-Z][a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
    r"(?:,\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})(?:,?\s+\d{4})?)?"
    r"(?:\s+\([A-Z][^()\n]{1,60}\))?"
    r"\s+[-–—]\s+(?=\S)"
)
_CAPTION = re.compile(
    r"^\(?\s*(?:Photo(?:graph)?|Picture|Image|Illustration|Video|Graphic|Caption|Credit)s?"
    r"\s*(?::|/|\bby\b)"
    r"|\b(?:Photo(?:graph)?|Picture|Image|Credit)s?\s*:\s*\S"
)
_FURNITURE = re.compile(
    r"^(?:Read\s+more|Related|Recommended|Share(?:\s+this)?|Advertisement|Sponsored|Sign\s+up"
    r"|Subscribe|Follow\s+us|Listen\s+to|Watch\s*:|Comments?|Copyright|©|All\s+rights"
    r"|Most\s+(?:read|popular|viewed|shared)|Read\s+next|Trending|Page\s+\d+\s+of|Continued\s+on"
    r"|Sources?\s*:|Download|Click\s+here|Full\s+tables?\s*:|Media\s+enquiries|Contact\s*:"
    r"|Read\s+the\s+full|More\s+on\s+this\s+(?:story|topic|subject)|More\s+stories)\b"
    # A correction note is about the article: the figure it quotes is the wrong one.
    r"|^(?:Corrections?|Clarification|Editor['’]s\s+note)\s*:"
    r"|\bAll\s+rights\s+reserved\b",
    re.IGNORECASE,
)
# Three or more digit groups split by single spaces, dots or hyphens (optionally "+" and an
# area code in brackets): phone numbers and numeric dates such as 2025-03-14.
_DIGIT_GROUPS = re.compile(r"(?<![\w,.])\+?\(?\d{1,5}\)?(?:[ .-]\(?\d{1,5}\)?){2,}(?!\w)")
_MIN_PHONE_DIGITS = 7
# Where one clause ends and the next begins: punctuation (not a comma inside "5,000"), and
# a conjunction that opens a clause with its own verb ("… and plans to cut …").
_CLAUSE_BREAK = re.compile(
    r"[;:()—–]|,(?!\d{3})"
    r"|\b(?:and|but)\s+(?=that\b)"
    r"|\b(?:and|but|while|whereas|although|though|because)\s+(?=(?:(?:also|then|now|still)\s+)?"
    r"(?:will|would|could|can|may|might|must|should|has|have|had|is|are|was|were|plans?"
    r"|expects?|wants?|said|says|added|warned|[a-z]+ed)\b)"
)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class LineKind:
    """What a line of the text is; only body lines give claims."""

    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"
    FURNITURE = "furniture"
    BIO = "bio"


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading line) with its offsets and what kind of line it is in."""

    index: int
    start: int
    end: int
    paragraph: int
    kind: str = LineKind.BODY
    list_item: bool = False

    @property
    def heading(self) -> bool:
        return self.kind == LineKind.HEADING

    @property
    def bio(self) -> bool:
        return self.kind == LineKind.BIO

    @property
    def quiet(self) -> bool:
        return self.kind != LineKind.BODY


class Document:
    """The text, its sentences, clauses and masked regions, computed once per ``extract``."""

    def __init__(self, text: str) -> None:
        self.text = text
        # ASCII letters lowered, every offset kept (str.lower() can change the length).
        self.lowered = text.translate(_ASCII_LOWER)
        self.sentences: list[Sentence] = []
        self._masked: list[tuple[int, int]] = []
        self._split()
        self._starts = [s.start for s in self.sentences]
        self._masked = sorted(self._masked + self._mask_digit_groups())
        self._breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        self.number_starts = _number_starts(text)

    def _split(self) -> None:
        in_bio = False
        in_list = False
        in_links = False  # the numbered links under "More on this story"
        lines = list(_LINE.finditer(self.text))
        # A fact box is two or more "Label: figure" lines in a row; one alone is a title
        # ("Poll: 55% back the plan").
        facts = [_is_fact_line(self.text[slice(*_strip(self.text, *m.span()))]) for m in lines]
        # A table pasted with pipes: two or more "a | b | c" lines in a row, with a cell that
        # is a bare number below the first, are its rows ("PRESS RELEASE | Mission" over "Ref.
        # 44 | 17 May" is a release's head).
        pipes = _table_lines([self.text[slice(*m.span())] for m in lines])
        for paragraph, line in enumerate(lines):
            start, end = _strip(self.text, line.start(), line.end())
            if start >= end:
                continue
            body = self.text[start:end]
            marker = _LIST_MARKER.match(body)
            in_box = facts[paragraph] and (
                (paragraph > 0 and facts[paragraph - 1])
                or (paragraph + 1 < len(lines) and facts[paragraph + 1])
            )
            in_table = pipes[paragraph]
            list_item = bool(marker) or (in_list and _is_heading(body)) or in_box or in_table
            kind = _line_kind(body, list_item)
            if in_links and marker:
                kind = LineKind.FURNITURE
            else:
                in_links = kind == LineKind.FURNITURE and _is_heading(body)
            if kind == LineKind.HEADING:
                # A bio runs from its "About X" heading to the next heading.
                in_bio = bool(_BIO_HEADING.match(body))
            elif kind == LineKind.BODY and in_bio:
                kind = LineKind.BIO
            # A colon at the end of a line announces a list; a list runs while lines are items.
            in_list = body.endswith(":") or (list_item and kind == LineKind.BODY)
            if marker:
                self._masked.append((start, start + marker.end()))
                start += marker.end()
            elif kind == LineKind.BODY and (dateline := _DATELINE.match(body)):
                self._masked.append((start, start + dateline.end()))
                start += dateline.end()
            for s_start, s_end in _sentences(self.text, start, end):
                self.sentences.append(
                    Sentence(len(self.sentences), s_start, s_end, paragraph, kind, list_item)
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
        # Asked some ten times per figure: an ``if`` is cheaper than a call to ``max``.
        i = bisect_right(self._starts, pos) - 1
        return self.sentences[i if i > 0 else 0]

    def previous(self, sentence: Sentence) -> Sentence | None:
        """The sentence before, when it is in the same paragraph."""
        if sentence.index == 0:
            return None
        before = self.sentences[sentence.index - 1]
        return before if before.paragraph == sentence.paragraph else None

    def text_of(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between the clause breaks either side, in its sentence."""
        sentence = self.sentence_at(pos)
        i = bisect_right(self._breaks, pos)
        start = self._breaks[i - 1] if i > 0 else sentence.start
        j = bisect_left(self._breaks, pos + 1)
        end = self._breaks[j] if j < len(self._breaks) else sentence.end
        return max(start, sentence.start), min(end, sentence.end)

    def is_masked(self, start: int, end: int) -> bool:
        # Masked spans are sorted and disjoint: only the one starting before ``end`` can overlap.
        i = bisect_right(self._masked, (end,)) - 1
        return i >= 0 and self._masked[i][1] > start

    def quiet(self, pos: int) -> bool:
        """True where no claim may come from: headings, captions, furniture and bios."""
        return self.sentence_at(pos).quiet


_DIGIT_RUN = re.compile(r"\d[\d,.]*")
_WORD = re.compile(r"[A-Za-z]+")
_SCALE_OR_DOZEN = re.compile(
    r"\s+(?:dozen|hundred|thousand|million|billion|trillion|quarter)\b", re.I
)


def _number_starts(text: str) -> list[int]:
    """Where a number may start: each run of digits, and each spelled-out number word.

    The pattern families match only here (``Pattern.match`` at each start) instead of
    trying their alternations at every character of the text.
    """
    starts = [m.start() for m in _DIGIT_RUN.finditer(text)]
    for m in _WORD.finditer(text):
        word = m.group().lower()
        if word in _NUMBER_WORDS or (word in ("a", "an") and _SCALE_OR_DOZEN.match(text, m.end())):
            starts.append(m.start())
    return sorted(starts)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A fact box's line: "Firefighters deployed: 6,200", "Bananas: 14 tonnes".
# Not a ranking ("Top scorers: 1. Ade Okoro …"): an enumerator is no figure.
_FACT_LINE = re.compile(
    r"[A-Z][\w'’ -]{1,50}:\s+[\"“]?(?:[a-z]+\s+){0,2}(?:[$€£]|\d(?![\d,.]*[.)]\s))"
)


def _is_fact_line(line: str) -> bool:
    return bool(_FACT_LINE.match(line)) and _is_heading(line)


def _table_lines(lines: list[str]) -> list[bool]:
    out = [False] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and " | " in lines[j]:
            j += 1
        if j - i >= 2 and any(
            _NUMBER_CELL.fullmatch(cell) for line in lines[i + 1 : j] for cell in line.split("|")
        ):
            out[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return out


_NUMBER_CELL = re.compile(r"\s*[+\-−–]?\d[\d,.]*\s*%?\s*")


def _line_kind(line: str, list_item: bool) -> str:
    if _CAPTION.search(line):
        return LineKind.CAPTION
    if _FURNITURE.search(line):
        return LineKind.FURNITURE
    if not list_item and _is_heading(line):
        return LineKind.HEADING
    return LineKind.BODY


def _is_heading(line: str) -> bool:
    """A line without closing punctuation and short enough to be a title, byline or dateline."""
    if line.endswith(":") and _SENTENCE_INSIDE.search(line):
        return False  # "Fires burnt 21,300 hectares. The worst-hit towns were:" opens a list
    return line[-1] not in '.!?"”’)' and len(line.split()) <= _HEADING_MAX_WORDS


_SENTENCE_INSIDE = re.compile(r"[a-z\d][.!?]\s+[A-Z]")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.start() + 1
        word = re.search(r"([\w.]+)\.$", text[max(cursor, stop - 12) : stop])
        token = word.group(1).lower() if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        spans.extend(_bounded(text, *_strip(text, cursor, m.start() + len(m.group().rstrip()))))
        cursor = m.end()
    spans.extend(_bounded(text, *_strip(text, cursor, end)))
    return [(s, e) for s, e in spans if s < e]


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most ``MAX_SENTENCE`` characters at clause breaks."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(sep, start + 1, limit) for sep in ("; ", ", ", " "))
        cut = cut + 1 if cut > start else limit
        pieces.append(_strip(text, start, cut))
        start = _strip(text, cut, end)[0]
    pieces.append((start, end))
    return pieces
