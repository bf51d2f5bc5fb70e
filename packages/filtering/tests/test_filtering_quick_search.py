"""``quick``: LIKE on SQLite, full-text search with ranking on PostgreSQL. Nothing is skipped:
each test states both behaviours."""

from __future__ import annotations

from django.db import connection
from filtering_graphql import post

ON_POSTGRES = connection.vendor == "postgresql"


def quick(client, text, extra=""):
    query = "query($q: String) { items(quick: $q" + extra + ") { title } }"
    answer = post(client, query, {"q": text})
    assert "errors" not in answer, answer["errors"]
    return [row["title"] for row in answer["data"]["items"]]


def test_quick_argument_only_where_declared(admin_client, catalog):
    from rail_django.core.schema_builder import build_schema

    fields = build_schema("flt").graphql_schema.query_type.fields
    assert "quick" in fields["items"].args
    assert "quick" not in fields["vendors"].args


def test_words_match_own_and_related_fields(admin_client, catalog):
    assert sorted(quick(admin_client, "lamp")) == ["Desk lamp"]
    assert sorted(quick(admin_client, "globex")) == ["Headphones"]  # vendor__name
    assert sorted(quick(admin_client, "eco")) == ["Phone case"]  # labels__name (to-many)
    # every word must match somewhere: "phone" in the title, "acme" in the vendor's name
    assert quick(admin_client, "phone acme") == ["Phone X"]
    assert quick(admin_client, "sale") == quick(admin_client, "SALE")


def test_prefix_and_substring_matching(admin_client, catalog):
    # Both backends match a word prefix...
    assert sorted(quick(admin_client, "pho")) == sorted(
        ["Phone X", "Phone case"] + ([] if ON_POSTGRES else ["Headphones"])
    )
    # ...but only LIKE matches inside a word: full-text search matches whole words / prefixes.
    expected = [] if ON_POSTGRES else ["Headphones"]
    assert quick(admin_client, "headph"[1:]) == expected  # "eadph"


def test_ranking_without_order_by(admin_client, catalog):
    """On PostgreSQL the best match comes first; elsewhere (and with orderBy) the usual order."""
    titles = quick(admin_client, "phone")
    if ON_POSTGRES:
        # "Phone case" says phone four times, "Phone X" twice: it ranks first (pk order would not)
        assert titles[0] == "Phone case" and set(titles) == {"Phone X", "Phone case"}
    else:
        assert sorted(titles) == sorted(["Phone X", "Phone case", "Headphones"])
    ordered = quick(admin_client, "phone", extra=', orderBy: ["title"]')
    assert ordered == sorted(ordered)


def test_quick_combines_with_where_and_ignores_empty_text(admin_client, catalog):
    answer = post(
        admin_client,
        '{ items(quick: "phone", where: {price: {lt: "100"}}) { title } }',
    )
    assert sorted(r["title"] for r in answer["data"]["items"]) == (
        ["Phone case"] if ON_POSTGRES else ["Headphones", "Phone case"]
    )
    assert len(quick(admin_client, "   ")) == 4
    assert len(quick(admin_client, "!!! ???")) == (4 if ON_POSTGRES else 0)


def test_quick_text_is_only_text(admin_client, catalog):
    for text in ["a & b | !c", "x:* <-> y", "'); DROP TABLE x; --", "%", "_"]:
        quick(admin_client, text)  # no error, whatever it matches


def test_quick_limits(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"filtering_settings": {"quick_max_length": 5}}
    answer = post(admin_client, '{ items(quick: "phones") { id } }')
    assert answer["errors"][0]["extensions"]["code"] == "RAIL_GQL_INVALID_FILTER"


def test_full_text_switched_off_uses_like_everywhere(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"filtering_settings": {"full_text_search": False}}
    assert sorted(quick(admin_client, "eadph")) == ["Headphones"]
