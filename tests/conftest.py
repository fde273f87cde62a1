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

    # Tests make hundreds of users and tokens; PBKDF2's deliberate slowness was 78% of the
    # suite's time (py-spy). The service itself keeps Django's default hashers; the tests of
    # commands run in subprocesses keep them too.
    from django.test.utils import override_settings

    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()


@pytest.fixture
def seed(db):
    """The curated seed: the article, its actors, topics, proposals and claims."""
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
