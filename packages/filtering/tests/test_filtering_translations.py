"""A refused filter is explained in the request's language (Accept-Language); codes stay."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from filtering_graphql import SCHEMA

from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db

QUERY = "query($where: ItemWhereInput) { items(where: $where) { id } }"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in this thread: later tests must
    start from LANGUAGE_CODE again."""
    yield
    translation.deactivate()


@pytest.fixture
def clerk_client(client, catalog, django_user_model, settings):
    """A user who may view items but not vendors, on a project with LocaleMiddleware."""
    middleware = list(settings.MIDDLEWARE)
    after_sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after_sessions, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    user = django_user_model.objects.create_user("clerk", "c@x.test", "pw")
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)
    return client


def _refusal(client, language: str) -> dict:
    response = GraphQLTestClient(client, schema=SCHEMA).execute(
        QUERY,
        {"where": {"vendorRel": {"name": {"eq": "Acme"}}}},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200
    assert response.error_codes == ["RAIL_GQL_PERMISSION_DENIED"]
    return response.errors[0]


def test_a_refused_filter_is_explained_in_french(clerk_client):
    message = _refusal(clerk_client, "fr-FR,fr;q=0.9")["message"]
    assert message.startswith("Vous ne pouvez pas filtrer sur where.vendorRel : ")
    assert "vous ne pouvez pas voir" in message


def test_and_in_english_for_an_english_client(clerk_client):
    message = _refusal(clerk_client, "en")["message"]
    assert message.startswith("You may not filter on where.vendorRel: you cannot view ")


def test_a_where_limit_is_explained_in_french(clerk_client, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"filtering_settings": {"max_conditions": 1}}
    where = {"title": {"eq": "a"}, "quantity": {"gt": 1}}
    response = GraphQLTestClient(clerk_client, schema=SCHEMA).execute(
        QUERY, {"where": where}, headers={"Accept-Language": "fr"}
    )
    assert response.error_codes == ["RAIL_GQL_INVALID_FILTER"]
    assert response.errors[0]["message"] == "Un where contient au plus 1 condition."


DESCRIPTIONS = """{
  where: __type(name: "ItemWhereInput") { description inputFields { name description } }
  ops: __type(name: "IntFilterInput") { description inputFields { name description } }
  query: __type(name: "Query") { fields { name description args { name description } } }
}"""


def _descriptions(client) -> dict:
    from rail_django.core import schema_registry

    schema_registry.clear()  # the schema is built again, in the LANGUAGE_CODE now active
    try:
        response = GraphQLTestClient(client, schema=SCHEMA).execute(
            DESCRIPTIONS, headers={"Accept-Language": "en"}
        )
    finally:
        schema_registry.clear()
    assert response.errors is None or response.errors == [], response.errors
    data = response.data
    items = next(f for f in data["query"]["fields"] if f["name"] == "items")
    return {
        "where": data["where"]["description"],
        "where.AND": _field(data["where"]["inputFields"], "AND"),
        "ops": data["ops"]["description"],
        "ops.gt": _field(data["ops"]["inputFields"], "gt"),
        "items": items["description"],
        **{f"items({arg['name']})": arg["description"] for arg in items["args"]},
    }


def _field(fields: list[dict], name: str) -> str:
    return next(f["description"] for f in fields if f["name"] == name)


def test_schema_descriptions_follow_language_code_not_the_request(clerk_client, settings):
    """Generated descriptions (filter inputs, ordering, pagination) are in LANGUAGE_CODE when
    the schema is built, even for a request that asks for another language."""
    settings.LANGUAGE_CODE = "fr"
    french = _descriptions(clerk_client)
    assert french["where"] == "Filtres sur Item ; toutes les conditions s'appliquent."
    assert french["where.AND"] == "Toutes ces conditions."
    assert french["ops"] == "Opérateurs sur les valeurs Int."
    assert french["ops.gt"] == "Supérieur à."
    assert french["items(where)"] == "Seulement les lignes qui remplissent ces conditions."
    assert french["items(offset)"] == "Lignes à sauter."
    assert french["items(limit)"] == "Lignes à renvoyer (au plus max_page_size)."
    assert french["items(orderBy)"] == (
        'Champs de tri, « - » pour l\'ordre décroissant : ["-price", "name"].'
    )
    settings.LANGUAGE_CODE = "en"
    english = _descriptions(clerk_client)
    assert english["where"] == "Filters on Item; all conditions apply."
    assert english["items(offset)"] == "Rows to skip."
