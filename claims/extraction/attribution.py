"""Who says it (claimant) and how hedged it is (modality), guessed from the sentence.

Attribution patterns, in order of trust: "according to X", "conducted by X" / "a poll by X",
then "X said/estimates/demanded…" with X the noun phrase right before the verb. A sentence
without its own attribution inherits the previous sentence's claimant when it continues it
(it starts with "It", "The poll", … or talks about a poll). A bare "the institute" is
resolved to the last claimant whose name contains "institute" (a minimal coreference).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from claims.extraction.document import Document, Sentence
from claims.extraction.patterns import MONTHS, WEEKDAYS, words
from claims.extraction.types import ActorRef

IGNORE = re.IGNORECASE

_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<x>[^,.;:()\"“”]{1,120})", IGNORE)
_BY = re.compile(
    r"\b(?:(?:conducted|commissioned|published|released|carried\s+out|compiled|issued)"
    r"(?:\s+on\s+\w+)?|polls?|surveys?|study|studies|report|analysis|analyses|estimates?"
    r"|figures|data|census)\s+by\s+(?P<x>[^,.;:()\"“”]{1,80})",
    IGNORE,
)
_VERBS = (
    r"said|says|say|told|tells|reported|estimated|estimates|estimate|suggested|suggests"
    r"|suggest|demanded|demands|demand|outlined|outlines|claimed|claims|claim|stated|states"
    r"|announced|announces|warned|warns|argued|argues|insisted|insists|believes|believe"
    r"|expects|expect|expected|indicated|indicates|found|finds|showed|shows|presented"
    r"|presents|unveiled|unveils|proposed|proposes|disputes|disputed|denied|denies|maintains"
    r"|maintained|noted|notes|wrote|writes|added|adds|predicted|predicts|forecasts|projects"
    r"|voiced|called\s+for|calls\s+for|concluded|concludes|acknowledged|confirmed|confirms"
    r"|calculated|calculates"
)
_VERB = re.compile(rf"\b(?P<v>{_VERBS})\b")
_SAID_AFTER = re.compile(
    r"(?:,|[\"”’])\s*(?:said|says|told)\s+(?P<x>(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)"
)
# Adverbs, auxiliaries and time phrases between a claimant and its verb.
_BEFORE_VERB_NOISE = re.compile(
    r"(?:\s+(?:has|have|had|also|reportedly|previously|further|now|repeatedly|publicly|recently"
    rf"|still|again|yesterday|today|on\s+(?:{'|'.join(sorted(WEEKDAYS))})|last\s+\w+|this\s+week))+\s*$",
)
# Unnamed claimants a report attributes to ("analysts", "the ministry").
GROUP_NOUNS = words(
    """analysts experts officials observers economists diplomats critics researchers sources
    pollsters polling analyses parties group ministry company firm institute government
    council community union alliance agency committee bank fund team court lawyers
    spokesperson spokesman spokeswoman kremlin administration authorities military army
    opposition commission office department"""
)
# Nouns that hedge without naming anyone: "Reports suggest", "according to estimates".
_HEDGE_NOUNS = words("reports report estimates estimate figures data polls poll")
_TITLES = words(
    """president prime minister mayor chancellor secretary senator governor prof. prof dr. dr
    mr mr. mrs mrs. ms ms. general gen. chair chief spokesperson spokesman spokeswoman envoy
    finance foreign defence defense deputy vice ambassador king queen premier lawyer director
    ceo chairman chairwoman commissioner economy interior justice health state
    """
)
_CONNECTORS = words("of for and de al von van")
# Capitalised at the start of a sentence without being a name.
_FUNCTION_WORDS = words(
    """these this those that it its they their he she we i you however but and also then
    meanwhile furthermore moreover still yet while although when if only some many most
    such other both all each"""
)
_DETERMINERS = words("the a an some many most several other its their his her our")
_CALENDAR = MONTHS | WEEKDAYS
_POLL_WORDS = re.compile(r"\b(?:polls?|polling|surveys?|respondents|census|study)\b", IGNORE)
_CONTINUES = re.compile(
    r"(?:It|They|He|She|This|These|Its|Their|The\s+(?:poll|survey|study|report|same\s+poll"
    r"|figures|data|analysis|group|institute))\b"
)
# Where the name in "by the Civic Pulse Institute was released" or "officials in Kyiv" ends.
_AFTER_NAME = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|will|would|said|says|found|finds|show\w*|on|in|at"
    r"|for|to|from|last|this|over|during|between)\b"
)
_POSSESSIVE = re.compile(r"['’]s\s*$")
_NOUN_LIKE_VERBS = words("demands demand reports estimates estimate claims claim")

# Modality cues; when several apply the first category listed wins.
_CUES: tuple[tuple[str, str], ...] = (
    (
        "demanded",
        r"\bdemand(?:s|ed|ing)?\b|\bconditions?\b|\bstipulat\w*|\bmust\b|\binsist(?:s|ed)?\s+on\b"
        r"|\bcall(?:s|ed)?\s+for\b|\bultimatum\b",
    ),
    ("proposed", r"\bpropos(?:e|es|ed|ing)\b|\bsuggest(?:s|ed)?\b(?!\s+that)|\boffer(?:s|ed)\b"),
    ("proposal_noun", r"\bplans?\b|\bdrafts?\b|\bproposals?\b"),
    ("estimated", r"\bestimat\w*"),
    (
        "reported",
        r"\breportedly\b|\baccording\s+to\b|\breports?\s+suggest\w*|\bsuggest(?:s|ed)?\s+that\b"
        r"|\bis\s+said\s+to\b|\breported\b|\balleged(?:ly)?\b",
    ),
    (
        "projected",
        r"\bexpect(?:s|ed|ing)?\b|\b(?:un)?likely\b|\bproject(?:s|ed|ions?)\b|\bforecast\w*"
        r"|\bcould\b|\bwill\b|\bpredict\w*|\bmight\b|(?-i:\bmay\b)",
    ),
)
_CUE = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _CUES), IGNORE)
_PRECEDENCE = [name for name, _ in _CUES]
_CLAUSE_BREAK = re.compile(r"[,;:()—–]")


@dataclass(frozen=True)
class Attribution:
    """A claimant phrase found in a sentence, with where its pattern sits."""

    pos: int
    name: str
    strength: int  # 2: according to / by; 1: subject of a reporting verb
    phrase: str = ""  # the name with its description ("monitoring group Forest Watch Asia")


class Attributor:
    """Claimant and modality lookups for one document; patterns run once over the text."""

    def __init__(self, doc: Document, actors: Iterable[ActorRef] = ()) -> None:
        self.doc = doc
        self._actors = _ActorIndex(actors)
        self._by_sentence: dict[int, list[Attribution]] = defaultdict(list)
        self._cues: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._resolved: dict[int, str] = {}
        self._find_attributions()
        for m in _CUE.finditer(doc.text):
            kind = m.lastgroup or ""
            self._cues[doc.sentence_at(m.start()).index].append((m.start(), kind))
        self._resolve_all()

    # --- claimants ---------------------------------------------------------------------
    def _find_attributions(self) -> None:
        text = self.doc.text
        for rx in (_ACCORDING, _BY):
            for m in rx.finditer(text):
                name, phrase = _name_from_phrase(m.group("x"))
                if name:
                    self._add(m.start(), name, 2, phrase)
        for m in _VERB.finditer(text):
            sentence = self.doc.sentence_at(m.start())
            window = text[max(sentence.start, m.start() - 100) : m.start()]
            if m.group("v") in _NOUN_LIKE_VERBS and _POSSESSIVE.search(window):
                continue  # "Russia's demands": a noun, not a verb
            name = _name_before(window)
            if name:
                self._add(m.start(), name, 1)
        for m in _SAID_AFTER.finditer(text):
            name = _strip_titles(m.group("x"))
            if name:
                self._add(m.start(), name, 1)

    def _add(self, pos: int, name: str, strength: int, phrase: str = "") -> None:
        sentence = self.doc.sentence_at(pos)
        if not sentence.heading:
            attribution = Attribution(pos, name, strength, phrase or name)
            self._by_sentence[sentence.index].append(attribution)

    def _resolve_all(self) -> None:
        """Resolve "the institute" to the named claimant it refers back to, in text order."""
        named: list[Attribution] = []
        for index in sorted(self._by_sentence):
            attributions = []
            for a in sorted(self._by_sentence[index], key=lambda a: (a.pos, -a.strength)):
                resolved = _corefer(a, named)
                attributions.append(resolved)
                if resolved.name[:1].isupper() or " " in resolved.name:
                    named.append(resolved)
            self._by_sentence[index] = attributions

    def own_claimant(self, sentence: Sentence, pos: int | None = None) -> str:
        """The sentence's own claimant nearest before ``pos`` (else the nearest after)."""
        found = self._by_sentence.get(sentence.index, [])
        if not found:
            return ""
        if pos is None:
            return max(found, key=lambda a: (a.strength, -a.pos)).name
        before = [a for a in found if a.pos <= pos]
        if before:
            return max(before, key=lambda a: (a.pos, a.strength)).name
        return min(found, key=lambda a: a.pos).name

    def claimant(self, sentence: Sentence, pos: int | None = None) -> str:
        own = self.own_claimant(sentence, pos)
        if own:
            return own
        previous = self.doc.previous(sentence)
        if previous is None:
            return ""
        inherited = self.own_claimant(previous)
        if not inherited:
            return ""
        here = self.doc.text_of(sentence)
        if _CONTINUES.match(here) or _POLL_WORDS.search(here + self.doc.text_of(previous)):
            return inherited
        return ""

    def actor_id(self, claimant: str) -> Hashable | None:
        return self._actors.match(claimant)

    # --- modality ----------------------------------------------------------------------
    def modality(
        self,
        sentence: Sentence,
        pos: int,
        *,
        in_proposal: bool,
        point_count: bool = False,
        opinion_after: int | None = None,
    ) -> str:
        """The strongest hedge in the clause around ``pos``, else in the sentence.

        Proposal nouns ("plan", "draft") make a number *proposed* only in a sentence that
        states a proposal, and not when the number is the plan's own size ("20-point");
        an unhedged number in such a sentence is proposed too. For a share of people,
        "expect"/"likely" after it (``opinion_after``) is what they think ("55% expect the
        war to end"), not a hedge on the share.
        """
        cues = self._cues.get(sentence.index, [])
        if opinion_after is not None:
            cues = [c for c in cues if not (c[1] == "projected" and c[0] >= opinion_after)]
        if not in_proposal or point_count:
            cues = [c for c in cues if c[1] != "proposal_noun"]
        start, end = self._clause(sentence, pos)
        for scope in ([c for c in cues if start <= c[0] < end], cues):
            if scope:
                best = min(_PRECEDENCE.index(kind) for _, kind in scope)
                name = _PRECEDENCE[best]
                return "proposed" if name == "proposal_noun" else name
        # Unhedged, a number in a sentence that states a proposal is part of what is proposed.
        return "proposed" if in_proposal and not point_count else "asserted"

    def cues(self, sentence: Sentence) -> set[str]:
        return {kind for _, kind in self._cues.get(sentence.index, [])}

    def _clause(self, sentence: Sentence, pos: int) -> tuple[int, int]:
        breaks = [
            sentence.start + m.start()
            for m in _CLAUSE_BREAK.finditer(self.doc.text_of(sentence))
            if self.doc.text[sentence.start + m.start()] != "," or not _in_number(self.doc, m)
        ]
        i = bisect_left(breaks, pos)
        start = breaks[i - 1] if i > 0 else sentence.start
        end = breaks[i] if i < len(breaks) else sentence.end
        return start, end


