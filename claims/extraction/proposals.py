"""Plans, drafts, conditions and demands: one per distinct plan, with its provisions.

A sentence *states* a proposal when it
- names one (plan, draft, proposal, pact, conditions, demands, stipulation, provisions,
  "proposed guarantees") *and* says something about it: its content ("includes", "would",
  "calls for", "demands for"), its size ("20-point") or its fate ("conveyed", "accept",
  "amend", "replaces", "circulated"); or
- has someone propose or demand something ("has proposed a buffer zone", "demanded the
  return of", "called on the government to fund …"); or
- continues the plan before it: "would" among its first words ("In exchange, Ukraine would
  renounce …") or "Under it" / "Under the plan".
A passing mention ("the full cost of the plan") is not a proposal claim.

Each stated sentence belongs to one plan. A mention with a size ("20-point") is the plan of
that size; an indefinite one ("a 12-point plan", "an earlier 28-point US draft") starts a new
plan unless it names one already seen ("a US-Ukraine joint peace plan" after "a 20-point
peace plan"); a definite one ("this revised proposal", "the plan from Ostland", "It") is the
plan named last with that head noun, or with that proposer, or, with "earlier", the one
before. Each plan is one candidate: quoted by the sentence that first states it (or, for a
second plan named in the same sentence, by its own noun phrase), titled by its cleanest
mention ("20-point peace plan"), its provisions the content of its sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from claims.extraction.document import Document, Sentence
from claims.extraction.patterns import OUTCOME_NOUNS, words

IGNORE = re.IGNORECASE

_TRIGGER = re.compile(
    # The lookahead (each branch's first letter, or the word after "proposed") lets the
    # engine pass over other words without trying every branch; a new branch needs its
    # first letter here.
    r"\b(?=[pdcftvrbsglao]|(?<=proposed\s))"
    # "plans to" is an intent, but "its plan to extend the line" names a plan.
    # "handed a 16-point plan to the delegations": "to" before a determiner is where it went.
    r"(?:plans?(?!\s+to\b(?!\s+(?:the|both|each|its|their|all|members|delegates|parliament"
    r"|lawmakers|mediators|negotiators|ministers|donors|leaders|envoys|allies|partners"
    r"|(?-i:[A-Z]))))|(?<=\bits\s|\bhis\s|\bher\s|\bthe\s)plan(?=\s+to\b)"
    r"|(?<=\btheir\s)plans?(?=\s+to\b)|plan(?=\s+to\s+(?:end|stop|halt|settle|resolve)\b)"
    # "announced a plan to hold down the price of bread": a plan someone sets out
    r"|(?:(?<=\bannounced\sa\s)|(?<=\bunveiled\sa\s)|(?<=\bpresented\sa\s)|(?<=\boutlined\sa\s)"
    r"|(?<=\blaunched\sa\s)|(?<=\bpublished\sa\s))plan(?=\s+to\b)"
    r"|drafts?|proposals?|conditions|accords?"
    r"|framework(?=\s+(?:drafted|put\s+forward|proposed|presented|tabled|drawn\s+up|brokered"
    r"|would|calls|includes|sets|agreed|from\s+[A-Z]|by\s+[A-Z]))"
    r"|deal(?=\s+(?:drafted|put\s+forward|proposed|brokered|tabled|drawn\s+up)\b)"
    # "The document that arrived last month from mediators in Orvane ran to 28 points"
    r"|(?:document|text|version|paper)(?=[^.;]{0,90}?\s(?:ran|runs|run)\s+to\s+\w+\s+points\b)"
    r"|demands|provisions|roadmap|blueprint|pact|peace\s+deal"
    # "has drafted a nine-point outline to end the stand-off"
    r"|(?<=-point\s)outline|outline(?=\s+(?:to\s+(?:end|settle|resolve)|drafted|would)\b)"
    r"|(?:security|peace|ceasefire|trade|bilateral)\s+agreement|guarantees|schemes?"
    r"|(?<=point\s)(?:framework|paper|document|text|list)|demand(?=\s+that\b)"
    # "a three-stage framework for ending the conflict"
    r"|(?<=stage\s)(?:framework|plan|roadmap)|framework(?=\s+for\s+(?:ending|peace|a\s+settlement)\b)"
    # "A third text, circulated by …", "a rival paper": a document counted among plans.
    r"|(?:(?<=\bsecond\s)|(?<=\bthird\s)|(?<=\bfourth\s)|(?<=\brival\s))(?:text|paper|document)"
    r"|(?<=proposed\s)\w+)\b",
    IGNORE,
)
_VERBAL = re.compile(
    # The lookahead lets the engine skip what cannot start the verb before the lookbehinds.
    r"(?=[pdcowPDCOW])(?<!\bthe )(?<!\ba )(?<!\bits )(?<!\bhis )(?<!\bher )(?<!\btheir )"
    r"(?<!\bthese )"
    r"(?<!\bthose )(?<!['’]s )"
    r"\b(?:propos(?:es|ed|ing)|demand(?:s|ed|ing)|call(?:s|ed)\s+for|call(?:s|ed)\s+on\s+(?:the\s+)?"
    r"\w+\s+to|offered(?=\s+(?:[$€£\d]|to\b|[a-z]+\s+for\b))"
    # "Not everyone wants a deal on these terms": an attitude to the plan, not a demand.
    r"|wants?(?=\s+an?\s(?!deal\b|peace\b|ceasefire\b))|wanted(?=\s+an?\s(?!deal\b)))"
    r"\s+(?:that|to|a|an|the|its|their|his|her|\d|[$€£]|[a-z]+ing\b|[a-z]+\s+(?:an?|the|for)\b)",
    IGNORE,
)
_CONTENT = re.compile(
    # The lookahead (each branch's first two letters, a digit, or "…teen-point") lets the
    # engine pass over other words without trying every branch; a new branch needs its
    # first two letters here.
    r"\b(?=a[cdglmnp]|be|c[aiou]|d[eir]|e[iln]|f[iou]|g[ai]|ha|in|m[iou]|ni|ou|p[alru]|r[aeu]"
    r"|s[eilu]|t[aehrw]|un|wo|\d|\w+teen-point)"
    # "X for" first: at the trigger itself, "demands for control" states the content.
    r"(?:(?:conditions|demands|provisions|plan|proposal)\s+for|demand\s+that|includ\w*|involv\w*"
    r"|contain\w*|address(?:es|ed)?|provid\w*\s+for|call(?:s|ed)?\s+for"
    r"|would(?!\s+(?:cost|leave|mean|take|lead|result|push|put|drive))|must|envisag\w*"
    r"|envision\w*|outlin\w*|propos\w*|demand\w*|agree\w*|develop\w*|present\w*|unveil\w*"
    r"|announced(?=\s+(?:an?|its|their|his|her)\s+(?:[\w-]+\s+)?plan)"
    r"|fund(?:s|ed|ing)?|allocat\w*|set(?:s)?\s+(?:out|aside)|mirror\w*|requir\w*|convey\w*"
    r"|designed\s+to|moved\s+closer|accept\w*|reject\w*|amend\w*|sign(?:s|ed)|approv\w*"
    r"|submit\w*|publish\w*(?=\s+(?:its|their|his|her|an?)\s)|sen(?:t|ds)(?=\s+(?:[a-z]+\s+)?(?:its|their|his|her|an?|the)\s)"
    r"|sets?(?=\s+(?:[\w-]+\s+)?(?:conditions|demands|terms)\b)|tabled|hand(?:s|ed|ing)|gave|gives|replac\w*|circulat\w*|being\s+drafted|drawn\s+up|\d+-point|\d+-stage|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty[\w-]*)-(?:point|stage)"
    # "answered with four demands of its own": a set of demands, counted
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?=demands\b)"
    r"|discuss(?:es|ed|ing)|settled\s+on|initial(?:l)?ed|(?:ran|runs)\s+to\s+\w+\s+points|(?:cut|trimmed|slimmed|reduced|pared)\s+(?:down\s+)?(?:from|to)\s+\w+\s+points"
    r"|put\s+forward|ha(?:s|ve)\s+(?:\w+\s+)(?:parts|pillars|elements|stages|phases|strands|steps))\b",
    IGNORE,
)
_DEMAND = re.compile(
    # Searched in every sentence: the lookahead (the branches' first letters) lets the
    # engine pass over other words without trying every branch.
    r"\b(?=[cdimsuw])(?:demand\w*|conditions|stipulat\w*|must|insist\w*\s+on|call(?:s|ed)?\s+(?:for|on)"
    r"|want(?:s|ed)?"
    r"|ultimatum)\b",
    IGNORE,
)
_DRAFT_OF = re.compile(r"(?:\s+[\w-]+){0,3}\s+")
# "The document, which began as …, would …", "The guarantee clause, the one question that
# sank the talks, would …": an aside between the subject and its verb.
_RELATIVE_ASIDE = re.compile(
    r",\s*(?:which|who|the|a|an|drawn|made|led|based|backed|paid|funded|chosen)\s[^,;:]{1,120},"
    # "A fund of 2.2 billion euros, 70% of it from Lessany and the rest …, would pay …"
    r"|,\s*(?:\d[\d.]*\s?%|half|two-thirds|most)\s+of\s+(?:it|them)\s[^,;:]{1,120},"
)
_LEADING_ASIDE = re.compile(r"^According\s+to\s[^,;:]{1,80},\s*", IGNORE)
_WOULD_EARLY = re.compile(r"^(?:\S+\s+){0,7}?would\b", IGNORE)
# "Income tax on earnings above 60,000 euros a year would be raised …": a long subject
# with no clause of its own before "would".
_WOULD_AFTER_LONG_SUBJECT = re.compile(
    r"^(?!(?:\S+\s+){0,12}?(?:said|says|told|expects?|thinks?|believes?|warned)\b)"
    r"(?:[^\s,;:]+\s+){8,12}?would\b",
    IGNORE,
)
# "… said growth would reach 1.6%": an outcome just before "would".
_OUTCOME_BEFORE_WOULD = re.compile(rf"\b(?:{OUTCOME_NOUNS})\s+would$", IGNORE)
# "the force would cost $450 million", "debt would still stand at 61%": what the plan would
# bring about, a forecast, not one of its terms.
_OUTCOME_VERB = re.compile(
    r"\s+(?:still\s+|also\s+)?(?:cost|mean|lead|result|push|put|drive|stand|remain"
    r"|save|create|knock|boost|lift\s+growth|hit|reduce\s+growth)\b",
    IGNORE,
)
# "Total spending is set at €61.3 billion": a term of the plan being reported on.
_SET_AT = re.compile(
    r"\b(?:is|are|was|were)\s+(?:set|planned|budgeted|pencilled|penciled|earmarked|capped)\s+"
    r"(?:at|for)\b",
    IGNORE,
)
# "presented its 2028 budget": a budget put forward is a plan; one adopted ("approved") is not.
_BUDGET = re.compile(
    r"(?=[pPuUtTsSoObB])\b(?:presented|presents|unveiled|unveils|tabled|tables|submitted|proposed|outlined"
    r"|set\s+out|sets\s+out|published|sent|sends)\s+(?:(?:parliament|lawmakers|legislators"
    r"|MPs|deputies|the\s+\w+)\s+)?(?:its|an?|the|their|his|her|(?:next|this)\s+year['’]s)"
    r"\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?P<t>budget|alternative)\b|\b(?P<t2>budget)(?=\s+(?:would|will\s+(?:raise|cut|fund|spend|allocate))\b)",
    IGNORE,
)
_PLAN_WORDS = re.compile(
    r"\b(?:budget|plan|scheme|proposal|package|deal|draft|text|would|will)\b", IGNORE
)


@dataclass(frozen=True)
class _Noun:
    """A trigger noun found by a wider pattern: the part of a match ``_mention`` reads."""

    span: tuple[int, int]
    word: str

    def start(self) -> int:
        return self.span[0]

    def end(self) -> int:
        return self.span[1]

    def group(self) -> str:
        return self.word


_UNDER_IT = re.compile(
    r"^(?:Under|At\s+(?:the\s+)?heart\s+of)\s+(?:it|the\s+(?:[\w-]+\s+)?(?:plan|deal|proposal|draft"
    r"|agreement|pact|text|framework|terms|accord|document|version))\b"
    # "At its heart is a neutral zone …", "Its centrepiece is …": the plan's core term.
    r"|^(?:At\s+its\s+(?:heart|core|centre|center)|Its\s+(?:centrepiece|centerpiece|core|main\s+term))\b"
    # "In the first stage, all shelling would stop …": a phased plan's steps
    r"|^In\s+(?:the\s+|its\s+)?(?:first|second|third|fourth|final|next|last)\s+(?:stage|phase|step)\b"
)
_PROVISION_START = re.compile(
    r"\b(?:includ(?:e|es|ing)|involv(?:e|es|ing)|provisions\s+for|call(?:s|ed)?\s+for"
    r"|demand(?:s|ed)|propos(?:es|ed)|would)\s+",
    IGNORE,
)
# In a plan's later sentences only an enumeration is split; otherwise the sentence is one
# provision ("Under the plan, foreign troops would leave within 60 days.").
_ENUMERATION = re.compile(
    r"\b(?:includ(?:e|es|ing)|involv(?:e|es|ing)|provisions\s+for|call(?:s|ed)?\s+for)\s+", IGNORE
)
# "set out conditions", "outlined his plan", "has set seven conditions": someone putting a
# plan forward names a new one, even with a possessive before it.
_SETS_OUT = re.compile(
    r"(?:\b(?:set|laid|spelled)\s+out|\boutlined|\blisted|\bissued|\bnamed|\bmade|\bset"
    r"|\bpresented|\bunveiled|\btabled)(?:\s+(?:his|her|its|their|our))?$",
    IGNORE,
)
# "next year's budget": a time, not the budget's owner.
_TIME_OWNERS = words("year week month today tomorrow season decade century")
_DETERMINER = words("a an the this that these those its his her their our")
_INDEFINITE = words("a an another")
_POSSESSIVE_PRONOUNS = words("his her their its our")
_NP_STOP = words(
    """of in on for to by with which that who and has have had is was are were be been would
    will it they he she we this these but or nor yet out up plan plans proposal draft set"""
)
# Words a plan's title does without: "a jointly agreed 20-point peace plan" is a
# "20-point peace plan".
_TITLE_DROP = words(
    """new revised current latest earlier initial original evolving final potential agreed
    streamlined separate own previous proposed jointly first second third further
    alternative robust"""
)
_EARLIER = words("earlier previous original former first")
_HEADS = {
    "plan": "plan",
    "plans": "plan",
    "proposal": "plan",
    "proposals": "plan",
    "draft": "plan",
    "drafts": "plan",
    "deal": "plan",
    "roadmap": "plan",
    "framework": "plan",
    "accord": "plan",
    "accords": "plan",
    "blueprint": "plan",
    "pact": "pact",
    "agreement": "pact",
    "guarantees": "pact",
    "conditions": "demands",
    "demands": "demands",
    "demand": "demands",
    "stipulation": "demands",
    "stipulations": "demands",
}
_POINTS = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty[\w-]*)"
    r"-point\b|\bof\s+(?:an?\s+)?(?:initial\s+)?(\d+)\s+points\b",
    IGNORE,
)
_RAN_TO = re.compile(r"\s(?:ran|runs|run)\s+to\s+(\d+)()\s+points\b")
_PROPER = re.compile(r"\b[A-Z][\w-]*")
_FROM_OR_BY = re.compile(
    r"\s+(?:from|by|put\s+forward\s+by)\s+(?:the\s+)?((?:[A-Z][\w-]*\s?){1,4})"
)


@dataclass
class Plan:
    """One distinct plan: what it is called and the sentences that state it."""

    title: str
    head: str
    points: str
    names: set[str]
    quote_start: int
    quote_end: int
    first: Sentence
    modality: str
    possessive: bool = False
    last_ref: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return " ".join(self.title.lower().split()[-2:])

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((s.start, s.end) for s in self.sentences)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    title: str
    head: str
    head_word: str
    points: str
    names: frozenset[str]
    definite: bool
    earlier: bool
    possessive: bool
    own: bool = False  # "its own plan": a plan of its own, not the plan named before

    @property
    def key(self) -> str:
        return " ".join(self.title.lower().split()[-2:])


@dataclass
class Proposals:
    """The plans a text states, and the modality each stating sentence lends its figures."""

    plans: list[Plan]
    modality_of: dict[int, str]
    plan_of: dict[int, Plan] = field(default_factory=dict)


_STATE_OF_THINGS = re.compile(
    r"\b(?:ideal|breeding|weather|living|working|market|economic|dry|wet|harsh|difficult|poor"
    r"|good|extreme|humanitarian|sanitary|road|ground|sea|icy|windy|drought|financial|trading"
    r"|credit|dire|appalling|unsafe|safe|normal|current|local)\s+$",
    IGNORE,
)
_SEEN_BY = re.compile(r",?\s+(?:seen|obtained|read|reviewed)\s+by\b", IGNORE)
_APPOSITION = re.compile(r",\s+(?:an?|the)\s+$", IGNORE)
# "According to a copy seen by this newspaper, it would:": a list of the current plan's terms.
_WOULD_LIST = re.compile(r"\bwould(?:\s+\w+)?:$")
# "The budget allows for 3.5%": the plan being reported on, stating a term.
_PLAN_PROVIDES = re.compile(
    # ("For the regions, the budget sets aside …": after a leading phrase)
    r"^(?:[A-Z][^,;]{0,40},\s+)?(?:[Tt]he|This|Its|Their)\s+(?:[\w-]+\s+)?(?:budget|plan|draft|proposal|deal|scheme)\s+"
    r"(?:also\s+)?(?:allows|provides|includes|earmarks|foresees|envisages|sets\s+aside)\b"
)
# "It would cap …", "It also wants …": what a plan or its proposer does; "It interviewed
# 1,250 adults" (the poll named last) is no term of the plan.
_IT_PROPOSES = re.compile(
    r"^(?:It\s+(?:also\s+)?(?:would|will|calls|proposes|provides|includes|wants|demands|sets|plans(?!\s+to\b)"
    r"|caps|envisages|requires|foresees|offers|gives|leaves|keeps|freezes|commits|bars|allows"
    r"|asks|insists|seeks|creates|establishes|obliges|guarantees|limits|lifts|grants|promises"
    r"|spends|raises|cuts|allocates|earmarks|puts|does\s+not|makes"
    r"|drops|adds|replaces|removes|scraps|extends|reduces|urges|urged|called|asked|demanded"
    r"|proposed|wanted|offered|insisted|would)"
    r"|The\s+(?:plan|draft|proposal|deal|pact|framework|text))\b"
)


def find_proposals(doc: Document) -> Proposals:
    text = doc.text
    triggers: dict[int, list[re.Match[str]]] = defaultdict(list)
    verbal: dict[int, list[re.Match[str]]] = defaultdict(list)
    content: dict[int, list[re.Match[str]]] = defaultdict(list)
    for m in _TRIGGER.finditer(text):
        if _SEEN_BY.match(text, m.end()):
            continue  # "according to a draft seen by X": how the outlet knows, not a plan
        if m.group().lower() == "conditions" and _STATE_OF_THINGS.search(
            text, max(0, m.start() - 24), m.start()
        ):
            continue  # "ideal breeding conditions", "weather conditions": a state, not terms
        triggers[doc.sentence_at(m.start()).index].append(m)
    for index, found in triggers.items():
        # "a draft bilateral security agreement": "draft" describes the agreement named
        # after it; the plan is the agreement.
        triggers[index] = [
            m
            for m in found
            if not (
                m.group().lower().startswith("draft")
                and any(
                    o.start() > m.end() and _DRAFT_OF.fullmatch(text, m.end(), o.start())
                    for o in found
                )
            )
        ]
    for m in _VERBAL.finditer(text):
        verbal[doc.sentence_at(m.start()).index].append(m)
    for m in _CONTENT.finditer(text):
        content[doc.sentence_at(m.start()).index].append(m)
    for m in _BUDGET.finditer(text):
        index = doc.sentence_at(m.start()).index
        if not triggers[index]:
            group = "t" if m.group("t") else "t2"
            triggers[index].append(_Noun(m.span(group), m.group(group)))  # type: ignore[arg-type]

    plans: list[Plan] = []
    modality_of: dict[int, str] = {}
    plan_of: dict[int, Plan] = {}
    current: Plan | None = None
    list_of: Plan | None = None  # the plan whose points a list sets out
    for sentence in doc.sentences:
        body = doc.text_of(sentence)
        mentions = [_mention(text, sentence.start, t) for t in triggers[sentence.index]]
        if sentence.quiet:
            if sentence.heading and body.endswith(":"):
                # "The plan's main points:" introduces a list of the plan's provisions;
                # "What the budget contains:" those of the budget being reported on.
                list_of = _first_definite(plans, current, mentions)
                if list_of is None and current is not None and _PLAN_WORDS.search(body):
                    list_of = current
            elif sentence.heading:
                # A section heading ("Key findings", "What about taxes?") ends a list, not
                # the plan being explained: its terms may go on under the heading. One that
                # names the plan ("The roadmap's steps") heads the list of its terms.
                list_of = _first_definite(plans, current, mentions) if mentions else None
            continue
        if sentence.list_item and list_of is not None:
            _attach(list_of, sentence, body, sentence.index)
            modality_of[sentence.index] = list_of.modality
            plan_of[sentence.index] = list_of
            continue
        list_of = None
        if body.rstrip(" \"”’'").endswith("?"):
            continue  # "Do voters want a deal?": a question asks about a plan, states none
        judged = bool(
            _JUDGEMENT.match(body)
            or _SHARE_SUBJECT.match(_OPENING_CONJ.sub("", body))
            or _POLL_FINDING.search(body)
        )
        stated = not judged and any(
            _says_something(c, m.start, t)
            for m, t in zip(mentions, triggers[sentence.index], strict=True)
            for c in content[sentence.index]
        )
        # "answered with a shorter, five-point paper": a new plan's size states it.
        stated = stated or any(m.points and not m.definite for m in mentions)
        modality = _modality(body, sentence.start, mentions)
        # "The document, which began as …, would freeze …", "According to a copy seen by
        # X, it would send …": the plan's continuation, past an aside.
        main = _LEADING_ASIDE.sub("", _RELATIVE_ASIDE.sub("", body))
        continues = current is not None and bool(
            _plan_would(main)
            or _UNDER_IT.match(body)
            or _IT_PROPOSES.match(body)
            or _SET_AT.search(body)
            or _WOULD_LIST.search(body)
            or _PLAN_PROVIDES.match(body)
        )
        plan: Plan | None = None
        verbal[sentence.index] = [
            v for v in verbal[sentence.index] if _main_verb_or_not_want(body, sentence.start, v)
        ]
        if (
            verbal[sentence.index]
            and not stated
            and not continues
            and (
                _AMOUNT_OBJECT.match(text, verbal[sentence.index][0].start())
                or _ONE_THING.match(text, verbal[sentence.index][0].start())
                # "demanded that any deal return at least 40 square kilometres", "has
                # proposed a pilot in which 200 firms would …": one figure, one measure
                or len(_FIGURE.findall(text, verbal[sentence.index][0].end(), sentence.end)) == 1
            )
            and not _SECOND_MEASURE.search(text, verbal[sentence.index][0].end(), sentence.end)
            and not _terms_follow(doc, sentence)
        ):
            # "demanded 2 billion euros more for schools", "has offered 4.5%": a single
            # demanded or offered figure, no plan of its own.
            verbal[sentence.index] = []
        if verbal[sentence.index] and not stated and not continues:
            found = verbal[sentence.index][0]
            head = "demands" if modality == "demanded" else "plan"
            name = _object_after(text, found.end())
            plan = _new_plan(plans, name, head, "", set(), sentence, modality)
        elif stated:
            plan = _resolve(plans, current, mentions[0], sentence, modality)
            for extra in mentions[1:]:
                if _APPOSITION.search(text, max(sentence.start, extra.start - 6), extra.start):
                    continue  # "a $53 billion plan, a counter-proposal to …": the same plan
                own = _modality(body, sentence.start, [extra])
                other = _secondary(plans, extra, sentence, own)
                if other is not None and other is not plan:
                    _attach(other, sentence, body, sentence.index)
        elif continues:
            plan = current
        else:
            found_plan = _first_definite(plans, current, mentions)
            if found_plan is not None:
                current = found_plan
                found_plan.last_ref = sentence.index
                if body.endswith(":"):
                    list_of = found_plan
            continue
        if plan is None:
            continue
        _attach(plan, sentence, body, sentence.index)
        modality_of[sentence.index] = modality
        plan_of[sentence.index] = plan
        current = plan
        if body.endswith(":"):
            list_of = plan  # "…, it would:" introduces the plan's provisions
    return Proposals([p for p in plans if p.sentences], modality_of, plan_of)


# "One in four said they would accept …", "Most voters think it would fail": a view that
# people hold, not a term of the plan; "He said the levy would apply …" gives its terms.
_VIEW_BEFORE = re.compile(
    r"\b(?:said|say|says|think|thinks|thought|believe|believes|believed|expect|expects"
    r"|fear|fears|feared|doubt|doubts|agree|agrees|hope|hopes)\s+(?:that\s+)?"
    r"(?:they|we|I|you)\s+would\b"
    r"|^(?:(?:only|just|about|some|nearly|almost)\s+)?(?:one\s+in\s+\w+|\w+\s+in\s+\w+\s+"
    r"(?:voters|adults|people|respondents)|\d+(?:\.\d+)?%|most|a\s+majority|many|few)"
    r"\b[^,;]*\b(?:said|say|says|think|thinks|believe|believes|expect|expects)\b",
    IGNORE,
)


# "Growth would slow to 1%": an outcome forecast, not a term anyone proposes.
_OUTCOME_SUBJECT = re.compile(
    r"^(?:(?:But|And|Yet|Still|Meanwhile|Overall),?\s+)?(?:the\s+)?(?:economic\s+|GDP\s+)?"
    rf"(?:{OUTCOME_NOUNS}|jobless\s+rate|cases|the\s+toll|temperatures|support)\b",
    IGNORE,
)


# "Some 58% of voters would accept …", "One in four would …": what a poll measures.
_SHARE_SUBJECT = re.compile(
    r"^(?:(?:some|about|around|nearly|almost|only|just|roughly)\s+)?(?:\d+(?:\.\d+)?\s?%"
    r"|\d+(?:\.\d+)?\s+per\s*cent"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|\d+)\s+(?:[a-z]+\s+)?in\s+\w+\b"
    r"|(?:a|the)\s+(?:clear\s+)?majority|most\s+(?:voters|people|adults|respondents)\b"
    r"|(?:a\s+)?(?:third|quarter|half|fifth)\s+(?:of\b|said|say|would|back|oppose|support))",
    IGNORE,
)
# "We estimate that the draft understates …", "Analysts say the VAT rise would …": someone
# judging the plan, not stating its terms.
_JUDGEMENT = re.compile(
    r"^(?:[\w'’-]+\s+){0,6}?(?:estimates?|estimated|calculates?|calculated|reckons?|reckoned"
    r"|expects?|warns?|warned|argues?|argued|thinks?|believes?)\s+(?:that\s+)?"
    r"|^(?:Analysts|Economists|Critics|Experts|Observers)\s+(?:say|said|warn|warned)\b",
    IGNORE,
)


_OPENING_CONJ = re.compile(r"^(?:But|And|Yet|Still|Meanwhile|Overall),?\s+")
# "A survey by X found that 71% reject any deal …": what people think of a plan.
_POLL_FINDING = re.compile(
    r"\b(?:poll|survey|polling)s?\b[^.;]{0,120}?\b(?:found|finds|showed|shows|suggests?)\b", IGNORE
)


def _plan_would(main: str) -> bool:
    """ "In exchange, Ukraine would renounce …": "would" among the first words continues the
    plan, unless it is what someone says or thinks would happen, or an outcome forecast."""
    m = _WOULD_EARLY.match(main) or _WOULD_AFTER_LONG_SUBJECT.match(main)
    return (
        bool(m)
        and not _OUTCOME_VERB.match(main, m.end())
        and not _OUTCOME_BEFORE_WOULD.search(main, 0, m.end())
        and not _VIEW_BEFORE.search(main, 0, m.end())
        and not _OUTCOME_SUBJECT.match(main)
        and not _SHARE_SUBJECT.match(_OPENING_CONJ.sub("", main))
        and not _JUDGEMENT.match(main)
    )


_AMOUNT_OBJECT = re.compile(
    r"(?:propos(?:es|ed|ing)|demand(?:s|ed|ing)|call(?:s|ed)\s+for|offered|wants?|wanted)\s+"
    # "wants a quota of at least 70,000 tonnes", "has proposed a levy of 15 cents a litre",
    # "proposed raising the minimum wage to 2,010 euros": one measure and its amount.
    r"(?:(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?(?:of|at)\s+|[a-z]+ing\s+(?:[\w'’-]+\s+){0,4}?to\s+"
    r"|an?\s+(?=[$€£\d][\d.,]*(?:%|\s?per\s?cent|\s?percent)?\s+(?:[a-z]+\s+)?(?:rise|raise|cut|increase"
    r"|fund|grant|payment|bonus)\b))?"
    r"(?:(?:at\s+least|about|some|up\s+to|no\s+(?:more|less|fewer)\s+than|more\s+than|a\s+further"
    r"|another)\s+)?(?:[$€£]|\d)",
    IGNORE,
)


def _terms_follow(doc: Document, sentence: Sentence) -> bool:
    """ "… proposed an aid package of 420 million euros. It would let farmers defer …": the
    measure has terms of its own, so it is a plan."""
    following = doc.sentences[sentence.index + 1 : sentence.index + 2]
    return bool(following) and bool(_IT_WOULD.match(doc.text_of(following[0])))


_IT_WOULD = re.compile(r"(?:It|This|The\s+(?:[\w-]+\s+){0,1}[\w-]+)\s+would\b")
_FIGURE = re.compile(r"(?<![\w.,])\d[\d,.]*(?![\d,.]*\w)|(?<![\w.,])\d[\d,.]*(?=\s?%|-)")
# "wants a wider pullback", "wants an answer within a month", "called for an inquiry": one
# thing wanted, no set of demands (round 21).
_ONE_THING = re.compile(
    r"(?:demand(?:s|ed|ing)|call(?:s|ed)\s+for|wants?|wanted)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:pullback|pull-back|answer|inquiry|investigation|review|apology|vote|decision|reply"
    r"|ceasefire|truce|halt|pause|extension|cut|rise|increase|freeze)\b",
    IGNORE,
)
# "a salary cap of 70% … and a 10-team women's division": a set of demands, a plan.
_SECOND_MEASURE = re.compile(
    r",?\s+and\s+(?:(?:an?|[a-z]+ing)\s+(?!result\b|year\b)|(?:called|calls|asked|asks)\s+for\b"
    r"|demand(?:ed|s)\b|wants?\b)",
    IGNORE,
)
_MAIN_WANT = re.compile(r"^(?:[\w'’-]+\s+){1,6}$")
# "The Kuprana Mineworkers' Union, which represents 5,200 of the workers, wants …"
_ASIDE = re.compile(r",\s*(?:which|who)\s[^;:]*?,\s*$|,\s*the\s[^,;:]*,\s*$")
# "She said the union wanted a fund": a want reported as the sentence's content.
_SAID_WANT = re.compile(r"^(?:[\w'’-]+\s+){1,3}(?:said|says)\s+(?:that\s+)?(?:[\w'’-]+\s+){1,3}$")


def _main_verb_or_not_want(body: str, offset: int, verbal: re.Match[str]) -> bool:
    """ "The opposition wants a temporary cut" is a demand; a "want" deeper in a sentence
    ("…, and the union wants a legal maximum") is a wish reported in passing."""
    if not verbal.group().lower().startswith("want"):
        return True
    before = body[: verbal.start() - offset]
    aside = _ASIDE.search(before)
    if aside:
        before = before[: aside.start()] + " "
    return bool(_MAIN_WANT.match(before) or _SAID_WANT.match(before))


def _first_definite(
    plans: list[Plan], current: Plan | None, mentions: list[_Mention]
) -> Plan | None:
    """The plan the first definite mention of a sentence that states nothing refers to."""
    for mention in mentions:
        if mention.definite:
            found = _same_size_or_proposer(plans, mention) or _definite(plans, current, mention)
            if found is not None:
                return found
    return None


def _modality(body: str, offset: int, mentions: list[_Mention]) -> str:
    """Demanded when someone demands, insists or calls for it, before or in the naming of
    the plan; a plan that "calls for" a ceasefire states its content, and a demand named
    after the plan ("offered 4% against a demand of 29%") is someone else's."""
    first = min(mentions, key=lambda m: m.start, default=None)
    for m in _DEMAND.finditer(body):
        if first is None:
            return "demanded"
        if m.group().lower().startswith("call") and first.start < offset + m.start():
            continue
        if offset + m.start() < first.end:
            return "demanded"  # "X called for a plan", "his conditions"
    return "proposed"


