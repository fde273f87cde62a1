"""The schema view: one API version's OpenAPI description, or a 404 for a version there is not.

Apart from ``claims.api.openapi`` because drf-spectacular's views import the schema class
that module defines.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from claims.api.renderers import ORJSONRenderer


class SchemaView(SpectacularAPIView):
    """The OpenAPI description of one version (``?version=v1``, the default).

    drf-spectacular answers any other ``?version=`` with the default version's schema and a
    200; a client asking for v2 must learn there is none, as ``/api/v2/`` tells it.
    """

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        version = request.query_params.get("version")
        if version and version not in api_settings.ALLOWED_VERSIONS:
            allowed = ", ".join(api_settings.ALLOWED_VERSIONS)
            raise NotFound(f"No API version {version!r}; the versions are: {allowed}.")
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON in the API's shape, not YAML in the schema's media type.
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = ORJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