def _in_number(doc: Document, m: re.Match[str]) -> bool:
    """A comma between digits ("5,000") does not break a clause."""
    text = m.string
    return (
        0 < m.start() < len(text) - 1
        and text[m.start() - 1].isdigit()
        and (text[m.start() + 1].isdigit())
    )


class _ActorIndex:
    """Case-insensitive, word-bounded lookup of actor names and aliases in a claimant."""

    def __init__(self, actors: Iterable[ActorRef]) -> None:
        pairs = sorted(
            ((name, actor.id) for actor in actors for name in actor.names if name.strip()),
            key=lambda pair: (-len(pair[0]), pair[0]),
        )
        self._ids = {name.lower(): actor_id for name, actor_id in pairs}
        self._rx = (
            re.compile(r"\b(?:" + "|".join(re.escape(n) for n, _ in pairs) + r")\b", IGNORE)
            if pairs
            else None
        )

    def match(self, claimant: str) -> Hashable | None:
        if not claimant or self._rx is None:
            return None
        # Longest names first in the alternation, so "White House" beats "House".
        m = self._rx.search(claimant)
        return self._ids.get(m.group().lower()) if m else None


def _tokens(phrase: str) -> list[str]:
    return phrase.split()


def _name_from_phrase(phrase: str) -> tuple[str, str]:
    """ "a survey released on Tuesday by the Civic Pulse Institute" -> "Civic Pulse Institute".

    Returns the name and the phrase it came from (kept for coreference).
    """
    phrase = re.split(r"\s+(?:that|which|who)\s+", phrase)[0]
    if " by " in phrase:
        phrase = phrase.rsplit(" by ", 1)[1]
    phrase = _AFTER_NAME.split(phrase, maxsplit=1)[0]
    tokens = _tokens(phrase)
    while tokens and tokens[0].lower() in _DETERMINERS:
        tokens = tokens[1:]
    if not tokens:
        return "", ""
    described = " ".join(tokens)
    proper = _trailing_proper(tokens)
    if proper:
        return proper, described
    if tokens[0].lower() in _HEDGE_NOUNS or tokens[-1].lower() in _HEDGE_NOUNS:
        return "", ""
    if len(tokens) <= 3 and tokens[-1].lower() in GROUP_NOUNS:
        return described, described
    return "", ""


