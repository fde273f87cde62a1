"""SQL for the rules that span tables, enforced by the database itself.

Used by migration 0002; on SQLite, ``claims.signals`` re-applies the triggers after every
migrate because SQLite drops a table's triggers when Django rebuilds the table.

- a citation's quote equals its source's text at [start:end];
- a cited source's text cannot change;
- a claim's provision belongs to the claim's proposal;
- a published, disputed or superseded claim has at least one citation. On PostgreSQL this is
  a deferred constraint trigger, checked at commit, so a claim and its citations can be
  written in one transaction in any order. SQLite has no deferred triggers: there it guards
  status changes and citation removal, and model validation guards inserts.

They hold for loaddata's raw saves, bulk inserts and raw SQL alike. Violations raise
IntegrityError (SQLSTATE 23514 on PostgreSQL, a constraint failure on SQLite).
"""

from collections.abc import Callable
from typing import Any

PUBLIC_WITH_CITATION = "('published', 'disputed', 'superseded')"

POSTGRES_FORWARD = [
    """
CREATE FUNCTION claims_citation_quote_matches() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    source_text text;
BEGIN
    SELECT text INTO source_text FROM claims_source WHERE id = NEW.source_id;
    IF source_text IS NULL OR substr(source_text, NEW.start + 1, NEW."end" - NEW.start)
            IS DISTINCT FROM NEW.quote THEN
        RAISE EXCEPTION
            'citation_quote_matches_source: the quote is not the source''s text at [%:%]',
            NEW.start, NEW."end" USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_citation_quote_matches
    BEFORE INSERT OR UPDATE OF quote, start, "end", source_id ON claims_citation
    FOR EACH ROW EXECUTE FUNCTION claims_citation_quote_matches();
""",
    """
CREATE FUNCTION claims_source_text_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM claims_citation WHERE source_id = OLD.id) THEN
        RAISE EXCEPTION 'source_text_frozen: source % is cited; its text cannot change', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_source_text_frozen
    BEFORE UPDATE OF text ON claims_source
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION claims_source_text_frozen();
""",
    """
CREATE FUNCTION claims_claim_provision_in_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM claims_provision
        WHERE id = NEW.provision_id AND proposal_id = NEW.proposal_id
    ) THEN
        RAISE EXCEPTION 'claim_provision_in_proposal: the provision belongs to another proposal'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_claim_provision_in_proposal
    BEFORE INSERT OR UPDATE OF provision_id, proposal_id ON claims_claim
    FOR EACH ROW WHEN (NEW.provision_id IS NOT NULL)
    EXECUTE FUNCTION claims_claim_provision_in_proposal();
""",
    f"""
CREATE FUNCTION claims_claim_public_has_citation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked_id uuid;
BEGIN
    IF TG_TABLE_NAME = 'claims_claim' THEN
        checked_id := NEW.id;
    ELSE
        checked_id := OLD.claim_id;
    END IF;
    IF EXISTS (
        SELECT 1 FROM claims_claim c
        WHERE c.id = checked_id AND c.status IN {PUBLIC_WITH_CITATION}
          AND NOT EXISTS (SELECT 1 FROM claims_citation WHERE claim_id = c.id)
    ) THEN
        RAISE EXCEPTION 'claim_published_has_citation: claim % is public but has no citation',
            checked_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER claims_claim_public_has_citation
    AFTER INSERT OR UPDATE OF status ON claims_claim
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_claim_public_has_citation();
CREATE CONSTRAINT TRIGGER claims_citation_keeps_public_claim_cited
    AFTER DELETE OR UPDATE OF claim_id ON claims_citation
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_claim_public_has_citation();
""",
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_citation_keeps_public_claim_cited ON claims_citation;",
    "DROP TRIGGER IF EXISTS claims_claim_public_has_citation ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_claim_public_has_citation();",
    "DROP TRIGGER IF EXISTS claims_claim_provision_in_proposal ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_claim_provision_in_proposal();",
    "DROP TRIGGER IF EXISTS claims_source_text_frozen ON claims_source;",
    "DROP FUNCTION IF EXISTS claims_source_text_frozen();",
    "DROP TRIGGER IF EXISTS claims_citation_quote_matches ON claims_citation;",
    "DROP FUNCTION IF EXISTS claims_citation_quote_matches();",
]

