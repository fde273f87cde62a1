"""Export every source and claim in the import format (NDJSON), streamed."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.imports import export_records


class Command(BaseCommand):
    help = "Writes every source and claim as NDJSON records that import_ledger reads back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="-", help="A file path, or - for stdout.")

    def handle(self, *args: Any, output: str, **kw: Any) -> None:
        stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
        try:
            for record in export_records():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if stream is not sys.stdout:
                stream.close()