def _attach(plan: Plan, sentence: Sentence, body: str, order: int) -> None:
    plan.last_ref = max(plan.last_ref, order)
    if plan.sentences and plan.sentences[-1] is sentence:
        return
    first = not plan.sentences
    plan.sentences.append(sentence)
    parts = _provisions(body, _PROVISION_START if first else _ENUMERATION)
    plan.provisions.extend(parts if parts or first else (body,))


def _new_plan(
    plans: list[Plan],
    title: str,
    head: str,
    points: str,
    names: set[str],
    sentence: Sentence,
    modality: str,
    span: tuple[int, int] | None = None,
    possessive: bool = False,
) -> Plan:
    start, end = span or (sentence.start, sentence.end)
    plan = Plan(title, head, points, names, start, end, sentence, modality, possessive)
    plans.append(plan)
    return plan


def _from_mention(
    plans: list[Plan], mention: _Mention, sentence: Sentence, modality: str, span: bool
) -> Plan:
    return _new_plan(
        plans,
        mention.title,
        mention.head,
        mention.points,
        set(mention.names),
        sentence,
        modality,
        (mention.start, mention.end) if span else None,
        mention.possessive,
    )


def _resolve(
    plans: list[Plan], current: Plan | None, mention: _Mention, sentence: Sentence, modality: str
) -> Plan:
    """The plan a sentence's first mention refers to; a new one when it names none seen."""
    if current is not None and _past_version(mention):
        return current  # "The first version, circulated last month, ran to 28 points"
    found = _same_size_or_proposer(plans, mention)
    if found is None and mention.definite:
        found = _definite(plans, current, mention)
    owned = "'s " in mention.title or "’s " in mention.title or mention.possessive
    if (
        found is None
        and mention.definite
        and not (mention.names or owned)
        and mention.head != "demands"
        and current is not None
        and current.head != "demands"
    ):
        found = current  # "…, and the guarantees would run for 20 years": the plan's own
    if found is None and not mention.definite and not mention.points and not mention.own:
        same = [p for p in plans if p.key == mention.key]
        found = same[-1] if same else None
    return found or _from_mention(plans, mention, sentence, modality, span=False)


