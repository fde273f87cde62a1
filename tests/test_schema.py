"""The OpenAPI description: committed, valid, complete, and served with its docs."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "v1.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("schema") / "v1.yaml"
    # --fail-on-warn: a warning (an unnamed enum, an unresolvable field) fails the suite.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--api-version", "v1", "--file", str(out)
    )
    return out.read_text()


@pytest.fixture(scope="module")
def schema(generated) -> dict:
    return yaml.safe_load(generated)


def test_committed_schema_is_current(generated):
    """Contract changes are deliberate: regenerate with `make schema` and review the diff."""
    committed = COMMITTED.read_text()
    if generated != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(True), generated.splitlines(True), str(COMMITTED), "generated"
            )
        )
        pytest.fail(f"openapi/v1.yaml is stale; run `make schema`.\n{diff[:20000]}")


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_is_documented_with_its_errors(schema):
    for path, method, operation in operations(schema):
        assert method in {"get", "post", "put", "patch", "delete"}, path
        assert operation.get("description"), path
        codes = set(operation["responses"])
        assert {"406", "429", "503"} <= codes, (path, codes)
        if method != "get":  # writes: who may, and what a bad body gets
            assert {"400", "401", "403"} <= codes, (path, codes)
        elif path != "/api/v1/":
            assert {"200", "304", "400", "404"} <= codes, (path, codes)
        if method in {"put", "patch", "delete"}:  # no lost updates
            assert {"412", "428"} <= codes, (path, method, codes)
        for code in codes - {"200", "201", "204", "304"}:
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, code)
            assert content["examples"], (path, code)


def test_choice_sets_have_stable_names(schema):
    components = schema["components"]["schemas"]
    names = ["ClaimKind", "ClaimStatus", "Modality", "Precision", "Stance", "ActorKind",
             "SourceKind", "ProposalStatus"]  # fmt: skip
    for name in names:
        assert f"{name}Enum" in components, name
    assert not [name for name in components if "Blank" in name or "Null" in name]


def test_claim_schema_marks_nullable_fields_and_numbers(schema):
    claim = schema["components"]["schemas"]["Claim"]["properties"]

    assert claim["value_si"]["type"] == "number" and claim["value_si"]["nullable"] is True
    assert claim["unit"]["nullable"] is True
    assert claim["claimant"]["nullable"] is True
    assert claim["statement"].get("nullable") is not True


def test_lists_document_filters_pagination_and_ordering(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}

    assert {"kind", "status", "modality", "claimant", "subject", "topic", "source", "proposal",
            "as_of_after", "as_of_before", "value_si_min", "value_si_max", "updated_after", "q",
            "cursor", "page_size", "ordering", "If-None-Match"} <= names  # fmt: skip
    export = {p["name"] for p in schema["paths"]["/api/v1/claims/export.csv"]["get"]["parameters"]}
    assert {"kind", "q", "updated_after"} <= export


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "accept", "content_type"),
    [
        ("/api/schema/?version=v1", None, "application/vnd.oai.openapi"),
        ("/api/schema/?version=v1&format=json", None, "application/vnd.oai.openapi+json"),
        ("/api/schema/", "application/json", "application/json"),
        ("/api/schema/", "application/yaml", "application/yaml"),
    ],
)
def test_schema_is_served_as_yaml_or_json(client, url, accept, content_type):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(url, **headers)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert b"/api/v1/claims/" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "asset"), [("/api/docs/", "swagger-ui"), ("/api/redoc/", "redoc")])
def test_docs_are_served_from_local_static_files(client, url, asset):
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"/static/drf_spectacular_sidecar/{asset}" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


# --- what a generated client needs (tests/test_client.py runs one) ------------------------


def test_reads_need_no_credentials_and_writes_name_the_token(schema):
    """A read lists no security requirement, so a generated client calls it without a
    token; every write lists the token (or the admin session) as required."""
    for path, method, operation in operations(schema):
        if method == "get":
            assert "security" not in operation, path
        else:
            assert {"tokenAuth": []} in operation["security"], (path, method)
            assert {} not in operation["security"], (path, method)


def test_pages_carry_next_cursor_beside_next(schema):
    pages = {n: s for n, s in schema["components"]["schemas"].items() if n.startswith("Paginated")}
    assert len(pages) >= 6
    for name, page in pages.items():
        assert page["required"] == ["next", "next_cursor", "previous", "results"], name
        assert page["properties"]["next_cursor"]["nullable"] is True, name


def test_orderings_have_readable_enum_names(schema):
    for path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["name"] != "ordering":
                continue
            values = parameter["schema"]["enum"]
            names = parameter["schema"]["x-enum-varnames"]
            assert len(names) == len(values), path
            assert dict(zip(values, names, strict=True)).get("-revision") == "REVISION_DESC"


def test_exports_declare_every_media_type_they_answer(schema):
    ndjson = schema["paths"]["/api/v1/claims/export.ndjson"]["get"]["responses"]["200"]
    csv = schema["paths"]["/api/v1/claims/export.csv"]["get"]["responses"]["200"]
    assert set(ndjson["content"]) == {"application/x-ndjson", "application/octet-stream"}
    assert set(csv["content"]) == {"text/csv"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/schema/?version=v2", "/api/schema/?version=v1x", "/api/v2/claims/", "/api/vX/"]
)
def test_an_unknown_version_is_a_json_404(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    if "schema" in url:
        assert "v1" in response.json()["error"]["message"]  # it names the versions there are
