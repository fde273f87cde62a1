from __future__ import annotations

import pytest
from django.core.management import call_command

# The API tests' fixtures (ledger, staff_client) and their cache reset.
pytest_plugins = ["tests.api_support"]


def pytest_configure(config):
    """Serve static files from an empty, existing root: tests never run collectstatic, and
    WhiteNoise warns on every request handler built over a missing STATIC_ROOT."""
    import tempfile

    from django.conf import settings

    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="claims-static-")


@pytest.fixture
def seed(db):
    """The curated seed: the article, its actors, topics, proposals and claims."""
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
