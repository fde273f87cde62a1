"""Check every citation's quote against its source's text; non-zero exit on any mismatch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.models import Citation, Source


class Command(BaseCommand):
    help = (
        "Checks that every citation's quote equals source.text[start:end]. Prints how many "
        "citations were checked and each mismatch; exits non-zero if there is any."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked = 0
        mismatches: list[str] = []
        # Citations grouped by source, so each source's text is read once.
        texts: dict[Any, str] = {}
        rows = Citation.objects.order_by("source_id", "start").values_list(
            "id", "claim_id", "source_id", "start", "end", "quote"
        )
        for citation_id, claim_id, source_id, start, end, quote in rows.iterator(chunk_size=2000):
            if source_id not in texts:
                texts.clear()
                texts[source_id] = Source.objects.values_list("text", flat=True).get(pk=source_id)
            checked += 1
            found = texts[source_id][start:end]
            if found != quote:
                mismatches.append(
                    f"citation {citation_id} (claim {claim_id}, source {source_id}) "
                    f"[{start}:{end}]: expected {quote!r}, found {found!r}"
                )
        self.stdout.write(f"Checked {checked} citations: {len(mismatches)} mismatched.")
        for line in mismatches:
            self.stdout.write(f"  {line}")
        if mismatches:
            raise CommandError(f"{len(mismatches)} citation(s) do not match their source text.")
