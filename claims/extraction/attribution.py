"""Who says it (claimant) and how hedged it is (modality), following the text.

A figure's claimant is, in this order:
1. the sentence's own source nearest before the figure (else the first after it): "according
   to X", "a poll by X", "data from X", "X's forecast", "X said / reported / found /
   published / interviewed / estimates …", "…, said X", "Its figures show …". A source
   inside another's report ("Semin said Drasnia demanded …") is the reporter's, and the
   subject of an opinion ("55% of Russians expect …") is who was asked, not who says it;
2. a source named later in the paragraph that says it published the figures before it
   ("The estimates were published by X");
3. the source named last in the paragraph, or in an earlier paragraph, until a heading or
   another source intervenes.
"He/she said" is the person named last, "it said" and "its figures" the organisation named
last, "the firm" / "the agency" the last named one whose description holds that noun.
Titles are stripped ("Velmora's President Andriy Koval" is Andriy Koval) and actors are
matched by the longest name the claimant holds.

Modality: the strongest cue in the figure's clause (demanded > proposed > estimated >
reported > projected), else an attribution-level cue elsewhere in the sentence ("according
to", "reportedly", "estimates", "forecast"); a figure in a stated plan takes the plan's
modality. No cue means asserted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from claims.extraction.document import Document, Sentence
from claims.extraction.numbers import WORD_VALUES
from claims.extraction.patterns import MONTHS, OUTCOME_NOUNS, WEEKDAYS, WHOM_PUT, words
from claims.extraction.types import ActorRef

IGNORE = re.IGNORECASE

_NAME_CHARS = r"[^,.;:()\"“”]"
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?P<x>{_NAME_CHARS}{{1,120}})", IGNORE)
_DATA_NOUNS = (
    r"polls?|surveys?|study|studies|reports?|analysis|analyses|estimates?|figures|data|census"
    r"|count|tally|forecasts?|projections?|statistics|findings|assessment|calculations?"
    r"|review|audit|research|numbers|records|proposals?|plans?|drafts?|valuations?|figure"
    r"|outlook|models?"
)
_DATA_NOUN_START = re.compile(
    r"(?:polls?|surveys?|study|studies|analysis|census|research)\b", IGNORE
)


def _first_letters(alternatives: str, also: str = "") -> str:
    """The first letters of ``|``-separated words (and ``also``), for a lookahead that lets
    the engine pass over words no branch can start with instead of trying every branch."""
    return "".join(sorted({word[0] for word in alternatives.split("|")} | set(also)))


_BY = re.compile(
    # "abcdgiprt": the first letters of the verbs, "comes" and "by".
    rf"(?=[{_first_letters(_DATA_NOUNS, also='abcdgiprt')}])"
    r"\b(?:(?:(?:conducted|commissioned|published|released|carried\s+out|compiled|issued|produced"
    r"|provided|put\s+forward|presented|drafted|prepared|tabled|analysed|analyzed|gathered"
    rf"|collected|circulated)(?:\s+on\s+\w+)?|{_DATA_NOUNS})\s+(?:by|from)|\b(?:comes?|came)\s+from"
    # "by the count of the Front Line Monitor", "by the reckoning of the Brask Mapping Project"
    r"|\bby\s+(?:the|its)\s+(?:count|reckoning|tally|estimate|calculations?)\s+of)"
    rf"\s+(?P<x>{_NAME_CHARS}{{1,80}})",
    IGNORE,
)
# "The estimates were published by X": a source named after the figures it covers.
_COVERS_BEFORE = re.compile(
    r"^(?:The|These|Those|Both|All)\s+(?:\w+\s+)?(?:estimates?|figures|data|numbers|statistics"
    r"|findings|projections?|forecasts?|results)\s+(?:were|was|are|is|have\s+been|had\s+been)"
    r"\s+(?:\w+ly\s+)?(?:published|released|compiled|produced|provided|issued|calculated"
    r"|prepared|collected)\b"
    # "The figures come from the Ombra Centre", "It comes from the Monetary Fund".
    r"|^(?:(?:The|These|Those|Both|All)\s+(?:\w+\s+)?(?:estimates?|figures|data|numbers"
    r"|statistics|findings|projections?|forecasts?|results|count|toll|tally)|It|They)"
    r"\s+(?:come|comes|came)\s+from\b",
    IGNORE,
)
_POSSESSIVE_SOURCE = re.compile(
    # A name never runs over a full stop ("Mira Costan. Parliament's …"). Every match starts
    # with a capital: the lookahead spares trying the name's repetition at other characters.
    r"(?=[A-Z])(?P<x>(?:[A-Z][\w&-]*(?:\.[\w&-]+)*\s+(?:(?:of|for|and)\s+(?:the\s+)?)?){0,5}[A-Z][\w&-]*)"
    r"['’]s\s+"
    rf"(?:\w+\s+){{0,2}}?(?:{_DATA_NOUNS}|target|goal|budget|aim|outlook|model|tracker|count"
    r"|average|gauge)\b"
)
_POSSESSIVE_NOUN_SOURCE = re.compile(
    r"\b(?:[Tt]he\s+)(?P<x>[a-z]+(?:\s+[a-z]+)?)['’]s\s+(?:\w+\s+){0,2}?(?:"
    + _DATA_NOUNS
    + r"|target|goal|aim|outlook|model)\b"
)
# "Drevanne's farm ministry's harvest estimate", "The Velsbury tourism board's estimate": an
# owned or named body in lower case, whose figures they are.
_POSSESSIVE_BODY_SOURCE = re.compile(
    r"(?P<x>(?:\b[A-Z][\w-]*['’]s|\b[Tt]he\s+[A-Z][\w-]*)\s+(?:[a-z]+\s+){0,2}?(?:ministry|board"
    r"|office|agency|council|service|department|authority|bureau|commission|committee|centre"
    r"|center|observatory|watchdog|regulator))['’]s\s+(?:\w+\s+){0,2}?(?:"
    + _DATA_NOUNS
    + r"|target|goal|aim)\b"
)
_POSSESSIVE_PRONOUN_SOURCE = re.compile(
    r"\b(?P<p>[Ii]ts|[Tt]heir)\s+(?:\w+\s+){0,2}?(?:" + _DATA_NOUNS + r"|target|goal|main\s+"
    r"findings)\b"
)
_SHOWS = (
    r"(?:figures|data|statistics|records)\s+(?:show|showed|suggest|suggested|indicate|indicated)\b"
)
_SHOW_SOURCE = re.compile(r"(?P<x>\b[\w-]+(?:\s+[\w-]+){0,2})\s+" + _SHOWS)
# Every match holds this phrase; a text without it is not scanned word by word.
_SHOWS_ANYWHERE = re.compile(r"\s" + _SHOWS)
# "an Ipsos poll", "the latest YouGov survey": a named source before a data noun.
_NAMED_DATA = re.compile(
    r"(?P<x>\b[A-Z][\w&-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w&-]*){0,3})(?<!['’]s)\s+"
    r"(?:poll|polls|survey|surveys|study|report|analysis|data|figures|estimates|count|census"
    r"|forecast|tally|tracker|projections)\b"
)
_VERBS = (
    r"said|says|say|told|tells|reported|reports|report|estimated|estimates|estimate|suggested"
    r"|suggests|suggest|demanded|demands|demand|outlined|outlines|claimed|claims|claim|stated"
    r"|states|announced|announces|warned|warns|argued|argues|insisted|insists|believes|believe"
    r"|expects|expect|expected|indicated|indicates|found|finds|find|showed|shows|presented"
    r"|presents|unveiled|unveils|proposed|proposes|disputes|disputed|denied|denies|maintains"
    r"|maintained|noted|notes|wrote|writes|added|adds|predicted|predicts|forecasts|forecast"
    r"|projects|projected|voiced|called\s+for|calls\s+for|calling\s+for|called\s+on"
    r"|concluded|concludes|acknowledged|confirmed|confirms|calculated|calculates|published"
    r"|publishes|interviewed|interviews|counted|recorded|registered|puts|put|listed|lists"
    r"|asked|asks|urged|urges|set\s+out|sets\s+out|put\s+forward|tabled|wants|want|plans"
    r"|verified|documented|logged|tallied|counts|pledged|pledges|promised|promises"
    r"|aims|intends|sees|see|offered|offers|appealed\s+for|appeals\s+for|described"
    r"|thinks|think|reckons|reckon|fears|fear"
)
_VERB = re.compile(rf"\b(?=[{_first_letters(_VERBS)}])(?P<v>{_VERBS})\b")
_SPEECH = words("said says say told tells added adds wrote writes stated states")
# Searched before each reporting verb; compiled once, and a lookahead holding the branches'
# first characters spares trying them at every character of the window.
_PRONOUN_BEFORE = re.compile(r"(?:^|[\s,;:\"“])(?P<p>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)$")
_REPORTED_SPEECH_BEFORE = re.compile(
    rf"\b(?=[{''.join(sorted({w[0] for w in _SPEECH}))}])(?:{'|'.join(sorted(_SPEECH))})\s+"
    r"(?:that\s+)?(?:(?:the|a|an)\s+)?$"
)
_ASKED_BEFORE = re.compile(r"(?=[%coi])(?:%|\bcent|\bof|\bin\s+\w+)\s+(?:the\s+)?$")
_RELATIVE_PRONOUN_BEFORE = re.compile(r"\b(?=[wt])(?:which|that|who|whom)\s+(?:the\s+)?$")
_OPINION = words("expects expect believes believe wants want say says said")
_SAID_AFTER = re.compile(
    r"(?:,|[\"”’])\s*(?:said|says|told|added|wrote|argued|warned|estimated|reported)\s+"
    r"(?:(?:coach|manager|captain|spokesperson|spokesman|spokeswoman|economist|analyst"
    r"|researcher|director|chief|president|minister|mayor|governor|chair|professor)\s+)?"
    r"(?P<x>(?:(?:the|a)\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)(?=\s*[,.;]|\s*$)"
)
# Adverbs, auxiliaries and time phrases between a claimant and its verb.
_BEFORE_VERB_NOISE = re.compile(
    r"(?:\s+(?:has|have|had|also|reportedly|previously|further|now|repeatedly|publicly|recently"
    r"|still|again|yesterday|today|is|are|was|were|on\s+(?:"
    + "|".join(sorted(WEEKDAYS))
    + r")|last\s+\w+|this\s+week|in\s+a\s+statement))+\s*$"
)
# The last word of every match of ``_BEFORE_VERB_NOISE`` (ending the text, after its
# last ``\s+``), but for "last week", whose last word is any.
_NOISE_LAST = (
    words(
        """has have had also reportedly previously further now repeatedly publicly recently
        still again yesterday today is are was were week statement"""
    )
    | WEEKDAYS
)


def _strip_noise(window: str) -> str:
    """``window`` without its trailing spaces and the noise words before a verb ("has also
    previously"); the ``sub`` runs only where the last words could be noise, since it
    costs a search from every space of the window."""
    window = window.rstrip()
    words_ = window.rsplit(None, 2)
    if words_ and (words_[-1] in _NOISE_LAST or (len(words_) > 1 and words_[-2].endswith("last"))):
        return _BEFORE_VERB_NOISE.sub("", window).rstrip()
    return window


# Nouns that name who says something without naming them ("analysts", "the ministry").
SOURCE_NOUNS = words(
    """analysts experts officials observers economists diplomats critics researchers sources
    pollsters polling analyses parties group groups ministry company firm institute
    government council community union alliance agency committee bank fund team court
    lawyers lawyer spokesperson spokesman spokeswoman kremlin administration authorities
    authority military army opposition commission office department service regulator
    operator monitor mission observatory club league forecasters councillors organisers
    organizers auditor police scientists association federation survey watchdog board
    coalition front media broadcaster newspaper outlet charity owner operator brokerage bureau
    utility regulator insurer lender exchange operators farmers residents witnesses bakers
    employers doctors nurses teachers traders retailers landlords campaign organisation
    organization force forces side staff donors delegation mediators negotiators envoys
    navy guard"""
)
# Generic organisation nouns that refer back to the last named organisation.
_GENERIC_ORG = words(
    """company firm pollster agency organisation organization group body office operator
    regulator bureau tracker utility insurer"""
)
# Nouns that hedge without naming anyone: "Reports suggest", "according to estimates".
_HEDGE_NOUNS = words(
    "reports report estimates estimate figures data polls poll satellite imagery analysis"
    " sources source rumours rumors accounts witnesses"
)
_TITLES = words(
    """president prime minister mayor chancellor secretary senator governor prof. prof dr. dr
    mr mr. mrs mrs. ms ms. general gen. chair chief spokesperson spokesman spokeswoman envoy
    finance foreign defence defense deputy vice ambassador king queen premier lawyer director
    ceo chairman chairwoman commissioner economy interior justice health state environment
    energy transport education head leader executive striker coach captain manager
    cllr councillor sgt insp supt
    """
)
_CONNECTORS = words("of for and & de al von van the")
# Capitalised at the start of a sentence without being a name.
_FUNCTION_WORDS = words(
    """these this those that it its they their he she we i you however but and also then
    meanwhile furthermore moreover still yet while although when if only some many most
    such other both all each worldwide nationally overall in on at since under"""
)
# First words that no claimant's name opens with.
_NOT_A_NAME = words(
    """people person everyone everybody someone somebody nobody whose whom who what which why
    how when where whether do does did is are was were can could should would will shall
    half dozens hundreds thousands millions several few both either neither each every any
    none we i you me us them him side sides"""
)
_DETERMINERS = words("the a an some many most several other its their his her our this these")
_CALENDAR = MONTHS | WEEKDAYS
_CALENDAR_LOWER = {w.lower() for w in _CALENDAR}
_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "org"}
# Where the name in "by the Civic Pulse Institute was released" or "officials in Kyiv" ends.
_DATA_FOR = re.compile(
    r"\b(?:polls?|surveys?|study|report|analysis|data|figures|estimates|forecast)\s+for\s+",
    IGNORE,
)
_AFTER_NAME = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|will|would|said|says|found|finds|show\w*|in|at|to"
    r"|carried\s+out|conducted|published|released|commissioned|taken"
    r"|from|last|this|over|during|between|which|that|who|(?:for|on)(?!\s+(?:the\s+)?[A-Z])"
    r"|on\s+(?=(?:" + "|".join(sorted(MONTHS | WEEKDAYS)) + r")\b))\b"
)
_POSSESSIVE = re.compile(r"['’]s\s*$")
_PLURAL_SUBJECT = re.compile(r"(?:\b(?:[Tt]hey|[Ww]e|[Ii]|[Yy]ou)|[a-z]s|\bpeople|\bpolice)\s*$")
_NOUN_LIKE_VERBS = words("demands demand reports report estimates estimate claims claim")
ORG_WORDS = words(
    """institute ministry agency council union bank fund group office committee commission
    department university association company party service authority centre center board
    forces government research insight league front observatory survey organization
    organisation alliance mission nations watch network monitor foundation trust court
    parliament police army navy programme program reserve news press media corp inc ltd
    partners capital city state republic kingdom federation coalition list club united
    national international world european global hospital clinic school polling
    statistics stats grid transmission opinion analytics observatory mutual protection
    relief cluster consortium bureau tracker monitoring institution assembly congress senate
    chamber secretariat registry register directorate inspectorate ombudsman energy
    shipping mining holdings airlines airways
    """
)
# Words that make a name of two or more words an organisation ("Ambrel Rail", "Wessen
# Power") but alone are common nouns ("Rail", "Water" as a heading).
_ORG_WORDS_IN_NAMES = words(
    "rail railways airlines airways transit metro power water shipping ports port telecom motors"
)
_PERSON_MENTION = re.compile(
    # Scanned at every character: the lookahead holds what a match can start with (a
    # title's first letter, "ſ" being an "s" to the case-blind words, a comma or a capital),
    # so the engine tries no branch at most characters.
    "(?=[A-Zcdglmps\u017f,])"
    r"(?:\b(?:President|Prime\s+Minister|Minister|Mayor|Governor|Chancellor|Senator|Secretary"
    r"|Dr\.?|Prof\.?|Mr\.?|Mrs\.?|Ms\.?|General|Judge|Envoy|Ambassador"
    r"|(?i:councillor|councilwoman|councilman|mayor|governor|minister|senator|spokesman"
    r"|spokeswoman|spokesperson|director|chief|leader|president|chairman|chairwoman|cllr))\s+"
    r"(?P<x>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
    r"|,\s+(?P<y>[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?),"
    # "Lena Arno, age 52, runs …", "Ida Moen, who chairs …": a person introduced by name.
    r"|(?:^|(?<=[.!?]\s)|(?<=\n))(?P<z>[A-Z][a-z]+\s+[A-Z][\w'’-]+),\s+(?:aged?\s+\d+|\d{2},\s"
    r"|who\b|the\s+[a-z]|an?\s+[a-z]))"
)
_SUBJECT_ORG = re.compile(r"(?:The|the)\s+(?P<x>(?:[a-z]+\s+){0,3}[a-z]+)\b")
_ORG_MENTION = re.compile(
    r"\b(?:[A-Z][\w&'’-]*|PT)(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w&'’-]*){1,5}"
    r"|\b[A-Z]{3,}\b"
)

# Modality cues; when several apply the first category listed wins.
# "according to sources / officials / a draft seen by …": hearsay, where "according to" a
# named source is that source's claim (round 12).
_HEARSAY_ACCORDING = (
    r"\baccording\s+to\s+(?=(?:unconfirmed\s+|media\s+|press\s+|local\s+|news\s+)?(?:reports?"
    r"|sources?|people|persons|officials|diplomats|media|those|one\s|two\s|three\s|several"
    r"|some\s|a\s+(?:draft|copy|document|report|person|source|leaked|text)"
    r"|the\s+(?:draft|copy|leaked|text)|estimates?|rumou?rs?|accounts?|witnesses|residents"
    r"|leaks?)\b)"
)
_CUES: tuple[tuple[str, str], ...] = (
    (
        "demanded",
        # "demand" alone is mostly the noun ("peak demand", "demand reduction").
        r"\bdemand(?:s|ed|ing)\b|(?<=\bto\s)demand\b|\b(?:her|his|their|its|our)\s+demand\b"
        # "will not sign unless Ombria caps its border police at 1,500": a condition set
        r"|\b(?:will|would|could)\s+not\s+(?:sign|agree|accept|settle)\s+unless\b"
        # "the zone should be 10 km deep": what someone says it must be, not a forecast
        r"|\bshould\s+(?:be|administer|keep|have|get|stay|remain)\b"
        r"|\bdemand\s+that\b|\b(?:they|we|unions?|workers|groups)\s+demand\b"
        r"|\b(?:be|been|being|are|were|was|is)\s+asked\s+to\b|\bstipulat\w*|\bmust\b|\binsist(?:s|ed)?\s+on\b"
        r"|\bcall(?:s|ed|ing)?\s+(?:for|on)\b|\bultimatum\b|\bask(?:s|ed|ing)?\s+(?:\w+\s+){0,4}for\b"
        # "we need twice that", "needs twice the number": a requirement beyond what there is
        r"|\bneeds?\s+(?=twice\b|double\b|three\s+times\b|(?:many\s+)?more\b|another\b)"
        r"|\bappeal(?:s|ed|ing)?\s+for\b|\burg(?:e|es|ed|ing)\b|\bwants?\s+(?!to\b)(?:\w+\s+){1,3}to\b"
        r"|\bwant(?:s|ed)?\s+(?:an?|the)\s"
        # "Fishermen want at least three times that", "wants compensation of €150": what is
        # wanted, not what someone wants to do (projected).
        r"|\bwant(?:s|ed)?\b(?!\s+to\b)"
        # "The union wants fares capped at €2": what someone wants done to a figure.
        r"|\bwant(?:s|ed)?\s+(?:[\w-]+\s+){1,3}(?:capped|cut|raised|lowered|set|reduced|frozen"
        r"|limited|kept|increased)\s+(?:at|to|by|below|under)\b"
        r"|\b(?:its|his|her|their|our|own|outlined|set\s+out|named|listed)\s+(?:\w+\s+)?conditions\b"
        r"|\bconditions\s+(?:for|include|included|including)\b",
    ),
    (
        "proposed",
        # ("the proposed fund", "the fund the plan offers" name the plan's figure, no one's
        # offer of this one)
        r"(?<!\bthe\s)\bpropos(?:e|es|ed|ing)\b|\bsuggest(?:s|ed)?\b(?!\s+that)|\boffer(?:s|ed)\b"
        r"|\bpromis(?:e|es|ed)\s+(?:[\w'’-]+\s+){0,9}?(?=[\d$€£]|about\b|up\s+to\b)"
        # "has promised households that lost their homes a grant of 4,000 euros"
        r"|\bpromis(?:e|es|ed)\s+(?:[\w'’-]+\s+){1,8}?an?\s+(?:grant|payment|sum|fund|rise|bonus)\s+of\b"
        r"|\brecommend(?:s|ed|ing)?\b",
    ),
    (
        "proposal_noun",
        r"\bplans?\b(?!\s+to\b)|\bdrafts?\b|\bproposals?\b|\bframeworks?\b|\broadmaps?\b"
        r"|\bblueprints?\b|\bmemorand(?:um|a)\b",
    ),
    (
        "estimated",
        r"\bestimat\w*|\bputs?\s+at\b|\b(?:is|are|was|were)\s+put\s+at\b"
        r"|\bputs?\s+the\s+(?:chance|cost|risk|probability|odds|bill|damage|losses)\b"
        r"|\b(?:is|are|was|were)\s+thought\s+to\b"
        # "She put the carbon released at 190 million tonnes", "put losses at $1.2 billion"
        r"|\bput(?:s|ting)?\s+(?:[\w'’-]+\s+){1,9}?at\s+(?=[\d$€£]|about|around|roughly|some"
        r"|nearly|between|more|less|up\b)"
        r"|\bcalculat(?:e|es|ed)\b|\b(?:maybe|perhaps)\b"
        r"|\bbelieved\s+(?:to|dead|trapped|missing|killed|buried)\b",
    ),
    (
        "reported",
        r"\breportedly\b|"
        + _HEARSAY_ACCORDING
        + r"|\breports?\s+suggest\w*|\bsuggest(?:s|ed)?\s+that\b"
        r"|\bby\s+the\s+(?:count|reckoning|tally)\s+of\b"
        r"|\bis\s+said\s+to\b|\b(?:was|were|is|are|been|being)\s+reported\b|\breported\s+to\b"
        r"|\balleged(?:ly)?\b",
    ),
    (
        "projected",
        r"(?<!\bcan\s)\bexpect(?:s|ed|ing)?\b(?!\s+to\s+live\b)"
        r"|(?<!\bas\s)\b(?:un)?likely\b(?!\s+(?:as|than)\b)|\bproject(?:s|ed|ions?)\b|\bforecast\w*"
        r"|\bcould\b|\bwill\b|\bwould\b|\bpredict\w*|\bmight\b|(?-i:\bmay\b)|\btargets?\b"
        r"|\bgoals?\s+(?:is|are|was|of)\b|\baims?\s+to\b|\bplans?\s+to\b|\bplanned\b"
        # "planning to", not "runs connections planning at Dunmarra Grid"
        r"|\bplanning\s+(?:to|for|an?|the)\b|\bis\s+set\s+at\b"
        r"|\bset\s+to\b|\bearmarked\b|\bsee[sn]?\s+(?:an?\s+)?(?:\w+\s+)?(?:growth|inflation|output|prices"
        r"|peak|rise|fall|decline|increase|drop)\b"
        r"|\bsaw\s+(?:growth|inflation|output|prices)\b|\bseeks?\s+to\b|\bintends?\s+to\b"
        r"|\bwants?\s+to\b|\bwarn(?:s|ed|ing)?\s+(?:on\s+\w+\s+)?that\b|\bassum(?:es|ed|ing)\b"
        r"|\baim(?:s|ing)?\s+for\b",
    ),
)
# Every cue starts at a word boundary: testing it once, before the lookahead and the branches,
# spares trying each branch inside words. The lookahead holds the branches' first two letters
# ("demand", "we demand", "would": "de", "we", "wo"), so most words ("rose", "people") fail
# it without trying the branches.
_CUE = re.compile(
    r"\b(?=a[cilprs]|b[ely]|c[ao]|d[er]|e[asx]|f[or]|g[or]|h[ei]|i[nst]|li|m[aeiu]|n[ae]"
    r"|o[fuw]|p[elru]|r[eo]|s[aehtu]|t[ah]|u[lnr]|w[aeio])"
    r"(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in _CUES) + ")",
    IGNORE,
)
_PRECEDENCE = [name for name, _ in _CUES]
# Cues that speak for the whole sentence (an attribution), not only for their clause.
_SENTENCE_WIDE = re.compile(
    r"\breportedly\b|" + _HEARSAY_ACCORDING + r"|\breports?\s+suggest\w*"
    r"|\b(?:will|would|could)\s+not\s+(?:sign|agree|accept|settle)\s+unless\b"
    r"|(?<!an\s)\bestimat(?:es?|ed)\b(?!\s+\d)|\bforecast\w*|\bprojections\b",
    IGNORE,
)
# "an original estimate of €480m" hedges the figure it is of, not the others in its clause.
_ESTIMATE_OF = re.compile(r"estimates?\s+of\b", IGNORE)
_OPINION_CUES = re.compile(
    r"\bexpect\w*|\b(?:un)?likely\b|\bwant(?:s|ed)?\b|\bwill\b|\bwould\b|\bcould\b|\bplann?\w*",
    IGNORE,
)
_SPEECH_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(_SPEECH))})\s+(?:that\s+)?(?:the\s+)?$", IGNORE
)
_TRAILING = re.compile(
    # "…, the minister told deputies.": who was told is no new statement.
    r"(?:\s+(?:(?:the\s+|a\s+)?(?:deputies|reporters|journalists|parliament|lawmakers|MPs"
    r"|senators|councillors|delegates|investors|analysts|news\s+conference|press\s+conference"
    r"|briefing|radio|television)))?"
    # "…, the agency said in its evening briefing on Monday morning.": where and when; a
    # report's title may stand before its noun ("in its annual Harvest Outlook report").
    r"(?:\s+(?:on\s+\w+|in\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,5}?(?:statement|report"
    r"|briefing|update|bulletin|interview|note|post|release|yearbook|review|outlook|survey"
    r"|assessment|figures|data|estimates?|forecast)(?:\s+(?:No\.\s*)?[\w/-]*\d[\w/.-]*)?"
    r"|yesterday|today|last\s+\w+"
    r"|this\s+(?:week|morning|afternoon|evening|month)|earlier\s+today"
    r"|on\s+\w+\s+\d{1,2}|in\s+\w+|morning|afternoon|evening|night)){0,3}"
    # "… said in its yearbook (IHDA-WSY-2037), which …": a reference in brackets.
    r"(?:\s*\([^()]{1,40}\))?"
    # (a bullet ends at its line's end, with no full stop)
    r"[^\S\n]*(?:[,.;:\"”)\n]|$)"
)
_HIS_GROUP = re.compile(
    r"(?:^|\s)(?:[Hh]is|[Hh]er)\s+(?:\w+\s+)?(?:group|party|office|team|campaign|aides?"
    r"|allies|supporters)$"
)
# The words ending every match of ``_HIS_GROUP``.
_GROUP_WORDS = (
    "group",
    "party",
    "office",
    "team",
    "campaign",
    "aide",
    "aides",
    "allies",
    "supporters",
)
_VERB_CUE = re.compile(
    r"demand(?:s|ed|ing)?\b|promis(?:e|es|ed)\b|needs?\s|call(?:s|ed|ing)?\s"
    r"|propos(?:e|es|ed|ing)\b|offer(?:s|ed)\b"
    r"|ask(?:s|ed|ing)?\b|urg(?:e|es|ed|ing)\b|insist|appeal|wants?\b",
    IGNORE,
)
_SPEECH_VERB = re.compile(r"\b(?:said|says|told|tells|added)\b(?!\s+(?:in|on)\b)")
# "…, trimming subsidies that have cost €1.8 billion a year": a fact, not a term of the plan.
_DIGITS = re.compile(r"\d[\d.,]*\d|\d")
_REDUCED_RELATIVE = re.compile(r"(?:\s+[a-z]+)?\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}")
_PAST_RELATIVE = re.compile(r"\b(?:that|which)\s+(?:have|has|had)\b")
_SUBJECT_NAME = re.compile(
    r"(?:The\s+)?(?:(?P<of>[a-z]+|[A-Z][a-z]+)\s+(?:from|of|at)\s+(?:the\s+)?)?"
    r"(?P<x>[A-Z][\w&'’-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w&'’-]*){0,4})"
    r"(?=\s+(?:on\s+\w+\s+)?(?:(?:has|have|had)\s+)?(?:[a-z]+ed|gave|sent|put|drew|wrote"
    r"|brought|laid|set)\b)"
)
# "The opposition Liberal Alliance tabled …", "The Kovac Institute, which polls by phone,
# has …": a named organisation opening a sentence with a verb.
_OPENING_ORG = re.compile(
    r"(?:The\s+)?(?:[a-z]+\s+){0,2}"
    r"(?P<x>[A-Z][\w&'’-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w&'’-]*){0,5})"
    r"(?:\s*\([A-Z]{2,6}\))?(?:,\s+(?:which|a|an|the)\s+[^,.;]{1,80},)?"
    r"\s+(?:has|have|had|is|are|was|were|will|[a-z]+ed|[a-z]+s)\b"
    # "The Civic Union has 25%": a figure right after the verb describes the subject.
    r"(?!\s+(?:on\s+|at\s+)?(?:about\s+|some\s+|just\s+)?[\d€$£])"
)
# "Zelvor's foreign ministry answered …": an owner's organisation opening a sentence.
_OPENING_OWNED_ORG = re.compile(
    r"(?P<x>[A-Z][\w-]*['’]s\s+(?:[a-z]+\s+){0,2}(?P<noun>[a-z]+))"
    r"\s+(?:has|have|had|is|are|was|were|will|[a-z]+ed|[a-z]+s)\b"
)
_ADDED_SPEECH = re.compile(r"\s*(?:[,.;:\"“”]|that\b)")
_SAID_AFTER_APPOSITION = re.compile(
    r"(?:,|[\"”’])\s*(?:said|says|told|added)\s+(?:the\s+|a\s+|its\s+|their\s+)?[\w'’ -]{1,40}?,\s+"
    r"(?P<x>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,2})(?=\s*[,.;]|\s*$)"
)
_OWNER_OF_NOUN = re.compile(
    r"^([a-z]+)['’]s\s+(?:analysts|experts|officials|researchers|economists|staff|scientists"
    r"|statisticians|spokesperson|spokesman|spokeswoman)$"
)
# "The minister said": the person last named with that title.
_PERSON_TITLES = words(
    """minister president mayor chancellor governor secretary senator envoy ambassador premier
    director commissioner chairman chairwoman chair"""
)
# Nouns that refer back to the last named source: "The survey found …".
_DATA_REFS = words("survey poll study report census analysis")
# "the report says", "the study found" name the source named last ("The poll put …" does
# not: a poll's figures wait for their pollster, often named at the sentence's end).
_REPORT_NOUNS = words("report study census analysis")
_SUBJECT_WORDS = 6
_RELATIVE_START = re.compile(r"[,(]?\s*(?:which|who)\s+(?!would\b|will\b)", IGNORE)
_THAT_BEFORE = re.compile(r"\b(?:that|which)\s+(?:the\s+)?$")
_POLL = re.compile(r"\b(?:polls?|surveys?)\b", IGNORE)
_NUMBER_TOKEN = re.compile(r"[\w.,-]+")
_PUT = re.compile(r"put", IGNORE)
_FIGURE_NOUN_BEFORE = re.compile(r"^(?:figure|number|total|estimate|sum|count)\s+(?=[A-Z])")
_DATA_OF = re.compile(
    r"^(?:the\s+)?(?:latest\s+|official\s+|new\s+)?(?:data|figures|statistics|records|count"
    r"|estimates?|calculations)\s+(?:of|from|by)\s+",
    IGNORE,
)
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+[^,;]*$", IGNORE)
_WITH_REST = re.compile(r",\s*with\s+(?:the\s+)?[A-Z]")
_RESTATEMENT = re.compile(
    r",\s*(?:or|up|down|twice|double|half|(?:\w+|\d+(?:\.\d+)?)\s+times|roughly|about|around"
    r"|some|nearly|almost|of\s+whom|of\s+which)\s(?!from\b)",
    IGNORE,
)
# ", and police estimated …": a new clause with its own subject hedges only itself.
_OUTCOME_FORECAST = re.compile(
    rf"\b(?:{OUTCOME_NOUNS})\s+(?:would|will|could)\s+(?:\w+\s+){{0,3}}$", IGNORE
)
_OUTCOME_AFTER = re.compile(
    r"\s+(?:new\s+|more\s+)?(?:jobs|deaths|cases|homes|people)\s+(?:would|will|could)\b", IGNORE
)
_PAST_PERIOD_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:last|the\s+previous|the\s+year\s+before)\s+"
    r"(?:year|season|month|week|winter|summer|spring|autumn|quarter)\b"
    r"|(?:\s+[\w'’-]+){0,3}?\s+a\s+year\s+(?:earlier|before|ago)\b",
    IGNORE,
)
# A subordinate clause after the figure ("as farmers sold animals they could not feed"),
# not "as its target".
_SUBORDINATE = re.compile(
    r"\s(?:as|because|since|although|though|after|before)\s"
    r"(?!(?:its|their|his|her|an?|the)\s+(?:\w+\s+)?(?:target|goal|aim|ceiling|cap|limit)\b)",
    IGNORE,
)


def _subordinate_between(text: str, start: int, end: int) -> bool:
    # The lookahead reads past ``end``: "as its target" ends after the cue's start.
    m = _SUBORDINATE.search(text, start, min(len(text), end + 40))
    return bool(m) and m.start() < end


_IF_HELD = re.compile(
    r"\bif\s+(?:the\s+)?(?:\w+\s+)?(?:election|vote|referendum)\s+were\s+held\b", IGNORE
)
_AND_SAYS = re.compile(r",\s+and\s+(?:says|said|warns|warned|adds|added)\b")
_TRAILING_ESTIMATE = re.compile(r"estimates?\s*[.;]|estimated\s*[.;]", IGNORE)
_EXPECT_VERB = re.compile(r"expects?\b|forecasts?\b|projects\b|predicts?\b", IGNORE)
_SHORT_SUBJECT = re.compile(r"(?:[\w'’-]+\s+){1,4}")
_ELAPSED_AFTER = re.compile(
    r"(?:[\w,.-]+\s+){1,3}?(?:years?|months?|weeks?|days?|decades?)\s+of\s+(?:war|fighting"
    r"|conflict|talks|shelling)\b",
    IGNORE,
)
_OF_THE_BEFORE = re.compile(
    r"\bof\s+(?:the|its)\s+(?:[A-Z][\w-]*['’]s\s+)?$|\bthe\s+(?:whole|entire|full)\s+$"
)
_WHOLE_AFTER = re.compile(
    r"\s+(?:seats|members|regions|districts|states|provinces|counties)\b"
    r"|\s?(?:km|kilometres|miles)\s+of\s+(?:the\s+)?(?:border|front|coast|line|river)\b"
    r"|\s+(?:seats\s+)?needed\s+for\s+(?:a\s+)?majority\b"
)
_NEW_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s", IGNORE)
# "The target, he said, is to cut …": a target or goal as the subject hedges its sentence.
_TARGET_SUBJECT = re.compile(r"(?:The|Its|Their|Our|His|Her)\s+(?:[\w-]+\s+)?$")
_TARGET_WORD = re.compile(r"(?:targets?|goals?|aims?|ambition)\b", IGNORE)
# Round 20: what an actor means to do is `proposed`, what someone expects to happen
# `projected`. A target or goal ("the 90% target", "its target is 45%", "plans to hire 240
# teachers", "is aiming for at least 40%") and a pledge or a plan's term in "will"/"would" with
# a deliberate act ("the ministry would hire 1,200", "both armies would pull back 12 km",
# "fares will rise by 4.5% in January") are proposed; a forecast ("expects growth to reach",
# "debt would peak at") stays projected.
_INTENT_CUE = re.compile(
    r"targets?\b|goals?\b|aims?\s+to\b|aim(?:s|ing|ed)?\s+(?:for|to)\b|plans?\s+to\b|planned\b"
    r"|planning\s+(?:to|for|an?|the)\b|is\s+set\s+at\b|earmarked\b|seeks?\s+to\b|intends?\s+to\b"
    r"|wants?\s+to\b",
    IGNORE,
)
# "the 90% target", "short of its 2% inflation target", "a target of 6 GW", "Its target is 45%".
_TARGET_AFTER = re.compile(r"\S*\s+(?:[a-z-]+\s+)?(?:target|goal)\b(?!\s+(?:date|year))", IGNORE)
_TARGET_BEFORE = re.compile(
    r"\b(?:target|goal|ambition)s?\s+(?:(?:for\s+\d{4}\s+)?(?:is|was|of|remains)|is\s+set\s+at)"
    r"(?:\s+set\s+at)?\s+(?:[\w-]+\s+){0,3}$",
    IGNORE,
)
_FORECAST_CUE = re.compile(
    r"expect|likely|unlikely|project|forecast|predict|could\b|might\b|may\b|warn|assum|see|saw"
    r"|set\s+to",
    IGNORE,
)
_WILL_VERB = re.compile(
    r"(?:will|would)\s+(?:(?:also|then|each|now|only|still|first|immediately|jointly|together"
    r"|gradually|soon)\s+)*(?P<verb>be\s+[a-z]+|[a-z]+)",
    IGNORE,
)
# Verbs of deliberate acts: what an actor, a plan or a budget does.
_ACT_VERBS = words(
    """pay hire send offer pull withdraw swap free release exchange patrol hold keep open
    reopen spend receive give build set cut raise cap lower extend deploy station hand provide
    fund allocate invest add close shed trial start rebuild number run follow admit evacuate
    recruit train freeze double triple halve scrap abolish introduce charge levy
    guarantee grant buy sell demobilise disarm stop serve carry move place
    hand pledge commit return resettle lift put mark govern administer oversee
    monitor guard replace reduce remove integrate absorb join host share finance contribute
    allow let permit halt suspend resume restore reconnect recognise establish form create"""
)
_ACT_PASSIVES = words(
    """held exchanged paid set limited handed released freed deployed hired built given drawn
    raised kept evacuated amnestied patrolled demobilised capped opened removed withdrawn
    moved placed stationed funded allocated invested spent offered swapped admitted delivered
    supplied guaranteed granted returned resettled created closed frozen introduced scrapped
    abolished extended reopened disbanded disarmed"""
)
# "the package would cut the deficit to 2.1%", "a sale would raise €3.4 billion", "which the
# ministry says will keep 1.5 million tonnes": what a measure is expected to bring about.
_EFFECT_SUBJECT = re.compile(
    r"\b(?:package|sale|levy|tax|measures?|changes?|cuts?|rises?|runway|move|ban|reform|policy)"
    r"\s+(?:[\w'’-]+\s+){0,3}$"
    r"|\bwhich\s+(?:(?:[\w'’-]+\s+){1,3}(?:says?|said|thinks|believes)\s+)?$",
    IGNORE,
)
# Leaving a place (a term), not leaving someone with debts, without a vaccine or in range.
_LEAVE_PLACE = re.compile(
    r"\s+(?:the|a|an|its|their|all)\s+(?![^.;]*\b(?:with|without|exposed|undefended|open"
    r"|short|vulnerable|behind|in\s+range|within\s+(?:\w+\s+)?(?:range|reach))\b)",
    IGNORE,
)
_PLAN_DEMANDS = re.compile(
    r"\s*(?:It|(?:The|This|Its)\s+(?:[\w,-]+\s+){0,4}(?:plan|proposal|counter-proposal|text|draft"
    r"|framework|document|roadmap))\b[^.;]{0,140}?\bdemands?\s+that\b"
)
# "pension spending rises by half a billion euros each year under current rules": a trend.
_TREND_AFTER = re.compile(r"\b(?:each|every)\s+year\b|\bunder\s+current\b|\bannually\b", IGNORE)
_FROM_BEFORE = re.compile(r"\bfrom\s+\S*$", IGNORE)
_PRESENT_CHANGE = re.compile(
    r"\b(?:rises|falls|goes\s+(?:up|down)|increases|drops|doubles|is\s+(?:cut|raised|frozen"
    r"|lowered|doubled|halved|capped|set))\s+(?:by\s+|to\s+)?(?:[\w€$£.,%-]+\s+){0,3}?$",
    IGNORE,
)
_TAKE_OVER = re.compile(r"\s+(?:over|charge|control|part|up\s+posts)\b", IGNORE)
_CHANGE_VERBS = words("rise fall increase go climb drop")
# What a budget or an operator sets, not what an economy does.
_POLICY_SUBJECT = re.compile(
    r"\b(?:spending|fares?|tax(?:es)?|VAT|duty|duties|levy|pensions?|minimum\s+wage|benefits?"
    r"|allowance|fees?|fines?|tariffs?|tolls?|charges?|salar(?:y|ies)|prize\s+money|subsid(?:y|ies)"
    r"|grants?|budget|rate\s+of\s+income\s+tax|price\s+cap|wages?)\b[^.,;]{0,30}$",
    IGNORE,
)
# A promise's deadline: "a grant of 4,000 euros, to be paid within 14 days".
_TO_BE_PAID = re.compile(
    r",\s+to\s+be\s+(?:paid|handed\s+over|delivered|released)(?:\s+out)?\s+(?:within|over|in)\s+$",
    IGNORE,
)
_UNIT_BEFORE_NOUN = re.compile(
    r"[\d][\d,.]*\s?(?:MW|GW|kW|MWh|GWh|TWh|km|kV|m)\s+(?:(?!of\b)[a-z]+\s+)?(?:farm|battery|plant|line"
    r"|park|station|unit|cable|road|tunnel|bridge|project|site|array|reactor|turbine)s?\b"
)
_RESPONDENTS_WOULD = re.compile(
    r"(?:%|\bper\s?cent|\bin\s+(?:ten|five|four|three|\d+)|\brespondents|\bvoters|\bthose\s+asked"
    r"|\bof\s+(?:them|those))(?:\s+said\s+they)?\s+would\b",
    IGNORE,
)
_BARE_VERB = re.compile(r"[,;]?\s*(?:and\s+|then\s+)?(?P<verb>[a-z]+)\s")
_COST_VERB = re.compile(r"(?:will|would|could)\s+(?:\w+\s+)?(?:cost|save)\b", IGNORE)
_STAYS_SHUT = re.compile(
    r"(?:will|would)\s+(?:stay|remain|be\s+kept)\s+(?:closed|shut|open|cut\s+off)\b", IGNORE
)
# "the poll finds Castelane would beat …", "Cobbwell found Tepper would beat …"
_POLL_FOUND = re.compile(
    r"\b(?:poll|survey|pollster|it|[A-Z]\w+)\s+(?:also\s+)?(?:finds|found|shows|showed)\s+"
    r"(?:that\s+)?[^,.;]{0,40}\bwould\b(?=[^,.;]*$)"
)
# "the plan's 40 km", "the mediators' 25 km", "the draft's proposed 30 days": a plan's figure
# named as the plan's, whoever speaks of it.
_PLANS_OWN = re.compile(
    r"\b(?:the|its|this|that)\s+(?:[\w-]+\s+)?(?:plan|draft|proposal|framework|roadmap|accord"
    r"|deal|text|offer|mediators|envoys?)(?:['’]s|(?<=s)['’])\s+(?:own\s+|proposed\s+)?$",
    IGNORE,
)
# "The Calmarsh plan has three parts": the plan's size is a fact about it.
_PLAN_SIZE_BEFORE = re.compile(r"\bha(?:s|ve)\s+$|\bin\s+$")
_PLAN_SIZE_AFTER = re.compile(
    r"\s*(?:parts|points|pillars|elements|stages|phases|strands|articles)\b"
)
# In a plan's sentence, someone's forecast or estimate of it is that, not a term of the plan.
_FORECAST_NOUN = re.compile(r"forecast\w*|projections?\b", IGNORE)
# "down from 2.9%", "unemployment, now 6.4%,": where a change starts and the present are
# facts, whatever the sentence forecasts or proposes.
_STARTING_POINT = re.compile(
    # Searched before every figure: the lookahead (the first letters of the branches) lets
    # the engine pass over the other words without trying each branch.
    r"\b(?=[fnatbhwdu])"
    r"(?:\bfrom|\bnow"
    # A plan's history is a fact: "began with an initial 14 stations", "down from an initial
    # 31", "has since been trimmed to 11".
    # ("for an initial 12 months" is a term's length, not its history)
    r"|(?<!\bfor\s)\b(?:an?|the)\s+(?:initial|original|first)|\bbegan\s+(?:with|as)"
    r"|\b(?:has|have|had|was|were)\s+(?:since\s+)?been\s+(?:cut|trimmed|reduced|shortened"
    r"|raised|expanded|increased|lowered)\s+to|\b(?:down|up)\s+from\s+(?:the|its|their))"
    r"\s+(?:(?:about|around|roughly|some|nearly"
    r"|almost|just|over|under|more\s+than|less\s+than)\s+)?$",
    IGNORE,
)
# "the Relief Agency for the Midlands (RAM)": later "RAM" is that name.
_ACRONYM_DEFINED = re.compile(
    r"(?P<n>[A-Z][\w&'’-]*(?:\s+(?:(?:of|for|and|the|on|de)\s+)*[A-Z][\w&'’-]*){0,6})"
    r"\s+\((?P<a>[A-Z]{2,6})\)"
)
_ACRONYM_END = re.compile(r"\s*\((?P<a>[A-Z]{2,6})\)$")
# "analysts at the brokerage Helm & Ostra": the analysts speak for the firm named.
_STAFF_AT = re.compile(
    r"^(?:the\s+)?(?:analysts|economists|experts|researchers|officials|staff|scientists)\s+"
    r"(?:at|from|with)\s+",
    IGNORE,
)
# "According to a copy seen by this newspaper": access to a document, not its source.
_SEEN_BEFORE = re.compile(
    r"\b(?:seen|obtained|read|reviewed|leaked)\s+(?:in\s+)?(?:draft|copy)?", IGNORE
)
_SEEN_BY = re.compile(r"\b(?:seen|obtained|reviewed)\s+by\b", IGNORE)
# A relative clause between a subject and its verb: "AgriUnion, which represents 42,000 …,".
_RELATIVE_BEFORE_VERB = re.compile(
    r",\s*(?:which|who|(?:led|run|founded|backed|chaired|headed|owned)\s+by)\s[^;:()\"“”]{1,90},$"
)
# "The Kovac Institute in Darven found": the place after a name is not the source.
_ORG_IN_PLACE = re.compile(r"(?P<o>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4})\s+(?:in|at)\s+$")
# A possessive naming a title, not an owner: "its annual State of the Nation's Health report".
_OWNED_BEFORE = re.compile(r"\b(?:its|their|his|her|our)\s+(?:[a-z]+\s+){0,2}$", IGNORE)
# A question-and-answer interview: "Q: …" asks, "A: …" answers.
# A release's head: "Basalt Policy Centre · Policy Brief No. 41", "PRESS RELEASE | VAREN".
_ISSUER_SEPARATOR = re.compile(r"\s+[·|]\s+")
_ISSUER_TITLE = re.compile(r"(?P<x>[A-Z][^:]{2,60}):\s")
_ISSUER_NAME = re.compile(
    r"(?:The\s+)?[A-Z][\w&'’-]*(?:\s+(?:(?:of|for|and|the)\s+)*[A-Z][\w&'’-]*){1,6}"
)
# A publication's own name, not the organisation whose figures it reports.
_OUTLET_NAME = re.compile(
    r"\b(?:Notes|Weekly|Daily|Digest|Briefing|Bulletin|Letter|Newsletter|Times|Post|Herald"
    r"|Gazette|Courier|Echo|Wire|News|Tribune|Chronicle|Observer|Journal|Courant|Dispatch"
    r"|Sentinel|Standard|Register|Mail|Express|Mirror|Star|Record|Examiner|Independent|Inquirer"
    r"|Globe|Guardian|Telegraph|Advertiser|Almanac|Clarion|Argus|Citizen|Beacon)$"
)
_BRIEF_DATELINE = re.compile(r"[A-Z][A-Z'’-]{2,}(?:\s+[A-Z][A-Z'’-]{2,}){0,2}\s+[-–—]\s+")
_TRAILING_ACRONYM = re.compile(r"\s*\([A-Z]{2,8}\)$")
# A release's own label in its head: "PRESS RELEASE | Hesterland Fire Agency | Ref. …".
_RELEASE_WORDS = re.compile(
    r"(?:(?:press|news|media)\s+(?:release|statement|notice|briefing)|statement|for\s+immediate"
    r"\s+release|embargoed?|update|news|notice)",
    IGNORE,
)
_TURN = re.compile(r"^(?P<t>[QA]):\s")
_FROM_TO = re.compile(r"\bfrom\s+$", IGNORE)
_DEFINITE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# A figure that describes the noun after it: "151-seat chamber", "1,100 MW Ostrel unit".
_MEASURE_ADJECTIVE = re.compile(
    r"[\d][\d,.]*(?:-[a-z]+\s+[a-z]+|\s?(?:MW|GW|kW|km|m|kV)\s+[A-Z][a-z])"
)
# The figure, then a relative clause's subject and auxiliary: "14% [that] the utilities had ".
_OBJECT_OF_LATER_VERB = re.compile(
    r"[^\s,;]+(?:\s+[a-z]+)?\s+(?:that\s+)?(?:the|its|their|our)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:had\s+|have\s+|has\s+)?(?:originally\s+|initially\s+)?"
)
# An owner's possessive before a lower-case noun: "Dravenia's defence ministry".
_OWNER_POSSESSIVE = re.compile(r"(?<=[A-Z][a-z])([a-z]*)['’]s\s+(?=[a-z])")


@dataclass(frozen=True)
class Attribution:
    """A claimant found in a sentence, with where its pattern sits."""

    pos: int
    name: str
    strength: int  # 2: according to / by / possessive; 1: subject of a reporting verb
    phrase: str = ""  # the name with its description ("monitoring group Forest Watch Asia")
    kind: str = "any"  # "person", "org" or "any"; "pronoun:<kind>" until resolved
    covers_before: bool = False  # "The estimates were published by X"
    relative: bool = False  # "…, which the department said …": covers nothing before it
    aside: bool = False  # "(Osterland says …)": covers its brackets, not what follows


@dataclass(frozen=True)
class Mention:
    """A named person or organisation, a possible antecedent of "he" or "the agency"."""

    pos: int
    name: str
    kind: str
    phrase: str


class Attributor:
    """Claimant and modality lookups for one document; patterns run once over the text."""

    def __init__(self, doc: Document, actors: Iterable[ActorRef] = ()) -> None:
        self.doc = doc
        self._actors = _ActorIndex(actors)
        self._by_sentence: dict[int, list[Attribution]] = defaultdict(list)
        self._cues: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._mentions: list[Mention] = []
        self._inherited: dict[int, str] = {}
        self._covered: set[int] = set()
        self._acronyms: dict[str, str] = {}
        self._polls: dict[int, bool] = {}  # sentence index -> names a poll (``_has_poll``)
        self._own: dict[tuple[int, int | None], str] = {}  # ``own_claimant``'s answers
        self._positions: dict[int, list[int]] = {}  # sentence index -> its attributions' pos
        for m in _ACRONYM_DEFINED.finditer(doc.text):
            name = _drop_determiner(m.group("n"))
            if name and m.group("a") not in self._acronyms:
                self._acronyms[m.group("a")] = f"{name} ({m.group('a')})"
        # "The grid operator, TarviaGrid, …": later "the grid operator" and "the operator"
        # are TarviaGrid.
        self._roles: list[tuple[int, str, str]] = [
            (m.start(), m.group("role").lower(), m.group("name"))
            for m in _ROLE_APPOSITION.finditer(doc.text)
        ]
        self._role_starts = [at for at, _, _ in self._roles]
        self._expanded: dict[str, str] = {}
        self._anonymous: set[int] = set()  # where unnamed sources are described
        self.issuer = self._find_issuer()
        self._find_mentions()
        self._find_attributions()
        for m in _CUE.finditer(doc.text):
            self._cues[doc.sentence_at(m.start()).index].append((m.start(), m.lastgroup or ""))
        self._intro_of: dict[int, int] = {}
        intro: int | None = None
        for sentence in doc.sentences:
            if self._introduces_list(sentence):
                intro = sentence.index
            elif sentence.list_item and intro is not None:
                self._intro_of[sentence.index] = intro
            else:
                intro = None
        self._resolve_all()
        self._follow_the_text()

    # --- claimants ---------------------------------------------------------------------
    def _find_mentions(self) -> None:
        text = self.doc.text
        for m in _PERSON_MENTION.finditer(text):
            name = m.group("x") or m.group("y") or m.group("z")
            if name and not _looks_like_org(name) and not self._unread(m.start()):
                # "Kestrava's foreign minister, Elise Brandt,": the title before the commas
                # is hers, so a later "the minister" finds her.
                phrase = m.group() if m.group("x") else text[max(0, m.start() - 40) : m.end()]
                self._mentions.append(
                    Mention(m.start(), strip_titles(name), "person", phrase.strip(" ,"))
                )
        for m in _ORG_MENTION.finditer(text):
            if self._unread(m.start()):
                continue
            name = m.group().strip()
            first = name.split()[0].lower()
            if first in _FUNCTION_WORDS or first in _CALENDAR or first in _DETERMINERS:
                name = " ".join(name.split()[1:])
            name = _POSSESSIVE.sub("", name)
            if text[m.end() : m.end() + 1] == "/" or text[m.start() - 1 : m.start()] == "/":
                continue  # "(report WHC/STAT/37)": a reference code, no organisation
            if name and (_looks_like_org(name) or name.isupper() or name.startswith("PT ")):
                line_start = text.rfind("\n", 0, m.start()) + 1
                if _OWNED_BEFORE.search(text, max(line_start, m.start() - 40), m.start()):
                    continue  # "in its annual World Trade Review": a title, not who wrote it
                name = self._acronyms.get(name, name)
                phrase = text[max(0, m.start() - 40) : m.end()]
                self._mentions.append(Mention(m.start(), name, "org", phrase))
        for sentence in self.doc.sentences:
            if section := self._section_name(sentence):
                self._mentions.append(Mention(sentence.start, section, "org", section))
            owned = _OPENING_OWNED_ORG.match(text, sentence.start, sentence.end)
            if owned and owned.group("noun") in ORG_WORDS and not sentence.quiet:
                name = owned.group("x")
                self._mentions.append(Mention(owned.start(), name, "org", name))
            # "The health ministry has ordered …": an organisation "it" may refer to.
            m = _SUBJECT_ORG.match(text, sentence.start, sentence.end)
            if m is None or sentence.quiet:
                continue
            subject = m.group("x").split()
            head = next((i for i, w in enumerate(subject) if w in SOURCE_NOUNS), None)
            after = text[m.end() : m.end() + 2].strip()
            named_next = head == len(subject) - 1 and after[:1].isupper()
            if head is not None and not named_next:
                name = " ".join(subject[: head + 1])
                self._mentions.append(Mention(m.start("x"), name, "org", name))
        # "1.8 GW of the 3 GW", "5% of GDP": a unit symbol is never someone mentioned.
        self._mentions = sorted(
            (x for x in self._mentions if x.name.lower() not in _UNIT_SYMBOLS), key=lambda x: x.pos
        )
        self._mention_starts = [x.pos for x in self._mentions]

    def _find_attributions(self) -> None:
        text = self.doc.text
        for rx in (_ACCORDING, _BY):
            for m in rx.finditer(text):
                if rx is _ACCORDING and _SEEN_BY.search(m.group("x")):
                    continue  # "a copy seen by this newspaper": who read it, not who wrote it
                if rx is _BY and _SEEN_BEFORE.search(text, max(0, m.start() - 20), m.start() + 12):
                    continue  # "seen in draft by the Clarion": the outlet that read it
                raw = m.group("x")
                if rx is _ACCORDING:
                    # "according to the data of the Vennsel weather office": the office
                    raw = _DATA_OF.sub("", raw, count=1)
                name, phrase = _name_from_phrase(raw)
                appositive = _APPOSITIVE_NAME.match(text, m.end())
                if name and name.islower() and appositive:
                    name = appositive.group(1)  # "according to the regulator, Velreg, …"
                if name:
                    sentence = self.doc.sentence_at(m.start())
                    covers = bool(_COVERS_BEFORE.match(self.doc.text_of(sentence)))
                    # "a survey by Polaris Opinion": who runs surveys is an organisation.
                    kind = "org" if _DATA_NOUN_START.match(m.group()) else "any"
                    self._add(m.start(), name, 2, phrase, kind=kind, covers_before=covers)
        for m in _POSSESSIVE_SOURCE.finditer(text):
            raw, start = m.group("x"), m.start()
            if "\n" in raw:
                # "… by Mireille Okonjo\n\nDunmarra Grid's annual report": a name never runs
                # over a line break.
                cut = raw.rindex("\n") + 1
                raw, start = raw[cut:], start + cut
            name = strip_titles(raw)
            line_start = text.rfind("\n", 0, start) + 1
            if _OWNED_BEFORE.search(text, max(line_start, start - 40), start):
                continue  # "its annual State of the Nation's Health report": a title
            if name and name.lower().split()[0] not in _FUNCTION_WORDS:
                # "a deficit that the Finance Ministry's forecast puts at 2.3%": covers only
                # what follows it in its relative clause.
                relative = bool(_THAT_BEFORE.search(text, max(line_start, start - 12), start))
                self._add(start, name, 2, text[max(0, start - 40) : m.end()], relative=relative)
        for m in _POSSESSIVE_NOUN_SOURCE.finditer(text):
            if m.group("x").split()[-1] in SOURCE_NOUNS and not self._embedded(m.start()):
                self._add(m.start("x"), m.group("x"), 2)
        for m in _ANONYMOUS.finditer(text):
            # "…, two people familiar with the coalition talks said.": sources the text will
            # not name, described as it describes them (without their head count).
            trailing = bool(_TRAILING.match(text, m.end()))
            self._add(m.start("x"), m.group("x"), 1, kind="person", relative=not trailing)
            self._anonymous.add(m.start("x"))
        for m in _WHOM_PUT.finditer(text):
            # "prisoners, whom the Kolvany Prisoner Welfare Committee puts at about 2,700,":
            # the relative clause's figure is its subject's.
            if m.group("x").lower() not in _PRONOUNS:  # "which it puts at": left to "it"
                self._add(m.start("x"), _drop_determiner(m.group("x")), 2)
        for m in _SOURCE_LABEL.finditer(text):
            if not self.doc.sentence_at(m.start()).heading:
                # "Grain stuck in port: 410,000 tonnes (Source: Harbour Authority of Selk)"
                self._add(m.start("x"), m.group("x"), 2, kind="org")
        for m in _POSSESSIVE_BODY_SOURCE.finditer(text):
            if not self._embedded(m.start()):
                self._add(m.start("x"), _drop_determiner(m.group("x")), 2)
        for m in _POSSESSIVE_PRONOUN_SOURCE.finditer(text):
            if self._in_speech(m.start()):
                continue  # "She said … its target is …": hers, not the organisation's
            self._add(m.start(), m.group("p").lower(), 2, kind="pronoun:org")
        for m in _NAMED_DATA.finditer(text):
            if _POSSESSIVE.search(text, max(0, m.start() - 3), m.start() - 1 if m.start() else 0):
                continue  # "the Nation's Health report": part of a title
            line_start = text.rfind("\n", 0, m.start()) + 1
            if _OWNED_BEFORE.search(text, max(line_start, m.start() - 40), m.start()):
                continue  # "its annual Harvest Outlook report": a title; its owner is the source
            name = strip_titles(_drop_determiner(m.group("x")))
            first = name.split()[0].lower() if name else ""
            if name and first not in _FUNCTION_WORDS | _CALENDAR_LOWER | _BOX_WORDS:
                self._add(m.start(), name, 2)
        for sentence in self.doc.sentences:
            # A polls box: "3. Castell Opinion, 1,520 adults: deal 44%, against 41%."
            boxed = _POLL_LINE.match(text, sentence.start, sentence.end)
            if boxed:
                self._add(boxed.start("x"), boxed.group("x"), 2, kind="org")
        shows = _SHOW_SOURCE.finditer(text) if _SHOWS_ANYWHERE.search(text) else ()
        for m in shows:
            name = _name_before(m.group("x"))
            if name:
                self._add(m.start(), name, 2)
        for m in _VERB.finditer(text):
            self._verb_attribution(m)
        for m in _SAID_AFTER.finditer(text):
            name = strip_titles(_drop_determiner(m.group("x")))
            if name:
                self._add(m.start(), name, 1)
        for m in _SAID_AFTER_APPOSITION.finditer(text):
            # "…," said the bank's chief economist, Paavo Rinne.
            self._add(m.start(), m.group("x").rstrip("."), 1, m.group(), kind="person")

    def _unread(self, pos: int) -> bool:
        """In a quiet line that names no one for later: a line that introduces a list ("The
        Joint Relief Office says:") is read, so "the agency" after it is that office."""
        sentence = self.doc.sentence_at(pos)
        return sentence.quiet and not self._introduces_list(sentence)

    def _introduces_list(self, sentence: Sentence) -> bool:
        """ "GridHarv's winter outlook sets out how the gap would be filled:" is no heading
        to its list: its source covers the items."""
        return sentence.heading and self.doc.text[sentence.end - 1] == ":"

    def _in_speech(self, pos: int) -> bool:
        """After a speech verb in its sentence: "She said … its target is …"."""
        sentence = self.doc.sentence_at(pos)
        return bool(_SPEECH_VERB.search(self.doc.text, sentence.start, pos))

    def _embedded(self, pos: int) -> bool:
        """Inside what someone says: "Vik said the council's plan would …"."""
        sentence = self.doc.sentence_at(pos)
        before = self.doc.text[max(sentence.start, pos - 40) : pos]
        return bool(_SPEECH_BEFORE.search(before))

    def _verb_attribution(self, m: re.Match[str]) -> None:
        text = self.doc.text
        sentence = self.doc.sentence_at(m.start())
        window = text[max(sentence.start, m.start() - 120) : m.start()]
        verb = m.group("v").lower()
        if verb in ("added", "adds") and not _ADDED_SPEECH.match(text, m.end()):
            return  # "Employers added 18,000 jobs": added to something, not said
        if verb in _NOUN_LIKE_VERBS and _POSSESSIVE.search(window):
            return  # "Russia's demands": a noun, not a verb
        if (
            verb in ("demand", "report", "estimate", "claim")
            and not _PLURAL_SUBJECT.search(window)
            and not _STAFF_OF.search(window.rstrip())
        ):
            return  # "Peak demand reached 9.8 GW": a noun after a singular word
        window = _strip_noise(window)
        # The window has no trailing space, so every match of ``_HIS_GROUP`` ends the window
        # with its last word: an ``endswith`` spares the search at most verbs.
        if window.endswith(_GROUP_WORDS) and _HIS_GROUP.search(window):
            # "Her group had proposed …": the group of the person named last.
            self._add(m.start(), "her", 1, kind="pronoun:person")
            return
        # The pronoun and the character before it are the last five at most.
        pronoun = _PRONOUN_BEFORE.search(window, max(0, len(window) - 5))
        if pronoun:
            kind = _PRONOUNS[pronoun.group("p").lower()]
            self._add(m.start(), pronoun.group("p").lower(), 1, kind=f"pronoun:{kind}")
            return
        # The cheap match after the verb first: both are tests without side effects.
        if _CLAUSE_ENDS.match(text, m.end()) and _WHAT_THEY_SAY.search(window):
            return  # "Here is what it contains and what its critics say.": no one says it yet
        name, ahead = _name_before_cleaned(window)
        if not name:
            return
        phrase = window[len(ahead) :].strip(" ,")
        if verb in _NOUN_LIKE_VERBS and _OWNED_BEFORE.search(ahead):
            return  # "in its annual Labour Statistics report": a title, and a noun
        if self._common_noun(name, sentence):
            return  # "Waiting lists are …", "Exports, which earned …, are expected": no name
        # "Semin said Drasnia demanded …": the inner source is part of what Semin says.
        # Both patterns below end the text and span at most three words ("said that the "):
        # searching the last three costs the same however long ``ahead`` is.
        if _REPORTED_SPEECH_BEFORE.search(_last_words(ahead, 3)):
            return
        # "55% of Russians expect …": who was asked, not who says it.
        # It spans three words at most ("in Kestrava the "), as the two above.
        if verb in _OPINION and _ASKED_BEFORE.search(_last_words(ahead, 3)):
            return
        # Only "…, X said." covers figures before it; "X said payments would begin" states
        # something new, and "which X said" belongs to its relative clause.
        relative = bool(_RELATIVE_PRONOUN_BEFORE.search(_last_words(ahead, 3)))
        trailing = bool(_TRAILING.match(text, m.end()))
        self._add(m.start(), name, 1, phrase, relative=relative or not trailing)

    def _common_noun(self, name: str, sentence: Sentence) -> bool:
        """A capitalised word opening a sentence that the text also writes in lower case
        ("Exports" and "wheat exports") is a common noun, not a name."""
        if " " in name or name.lower() in SOURCE_NOUNS or _looks_like_org(name):
            return False
        opening = self.doc.text[sentence.start : sentence.start + len(name) + 3]
        if not opening.lstrip("\"“'‘ ").startswith(name):
            return False
        return bool(re.search(rf"\b{re.escape(name.lower())}\b", self.doc.text))

    def _add(
        self,
        pos: int,
        name: str,
        strength: int,
        phrase: str = "",
        kind: str = "any",
        covers_before: bool = False,
        relative: bool = False,
    ) -> None:
        sentence = self.doc.sentence_at(pos)
        if sentence.quiet and not self._introduces_list(sentence):
            return
        if not kind.startswith("pronoun") and not _can_be_a_name(name):
            return  # "Three polls landed", "Do voters want …?", "whose survey was": no one
        # "a figure Ferrandine's central bank put at 1.2%": the bank, not "figure …"
        name = _FIGURE_NOUN_BEFORE.sub("", name, count=1)
        # "Dravenia's defence ministry" stays as the text writes it; actors are matched
        # without the possessive (``_ActorIndex.match``).
        name = self._acronyms.get(name, name)
        if kind == "any":
            kind = _kind_of(name, phrase)
        opened = self.doc.text.rfind("(", sentence.start, pos)
        aside = opened >= 0 and self.doc.text.find(")", opened, pos) < 0
        if aside and _SOURCE_LABEL.match(self.doc.text, opened):
            aside = False  # "(Source: Ostrevin Relief Council)" names the line's source
        self._by_sentence[sentence.index].append(
            Attribution(pos, name, strength, phrase or name, kind, covers_before, relative, aside)
        )

    def _resolve_all(self) -> None:
        """Resolve "he", "it", "the institute" to who they refer back to, in text order."""
        named: list[Attribution] = []
        for index in sorted(self._by_sentence):
            attributions = []
            for a in sorted(self._by_sentence[index], key=lambda a: (a.pos, -a.strength)):
                resolved = self._corefer(a, named)
                if resolved is None:
                    continue
                attributions.append(resolved)
                if not resolved.kind.startswith("pronoun"):
                    named.append(resolved)
            self._by_sentence[index] = attributions

    def _corefer(self, a: Attribution, named: list[Attribution]) -> Attribution | None:
        if a.kind.startswith("pronoun:") and a.name in ("its", "their", "it", "they"):
            # "…, Corvina Mining said in its annual report", "Tallis Shipping said it had
            # offered …": the source just named in the sentence.
            index = self.doc.sentence_at(a.pos).index
            same = [
                e for e in named if e.pos < a.pos and self.doc.sentence_at(e.pos).index == index
            ]
            if same:
                return replace(a, name=same[-1].name, kind=same[-1].kind)
        if a.kind.startswith("pronoun:"):
            wanted = a.kind.split(":", 1)[1]
            antecedent = self._last_named(a.pos, wanted, named)
            return replace(a, name=antecedent[0], kind=antecedent[1]) if antecedent else None
        name = a.name
        owner = _OWNER_OF_NOUN.match(name)
        if owner:
            # "the institute's analysts": the institute named before.
            name = owner.group(1)
            a = replace(a, name=name)
        if name.islower() and len(name.split()) <= 3 and name.split()[-1] in _REPORT_NOUNS:
            name = name.split()[-1]  # "the annual report says": the report ("Ipsos poll" is named)
        elif name.islower() and 1 < len(name.split()) <= 3:
            # "the fire service said" after the Harlowe Fire and Rescue Service: the named
            # organisation holding every word of the reference
            wanted = set(name.replace("’", "'").split())
            for earlier in reversed(named[-30:]):
                words_of = set(earlier.name.lower().replace("’", "'").split())
                if earlier.kind != "person" and earlier.name[:1].isupper() and wanted <= words_of:
                    return replace(
                        a, name=earlier.name, phrase=f"{name} {earlier.phrase}", kind="org"
                    )
        if " " not in name and name[:1].isupper() and name.lower() in ORG_WORDS:
            # "The Office estimates …" after the Office of the Special Envoy; "the
            # Observatory" after the Global Health Observatory: the body named in full.
            bodies = [(e.name, e.phrase) for e in reversed(named[-30:]) if e.kind != "person"]
            bodies += [
                (m.name, m.phrase)
                for m in reversed(self._mentions_before(a.pos))
                if m.kind == "org"
            ]
            for full, phrase in bodies:
                if full != name and name in full.split():
                    return replace(a, name=full, phrase=f"{name} {phrase}")
        if name[:1].isupper() or " " in name:
            return a
        low = name.lower()
        if low in _PERSON_TITLES or low in _DATA_REFS:
            found = self._titled_or_source(a.pos, low, named)
            if found is not None:
                return replace(a, name=found[0], kind=found[1])
        # "Hendrik Aalto, the firm's director": the phrase names his firm, not him.
        word = re.compile(rf"\b{re.escape(low)}\b(?!['’]s)", IGNORE)
        earlier_orgs = [(e.pos, e.name, e.phrase) for e in named[-30:] if e.name != name]
        earlier_orgs += [(m.pos, m.name, m.phrase) for m in self._mentions_before(a.pos)]
        earlier_orgs.sort()
        # "the league" is the Northern League (a name ending in the noun) before "League
        # officials" (a phrase holding it); "the company" is the last company named.
        people = {w for e in named[-30:] if e.kind == "person" for w in e.name.split()}
        sources = [
            (e.pos, e.name, e.phrase)
            for e in named[-30:]
            if e.kind != "person" and e.name not in people  # "Mr Aalto" is Hendrik Aalto
        ]
        for candidates, test in (
            (earlier_orgs, lambda n, p: _head_word(n) == low and n[:1].isupper()),
            (earlier_orgs, lambda n, p: bool(word.search(p)) and n[:1].isupper()),
            (earlier_orgs, lambda n, p: _head_word(n) == low and " " in n),
            (earlier_orgs, lambda n, p: bool(word.search(p))),
            # "The firm also found …" after "a survey by Halvorsen Research": the source
            # named last, before any organisation merely mentioned since.
            (sources, lambda n, p: low in _GENERIC_ORG and n[:1].isupper()),
            (
                earlier_orgs,
                lambda n, p: (low in _GENERIC_ORG and _looks_like_org(n)) or n.startswith("PT "),
            ),
        ):
            for _, found, phrase in reversed(candidates):
                if (found[:1].isupper() or " " in found) and test(found, phrase):
                    return replace(a, name=found, phrase=f"{low} {phrase}", kind="org")
        if self.issuer and _head_word(self.issuer) == low:
            # "the agency said" in a release headed "PRESS RELEASE | Hesterland Fire Agency".
            return replace(a, name=self.issuer, phrase=f"{low} {self.issuer}", kind="org")
        return a

    def _titled_or_source(
        self, pos: int, low: str, named: list[Attribution]
    ) -> tuple[str, str] | None:
        """ "The minister said": the person last named with that title; "The survey found":
        the source named last."""
        if low in _DATA_REFS:
            sources = [(e.pos, e.name) for e in named if e.kind != "person"]
            sources += [(m.pos, m.name) for m in self._mentions_before(pos) if m.kind == "org"]
            for at, found in sorted(sources, reverse=True):
                if at < pos and found[:1].isupper():
                    return found, "org"
            return None
        word = re.compile(rf"\b{re.escape(low)}\b", IGNORE)
        people = [(e.pos, e.name, e.phrase) for e in named if e.kind == "person"]
        people += [
            (m.pos, m.name, m.phrase) for m in self._mentions_before(pos) if m.kind == "person"
        ]
        for _, found, phrase in sorted(people, reverse=True):
            if word.search(phrase):
                return found, "person"
        return None

    def _mentions_before(self, pos: int) -> list[Mention]:
        i = bisect_right(self._mention_starts, pos)
        return self._mentions[max(0, i - 12) : i]

    def _last_named(
        self, pos: int, wanted: str, named: list[Attribution]
    ) -> tuple[str, str] | None:
        """The last person ("he", "she") or organisation ("it", "its") named before ``pos``."""
        best: tuple[int, str, str] | None = None
        for earlier in reversed(named):
            if earlier.pos < pos and (wanted == "any" or earlier.kind in (wanted, "any")):
                if wanted == "person" and earlier.kind != "person":
                    continue
                if earlier.pos in self._anonymous:
                    continue  # "he" is not "two officials familiar with the talks"
                best = (earlier.pos, earlier.name, earlier.kind)
                break
        for mention in reversed(self._mentions_before(pos)):
            if wanted in ("any", mention.kind) and (best is None or mention.pos > best[0]):
                best = (mention.pos, mention.name, mention.kind)
                break
        return (best[1], best[2]) if best else None

    def _section_name(self, sentence: Sentence) -> str:
        """A heading that is nothing but an organisation's name ("1. Veritan Polling")."""
        if not (sentence.heading or sentence.list_item) or sentence.index == 0:
            return ""
        line = self.doc.text_of(sentence).strip()
        if _ISSUER_NAME.fullmatch(line) and _looks_like_org(line):
            return _drop_determiner(line)
        return ""

    def _find_issuer(self) -> str:
        """The organisation a release or brief is issued by, named in its head: a furniture
        line of " · " or " | " parts ("Estavo Statistical Office · Release 2032-10-14") or a
        title opening with the name and a colon ("Interstate Health Organisation: …")."""
        for sentence in self.doc.sentences:
            if not sentence.heading:
                break  # the head ends at the first sentence of the body
            line = self.doc.text_of(sentence).strip()
            parts = [p.strip() for p in _ISSUER_SEPARATOR.split(line)]
            if len(parts) == 1:
                titled = _ISSUER_TITLE.match(line)
                parts = [titled.group("x")] if titled else []
            for part in parts:
                part = _TRAILING_ACRONYM.sub("", part)  # "Allmoor Health Statistics Office (AHSO)"
                if _OUTLET_NAME.search(part) or _RELEASE_WORDS.fullmatch(part):
                    continue  # "Grid Notes: the year renewables passed half": the newsletter
                if _ISSUER_NAME.fullmatch(part) and _looks_like_org(part):
                    found = _drop_determiner(part)
                    return self._acronyms.get(found, found)
        return ""

    def _follow_the_text(self) -> None:
        """What a sentence without a source of its own inherits: a later "the estimates were
        published by X" in its paragraph, else the source named last before it."""
        # A release's figures are its issuer's unless a sentence names another source.
        current = self.issuer
        current_kind = "org" if self.issuer else ""
        paragraph = -1
        interviewee = ""
        turn = ""
        for sentence in self.doc.sentences:
            body = self.doc.text_of(sentence)
            if sentence.paragraph != paragraph and not sentence.quiet:
                opened = _TURN.match(body)
                turn = opened.group("t") if opened else ""
                line_start = self.doc.text.rfind("\n", 0, sentence.start) + 1
                if _BRIEF_DATELINE.match(self.doc.text, line_start, sentence.end):
                    # "VOLMERE - The Sunward Front wants …": a new item of a briefs column
                    # starts with no source of the item before.
                    current, current_kind = self.issuer, "org"
                if turn == "Q" and not interviewee:
                    interviewee = self._last_person(sentence.start)
            if turn == "A" and interviewee:
                # "A: We handled 2.4 million containers": the answers are the interviewee's,
                # whoever the question quoted ("Q: Critics say …").
                paragraph = sentence.paragraph
                if not self._by_sentence.get(sentence.index):
                    self._inherited[sentence.index] = interviewee
                current, current_kind = interviewee, "person"
                continue
            if section := self._section_name(sentence):
                # "2. Sarne Research": a section headed by a name is that name's account.
                current, current_kind = section, "org"
                paragraph = sentence.paragraph
                continue
            if sentence.heading and not self._introduces_list(sentence):
                # "Key figures (Source: World Health Concord)": the box is the source's.
                labelled = _SOURCE_LABEL.search(body)
                current, current_kind = (labelled["x"] if labelled else self.issuer), "org"
                continue
            if sentence.heading and current_kind == "person":
                # "By the numbers:" after a quote: the list is no one's quote
                current, current_kind = self.issuer, "org"
            if sentence.quiet and not self._introduces_list(sentence):
                continue
            if (
                sentence.paragraph != paragraph
                and not sentence.list_item
                and current_kind == "person"
            ):
                # a person quoted in one paragraph is not the next one's source
                current, current_kind = self.issuer, "org"
            paragraph = sentence.paragraph
            own = self._by_sentence.get(sentence.index)
            carried = [a for a in own or () if not a.aside]
            if own and not carried and current:
                self._inherited[sentence.index] = current
            if carried:
                latest = max(carried, key=lambda a: (a.pos, a.strength))
                # "Economists had expected 6.4%": a group no name covers only its sentence;
                # the named source before it goes on.
                if not (current and current_kind != "person" and _generic_plural(latest.name)):
                    current, current_kind = latest.name, latest.kind
                covering = next((a for a in own if a.covers_before), None)
                if covering:
                    self._cover_before(sentence, covering.name)
            elif opener := self._opening_org(sentence):
                # A named organisation opening a sentence ends the previous source's run: the
                # sentence and those after it are its own account until another source.
                current, current_kind = opener, "org"
                self._inherited[sentence.index] = current
            elif current:
                self._inherited[sentence.index] = current

    def _opening_org(self, sentence: Sentence) -> str:
        owned = _OPENING_OWNED_ORG.match(self.doc.text, sentence.start, sentence.end)
        if owned and owned.group("noun") in ORG_WORDS and not sentence.list_item:
            return owned.group("x")
        m = _OPENING_ORG.match(self.doc.text, sentence.start, sentence.end)
        if m is None or sentence.list_item:
            return ""
        name = m.group("x")
        if name.split()[0] in _CALENDAR or not _looks_like_org(name):
            return ""
        if self._common_noun(name, sentence):
            return ""
        if _MEASURED_SUBJECT.match(self.doc.text, m.end("x")):
            return ""  # "The Greenway Party is unchanged on 11%": what the poll measures
        return self._acronyms.get(name, name)

    def _last_person(self, pos: int) -> str:
        """The person named last before ``pos``: who an interview's answers are by."""
        people = [m for m in self._mentions if m.pos < pos and m.kind == "person"]
        people += [
            a
            for i in self._by_sentence
            for a in self._by_sentence[i]
            if a.pos < pos and a.kind == "person"
        ]
        return max(people, key=lambda x: x.pos).name if people else ""

    def _cover_before(self, sentence: Sentence, name: str) -> None:
        index = sentence.index - 1
        while index >= 0:
            before = self.doc.sentences[index]
            if before.paragraph != sentence.paragraph or self._by_sentence.get(index):
                break
            self._inherited[index] = name
            self._covered.add(index)
            index -= 1

    def covered_after(self, sentence: Sentence) -> str:
        """The source a later "These figures were published by X" gives this sentence."""
        return self._inherited.get(sentence.index, "") if sentence.index in self._covered else ""

    def _named_role(self, name: str, pos: int) -> str:
        """ "the operator" after "The grid operator, TarviaGrid,": TarviaGrid."""
        low = _drop_determiner(name)
        if not low or not low.islower():
            return name  # a name, not a role
        # The last few roles named before ``pos``: bounded, so a text of many cannot make
        # each lookup scan them all.
        i = bisect_right(self._role_starts, pos)
        for _, role, named in reversed(self._roles[max(0, i - 8) : i]):
            if role == low or role.endswith(" " + low):
                return named
        return name

    def _spelled_out(self, name: str) -> str:
        """ "WHDB" after "the World Health Data Bureau said": the name it abbreviates."""
        if not _BARE_ACRONYM.fullmatch(name):
            return name
        if name not in self._expanded:
            full = next(
                (m.name for m in self._mentions if _initials(m.name) == name and " " in m.name),
                name,
            )
            self._expanded[name] = full
        return self._expanded[name]

    def own_claimant(self, sentence: Sentence, pos: int | None = None) -> str:
        # Asked two or three times for each figure (``claimant``, ``writers_own``); the
        # attributions are fixed once the text is read, so each answer is found once.
        key = (sentence.index, pos)
        if key not in self._own:
            name = self._own_claimant(sentence, pos)
            at = sentence.start if pos is None else pos
            self._own[key] = self._spelled_out(self._named_role(name, at)) if name else ""
        return self._own[key]

    def _own_claimant(self, sentence: Sentence, pos: int | None = None) -> str:
        """The sentence's own claimant nearest before ``pos`` (else the nearest after)."""
        found = self._by_sentence.get(sentence.index, [])
        if not found:
            return ""
        if pos is None:
            return max(found, key=lambda a: (a.strength, -a.pos)).name
        # ``found`` is sorted by position, the stronger first at one position
        # (``_resolve_all``): the last position at or before ``pos`` is a bisection away,
        # and the first attribution there is the strongest, as ``max`` would pick.
        positions = self._positions.get(sentence.index)
        if positions is None:
            positions = self._positions[sentence.index] = [a.pos for a in found]
        k = bisect_right(positions, pos)
        if k:
            return found[bisect_left(positions, positions[k - 1])].name
        # "the 520,000 the general staff says it has": the figure heads the clause of the
        # source right after it, which is its own.
        digits = _DIGITS.search(self.doc.text, pos, min(sentence.end, pos + 30))
        end = digits.end() if digits else self._number_end(pos)
        after = [
            a
            for a in found
            if not a.relative or _REDUCED_RELATIVE.fullmatch(self.doc.text, end, a.pos)
        ]
        return min(after, key=lambda a: a.pos).name if after else ""

    def attributions(self, sentence: Sentence) -> list[Attribution]:
        return list(self._by_sentence.get(sentence.index, ()))

    def _in_quote(self, sentence: Sentence, pos: int) -> bool:
        """Inside a quotation opened earlier in the paragraph: "… we calculate …," she said."""
        text = self.doc.text
        before = text[text.rfind("\n", 0, sentence.start) + 1 : pos]
        return before.count('"') % 2 == 1 or before.count("“") > before.count("”")

    def writers_own(self, sentence: Sentence, pos: int) -> bool:
        """ "That is a rise of 16%, by my count", "by my sum that is 5.55 GW": a figure in
        the clause of the writer's own sum is the writer's, not the last source's."""
        text = self.doc.text
        if self.issuer and not self._in_quote(sentence, pos):
            own = [a.pos for a in self._by_sentence.get(sentence.index, ()) if a.pos < pos]
            nearest = max(own, default=-1)
            for m in _WE_COUNT.finditer(text, sentence.start, pos):
                if m.start() > nearest:
                    return True  # the nearest claimant before the figure is "we"
        if self._by_sentence.get(sentence.index) and self.own_claimant(sentence, pos):
            return False
        for m in _OWN_COUNT.finditer(text, sentence.start, sentence.end):
            between = (m.end(), pos) if m.start() < pos else (pos, m.start())
            if not _CLAUSE_BREAK.search(text, *between):
                return True
        return False

    def subject_of(self, sentence: Sentence) -> str:
        """The organisation a sentence's subject names: "Mediators from the Aurelian
        Confederation on Tuesday handed …" -> "Aurelian Confederation"."""
        m = _SUBJECT_NAME.match(self.doc.text, sentence.start, sentence.end)
        if not m:
            return ""
        name = strip_titles(m.group("x"))
        return name if _looks_like_org(name) or m.group("of") else ""

    def claimant(self, sentence: Sentence, pos: int | None = None) -> str:
        inherited = self._inherited.get(sentence.index, "")
        if inherited:
            inherited = self._spelled_out(self._named_role(inherited, sentence.start))
        return self.own_claimant(sentence, pos) or inherited

    def actor_id(self, claimant: str) -> Hashable | None:
        return self._actors.match(claimant)

    # --- modality ----------------------------------------------------------------------
    def modality(
        self,
        sentence: Sentence,
        pos: int,
        *,
        in_proposal: str = "",
        point_count: bool = False,
        opinion_after: int | None = None,
    ) -> str:
        """The strongest hedge in the clause around ``pos``, else an attribution-level one
        elsewhere in the sentence.

        A number in a sentence that states a plan takes the plan's modality
        (``in_proposal``), unless it is the plan's own size ("20-point"), which is a fact
        about the plan. For a share of people, "expect"/"want"/"likely" after it
        (``opinion_after``) is what they think ("55% expect the war to end"), not a hedge
        on the share.
        """
        text = self.doc.text
        if self._measure_set(sentence, pos):
            # "VAT on household energy falls to 5% from 10%", "the state pension goes up by
            # 4.1% in April": a measure's new level, set by whoever sets it (round 21).
            return "proposed"
        cues = self._cues.get(sentence.index, [])
        if not cues and not in_proposal and sentence.index not in self._intro_of:
            # No cue and no plan: every test below can only answer "asserted".
            return "asserted"
        definite = _DEFINITE_BEFORE.search(text, max(sentence.start, pos - 4), pos)
        if definite and _MEASURE_ADJECTIVE.match(text, pos):
            # "in the 151-seat chamber", "if the 1,100 MW Ostrel unit does not return": a fixed
            # property of a thing named, whatever the sentence forecasts about it.
            return "asserted"
        if _ELAPSED_AFTER.match(text, pos):
            return "asserted"  # "to end more than two years of war": time already passed
        if _PLANS_OWN.search(text, max(sentence.start, pos - 40), pos):
            return "proposed"  # "the plan's 40 km would leave his villages undefended"
        if _TO_BE_PAID.search(text, max(sentence.start, pos - 40), pos):
            return "proposed"  # "promised each family 2,500 euros, to be paid within two weeks"
        if (
            definite or _OF_THE_BEFORE.search(text, max(sentence.start, pos - 8), pos)
        ) and _WHOLE_AFTER.match(text, self._number_end(pos)):
            return "asserted"  # "would win 61 of the 150 seats": the chamber's size is a fact
        if opinion_after is not None:
            cues = [
                c for c in cues if not (c[0] >= opinion_after and _OPINION_CUES.match(text, c[0]))
            ]
        start, end = self.doc.clause(pos)
        if _STARTING_POINT.search(text, max(sentence.start, pos - 40), pos):
            hedges = [c for c in cues if c[1] in ("reported", "estimated")]
            own = [c for c in hedges if start <= c[0] < end]
            wide = [c for c in hedges if _SENTENCE_WIDE.match(text, c[0])]
            for scope in (own, wide):
                if scope:
                    return _PRECEDENCE[min(_PRECEDENCE.index(kind) for _, kind in scope)]
            return "asserted"
        if point_count:
            cues = [c for c in cues if c[1] in ("reported", "estimated")]
        elif in_proposal and _PLAN_SIZE_BEFORE.search(text, max(sentence.start, pos - 6), pos):
            m_end = self._number_end(pos)
            if _PLAN_SIZE_AFTER.match(text, m_end):
                return "asserted"
        if in_proposal and (
            _OUTCOME_FORECAST.search(text, max(start, pos - 60), pos)
            or _OUTCOME_AFTER.match(text, self._number_end(pos))
        ):
            in_proposal = ""  # "said growth would reach 1.6%": a forecast beside the plan
        if in_proposal and _AND_SAYS.search(text, sentence.start, pos):
            in_proposal = ""  # "wants a 30% discount, and says 12 plants could close"
        if in_proposal and self._aside_of_its_own(sentence, start, pos):
            in_proposal = ""  # "(Osterland says it holds 4,100 soldiers)", ", which represents …,"
        if in_proposal and not point_count and not _PAST_RELATIVE.search(text, start, pos):
            own_hedge = [
                c
                for c in cues
                if start <= c[0] < end and (c[1] == "estimated" or _FORECAST_NOUN.match(text, c[0]))
            ]
            if own_hedge:
                return "estimated" if own_hedge[0][1] == "estimated" else "projected"
            # "…, but repeated her demand that Tiremia withdraw from the 3,200 km²": the
            # figure's own clause says whose demand it is.
            own = any(start <= c[0] < end and c[1] == "demanded" for c in cues)
            if own and _PLAN_DEMANDS.match(text, sentence.start):
                own = False  # "The plan … demands that Drusk's forces withdraw 40 km": its terms
            return "demanded" if own else in_proposal
        cues = [c for c in cues if c[1] != "proposal_noun"]
        if self._has_poll(sentence):
            # "A survey … puts the gap at 9 points": a poll measures, it does not estimate.
            cues = [c for c in cues if not _PUT.match(text, c[0])]
        # "the fiscal council's own forecast … puts growth at 0.9%": a forecast's figure.
        cues = [
            c
            for c in cues
            if not (_PUT.match(text, c[0]) and _FORECAST_NOUN.search(text, sentence.start, c[0]))
        ]
        if _FROM_TO.search(text, max(sentence.start, pos - 6), pos):
            # "grow from 900 to 1,400": the first figure is where it starts, not a forecast.
            cues = [c for c in cues if c[1] != "projected"]
        cues = [
            c
            for c in cues
            if not (_ESTIMATE_OF.match(text, c[0]) and not 0 < pos - c[0] <= len("estimate of ~"))
        ]
        # "70 countries have offered help": a demand or offer made by the figure's subject is
        # no hedge on it; what is demanded or offered comes after the verb.
        # But "below the 14% the utilities had asked for": the figure heads the relative clause
        # whose verb it is the object of, so it is what was asked for.
        cues = [
            c
            for c in cues
            if not (
                c[0] > pos
                and c[1] in ("demanded", "proposed")
                and _VERB_CUE.match(text, c[0])
                and not _OBJECT_OF_LATER_VERB.fullmatch(text, pos, c[0])
            )
        ]
        # "…, against 3.5 million last season", "the cattle herd had fallen to 1.24 million
        # head as farmers sold animals they could not feed": a figure of the past, or one a
        # later subordinate clause's "could" does not reach, is no forecast.
        end_of_number = self._number_end(pos)
        if _PAST_PERIOD_AFTER.match(text, end_of_number):
            cues = [c for c in cues if c[1] != "projected"]
        cues = [
            c
            for c in cues
            if not (
                c[0] > pos
                and c[1] == "projected"
                and _subordinate_between(text, end_of_number, c[0])
            )
        ]
        if _IF_HELD.search(text, sentence.start, sentence.end) and _POLL.search(
            text, sentence.start, sentence.end
        ):
            # "would win 33% if the election were held tomorrow, according to a poll": what
            # the poll measured.
            cues = [c for c in cues if c[1] != "projected"]
        # "wants a 30% discount, and says 12 plants could close": the second clause says.
        cues = [
            c
            for c in cues
            if not (c[0] < pos and c[1] == "demanded" and _AND_SAYS.search(text, c[0], pos))
        ]
        if _WITH_REST.match(text, start):
            start = self.doc.clause(start - 1)[0]  # "would win 118 seats, with X on 107"
        if _RESTATEMENT.match(text, start):
            start = self.doc.clause(start - 1)[0]  # "debts of €890 million, or 68% of revenue"
        clause = [c for c in cues if start <= c[0] < end]
        wide = [
            c
            for c in cues
            if _SENTENCE_WIDE.match(text, c[0])
            and not (c[0] > pos and _NEW_CLAUSE.search(text, pos, c[0]))
        ]
        wide += [
            c
            for c in cues
            if _TARGET_WORD.match(text, c[0])
            and _TARGET_SUBJECT.fullmatch(text, sentence.start, c[0])
        ]
        # "The operator expects peak demand to reach 17.8 GW, against capacity of 19.1 GW,
        # leaving a margin of 7%": the main verb's forecast covers every figure it governs.
        wide += [
            c
            for c in cues
            if c[0] < pos
            and _EXPECT_VERB.match(text, c[0])
            and _SHORT_SUBJECT.fullmatch(text, sentence.start, c[0])
            and not _NEW_CLAUSE.search(text, c[0], pos)
        ]
        if clause and all(kind == "projected" for _, kind in clause):
            # "will come in at 6.8 million tonnes, according to the ministry's estimate": the
            # estimate the sentence rests on is the stronger hedge.
            # "…, would win 61 of the 150 seats, Halden estimates.": so is a trailing estimate.
            clause += [
                c
                for c in wide
                if c[1] == "estimated"
                and (self._according_to(sentence, c[0]) or _TRAILING_ESTIMATE.match(text, c[0]))
            ]
        for scope in (clause, wide):
            if scope:
                kind = _PRECEDENCE[min(_PRECEDENCE.index(kind) for _, kind in scope)]
                return self._projected_kind(scope, sentence, pos) if kind == "projected" else kind
        intro = self._intro_of.get(sentence.index)
        if intro is not None:
            # "GridHarv's outlook sets out how the gap would be filled:" hedges its items;
            # "The rationing plan also provides for:" makes them a plan's terms.
            kinds = {kind for _, kind in self._cues.get(intro, [])}
            if "proposal_noun" in kinds:
                return "proposed"
            if kinds:
                return _PRECEDENCE[min(_PRECEDENCE.index(kind) for kind in kinds)]
        bare = _BARE_VERB.match(text, start)
        if bare and bare["verb"].lower() in _ACT_VERBS:
            # "It would set a line 25 km deep, free the 3,400 detainees within 30 days, and
            # bring in 1,100 monitors": one "would" governs each verb of its list.
            earlier = [c for c in cues if c[0] < start and c[1] == "projected"]
            if earlier and _WILL_VERB.match(text, earlier[-1][0]):
                return self._projected_kind(earlier[-1:], sentence, pos)
        return "asserted"

    def _measure_set(self, sentence: Sentence, pos: int) -> bool:
        """Whether the figure at ``pos`` is a tax's, fare's or benefit's level moved in the
        present tense ("falls to 5%"), not where the change starts ("from 10%")."""
        text = self.doc.text
        moved = _PRESENT_CHANGE.search(text, max(sentence.start, pos - 30), pos)
        return bool(
            moved
            and not _FROM_BEFORE.search(text, moved.start(), pos)
            and not _TREND_AFTER.search(text, pos, min(sentence.end, pos + 60))
            and _POLICY_SUBJECT.search(text, max(sentence.start, moved.start() - 60), moved.start())
        )

    def _projected_kind(self, scope: list[tuple[int, str]], sentence: Sentence, pos: int) -> str:
        """What a figure hedged by ``scope``'s "projected" cues is: what someone means to do
        (a target, a pledge, a plan's term: proposed), what something would cost (estimated),
        what a poll found or an office announced (asserted), or a forecast (projected)."""
        text = self.doc.text
        end = self._number_end(pos)
        if _TARGET_AFTER.match(text, end) or _TARGET_BEFORE.search(
            text, max(sentence.start, pos - 60), pos
        ):
            return "proposed"  # "the 90% target", "its target is 45%": the target itself
        projected = [c for c, kind in scope if kind == "projected"]
        if any(_COST_VERB.match(text, c) for c in projected if c < pos) and not any(
            _FORECAST_NOUN.match(text, c) for c in projected
        ):
            return "estimated"  # "the tax cut would cost 1.7 billion euros a year"
        if any(_STAYS_SHUT.match(text, c) for c in projected) or _POLL_FOUND.search(
            text, sentence.start, pos
        ):
            # "22 schools would stay shut on Monday"; "the poll finds Castelane would beat
            # Gaskarth by 53% to 47%": an announcement and a finding, not forecasts.
            return "asserted"
        if _UNIT_BEFORE_NOUN.match(text, pos) or _RESPONDENTS_WOULD.search(
            text, sentence.start, projected[-1] + 6 if projected else pos
        ):
            # "it would build a 400 MW farm": the size of the thing built; "58% would keep
            # permanent summer time": what respondents said they would do.
            return "asserted"
        return "proposed" if self._intended(projected, sentence) else "projected"

    def _intended(self, projected: list[int], sentence: Sentence) -> bool:
        """Whether the "projected" cues at ``projected`` say what someone means to do."""
        text = self.doc.text
        if any(_FORECAST_CUE.match(text, c) for c in projected):
            return False
        for c in projected:
            if _INTENT_CUE.match(text, c):
                continue
            will = _WILL_VERB.match(text, c)
            if not will:
                return False
            verb = will["verb"].lower()
            if verb == "take" and _TAKE_OVER.match(text, c + len(will[0])):
                continue  # "a police force would take over the towns" (not "take 142 seats")
            if verb == "leave" and _LEAVE_PLACE.match(text, c + len(will[0])):
                continue  # "militias would leave the valley towns within six months"
            if verb in _CHANGE_VERBS:
                # "the standard rate of income tax would fall to 27%": a measure's level
                if not _POLICY_SUBJECT.search(text, max(sentence.start, c - 60), c):
                    return False
                continue
            if verb[3:] not in _ACT_PASSIVES if verb.startswith("be ") else verb not in _ACT_VERBS:
                return False
            if _OUTCOME_FORECAST.search(
                text, max(sentence.start, c - 40), c + len(will[0]) + 1
            ) or _EFFECT_SUBJECT.search(text, max(sentence.start, c - 40), c):
                return False
        return True

    def table_source(self, sentence: Sentence) -> str:
        """The source a pipe table names on its "Source: X" line, for a row of it."""
        text = self.doc.text
        line_end = text.find("\n", sentence.start)
        if " | " not in text[sentence.start : line_end if line_end >= 0 else len(text)]:
            return ""
        while line_end >= 0:
            next_end = text.find("\n", line_end + 1)
            line = text[line_end + 1 : next_end if next_end >= 0 else len(text)]
            if " | " in line:
                line_end = next_end
                continue
            labelled = _SOURCE_LABEL.match(line.strip())
            # "Source: Hallowfen Opinion for the Lanchester Herald": the pollster, not its buyer
            return re.split(r"\s+for\s+", labelled["x"].rstrip("."))[0] if labelled else ""
        return ""

    def _aside_of_its_own(self, sentence: Sentence, clause_start: int, pos: int) -> bool:
        """A figure in a relative clause describing the sentence's subject ("The union, which
        represents 5,200 workers, wants …") or in a bracket with its own source describes: it
        is not a term of the plan its sentence states."""
        text = self.doc.text
        subject_words = len(text[sentence.start : clause_start].split())
        if subject_words <= _SUBJECT_WORDS and _RELATIVE_START.match(text, clause_start):
            return True
        opened = text.rfind("(", sentence.start, pos)
        return (
            opened >= 0
            and text.find(")", opened, pos) < 0
            and bool(_SPEECH_VERB.search(text, opened, pos))
        )

    def _has_poll(self, sentence: Sentence) -> bool:
        """Whether the sentence names a poll or survey; asked for each of its figures, so the
        sentence is searched once."""
        if sentence.index not in self._polls:
            self._polls[sentence.index] = bool(
                _POLL.search(self.doc.text, sentence.start, sentence.end)
            )
        return self._polls[sentence.index]

    def _number_end(self, pos: int) -> int:
        """Where the number starting at ``pos`` ends ("three" in "three parts")."""
        m = _NUMBER_TOKEN.match(self.doc.text, pos)
        return m.end() if m else pos

    def _according_to(self, sentence: Sentence, pos: int) -> bool:
        """ "according to the ministry's first estimate": the cue names the sentence's source."""
        return bool(_ACCORDING_BEFORE.search(self.doc.text, max(sentence.start, pos - 60), pos))


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
        """The actor whose name is the longest found in the claimant ("Ministry of Finance of
        Ukraine" is the ministry when both it and Ukraine are actors)."""
        if not claimant or self._rx is None:
            return None
        # "the Union's refugee agency" is the actor "Union refugee agency" too.
        plain = _OWNER_POSSESSIVE.sub(r"\1 ", claimant)
        found = [m.group() for m in self._rx.finditer(claimant)]
        found += [m.group() for m in self._rx.finditer(plain)]
        if not found:
            return None
        return self._ids.get(max(found, key=len).lower())


def _can_be_a_name(name: str) -> bool:
    """A claimant names a person, an organisation or a group: never a number word, a
    pronoun, a question word or a determiner ("Three", "People", "Do Kestravans",
    "whose survey")."""
    tokens = name.lower().split()
    if not tokens:
        return False
    if tokens[0] == "one" and len(tokens) == 2:
        return True  # "one diplomat says": a source the text will not name
    if (
        tokens[0] == "people"
        and len(tokens) > 2
        and tokens[1] in ("familiar", "close", "involved", "briefed")
    ):
        return True  # "people familiar with the deal": sources described, not named
    if len(tokens) == 1 and tokens[0] in _UNIT_SYMBOLS:
        return False  # "1.8 GW out of the 3 GW offered …": a unit, not an acronym
    return tokens[0] not in _NOT_A_NAME and tokens[0] not in WORD_VALUES


_UNIT_SYMBOLS = words("gw mw kw gwh mwh kwh twh km km2 kg mm cm ha pp bn mn gdp")


def _generic_plural(name: str) -> bool:
    """ "Economists", "analysts", "officials": who says it without naming anyone."""
    low = name.lower()
    return " " not in low and low.endswith("s") and low in SOURCE_NOUNS


_BARE_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _initials(name: str) -> str:
    """ "World Health Data Bureau" -> "WHDB"; "Institute for the Study of War" -> "ISW"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


# Asked of the same few names for every attribution and every coreference test.
@lru_cache(maxsize=4096)
def _looks_like_org(name: str) -> bool:
    # Only a possessive or plural ending is dropped: "Service" must stay "service".
    tokens = name.split()
    for token in tokens:
        word = re.sub(r"['’]s?$", "", token.lower())
        if word in ORG_WORDS or (word.endswith("s") and word[:-1] in ORG_WORDS):
            return True
        if len(tokens) >= 2 and token[:1].isupper() and word in _ORG_WORDS_IN_NAMES:
            return True
    return False


@lru_cache(maxsize=4096)
def _head_word(name: str) -> str:
    """The noun a name ends in, before a short form in brackets: "Statistics Agency (SA)"
    -> "agency"."""
    return _ACRONYM_END.sub("", name).lower().split()[-1]


def _kind_of(name: str, phrase: str = "") -> str:
    """A claimant's kind for pronouns: two or three capitalised words are a person, unless
    they are described as an organisation ("rail operator Deutsche Bahn")."""
    tokens = name.split()
    described = [w.lower() for w in phrase.split() if w not in tokens]
    if _looks_like_org(name) or not name[:1].isupper():
        return "org"
    if any(w in SOURCE_NOUNS and w not in _TITLES for w in described):
        return "org"
    if 2 <= len(tokens) <= 3 and all(t[:1].isupper() for t in tokens):
        return "person"
    return "any"


def _drop_determiner(name: str) -> str:
    tokens = name.split()
    while tokens and tokens[0].lower() in _DETERMINERS:
        tokens = tokens[1:]
    return " ".join(tokens)


_OWN_COUNT = re.compile(
    r"\b(?:by|on)\s+(?:my|our)\s+(?:own\s+)?(?:count|sum|arithmetic|reckoning|calculations?"
    r"|tally|estimate|maths|math)\b",
    IGNORE,
)
# "we calculate that about 60% …", "On current trends we project …": in a brief an
# organisation issues, its own figures.
_WE_COUNT = re.compile(
    r"\b(?-i:[Ww]e)\s+(?:also\s+)?(?:calculate|estimate|reckon|project|count|forecast)\b", IGNORE
)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:and|but)\b")
_POLL_LINE = re.compile(
    r"(?:\d+[.)]\s+)?(?P<x>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3}),\s+(?:[\d,]+|about\s+[\d,]+)"
    r"\s+(?:adults|voters|respondents|people|residents|likely\s+voters)\b"
)
_STAFF_OF = re.compile(
    r"(?:^|\s)(?:[Aa]nalysts|[Ee]conomists|[Rr]esearchers|[Ee]xperts|[Ss]cientists|[Ss]tatisticians)"
    r"\s+(?:at|from|with)\s+(?:the\s+)?(?P<x>[A-Z][\w&'’-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?"
    r"[A-Z][\w&'’-]*){0,5})$"
)
# What every match of ``_STAFF_OF`` holds, with or without its capital.
_STAFF_STEMS = ("nalysts", "conomists", "esearchers", "xperts", "cientists", "tatisticians")
_ROLE_APPOSITION = re.compile(
    r"\b[Tt]he\s+(?P<role>(?:[a-z]+\s+){0,2}(?:operator|regulator|agency|office|authority|service"
    r"|company|firm|pollster|insurer|utility|council|ministry|board|bureau|institute|group"
    r"|monitor|tracker|watchdog|broadcaster|union|charity)),\s+"
    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}),"
)
_CLAUSE_ENDS = re.compile(r"\s*[.?!:]")
_WHAT_THEY_SAY = re.compile(r"\bwhat\s+(?:its|their|the|his|her)?\s*[\w'’-]+\s*$", IGNORE)
_APPOSITIVE_NAME = re.compile(r",\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})(?=[,.;]|\s*$)")
# Who carries a plan or a message for a state: "mediators from Qirane", "envoys from X".
ENVOYS = r"mediators|envoys|negotiators|diplomats|delegates|officials"
_ENVOYS_FROM = re.compile(
    rf"(?:the\s+)?(?:{ENVOYS})\s+from\s+"
    r"(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)


_OWNER_OF_TITLE = re.compile(
    r"(?:the\s+)?(?P<o>[A-Z][\w&-]*(?:\s+(?:of\s+)?[A-Z][\w&-]*){1,5})['’]s\s+(?P<w>[a-z]+)\s+"
    r"(?:[a-z]+\s+)?[A-Z]"
)


def _name_from_phrase(phrase: str) -> tuple[str, str]:
    """ "a survey released on Tuesday by the Civic Pulse Institute" -> "Civic Pulse Institute".

    Returns the name and the phrase it came from (kept for coreference).
    """
    phrase = re.split(r"\s+(?:that|which|who)\s+", phrase)[0]
    # "the latest YouGov survey for The Times": who ran it, not who paid for it.
    data_for = _DATA_FOR.search(phrase)
    if data_for:
        phrase = phrase[: data_for.start()]
    if " by " in phrase:
        phrase = phrase.rsplit(" by ", 1)[1]
    envoys = _ENVOYS_FROM.match(phrase)
    if envoys:
        return envoys.group(1), phrase  # "mediators from Qirane": Qirane's mediators
    staff = _STAFF_AT.match(phrase)
    if staff:
        phrase = phrase[staff.end() :]  # "analysts at the brokerage Helm & Ostra"
    phrase = _AFTER_NAME.split(phrase, maxsplit=1)[0]
    owned = _OWNER_OF_TITLE.match(phrase)
    if owned and owned.group("w").lower() not in _TITLES:
        # "the World Health Concord's yearly World Health Statistics": the publisher's.
        return owned.group("o"), phrase
    tokens = phrase.split()
    while tokens and tokens[0].lower() in _DETERMINERS:
        tokens = tokens[1:]
    if not tokens:
        return "", ""
    if "of" in tokens[1:]:
        # "the Tarsel group of mediators": the group is named, the mediators describe it.
        cut = tokens.index("of", 1)
        if tokens[cut - 1].lower() in SOURCE_NOUNS and all(t.islower() for t in tokens[cut:]):
            tokens = tokens[:cut]
    described = " ".join(tokens)
    proper = _trailing_proper(tokens)
    if proper:
        return proper, described
    if len(tokens) >= 2 and tokens[-1].lower() in _HEDGE_NOUNS | {"survey", "study", "forecast"}:
        named = _trailing_proper(tokens[:-1])  # "the latest YouGov survey"
        if named:
            return named, described
    if tokens[0].lower() in _HEDGE_NOUNS or tokens[-1].lower() in _HEDGE_NOUNS:
        return "", ""
    if len(tokens) <= 4 and tokens[-1].lower() in SOURCE_NOUNS:
        return described, described
    return "", ""


# The word after "and" inside a name: "Fire and Rescue Service", "Research and Development".
_AND_INSIDE = words("rescue research development trade industry culture statistics marine")


def _trailing_proper(tokens: list[str]) -> str:
    """The capitalised name at the end of a token list ("state-run VTsIOM" -> "VTsIOM")."""
    taken: list[str] = []
    for k in range(len(tokens) - 1, -1, -1):
        token = tokens[k]
        bare = token.strip(",").lstrip('("“‘')
        if token.endswith(",") and taken:
            break
        inside = bare == "and" and taken and taken[-1].lower() in _AND_INSIDE
        if inside and k and tokens[k - 1][:1].isupper():
            taken.append(bare)  # "Harlowe Fire and Rescue Service": one name
            continue
        if bare.lower() in _FUNCTION_WORDS:
            break
        if _POSSESSIVE.search(bare) and taken:
            break  # "Velmora's President Andriy Koval": the possessive is a modifier
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
    return strip_titles(_POSSESSIVE.sub("", name))


def _last_words(s: str, n: int) -> str:
    """The last ``n`` words of ``s`` and the spaces around them: all that a pattern ending
    the text and spanning at most ``n`` words can match, so searching it costs the same
    however long ``s`` is. It starts at a space, so ``\b`` reads as it does in ``s``."""
    parts = s.rsplit(None, n)
    return s[len(parts[0]) :] if len(parts) > n else s


def _name_before(window: str) -> str:
    return _name_before_with_start(window)[0]


# ", which" or ", who" ending a window, so tried only where it ends with either word.
_WHICH_END = re.compile(r",\s*(?:which|who)$")
_APPOSITION = re.compile(r",\s*[^,]{1,60},$")
# "The national grid operator", "Halcida's grid operator": a description before a name.
_DESCRIPTION_END = re.compile(
    r"(?:^|\s)(?:[Tt]he|[Aa]n?|[Ii]ts|[A-Z][\w-]*['’]s)\s+[a-z][\w'’-]*(?:\s+[\w'’-]+){0,5}$"
)


def _name_before_with_start(window: str) -> tuple[str, str]:
    """The claimant phrase ending right before a reporting verb, and the text before it."""
    return _name_before_cleaned(_strip_noise(window))


# After a sentence's opening name: it is what a share is of, not who says so.
_MEASURED_SUBJECT = re.compile(
    r"\s+(?:is|was|are|were|stands?|stood|remains?|remained|sits?|holds?)\s+(?:still\s+|now\s+)?"
    r"(?:unchanged\s+|steady\s+|level\s+)?(?:on|at)\s+\d",
    IGNORE,
)
_WHOM_PUT = re.compile(WHOM_PUT)
_ANONYMOUS = re.compile(
    r"\b(?:[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal|[Ss]ome|[Oo]ne\s+of\s+the)\s+"
    r"(?P<x>(?:(?:senior|western|government|[A-Z][\w-]+)\s+){0,2}"
    r"(?:officials|people|sources|diplomats|aides|insiders|negotiators)"
    r"(?:\s+(?:familiar\s+with|involved\s+in|close\s+to|briefed\s+on|at|in)\s+(?:the\s+)?"
    r"[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?)"
    r"(?:,\s+(?:speaking|who\s+asked)[^,]{0,80},)?\s+(?:said|say|says|told)\b"
)
# "Key figures", "Main findings": a box's label, not a name.
_BOX_WORDS = words("key main headline latest official top")
# A box's or a line's own source: "(Source: Ostrevin Relief Council)", "Source: IHDA".
_SOURCE_LABEL = re.compile(
    # (a name never runs over a line break: "Source: Hallowfen Opinion.\n\nLife …")
    r"\(?\b(?:Source|Sources|Data)s?:[ \t]+(?P<x>(?-i:[A-Z])[\w&'’-]*(?:\.(?=[ \t]*[A-Z(]))?"
    r"(?:[ \t]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?(?:the[ \t]+)?(?-i:[A-Z])[\w&'’-]*){0,6})\)?",
    IGNORE,
)
_POLL_FOR_END = re.compile(
    # The pollster is named before ("a Tallow Research poll for …"); a poll named only by
    # its commissioner ("A poll for the Valmont Press Agency found") is the commissioner's.
    r"\b(?!(?:A|An|The|This|That|Our|Its|Their|New|Latest)\s)(?-i:[A-Z])[\w&'’-]*\s+(?:poll|survey|study)"
    r"(?P<for>\s+for\s+(?:this|the|a|our)\s+(?:(?!\sby\s)[^,]){1,40}),?\s*$",
    IGNORE,
)


def _name_before_cleaned(window: str) -> tuple[str, str]:
    """``_name_before_with_start`` of a window already stripped of its trailing noise words
    and spaces: stripping again would change nothing (the noise run removed is the longest
    one ending the text), so a caller that has stripped it spares a second ``sub``."""
    # Ending the window, each match ends with ")" (there is no trailing newline to precede).
    acronym = _ACRONYM_END.search(window) if window.endswith(")") else None
    if acronym:
        # "The Common Food Fund (CFF) says": the name with the short form it defines.
        name, ahead = _name_before_with_start(window[: acronym.start()])
        return (f"{name} ({acronym.group('a')})", ahead) if name else ("", window)
    # Every match holds one of the staff nouns; most windows hold none.
    staff = _STAFF_OF.search(window) if any(w in window for w in _STAFF_STEMS) else None
    if staff:
        # "Analysts at the Halden School of Public Health estimate": the school's estimate.
        return staff.group("x"), window[: staff.start()]
    # Each match ends the window, which has no trailing space, with its comma.
    between = _RELATIVE_BEFORE_VERB.search(window) if window.endswith(",") else None
    if between:
        window = window[: between.start()]  # "AgriUnion, which represents 42,000 farmers,"
    # A cut window may end in a newline, which ``$`` matches before.
    ends = ("which", "who", "which\n", "who\n")
    relative = _WHICH_END.search(window) if window.endswith(ends) else None
    if relative:
        # "The National Health Survey, which interviewed …": the survey interviewed.
        window = window[: relative.start()]
    commissioned = _POLL_FOR_END.search(window) if " for " in window else None
    if commissioned:
        # "a Vantwell Research poll for this broadcaster, which puts …", "a Tallow Research
        # poll for the Courant shows": the poll's, not its commissioner's.
        window = window[: commissioned.start("for")]
    if window.endswith(","):
        # "Siti Rahma, the community's lawyer, said" / "its chair, Prof. Anna Lind, said"
        apposition = _APPOSITION.search(window)
        if apposition:
            inner = window[apposition.start() + 1 : -1].strip()
            name = _trailing_proper(inner.split())
            described = _DESCRIPTION_END.search(window, 0, apposition.start())
            # "Prof. Anna Lind" inside commas is the speaker; a one-word name is when what
            # comes before it describes it ("The national grid operator of Harvane, GridHarv,").
            if name and (len(name.split()) >= 2 or (described and name == inner)):
                return name, window[: described.start() if described else apposition.start() + 1]
            outer, ahead = _name_before_with_start(window[: apposition.start()])
            if outer:
                return outer, ahead
        window = window.rstrip(",").rstrip()
    if not window or window.endswith(("'s", "’s")):
        return "", window
    tokens = window.split()
    if tokens and tokens[-1][-1] in '.;:"”)':
        return "", window
    # The noun phrase: back to a clause boundary, a determiner or a function word.
    phrase: list[str] = []
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        low = token.lower()
        if token[-1] in ',;:"“”(' or any(c.isdigit() for c in token):
            break
        if (
            low == "and"
            and phrase
            and phrase[-1].lower() in _AND_INSIDE
            and i > 0
            and tokens[i - 1][:1].isupper()
        ):
            phrase.append(token)  # "the Harlowe Fire and Rescue Service": one name
            continue
        if low in ("said", "says", "that", "which", "who", "as", "and", "or", "but"):
            break
        inside_name = bool(
            phrase and phrase[-1][:1].isupper() and i > 0 and tokens[i - 1].lower() in _CONNECTORS
        )
        if (low in _DETERMINERS or low in _FUNCTION_WORDS) and not inside_name:
            break  # "the Institute for the Study of War": a "the" inside a name is kept
        phrase.append(token)
        if len(phrase) == 6 or token[:1] in '(“"':
            break  # "(Osterland says": the bracket opens the clause
    phrase.reverse()
    if not phrase:
        return "", window
    ahead = window[: len(window) - len(" ".join(phrase))]
    proper = _trailing_proper(phrase)
    n = len(proper.split())
    of_proper = proper and len(phrase) == n + 2 and phrase[1].lower() == "of"
    if of_proper and phrase[2:] == proper.split() and phrase[0] in SOURCE_NOUNS:
        return f"{phrase[0]} of {proper}", ahead  # "The government of Tolmera presented …"
    placed = proper and n == 1 and not _looks_like_org(proper) and _ORG_IN_PLACE.search(ahead)
    if placed:
        org = strip_titles(_drop_determiner(placed.group("o")))
        if _looks_like_org(org):
            return org, ahead[: placed.start()]  # "the Kovac Institute in Darven found"
    if proper:
        return proper, ahead
    last = phrase[-1].lower()
    if last not in SOURCE_NOUNS and last not in _PERSON_TITLES and last not in _REPORT_NOUNS:
        return "", window  # ("the report says": the report named last, resolved later)
    return " ".join(phrase), ahead


def strip_titles(name: str) -> str:
    """ "Ukrainian President Volodymyr Zelenskyy" -> "Volodymyr Zelenskyy"; "Velmora's
    President Andriy Koval" -> "Andriy Koval"."""
    tokens = name.split()
    if _looks_like_org(name):
        # "Danish Energy Agency" is a name, not a Danish energy minister's title.
        return " ".join(tokens[1:] if tokens[0].lower() == "the" and len(tokens) > 1 else tokens)
    for i in range(len(tokens) - 2, 0, -1):
        # "Agriculture Minister Tomas Ekker": a portfolio before the title is the title's.
        if tokens[i].lower() in ("minister", "secretary") and all(
            t[:1].isupper() for t in tokens[:i]
        ):
            tokens = tokens[i + 1 :]
            break
    while len(tokens) > 1:
        low = tokens[0].lower()
        next_low = tokens[1].lower()
        if (
            low == "the"
            or low in _TITLES
            or (low.endswith(("an", "ian", "ese", "ish")) and next_low in _TITLES)
            or (_POSSESSIVE.search(low) and next_low in _TITLES)
        ):
            tokens = tokens[1:]
        else:
            break
    return " ".join(tokens)
