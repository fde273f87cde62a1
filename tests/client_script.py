"""A downstream program written against a client generated from ``openapi/v1.yaml``.

``tests/test_client.py`` generates the client with openapi-python-client, unmodified, as the
package ``claims_client``, runs ``mypy --strict`` on this file and then runs it against a live
server: a reader with no token pages through every claim by ``next_cursor``, reads one and
exports them all as NDJSON; a curator (API token) creates a draft and edits it with
``If-Match``; a reviewer publishes it. It prints what it saw as one JSON object for the test
to check against the ledger, and exits non-zero on the first answer it did not expect.

    python tests/client_script.py BASE_URL CURATOR_TOKEN REVIEWER_TOKEN
"""

from __future__ import annotations

import json
import sys
from typing import Any
from uuid import UUID

from claims_client import AuthenticatedClient, Client
from claims_client.api.claims import (
    claims_create,
    claims_export_ndjson,
    claims_list,
    claims_partial_update,
    claims_publish_create,
    claims_retrieve,
)
from claims_client.api.sources import sources_list
from claims_client.models import (
    CitationWriteRequest,
    Claim,
    ClaimKindEnum,
    ClaimsExportNdjsonOrdering,
    ClaimsListOrdering,
    ClaimStatusEnum,
    ClaimWriteRequest,
    ClaimWriteStatusEnum,
    Error,
    ModalityEnum,
    PaginatedClaimList,
    PaginatedSourceList,
    PatchedClaimWriteRequest,
)
from claims_client.types import UNSET, File

PAGE_SIZE = 7  # small, so that the seed's claims take several pages
QUOTE = "with 70% linking their optimism"  # in the seed article, once


class Unexpected(Exception):
    """An answer the script did not expect (it names the call and what came back)."""


def every_claim(reader: Client) -> tuple[list[Claim], int]:
    """All claims a reader sees, oldest first, following each page's ``next_cursor``."""
    claims: list[Claim] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = claims_list.sync(
            client=reader,
            page_size=PAGE_SIZE,
            ordering=ClaimsListOrdering.CREATED_AT,
            cursor=UNSET if cursor is None else cursor,
        )
        if not isinstance(page, PaginatedClaimList):
            raise Unexpected(f"claims_list: {page!r}")
        claims += page.results
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return claims, pages


def one_claim(reader: Client, claim: Claim) -> Claim:
    found = claims_retrieve.sync(claim.id, client=reader)
    if not isinstance(found, Claim):
        raise Unexpected(f"claims_retrieve {claim.id}: {found!r}")
    return found


def export(reader: Client) -> tuple[list[str], dict[str, Any]]:
    """The ids of the NDJSON export, in its order, and its trailer."""
    answer = claims_export_ndjson.sync(
        client=reader, ordering=ClaimsExportNdjsonOrdering.CREATED_AT
    )
    if not isinstance(answer, File):
        raise Unexpected(f"claims_export_ndjson: {answer!r}")
    *lines, last = answer.payload.read().splitlines()
    trailer: dict[str, Any] = json.loads(last)["trailer"]
    return [str(json.loads(line)["id"]) for line in lines], trailer


def the_source(reader: Client) -> UUID:
    page = sources_list.sync(client=reader)
    if not isinstance(page, PaginatedSourceList) or not page.results:
        raise Unexpected(f"sources_list: {page!r}")
    return page.results[0].id


def curate(curator: AuthenticatedClient, reviewer: AuthenticatedClient, source: UUID) -> Claim:
    """Create a draft, edit it with the ETag it came with, and have a reviewer publish it."""
    body = ClaimWriteRequest(
        kind=ClaimKindEnum.PERCENTAGE,
        statement="70% of Russians link their optimism to peace.",
        modality=ModalityEnum.REPORTED,
        value=70,
        unit="%",
        claimant="vtsiom",
        status=ClaimWriteStatusEnum.DRAFT,
        topics=["public-opinion"],
        citations=[CitationWriteRequest(source=source, quote=QUOTE)],
    )
    created = claims_create.sync_detailed(client=curator, body=body)
    if created.status_code != 201 or not isinstance(created.parsed, Claim):
        raise Unexpected(f"claims_create: {created.status_code} {created.parsed!r}")
    claim, etag = created.parsed, created.headers["ETag"]

    edit = PatchedClaimWriteRequest(notes="Checked against the poll release.")
    edited = claims_partial_update.sync_detailed(claim.id, client=curator, body=edit, if_match=etag)
    if edited.status_code != 200 or not isinstance(edited.parsed, Claim):
        raise Unexpected(f"claims_partial_update: {edited.status_code} {edited.parsed!r}")

    # The ETag from before the edit is stale now: the edit is refused, the first one stands.
    stale = claims_partial_update.sync_detailed(
        claim.id, client=curator, body=PatchedClaimWriteRequest(notes="Lost?"), if_match=etag
    )
    if stale.status_code != 412 or not isinstance(stale.parsed, Error):
        raise Unexpected(f"stale If-Match: {stale.status_code} {stale.parsed!r}")

    published = claims_publish_create.sync_detailed(claim.id, client=reviewer)
    if published.status_code != 200 or not isinstance(published.parsed, Claim):
        raise Unexpected(f"claims_publish_create: {published.status_code} {published.parsed!r}")
    if published.parsed.status != ClaimStatusEnum.PUBLISHED:
        raise Unexpected(f"published claim is {published.parsed.status}")
    return published.parsed


def main(base_url: str, curator_token: str, reviewer_token: str) -> dict[str, Any]:
    reader = Client(base_url=base_url, raise_on_unexpected_status=True)
    claims, pages = every_claim(reader)
    detail = one_claim(reader, claims[0])
    exported, trailer = export(reader)

    curator = AuthenticatedClient(base_url=base_url, token=curator_token, prefix="Token")
    reviewer = AuthenticatedClient(base_url=base_url, token=reviewer_token, prefix="Token")
    made = curate(curator, reviewer, the_source(reader))
    seen = one_claim(reader, made)  # the reader sees it now that it is published

    return {
        "paged": [str(claim.id) for claim in claims],
        "pages": pages,
        "detail": {"id": str(detail.id), "quote": detail.citations[0].quote},
        "exported": exported,
        "trailer_count": trailer["count"],
        "created": {"id": str(seen.id), "status": str(seen.status), "notes": seen.notes},
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(*sys.argv[1:4])) + "\n")
