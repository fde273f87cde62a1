"""``dumpdata``'s JSON with every timestamp whole: Django's encoder cuts microseconds.

Django's JSON serializer writes datetimes through ``DjangoJSONEncoder``, which keeps
milliseconds only, so ``dumpdata`` → ``loaddata`` moved every ``created_at`` and every
history date. Registered for the ``json`` format (``SERIALIZATION_MODULES``), this one writes
them in full (RFC 3339 with microseconds); reading is Django's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.serializers.json import Deserializer  # noqa: F401 (the format's reader)
from django.core.serializers.json import Serializer as DjangoJSONSerializer


class Serializer(DjangoJSONSerializer):
    def _value_from_field(self, obj: Any, field: Any) -> Any:
        value = field.value_from_object(obj)
        if isinstance(value, datetime):
            return value.isoformat()
        return super()._value_from_field(obj, field)