def _trailing_proper(tokens: list[str]) -> str:
    """The capitalised name at the end of a token list ("state-run VTsIOM" -> "VTsIOM")."""
    taken: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",")
        if token.endswith(",") and taken:
            break
        if bare.lower() in _FUNCTION_WORDS:
            break
        if (bare[:1].isupper() and bare not in _CALENDAR) or (
            bare.lower() in _CONNECTORS and taken
        ):
            taken.append(bare)
        else:
            break
    while taken and (taken[-1].lower() in _CONNECTORS or taken[-1].lower() in _DETERMINERS):
        taken.pop()
    name = " ".join(reversed(taken))
    if name.lower() in _HEDGE_NOUNS:
        return ""
    return _strip_titles(name)


def _name_before(window: str) -> str:
    """The claimant phrase ending right before a reporting verb, or ""."""
    window = _BEFORE_VERB_NOISE.sub("", window.rstrip()).rstrip().rstrip(",").rstrip()
    if not window or window.endswith(("'s", "’s")):
        return ""
    tokens = _tokens(window)
    if tokens and tokens[-1][-1] in '.;:"”)':
        return ""
    proper = _trailing_proper(tokens)
    if proper:
        return proper
    last = tokens[-1].lower() if tokens else ""
    if last not in GROUP_NOUNS:
        return ""
    if len(tokens) >= 2:
        modifier = tokens[-2]
        if (
            modifier.lower() not in _DETERMINERS
            and modifier[-1] not in ",;:"
            and not modifier.lower().endswith(("'s", "’s"))
            and modifier.isalpha()
            and modifier.lower() not in {"said", "says", "and", "that", "which", "who", "as"}
        ):
            return f"{modifier} {tokens[-1]}"
    return tokens[-1]


def _strip_titles(name: str) -> str:
    """ "Ukrainian President Volodymyr Zelenskyy" -> "Volodymyr Zelenskyy"."""
    tokens = name.split()
    while len(tokens) > 1:
        low = tokens[0].lower()
        next_low = tokens[1].lower()
        if (
            low == "the"
            or low in _TITLES
            or (low.endswith(("an", "ian", "ese", "ish")) and next_low in _TITLES)
        ):
            tokens = tokens[1:]
        else:
            break
    return " ".join(tokens)


def _corefer(attribution: Attribution, named: list[Attribution]) -> Attribution:
    """ "institute" -> the last named claimant with "institute" in its name or description."""
    name = attribution.name
    if name[:1].isupper() or " " in name:
        return attribution
    for earlier in reversed(named):
        if re.search(rf"\b{re.escape(name)}\b", earlier.phrase, IGNORE):
            return Attribution(attribution.pos, earlier.name, attribution.strength, earlier.phrase)
    return attribution
