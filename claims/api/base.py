"""The base of every API read view: visibility, conditional GET, response cache, headers.

A read answers in this order, so the cheap questions come first:
1. throttle, authenticate, negotiate (DRF's ``initial``);
2. read the ledger version (one primary-key read) → ``ETag``; a matching ``If-None-Match``
   or a fresh ``If-Modified-Since`` is a 304 here, before any heavy query, once the query
   (filters, cursor, page_size, ordering) is known to be valid — a 400 costs no query;
3. the rendered body from the cache, keyed by (ledger version, visibility, URL), or built
   from ``values()`` rows by the version's representation functions and rendered by
   orjson. The version in the key makes invalidation automatic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.response import Response

from claims.api import conditional
from claims.api.renderers import ORJSONRenderer, dumps

if TYPE_CHECKING:
    from claims.api.v1.shapes import Shape

JSON = "application/json"

# Queries known to be valid, per process (ReadViewSet._validate_once); bounded.
_VALID_QUERIES: set[str] = set()
_VALID_QUERIES_MAX = 10_000


class Links:
    """Absolute URLs of the version's resources, built once per request (f-strings after)."""

    def __init__(self, request: Any, version: str) -> None:
        self.root = request.build_absolute_uri(
            reverse(f"{version}:api-root", kwargs={"version": version})
        )

    @classmethod
    def at(cls, root: str) -> Links:
        """Links under a given root, for answers built outside a request (the admin)."""
        links = cls.__new__(cls)
        links.root = root
        return links

    def claim(self, id: Any) -> str:
        return f"{self.root}claims/{id}/"

    def source(self, id: Any) -> str:
        return f"{self.root}sources/{id}/"

    def actor(self, id: Any) -> str:
        return f"{self.root}actors/{id}/"

    def topic(self, id: Any) -> str:
        return f"{self.root}topics/{id}/"

    def proposal(self, id: Any) -> str:
        return f"{self.root}proposals/{id}/"

    def collection(self, name: str) -> str:
        return f"{self.root}{name}/"


