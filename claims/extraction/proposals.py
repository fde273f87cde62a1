"""Sentences that state a proposal: a plan, draft, set of conditions or demands.

A sentence states a proposal when it
- names one (plan, draft, proposal, conditions, demands, stipulation, provisions, "proposed
  guarantees") *and* says something about it: its content ("includes", "would", "calls for",
  "demands for"), its size ("20-point") or its fate ("conveyed", "accept", "amend"); or
- has someone propose or demand something ("has proposed a buffer zone", "demanded the
  return of"); or
- continues the previous sentence's proposal with "would" among its first words ("In
  exchange, Ukraine would renounce …").
A passing mention ("the full cost of the plan") is not a proposal claim.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from claims.extraction.document import Document, Sentence
from claims.extraction.patterns import words

IGNORE = re.IGNORECASE

_TRIGGER = re.compile(
    r"\b(?:plans?|drafts?|proposals?|conditions|demands|stipulations?|provisions|roadmap"
    r"|blueprint|peace\s+deal|(?<=proposed\s)\w+)\b",
    IGNORE,
)
_VERBAL = re.compile(
    r"(?<!\bthe )(?<!\ba )(?<!\bits )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bthese )"
    r"(?<!\bthose )(?<!['’]s )"
    r"\b(?:propos(?:es|ed)|demand(?:s|ed)|call(?:s|ed)\s+for)\s+"
    r"(?:that|to|a|an|the|its|their|his|her|\d|[a-z]+ing\b)",
    IGNORE,
)
_CONTENT = re.compile(
    # "X for" first: at the trigger itself, "demands for control" states the content.
    r"\b(?:(?:conditions|demands|provisions|plan|proposal)\s+for|includ\w*|involv\w*|contain\w*|address(?:es|ed)?|provid\w*\s+for|call(?:s|ed)?\s+for"
    r"|would|must|envisag\w*|envision\w*|outlin\w*|propos\w*|demand\w*|agree\w*|develop\w*"
    r"|present\w*|unveil\w*|fund(?:s|ed|ing)?|allocat\w*|set(?:s)?\s+(?:out|aside)|mirror\w*"
    r"|requir\w*|convey\w*|designed\s+to|moved\s+closer|accept\w*|reject\w*|amend\w*|sign(?:s|ed)"
    r"|approv\w*|submit\w*|tabled|\d+-point)\b",
    IGNORE,
)
_DEMAND = re.compile(
    r"\b(?:demand\w*|conditions|stipulat\w*|must|insist\w*\s+on|call(?:s|ed)?\s+for|ultimatum)\b",
    IGNORE,
)
_WOULD_EARLY = re.compile(r"^(?:\S+\s+){0,7}?would\b", IGNORE)
_PROVISION_START = re.compile(
    r"\b(?:includ(?:e|es|ing)|involv(?:e|es|ing)|provisions\s+for|call(?:s|ed)?\s+for"
    r"|demand(?:s|ed)|propos(?:es|ed)|would)\s+",
    IGNORE,
)
_DETERMINER = words("a an the this that these those its his her their our")
_NP_STOP = words(
    """of in on for to by with which that who and has have had is was are were be been would
    will it they he she we this these"""
)


@dataclass(frozen=True)
class ProposalSentence:
    """A sentence stating a proposal, with what the proposal is called and what it holds."""

    sentence: Sentence
    name: str
    modality: str
    provisions: tuple[str, ...]


def find_proposals(doc: Document) -> list[ProposalSentence]:
    text = doc.text
    triggers: dict[int, list[re.Match[str]]] = defaultdict(list)
    verbal: dict[int, list[re.Match[str]]] = defaultdict(list)
    content: dict[int, list[re.Match[str]]] = defaultdict(list)
    for m in _TRIGGER.finditer(text):
        triggers[doc.sentence_at(m.start()).index].append(m)
    for m in _VERBAL.finditer(text):
        verbal[doc.sentence_at(m.start()).index].append(m)
    for m in _CONTENT.finditer(text):
        content[doc.sentence_at(m.start()).index].append(m)

    found: list[ProposalSentence] = []
    previous_was_proposal = False
    for sentence in doc.sentences:
        if sentence.heading or sentence.bio:
            previous_was_proposal = False
            continue
        body = doc.text_of(sentence)
        name = ""
        if verbal[sentence.index]:
            name = _object_after(text, verbal[sentence.index][0].end())
        else:
            for trigger in triggers[sentence.index]:
                trigger_start = trigger.start() - (
                    len("proposed ") if _is_adjectival(text, trigger) else 0
                )
                if any(_says_something(c, trigger_start, trigger) for c in content[sentence.index]):
                    name = _noun_phrase_before(text, sentence.start, trigger)
                    break
        continues = (
            not name
            and previous_was_proposal
            and doc.previous(sentence) is not None
            and bool(_WOULD_EARLY.match(body))
        )
        if not name and not continues:
            previous_was_proposal = False
            continue
        if continues:
            name = found[-1].name
        modality = "demanded" if _DEMAND.search(body) else "proposed"
        found.append(ProposalSentence(sentence, name, modality, _provisions(body)))
        previous_was_proposal = True
    return found


def _says_something(cue: re.Match[str], trigger_start: int, trigger: re.Match[str]) -> bool:
    """A content cue other than the trigger itself; "demands for X" names its content."""
    outside = cue.start() < trigger_start or cue.start() >= trigger.end()
    return outside or cue.group().lower().endswith(" for")


def _is_adjectival(text: str, trigger: re.Match[str]) -> bool:
    return text[max(0, trigger.start() - 9) : trigger.start()].lower() == "proposed "


def _noun_phrase_before(text: str, floor: int, trigger: re.Match[str]) -> str:
    """ "a jointly agreed 20-point peace plan" -> "jointly agreed 20-point peace plan"."""
    words = text[max(floor, trigger.start() - 60) : trigger.start()].split()
    taken: list[str] = []
    for word in reversed(words):
        low = word.lower()
        content = word.isalpha() and _CONTENT.match(word)
        if low in _DETERMINER or low in _NP_STOP or word[-1] in ",;:" or content:
            break
        taken.append(word)
        if len(taken) == 4:
            break
    phrase = " ".join([*reversed(taken), trigger.group()])
    if trigger.group().lower() == "draft":
        # "a draft budget", "a draft law": the draft is of something.
        following = re.match(r"\s+([a-z]+)\b", text[trigger.end() :])
        if (
            following
            and following.group(1) not in _NP_STOP
            and not _CONTENT.match(following.group(1))
        ):
            phrase += " " + following.group(1)
    tail = re.match(r"\s+for\s+([\w-]+(?:\s+[\w-]+){0,3})", text[trigger.end() :])
    if tail:
        phrase += " for " + " ".join(w for w in tail.group(1).split() if w.lower() not in _NP_STOP)
    return phrase


def _object_after(text: str, pos: int) -> str:
    """What was proposed or demanded: "a 500-hectare buffer zone along the river"."""
    # The verbal pattern ends after the object's first word; step back over it.
    start = text.rfind(" ", 0, pos - 1) + 1
    words = re.match(r"(?:[^.;:,]|(?<=\d)[.,](?=\d)){1,80}", text[start:])
    tokens = (words.group() if words else "").split()[:7]
    while tokens and tokens[0].lower() in _DETERMINER:
        tokens = tokens[1:]
    return " ".join(tokens)


def _provisions(body: str) -> tuple[str, ...]:
    """What the proposal holds, split at "and"/"; ": the text after "includes", "would"…."""
    m = _PROVISION_START.search(body)
    if not m:
        return ()
    rest = body[m.end() :].rstrip(".")
    parts = re.split(r",\s+and\s+|;\s+|,\s+(?=an?\s)", rest)
    return tuple(p.strip() for p in parts if p.strip())
