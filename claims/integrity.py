"""Checks of the rules that span tables, run as one SQL query each.

PostgreSQL checks "a public claim has a citation" at commit (a deferred trigger); SQLite
cannot defer, so bulk loaders (loaddata, imports) call ``cross_table_violations()`` before
committing. It is also a cheap audit of a whole database.
"""

from __future__ import annotations

from django.db import connections

from claims.db_rules import PUBLIC_WITH_CITATION

_CHECKS = {
    "claim_published_has_citation": f"""
        SELECT c.id FROM claims_claim c
        WHERE c.status IN {PUBLIC_WITH_CITATION}
          AND NOT EXISTS (SELECT 1 FROM claims_citation ci WHERE ci.claim_id = c.id)""",
    "citation_quote_matches_source": """
        SELECT ci.id FROM claims_citation ci JOIN claims_source s ON s.id = ci.source_id
        WHERE substr(s.text, ci.start + 1, ci."end" - ci.start) <> ci.quote""",
    "claim_provision_in_proposal": """
        SELECT c.id FROM claims_claim c JOIN claims_provision p ON p.id = c.provision_id
        WHERE c.proposal_id IS NULL OR p.proposal_id <> c.proposal_id""",
}


def cross_table_violations(using: str = "default", limit: int = 20) -> list[str]:
    """One line per violating row (at most ``limit`` per rule), naming the rule and the id."""
    found: list[str] = []
    with connections[using].cursor() as cursor:
        for rule, sql in _CHECKS.items():
            cursor.execute(f"{sql} LIMIT {int(limit)}")
            found.extend(f"{rule}: {row[0]}" for row in cursor.fetchall())
    return found
