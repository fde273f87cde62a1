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


# --- Revisions: commit-ordered change numbers for mirrors (models.Revisioned) -------------
#
# A transaction's revision is taken once, from the ledger version, by the first row it
# changes; the version row stays locked until the transaction ends, so no other writer can
# take a revision before this one commits: revisions are in commit order. Each revisioned
# row is stamped with it on insert and update; a change to what a resource's answer embeds
# (a claim's citations and topics, a proposal's provisions, their topics and its proposers)
# re-stamps the parent; deletions, retractions and supersessions leave a tombstone row.

REVISIONED_TABLES = (
    "claims_actor",
    "claims_topic",
    "claims_source",
    "claims_proposal",
    "claims_claim",
)
RESOURCE_OF = {
    "claims_actor": "actor",
    "claims_topic": "topic",
    "claims_source": "source",
    "claims_proposal": "proposal",
    "claims_claim": "claim",
}
# child table -> (parent table, SQL naming the parent's id from the child row R = NEW/OLD)
EMBEDDED = {
    "claims_citation": ("claims_claim", "{row}.claim_id"),
    "claims_claim_topics": ("claims_claim", "{row}.claim_id"),
    "claims_provision": ("claims_proposal", "{row}.proposal_id"),
    "claims_proposal_proposed_by": ("claims_proposal", "{row}.proposal_id"),
    "claims_provision_topics": (
        "claims_proposal",
        "(SELECT p.proposal_id FROM claims_provision p WHERE p.id = {row}.provision_id)",
    ),
}
ENDED_STATUSES = "('retracted', 'superseded')"


def _touch_sql(child: str, parent: str, key: str, name: str) -> str:
    """A row trigger on ``child`` re-stamping the parent row its answer embeds it in."""
    return f"""
CREATE FUNCTION {child}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r bigint := claims_txn_revision();
BEGIN
    IF TG_OP <> 'DELETE' THEN
        UPDATE {parent} SET revision = r WHERE id = {key.format(row="NEW")} AND revision <> r;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE {parent} SET revision = r WHERE id = {key.format(row="OLD")} AND revision <> r;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER {child}_{name} AFTER INSERT OR UPDATE OR DELETE ON {child}
    FOR EACH ROW EXECUTE FUNCTION {child}_{name}();"""


REVISION_POSTGRES_FORWARD = [
    # Revisions must only grow: loading a backup (loaddata) writes an older version row back,
    # which would hand out revisions a mirror has already passed.
    """
CREATE FUNCTION claims_version_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version < OLD.version THEN
        NEW.version := OLD.version;
        NEW.changed_at := OLD.changed_at;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_ledgerversion_only_grows BEFORE UPDATE ON claims_ledgerversion
    FOR EACH ROW EXECUTE FUNCTION claims_version_only_grows();
""",
    """
CREATE FUNCTION claims_txn_revision() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    given text := current_setting('claims.revision', true);
    taken bigint;
BEGIN
    IF given IS NOT NULL AND given <> '' THEN
        RETURN given::bigint;
    END IF;
    -- An upsert: a database emptied by TRUNCATE (test flushes) gets its row back.
    INSERT INTO claims_ledgerversion AS v (id, version, changed_at)
        VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET version = v.version + 1, changed_at = excluded.changed_at
        RETURNING version INTO taken;
    -- Local to the transaction (and undone with a rolled-back savepoint, as the UPDATE is).
    PERFORM set_config('claims.revision', taken::text, true);
    RETURN taken;
END $$;
""",
    """
CREATE FUNCTION claims_stamp_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := claims_txn_revision();
    RETURN NEW;
END $$;
""",
    *(
        f"""CREATE TRIGGER {table}_stamp_revision BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION claims_stamp_revision();"""
        for table in REVISIONED_TABLES
    ),
    *(_touch_sql(child, parent, key, "touch_parent") for child, (parent, key) in EMBEDDED.items()),
    """
CREATE FUNCTION claims_tombstone_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claims_tombstone
        (revision, resource, object_id, event, status, superseded_by_id, at)
    VALUES (claims_txn_revision(), TG_ARGV[0], OLD.id, 'deleted', '', NULL, clock_timestamp());
    RETURN NULL;
END $$;
""",
    *(
        f"""CREATE TRIGGER {table}_tombstone_deleted AFTER DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION claims_tombstone_deleted('{RESOURCE_OF[table]}');"""
        for table in REVISIONED_TABLES
        if table != "claims_claim"
    ),
    f"""
CREATE FUNCTION claims_claim_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO claims_tombstone
            (revision, resource, object_id, event, status, superseded_by_id, at)
        VALUES (claims_txn_revision(), 'claim', OLD.id, 'deleted', OLD.status,
                OLD.superseded_by_id, clock_timestamp());
    ELSE
        INSERT INTO claims_tombstone
            (revision, resource, object_id, event, status, superseded_by_id, at)
        VALUES (NEW.revision, 'claim', NEW.id, NEW.status, NEW.status, NEW.superseded_by_id,
                clock_timestamp());
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_claim_tombstone_deleted AFTER DELETE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_tombstone();
CREATE TRIGGER claims_claim_tombstone_ended AFTER UPDATE OF status ON claims_claim
    FOR EACH ROW WHEN (NEW.status IN {ENDED_STATUSES} AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION claims_claim_tombstone();
""",
]

