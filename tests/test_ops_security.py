"""Limits that hold: bad tokens are throttled, admin logins lock out, staff names stay
private, production settings pass Django's deploy checks, the development key is refused."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
import yaml
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.test_api_writes import client_as, new_claim_body

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


# --- throttles ---------------------------------------------------------------------------


def test_requests_with_a_bad_token_are_throttled_by_address(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": None, "write": None}
    guesser = APIClient(REMOTE_ADDR="10.0.0.7")
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")

    answers = [guesser.get("/api/v1/claims/") for _ in range(5)]

    assert [a.status_code for a in answers] == [401, 401, 401, 429, 429]
    assert answers[-1].json()["error"]["code"] == "throttled"
    assert int(answers[-1]["Retry-After"]) > 0
    # Another address is not held back by the guesser.
    assert APIClient(REMOTE_ADDR="10.0.0.8").get("/api/v1/claims/").status_code == 200


def test_bad_tokens_and_anonymous_reads_share_the_address_budget(settings):
    settings.API_THROTTLE_RATES = {"anon": "2/min", "user": None, "write": None}
    reader = APIClient(REMOTE_ADDR="10.0.0.9")
    guesser = APIClient(REMOTE_ADDR="10.0.0.9")
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")

    assert reader.get("/api/v1/claims/").status_code == 200
    assert guesser.get("/api/v1/claims/").status_code == 401
    assert reader.get("/api/v1/claims/").status_code == 429


# --- admin login lockout -----------------------------------------------------------------


def _login(client, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})


def test_the_admin_login_locks_an_address_out_after_repeated_failures(client, settings):
    get_user_model().objects.create_superuser("editor", "e@example.org", "right-password-42")
    limit = settings.AXES_FAILURE_LIMIT

    failures = [_login(client, f"wrong-{n}") for n in range(limit - 1)]
    locking = _login(client, "wrong-last")
    refused = _login(client, "right-password-42")  # even the right password, for a while

    assert [f.status_code for f in failures] == [200] * (limit - 1)  # the form, again
    assert locking.status_code == refused.status_code == 429
    error = orjson.loads(refused.content)["error"]
    assert error["code"] == "locked_out"
    assert int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_a_successful_login_before_the_limit_resets_the_count(client, settings):
    get_user_model().objects.create_superuser("editor", "e@example.org", "right-password-42")

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, f"wrong-{n}")
    assert _login(client, "right-password-42").status_code == 302
    client.logout()

    assert _login(client, "wrong-again").status_code == 200


# --- history: who changed what is the team's to see -------------------------------------


def test_history_names_staff_to_the_team_only():
    curator, reviewer = client_as("curator"), client_as("reviewer")
    from tests import factories as make

    source = make.source()
    claim_id = curator.post("/api/v1/claims/", new_claim_body(source), format="json").json()["id"]
    reviewer.post(f"/api/v1/claims/{claim_id}/publish/")
    url = f"/api/v1/claims/{claim_id}/history/"

    public = APIClient().get(url).json()
    team = curator.get(url).json()
    source_history = APIClient().get(f"/api/v1/sources/{source.pk}/history/").json()

    assert [entry["user"] for entry in public] == [None] * len(public)
    assert [entry["user"] for entry in source_history] == [None] * len(source_history)
    assert team[0]["user"] == "user-curator" and team[-1]["user"] == "user-reviewer"
    assert [e["change"] for e in public] == [e["change"] for e in team]  # only names differ


def test_the_schema_says_history_users_can_be_null():
    schema = yaml.safe_load((ROOT / "openapi" / "v1.yaml").read_text())
    user = schema["components"]["schemas"]["HistoryEntry"]["properties"]["user"]

    assert user["nullable"] is True
    assert "staff" in user["description"]


# --- production settings -----------------------------------------------------------------


def documented_production_environment() -> dict[str, str]:
    """The ```env block of the README's "Operations" section, with a fresh SECRET_KEY."""
    readme = (ROOT / "README.md").read_text()
    operations = readme.split("## Operations", 1)[1]
    block = re.search(r"```env\n(.*?)```", operations, re.S).group(1)
    found = dict(line.split("=", 1) for line in block.splitlines() if re.match(r"[A-Z_]+=", line))
    found["SECRET_KEY"] = secrets.token_urlsafe(50)  # the README says how to make one
    return found


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG"))}
    base.pop("SECRET_KEY", None)
    base.pop("ALLOW_DEV_SECRET_KEY", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-harness setting, never a deployment's
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_deploy_checks_pass_with_the_documented_production_settings():
    env = documented_production_environment()

    assert {"SECURE_HSTS_SECONDS", "SECURE_SSL", "BEHIND_PROXY", "ALLOWED_HOSTS"} <= set(env)
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


_LOAD_APP = ["-c", "import project.wsgi"]


def test_serving_with_the_development_key_and_debug_off_is_refused():
    refused = _run(_LOAD_APP, {"DEBUG": "false"})

    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "SECRET_KEY" in refused.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "false", "ALLOW_DEV_SECRET_KEY": "true"},  # make run's local opt-in
        {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)},
        {"DEBUG": "true"},
    ],
    ids=["local-opt-in", "own-key", "debug"],
)
def test_the_application_loads_with_a_key_or_the_local_opt_in(env):
    result = _run(_LOAD_APP, env)

    assert result.returncode == 0, result.stderr
