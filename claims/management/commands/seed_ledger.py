"""Load the curated seed into an empty ledger, and never into one that holds anything.

``make run`` calls this on every start. ``loaddata`` writes every object of a fixture by
primary key, so loading the seed again would silently overwrite what curators changed
since (a retraction would come back as published, with no history and no sync-feed
entry). Here the seed goes in once: when the ledger has no sources, claims, actors,
topics or proposals; otherwise the ledger is left exactly as it is.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from claims.models import Actor, Claim, Proposal, Source, Topic

SEED = "fixtures/seed.json"


def ledger_is_empty() -> bool:
    return not any(m.objects.exists() for m in (Source, Claim, Actor, Topic, Proposal))


class Command(BaseCommand):
    help = "Loads the curated seed (fixtures/seed.json) if, and only if, the ledger is empty."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fixture", default=SEED, help="The fixture to load.")

    def handle(self, *args: Any, fixture: str, **options: Any) -> None:
        if not ledger_is_empty():
            self.stdout.write("The ledger holds data: the seed is not loaded again.")
            return
        call_command("loaddata", fixture, verbosity=0)
        self.stdout.write(f"Loaded the seed ({fixture}) into the empty ledger.")