def _past_version(mention: _Mention) -> bool:
    """ "The first version", "the original text": the plan being reported on, as it was."""
    return mention.definite and mention.earlier and mention.head_word in _VERSION_WORDS


_VERSION_WORDS = words("version text document")


def _secondary(
    plans: list[Plan], mention: _Mention, sentence: Sentence, modality: str
) -> Plan | None:
    """Another plan named in a stating sentence: "… of an earlier 28-point US draft"."""
    found = _same_size_or_proposer(plans, mention)
    if found is None and mention.possessive and mention.head == "demands":
        # "…, but repeated her demand that …": a demand of her own, not the plan's.
        return _from_mention(plans, mention, sentence, modality, span=True)
    if found is not None or mention.definite:
        return found
    same = [p for p in plans if p.key == mention.key and not mention.points]
    return same[-1] if same else _from_mention(plans, mention, sentence, modality, span=True)


def _same_size_or_proposer(plans: list[Plan], mention: _Mention) -> Plan | None:
    if mention.points:
        same = [p for p in plans if p.points == mention.points]
        return same[-1] if same else None
    if mention.names:
        named = [p for p in plans if p.names & mention.names]
        return max(named, key=lambda p: p.last_ref) if named else None
    return None


def _definite(plans: list[Plan], current: Plan | None, mention: _Mention) -> Plan | None:
    """ "the plan", "this revised proposal", "earlier US proposals": the plan named with that
    head noun, else of that kind; the current one first, then the most talked-about."""
    pool = [p for p in plans if p is not current] if mention.earlier else plans
    for matches in (
        [p for p in pool if mention.head_word in p.title.lower().split()],
        [p for p in pool if p.head == mention.head],
    ):
        if matches:
            if current in matches:
                return current
            return max(matches, key=lambda p: (len(p.sentences), p.last_ref))
    return None


