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


class _NotesHidden:
    """A permission backend (the contract, not a mock of ours) that hides or masks fields."""

    def __init__(self, *unreadable, visibility="hidden"):
        from rail_django.contracts.permissions import DjangoModelPermissionBackend

        self.base = DjangoModelPermissionBackend()
        self.unreadable = set(unreadable)
        self.visibility = visibility

    def __getattr__(self, name):
        return getattr(self.base, name)

    def field_rules(self, model, field_name, **kwargs):
        from rail_django.contracts.permissions import FieldRules

        return FieldRules(read=True)

    def field_read(self, user, model, field_name, **kwargs):
        from rail_django.contracts.permissions import FieldDecision, FieldVisibility

        if f"{model.__name__}.{field_name}" in self.unreadable:
            return FieldDecision(FieldVisibility(self.visibility))
        return self.base.field_read(user, model, field_name, **kwargs)


def test_quick_search_never_matches_on_unreadable_fields(admin_client, catalog):
    from rail_django.contracts.permissions import permission_backend

    assert quick(admin_client, "warm") == ["Desk lamp"]  # only in Desk lamp's notes
    with permission_backend.swapped(_NotesHidden("Item.notes")):
        assert quick(admin_client, "warm") == []
        assert quick(admin_client, "lamp") == ["Desk lamp"]  # the title is still searched
    with permission_backend.swapped(_NotesHidden("Vendor.name", visibility="masked")):
        assert quick(admin_client, "globex") == []  # a masked related field is not searched


def test_quick_search_with_no_readable_field_is_refused(admin_client, catalog):
    from rail_django.contracts.permissions import permission_backend

    hidden = _NotesHidden("Item.title", "Item.notes", "Vendor.name", "Label.name")
    with permission_backend.swapped(hidden):
        answer = post(admin_client, '{ items(quick: "phone") { title } }')
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["RAIL_GQL_PERMISSION_DENIED"]
    assert "none of its quick-search fields is readable" in answer["errors"][0]["message"]
