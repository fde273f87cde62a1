"""Checks of the rules that span tables, and the database's refusals as field errors.

PostgreSQL checks "a public claim has a citation" at commit (a deferred trigger); SQLite
cannot defer, so bulk loaders (loaddata, imports) call ``cross_table_violations()`` before
committing. It is also a cheap audit of a whole database.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections

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


# --- the database's refusals, as the field errors the models' own validation gives ---------
#
# Writes that leave a rule to the database (the hot paths skip Django's one query per
# constraint, issue 11) get its refusal as IntegrityError. Each constraint's message says
# which field it guards ("value: a percentage and its bounds lie in 0-100."), and each
# trigger raises with its rule's name first: both are turned back into a ValidationError
# naming the field, so the API, the admin and imports answer as if Python had checked.

# Rules only triggers enforce (claims.db_rules): name → (field, message).
_TRIGGER_RULES = {
    "citation_quote_matches_source": ("quote", "The quote is not the source's text there."),
    "source_text_frozen": ("text", "This source is cited; its text is frozen."),
    "claim_provision_in_proposal": ("provision", "The provision belongs to another proposal."),
    "claim_published_has_citation": ("status", "A published claim needs at least one citation."),
}


@lru_cache(maxsize=1)
def _constraint_rules() -> dict[str, tuple[str, str, str]]:
    """Every constraint of the app by name → (field, message, code), from the models."""
    from django.apps import apps
    from django.db.models import UniqueConstraint

    rules: dict[str, tuple[str, str, str]] = {}
    for model in apps.get_app_config("claims").get_models():
        for constraint in model._meta.constraints:
            field, _, message = str(constraint.violation_error_message).partition(": ")
            code = "unique" if isinstance(constraint, UniqueConstraint) else "invalid"
            if not message:
                field, message = "non_field_errors", field
            rules[constraint.name] = (field, message[:1].upper() + message[1:], code)
        for field in model._meta.fields:
            if field.unique and not field.primary_key:
                message = f"A {model._meta.verbose_name} with this {field.name} exists."
                rules[f"{model._meta.db_table}.{field.column}"] = (field.name, message, "unique")
    return rules


def _rule_named(exc: IntegrityError) -> str | None:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None):
        return diag.constraint_name  # PostgreSQL's check and unique violations
    text = str(exc)
    for pattern in (
        r"CHECK constraint failed: (\w+)",  # SQLite
        r"UNIQUE constraint failed: (\w+\.\w+)",  # SQLite: the table.column
        r"^(\w+): ",  # a trigger's RAISE, on both
    ):
        found = re.search(pattern, text)
        if found:
            return found.group(1)
    if diag is not None and getattr(diag, "message_primary", None):
        found = re.match(r"(\w+): ", diag.message_primary)
        return found.group(1) if found else None
    return None


def as_validation_error(exc: IntegrityError, prefix: str = "") -> ValidationError | None:
    """The database's refusal as a ValidationError naming its field; None if unknown."""
    name = _rule_named(exc)
    if name in _TRIGGER_RULES:
        field, message = _TRIGGER_RULES[name]
        code = "frozen" if name == "source_text_frozen" else "invalid"
    elif name in _constraint_rules():
        field, message, code = _constraint_rules()[name]
    else:
        return None
    return ValidationError({f"{prefix}{field}": ValidationError(message, code=code)})