def _mention(text: str, floor: int, trigger: re.Match[str]) -> _Mention:
    start, title = _noun_phrase_before(text, floor, trigger)
    before = text[max(floor, start - 24) : start].split()
    previous = before[-1].lower() if before else ""
    if previous.endswith(",") and len(before) >= 2 and before[-2].lower() in _INDEFINITE:
        previous = before[-2].lower()  # "a shorter, five-point paper": still indefinite
    if previous in ("draft", "drafts") and len(before) >= 2:
        previous = before[-2].lower()  # "a draft trade agreement": as definite as its article
    # "set out conditions", "issued demands": a new set, though no article says so.
    stated_new = bool(_SETS_OUT.search(" ".join(before[-2:])))
    definite = previous not in _INDEFINITE and not stated_new
    if _HISTORY.search(text, floor, start):
        definite = True  # "It began as a 28-point document": the plan's past, not a new one
    if title.lower().startswith("own ") or previous == "own":
        definite = False  # "published its own costed alternative", "its own plan": its own
    possessive = previous in _POSSESSIVE_PRONOUNS
    if (
        previous.endswith(("'s", "’s"))
        and previous[:1].isalpha()
        and previous[:-2] not in _TIME_OWNERS
    ):
        # "Putin's conditions", "the council's plan": the proposer is part of the title.
        title = f"{before[-1]} {title}"
        start = start - len(before[-1]) - 1
    end = trigger.end()
    tail = text[end : end + 80]
    points = _POINTS.search(title) or _POINTS.match(tail) or _RAN_TO.search(tail)
    names = set(_PROPER.findall(title))
    proposer = _FROM_OR_BY.match(tail)
    if proposer:
        names |= set(proposer.group(1).split())
    names = {n.strip("'’s") for n in names if n.lower() not in _TITLE_DROP}
    head_word = trigger.group().split()[-1].lower()
    head = _HEADS.get(head_word, "plan")
    earlier = any(w.lower() in _EARLIER for w in title.split())
    clean = _clean_title(title)
    if points and not _POINTS.search(clean):
        clean = f"{points.group(1) or points.group(2)}-point {clean}"
    return _Mention(
        start,
        end,
        clean,
        head,
        head_word,
        (points.group(1) or points.group(2)) if points else "",
        frozenset(names),
        definite,
        earlier,
        possessive,
        own=previous == "own" or title.lower().startswith("own "),
    )


