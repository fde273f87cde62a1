"""django-filter, with invalid values answered as our 400 naming each parameter."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend

from claims.api.errors import InvalidParameter


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise InvalidParameter(
                {
                    name: [str(message) for message in errors]
                    for name, errors in filterset.errors.items()
                }
            )
        return filterset.qs
