"""A client generated from the committed schema works as is, typed and on a live server.

openapi-python-client (pinned in requirements-dev.txt) generates ``claims_client`` from
``openapi/v1.yaml`` into a temporary directory, unmodified; ``tests/client_script.py`` is a
downstream program written against it. ``mypy --strict`` must pass on the script (and must
still refuse a plain client where a token is needed), and the script, run against pytest-django's
live server with the seed, must page through every claim, read one, export them, and curate
a claim as a curator and a reviewer would. Without the generator the tests are skipped
saying why; in CI (``CI`` set), where ``make install-dev`` installs it, they fail instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "openapi" / "v1.yaml"
SCRIPT = ROOT / "tests" / "client_script.py"
TIMEOUT = 120  # seconds for any one tool run; the whole file takes ~30 s on a quiet box


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        reason = f"{module} is not installed (make install-dev installs requirements-dev.txt)"
        if os.environ.get("CI"):
            pytest.fail(f"CI installs the generated-client tools, yet: {reason}")
        pytest.skip(reason)


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, str]:
    """The directory holding the generated package ``claims_client``, and what the
    generator said."""
    _require("openapi_python_client")
    out = tmp_path_factory.mktemp("client")
    run = _run(
        "-m", "openapi_python_client", "generate", "--path", str(SCHEMA),
        "--meta", "none", "--output-path", str(out / "claims_client"),
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / "claims_client" / "client.py").exists(), run.stdout
    return out, run.stdout + run.stderr


def test_the_generator_keeps_every_answer(generated):
    """No response is dropped at generation (an NDJSON export once was); what it skips are
    the import endpoint's NDJSON and CSV *request* bodies, which it sends as JSON instead."""
    _, said = generated
    assert "Cannot parse response" not in said
    assert "response will be omitted" not in said
    skipped = [line for line in said.splitlines() if line.startswith("WARNING parsing")]
    assert all("POST /api/v1/imports/" in line for line in skipped), skipped


def test_reads_take_a_plain_client_and_writes_need_a_token(generated):
    out, _ = generated
    api = out / "claims_client" / "api"
    reads = (api / "claims" / "claims_list.py", api / "claims" / "claims_export_ndjson.py")
    for module in reads:
        assert "client: AuthenticatedClient | Client," in module.read_text(), module.name
    assert "client: AuthenticatedClient," in (api / "claims" / "claims_create.py").read_text()


# A reader who tries to write without a token, and passes a string where an enum goes: mypy
# must say so, or "mypy is clean on the script" would prove nothing.
MISTAKES = textwrap.dedent(
    """
    from claims_client import Client
    from claims_client.api.claims import claims_list, claims_publish_create
    from uuid import UUID

    reader = Client(base_url="http://127.0.0.1:8000")
    claims_publish_create.sync(UUID(int=1), client=reader)
    claims_list.sync(client=reader, ordering="-revision")
    """
)


def test_mypy_passes_the_script_and_refuses_a_tokenless_write(generated, tmp_path):
    _require("mypy")
    out, _ = generated
    mistakes = tmp_path / "mistakes.py"
    mistakes.write_text(MISTAKES)
    # --follow-imports=silent: the generated package's own strictness is not ours to fix;
    # its types are still what the script is checked against.
    run = _run(
        "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
        str(SCRIPT), str(mistakes),
        env={"MYPYPATH": str(out)},
    )  # fmt: skip
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if "client_script.py" in e], run.stdout
    assert len(errors) == 2, run.stdout
    assert '"Client"; expected "AuthenticatedClient"' in errors[0]
    assert '"str"; expected "ClaimsListOrdering | Unset"' in errors[1]


@pytest.fixture
def live_ledger(live_server, transactional_db):
    """The seed behind a live server, and a curator's and a reviewer's tokens."""
    call_command("seed_ledger", stdout=StringIO())
    tokens = {}
    for name, flags in (("cora", []), ("rae", ["--reviewer"])):
        call_command("create_curator", name, *flags, stdout=StringIO())
        out = StringIO()
        call_command("create_token", name, stdout=out)
        tokens[name] = out.getvalue().splitlines()[-1]
    yield live_server.url, tokens["cora"], tokens["rae"]
    # The flush after the test deletes row by row on SQLite, where a trigger refuses to
    # delete a public claim's last citation: make every claim a draft first.
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE claims_claim SET status = 'draft', superseded_by_id = NULL")


def test_the_script_reads_exports_and_curates_on_a_live_server(generated, live_ledger):
    out, _ = generated
    url, curator, reviewer = live_ledger
    before = list(Claim.objects.public().order_by("created_at", "id").values_list("id", flat=True))

    run = _run(str(SCRIPT), url, curator, reviewer, env={"PYTHONPATH": str(out)})
    assert run.returncode == 0, run.stdout + run.stderr
    seen = json.loads(run.stdout)

    # Anonymous, by next_cursor, 7 a page: every public claim once, in order.
    assert seen["paged"] == [str(id) for id in before] and len(before) == 39
    assert seen["pages"] == 6
    assert seen["detail"]["id"] == seen["paged"][0] and seen["detail"]["quote"]
    assert seen["exported"] == seen["paged"] and seen["trailer_count"] == 39
    # Created by the curator, edited with If-Match (a stale one refused), published.
    made = Claim.objects.get(pk=seen["created"]["id"])
    assert seen["created"] == {
        "id": str(made.id),
        "status": "published",
        "notes": "Checked against the poll release.",
    }
    assert made.status == "published" and made.notes == "Checked against the poll release."
    assert made.citations.get().quote == "with 70% linking their optimism"
    assert [h.history_user.username for h in made.history.order_by("history_date")] == [
        "cora",
        "cora",
        "rae",
    ]
