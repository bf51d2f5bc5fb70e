"""``performance_settings.max_query_directives``: an operation holding too many directives is
refused with exactly one error, counted through fragments, per schema."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def repeated(directive: str, count: int) -> str:
    return "{ tags { name " + " ".join([directive] * count) + " } }"


def test_sixty_repeated_directives_answer_one_error(admin):
    # GraphQL's own rules would report 59 repeated @skip (or 60 unknown directives).
    for directive in ("@skip(if: false)", "@nope"):
        answer = run(repeated(directive, 60), user=admin)
        assert codes(answer) == ["RAIL_GQL_TOO_MANY_DIRECTIVES"]
        error = answer["errors"][0]
        assert error["extensions"]["maxDirectives"] == 50
        assert "more than 50 directives" in error["message"]
        assert "max_query_directives" in error["message"] and answer["data"] is None


def test_fifty_directives_are_allowed(admin):
    fields = " ".join(f"a{i}: name @include(if: true)" for i in range(50))
    assert ok(run(f"{{ tags {{ {fields} }} }}", user=admin)) == {"tags": []}
    fields += " extra: name @include(if: true)"
    answer = run(f"{{ tags {{ {fields} }} }}", user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_DIRECTIVES"]


def test_directives_count_where_fragments_are_spread(admin):
    inside = " ".join(f"n{i}: name @include(if: true)" for i in range(9))
    spreads = " ".join(f"t{i}: tags {{ ...T @include(if: true) }}" for i in range(5))
    query = f"query Many {{ {spreads} }} fragment T on Tag {{ {inside} }}"
    # 5 spreads x (9 inside + 1 on the spread) = 50: allowed; one more spread is not.
    assert "errors" not in run(query, user=admin)
    query = query.replace("{ t0:", "{ t5: tags { ...T } t0:")
    answer = run(query, user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_DIRECTIVES"]
    assert answer["errors"][0]["message"].startswith("Operation 'Many' holds more than 50")


def test_the_limit_is_per_schema_and_can_be_turned_off(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "strict": {"performance_settings": {"max_query_directives": 2}},
        "open": {"performance_settings": {"max_query_directives": None}},
    }
    two = "{ tags { a: name @include(if: true) b: name @skip(if: false) } }"
    assert "errors" not in run(two, user=admin, schema="strict")
    three = two.replace("} }", "c: name @include(if: true) } }")
    assert codes(run(three, user=admin, schema="strict")) == ["RAIL_GQL_TOO_MANY_DIRECTIVES"]
    # Off: GraphQL's own rules answer, one error per repeated directive.
    answer = run(repeated("@skip(if: false)", 60), user=admin, schema="open")
    assert len(answer["errors"]) == 59
