"""Relation filters: to-one joins, to-many some/every/none and counts, one SQL query each."""

from __future__ import annotations

from filtering_graphql import items, post

PHONE, HEAD, LAMP, CASE = "Phone X", "Headphones", "Desk lamp", "Phone case"


def test_foreign_key_relation(admin_client, catalog):
    assert items(admin_client, {"vendorRel": {"name": {"icontains": "acm"}}}) == [PHONE]
    assert items(
        admin_client, {"vendorRel": {"rating": {"gte": 3}, "verified": {"eq": False}}}
    ) == [HEAD]
    # two hops through the self foreign key: the vendor's parent's parent is Acme
    where = {"vendorRel": {"parentRel": {"parentRel": {"name": {"eq": "Acme"}}}}}
    assert items(admin_client, where) == [CASE]


def test_reverse_one_to_one_relation(admin_client, catalog):
    assert items(admin_client, {"detailRel": {"warehouse": {"eq": "south"}}}) == [CASE]
    assert items(admin_client, {"NOT": {"detailRel": {"warehouse": {"eq": "south"}}}}) == sorted(
        [PHONE, HEAD, LAMP]
    )


def test_to_many_some_every_none(admin_client, catalog):
    five = {"stars": {"eq": 5}}
    assert items(admin_client, {"reviewsRel": {"some": five}}) == sorted([PHONE, CASE])
    assert items(admin_client, {"reviewsRel": {"none": five}}) == sorted([HEAD, LAMP])
    # every: items without reviews match too (nothing fails the condition)
    approved = {"approved": {"eq": True}}
    assert items(admin_client, {"reviewsRel": {"every": approved}}) == sorted([PHONE, LAMP])
    assert items(admin_client, {"reviewsRel": {"every": approved, "some": {}}}) == [PHONE]
    assert items(admin_client, {"reviewsRel": {"every": {}}}) == sorted([PHONE, HEAD, LAMP, CASE])
    assert items(admin_client, {"labelsRel": {"some": {"color": {"eq": "RED"}}}}) == sorted(
        [PHONE, HEAD]
    )
    assert items(admin_client, {"labelsRel": {"none": {}}}) == [LAMP]


def test_to_many_rows_are_never_repeated(admin_client, catalog):
    """Phone X has two matching reviews and two matching labels: it is listed once."""
    where = {
        "reviewsRel": {"some": {"stars": {"gte": 4}}},
        "labelsRel": {"some": {"name": {"in": ["sale", "new"]}}},
    }
    answer = post(
        admin_client,
        """query($w: ItemWhereInput) {
            items(where: $w) { title }
            itemsPage: items(where: $w, limit: 1) { title }
        }""",
        {"w": where},
    )
    assert answer["data"]["items"] == [{"title": PHONE}]
    assert answer["data"]["itemsPage"] == [{"title": PHONE}]


def test_reverse_relations_from_the_other_side(admin_client, catalog):
    where = {"itemsRel": {"some": {"price": {"gt": "100"}}}}
    assert items(admin_client, where, field="vendors") == ["Acme"]
    where = {"childrenRel": {"some": {"name": {"eq": "Initech"}}}}
    assert items(admin_client, where, field="vendors") == ["Globex"]
    where = {"itemsRel": {"some": {"labelsRel": {"some": {"name": {"eq": "eco"}}}}}}
    assert items(admin_client, where, field="vendors") == ["Initech"]


def test_counts(admin_client, catalog):
    assert items(admin_client, {"reviewsCount": {"gte": 2}}) == sorted([PHONE, CASE])
    assert items(admin_client, {"reviewsCount": {"eq": 0}}) == [LAMP]
    assert items(admin_client, {"reviewsCount": {"between": [1, 2]}}) == sorted([PHONE, HEAD])
    assert items(admin_client, {"reviewsCount": {"in": [3]}}) == [CASE]
    assert items(admin_client, {"reviewsCount": {"neq": 2}, "labelsCount": {"lt": 2}}) == sorted(
        [HEAD, LAMP, CASE]
    )
    assert items(admin_client, {"itemsCount": {"gt": 0}}, field="vendors") == sorted(
        ["Acme", "Globex", "Initech"]
    )
    assert items(admin_client, {"childrenCount": {"eq": 0}}, field="vendors") == ["Initech"]


def test_relation_filters_run_one_sql_query(admin_client, catalog, django_assert_num_queries):
    where = {
        "vendorRel": {"country": {"in": ["US", "FR"]}},
        "reviewsRel": {"some": {"stars": {"gte": 4}}, "none": {"approved": {"eq": False}}},
        "labelsCount": {"gte": 1},
        "OR": [{"detailRel": {"warehouse": {"eq": "north"}}}, {"price": {"lt": "10"}}],
    }
    query = "query($w: ItemWhereInput) { items(where: $w) { title } }"
    post(admin_client, query, {"w": {}})  # build the schema and sign in first
    # the session and the user are read per request; the list itself is a single query
    with django_assert_num_queries(3):
        answer = post(admin_client, query, {"w": where})
    assert answer["data"]["items"] == [{"title": PHONE}]


def test_where_on_a_nested_list_filters_each_parents_rows_in_one_query(
    admin_client, catalog, django_assert_num_queries
):
    from filtering_graphql import assert_no_errors

    query = (
        '{ labels(orderBy: ["name"]) { name '
        'items(where: {title: {startsWith: "Phone"}}, orderBy: ["title"]) { title } } }'
    )
    # The session and its user, then one query for the labels and one prefetch for every
    # label's filtered items (never one per label).
    with django_assert_num_queries(4):
        data = assert_no_errors(post(admin_client, query))
    by_label = {row["name"]: [item["title"] for item in row["items"]] for row in data["labels"]}
    unfiltered = assert_no_errors(
        post(admin_client, '{ labels(orderBy: ["name"]) { name items { title } } }')
    )
    for row in unfiltered["labels"]:
        expected = sorted(t["title"] for t in row["items"] if t["title"].startswith("Phone"))
        assert by_label[row["name"]] == expected
    assert any(by_label.values()) and any(
        len(r["items"]) > len(by_label[r["name"]]) for r in unfiltered["labels"]
    )


class _VendorHidden:
    """A permission backend (the contract) hiding Item.vendor and Vendor.items from everyone."""

    def __new__(cls):
        from rail_django.contracts.permissions import (
            DjangoModelPermissionBackend,
            FieldDecision,
            FieldVisibility,
        )

        class Backend(DjangoModelPermissionBackend):
            def field_read(self, user, model, field_name, **kwargs):
                if (model.__name__, field_name) in {("Item", "vendor"), ("Vendor", "items")}:
                    return FieldDecision(FieldVisibility.HIDDEN)
                return super().field_read(user, model, field_name, **kwargs)

        return Backend()


def test_a_hidden_relation_cannot_be_followed_by_a_filter(admin_client, catalog):
    from filtering_graphql import error_codes

    from rail_django.contracts.permissions import permission_backend

    with permission_backend.swapped(_VendorHidden()):
        # The relation's own id filter, its Rel filter and (reverse) its Count are all refused.
        for query in (
            '{ items(where: {vendorRel: {name: {eq: "Acme"}}}) { title } }',
            '{ vendors(where: {itemsRel: {some: {title: {eq: "Phone X"}}}}) { name } }',
            "{ vendors(where: {itemsCount: {gt: 0}}) { name } }",
        ):
            assert error_codes(post(admin_client, query)) == ["RAIL_GQL_PERMISSION_DENIED"], query
