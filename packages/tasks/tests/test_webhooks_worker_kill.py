"""At least once, even through SIGKILL: dramatiq on Redis with real worker processes.

1. A worker is killed with SIGKILL while the receiver holds its request open (mid-delivery):
   after a new worker starts, the row's lease expires and the delivery happens, with the same
   ``webhook-id`` (the receiver dedupes on it).
2. The broker message itself is lost (the web process died between commit and send; here the
   Redis queue is flushed with no worker running): the new worker's housekeeping still finds
   the committed row and delivers it.
"""

from __future__ import annotations

import base64
import os
import threading

import pytest
from tasks_harness import REDIS_URL, Receiver, Worker, flush_redis, shared_database, wait_for
from tasks_testapp.models import Consignment
from webhook_receiver_checks import verify

from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend
from rail_django.webhooks.models import WebhookMessage

__all__ = ["shared_database"]

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
QUEUE = f"rail_kill_{os.getpid()}"


@pytest.fixture
def setup(settings, shared_database):
    receiver = Receiver()
    graphql = {
        "task_settings": {"backend": "dramatiq", "broker_url": REDIS_URL, "default_queue": QUEUE}
    }
    webhooks = {
        "enabled": True,
        "lease_seconds": 2,
        "poll_seconds": 0.2,
        "endpoints": [
            {
                "name": "consignments",
                "url": f"{receiver.url}/hook",
                "include_models": ["tasks_testapp.Consignment"],
                "secret": SECRET,
            }
        ],
    }
    settings.RAIL_DJANGO_GRAPHQL = graphql
    settings.RAIL_DJANGO_WEBHOOKS = webhooks
    flush_redis()
    workers: list[Worker] = []

    def start() -> Worker:
        workers.append(Worker(shared_database, graphql, webhooks).start())
        return workers[-1]

    yield receiver, start
    for worker in workers:
        worker.stop()
    receiver.close()
    get_rail_backend().close()


def test_a_worker_killed_mid_delivery_loses_nothing(setup):
    receiver, start = setup
    hold = threading.Event()
    first = threading.Event()

    def hold_the_first(record):
        if not first.is_set():
            first.set()
            hold.wait(20)  # the worker is killed while this request is open

    receiver.on_request = hold_the_first
    worker = start()
    consignment = Consignment.objects.create(reference="K-1")
    assert first.wait(20), "the worker never started delivering"
    worker.kill()
    hold.set()
    row = WebhookMessage.objects.get()
    assert row.status == "pending" and row.leased_until is not None
    start()
    wait_for(lambda: WebhookMessage.objects.filter(pk=row.pk, status="delivered").exists(), 30)
    ids = [r["headers"]["webhook-id"] for r in receiver.requests]
    assert len(ids) >= 2 and set(ids) == {row.event_id}
    assert all(verify(SECRET, r["headers"], r["body"]) for r in receiver.requests)
    assert receiver.bodies()[-1]["object_id"] == str(consignment.pk)


def test_a_lost_broker_message_is_found_again_by_the_worker(setup):
    receiver, start = setup
    Consignment.objects.create(reference="K-2")  # committed; its message goes to Redis...
    flush_redis()  # ...and is lost, as if the web process died before sending it
    row = WebhookMessage.objects.get()
    assert row.status == "pending" and receiver.requests == []
    start()
    wait_for(lambda: WebhookMessage.objects.filter(pk=row.pk, status="delivered").exists(), 30)
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [row.event_id]
