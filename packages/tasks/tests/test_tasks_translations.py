"""Task messages follow the request's language, over GraphQL and the REST status endpoint."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db
TASK = "query($id: ID!) { task(id: $id) { id status } }"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in this thread: later tests must
    start from LANGUAGE_CODE again."""
    yield
    translation.deactivate()


@pytest.fixture
def owner(django_user_model, settings):
    middleware = list(settings.MIDDLEWARE)
    after_sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after_sessions, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": {"backend": "sync"}}
    return django_user_model.objects.create_user("owner", "o@x.test", "pw")


def test_a_malformed_task_id_is_explained_in_french_over_graphql(owner):
    answer = GraphQLTestClient(user=owner).execute(
        TASK, {"id": "abc-123"}, headers={"Accept-Language": "fr"}
    )
    assert answer.error_codes == ["RAIL_GQL_INVALID_TASK_ID"]
    assert answer.errors[0]["message"] == "Un identifiant de tâche est un UUID."


def test_and_in_a_rest_error_body(owner):
    client = Client()
    client.force_login(owner)
    french = client.get("/api/v1/tasks/not-a-uuid/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get("/api/v1/tasks/not-a-uuid/", HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 400
    assert french.json()["errors"][0]["message"] == "Un identifiant de tâche est un UUID."
    assert english.json()["errors"][0]["message"] == "A task id is a UUID."
    assert french.json()["errors"][0]["extensions"]["code"] == "RAIL_GQL_INVALID_TASK_ID"
