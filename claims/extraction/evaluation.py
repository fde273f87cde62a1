"""Scoring the extractor against hand-labelled texts (``tests/data/extraction/*.json``).

A label file names its text and lists the claims an editor would record:

    {"text": "seed_article.txt", "claims": [
        {"kind": "percentage", "value": 55, "unit": "percent", "start": 4078,
         "quote": "A majority of Russians (55%)", "modality": "reported", "claimant": "VTsIOM"}]}

A predicted candidate matches a label when the kinds are equal, the values are equal within
0.01 (a proposal has none), and the spans overlap (a proposal's spans are all the sentences
of its plan); each label matches at most one candidate. Claimant and modality are scored
separately, over matched pairs: claimant accuracy over the labels that name a claimant (the
figures whose source the text names), modality accuracy over the labels that give one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from claims import units
from claims.extraction.extractor import extract
from claims.extraction.patterns import words
from claims.extraction.types import ActorRef, Candidate

VALUE_TOLERANCE = Decimal("0.01")
KINDS = (*units.QUANTITY_KINDS, "proposal")


class LabelError(ValueError):
    """A label file that cannot be read or whose quotes are not where it says."""


@dataclass(frozen=True)
class Label:
    """One expected claim: kind, value as stated, and where its words are."""

    kind: str
    value: Decimal | None
    unit: str
    start: int
    end: int
    quote: str
    modality: str = ""
    claimant: str = ""


@dataclass(frozen=True)
class LabelSet:
    """A text and its labels, as loaded from one label file."""

    path: Path
    text: str
    labels: tuple[Label, ...]
    actors: tuple[ActorRef, ...] = ()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


@dataclass
class Evaluation:
    """What the extractor found in one labelled text, matched against the labels."""

    label_set: LabelSet
    candidates: list[Candidate]
    matched: list[tuple[Label, Candidate]] = field(default_factory=list)
    false_positives: list[Candidate] = field(default_factory=list)
    false_negatives: list[Label] = field(default_factory=list)

    def counts(self) -> dict[str, Counts]:
        """Per kind, plus "overall"."""
        table: dict[str, Counts] = {kind: Counts() for kind in KINDS}
        for label, _ in self.matched:
            table[label.kind].tp += 1
        for candidate in self.false_positives:
            table[candidate.kind].fp += 1
        for label in self.false_negatives:
            table[label.kind].fn += 1
        overall = Counts()
        for kind in KINDS:
            overall.add(table[kind])
        table["overall"] = overall
        return table

    def attributes(self) -> Attributes:
        """How often the matched candidates name the labelled claimant and modality."""
        out = Attributes()
        for label, candidate in self.matched:
            if label.claimant:
                out.claimant_total += 1
                out.claimant_right += same_claimant(label.claimant, candidate.claimant_name)
            elif candidate.claimant_name:
                out.claimant_unlabelled += 1
            if label.modality:
                out.modality_total += 1
                out.modality_right += label.modality == candidate.modality
        out.claimant_missed = sum(1 for label in self.false_negatives if label.claimant)
        return out

    def attribute_mismatches(self) -> list[tuple[Label, Candidate, str]]:
        """Matched pairs whose modality or claimant differ, with which one."""
        out = []
        for label, candidate in self.matched:
            if label.modality and label.modality != candidate.modality:
                out.append((label, candidate, "modality"))
            if not same_claimant(label.claimant, candidate.claimant_name):
                out.append((label, candidate, "claimant"))
        return out


@dataclass
class Attributes:
    """Claimant and modality agreement over matched labels."""

    claimant_right: int = 0
    claimant_total: int = 0  # matched labels that name a claimant
    claimant_missed: int = 0  # labels naming a claimant whose figure was not found
    claimant_unlabelled: int = 0  # matched labels without a claimant given one anyway
    modality_right: int = 0
    modality_total: int = 0

    def add(self, other: Attributes) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def claimant_accuracy(self) -> float | None:
        return self.claimant_right / self.claimant_total if self.claimant_total else None

    @property
    def modality_accuracy(self) -> float | None:
        return self.modality_right / self.modality_total if self.modality_total else None


def same_claimant(expected: str, found: str) -> bool:
    """Equal names, or one naming the other ("Putin" for "Vladimir Putin", "auditor" for
    "council's auditor"); case-insensitive. A found bare noun ("Institute" for "Civic Pulse
    Institute") is an unresolved reference, not the claimant."""
    a, b = _norm_name(expected), _norm_name(found)
    if not a or not b:
        return a == b
    if a == b or re.search(rf"\b{re.escape(a)}\b", b):
        return True
    return bool(re.search(rf"\b{re.escape(b)}\b", a)) and b not in _GENERIC_NAMES


# Words that alone name no one in particular.
_GENERIC_NAMES = words(
    """institute ministry agency council union bank fund group office committee commission
    department university association company party service authority centre center board
    government league front observatory survey organisation organization alliance mission
    monitor court police army firm research officials analysts experts"""
)


def _norm_name(name: str | None) -> str:
    """Lower case, without a leading "the" or a possessive ("Kestrand's foreign ministry" is
    the Kestrand foreign ministry)."""
    name = (name or "").strip()
    name = name[4:] if name.lower().startswith("the ") else name
    # "government of Tolmera" is the Tolmera government, "foreign ministry of Lessany"
    # Lessany's foreign ministry: one body, two word orders ("Ministry of Finance" is a name).
    body_of = _BODY_OF.fullmatch(name)
    if body_of:
        name = f"{body_of['x']} {body_of['body']}"
    return name.lower().replace("’", "'").replace("'s ", " ").removesuffix("'s")


_BODY_OF = re.compile(
    r"(?P<body>(?:[a-z]+ )?(?:government|ministry|office|council|commission))"
    r" of (?:neighbouring )?(?P<x>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)"
)


def label_files(paths: Iterable[str | Path]) -> list[Path]:
    """The label files named, with directories expanded to their ``*.json``, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(path.glob("*.json")))
        elif path.is_file():
            out.append(path)
        else:
            raise LabelError(f"{path}: no such label file or directory")
    return out


def load_labels(path: str | Path) -> LabelSet:
    """Read a label file and its text; every label's quote must sit at its start offset."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / doc["text"]).read_text(encoding="utf-8")
        raw_labels = doc["claims"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LabelError(f"{path}: {exc}") from exc
    labels = []
    for i, raw in enumerate(raw_labels):
        quote, start = raw["quote"], int(raw["start"])
        if text[start : start + len(quote)] != quote:
            raise LabelError(f"{path}: claim {i} quote {quote[:40]!r} is not at offset {start}")
        value = raw.get("value")
        labels.append(
            Label(
                kind=raw["kind"],
                value=Decimal(str(value)) if value is not None else None,
                unit=raw.get("unit", ""),
                start=start,
                end=start + len(quote),
                quote=quote,
                modality=raw.get("modality", ""),
                claimant=raw.get("claimant") or "",
            )
        )
    actors = tuple(
        ActorRef(a["id"], a["name"], tuple(a.get("aliases", ()))) for a in doc.get("actors", ())
    )
    return LabelSet(path, text, tuple(labels), actors)


def evaluate(
    label_set: LabelSet, extractor: Callable[..., list[Candidate]] = extract
) -> Evaluation:
    """Run the extractor on a labelled text and match its candidates to the labels."""
    candidates = extractor(label_set.text, label_set.actors)
    evaluation = Evaluation(label_set, candidates)
    free = list(candidates)
    for label in sorted(label_set.labels, key=lambda lab: (lab.start, lab.kind)):
        options = [c for c in free if _matches(label, c)]
        if not options:
            evaluation.false_negatives.append(label)
            continue
        best = max(options, key=lambda c: (_overlap(label, c), -abs(c.start - label.start)))
        free.remove(best)
        evaluation.matched.append((label, best))
    evaluation.false_positives = free
    return evaluation


def _matches(label: Label, candidate: Candidate) -> bool:
    if label.kind != candidate.kind or _overlap(label, candidate) <= 0:
        return False
    if label.value is None or candidate.value is None:
        return label.value is None and candidate.value is None
    return abs(label.value - candidate.value) <= VALUE_TOLERANCE


def _overlap(label: Label, candidate: Candidate) -> int:
    spans = ((candidate.start, candidate.end), *candidate.provision_spans)
    return max(min(label.end, end) - max(label.start, start) for start, end in spans)


def total(evaluations: Iterable[Evaluation]) -> dict[str, Counts]:
    """Counts summed over several texts, per kind and overall."""
    table: dict[str, Counts] = {}
    for evaluation in evaluations:
        for kind, counts in evaluation.counts().items():
            table.setdefault(kind, Counts()).add(counts)
    return table


def total_attributes(evaluations: Iterable[Evaluation]) -> Attributes:
    out = Attributes()
    for evaluation in evaluations:
        out.add(evaluation.attributes())
    return out


def format_attributes(attributes: Attributes) -> str:
    """Two lines: claimant accuracy (over labels naming one) and modality accuracy."""

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    a = attributes
    return (
        f"claimant accuracy: {fmt(a.claimant_accuracy)} ({a.claimant_right}/{a.claimant_total}"
        f" matched labels naming a claimant; {a.claimant_missed} such labels not found;"
        f" {a.claimant_unlabelled} unattributed labels given a claimant)\n"
        f"modality accuracy: {fmt(a.modality_accuracy)} ({a.modality_right}/{a.modality_total})"
    )


def format_table(table: dict[str, Counts]) -> str:
    """A fixed-width table of precision, recall and F1 per kind and overall."""

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    lines = [f"{'kind':<17} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7} {'f1':>6}"]
    for kind, c in table.items():
        if kind != "overall" and not (c.tp or c.fp or c.fn):
            continue
        lines.append(
            f"{kind:<17} {c.tp:>4} {c.fp:>4} {c.fn:>4} {fmt(c.precision):>9} "
            f"{fmt(c.recall):>7} {fmt(c.f1):>6}"
        )
    return "\n".join(lines)
