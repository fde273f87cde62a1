"""Measure the grouping suggestions (claims.grouping) on the labelled storylines.

Each storyline (``storyline_*.json`` in PATH; format in tests/data/assertions/README.md) is
replayed in publication order. Every claim in turn is scored against the groups formed so far
by the labels (what a curator would have confirmed): the claims before it, grouped by their
``assertion``. The claim's top member suggestion at a threshold is a true positive when it is
the claim's labelled assertion, a false positive when it is another group; the claim is a false
negative when its assertion already has members and the top suggestion is not it (missing or
wrong: a wrong top is both). At STRONG the top is the first *strong* suggestion (score at
least STRONG, and a value that agrees with a member: a contradiction waits for a reviewer). A
near-miss violation is a member suggestion, at SUGGEST, of a group holding a claim the labels
list as the claim's near miss. Series suggestions are counted apart: right when the group is
another point of the claim's labelled series.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims import grouping, units
from claims.evaluation import add_threshold_arguments, close
from claims.grouping import SAME, SERIES, ClaimRecord

# The storylines the thresholds and weights were tuned on; the others are held out.
TUNING = ("flood", "poll")


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    assertion: str
    series: str | None
    record: ClaimRecord


@dataclass
class Storyline:
    name: str
    claims: list[LabelledClaim]
    near_misses: dict[str, set[str]]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    """What one replay (or a total of replays) found."""

    name: str
    claims: int = 0
    assertions: int = 0
    suggest: Counts = field(default_factory=Counts)
    strong: Counts = field(default_factory=Counts)
    near_miss_pairs: int = 0
    near_miss_violations: int = 0
    series_suggested: int = 0
    series_right: int = 0
    series_possible: int = 0
    series_found: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, other: Result) -> None:
        self.claims += other.claims
        self.assertions += other.assertions
        self.suggest.add(other.suggest)
        self.strong.add(other.strong)
        for name in (
            "near_miss_pairs",
            "near_miss_violations",
            "series_suggested",
            "series_right",
            "series_possible",
            "series_found",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _day(text: str | None) -> tuple[date | None, str]:
    """An ISO date whose length is its precision: "2027-03" is March 2027."""
    if not text:
        return None, "day"
    parts = [int(p) for p in text.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return date(*[*parts, 1, 1][:3]), precision


def _normalised(claim: dict[str, Any]) -> dict[str, Any]:
    """A labelled claim's normalised quantity, exactly as ``Claim`` derives it: each stated
    number through ``units.normalise`` (rounded to the places the ledger stores); a claim
    without a value (a proposal) has none."""
    kind, unit = claim["kind"], claim["unit"]
    if kind not in units.QUANTITY_KINDS or claim.get("value") is None:
        return {"value_si": None, "lower_si": None, "upper_si": None, "unit_si": ""}
    normalised = units.normalise(kind, claim["value"], unit)

    def si(name: str) -> Any:
        stated = claim.get(name)
        return None if stated is None else units.normalise(kind, stated, unit).value

    return {
        "value_si": normalised.value,
        "lower_si": si("lower"),
        "upper_si": si("upper"),
        "unit_si": normalised.unit,
    }


# Ablations: what the figures owe to one labelled field. "sentence-subject" replaces the
# curated subject by the sentence around the quote (what a claim carries when nobody wrote a
# subject); "no-place" and "no-claimant" leave those fields empty.
VARIANTS = ("labelled", "sentence-subject", "no-place", "no-claimant")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around ``text[start:end]``."""
    begin = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[begin : min(stops, default=len(text))]


def _vary(record: ClaimRecord, variant: str, sentence: str) -> ClaimRecord:
    if variant == "sentence-subject":
        return replace(record, subject=sentence)
    if variant == "no-place":
        return replace(record, place="")
    if variant == "no-claimant":
        return replace(record, claimant="", actors=())
    return record


