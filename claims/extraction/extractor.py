"""``extract()``: find every candidate claim in a text, in text order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from claims import units
from claims.extraction.attribution import ENVOYS, ORG_WORDS, Attributor, strip_titles
from claims.extraction.document import Document, Sentence
from claims.extraction.proposals import Plan, Proposals, find_proposals
from claims.extraction.quantities import FINDERS, Hit, find_bare, resolve_overlaps
from claims.extraction.types import ActorRef, Candidate

VERSION = "0.22.0"
METHOD = f"extractor@{VERSION}"

_CLAIMANT_BONUS = 0.05
_PROPOSAL_CONFIDENCE = 0.6


def extract(text: str, actors: Iterable[ActorRef] = ()) -> list[Candidate]:
    """Candidate claims in ``text``, each anchored by offsets (``text[start:end] == quote``).

    Deterministic and offline: the same text and actors give the same list. ``actors`` are
    matched against the claimant phrase by name or alias to fill ``claimant_id``. Only
    quantities the ledger can store are proposed: a kind or unit ``claims.units`` refuses
    is left out rather than handed to a curator who could not save it.
    """
    doc = Document(text)
    attributor = Attributor(doc, actors)
    proposals = find_proposals(doc)

    hits: list[Hit] = []
    for finder in FINDERS:
        hits.extend(finder(doc))
    hits = find_bare(doc, resolve_overlaps(hits))
    # "the 3,180 km² figure": a figure named again, not stated again.
    hits = [h for h in hits if not _named_again(doc.text, h.start, h.end)]
    candidates = []
    for hit in _shared_subjects(doc, hits):
        candidate = _quantity(doc, attributor, hit, proposals)
        if candidate is not None:
            candidates.append(candidate)
    candidates = _restated(doc, candidates)
    candidates.extend(_proposal(doc, attributor, plan) for plan in proposals.plans)
    return sorted(candidates, key=lambda c: (c.start, c.end, c.kind))


def _proposal(doc: Document, attributor: Attributor, plan: Plan) -> Candidate:
    sentence = plan.first
    claimant = _proposer(attributor, plan)
    title = plan.title
    if claimant and (plan.possessive or len(title.split()) == 1):
        # "his conditions for peace": Putin's; "a draft": the Tarn diplomats'
        plural = claimant.split()[-1].islower() and claimant.endswith("s")
        title = f"{claimant}' {title}" if plural else f"{claimant}'s {title}"
    return Candidate(
        kind="proposal",
        value=None,
        unit="",
        lower=None,
        upper=None,
        approximate=False,
        bounds_stated=False,
        value_si=None,
        unit_si="",
        quote=doc.text[plan.quote_start : plan.quote_end],
        start=plan.quote_start,
        end=plan.quote_end,
        sentence=doc.text_of(sentence),
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        subject=title,
        claimant_name=claimant,
        claimant_id=attributor.actor_id(claimant),
        modality=plan.modality,
        confidence=_confidence(_PROPOSAL_CONFIDENCE, claimant),
        method=METHOD,
        provisions=tuple(plan.provisions),
        provision_spans=plan.spans,
    )


def _proposer(attributor: Attributor, plan: Plan) -> str:
    """Who states a plan: the main source of its first sentence, else the organisation its
    subject names ("Mediators from the Aurelian Confederation handed …"), else the source it
    inherits."""
    owner = _TITLE_OWNER.match(plan.title)
    return (
        (owner.group(1) if owner else "")
        or _drafter(attributor.doc.text, plan.first)
        or attributor.own_claimant(plan.first)
        or attributor.subject_of(plan.first)
        or attributor.claimant(plan.first)
        # A live page's newest entry first: "has put forward a five-point plan" further down.
        or next(
            filter(
                None,
                (_drafter(attributor.doc.text, s) for s in plan.sentences if s is not plan.first),
            ),
            "",
        )
    )


def _drafter(text: str, sentence: Sentence) -> str:
    """Who the sentence says drafted or sent the plan: "drafted by X", "X has sent …"."""
    drafted = _DRAFTED_BY.search(text, sentence.start, sentence.end)
    if drafted and drafted["v"]:
        return _owned_body(drafted["vo"], drafted["v"])
    if drafted:
        if drafted["t"]:
            return drafted["t"]  # "the foreign ministers of Aldvane and Merisco", as named
        name = strip_titles(_first_group(drafted, "u", "x", "y", "z", "w"))
        head, of, _ = name.partition(" of ")
        if of and head.split()[-1].lower() not in ORG_WORDS:
            # "President Ilse Warrow of Cantor" is Ilse Warrow; "Council of Churches of
            # Sorvane" keeps its "of"
            name = head
        return name
    sender = _SENDER.match(text, sentence.start, sentence.end)
    if sender and sender["v"]:
        return _owned_body(sender["vo"], sender["v"])
    name = _first_group(sender, "p", "s") if sender else ""
    return strip_titles(name[4:] if name.startswith("The ") else name) if name else ""


def _owned_body(owner: str, body: str) -> str:
    """ "the government of Brill" is the Brill government; "the foreign ministry of Lessany"
    is Lessany's foreign ministry."""
    return f"{owner} {body}" if body == "government" else f"{owner}'s {body}"


