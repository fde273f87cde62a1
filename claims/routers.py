"""Which models are data to dump and load, and which the database derives.

``models.TopicWalk`` is kept by PostgreSQL triggers from claims and their topic links
(``claims.db_rules``) and exists only there. Saying "do not migrate" for it makes dumpdata,
loaddata and the test database's serialisation leave it out on every database: a dump holds
the ledger's own rows, and a restore rebuilds the walk through the triggers. Its migration
(0014) creates it with raw SQL, which this router does not govern.
"""

from __future__ import annotations

from typing import Any

DERIVED = {("claims", "topicwalk")}


class DerivedTablesRouter:
    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if (app_label, model_name) in DERIVED:
            return False
        return None
