"""Async exports on the tasks package's backends (thread, and dramatiq on Redis with a real
worker process): 202 with URLs, progress, owner-only download, expiry."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("rail_django.extensions.tasks")

from export_http import body_of, client_for, error_code, export_config, post, xlsx_rows  # noqa: E402
from tasks_harness import REDIS_URL, flush_redis, shared_database, wait_for  # noqa: E402

__all__ = ["shared_database"]

pytestmark = pytest.mark.django_db(transaction=True)
TESTS = Path(__file__).resolve().parent
QUEUE = f"rail_export_test_{os.getpid()}"
ENGINES = {
    "thread": {"backend": "thread", "thread_workers": 2, "thread_queue_size": 20},
    "dramatiq-redis": {"backend": "dramatiq", "broker_url": REDIS_URL, "default_queue": QUEUE},
}


class ExportWorker:
    """A ``dramatiq rail_django.extensions.tasks.worker`` process with the export settings."""

    def __init__(self, database, graphql, export, media):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "export_worker_settings",
            "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
            "RAIL_WORKER_DATABASE": json.dumps(database),
            "RAIL_WORKER_GRAPHQL": json.dumps(graphql),
            "RAIL_WORKER_EXPORT": json.dumps(export),
            "RAIL_WORKER_MEDIA": str(media),
        }
        self.log = Path(tempfile.gettempdir()) / f"rail-export-worker-{os.getpid()}.log"
        self.process = None

    def start(self):
        command = [sys.executable, "-m", "dramatiq", "rail_django.extensions.tasks.worker"]
        command += ["--processes", "1", "--threads", "2"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(lambda: b"ready for action" in self.log.read_bytes() or self.process.poll(), 60)
        assert self.process.poll() is None, self.log.read_text()
        return self

    def stop(self):
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("export-media")


@pytest.fixture(scope="module", params=list(ENGINES))
def engine(request, shared_database, media):
    values = {**ENGINES[request.param], "retry_backoff": False, "max_retries": 1}
    worker = None
    if values["backend"] == "dramatiq":
        flush_redis()
        export = export_config()
        worker = ExportWorker(shared_database, {"task_settings": values}, export, media).start()
    yield values
    if worker:
        worker.stop()


@pytest.fixture(autouse=True)
def job_settings(engine, export_schema, settings, media):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": engine}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return engine


def payload(**changes):
    base = {
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "xlsx",
        "fields": ["sku", "category.name", "tags.name"],
        "ordering": ["sku"],
        "async": True,
    }
    base.update(changes)
    return base


def finished(client, url):
    def done():
        document = client.get(url).json()
        return document if document["status"] in ("succeeded", "failed") else None

    return wait_for(done, 60)


def test_an_async_export_runs_as_a_job_only_its_owner_downloads(shop):
    alice, bob = shop["users"]["alice"], shop["users"]["bob"]
    client = client_for(alice)
    response = post(alice, payload(), client=client)
    assert response.status_code == 202, response.content
    answer = response.json()
    assert set(answer) == {"job_id", "status", "status_url", "download_url"}
    assert answer["status_url"].endswith(f"/api/v1/export/jobs/{answer['job_id']}/")
    status = finished(client, answer["status_url"])
    assert status["status"] == "succeeded", status
    assert status["progress"] == 1.0 and status["rows"] == 3
    assert status["download_url"] == answer["download_url"]
    download = client.get(answer["download_url"])
    assert download.status_code == 200
    assert 'filename="product_export.xlsx"' in download["Content-Disposition"]
    rows = xlsx_rows(body_of(download))
    assert rows == [
        ["Sku", "Category / Name", "Tags / Name"],
        ["SKU-0000", "Books", "sale; new"],
        ["SKU-0001", "Books", "sale; new"],
        ["SKU-0002", "Books", "sale; new"],
    ]
    other = client_for(bob)
    assert other.get(answer["status_url"]).status_code == 404
    assert error_code(other.get(answer["download_url"])) == "RAIL_GQL_NOT_FOUND"
    assert client_for(None).get(answer["download_url"]).status_code == 404


def test_an_expired_file_is_gone(shop, media):
    from export_testapp.models import Product  # noqa: F401

    from rail_django.extensions.exporting.models import ExportJob

    alice = shop["users"]["alice"]
    client = client_for(alice)
    answer = post(alice, payload(file_extension="csv"), client=client).json()
    finished(client, answer["status_url"])
    job = ExportJob.objects.get(pk=answer["job_id"])
    assert (media / job.storage_path).exists()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    gone = client.get(answer["download_url"])
    assert gone.status_code == 410
    assert error_code(gone) == "RAIL_GQL_EXPORT_EXPIRED"
    assert not (media / job.storage_path).exists()
    assert client.get(answer["status_url"]).json()["status"] == "expired"


def test_big_exports_become_jobs_over_the_threshold(shop, settings):
    settings.RAIL_DJANGO_EXPORT = export_config(async_threshold_rows=2)
    alice = shop["users"]["alice"]
    assert post(alice, payload(**{"async": False})).status_code == 202
    assert post(alice, payload(**{"async": False}, max_rows=2)).status_code == 200


def test_a_malformed_job_id_is_a_400(shop):
    response = client_for(shop["users"]["alice"]).get("/api/v1/export/jobs/not-a-uuid/")
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_INVALID_TASK_ID"