# "a document that envoys from the Harlan Republic drafted", "The draft budget that the
# finance ministry sent to parliament": who wrote the plan.
_DRAFT_VERB = (
    r"(?:\w+\s+){0,2}?(?:drafted|wrote|prepared|proposed|tabled|presented|handed|circulated"
    r"|put\s+forward|drew\s+up|drawn\s+up|sent|submitted|unveiled|published)\b"
)
_DRAFTED_BY = re.compile(
    rf"\b(?i:{ENVOYS})\s+(?:from|of)\s+"
    r"(?:the\s+)?(?P<x>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s+"
    + _DRAFT_VERB
    + r"|\b(?:that|which)\s+(?:the\s+)?(?P<y>(?:[A-Z][\w'’-]*\s+){0,3}(?:[a-z]+\s+)?"
    r"(?:ministry|government|treasury|cabinet|council|commission|mediators|envoys))\s+"
    + _DRAFT_VERB
    # "drafted by Orvane mediators", "brokered by the Serrat government", "put to both
    # sides by the Kerrow Group", "from mediators in Orvane"
    + r"|\b(?:drafted|written|put\s+forward|drawn\s+up|brokered|put|presented|proposed|tabled"
    r"|prepared|written\s+up|unveiled|announced|outlined|launched|circulated|floated|submitted"
    r"|handed|sent)\s+(?:to\s+(?:[\w'’-]+\s+){1,5}?)?"
    # "unveiled on Monday by", "drafted over the summer by": when, before who
    r"(?:(?:on|last|this|over\s+the|in|earlier\s+this)\s+[a-z]*[A-Za-z]+\s+"
    r"|(?:a|one|two|three)\s+(?:day|week|month|year)s?\s+ago\s+){0,2}by\s+"
    # "by Dellacourt's foreign minister, Norwen Adebisi-Falk,": the person in the apposition
    r"(?:[A-Z][\w'’-]*['’]s\s+(?:[a-z]+\s+){1,3}?[a-z]+,\s+(?P<u>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){1,2})"
    r"(?=[,.;]|\s+(?:of|who|whose)\b)|"
    # "by the foreign ministry of neighbouring Lessany": Lessany's foreign ministry
    r"the\s+(?P<v>(?:[a-z]+\s+){0,2}(?:ministry|government|office|council|commission))\s+of\s+"
    r"(?:neighbouring\s+)?(?P<vo>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})(?=[\s,.;]|$)|"
    # "drawn up by the foreign ministers of Aldvane and Merisco": the ministers, as named
    r"the\s+(?P<t>(?:[a-z]+\s+){0,2}(?:ministers|leaders|presidents|governments)\s+of\s+"
    r"[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3})(?=[\s,.;]|$)|(?:the\s+)?"
    r"(?P<z>[A-Z][\w'’-]*(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?[A-Z][\w'’-]*){0,4}"
    r"(?:\s+(?:government|group|council|diplomats|officials))?"
    # "drawn up by Ulvane's foreign ministry": the owned body, not the owner
    r"(?:(?<=['’]s)\s+(?:[a-z]+\s+)?(?:ministry|office|commission|envoys|mediators|government))?)"
    rf"(?=\s+(?:{ENVOYS}|of\s+mediators)\b|[\s,.;]|$))"
    rf"|\bfrom\s+(?:the\s+)?(?:{ENVOYS})\s+(?:in|from|of)\s+"
    r"(?P<w>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)


# "Kemmer mediators' plan", "Selmar's draft": the owner named in the title proposes it.
_TITLE_OWNER = re.compile(r"^([A-Z][\w-]*(?:\s+[\w-]+)*?)(?:['’]s|(?<=s)['’])\s")


# "Quenhall has sent Tavrosk and Meldria an 18-point plan": who sends it proposes it.
_SENDER = re.compile(
    # "Ausmere's foreign minister, Odalys Frenkamp, handed …": the person in the apposition.
    r"(?:[A-Z][\w'’-]*['’]s\s+(?:[a-z]+\s+){1,3}?[a-z]+,\s+(?P<p>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){1,2}),"
    # "The foreign ministry of Kestrand has drafted …": Kestrand's foreign ministry
    r"|(?:The\s+)?(?P<v>(?:[a-z]+\s+){0,2}(?:ministry|government|office|council))\s+of\s+"
    r"(?P<vo>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
    r"|(?P<s>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}))"
    # "The Saltmere Group of five neighbouring states has put forward …", "The Tervanne
    # Facilitation Team, which has mediated since the spring, has put a nine-point plan …"
    r"(?:\s+of\s+(?:[a-z]+\s+){0,2}[a-z]+)?(?:,\s+(?:which|who)\s+[^,;]{1,80},)?"
    r"\s+(?:on\s+\w+\s+)?(?:has\s+|have\s+)?"
    r"(?:sent|handed|presented|tabled|proposed|unveiled|circulated|put\s+forward|submitted"
    r"|offered|drafted|drawn\s+up|prepared|put(?=\s+an?\s+[\w-]+-point\b))\b"
)


# A ratio set after a figure, by a comma: ", nearly eight times the proposed fund".
_APPOSED_BEFORE = re.compile(r"\d(?:[\d.,]*\d)?(?:\s+(?:[a-z]+|km²|%))?(?:\s+[a-z]+){0,2},\s+$")
_PLANS_FIGURE = re.compile(
    r"\s+the\s+(?:proposed|planned)\s+\w+"
    r"|\s+the\s+\w+\s+(?:in|of)\s+the\s+(?:text|plan|draft|deal|framework)\b"
    r"|\s+the\s+\w+\s+(?:the\s+)?(?:plan|text|draft|deal)\s+(?:offers|proposes)\b"
)


def _first_group(m: re.Match[str], *names: str) -> str:
    return next((m.group(n) for n in names if m.group(n)), "")


def _quantity(
    doc: Document, attributor: Attributor, hit: Hit, proposals: Proposals
) -> Candidate | None:
    try:
        normalised = units.normalise(hit.kind, hit.value, hit.unit)
    except units.UnitError:
        return None  # a kind or unit the ledger cannot store yet
    sentence = doc.sentence_at(hit.start)
    plan = proposals.plan_of.get(sentence.index)
    modality = attributor.modality(
        sentence,
        hit.start,
        in_proposal=proposals.modality_of.get(sentence.index, ""),
        point_count=hit.point_count,
        opinion_after=hit.end if hit.kind == "percentage" else None,
    )
    # "The hole could be €3 billion bigger than the draft admits. Those figures were
    # published by the Fiscal Council.": who published them, not the plan's proposer.
    own = attributor.own_claimant(sentence, hit.start) or attributor.covered_after(sentence)
    if plan is not None and _OWN_SOURCE_AFTER.match(doc.text, hit.end):
        # "… leaving X in control of about 19% of the territory, by the reckoning of the
        # Brask Mapping Project, and …": the figure as it stands, relayed from its source.
        plan, modality = None, "reported"
    if plan is None:
        claimant = own or attributor.claimant(sentence, hit.start)
        if not claimant and modality == "proposed":
            # "Both armies would pull back 15 km." after the plan is named: a term of the
            # plan stated last, its proposer's (on a live page, newest first, the only plan).
            stated = [p for p in proposals.plans if p.first.start < hit.start]
            if stated or len(proposals.plans) == 1:
                claimant = _proposer(attributor, (stated or proposals.plans)[-1])
    elif modality == plan.modality and not (
        attributor.covered_after(sentence) or _own_before(attributor, sentence, hit)
    ):
        # "Under the draft, the army would be capped at 600,000, down from the 880,000 the
        # general staff says it has": a term of the plan is its proposer's, whoever a later
        # clause quotes.
        claimant = _proposer(attributor, plan) or own or attributor.claimant(sentence, hit.start)
    elif modality == plan.modality or _AS_IT_STANDS.match(doc.text, hit.end):
        # "…, from about 900,000 today": the figure as it stands beside a plan's term keeps
        # its own clause's source, and no one's when it has none.
        claimant = own
    else:
        # "Under the plan, personnel will be capped at 800,000": the plan's proposer says so.
        claimant = own or _proposer(attributor, plan) or attributor.claimant(sentence, hit.start)
    if hit.point_count and not _own_before(attributor, sentence, hit):
        # "The first draft had 28 points": a plan's size is the outlet's fact, no one's claim.
        claimant = ""
    if sentence.list_item and (table_source := attributor.table_source(sentence)):
        claimant = table_source  # a pipe table's row: its "Source:" line's
    if attributor.writers_own(sentence, hit.start):
        # "by our reckoning" in an organisation's brief is that organisation's.
        claimant = attributor.issuer
    if (
        hit.kind == "ratio"
        and _APPOSED_BEFORE.search(doc.text, sentence.start, hit.start)
        and _PLANS_FIGURE.search(doc.text, hit.start, min(sentence.end, hit.end + 40))
    ):
        # "puts the cost at 31 billion euros, nearly eight times the proposed fund": the
        # text's comparison of one side's figure with the plan's, a fact and no one's claim.
        # (", twice the region's average" shares the hedge of the figure it restates.)
        modality, claimant = "asserted", ""
    return Candidate(
        kind=hit.kind,
        value=hit.value,
        unit=hit.unit,
        lower=hit.lower,
        upper=hit.upper,
        approximate=hit.approximate,
        bounds_stated=hit.bounds_stated,
        value_si=normalised.value,
        unit_si=normalised.unit,
        quote=doc.text[hit.start : hit.end],
        start=hit.start,
        end=hit.end,
        sentence=doc.text_of(sentence),
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        subject=hit.subject,
        claimant_name=claimant,
        claimant_id=attributor.actor_id(claimant),
        modality=modality,
        confidence=_confidence(hit.confidence, claimant),
        method=METHOD,
    )


def _restated(doc: Document, candidates: list[Candidate]) -> list[Candidate]:
    """ "Thirty kilometres is within range of our towns", "a belt of 15 km is a line on
    paper": a figure proposed earlier in the text and named again without a hedge of its own
    is still the proposal's figure, not a fact, whoever restates it."""
    proposed: set[tuple[str, object, str, str]] = set()
    out = []
    for candidate in candidates:
        # A head count is the same figure only with the same noun ("a commission of 24
        # people"): "killed four and wounded 11" restates no plan's 11 observers.
        noun = candidate.quote.split()[-1].lower() if candidate.kind == "count" else ""
        key = (candidate.kind, candidate.value_si, candidate.unit_si, noun)
        if candidate.modality == "proposed":
            proposed.add(key)
        elif (
            candidate.modality == "asserted"
            and key in proposed
            and not _AS_IT_STANDS.match(doc.text, candidate.end)
            and not _PAST_VERB.search(doc.text, candidate.sentence_start, candidate.sentence_end)
        ):
            candidate = replace(candidate, modality="proposed")
        out.append(candidate)
    return out


# "… had 5 km of buffer", "were freed": a figure of what happened is no restatement.
_PAST_VERB = re.compile(
    r"\b(?:had|was|were|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:freed|released|killed|held"
    r"|exchanged|displaced|built|paid|spent|sent)\b",
    re.IGNORECASE,
)


def _own_before(attributor: Attributor, sentence: Sentence, hit: Hit) -> bool:
    """A source that introduces the plan's terms: "Kovac said the plan would …", "According
    to X, the army would …"; one inside a later clause ("…, down from the 880,000 the
    general staff says it has, and the country would …") quotes another figure."""
    text = attributor.doc.text
    would = _TERM_VERB.search(text, sentence.start, sentence.end)
    limit = min(hit.start, would.start() if would else hit.start)
    return any(a.pos < limit for a in attributor.attributions(sentence))


_OWN_SOURCE_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,4}?,?\s+by\s+the\s+(?:count|reckoning|tally)\s+of\b"
)
_AS_IT_STANDS = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:now|today|currently|at\s+present)\b")
_TERM_VERB = re.compile(r"\b(?:would|will|shall|is\s+to|are\s+to)\b")


def _shared_subjects(doc: Document, hits: list[Hit]) -> list[Hit]:
    """ "55% expect …, with 70% linking …": a share without its own group is of the last one."""
    out = []
    last: tuple[int, str] | None = None
    for hit in hits:
        if hit.kind == "percentage":
            sentence = doc.sentence_at(hit.start).index
            if not hit.subject and last and last[0] == sentence:
                hit = replace(hit, subject=last[1])
            if hit.subject:
                last = (sentence, hit.subject)
        out.append(hit)
    return out


_THE_BEFORE = re.compile(r"\bthe\s$", re.IGNORECASE)
_FIGURE_AFTER = re.compile(r"\s+(?:figure|figures|total|number|estimate)\b")


def _named_again(text: str, start: int, end: int) -> bool:
    return bool(
        _THE_BEFORE.search(text, max(0, start - 4), start) and _FIGURE_AFTER.match(text, end)
    )


def _confidence(base: float, claimant: str) -> float:
    return round(min(1.0, base + (_CLAIMANT_BONUS if claimant else 0.0)), 2)
