"""``GET /api/v1/tasks/<uuid>/`` is described in core's OpenAPI document, and its real answers
(the owner's 200, a malformed id's 400, a stranger's 404, fuzzed ids) keep to that description."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as st_checks
from schemathesis import openapi as st_openapi

from rail_django.extensions.tasks.models import TaskExecution

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/api/v1/tasks/{task_id}/"
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


def _served_document(django_user_model) -> dict:
    """``/api/v1/openapi.json`` as a client with the schema-management permission reads it
    (with fresh rate-limit counters: another test of this process may have spent them)."""
    cache.clear()
    reader = django_user_model.objects.create_superuser("reader", "reader@x.test", "pw")
    client = Client()
    client.force_login(reader)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def operation(django_user_model):
    schema = st_openapi.from_dict(_served_document(django_user_model))
    schema.app = WSGIHandler()
    return schema[PATH]["GET"]


def _session(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def test_the_task_path_is_in_the_document_and_the_index(django_user_model):
    assert set(_served_document(django_user_model)["paths"][PATH]) == {"get"}
    ops = django_user_model.objects.create_superuser("ops", "ops@x.test", "pw")
    client = Client()
    client.force_login(ops)
    listed = {(e["method"], e["path"]) for e in client.get("/api/v1/").json()["endpoints"]}
    assert ("GET", PATH) in listed


def test_real_answers_keep_to_the_description(django_user_model, operation):
    owner = django_user_model.objects.create_user("owner", password="pw")
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    record = TaskExecution.objects.create(name="reports.count", owner=owner)
    for user, task_id, status in (
        (owner, str(record.pk), 200),
        (owner, "not-a-uuid", 400),
        (stranger, str(record.pk), 404),
    ):
        case = operation.Case(path_parameters={"task_id": task_id})
        response = case.call(cookies=_session(user))
        assert response.status_code == status
        case.validate_response(response, checks=CHECKS)


def test_fuzzed_ids_find_no_500_and_no_answer_breaking_the_description(
    django_user_model, operation
):
    cookies = _session(django_user_model.objects.create_user("owner", password="pw"))

    @settings(
        max_examples=30,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.validate_response(case.call(cookies=cookies), checks=CHECKS)

    check()
