"""Records past their TTL, untracked tasks, progress published through the contracts, and the
redirect policy of deliveries."""

from __future__ import annotations

import urllib.request
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from tasks_testapp import jobs

from rail_django.contracts.model_events import model_events
from rail_django.extensions.tasks.models import TaskExecution
from rail_django.webhooks.network import TargetRefused, _RedirectPolicy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sync_backend(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": {"backend": "sync", "result_ttl_seconds": 60}}


def test_the_cleanup_command_deletes_finished_records_past_their_ttl(capsys):
    old, fresh = jobs.add.enqueue(1, 1), jobs.add.enqueue(2, 2)
    pending = TaskExecution.objects.create(name="tasks_testapp.jobs.add")
    TaskExecution.objects.filter(pk__in=[old.pk, pending.pk]).update(
        finished_at=timezone.now() - timedelta(seconds=61)
    )
    TaskExecution.objects.filter(pk=pending.pk).update(status="pending")
    call_command("rail_tasks_cleanup")
    assert "1 task record deleted." in capsys.readouterr().out
    assert set(TaskExecution.objects.values_list("pk", flat=True)) == {fresh.pk, pending.pk}


def test_untracked_tasks_leave_no_record(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "task_settings": {"backend": "sync", "track_in_database": False}
    }
    record = jobs.add.enqueue(1, 2)
    assert not TaskExecution.objects.filter(pk=record.pk).exists()


def test_progress_is_published_as_a_model_event_when_asked(settings):
    seen = []
    unsubscribe = model_events.subscribe(seen.append, models=["rail_django_tasks.TaskExecution"])
    try:
        record = jobs.add.enqueue(1, 2)
        assert [e.pk for e in seen] and {e.pk for e in seen} == {str(record.pk)}
        seen.clear()
        settings.RAIL_DJANGO_GRAPHQL = {
            "task_settings": {"backend": "sync", "emit_subscriptions": False}
        }
        jobs.add.enqueue(1, 2)
        assert seen == []
    finally:
        unsubscribe()


def test_redirects_to_private_addresses_are_refused_unless_the_endpoint_is_private():
    request = urllib.request.Request("http://hooks.example/in", data=b"{}", method="POST")
    public_endpoint = _RedirectPolicy(endpoint_private=False, deny_private=False)
    for target in ("http://127.0.0.1/x", "http://169.254.169.254/latest", "http://10.0.0.5/"):
        with pytest.raises(TargetRefused):
            public_endpoint.redirect_request(request, None, 307, "", {}, target)
    with pytest.raises(TargetRefused):
        public_endpoint.redirect_request(request, None, 307, "", {}, "file:///etc/passwd")
    private_endpoint = _RedirectPolicy(endpoint_private=True, deny_private=False)
    private_endpoint.redirect_request(request, None, 302, "", {}, "http://127.0.0.1/x")
    denied = _RedirectPolicy(endpoint_private=True, deny_private=True)
    with pytest.raises(TargetRefused):
        denied.redirect_request(request, None, 302, "", {}, "http://127.0.0.1/x")
