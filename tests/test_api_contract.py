"""The answers the database builds and the serializers that document them say the same thing.

Both come from one declaration per answer (``claims/api/v1/shapes.py``): the SQL that
builds the JSON and the serializer the schema is generated from. This walks real answers
against the serializers, key by key and type by type, so a mistake in either half of the
declaration's translation shows (schemathesis checks the same against the generated schema,
with random inputs).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import pytest
from rest_framework import serializers

from claims.api.openapi import ErrorSerializer
from claims.api.v1 import serializers as v1
from tests.api_support import body, fixed_id

SCALARS: dict[type[serializers.Field], tuple[type, ...]] = {
    serializers.BooleanField: (bool,),
    serializers.IntegerField: (int,),
    serializers.DecimalField: (int, float),
    serializers.CharField: (str,),
}


def conforms(value: Any, field: serializers.Field, path: str) -> None:
    if value is None:
        assert field.allow_null, f"{path}: null, but not nullable in the schema"
        return
    if isinstance(field, serializers.ListSerializer):
        assert isinstance(value, list), path
        for n, item in enumerate(value):
            conforms(item, field.child, f"{path}[{n}]")
    elif isinstance(field, serializers.Serializer):
        assert isinstance(value, dict), path
        required = {name for name, f in field.fields.items() if f.required}
        assert required <= set(value) <= set(field.fields), (
            f"{path}: keys {sorted(value)} vs documented {sorted(field.fields)}"
        )
        for name, value_of in value.items():
            conforms(value_of, field.fields[name], f"{path}.{name}")
    elif isinstance(field, serializers.ListField):
        assert isinstance(value, list), path
        for n, item in enumerate(value):
            conforms(item, field.child, f"{path}[{n}]")
    elif isinstance(field, serializers.DictField):
        assert isinstance(value, dict), path
        for key, item in value.items():
            conforms(item, field.child, f"{path}.{key}")
    elif isinstance(field, serializers.ChoiceField):
        assert value in field.choices, f"{path}: {value!r} is not a documented choice"
    elif isinstance(field, serializers.UUIDField):
        uuid.UUID(value)
    elif isinstance(field, serializers.DateTimeField):
        assert isinstance(value, str) and datetime.fromisoformat(value).tzinfo, path
    elif isinstance(field, serializers.DateField):
        date.fromisoformat(value)
    else:
        kinds = next(t for cls, t in SCALARS.items() if isinstance(field, cls))
        assert isinstance(value, kinds) and not (bool in kinds) ^ isinstance(value, bool), (
            f"{path}: {value!r} is not {field.__class__.__name__}"
        )


ANSWERS = [
    ("/api/v1/claims/?page_size=200", v1.ClaimSerializer, True),
    (f"/api/v1/claims/{fixed_id(44)}/", v1.ClaimSerializer, False),
    ("/api/v1/sources/", v1.SourceSerializer, True),
    (f"/api/v1/sources/{fixed_id(20)}/", v1.SourceDetailSerializer, False),
    ("/api/v1/actors/", v1.ActorSerializer, True),
    ("/api/v1/topics/", v1.TopicSerializer, True),
    ("/api/v1/proposals/", v1.ProposalSerializer, True),
    ("/api/v1/tombstones/?since=2000-01-01T00:00:00Z", v1.TombstoneSerializer, True),
    ("/api/v1/", v1.ApiRootSerializer, False),
    ("/api/v1/claims/?page_size=999", ErrorSerializer, False),
]


@pytest.mark.parametrize(("url", "serializer", "paged"), ANSWERS)
def test_answers_have_exactly_the_documented_shape(staff_client, ledger, url, serializer, paged):
    answer = body(staff_client.get(url))  # staff: drafts and candidates exercise more nulls
    if paged:
        assert set(answer) == {"next", "next_cursor", "previous", "results"}
        assert answer["results"], "nothing to compare"
        conforms(answer["results"], serializer(many=True), url)
    else:
        conforms(answer, serializer(), url)


def test_every_claim_field_is_exercised_both_null_and_not(staff_client, ledger):
    claims = body(staff_client.get("/api/v1/claims/?page_size=200"))["results"]
    fields = v1.ClaimSerializer().fields

    for name, field in fields.items():
        values = [claim[name] for claim in claims]
        assert any(v not in (None, [], "") for v in values), f"{name} is never filled"
        if field.allow_null:
            assert any(v is None for v in values), f"{name} is never null"
