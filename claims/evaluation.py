"""What the evaluation commands (evaluate_extractor, evaluate_grouping) share: the
``--min-precision``/``--min-recall`` gate that CI runs them with, and its closing lines."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError, OutputWrapper


def add_threshold_arguments(parser: ArgumentParser, overall: str) -> None:
    """The two gates; ``overall`` says what the figures are of ("(all files)", …)."""
    for name in ("precision", "recall"):
        parser.add_argument(
            f"--min-{name}",
            type=float,
            default=None,
            help=f"Exit non-zero when overall {name} {overall} is below this.",
        )


def close(stdout: OutputWrapper, precision: float, recall: float, options: dict[str, Any]) -> None:
    """Print the overall figures; raise CommandError when one is below its gate."""
    stdout.write(f"precision: {precision:.3f}")
    stdout.write(f"recall: {recall:.3f}")
    failures = []
    if options["min_precision"] is not None and precision < options["min_precision"]:
        failures.append(f"precision {precision:.3f} < {options['min_precision']}")
    if options["min_recall"] is not None and recall < options["min_recall"]:
        failures.append(f"recall {recall:.3f} < {options['min_recall']}")
    if failures:
        raise CommandError("Below threshold: " + "; ".join(failures))