def load_storyline(path: Path, variant: str = "labelled") -> Storyline:
    """A storyline's claims as records, in the order a curator would meet them."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        sources = {s["file"]: s for s in doc["sources"]}
        order = {
            f: i
            for i, f in enumerate(sorted(sources, key=lambda f: (sources[f]["published_on"], f)))
        }
        labelled = []
        for c in sorted(doc["claims"], key=lambda c: (order[c["source"]], c["start"])):
            source = sources[c["source"]]
            as_of, precision = _day(c.get("as_of"))
            record = ClaimRecord(
                kind=c["kind"],
                value=c.get("value"),
                lower=c.get("lower"),
                upper=c.get("upper"),
                approximate=bool(c.get("approximate")),
                unit=c["unit"],
                **_normalised(c),
                subject=c.get("subject") or "",
                place=c.get("place") or "",
                as_of=as_of,
                time_precision=precision,
                quote=c["quote"],
                claimant=c.get("claimant") or "",
                proposal=c.get("title") or "",
                modality=c.get("modality") or "",
                publisher=source["publisher"],
                published_on=date.fromisoformat(source["published_on"]),
            )
            if variant != "labelled":
                text = (path.parent / c["source"]).read_text(encoding="utf-8")
                sentence = _sentence(text, c["start"], c["start"] + len(c["quote"]))
                record = _vary(record, variant, sentence)
            labelled.append(LabelledClaim(c["id"], c["assertion"], c.get("series"), record))
        misses: dict[str, set[str]] = defaultdict(set)
        for miss in doc["near_misses"]:
            misses[miss["a"]].add(miss["b"])
            misses[miss["b"]].add(miss["a"])
        return Storyline(doc["storyline"], labelled, dict(misses))
    except (OSError, ValueError, KeyError, TypeError) as exc:  # UnitError is a ValueError
        raise CommandError(f"{path}: not a storyline file ({exc})") from exc


def replay(storyline: Storyline) -> Result:
    """Score each claim against the labelled groups formed before it."""
    result = Result(storyline.name, claims=len(storyline.claims))
    result.assertions = len({c.assertion for c in storyline.claims})
    result.near_miss_pairs = sum(len(v) for v in storyline.near_misses.values()) // 2
    groups: dict[str, list[ClaimRecord]] = {}
    ids: dict[str, set[str]] = defaultdict(set)
    series_of: dict[str, str | None] = {}
    violated: set[frozenset[str]] = set()
    for claim in storyline.claims:
        suggestions = grouping.suggest(claim.record, groups, threshold=0.0)
        same = [s for s in suggestions if s.relation == SAME]
        exists = claim.assertion in groups
        for counts, threshold in ((result.suggest, grouping.SUGGEST), (result.strong, None)):
            top = next(
                (s for s in same if (s.strong if threshold is None else s.score >= threshold)),
                None,
            )
            if top is not None and top.group_id == claim.assertion:
                counts.tp += 1
                continue
            if top is not None:
                counts.fp += 1
            if exists:
                counts.fn += 1
            if top is None and not exists:
                counts.tn += 1
            if threshold == grouping.SUGGEST and (top is not None or exists):
                what = f"FP {top.group_id} {top.score:.2f}" if top else "FN"
                right = next((s.score for s in same if s.group_id == claim.assertion), None)
                result.mistakes.append(
                    f"{what}: {claim.id} (labelled {claim.assertion}"
                    + (f", scored {right:.2f})" if right is not None else ")")
                )
        for s in same:
            if s.score < grouping.SUGGEST:
                break
            for partner in storyline.near_misses.get(claim.id, ()):
                if partner in ids[s.group_id]:
                    violated.add(frozenset((claim.id, partner)))
        points = [s for s in suggestions if s.relation == SERIES and s.score >= grouping.SUGGEST]
        result.series_suggested += len(points)
        hits = [s for s in points if claim.series and series_of[s.group_id] == claim.series]
        result.series_right += len(hits)
        if claim.series and any(
            series_of[g] == claim.series and g != claim.assertion for g in groups
        ):
            result.series_possible += 1
            result.series_found += bool(hits)

        groups.setdefault(claim.assertion, []).append(claim.record)
        ids[claim.assertion].add(claim.id)
        series_of[claim.assertion] = claim.series
    result.near_miss_violations = len(violated)
    return result


def storyline_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(path.glob("storyline_*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{name}: no such file or directory")
    if not files:
        raise CommandError("No storyline_*.json files found.")
    return files


class Command(BaseCommand):
    help = (
        "Replay labelled storylines (tests/data/assertions) and print the precision and recall "
        "of the grouping suggestions at the SUGGEST and STRONG thresholds, per storyline and "
        "overall, with near-miss violations."
    )
    # Reads files only: no database, so no system checks needed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--variant",
            choices=VARIANTS,
            default="labelled",
            help="An ablation: replace or drop one labelled field before replaying.",
        )
        add_threshold_arguments(parser, "at SUGGEST")

    def handle(self, *args: Any, **options: Any) -> None:
        variant = options["variant"]
        files = storyline_files(options["paths"])
        results = [replay(load_storyline(p, variant)) for p in files]
        self.stdout.write(
            f"grouping suggestions: SUGGEST {grouping.SUGGEST}, STRONG {grouping.STRONG}; "
            f"tuned on {', '.join(TUNING)}"
            + ("" if variant == "labelled" else f"; variant {variant}")
        )
        for result in results:
            held = "tuning" if result.name in TUNING else "held out"
            self._print(result, f"{result.name} ({held})")
            if options["verbosity"] >= 2:
                for line in result.mistakes:
                    self.stdout.write(f"    {line}")
        held_out = Result("held out")
        for result in results:
            if result.name not in TUNING:
                held_out.add(result)
        if held_out.claims and len(results) > 1:
            self._print(held_out, "held out storylines")
        overall = Result("overall")
        for result in results:
            overall.add(result)
        self._print(overall, f"all storylines ({len(results)})")
        close(self.stdout, overall.suggest.precision, overall.suggest.recall, options)

    def _print(self, result: Result, title: str) -> None:
        write = self.stdout.write
        write(f"\n{title}: {result.claims} claims, {result.assertions} assertions")
        for label, counts in (("SUGGEST", result.suggest), ("STRONG", result.strong)):
            write(
                f"  at {label:<7}  precision {counts.precision:.3f}  recall {counts.recall:.3f}"
                f"  (tp {counts.tp}, fp {counts.fp}, fn {counts.fn}, tn {counts.tn})"
            )
        write(
            f"  near-miss violations: {result.near_miss_violations} of "
            f"{result.near_miss_pairs} pairs"
        )
        series_precision = (
            result.series_right / result.series_suggested if result.series_suggested else 1.0
        )
        series_recall = (
            result.series_found / result.series_possible if result.series_possible else 1.0
        )
        write(
            f"  series points: precision {series_precision:.3f} "
            f"({result.series_right} of {result.series_suggested}), "
            f"recall {series_recall:.3f} ({result.series_found} of {result.series_possible})"
        )
