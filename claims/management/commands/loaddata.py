"""Django's loaddata, plus the ledger's rules and history kept whole.

- The cross-table rules are checked inside loaddata's own transaction before it commits
  (on SQLite nothing can defer "a public claim has a citation" to the end of the load), so a
  bad fixture loads nothing on any database.
- History comes from the fixture or is started: loaddata's raw saves record nothing, but
  setting many-to-many fields afterwards did record a "changed" row, which collided with
  the history rows of a ``dumpdata`` that carried them. Now raw saves record nothing at all
  (``claims.signals``), and an object the fixture brought without any history (the seed)
  gets one "created" row, dated when it was created.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db import router

from claims.integrity import cross_table_violations
from claims.models import Actor, Citation, Claim, Proposal, Provision, Source, Topic
from claims.search import keeping_timestamps

AUDITED = (Actor, Topic, Source, Proposal, Provision, Claim, Citation)


class Command(loaddata.Command):
    def loaddata(self, fixture_labels: list[str]) -> None:
        with keeping_timestamps():  # a fixture's timestamps are part of its data
            super().loaddata(fixture_labels)
        violations = cross_table_violations(using=self.using)
        if violations:
            raise CommandError(
                "The fixture breaks the ledger's rules; nothing was loaded:\n  "
                + "\n  ".join(violations)
            )
        for model in AUDITED:
            if router.allow_migrate_model(self.using, model):
                start_history(model, self.using)


def start_history(model: type, using: str) -> None:
    """A "created" history row for each object of ``model`` that has none."""
    history = model.history
    recorded = history.using(using).values("id")
    missing = list(model._default_manager.using(using).exclude(pk__in=recorded))
    for obj in missing:
        obj._history_date = obj.created_at
    if missing:
        history.bulk_history_create(missing, batch_size=500)