def _clean_title(title: str) -> str:
    kept = [
        w
        for w in title.split()
        if w.lower() not in _TITLE_DROP and not w.lower().endswith("ly") and w.lower() != "this"
    ]
    return " ".join(kept) or title


def _says_something(cue: re.Match[str], trigger_start: int, trigger: re.Match[str]) -> bool:
    """A content cue other than the trigger itself; "demands for X" names its content."""
    outside = cue.start() < trigger_start or cue.start() >= trigger.end()
    return outside or cue.group().lower().endswith((" for", " that"))


def _noun_phrase_before(text: str, floor: int, trigger: re.Match[str]) -> tuple[int, str]:
    """ "a jointly agreed 20-point peace plan" -> "jointly agreed 20-point peace plan"."""
    start = trigger.start()
    if text[max(0, start - 9) : start].lower() == "proposed ":
        start -= len("proposed ")
    offset = max(floor, start - 60)
    taken: list[re.Match[str]] = []
    for word_match in reversed(list(_WORD_TOKEN.finditer(text, offset, start))):
        word = word_match.group()
        low = word.lower()
        content = word.isalpha() and _CONTENT.match(word)
        if low in _DETERMINER or low in _NP_STOP or word[-1] in ",;:" or content:
            break
        if low.endswith(("'s", "’s")):
            break
        taken.append(word_match)
        if len(taken) == 4:
            break
    phrase_start = taken[-1].start() if taken else start
    phrase = " ".join(text[phrase_start : trigger.end()].split())
    end = trigger.end()
    if trigger.group().lower() == "draft":
        # "a draft budget", "a draft law": the draft is of something.
        following = _WORD_AFTER.match(text, end)
        if (
            following
            and following.group(1) not in _NP_STOP
            and not _CONTENT.match(following.group(1))
        ):
            phrase += " " + following.group(1)
            end = following.end()
    tail = _FOR_TAIL.match(text, end)
    if tail:
        phrase += " for " + " ".join(w for w in tail.group(1).split() if w.lower() not in _NP_STOP)
    return max(floor, phrase_start), phrase


