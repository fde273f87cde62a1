"""Import sources and claims from NDJSON or JSON: all or nothing (see claims.imports)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.imports import import_ledger


class Command(BaseCommand):
    help = (
        "Imports a file of source and claim records (NDJSON, one per line, a JSON list, or "
        "the API's CSV export; "
        "'-' reads standard input). Everything or nothing is written; --dry-run only "
        "validates. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--format", choices=["ndjson", "json", "csv"], default=None)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--as",
            dest="username",
            default=None,
            help="The user the import is recorded as (in every history row). Claims in a "
            "public status (published, disputed, …) are imported only for a reviewer.",
        )

    def handle(
        self,
        *args: Any,
        path: str,
        format: str | None,
        dry_run: bool,
        username: str | None,
        **kw: Any,
    ) -> None:
        by = None
        if username is not None:
            by = get_user_model().objects.filter(username=username).first()
            if by is None:
                raise CommandError(f"No such user: {username}")
        suffix = Path(path).suffix.lstrip(".")
        fmt = format or (suffix if suffix in {"json", "csv"} else "ndjson")
        if path == "-":
            report = import_ledger(sys.stdin, fmt=fmt, dry_run=dry_run, by=by)
        else:
            if not Path(path).is_file():
                raise CommandError(f"No such file: {path}")
            with open(path, encoding="utf-8", newline="") as stream:
                report = import_ledger(stream, fmt=fmt, dry_run=dry_run, by=by)
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {_counts(report.created)}; unchanged {_counts(report.unchanged)}."
        )
        for error in report.errors:
            self.stdout.write(f"row {error['row']}, field {error['field']}: {error['message']}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s): nothing was written.")


def _counts(counts: dict[str, int]) -> str:
    """``{"source": 1, "claim": 32}`` → "1 sources, 32 claims" (every kind, in file order)."""
    return ", ".join(f"{n} {kind}s" for kind, n in counts.items())
