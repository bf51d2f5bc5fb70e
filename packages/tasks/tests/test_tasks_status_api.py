"""task(id:), cancelTask, generateReport and GET /api/v1/tasks/<uuid>/ as clients use them:
session and JWT, owners, task admins, strangers, malformed ids, a full queue."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from tasks_harness import shared_database, wait_for

from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend
from rail_django.extensions.tasks.models import TaskExecution
from rail_django.testing import GraphQLTestClient

__all__ = ["shared_database"]

# A file database shared by every thread, whose locks wait: the thread backend's workers write
# while requests do (SQLite's in-memory test database refuses a second writer at once).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_database")]
PASSWORD = "correct horse battery staple"
REPORT = 'mutation { generateReport(datasetId: "123") { taskId status } }'
TASK = "query($id: ID!) { task(id: $id) { id status progress progressMessage result error } }"


@pytest.fixture(autouse=True)
def sync_backend(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": {"backend": "sync"}}


@pytest.fixture
def users(django_user_model):
    make = django_user_model.objects.create_user
    return {name: make(name, password=PASSWORD) for name in ("owner", "stranger", "taskadmin")}


def started_by(user) -> str:
    answer = GraphQLTestClient(user=user).execute(REPORT).assert_no_errors()
    assert answer["generateReport"]["status"] == "pending"  # answered before it ran
    return answer["generateReport"]["taskId"]


def test_the_guides_async_mutation_answers_at_once_and_the_owner_reads_the_outcome(users):
    task_id = started_by(users["owner"])
    task = GraphQLTestClient(user=users["owner"]).execute(TASK, {"id": task_id})
    assert task.assert_no_errors()["task"] == {
        "id": task_id,
        "status": "succeeded",
        "progress": 100,
        "progressMessage": "counting rows",
        "result": {"dataset": "123", "rows": 3},
        "error": None,
    }
    record = TaskExecution.objects.get(pk=task_id)
    assert record.owner == users["owner"] and record.name == "tasks_testapp.jobs.generate_report"


def test_anyone_else_is_told_not_found_and_a_task_admin_sees_it(users):
    task_id = started_by(users["owner"])
    for client in (GraphQLTestClient(user=users["stranger"]), GraphQLTestClient()):
        answer = client.execute(TASK, {"id": task_id})
        assert answer.data == {"task": None} and answer.error_codes == ["RAIL_GQL_NOT_FOUND"]
    admin = users["taskadmin"]
    admin.user_permissions.add(Permission.objects.get(codename="view_all_tasks"))
    seen = GraphQLTestClient(user=admin).execute(TASK, {"id": task_id}).assert_no_errors()
    assert seen["task"]["status"] == "succeeded"


def test_a_malformed_id_is_a_coded_error(users):
    answer = GraphQLTestClient(user=users["owner"]).execute(TASK, {"id": "abc-123"})
    assert answer.error_codes == ["RAIL_GQL_INVALID_TASK_ID"]


def test_starting_a_task_needs_a_signed_in_user():
    answer = GraphQLTestClient().execute(REPORT)
    assert answer.error_codes == ["RAIL_GQL_UNAUTHENTICATED"]
    assert not TaskExecution.objects.exists()


def test_rest_polling_with_the_session_and_with_a_jwt(users):
    task_id = started_by(users["owner"])
    session = Client()
    session.force_login(users["owner"])
    response = session.get(f"/api/v1/tasks/{task_id}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"], body["result"]) == (
        task_id,
        "succeeded",
        {"dataset": "123", "rows": 3},
    )
    assert response["Cache-Control"] == "no-store"
    login = GraphQLTestClient().execute(
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
        {"u": "owner", "p": PASSWORD},
    )
    token = login.assert_no_errors()["login"]["token"]
    by_token = Client().get(f"/api/v1/tasks/{task_id}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert by_token.status_code == 200 and by_token.json()["id"] == task_id


def test_rest_errors_are_coded(users):
    task_id = started_by(users["owner"])
    stranger = Client()
    stranger.force_login(users["stranger"])
    cases = {
        f"/api/v1/tasks/{task_id}/": (stranger, 404, "RAIL_GQL_NOT_FOUND"),
        f"/api/v1/tasks/{uuid.uuid4()}/": (stranger, 404, "RAIL_GQL_NOT_FOUND"),
        "/api/v1/tasks/not-a-uuid/": (stranger, 400, "RAIL_GQL_INVALID_TASK_ID"),
    }
    for url, (client, status, code) in cases.items():
        response = client.get(url)
        assert response.status_code == status, (url, response.content)
        assert response.json()["errors"][0]["extensions"]["code"] == code
    assert Client().get(f"/api/v1/tasks/{task_id}/").status_code == 404  # anonymous
    refused = Client().get(f"/api/v1/tasks/{task_id}/", HTTP_AUTHORIZATION="Bearer forged")
    assert refused.status_code == 401


def test_cancel_task_by_its_owner_only(users, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": {"backend": "thread", "thread_workers": 1}}
    from tasks_testapp import jobs

    from rail_django.extensions.tasks import enqueue

    record = enqueue(jobs.slow, 20, owner=users["owner"])
    wait_for(lambda: TaskExecution.objects.filter(pk=record.pk, status="running").exists())
    cancel = "mutation($id: ID!) { cancelTask(id: $id) { taskId status } }"
    refused = GraphQLTestClient(user=users["stranger"]).execute(cancel, {"id": str(record.pk)})
    assert refused.error_codes == ["RAIL_GQL_NOT_FOUND"]
    done = GraphQLTestClient(user=users["owner"]).execute(cancel, {"id": str(record.pk)})
    assert done.assert_no_errors()["cancelTask"]["status"] == "cancelled"
    get_rail_backend().close()


def test_a_full_thread_queue_refuses_with_a_code(users, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "task_settings": {"backend": "thread", "thread_workers": 1, "thread_queue_size": 1}
    }
    from tasks_testapp import jobs

    from rail_django.extensions.tasks import enqueue

    try:
        running = enqueue(jobs.held, "full-queue")
        wait_for(lambda: TaskExecution.objects.filter(pk=running.pk, status="running").exists())
        enqueue(jobs.held, "full-queue")  # waits in the queue (size 1)
        answer = GraphQLTestClient(user=users["owner"]).execute(REPORT)
        assert answer.error_codes == ["RAIL_GQL_TASK_QUEUE_FULL"]
        assert TaskExecution.objects.count() == 2  # nothing recorded for the refused one
    finally:
        jobs.release("full-queue")
    get_rail_backend().close()