# "It began as a 28-point document", "first drafted as a 28-point paper": the same plan.
_HISTORY = re.compile(
    r"\b(?:began|started|was\s+(?:first\s+)?(?:drafted|written|circulated|tabled))"
    r"(?:\s+(?:life|out))?\s+as\s+(?:an?\s+)?$",
    IGNORE,
)
_WORD_TOKEN = re.compile(r"\S+")
_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
_FOR_TAIL = re.compile(r"\s+for\s+([\w-]+(?:\s+[\w-]+){0,3})")
_OBJECT = re.compile(r"(?:[^.;:,]|(?<=\d)[.,](?=\d)){1,80}")


def _object_after(text: str, pos: int) -> str:
    """What was proposed or demanded: "a 500-hectare buffer zone along the river"."""
    # The verbal pattern ends after the object's first word; step back over it.
    start = text.rfind(" ", 0, pos - 1) + 1
    found = _OBJECT.match(text, start)
    tokens = (found.group() if found else "").split()[:7]
    while tokens and tokens[0].lower() in _DETERMINER:
        tokens = tokens[1:]
    return " ".join(tokens)


def _provisions(body: str, start: re.Pattern[str]) -> tuple[str, ...]:
    """What the proposal holds, split at "and"/"; ": the text after "includes", "would"…."""
    m = start.search(body)
    if not m:
        return ()
    rest = body[m.end() :].rstrip(".")
    parts = re.split(r",\s+and\s+|;\s+|,\s+(?=an?\s)", rest)
    return tuple(p.strip() for p in parts if p.strip())
