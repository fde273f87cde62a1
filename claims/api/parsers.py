"""Request bodies: JSON with a bounded nesting depth, so no body can cost a worker a crash.

``json.loads`` recurses once per nesting level: a body of 100,000 ``[`` raises
``RecursionError``, which DRF does not catch (a 500). No v1 body nests deeper than three
levels (a claim, its citations, a citation's fields); ``MAX_DEPTH`` leaves room and refuses
anything deeper with a 400 naming where it happens.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers

MAX_DEPTH = 10


def too_deep(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """The path (``citations[0].quote``) of the first value nested deeper than ``limit``."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if depth >= limit:
            return path or "non_field_errors"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            name = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
            stack.append((item, name, depth + 1))
    return None


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than ``MAX_DEPTH`` (400)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                f"JSON parse error - nested more than {MAX_DEPTH} levels deep."
            ) from None
        path = too_deep(data)
        if path is not None:
            raise exceptions.ValidationError(
                {path: [f"Nested more than {MAX_DEPTH} levels deep; no field takes that."]}
            )
        return data
