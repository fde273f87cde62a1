"""Score the claim extractor against labelled texts; CI fails it below set thresholds.

Prints, per text, per directory and over all texts: precision, recall and F1 per kind,
claimant accuracy (over labels naming a claimant) and modality accuracy.
"""

from __future__ import annotations

from argparse import ArgumentParser
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.evaluation import add_threshold_arguments, close
from claims.extraction import METHOD
from claims.extraction.evaluation import (
    Evaluation,
    LabelError,
    evaluate,
    format_attributes,
    format_table,
    label_files,
    load_labels,
    total,
    total_attributes,
)


class Command(BaseCommand):
    help = (
        "Run the extractor on labelled texts and print precision, recall and F1 per kind. "
        "PATH is a label JSON file (it names its text) or a directory of them."
    )
    # Reads files only: no database, so no system checks needed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        add_threshold_arguments(parser, "(all files)")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        try:
            evaluations = [evaluate(load_labels(path)) for path in label_files(options["paths"])]
        except LabelError as exc:
            raise CommandError(str(exc)) from exc
        if not evaluations:
            raise CommandError("No label files found.")

        self.stdout.write(f"{METHOD} on {len(evaluations)} labelled text(s)")
        for evaluation in evaluations:
            self.stdout.write(f"\n{evaluation.label_set.path}")
            self.stdout.write(format_table(evaluation.counts()))
            self.stdout.write(format_attributes(evaluation.attributes()))
            if verbosity >= 2:
                self._details(evaluation)
        by_directory = [
            (directory, list(group))
            for directory, group in groupby(evaluations, key=lambda e: e.label_set.path.parent)
        ]
        if len(by_directory) > 1:
            for directory, group in by_directory:
                self.stdout.write(f"\nDirectory {directory} ({len(group)} texts)")
                self.stdout.write(format_table(total(group)))
                self.stdout.write(format_attributes(total_attributes(group)))
        overall = total(evaluations)
        self.stdout.write(f"\nAll texts ({len(evaluations)})")
        self.stdout.write(format_table(overall))
        self.stdout.write(format_attributes(total_attributes(evaluations)))
        summary = overall["overall"]
        precision = summary.precision if summary.precision is not None else 1.0
        recall = summary.recall if summary.recall is not None else 1.0
        close(self.stdout, precision, recall, options)

    def _details(self, evaluation: Evaluation) -> None:
        for c in evaluation.false_positives:
            self.stdout.write(f"  FP {c.kind} {c.value} [{c.start}:{c.end}] {_short(c.quote)!r}")
        for label in evaluation.false_negatives:
            self.stdout.write(
                f"  FN {label.kind} {label.value} [{label.start}:{label.end}] "
                f"{_short(label.quote)!r}"
            )
        for label, c, what in evaluation.attribute_mismatches():
            expected = label.modality if what == "modality" else label.claimant
            found = c.modality if what == "modality" else c.claimant_name
            self.stdout.write(
                f"  ~{what} {_short(label.quote)!r}: expected {expected!r}, found {found!r}"
            )


def _short(quote: str, limit: int = 80) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