REVISION_POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_tombstone_ended ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_claim_tombstone_deleted ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_claim_tombstone();",
    *(
        f"DROP TRIGGER IF EXISTS {table}_tombstone_deleted ON {table};"
        for table in REVISIONED_TABLES
        if table != "claims_claim"
    ),
    "DROP FUNCTION IF EXISTS claims_tombstone_deleted();",
    *(
        statement
        for child in EMBEDDED
        for statement in (
            f"DROP TRIGGER IF EXISTS {child}_touch_parent ON {child};",
            f"DROP FUNCTION IF EXISTS {child}_touch_parent();",
        )
    ),
    *(f"DROP TRIGGER IF EXISTS {table}_stamp_revision ON {table};" for table in REVISIONED_TABLES),
    "DROP FUNCTION IF EXISTS claims_stamp_revision();",
    "DROP FUNCTION IF EXISTS claims_txn_revision();",
    "DROP TRIGGER IF EXISTS claims_ledgerversion_only_grows ON claims_ledgerversion;",
    "DROP FUNCTION IF EXISTS claims_version_only_grows();",
]

# One bump per statement a client sends, not per statement a trigger sends, on PostgreSQL.
# The statement-level bump of VERSION_POSTGRES_FORWARD fired for the re-stamping UPDATE each
# revision trigger runs per row too (zero-row ones included), and every UPDATE of the one
# version row inside a transaction adds a row version that cannot be pruned before it ends:
# a COPY of 30,000 topic links took 125 s, quadratic in the rows written. A client's
# statement still bumps the version, so a reader in the same transaction sees each change.
VERSION_ONCE_POSTGRES_FORWARD = [
    """
CREATE OR REPLACE FUNCTION claims_bump_ledger_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        UPDATE claims_ledgerversion SET version = version + 1, changed_at = clock_timestamp()
        WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;
"""
]
VERSION_ONCE_POSTGRES_BACKWARD = [
    VERSION_POSTGRES_FORWARD[0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
]

# --- A topic's claims in creation order (models.TopicWalk), PostgreSQL ----------------------
#
# One row per claim-topic link, carrying what a topic's public page filters and orders by.
# The topic filter joins it on the claim's id and creation time, so PostgreSQL walks
# (topic, public, created_at, claim_id) in the page's order and stops after one page; the kind
# rides in the index (INCLUDE) so a kind + topic page reads no other row to skip one.
WALK_PUBLIC = "('published', 'disputed', 'superseded', 'retracted')"
WALK_POSTGRES_FORWARD = [
    f"""
CREATE TABLE claims_topicwalk (
    topic_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    kind varchar(20) NOT NULL,
    created_at timestamptz NOT NULL,
    public boolean NOT NULL,
    PRIMARY KEY (topic_id, claim_id)
);
CREATE INDEX claims_topicwalk_claim ON claims_topicwalk (claim_id);
INSERT INTO claims_topicwalk (topic_id, claim_id, kind, created_at, public)
    SELECT l.topic_id, c.id, c.kind, c.created_at, c.status IN {WALK_PUBLIC}
    FROM claims_claim_topics l JOIN claims_claim c ON c.id = l.claim_id;
CREATE INDEX claims_topicwalk_order ON claims_topicwalk
    (topic_id, public, created_at DESC, claim_id DESC) INCLUDE (kind);
""",
    f"""
CREATE FUNCTION claims_topicwalk_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM claims_topicwalk WHERE topic_id = OLD.topic_id AND claim_id = OLD.claim_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO claims_topicwalk (topic_id, claim_id, kind, created_at, public)
            SELECT NEW.topic_id, c.id, c.kind, c.created_at, c.status IN {WALK_PUBLIC}
            FROM claims_claim c WHERE c.id = NEW.claim_id
            ON CONFLICT (topic_id, claim_id) DO UPDATE
                SET kind = excluded.kind, created_at = excluded.created_at,
                    public = excluded.public;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_claim_topics_walk AFTER INSERT OR UPDATE OR DELETE ON claims_claim_topics
    FOR EACH ROW EXECUTE FUNCTION claims_topicwalk_link();
CREATE FUNCTION claims_topicwalk_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_topicwalk
        SET kind = NEW.kind, created_at = NEW.created_at, public = NEW.status IN {WALK_PUBLIC}
        WHERE claim_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_claim_walk AFTER UPDATE OF kind, status, created_at ON claims_claim
    FOR EACH ROW WHEN (
        OLD.kind IS DISTINCT FROM NEW.kind OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR (OLD.status IN {WALK_PUBLIC}) IS DISTINCT FROM (NEW.status IN {WALK_PUBLIC})
    ) EXECUTE FUNCTION claims_topicwalk_claim();
""",
    # No foreign keys (they would stop a TRUNCATE of claims or topics, as test flushes and
    # restores send): every link's deletion deletes its row above, and a TRUNCATE of any
    # table the walk copies from empties the walk, which row triggers would not see.
    """
CREATE FUNCTION claims_topicwalk_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE claims_topicwalk;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_claim_topics_walk_truncate AFTER TRUNCATE ON claims_claim_topics
    FOR EACH STATEMENT EXECUTE FUNCTION claims_topicwalk_truncate();
CREATE TRIGGER claims_claim_walk_truncate AFTER TRUNCATE ON claims_claim
    FOR EACH STATEMENT EXECUTE FUNCTION claims_topicwalk_truncate();
CREATE TRIGGER claims_topic_walk_truncate AFTER TRUNCATE ON claims_topic
    FOR EACH STATEMENT EXECUTE FUNCTION claims_topicwalk_truncate();
""",
]
WALK_POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_topic_walk_truncate ON claims_topic;",
    "DROP TRIGGER IF EXISTS claims_claim_walk_truncate ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_claim_topics_walk_truncate ON claims_claim_topics;",
    "DROP FUNCTION IF EXISTS claims_topicwalk_truncate();",
    "DROP TRIGGER IF EXISTS claims_claim_walk ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_topicwalk_claim();",
    "DROP TRIGGER IF EXISTS claims_claim_topics_walk ON claims_claim_topics;",
    "DROP FUNCTION IF EXISTS claims_topicwalk_link();",
    "DROP TABLE IF EXISTS claims_topicwalk;",
]

