"""v1 routes, mounted at ``/api/v1/`` (project/urls.py). Details are addressed by UUID."""

from __future__ import annotations

from django.urls import path

from claims.api.v1 import assertions, extraction, imports, suggestions, views

app_name = "v1"

claims = views.ClaimViewSet
groups = assertions.AssertionViewSet
suggested = suggestions.GroupSuggestionViewSet
# An object's history is answered whole (it is short): neither paged nor filtered, and the
# schema says so.
WHOLE_LIST = {"pagination_class": None, "filter_backends": []}

urlpatterns = [
    path("", views.ApiRootViewSet.as_view({"get": "root"}), name="api-root"),
    path("claims/", claims.as_view({"get": "list", "post": "create"}), name="claim-list"),
    path("claims/export.csv", claims.as_view({"get": "export_csv"}), name="claim-export-csv"),
    path(
        "claims/export.ndjson",
        claims.as_view({"get": "export_ndjson"}),
        name="claim-export-ndjson",
    ),
    path(
        "claims/<uuid:id>/",
        claims.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="claim-detail",
    ),
    path(
        "claims/<uuid:id>/citations/",
        claims.as_view({"post": "add_citation"}),
        name="claim-citations",
    ),
    path(
        "claims/<uuid:id>/history/",
        claims.as_view({"get": "history"}, **WHOLE_LIST),
        name="claim-history",
    ),
    *(
        path(
            f"claims/<uuid:id>/{action}/", claims.as_view({"post": action}), name=f"claim-{action}"
        )
        for action in ("publish", "dispute", "retract", "supersede", "accept", "reject")
    ),
    path("claims/<uuid:id>/jsonld", claims.as_view({"get": "jsonld"}), name="claim-jsonld"),
    path(
        "claims/<uuid:id>/group-suggestions/",
        suggested.as_view({"get": "suggestions"}),
        name="claim-group-suggestions",
    ),
    path(
        "claims/<uuid:id>/group-suggestions/<uuid:assertion_id>/reject/",
        suggested.as_view({"post": "reject"}),
        name="claim-group-suggestion-reject",
    ),
    path(
        "sources/",
        views.SourceViewSet.as_view({"get": "list", "post": "create"}),
        name="source-list",
    ),
    path(
        "sources/<uuid:id>/",
        views.SourceViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="source-detail",
    ),
    path(
        "sources/<uuid:source_id>/claims/",
        claims.as_view({"get": "by_source"}),
        name="source-claims",
    ),
    path(
        "sources/<uuid:id>/history/",
        views.SourceViewSet.as_view({"get": "history"}, **WHOLE_LIST),
        name="source-history",
    ),
    path(
        "citations/<uuid:id>/history/",
        views.CitationViewSet.as_view({"get": "history"}, **WHOLE_LIST),
        name="citation-history",
    ),
    path(
        "actors/", views.ActorViewSet.as_view({"get": "list", "post": "create"}), name="actor-list"
    ),
    path(
        "actors/<uuid:id>/",
        views.ActorViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="actor-detail",
    ),
    path(
        "topics/", views.TopicViewSet.as_view({"get": "list", "post": "create"}), name="topic-list"
    ),
    path(
        "topics/<uuid:id>/",
        views.TopicViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="topic-detail",
    ),
    path(
        "proposals/",
        views.ProposalViewSet.as_view({"get": "list", "post": "create"}),
        name="proposal-list",
    ),
    path(
        "proposals/<uuid:id>/",
        views.ProposalViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="proposal-detail",
    ),
    path(
        "proposals/<uuid:id>/provisions/",
        views.ProposalViewSet.as_view({"post": "add_provision"}),
        name="proposal-provisions",
    ),
    path(
        "proposals/<uuid:proposal_id>/claims/",
        claims.as_view({"get": "by_proposal"}),
        name="proposal-claims",
    ),
    path("imports/", imports.ImportViewSet.as_view({"post": "create"}), name="import"),
    path("extract/", extraction.ExtractViewSet.as_view({"post": "text"}), name="extract"),
    path(
        "sources/<uuid:id>/extract/",
        extraction.ExtractViewSet.as_view({"post": "source"}),
        name="source-extract",
    ),
    path("tombstones/", views.TombstoneViewSet.as_view({"get": "list"}), name="tombstone-list"),
    path("assertions/", groups.as_view({"get": "list", "post": "create"}), name="assertion-list"),
    path(
        "assertions/<uuid:id>/",
        groups.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="assertion-detail",
    ),
    path(
        "assertions/<uuid:id>/series/",
        groups.as_view({"get": "series"}, **WHOLE_LIST),
        name="assertion-series",
    ),
    path(
        "assertions/<uuid:id>/series.svg",
        groups.as_view({"get": "chart"}, **WHOLE_LIST),
        name="assertion-chart",
    ),
    path(
        "assertions/<uuid:id>/jsonld",
        groups.as_view({"get": "jsonld"}, **WHOLE_LIST),
        name="assertion-jsonld",
    ),
    *(
        path(
            f"assertions/<uuid:id>/{action}/",
            groups.as_view({"post": action}),
            name=f"assertion-{action}",
        )
        for action in ("members", "ungroup", "rank", "resolve")
    ),
]
