"""Routes: the admin, the versioned API, its schema and docs, and the health probes.

Every error answer outside the admin's own pages is JSON in the API's error shape
(``claims.api.errors``), including these handlers' 400/403/404/500.
"""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from claims.api import health
from claims.api.schema import SchemaView

urlpatterns = [
    path("admin/", admin.site.urls),
    # One include per API version; an unknown version matches nothing: a JSON 404.
    re_path(r"^api/(?P<version>v1)/", include("claims.api.v1.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "claims.api.errors.bad_request"
handler403 = "claims.api.errors.permission_denied"
handler404 = "claims.api.errors.page_not_found"
handler500 = "claims.api.errors.server_error"
