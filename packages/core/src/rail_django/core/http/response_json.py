"""JSON bodies for GraphQL responses: orjson when it is installed, the standard library if not.

A response of a few hundred rows spends a noticeable share of its time serialising; orjson
does it several times faster. It is optional (``pip install orjson``): both paths produce the
same JSON for what GraphQL results hold (strings, numbers, booleans, null, lists, objects), and
anything else (a ``Decimal`` or a lazy translation in an extension) goes through Django's
encoder either way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

try:  # pragma: no cover - depends on the environment
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

__all__ = ["ORJSON_AVAILABLE", "dumps"]

ORJSON_AVAILABLE = orjson is not None
_django_encoder = DjangoJSONEncoder()


def _stdlib_dumps(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def _orjson_dumps(payload: Mapping[str, Any]) -> bytes:
    try:
        return orjson.dumps(payload, default=_django_encoder.default)
    except TypeError:
        # orjson refuses what the standard library accepts in a few corners (integers over
        # 64 bits, non-string keys): fall back rather than fail the response.
        return _stdlib_dumps(payload)


def dumps(payload: Mapping[str, Any]) -> bytes:
    """``payload`` as UTF-8 JSON bytes."""
    if orjson is not None:
        return _orjson_dumps(payload)
    return _stdlib_dumps(payload)
