"""``?async=true`` on the tasks backend (owner-only, expiring downloads) and the render limits of
the worker-process mode."""

from __future__ import annotations

import time

import pytest
from templating_http import error_code, open_pdf, pdf_url, text_of

from rail_django.contracts.task_backend import InlineTaskBackend, task_backend
from rail_django.extensions.templating import PdfBuilder, TemplatingError

pytestmark = pytest.mark.django_db


@pytest.fixture
def async_on(settings):
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "async_jobs": {"enable": True, "ttl_seconds": 600},
        "rate_limit": {"enable": False},
    }
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": {"backend": "sync"}}


def test_async_is_a_clear_error_while_off(client, invoices, users):
    client.force_login(users["alice"])
    response = client.get(pdf_url(invoices["alice"]) + "?async=true")
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_OPERATION_DISABLED"


def test_async_without_the_tasks_package_is_a_clear_error(client, invoices, users, async_on):
    client.force_login(users["alice"])
    # The contracts' default backend (no owner) is what runs when rail-django-tasks is absent.
    with task_backend.swapped(InlineTaskBackend(), owner=None):
        response = client.get(pdf_url(invoices["alice"]) + "?async=true")
    assert response.status_code == 400
    assert "rail-django-tasks" in response.json()["errors"][0]["message"]


def test_async_job_runs_on_the_tasks_backend_and_only_its_owner_downloads_it(
    client, invoices, users, async_on, settings, django_capture_on_commit_callbacks
):
    client.force_login(users["alice"])
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.get(pdf_url(invoices["alice"]) + "?async=true")
    assert queued.status_code == 202, queued.content
    job = queued.json()
    assert set(job) == {"job_id", "status_url", "download_url"}
    status = client.get(job["status_url"]).json()
    assert status["status"] == "succeeded" and status["progress"] == 1.0
    download = client.get(job["download_url"])
    assert download.status_code == 200
    assert "Invoice INV-1" in text_of(open_pdf(download))

    client.force_login(users["boss"])  # staff, but not the owner
    assert client.get(job["status_url"]).status_code == 404
    assert client.get(job["download_url"]).status_code == 404

    client.force_login(users["alice"])
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {"async_jobs": {"enable": True, "ttl_seconds": 1}}
    time.sleep(1.1)  # past the (now shorter) ttl_seconds
    expired = client.get(job["download_url"])
    assert expired.status_code == 404 and error_code(expired) == "RAIL_GQL_NOT_FOUND"


def test_async_checks_access_before_queueing(client, invoices, users, async_on):
    client.force_login(users["alice"])
    response = client.get(pdf_url(invoices["bob"]) + "?async=true")
    assert response.status_code == 404


@pytest.fixture
def worker_mode(settings):
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "render_limits": {"worker_process": True, "timeout_seconds": 20, "max_memory_mb": 1024}
    }
    return settings


def test_worker_process_renders_the_same_pdf(worker_mode):
    reader = open_pdf(PdfBuilder().html("<h1>From the worker</h1>").watermark("W").build())
    assert "From the worker" in text_of(reader)


def test_a_runaway_render_is_stopped_and_the_server_goes_on(worker_mode):
    worker_mode.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "render_limits": {"worker_process": True, "timeout_seconds": 1, "max_memory_mb": 1024}
    }
    rows = "".join(f"<tr><td>{n}</td><td>{'x' * 40}</td></tr>" for n in range(30000))
    started = time.monotonic()
    with pytest.raises(TemplatingError) as raised:
        PdfBuilder().html(f"<table>{rows}</table>").build()
    assert raised.value.code == "PDF_RENDER_LIMIT"
    assert time.monotonic() - started < 15  # unbounded, this table renders for minutes
    worker_mode.RAIL_DJANGO_GRAPHQL_TEMPLATING = {"render_limits": {"worker_process": True}}
    assert "Still here" in text_of(open_pdf(PdfBuilder().html("<p>Still here</p>").build()))


def test_a_render_past_its_memory_cap_is_stopped(worker_mode):
    worker_mode.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "render_limits": {"worker_process": True, "timeout_seconds": 60, "max_memory_mb": 40}
    }
    rows = "".join(f"<tr><td>{n}</td><td>{'x' * 40}</td></tr>" for n in range(20000))
    with pytest.raises(TemplatingError) as raised:
        PdfBuilder().html(f"<table>{rows}</table>").build()
    assert raised.value.code == "PDF_RENDER_LIMIT"
