"""Depth, alias and token limits: refused before execution with precise codes, counted through
fragments, per schema, and never hanging on a fragment cycle."""

from __future__ import annotations

import time

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def nested(levels: int) -> str:
    """``categories { products { category { products ... { name } } } }``: ``levels`` deep."""
    chain = ["categories"] + [("products", "category")[i % 2] for i in range(levels - 2)]
    return "{ " + " { ".join(chain) + " { name" + " }" * (len(chain) - 1) + " } }"


def test_depth_ten_runs_and_eleven_is_refused(admin, settings):
    # Five nested lists are over the complexity limit: this test is about depth alone.
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {"max_query_complexity": None}}
    make_store()
    assert "errors" not in run(nested(10), user=admin)
    answer = run(nested(11), user=admin)
    assert codes(answer) == ["RAIL_GQL_QUERY_TOO_DEEP"]
    assert answer["data"] is None
    error = answer["errors"][0]
    assert error["extensions"]["depth"] == 11 and error["extensions"]["maxDepth"] == 10
    assert "at most 10" in error["message"] and "max_query_depth" in error["message"]


def test_depth_counts_through_fragments_and_inline_fragments(admin):
    deep_fragment = """
        query Deep { categories { ...C } }
        fragment C on Category { products { ... on Product { category { ...D } } } }
        fragment D on Category { products { category { products { category {
            products { category { products { name } } } } } } } }
    """
    answer = run(deep_fragment, user=admin)
    assert codes(answer) == ["RAIL_GQL_QUERY_TOO_DEEP"]
    assert answer["errors"][0]["message"].startswith("Operation 'Deep' is 11 levels deep")


def test_depth_is_per_schema(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "shallow": {"performance_settings": {"max_query_depth": 2}},
    }
    make_store()
    query = "{ products { category { name } } }"
    assert "errors" not in run(query, user=admin)
    assert codes(run(query, user=admin, schema="shallow")) == ["RAIL_GQL_QUERY_TOO_DEEP"]
    assert "errors" not in run("{ products { name } }", user=admin, schema="shallow")


def test_depth_limit_can_be_turned_off(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "performance_settings": {"max_query_depth": None, "max_query_complexity": None}
    }
    assert "errors" not in run(nested(14), user=admin)


def test_introspection_is_not_counted_as_depth(admin):
    type_ref = "kind name " + "ofType { kind name " * 8 + "}" * 8
    query = f"{{ __schema {{ types {{ fields {{ type {{ {type_ref} }} }} }} }} }}"
    data = ok(run(query, user=admin))
    assert data["__schema"]["types"]


def test_a_fragment_cycle_is_answered_at_once(admin):
    cyclic = """
        { categories { ...A } }
        fragment A on Category { products { ...B } }
        fragment B on Product { category { ...A } }
    """
    started = time.monotonic()
    answer = run(cyclic, user=admin)
    assert time.monotonic() - started < 10  # an exponential walk would take minutes
    assert codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert "Cannot spread fragment 'A' within itself" in answer["errors"][0]["message"]


def test_a_long_self_spreading_chain_is_answered_at_once(admin):
    chain = "".join(
        f"fragment F{i} on Category {{ products {{ category {{ ...F{i + 1} }} }} }}\n"
        for i in range(300)
    )
    query = "{ categories { ...F0 } }\n" + chain + "fragment F300 on Category { name }"
    started = time.monotonic()
    answer = run(query, user=admin)
    assert time.monotonic() - started < 20  # a walk per spread would take minutes
    assert codes(answer) and set(codes(answer)) <= {
        "RAIL_GQL_QUERY_TOO_DEEP",
        "RAIL_GQL_VALIDATION_FAILED",
    }


def test_three_hundred_aliases_are_refused(admin):
    aliases = " ".join(f"a{i}: name" for i in range(300))
    answer = run(f"{{ tags {{ {aliases} }} }}", user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_ALIASES"]
    assert "more than 100 aliases" in answer["errors"][0]["message"]
    assert answer["errors"][0]["extensions"]["maxAliases"] == 100


def test_aliases_multiplied_by_fragment_spreads_are_counted(admin):
    fragment = "fragment F on Tag { " + " ".join(f"f{i}: name" for i in range(10)) + " }"
    # 10 aliases spread once, under 9 aliased lists: 9 + 9 x 10 = 99 aliases: allowed.
    spreads = " ".join(f"t{i}: tags(limit: 1) {{ ...F }}" for i in range(9))
    assert "errors" not in run(f"{{ {spreads} }} {fragment}", user=admin)
    # Under 10 aliased lists: 10 + 10 x 10 = 110, though the document holds only 20 aliases.
    spreads = " ".join(f"t{i}: tags(limit: 1) {{ ...F }}" for i in range(10))
    answer = run(f"{{ {spreads} }} {fragment}", user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_ALIASES"]


def test_alias_limit_is_a_setting(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {"max_query_aliases": 2}}
    assert "errors" not in run("{ a: tags { name } b: tags { name } }", user=admin)
    answer = run("{ a: tags { name } b: tags { name } c: tags { name } }", user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_ALIASES"]


def test_token_limit_is_a_setting(admin, settings):
    long_query = "{ tags(limit: 1) { " + "name " * 400 + "} }"
    assert "errors" not in run(long_query, user=admin)  # the default allows 15,000 tokens
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {"max_query_tokens": 50}}
    answer = run(long_query, user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_TOKENS"]
    assert "more than 50 tokens" in answer["errors"][0]["message"]
    assert "errors" not in run("{ tags { name } }", user=admin)


def test_default_token_limit_refuses_a_huge_document(admin):
    huge = "{ tags { " + "name " * 16_000 + "} }"
    answer = run(huge, user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_TOKENS"]
