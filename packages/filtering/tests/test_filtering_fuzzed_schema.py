"""Fuzzed from outside: random valid documents never make the server fail.

Documents are drawn from the ``flt`` schema (the filtering test app: every field type, every
relation kind, ``where`` inputs nested through relations) and POSTed to ``/graphql/flt/`` over
the seeded catalog, with their values written as literals and again as variables. Whatever the
values, the answer is a handled one: no 500, no internal error, every error with a ``RAIL_GQL_*``
code. Each example runs in a savepoint rolled back afterwards, so mutations do not leak into the
next example and a failing example replays alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from filtering_fuzz_documents import documents, send, small_operations, with_variables
from filtering_testapp.models import Item, ItemDetail, Label, Review, Vendor
from hypothesis import HealthCheck, given, settings

from rail_django.core.registry import schema_registry

ENDPOINT = "/graphql/flt/"

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=False,
)


def _schema() -> Any:
    return schema_registry.get_schema("flt").graphql_schema


def _seeded_pks(models: Any = (Item, ItemDetail, Label, Review, Vendor)) -> list[int]:
    pks: set[int] = set()
    for model in models:
        pks.update(pk for pk in model.objects.values_list("pk", flat=True) if isinstance(pk, int))
    return sorted(pks)


@contextmanager
def _rolled_back() -> Iterator[None]:
    cache.clear()  # login throttles and the like start afresh too
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _fuzz(
    client: Any,
    fields: list[str] | None,
    max_examples: int,
    *,
    small: bool = False,
    schema_name: str = "flt",
    endpoint: str = ENDPOINT,
    pks: list[int] | None = None,
) -> None:
    schema = schema_registry.get_schema(schema_name).graphql_schema
    make = small_operations if small else documents
    strategy = make(schema, _seeded_pks() if pks is None else pks, fields)

    @settings(FUZZ, max_examples=max_examples)
    @given(strategy)
    def answer_is_handled(document: str) -> None:
        with _rolled_back():
            send(client, endpoint, document)
        text, variables = with_variables(schema, document)
        with _rolled_back():
            send(client, endpoint, text, variables)

    answer_is_handled()


def _root_fields(kind: str) -> list[str]:
    root = _schema().query_type if kind == "query" else _schema().mutation_type
    return sorted(root.fields)


def _list_fields() -> list[str]:
    return [name for name, field in _schema().query_type.fields.items() if "where" in field.args]


@pytest.mark.django_db
class TestFuzzedSchema:
    def test_list_queries_with_where_as_admin(self, admin_client, catalog):
        _fuzz(admin_client, _list_fields(), max_examples=100)

    def test_every_query_as_admin(self, admin_client, catalog):
        _fuzz(admin_client, _root_fields("query"), max_examples=30)

    def test_mutations_as_admin(self, admin_client, catalog):
        _fuzz(admin_client, _root_fields("mutation"), max_examples=80)

    def test_one_field_with_small_arguments_as_admin(self, admin_client, catalog):
        # One root field, its arguments (a where, an input) with one or two keys each: every
        # value reaches the database on its own instead of hiding behind a refused sibling.
        _fuzz(admin_client, None, max_examples=250, small=True)

    def test_the_core_test_apps_schema_with_small_arguments_as_admin(self, admin_client, db):
        # The core test app's schema (gql, at /graphql/) holds the other field types (URL, IP,
        # slug, small and positive integers, binary, files) and, with security installed, the
        # role API: it found the NUL role name.
        from core_store_data import make_store

        make_store()
        _fuzz(
            admin_client,
            None,
            max_examples=150,
            small=True,
            schema_name="gql",
            endpoint="/graphql/",
            pks=_seeded_pks(apps.get_app_config("core_testapp").get_models()),
        )

    def test_queries_and_mutations_as_anonymous(self, client, catalog):
        _fuzz(client, None, max_examples=30)


def test_hoisting_moves_every_argument_into_a_typed_variable(db):
    document = '{ items(limit: 2, where: {title: {eq: "x"}}) { id } }'
    text, variables = with_variables(_schema(), document)
    assert variables == {"v0": 2, "v1": {"title": {"eq": "x"}}}
    assert "$v0: Int" in text and "$v1: ItemWhereInput" in text
    assert "items(limit: $v0, where: $v1)" in text
