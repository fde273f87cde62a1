"""v1's page envelope and sizes: 50 by default, at most 200 (a larger page_size is a 400,
not a clamp).

A page is ``{"next", "next_cursor", "previous", "results"}``: ``next_cursor`` is the
``cursor`` parameter of ``next``, so a generated client follows pages by passing it back as
``cursor=`` instead of parsing a URL.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from claims.api.keyset import KeysetPagination, Page, encode_cursor


class CursorPagination(KeysetPagination):
    page_size = 50
    max_page_size = 200

    def envelope(self, request: Request, page: Page, results: list[Any]) -> dict[str, Any]:
        return {
            "next": self.link(request, page.next),
            "next_cursor": encode_cursor(page.next) if page.next else None,
            "previous": self.link(request, page.previous),
            "results": results,
        }

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        envelope = super().get_paginated_response_schema(schema)
        properties = envelope["properties"]
        envelope["properties"] = {
            "next": properties["next"],
            "next_cursor": {
                "type": "string",
                "nullable": True,
                "description": "The `cursor` of the next page (pass it back as `cursor=` "
                "with the same filters and ordering), or null on the last one.",
            },
            **{k: v for k, v in properties.items() if k != "next"},
        }
        envelope["required"] = ["next", "next_cursor", "previous", "results"]
        return envelope
