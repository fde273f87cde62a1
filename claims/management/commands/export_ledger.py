"""Export the whole ledger in the import format (NDJSON), streamed, ending with a trailer."""

from __future__ import annotations

import hashlib
import json
from itertools import chain
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.api.v1.exports import snapshot
from claims.imports import export_records, header_record, trailer_record


class Command(BaseCommand):
    help = (
        "Writes every actor, topic, proposal (with its provisions), source and claim as NDJSON "
        "records that import_ledger reads back into an empty ledger exactly; the last line is "
        "a trailer (record count and SHA-256) that shows a file cut short."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="-", help="A file path, or - for stdout.")

    def handle(self, *args: Any, output: str, **kw: Any) -> None:
        stream: Any = self.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
        digest, count = hashlib.sha256(), 0
        try:
            # One snapshot on PostgreSQL: the file is the ledger exactly as of one revision.
            with snapshot() as revision:
                for record in chain([header_record(revision)], export_records()):
                    line = json.dumps(record, ensure_ascii=False) + "\n"
                    digest.update(line.encode())
                    count += 1
                    stream.write(line)
            stream.write(json.dumps(trailer_record(count, digest)) + "\n")
        finally:
            if stream is not self.stdout:
                stream.close()
