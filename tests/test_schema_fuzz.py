"""Property-based runs of the API against its schema, in process (schemathesis).

Every GET anonymously, every write with a curator's token, and stateful sequences that
follow the schema's links. Random and deliberately invalid inputs (``modes``: positive and
negative) must never cause a server error, and every answer must match the schema: status
code, content type, headers and body. Examples are bounded so the runs take a minute or two.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation.modes import GenerationMode

from tests.api_support import build_ledger

EXAMPLES = 40

# schemathesis 4.32 renames the test node through ``Function._nodeid`` (for reporting only),
# which pytest 9.2 no longer has (same break: ionelmc/pytest-benchmark#321). Give it back
# as a view of ``nodeid`` until schemathesis catches up; drop this when it does.
if not hasattr(pytest.Function, "_nodeid"):
    pytest.Function._nodeid = property(  # type: ignore[attr-defined]
        lambda node: node.__dict__.get("_schemathesis_nodeid", node.nodeid),
        lambda node, value: node.__dict__.__setitem__("_schemathesis_nodeid", value),
    )


@pytest.fixture
def api_schema(db, settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}  # 429 is tested elsewhere
    build_ledger()
    # The app is called as a plain WSGI app: keep Django from closing the test's connection
    # (and its transaction) after each request, as Django's own test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?version=v1&format=json", get_wsgi_application()
    )
    schema.config.generation.update(modes=list(GenerationMode), max_examples=EXAMPLES)
    yield schema
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples each run: CI is reproducible, not flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_get_operation_conforms_to_the_schema(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            response_schema_conformance,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
        ]
    )


@pytest.fixture
def curator_schema(api_schema):
    """The same schema, called with a curator's token: writes are exercised, not refused."""
    from io import StringIO

    from django.core.management import call_command

    call_command("create_curator", "fuzzer", "--reviewer", stdout=StringIO())
    out = StringIO()
    call_command("create_token", "fuzzer", stdout=out)
    api_schema.config.headers = {"Authorization": f"Token {out.getvalue().splitlines()[-1]}"}
    # A body over the size limit (a string past its maxLength, say) is refused with 413
    # before it is read: that is a rejection too.
    rejection = api_schema.config.checks.negative_data_rejection
    rejection.expected_statuses = [*rejection.expected_statuses, "413"]
    return api_schema


curator_schema_ops = schemathesis.pytest.from_fixture("curator_schema")


@curator_schema_ops.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples each run: CI is reproducible, not flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_write_operation_with_a_curator_token_never_fails_on_the_server(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            negative_data_rejection,  # what the schema forbids is refused, never coerced
            response_schema_conformance,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
        ]
    )


def test_stateful_sequences_of_writes_follow_the_schemas_links(curator_schema):
    """Create → read → edit (with the ETag just received) → act → delete, as the schema's
    links chain them, with a curator-and-reviewer token: no server error, every answer as
    documented (headers included), a created object can be read back, a deleted one not.

    Every stateful check runs except ``positive_data_acceptance``: a schema-valid body that
    names a source which does not exist is rightly a 400 naming the field, and no schema
    can say which ids exist."""
    links = curator_schema.as_state_machine()

    class Curator(links):  # type: ignore[misc, valid-type]
        """Each scenario starts from the same ledger: its writes are rolled back after it
        (Hypothesis replays scenarios and must see the same answers), and the response
        cache, keyed by a ledger version the rollback reuses, is emptied."""

        def setup(self):
            cache.clear()
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)
            cache.clear()

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance],
                headers=curator_schema.config.headers,  # the token is ours, not generated
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    Curator.run(
        settings=settings(
            max_examples=100,  # scenarios of up to 10 calls; about 15 s
            stateful_step_count=10,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
