"""Validators for conditional requests, computed in one place for reads now and writes later.

- A collection (a list page, an export) has a *weak* ETag derived from the ledger version,
  the absolute URL and the reader's visibility: "did anything in the ledger change?" costs
  one primary-key read, so a fresh ``If-None-Match`` is answered before any heavy query.
- An object has a *strong* ETag: the hash of its rendered representation. It changes only
  when what the client sees of that object changes, so an ``If-Match`` on a later write is
  not invalidated by unrelated edits (compare with ``representation_etag`` of the current
  representation inside the writing transaction).
- ``Last-Modified`` is the ledger's ``changed_at`` for both: conservative (any write moves
  it), so an ``If-Modified-Since`` is never answered with a stale 304. The ETag is the
  precise validator.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from claims.api.errors import error_response
from claims.models import LedgerVersion


@dataclass(frozen=True)
class LedgerState:
    version: int
    changed_at: datetime


def ledger_state() -> LedgerState | None:
    """The ledger's change counter (one primary-key read); None if the row is missing."""
    row = LedgerVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return LedgerState(*row) if row else None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def collection_etag(state: LedgerState, url: str, visibility: str) -> str:
    return f'W/"{digest(f"{state.version} {visibility} {url}".encode())}"'


def representation_etag(body: bytes) -> str:
    return f'"{digest(body)}"'


def precondition_response(
    request: HttpRequest, etag: str | None, last_modified: datetime | None
) -> HttpResponse | None:
    """304 when the client's copy is current, 412 when an If-Match fails, else None."""
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is not None and since > time.time():
        # RFC 9110 §13.1.3 (and 7232 §3.3): a date later than now is invalid, so ignored.
        del request.META["HTTP_IF_MODIFIED_SINCE"]
    timestamp = int(last_modified.timestamp()) if last_modified else None
    answer = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if answer is not None and answer.status_code == 412:
        return error_response(412, "The resource has changed since you last read it.")
    return answer
