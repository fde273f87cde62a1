"""Marking an operation deprecated: headers on every answer and ``deprecated: true`` in the schema.

Within v1 nothing is removed (docs/api.md, "Compatibility"); an operation that is to go is
decorated, announced, and kept until its sunset date::

    @deprecated(since=date(2027, 1, 1), sunset=date(2027, 7, 1), link="https://…/changelog")
    def list(self, request, *args, **kwargs): ...

Headers: ``Deprecation: @<unix time>`` (RFC 9745), ``Sunset: <HTTP-date>`` (RFC 8594) and
``Link: <…>; rel="deprecation"``.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.http import http_date
from drf_spectacular.utils import extend_schema


def _epoch(day: date) -> int:
    return calendar.timegm(day.timetuple())


def deprecation_headers(
    since: date, sunset: date | None = None, link: str | None = None
) -> dict[str, str]:
    headers = {"Deprecation": f"@{_epoch(since)}"}
    if sunset:
        headers["Sunset"] = http_date(_epoch(sunset))
    if link:
        headers["Link"] = f'<{link}>; rel="deprecation"'
    return headers


def deprecated(
    *, since: date, sunset: date | None = None, link: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view method (``list``, ``retrieve``, an action) as deprecated."""
    headers = deprecation_headers(since, sunset, link)

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            response = method(self, request, *args, **kwargs)
            for name, value in headers.items():
                response[name] = value
            return response

        return extend_schema(deprecated=True)(wrapper)

    return decorate
