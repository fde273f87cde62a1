"""Write fields that take JSON as the schema describes it, without coercion.

DRF turns ``{"slug": 221169572196}`` into the string ``"221169572196"`` and ``"true"`` into
``True``. The schema promises a string and a boolean, and a client sending something else
has a bug it should hear about, so the write serializers refuse other JSON types with a
400 naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from claims import units


class _Exactly:
    """Refuse any JSON value that is not of ``json_types`` (bool is not an int)."""

    json_types: tuple[type, ...] = ()
    json_name = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["wrong_type"] = f"Must be a JSON {self.json_name}."

    def to_internal_value(self, data: Any) -> Any:
        wrong_bool = isinstance(data, bool) and bool not in self.json_types
        if wrong_bool or not isinstance(data, self.json_types):
            self.fail("wrong_type")
        return super().to_internal_value(data)  # type: ignore[misc]


class CharField(_Exactly, serializers.CharField):
    json_types, json_name = (str,), "string"


class SlugField(_Exactly, serializers.SlugField):
    json_types, json_name = (str,), "string"


class URLField(_Exactly, serializers.URLField):
    json_types, json_name = (str,), "string"


class BooleanField(_Exactly, serializers.BooleanField):
    json_types, json_name = (bool,), "boolean"


class IntegerField(_Exactly, serializers.IntegerField):
    json_types, json_name = (int,), "integer"


# Most items any list of relations or names in a write takes (topics, proposers, bylines).
MAX_ITEMS = 100


class ManyRelatedField(serializers.ManyRelatedField):
    """A JSON list of relations, at most ``MAX_ITEMS``, repeats dropped, resolved together.

    DRF would read an object as the list of its keys, and look each item up with a query of
    its own: 100,000 repeats of one slug held a worker for 38 s. Here the list is bounded,
    deduplicated (order kept) and, for slugs, resolved in one query.
    """

    default_error_messages = {
        **serializers.ManyRelatedField.default_error_messages,
        "too_long": "At most {max_items} items.",
    }

    def __init__(self, *args: Any, max_items: int = MAX_ITEMS, **kwargs: Any) -> None:
        self.max_items = max_items
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            self.fail("not_a_list", input_type=type(data).__name__)
        if isinstance(data, list) and len(data) > self.max_items:
            self.fail("too_long", max_items=self.max_items)
        if isinstance(data, list) and all(isinstance(item, str) for item in data):
            data = list(dict.fromkeys(data))
            child = self.child_relation
            if isinstance(child, serializers.SlugRelatedField) and data and data != [""]:
                return _resolve_slugs(child, data)
        return super().to_internal_value(data)


class DecimalField(_Exactly, serializers.DecimalField):
    """A claim's value: a JSON number (or decimal string, not a boolean), rounded as stored.

    DRF refuses 0.30000000000000004 (too many decimals), which is how many clients' floats
    spell 0.3; the ledger rounds it (``units.to_stored_places``, as the admin and imports
    do). A number too large to store is still refused.
    """

    # A decimal written as a string ("66.67") is taken too: it is how a client keeps more
    # digits than a double holds.
    json_types, json_name = (int, float, str), "number"

    def validate_precision(self, value: Decimal) -> Decimal:
        return super().validate_precision(units.to_stored_places(value))


class _ExactRelation(_Exactly):
    """A relation named by a JSON string; ``""`` is not "none" (send ``null`` for that)."""

    json_types, json_name = (str,), "string"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = ": send null for none" if self.allow_null else ""
        self.error_messages["blank_relation"] = f"May not be blank{none}."

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data == "":  # DRF would quietly read it as null
            self.fail("blank_relation")
        return super().run_validation(data)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> ManyRelatedField:
        # As DRF's own many_init, with the strict list around the same child.
        shared = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return ManyRelatedField(child_relation=cls(*args, **kwargs), **shared)


class SlugRelatedField(_ExactRelation, serializers.SlugRelatedField):
    pass


def _resolve_slugs(child: serializers.SlugRelatedField, slugs: list[str]) -> list[Any]:
    """The objects named by distinct ``slugs``, in order, with one query; the child's own
    error for the first slug that names nothing."""
    if "" in slugs:
        child.fail("blank_relation")
    found = {
        getattr(obj, child.slug_field): obj
        for obj in child.get_queryset().filter(**{f"{child.slug_field}__in": slugs})
    }
    for slug in slugs:
        if slug not in found:
            child.fail("does_not_exist", slug_name=child.slug_field, value=slug)
    return [found[slug] for slug in slugs]


class PrimaryKeyRelatedField(_ExactRelation, serializers.PrimaryKeyRelatedField):
    pass


def list_of_names(**kwargs: Any) -> serializers.ListField:
    """A JSON list of non-blank strings (bylines, aliases), at most ``MAX_ITEMS``."""
    return serializers.ListField(child=CharField(max_length=300), max_length=MAX_ITEMS, **kwargs)


class ModelSerializer(serializers.ModelSerializer):
    serializer_related_field = PrimaryKeyRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.SlugField: SlugField,
        models.URLField: URLField,
        models.BooleanField: BooleanField,
        models.IntegerField: IntegerField,
        models.PositiveIntegerField: IntegerField,
        models.PositiveSmallIntegerField: IntegerField,
        models.SmallIntegerField: IntegerField,
    }
