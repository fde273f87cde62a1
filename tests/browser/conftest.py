"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server
(PostgreSQL in CI). Without Chromium or Playwright every test here is skipped, saying why;
without node_modules/axe-core (``npm ci``) the accessibility tests are. In CI (``CI`` set),
where .ci/run installs both, their absence fails the tests instead."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.browser.support import AXE, PASSWORD, launch, missing_browser

# Playwright's sync API runs an event loop in the test's thread; Django would refuse its ORM
# calls there (SynchronousOnlyOperation) although they never run inside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI installs the browser (.ci/run), yet: {reason}")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def base(live_server, _flushable) -> str:
    return live_server.url


@pytest.fixture
def _flushable(transactional_db):
    """After each test the live server's database is flushed. SQLite deletes row by row,
    and its trigger refuses deleting the last citation of a public claim: make every claim
    a draft first (raw SQL, test teardown only). PostgreSQL truncates, firing no trigger."""
    yield
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE claims_claim SET status = 'draft', superseded_by_id = NULL")


def new_page(browser, width: int = 1366):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    return page


@pytest.fixture
def page(browser, base):
    page = new_page(browser)
    yield page
    errors = page.script_errors
    page.context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def axe():
    if not AXE.exists() and os.environ.get("CI"):
        pytest.fail(f"CI runs `npm ci` (.ci/run), yet {AXE} is missing")
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed ({AXE} missing: run `npm ci`)")
    return AXE


def make_user(username: str, reviewer: bool = False) -> None:
    os.environ["CURATOR_PASSWORD"] = PASSWORD
    try:
        call_command("create_curator", username, *(["--reviewer"] if reviewer else []))
    finally:
        del os.environ["CURATOR_PASSWORD"]


@pytest.fixture
def curator(transactional_db) -> str:
    make_user("cora")
    return "cora"


@pytest.fixture
def reviewer(transactional_db) -> str:
    make_user("rex", reviewer=True)
    return "rex"
