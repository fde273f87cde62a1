"""v1's page sizes: 50 by default, at most 200 (a larger page_size is a 400, not a clamp)."""

from __future__ import annotations

from claims.api.keyset import KeysetPagination


class CursorPagination(KeysetPagination):
    page_size = 50
    max_page_size = 200