class ReadViewSet(viewsets.GenericViewSet):
    """Read-only so far; write actions slot in as ordinary viewset methods."""

    renderer_classes = [ORJSONRenderer]
    # Orderings offered by list endpoints: non-null fields with an (field, id) index.
    ordering_fields: tuple[str, ...] = ()
    default_ordering = ""

    # --- who is reading ----------------------------------------------------------------

    @property
    def visibility(self) -> str:
        """Staff and curators see every claim (drafts they share); everyone else only
        public ones."""
        user = self.request.user
        return "staff" if user.is_staff or user.has_perm("claims.view_claim") else "public"

    @property
    def links(self) -> Links:
        if not hasattr(self, "_links"):
            self._links = Links(self.request, self.request.version)
        return self._links

    # --- answering -------------------------------------------------------------------

    @property
    def keyset_columns(self) -> tuple[str, ...]:
        """The columns a page's rows carry besides their JSON: every ordering and the id."""
        return ("id", *(f for f in self.ordering_fields if f != "id"))

    def respond_page(
        self,
        shape: Shape,
        queryset: Callable[[], QuerySet],
        exists: Callable[[], bool] | None = None,
    ) -> HttpResponseBase:
        """A cursor page of ``shape`` answers over ``queryset()`` (the filtered queryset).

        In order: the ledger version and the URL decide a 304 or a cached answer, before any
        filtering or query (``respond_collection``); otherwise ``build`` filters, reads one
        page of rows whose JSON the database built, and wraps them in the envelope.
        ``exists`` (sub-lists) turns an empty page of a missing parent into a 404.
        """
        paginator = self.paginator

        def validate() -> None:
            paginator.parse(self.request, self, queryset().model)  # no query: lazy

        def build() -> bytes:
            filtered = queryset()
            page_request = paginator.parse(self.request, self, filtered.model)
            rows = shape.rows(filtered, self.links, self.keyset_columns)
            page = paginator.page(rows, page_request)
            if not page.rows and exists is not None and not exists():
                raise NotFound()
            answers = [orjson.Fragment(row["json"]) for row in page.rows]
            return dumps(paginator.envelope(self.request, page, answers))

        return self.respond_collection(build, validate)

    def object_json(self, shape: Shape, queryset: QuerySet) -> orjson.Fragment:
        """The one object ``queryset`` selects, as the database builds it; 404 if none."""
        return orjson.Fragment(self.object_text(shape, queryset))

    def object_text(self, shape: Shape, queryset: QuerySet) -> str:
        row = shape.rows(queryset, self.links, ("id",)).first()
        if row is None:
            raise NotFound()
        return row["json"]

    def respond_collection(
        self, build: Callable[[], bytes], validate: Callable[[], None] | None = None
    ) -> HttpResponseBase:
        """``validate`` raises for a bad query before a 304 (``build`` does for a 200): a
        request that would be a 400 is one, conditions or not (RFC 9110 §13.2.1)."""
        state = conditional.ledger_state()
        if state is None:
            return self._headers(HttpResponse(build(), content_type=JSON), None, None)
        url = self.request.build_absolute_uri()
        etag = conditional.collection_etag(state, url, self.visibility)
        answer = conditional.precondition_response(self.request, etag, state.changed_at)
        if answer is not None and validate is not None:
            self._validate_once(url, validate)
        if answer is None:
            body = self._cached(self._cache_key(state, "collection", JSON), build)
            answer = HttpResponse(body, content_type=JSON)
        return self._headers(answer, etag, state)

    def respond_object(
        self, build: Callable[[], Any], content_type: str = JSON
    ) -> HttpResponseBase:
        """One object; its ETag is the hash of its representation (see conditional)."""
        state = conditional.ledger_state()

        def render() -> tuple[bytes, str]:
            built = build()
            body = built if isinstance(built, bytes) else dumps(built)  # bytes: rendered
            return body, conditional.representation_etag(body)

        if state is None:
            body, etag = render()
        else:
            body, etag = self._cached(self._cache_key(state, "object", content_type), render)
        answer = conditional.precondition_response(
            self.request, etag, state.changed_at if state else None
        )
        if answer is None:
            answer = HttpResponse(body, content_type=content_type)
        return self._headers(answer, etag, state)

    def _validate_once(self, url: str, validate: Callable[[], None]) -> None:
        """Validate a query, remembering the ones that passed: validity depends on the URL
        alone, and a client polling with If-None-Match sends the same URL again and again,
        so its 304 costs no re-validation (which is most of a 304's Python)."""
        key = f"{type(self).__name__}:{self.action}:{url}"
        if key in _VALID_QUERIES:
            return
        validate()
        if len(_VALID_QUERIES) >= _VALID_QUERIES_MAX:
            _VALID_QUERIES.clear()
        _VALID_QUERIES.add(key)

    def _cache_key(self, state: conditional.LedgerState, answer: str, media: str) -> str:
        url = self.request.build_absolute_uri()
        return (
            f"api:{state.version}:{self.visibility}:{answer}:{media}:"
            f"{conditional.digest(url.encode())}"
        )

    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        seconds = settings.API_RESPONSE_CACHE_SECONDS
        # Only reads are cached. A write answers with the object it wrote, under the URL it
        # was sent to: a collection's (POST /topics/), which a cached copy would then
        # answer to the next GET of that list.
        if not seconds or self.request.method not in ("GET", "HEAD"):
            return build()
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, seconds)
        return value

    def _headers(
        self, response: HttpResponseBase, etag: str | None, state: conditional.LedgerState | None
    ) -> HttpResponseBase:
        if etag:
            response["ETag"] = etag
        if state is not None:
            response["Last-Modified"] = http_date(state.changed_at.timestamp())
            response["X-Ledger-Version"] = str(state.version)
        response["Cache-Control"] = self.cache_control()
        return response

    def cache_control(self) -> str:
        if self.request.user.is_authenticated:
            return "private, no-cache"
        return f"public, max-age={settings.API_CACHE_MAX_AGE}"

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        # An unsupported method is a 405 for everyone, not a 403 for the anonymous.
        if not hasattr(self, request.method.lower()):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def finalize_response(
        self, request: Any, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON whatever was negotiated (CSV, NDJSON, JSON-LD).
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = JSON
        response = super().finalize_response(request, response, *args, **kwargs)
        rate_limit = getattr(request, "rate_limit", None)
        if rate_limit is not None:
            response["X-RateLimit-Limit"] = str(rate_limit[0])
            response["X-RateLimit-Remaining"] = str(rate_limit[1])
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        return response
