"""Golden answers: the v1 wire format, byte for byte in meaning, for representative requests.

A failure here is a change of the public contract. If it is deliberate (an addition within
v1), regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_api_golden.py`` and review the
diff of ``tests/golden/`` like code.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from tests.api_support import fixed_id

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "claim_detail": f"/api/v1/claims/{fixed_id(40)}/",
    "claim_list": "/api/v1/claims/?page_size=4",
    "claim_jsonld": f"/api/v1/claims/{fixed_id(41)}/jsonld",
    "proposal_detail": f"/api/v1/proposals/{fixed_id(31)}/",
    "source_list": "/api/v1/sources/",
}


# The curated seed: the answers a newcomer sees first after `make run`.
SEED_CASES = {
    "seed_claim_rate": "/api/v1/claims/{rate}/",
    "seed_claims_percentages": "/api/v1/claims/?kind=percentage&ordering=id",
    "seed_proposal_20_point_claims": "/api/v1/proposals/{plan}/claims/?ordering=id&page_size=5",
}


def _pinned(data: object) -> object:
    """The answer with each ``revision`` (a positive integer whose value depends on the
    database's write history, not on the data) replaced by a placeholder."""
    if isinstance(data, list):
        return [_pinned(item) for item in data]
    if not isinstance(data, dict):
        return data
    pinned = {}
    for key, value in data.items():
        if key == "revision":
            assert isinstance(value, int) and value > 0, f"revision {value!r}"
            value = "<revision>"
        pinned[key] = _pinned(value)
    return pinned


def _pretty(data: object) -> str:
    return json.dumps(_pinned(data), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@pytest.mark.parametrize("name", CASES)
def test_answer_matches_its_golden_file(client, ledger, name):
    response = client.get(CASES[name])
    assert response.status_code == 200
    live = _pretty(json.loads(response.content))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(live)
    expected = path.read_text()

    if json.loads(live) != json.loads(expected):
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), live.splitlines(True), str(path), "live answer"
            )
        )
        pytest.fail(f"{CASES[name]} no longer matches {path.name}:\n{diff}")


@pytest.mark.parametrize("name", SEED_CASES)
def test_seed_answer_matches_its_golden_file(client, seed, name):
    from claims.models import Claim, Proposal

    url = SEED_CASES[name].format(
        rate=Claim.objects.get(kind="area_rate").pk,
        plan=Proposal.objects.get(slug="us-ukraine-20-point-plan").pk,
    )
    response = client.get(url)
    assert response.status_code == 200
    live = _pretty(json.loads(response.content))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(live)

    assert json.loads(live) == json.loads(path.read_text()), f"{url} changed; see {path.name}"
