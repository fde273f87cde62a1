"""A deterministic, offline extractor of candidate claims from news text.

    from claims.extraction import ActorRef, extract
    for c in extract(source.text, [ActorRef.from_actor(a) for a in Actor.objects.all()]):
        c.kind, c.value, c.unit, c.quote, c.start, c.end, c.claimant_id, c.modality

What it proposes (each a ``Candidate`` for a curator to accept, never a published claim):
- percentages: "55%", "55 percent", "55 per cent"; words: "two-thirds" (66.67), "a third"
  (33.33), "half", "three quarters", "one in three", when stated *of* a group or as the subject
  of a verb ("a third said"). "A majority of X" is value 50 with lower bound 50 (read: more
  than half; the bound is exclusive, which a Decimal cannot say) and approximate; when a
  precise share follows in brackets ("A majority of Russians (55%)") the two are one claim
  with value 55 spanning the whole phrase;
- areas and rates: km², sq km, square kilometres, sq mi, hectares, acres, m², "per month",
  "a year", "annually"; "500-hectare" too;
- money: "$800 billion" (800 "billion USD"), "$200bn", "€5 million", "USD 3.2 billion";
- counts: digits and what they count ("800,000 troops", "1,398 days", "a 20-point plan");
- proposals: sentences stating a plan, draft, conditions or demands (see ``proposals``).
Bounds: "about/around/roughly/approximately" -> approximate; "nearly/almost/up to/less than"
-> upper bound; "more than/over/at least" -> lower bound; "between X and Y", "X-Y" -> both,
value the midpoint.

What it never proposes, by rule:
- a bare 1900-2100 without a thousands separator or unit (a year: "in 2026", "FY2027");
- digits glued to letters, times, dates or codes ("18B", "14:30", "3/4", "Su-35"), ordinals
  ("5th"; "first" is not a number), numbers after a reference word ("Article 5", "Section 4",
  "page 12", "day 1,398") or a month ("12 March");
- phone numbers and numeric dates (three or more digit groups; a leading "+");
- durations that are the period of something else ("over 20 years", "within 90 days"),
  ages ("aged 45", "5 years old") and "N years of experience";
- anything in headings, bylines, datelines (lines without closing punctuation) and in
  author bios (the paragraphs under an "About <name>" heading);
- margins of error ("±3 percentage points") and percentage *points*; shares above 100%;
- spelled-out small numbers ("three villages") — a known gap, see the README of the tests.

Claimant and modality come from ``attribution``: the strongest hedge in the number's clause
(else sentence) wins, in the order demanded > proposed > estimated > reported > projected;
no cue means asserted. A proposal's modality is demanded or proposed.
"""

from __future__ import annotations

from claims.extraction.extractor import METHOD, VERSION, extract
from claims.extraction.types import ActorRef, Candidate

__all__ = ["METHOD", "VERSION", "ActorRef", "Candidate", "extract"]
