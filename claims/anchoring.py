"""Quote anchoring: find where a quote sits in a source's text.

A citation's quote must equal ``source.text[start:end]`` exactly. Curators often paste only
the quote; this module finds its offsets, and when the quote occurs more than once, or only
after whitespace or typographic differences, it says so with the candidate offsets instead
of guessing. ``prefix``/``suffix`` (as in W3C Web Annotation's TextQuoteSelector) choose
between repeated occurrences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

CONTEXT_CHARS = 32
MAX_SHOWN = 10  # candidates named in an error message

# Typographic variants a pasted quote often differs by.
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class AnchorError(ValueError):
    """A quote that cannot be anchored to exactly one place in the text."""

    message: str
    candidates: list[Span] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.candidates:
            return self.message
        shown = self.candidates[:MAX_SHOWN]
        spans = ", ".join(f"[{c.start}:{c.end}]" for c in shown)
        more = len(self.candidates) - len(shown)
        tail = f" and {more} more" if more else ""
        return f"{self.message} Candidates (start:end): {spans}{tail}."


def find_all(text: str, quote: str) -> list[Span]:
    """Every exact occurrence of ``quote`` in ``text`` (overlapping ones included)."""
    spans = []
    pos = text.find(quote)
    while pos != -1:
        spans.append(Span(pos, pos + len(quote)))
        pos = text.find(quote, pos + 1)
    return spans


def _loose_pattern(quote: str) -> re.Pattern[str]:
    """A pattern matching ``quote`` up to whitespace runs and typographic variants."""
    folded = unicodedata.normalize("NFC", quote).translate(_TRANSLATE)
    pieces = []
    for token in folded.split():
        escaped = "".join(
            "['\u2018\u2019]"
            if ch == "'"
            else '["\u201c\u201d]'
            if ch == '"'
            else "[-\u2013\u2014]"
            if ch == "-"
            else re.escape(ch)
            for ch in token
        )
        pieces.append(escaped)
    return re.compile(r"\s+".join(pieces))


def find_loose(text: str, quote: str) -> list[Span]:
    """Occurrences that differ from ``quote`` only by whitespace or typographic variants."""
    if not quote.strip():
        return []
    return [Span(m.start(), m.end()) for m in _loose_pattern(quote).finditer(text)]


def anchor(text: str, quote: str, prefix: str = "", suffix: str = "") -> Span:
    """Offsets of ``quote`` in ``text``; raise AnchorError when absent or ambiguous.

    ``prefix``/``suffix`` narrow repeated occurrences to the one they surround.
    """
    if not quote:
        raise AnchorError("The quote is empty.")
    spans = find_all(text, quote)
    if len(spans) > 1 and (prefix or suffix):
        spans = [
            s
            for s in spans
            if text[: s.start].endswith(prefix) and text[s.end :].startswith(suffix)
        ]
    if len(spans) == 1:
        return spans[0]
    if len(spans) > 1:
        raise AnchorError(
            f"The quote occurs {len(spans)} times in the source; give start/end or a "
            "prefix/suffix to choose one.",
            spans,
        )
    loose = find_loose(text, quote)
    if loose:
        raise AnchorError(
            "The quote does not occur exactly in the source, but the text has it with "
            "different whitespace or punctuation; quote the source's exact characters.",
            loose,
        )
    raise AnchorError("The quote does not occur in the source text.")


def context(text: str, span: Span, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The prefix and suffix around ``span``, for re-anchoring and display."""
    return text[max(0, span.start - chars) : span.start], text[span.end : span.end + chars]
