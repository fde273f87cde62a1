"""dumpdata → loaddata on a fresh database keeps the ledger whole, history included.

Run as an operator would: ``manage.py`` in subprocesses against two new databases of the
engine under test (PostgreSQL in CI, SQLite files otherwise), never the test database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
# Users (with their groups by name) come along; ids of ledger objects never change.
BACKUP = ["claims", "auth.user", "--natural-foreign"]

# Generated data the seed lacks: a supersession chain, a retraction, a rejected candidate,
# a deleted draft (a tombstone), odd microseconds, and history by a named reviewer.
MAKE_CHANGES = """
from datetime import UTC, datetime
from django.contrib.auth.models import Group, User
from claims import services
from claims.models import Citation, Claim, Source
rev = User.objects.create_user("rev", password="pw-rev-12345")
rev.groups.add(Group.objects.get(name="reviewers"))
source = Source.objects.first()
def draft(n):
    return services.create_claim(
        by=rev, kind="count", statement=f"Count {n}.", value=n, unit="count",
        modality="asserted", citations=[{"source": source, "quote": source.text[100:140],
                                          "start": 100, "end": 140}])
a, b, c = (services.publish_claim(draft(n), rev) for n in range(3))
services.supersede_claim(a, b, rev)
services.supersede_claim(b, c, rev)
services.retract_claim(Claim.objects.filter(status="published").order_by("id").first(), rev, "x")
services.reject_candidate(draft(7), rev, "a year") if False else None
gone = draft(9); gone.delete()
Claim.objects.filter(pk=c.pk).update(updated_at=datetime(2026, 5, 6, 7, 8, 9, 654321, tzinfo=UTC))
"""


def manage(env: dict[str, str], *args: str, code: str | None = None) -> str:
    command = [sys.executable, MANAGE, *args]
    if code is not None:
        command += ["-c", code]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def fresh_databases(tmp_path):
    """Two empty databases (URLs) of the engine under test, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("a", "b")]
        return
    import psycopg

    base = connection.settings_dict
    names = [f"claims_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    dsn = f"host={base['HOST']} port={base['PORT'] or 5432} user={base['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [
            f"postgres://{base['USER']}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
            for name in names
        ]
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def without_revisions(dump: list[dict]) -> list[dict]:
    """A dump less what the database numbers itself: revisions (every restore is a new
    revision, so mirrors see the restored rows) and the ledger version row."""
    kept = []
    for record in dump:
        if record["model"] == "claims.ledgerversion":
            continue
        fields = {k: v for k, v in record["fields"].items() if k != "revision"}
        kept.append({**record, "fields": fields})
    return kept


def test_a_dump_with_history_restores_whole_on_a_fresh_database(tmp_path, fresh_databases):
    source_url, target_url = fresh_databases
    source = {**os.environ, "DATABASE_URL": source_url}
    target = {**os.environ, "DATABASE_URL": target_url}
    backup, again = tmp_path / "backup.json", tmp_path / "again.json"

    manage(source, "migrate", "-v0")
    manage(source, "seed_ledger")
    manage(source, "shell", code=MAKE_CHANGES)
    manage(source, "dumpdata", *BACKUP, "--indent", "1", "-o", str(backup))
    manage(target, "migrate", "-v0")
    manage(target, "loaddata", str(backup))
    manage(target, "dumpdata", *BACKUP, "--indent", "1", "-o", str(again))
    # The restored ledger takes new writes: its history and tombstone sequences follow on.
    manage(target, "shell", code=MAKE_CHANGES.replace('"rev"', '"rev2"'))

    before, after = (json.loads(path.read_text()) for path in (backup, again))
    models = {record["model"] for record in before}
    assert {"claims.historicalclaim", "claims.tombstone", "auth.user"} <= models
    assert without_revisions(after) == without_revisions(before)
    stamps = [r["fields"]["updated_at"] for r in before if r["model"] == "claims.claim"]
    assert any(stamp.endswith(".654321+00:00") for stamp in stamps)  # microseconds kept
