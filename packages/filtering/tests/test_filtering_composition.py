"""AND / OR / NOT at any level, and how empty or null parts behave."""

from __future__ import annotations

from filtering_graphql import items

PHONE, HEAD, LAMP, CASE = "Phone X", "Headphones", "Desk lamp", "Phone case"
ALL = sorted([PHONE, HEAD, LAMP, CASE])


def test_fields_of_one_where_all_apply(admin_client, catalog):
    assert items(admin_client, {"isActive": {"eq": True}, "price": {"lt": "50"}}) == sorted(
        [HEAD, CASE]
    )


def test_and_or_not(admin_client, catalog):
    assert items(
        admin_client, {"OR": [{"title": {"eq": "Desk lamp"}}, {"quantity": {"gte": 100}}]}
    ) == sorted([LAMP, CASE])
    assert items(
        admin_client, {"AND": [{"title": {"icontains": "phone"}}, {"price": {"gt": "10"}}]}
    ) == sorted([PHONE, HEAD])
    assert items(admin_client, {"NOT": {"title": {"icontains": "phone"}}}) == [LAMP]


def test_nesting_at_any_level(admin_client, catalog):
    where = {
        "OR": [
            {"AND": [{"isActive": {"eq": True}}, {"NOT": {"vendorRel": {"name": {"eq": "Acme"}}}}]},
            {"NOT": {"OR": [{"isActive": {"eq": True}}, {"price": {"gt": "100"}}]}},
        ]
    }
    assert items(admin_client, where) == sorted([HEAD, LAMP, CASE])
    inside_relation = {
        "reviewsRel": {"some": {"OR": [{"stars": {"eq": 1}}, {"body": {"eq": "meh"}}]}}
    }
    assert items(admin_client, inside_relation) == sorted([HEAD, CASE])


def test_empty_and_matches_everything_empty_or_nothing(admin_client, catalog):
    assert items(admin_client, {"AND": []}) == ALL
    assert items(admin_client, {"OR": []}) == []
    assert items(admin_client, {}) == ALL
    assert items(admin_client, None) == ALL
    assert items(admin_client, {"NOT": {}}) == []
