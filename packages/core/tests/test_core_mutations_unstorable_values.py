"""Values the model accepts but the database cannot store are field errors, not server errors.

Each was found by the fuzzed-schema tests (packages/filtering/tests/test_filtering_fuzzed_schema.py)
as a ``RAIL_GQL_INTERNAL_ERROR``.
"""

from __future__ import annotations

import pytest
from core_query_client import ok, run

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: FieldZooCreateInput!) { createFieldZoo(input: $input) { ok errors } }"""


def _create(admin_user, **values):
    variables = {"input": {"nullableBoolean": False, **values}}
    return ok(run(CREATE, user=admin_user, variables=variables))["createFieldZoo"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"char": "a\x00b"}, "char"),  # PostgreSQL: text fields cannot contain NUL
        ({"text": "\x00"}, "text"),
        ({"json": {"key": ["\x00"]}}, "json"),  # PostgreSQL: unsupported Unicode escape
        ({"json": {"a\x00": 1}}, "json"),
        ({"datetime": "0001-01-01T00:00:00+05:00"}, "datetime"),  # OverflowError once in UTC
        ({"datetime": "9999-12-31T23:59:59-05:00"}, "datetime"),
        ({"duration": "P999999999D"}, "duration"),  # SQLite stores 64-bit microseconds
    ],
)
def test_an_unstorable_value_is_a_validation_error_of_its_field(admin_user, values, field):
    payload = _create(admin_user, **values)
    assert payload["ok"] is False
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        (field, "RAIL_GQL_VALIDATION_FAILED")
    ]


def test_values_at_the_edges_of_the_range_are_stored(admin_user):
    payload = _create(
        admin_user, datetime="0001-01-01T00:00:00+00:00", duration="P99999D", json={"a": "b"}
    )
    assert payload == {"ok": True, "errors": []}


@pytest.mark.parametrize("pk", ["9223372036854775808", "-9223372036854775809", "1" + "0" * 30])
def test_an_id_past_the_key_columns_range_is_not_found(admin_user, pk):
    # pk IN (...) with such a value: OverflowError on SQLite, "bigint out of range" on
    # PostgreSQL; Django guards pk= but not pk__in.
    answer = run(
        'mutation($id: ID!) { updateFieldZoo(id: $id, input: {char: "x"}) { ok errors } }',
        user=admin_user,
        variables={"id": pk},
    )
    payload = ok(answer)["updateFieldZoo"]
    assert payload["ok"] is False
    assert [e["code"] for e in payload["errors"]] == ["RAIL_GQL_NOT_FOUND"]