# SQLite serialises writers for a whole transaction (Django opens them IMMEDIATE), so any
# counter that grows within the writing transaction is in commit order: each stamped row
# takes the next ledger version. Only row-level AFTER triggers exist there; a trigger does
# not fire itself again, which ends the re-stamping update.
_SQLITE_NEXT_REVISION = """INSERT INTO claims_ledgerversion (id, version, changed_at)
            VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
            ON CONFLICT (id) DO UPDATE SET version = version + 1,
            changed_at = excluded.changed_at;"""
_SQLITE_REVISION = "(SELECT version FROM claims_ledgerversion WHERE id = 1)"

REVISION_SQLITE_FORWARD = [
    """CREATE TRIGGER IF NOT EXISTS claims_ledgerversion_only_grows
    BEFORE UPDATE OF version ON claims_ledgerversion WHEN NEW.version < OLD.version
    BEGIN SELECT RAISE(IGNORE); END;""",
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_{op.lower()}_stamps_revision AFTER {op} ON {table}
    BEGIN
        {_SQLITE_NEXT_REVISION}
        UPDATE {table} SET revision = {_SQLITE_REVISION} WHERE id = NEW.id;
    END;"""
        for table in REVISIONED_TABLES
        for op in ("INSERT", "UPDATE")
    ),
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {child}_{op.lower()}_touches_parent AFTER {op} ON {child}
    BEGIN
        UPDATE {parent} SET revision = revision WHERE id = {key.format(row=row)};
    END;"""
        for child, (parent, key) in EMBEDDED.items()
        for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
    ),
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_tombstone_deleted AFTER DELETE ON {table}
    BEGIN
        {_SQLITE_NEXT_REVISION}
        INSERT INTO claims_tombstone
            (revision, resource, object_id, event, status, superseded_by_id, at)
        VALUES ({_SQLITE_REVISION}, '{RESOURCE_OF[table]}', OLD.id, 'deleted',
                {"OLD.status" if table == "claims_claim" else "''"},
                {"OLD.superseded_by_id" if table == "claims_claim" else "NULL"},
                strftime('%Y-%m-%d %H:%M:%f', 'now'));
    END;"""
        for table in REVISIONED_TABLES
    ),
    *(
        f"""CREATE TRIGGER IF NOT EXISTS claims_claim_tombstone_{name} AFTER {event} ON claims_claim
    WHEN NEW.status IN {ENDED_STATUSES}{condition}
    BEGIN
        {_SQLITE_NEXT_REVISION}
        INSERT INTO claims_tombstone
            (revision, resource, object_id, event, status, superseded_by_id, at)
        VALUES ({_SQLITE_REVISION}, 'claim', NEW.id, NEW.status, NEW.status,
                NEW.superseded_by_id, strftime('%Y-%m-%d %H:%M:%f', 'now'));
    END;"""
        for name, event, condition in (
            ("ended", "UPDATE OF status", " AND OLD.status IS NOT NEW.status"),
        )
    ),
]
REVISION_SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_ledgerversion_only_grows;",
    *(
        f"DROP TRIGGER IF EXISTS {table}_{op.lower()}_stamps_revision;"
        for table in REVISIONED_TABLES
        for op in ("INSERT", "UPDATE")
    ),
    *(
        f"DROP TRIGGER IF EXISTS {child}_{op.lower()}_touches_parent;"
        for child in EMBEDDED
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
    *(f"DROP TRIGGER IF EXISTS {table}_tombstone_deleted;" for table in REVISIONED_TABLES),
    "DROP TRIGGER IF EXISTS claims_claim_tombstone_ended;",
]

# Every SQLite trigger of the ledger: a migration that rebuilds a table sets them all aside
# and puts them back (SQLite refuses to rename a table while a trigger names it).
SQLITE_ALL_FORWARD = [*SQLITE_FORWARD, *VERSION_SQLITE_FORWARD, *REVISION_SQLITE_FORWARD]
SQLITE_ALL_BACKWARD = [*SQLITE_BACKWARD, *VERSION_SQLITE_BACKWARD, *REVISION_SQLITE_BACKWARD]


# --- Groups of claims (models.Assertion, migration 0016) -----------------------------------
#
# Kept apart from the lists above, which earlier migrations run before the group table
# exists. A group is revisioned like the other resources: stamped on every change, re-stamped
# when a member claim (or its citations, through the claim) or its topics change, and
# tombstoned when deleted. A claim joins one group at most: the foreign key holds one, and
# a claim in a group must leave it (assertion_id NULL) before it can join another, so a
# second membership is refused rather than silently moving the claim. Members share their
# group's kind.

ASSERTION_TABLE = "claims_assertion"
ASSERTION_EMBEDDED = {
    "claims_claim": ("claims_assertion", "{row}.assertion_id"),
    "claims_assertion_topics": ("claims_assertion", "{row}.assertion_id"),
}
ASSERTION_VERSIONED = ("claims_assertion", "claims_assertion_topics")

ASSERTION_POSTGRES_FORWARD = [
    *(
        f"""CREATE TRIGGER {table}_bumps_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION claims_bump_ledger_version();"""
        for table in ASSERTION_VERSIONED
    ),
    f"""CREATE TRIGGER {ASSERTION_TABLE}_stamp_revision BEFORE INSERT OR UPDATE
    ON {ASSERTION_TABLE} FOR EACH ROW EXECUTE FUNCTION claims_stamp_revision();""",
    *(
        _touch_sql(child, parent, key, "touch_assertion")
        for child, (parent, key) in ASSERTION_EMBEDDED.items()
    ),
    f"""CREATE TRIGGER {ASSERTION_TABLE}_tombstone_deleted AFTER DELETE ON {ASSERTION_TABLE}
    FOR EACH ROW EXECUTE FUNCTION claims_tombstone_deleted('assertion');""",
    """
