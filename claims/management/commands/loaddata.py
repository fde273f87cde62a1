"""Django's loaddata, plus the cross-table rules checked before the load commits.

loaddata saves raw and, on SQLite, nothing can defer the "a public claim has a citation"
check to the end of the load; this runs every cross-table check inside loaddata's own
transaction, so a bad fixture loads nothing on any database.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from claims.integrity import cross_table_violations
from claims.search import keeping_timestamps


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
