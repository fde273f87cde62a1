from __future__ import annotations

import pytest
from django.core.management import call_command

# The API tests' fixtures (ledger, staff_client) and their cache reset.
pytest_plugins = ["tests.api_support"]


@pytest.fixture
def seed(db):
    """The curated seed: the article, its actors, topics, proposals and claims."""
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