CREATE FUNCTION claims_claim_one_assertion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.assertion_id IS NOT NULL
            AND NEW.assertion_id IS DISTINCT FROM OLD.assertion_id
            AND NEW.assertion_id IS NOT NULL THEN
        RAISE EXCEPTION 'claim_in_one_assertion: claim % is in another group; ungroup it first',
            NEW.id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.assertion_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM claims_assertion a WHERE a.id = NEW.assertion_id AND a.kind = NEW.kind
    ) THEN
        RAISE EXCEPTION 'claim_kind_matches_assertion: a group holds claims of its own kind'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_claim_one_assertion BEFORE INSERT OR UPDATE OF assertion_id, kind
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_one_assertion();
""",
    """
CREATE FUNCTION claims_assertion_kind_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM claims_claim c WHERE c.assertion_id = NEW.id AND c.kind <> NEW.kind)
    THEN
        RAISE EXCEPTION 'claim_kind_matches_assertion: the group''s members are of another kind'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_assertion_kind_kept BEFORE UPDATE OF kind ON claims_assertion
    FOR EACH ROW EXECUTE FUNCTION claims_assertion_kind_kept();
""",
]
ASSERTION_POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_assertion_kind_kept ON claims_assertion;",
    "DROP FUNCTION IF EXISTS claims_assertion_kind_kept();",
    "DROP TRIGGER IF EXISTS claims_claim_one_assertion ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_claim_one_assertion();",
    f"DROP TRIGGER IF EXISTS {ASSERTION_TABLE}_tombstone_deleted ON {ASSERTION_TABLE};",
    *(
        statement
        for child in ASSERTION_EMBEDDED
        for statement in (
            f"DROP TRIGGER IF EXISTS {child}_touch_assertion ON {child};",
            f"DROP FUNCTION IF EXISTS {child}_touch_assertion();",
        )
    ),
    f"DROP TRIGGER IF EXISTS {ASSERTION_TABLE}_stamp_revision ON {ASSERTION_TABLE};",
    *(f"DROP TRIGGER IF EXISTS {table}_bumps_version ON {table};" for table in ASSERTION_VERSIONED),
]

_SQLITE_ONE_ASSERTION = """
    SELECT RAISE(ABORT, 'claim_in_one_assertion: the claim is in another group; ungroup it first')
    WHERE OLD.assertion_id IS NOT NULL AND NEW.assertion_id IS NOT NULL
      AND NEW.assertion_id IS NOT OLD.assertion_id;"""
_SQLITE_KIND_MATCHES = """
    SELECT RAISE(ABORT, 'claim_kind_matches_assertion: a group holds claims of its own kind')
    WHERE NEW.assertion_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM claims_assertion a WHERE a.id = NEW.assertion_id AND a.kind = NEW.kind);"""

ASSERTION_SQLITE_FORWARD = [
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_{op.lower()}_bumps_version AFTER {op} ON {table}
    BEGIN
        UPDATE claims_ledgerversion SET version = version + 1,
            changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1;
    END;"""
        for table in ASSERTION_VERSIONED
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {ASSERTION_TABLE}_{op.lower()}_stamps_revision
    AFTER {op} ON {ASSERTION_TABLE}
    BEGIN
        {_SQLITE_NEXT_REVISION}
        UPDATE {ASSERTION_TABLE} SET revision = {_SQLITE_REVISION} WHERE id = NEW.id;
    END;"""
        for op in ("INSERT", "UPDATE")
    ),
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {child}_{op.lower()}_touches_assertion
    AFTER {op} ON {child}
    BEGIN
        UPDATE {parent} SET revision = revision WHERE id = {key.format(row=row)};
    END;"""
        for child, (parent, key) in ASSERTION_EMBEDDED.items()
        for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
    ),
    # A claim leaving a group re-stamps the group it left.
    """CREATE TRIGGER IF NOT EXISTS claims_claim_leaves_assertion
    AFTER UPDATE OF assertion_id ON claims_claim WHEN OLD.assertion_id IS NOT NULL
    BEGIN
        UPDATE claims_assertion SET revision = revision WHERE id = OLD.assertion_id;
    END;""",
    f"""CREATE TRIGGER IF NOT EXISTS {ASSERTION_TABLE}_tombstone_deleted
    AFTER DELETE ON {ASSERTION_TABLE}
    BEGIN
        {_SQLITE_NEXT_REVISION}
        INSERT INTO claims_tombstone
            (revision, resource, object_id, event, status, superseded_by_id, at)
        VALUES ({_SQLITE_REVISION}, 'assertion', OLD.id, 'deleted', '', NULL,
                strftime('%Y-%m-%d %H:%M:%f', 'now'));
    END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_one_assertion
    BEFORE UPDATE OF assertion_id ON claims_claim
    BEGIN {_SQLITE_ONE_ASSERTION} {_SQLITE_KIND_MATCHES} END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_kind_in_assertion
    BEFORE UPDATE OF kind ON claims_claim
    BEGIN {_SQLITE_KIND_MATCHES} END;""",
    f"""CREATE TRIGGER IF NOT EXISTS claims_claim_insert_in_assertion
    BEFORE INSERT ON claims_claim WHEN NEW.assertion_id IS NOT NULL
    BEGIN {_SQLITE_KIND_MATCHES} END;""",
    """CREATE TRIGGER IF NOT EXISTS claims_assertion_kind_kept
    BEFORE UPDATE OF kind ON claims_assertion
    BEGIN
        SELECT RAISE(ABORT,
            'claim_kind_matches_assertion: the group''s members are of another kind')
        WHERE EXISTS (SELECT 1 FROM claims_claim c
                      WHERE c.assertion_id = NEW.id AND c.kind <> NEW.kind);
    END;""",
]
ASSERTION_SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_assertion_kind_kept;",
    "DROP TRIGGER IF EXISTS claims_claim_insert_in_assertion;",
    "DROP TRIGGER IF EXISTS claims_claim_kind_in_assertion;",
    "DROP TRIGGER IF EXISTS claims_claim_one_assertion;",
    f"DROP TRIGGER IF EXISTS {ASSERTION_TABLE}_tombstone_deleted;",
    "DROP TRIGGER IF EXISTS claims_claim_leaves_assertion;",
    *(
        f"DROP TRIGGER IF EXISTS {child}_{op.lower()}_touches_assertion;"
        for child in ASSERTION_EMBEDDED
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
    *(
        f"DROP TRIGGER IF EXISTS {ASSERTION_TABLE}_{op.lower()}_stamps_revision;"
        for op in ("INSERT", "UPDATE")
    ),
    *(
        f"DROP TRIGGER IF EXISTS {table}_{op.lower()}_bumps_version;"
        for table in ASSERTION_VERSIONED
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
]
