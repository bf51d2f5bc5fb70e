"""Only declared fields and operators reach the ORM; limits hold; every refusal has a code."""

from __future__ import annotations

import pytest
from filtering_graphql import error_codes, items, post, refused
from filtering_testapp.models import Item

from rail_django.contracts.error_codes import RailError
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset

INVALID = "RAIL_GQL_INVALID_FILTER"
# Variables the input types refuse: the endpoint's code for arguments of the wrong shape.
VALIDATION = "RAIL_GQL_INVALID_ARGUMENT"

ORM_TRICKS = [
    {"_connector": "OR"},  # CVE-2025-64459
    {"title": {"_connector": "OR"}},
    {"_negated": True},
    {"title__icontains": {"eq": "x"}},
    {"vendor__name": {"eq": "Acme"}},
    {"title": {"icontains__regex": "x"}},
    {"title": {"exact": "x"}},  # Django lookup names are not operators
    {"secret": {"eq": "s1"}},  # excluded by GraphQLMeta.Fields
    {"vendorRel": {"internalScore": {"gt": 0}}},  # excluded on the related model
    {"vendorRel": {"internal_score": {"gt": 0}}},
    {"attachment": {"eq": "x"}},  # files are not filterable
    {"pk": {"eq": 1}},
    {"reviewsRel": {"any": {}}},
    {"reviewsRel": {"stars": {"eq": 5}}},  # to-many needs some/every/none
    {"weight": {"eq": 0.5}},  # not in the field's FilterField lookups
    {"email": {"icontains": "acme"}},
]


@pytest.mark.parametrize("where", ORM_TRICKS, ids=[str(w) for w in ORM_TRICKS])
def test_unknown_keys_are_graphql_validation_errors(admin_client, catalog, where):
    codes, _ = refused(admin_client, where)
    assert codes == [VALIDATION]


def test_unknown_keys_written_inline_are_validation_errors(admin_client, catalog):
    answer = post(admin_client, '{ items(where: {_connector: "OR", title: {eq: "x"}}) { id } }')
    assert error_codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert "_connector" in answer["errors"][0]["message"]


@pytest.mark.parametrize("where", ORM_TRICKS, ids=[str(w) for w in ORM_TRICKS])
def test_unknown_keys_are_refused_from_python_too(catalog, where):
    with pytest.raises(RailError) as caught:
        list(build_queryset(QueryRequest(model=Item, schema_name="flt", where=where)))
    assert caught.value.code == "INVALID_FILTER"


def test_refusal_messages_name_the_path(catalog):
    where = {"OR": [{"title": {"eq": "x"}}, {"vendorRel": {"name": {"like": "x"}}}]}
    with pytest.raises(RailError) as caught:
        build_queryset(QueryRequest(model=Item, schema_name="flt", where=where))
    message = caught.value.message
    assert "where.OR[1].vendorRel.name" in message and "'like'" in message
    assert "icontains" in message  # the accepted operators are listed
    with pytest.raises(RailError, match=r"Unknown filter '_connector' at where on Item"):
        build_queryset(QueryRequest(model=Item, schema_name="flt", where={"_connector": "OR"}))


WRONG_VALUES = [
    ({"quantity": {"eq": "10"}}, "where.quantity.eq"),
    ({"quantity": {"eq": True}}, "where.quantity.eq"),
    ({"price": {"between": ["1"]}}, "where.price.between"),
    ({"released": {"gt": "yesterday"}}, "where.released.gt"),
    ({"code": {"eq": "not-a-uuid"}}, "where.code.eq"),
    ({"status": {"eq": "ARCHIVED"}}, "where.status.eq"),  # outside FilterField.choices
    ({"status": {"eq": "NOPE"}}, "where.status.eq"),
    ({"title": {"in": "Phone X"}}, "where.title.in"),
    ({"title": {"regex": "(unclosed"}}, "where.title.regex"),
    ({"AND": {"title": {"eq": "x"}}}, "where.AND"),
    ({"title": "Phone X"}, "where.title"),
    ({"data": {"keys": [{"path": [], "eq": 1}]}}, "where.data.keys[0].path"),
    ({"reviewsCount": {"gte": "two"}}, "where.reviewsCount.gte"),
]


@pytest.mark.parametrize(("where", "path"), WRONG_VALUES, ids=[str(w[0]) for w in WRONG_VALUES])
def test_wrong_values_from_python_are_precise(catalog, where, path):
    with pytest.raises(RailError) as caught:
        build_queryset(QueryRequest(model=Item, schema_name="flt", where=where))
    assert caught.value.code == "INVALID_FILTER"
    assert path in caught.value.message


def test_wrong_values_over_http(admin_client, catalog):
    assert refused(admin_client, {"quantity": {"eq": "ten"}})[0] == [VALIDATION]
    assert refused(admin_client, {"status": {"eq": "ARCHIVED"}}) == (
        [INVALID],
        "Invalid value at where.status.eq: expected one of ACTIVE, DRAFT, got 'ARCHIVED'.",
    )
    codes, message = refused(admin_client, {"price": {"between": ["1", "2", "3"]}})
    assert codes == [INVALID] and "exactly two values" in message
    codes, message = refused(admin_client, {"title": {"regex": "(a"}})
    assert codes == [INVALID] and "not a valid regular expression" in message


def test_ordinary_text_is_never_refused(admin_client, catalog):
    """No keyword blacklist: the ORM parameterises values, so text is only text."""
    for text in ["Please update -- thanks", "select", "1' OR '1'='1", "%_\\", "DROP TABLE x;"]:
        assert items(admin_client, {"title": {"icontains": text}}) == []
    assert items(admin_client, {"title": {"contains": "%"}}) == []  # wildcards are escaped


def test_depth_and_condition_limits(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"filtering_settings": {"max_depth": 3, "max_conditions": 3}}
    deep = {"NOT": {"NOT": {"NOT": {"title": {"eq": "x"}}}}}
    codes, message = refused(admin_client, deep)
    assert codes == [INVALID] and "where.NOT.NOT.NOT" in message and "3 levels" in message
    assert items(admin_client, {"NOT": {"NOT": {"title": {"eq": "Desk lamp"}}}}) == ["Desk lamp"]
    relation_deep = {"vendorRel": {"parentRel": {"parentRel": {"name": {"eq": "Acme"}}}}}
    assert refused(admin_client, relation_deep)[0] == [INVALID]
    many = {"OR": [{"quantity": {"eq": n}} for n in range(4)]}
    codes, message = refused(admin_client, many)
    assert codes == [INVALID] and "at most 3 conditions" in message
    assert len(items(admin_client, {"OR": [{"quantity": {"eq": n}} for n in range(3)]})) == 1


def test_list_size_limit(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"filtering_settings": {"max_list_values": 2}}
    codes, message = refused(admin_client, {"quantity": {"in": [1, 2, 3]}})
    assert codes == [INVALID] and "more than 2 values" in message


def test_regex_length_limit(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"filtering_settings": {"max_regex_length": 5}}
    codes, message = refused(admin_client, {"title": {"regex": "a" * 6}})
    assert codes == [INVALID] and "longer than 5" in message


def test_deeply_nested_document_never_crashes(admin_client, catalog):
    where: dict = {"title": {"eq": "x"}}
    for _ in range(60):
        where = {"NOT": where}
    answer = post(
        admin_client, "query($w: ItemWhereInput) { items(where: $w) { id } }", {"w": where}
    )
    assert error_codes(answer) == [INVALID]