_SQLITE_QUOTE_CHECK = """
    SELECT RAISE(ABORT, 'citation_quote_matches_source: the quote is not the source''s text')
    WHERE (SELECT substr(text, NEW.start + 1, NEW."end" - NEW.start)
           FROM claims_source WHERE id = NEW.source_id) IS NOT NEW.quote;
"""
_SQLITE_PROVISION_CHECK = """
    SELECT RAISE(ABORT, 'claim_provision_in_proposal: the provision belongs to another proposal')
    WHERE NOT EXISTS (SELECT 1 FROM claims_provision
                      WHERE id = NEW.provision_id AND proposal_id IS NEW.proposal_id);
"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER IF NOT EXISTS claims_citation_quote_matches_insert
    BEFORE INSERT ON claims_citation
    BEGIN {_SQLITE_QUOTE_CHECK} END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_citation_quote_matches_update
    BEFORE UPDATE OF quote, start, "end", source_id ON claims_citation
    BEGIN {_SQLITE_QUOTE_CHECK} END;""",
    """CREATE TRIGGER IF NOT EXISTS claims_source_text_frozen BEFORE UPDATE OF text ON claims_source
    WHEN OLD.text IS NOT NEW.text
    BEGIN
        SELECT RAISE(ABORT, 'source_text_frozen: the source is cited; its text cannot change')
        WHERE EXISTS (SELECT 1 FROM claims_citation WHERE source_id = OLD.id);
    END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_provision_in_proposal_insert
    BEFORE INSERT ON claims_claim
    WHEN NEW.provision_id IS NOT NULL
    BEGIN {_SQLITE_PROVISION_CHECK} END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_provision_in_proposal_update
    BEFORE UPDATE OF provision_id, proposal_id ON claims_claim
    WHEN NEW.provision_id IS NOT NULL
    BEGIN {_SQLITE_PROVISION_CHECK} END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_public_has_citation
    AFTER UPDATE OF status ON claims_claim
    WHEN NEW.status IN {PUBLIC_WITH_CITATION}
    BEGIN
        SELECT RAISE(ABORT, 'claim_published_has_citation: a public claim needs a citation')
        WHERE NOT EXISTS (SELECT 1 FROM claims_citation WHERE claim_id = NEW.id);
    END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_citation_keeps_public_claim_cited
    AFTER DELETE ON claims_citation
    BEGIN
        SELECT RAISE(ABORT, 'claim_published_has_citation: a public claim needs a citation')
        WHERE EXISTS (SELECT 1 FROM claims_claim c
                      WHERE c.id = OLD.claim_id AND c.status IN {PUBLIC_WITH_CITATION}
                        AND NOT EXISTS (SELECT 1 FROM claims_citation WHERE claim_id = c.id));
    END;""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_citation_keeps_public_claim_cited;",
    "DROP TRIGGER IF EXISTS claims_claim_public_has_citation;",
    "DROP TRIGGER IF EXISTS claims_claim_provision_in_proposal_update;",
    "DROP TRIGGER IF EXISTS claims_claim_provision_in_proposal_insert;",
    "DROP TRIGGER IF EXISTS claims_source_text_frozen;",
    "DROP TRIGGER IF EXISTS claims_citation_quote_matches_update;",
    "DROP TRIGGER IF EXISTS claims_citation_quote_matches_insert;",
]

# Every table whose rows the API serves; a write to any of them bumps claims_ledgerversion.
VERSIONED_TABLES = (
    "claims_actor",
    "claims_topic",
    "claims_source",
    "claims_proposal",
    "claims_proposal_proposed_by",
    "claims_provision",
    "claims_provision_topics",
    "claims_claim",
    "claims_claim_topics",
    "claims_citation",
)

# Statement-level on PostgreSQL: a bulk insert of a million rows bumps the version once.
VERSION_POSTGRES_FORWARD = [
    """
CREATE FUNCTION claims_bump_ledger_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_ledgerversion SET version = version + 1, changed_at = clock_timestamp()
    WHERE id = 1;
    RETURN NULL;
END $$;
""",
    *(
        f"""CREATE TRIGGER {table}_bumps_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION claims_bump_ledger_version();"""
        for table in VERSIONED_TABLES
    ),
]
VERSION_POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_bumps_version ON {table};" for table in VERSIONED_TABLES),
    "DROP FUNCTION IF EXISTS claims_bump_ledger_version();",
]

# SQLite has only row-level triggers.
VERSION_SQLITE_FORWARD = [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_{op.lower()}_bumps_version AFTER {op} ON {table}
    BEGIN
        UPDATE claims_ledgerversion SET version = version + 1,
            changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1;
    END;"""
    for table in VERSIONED_TABLES
    for op in ("INSERT", "UPDATE", "DELETE")
]
VERSION_SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_{op.lower()}_bumps_version;"
    for table in VERSIONED_TABLES
    for op in ("INSERT", "UPDATE", "DELETE")
]


def run_for_vendor(statements_by_vendor: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    """A RunPython function executing the statements listed for the migrating database."""

    def run(apps: Any, schema_editor: Any) -> None:
        # A plain cursor: the schema editor would read RAISE's "%" as query placeholders.
        with schema_editor.connection.cursor() as cursor:
            for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
                cursor.execute(statement)

    return run
