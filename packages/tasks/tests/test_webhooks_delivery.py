"""Webhooks end to end on the sync backend: outbox, payload, signatures, retries, 410, replay,
tokens, outbound safety and configuration checks. A real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import base64
import importlib.util
import json
import logging
import os

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import transaction
from tasks_harness import Receiver
from tasks_testapp.models import Consignment, Note
from webhook_receiver_checks import verify

from rail_django.testing import GraphQLTestClient
from rail_django.webhooks.models import WebhookEndpointState, WebhookMessage

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
NEW_SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def hooks(settings, receiver):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": {"backend": "sync"}}

    def configure(**endpoint):
        entry = {
            "name": "orders",
            "url": f"{receiver.url}/hook",
            "include_models": ["tasks_testapp.Consignment"],
            "secret": SECRET,
            **endpoint,
        }
        extra = entry.pop("_settings", {})
        settings.RAIL_DJANGO_WEBHOOKS = {"enabled": True, "endpoints": [entry], **extra}

    configure()
    return configure


def test_a_committed_change_is_delivered_signed_with_what_the_viewer_may_see(hooks, receiver):
    order = Consignment.objects.create(reference="A-1", total="12.50", internal_note="vip")
    (request,) = receiver.requests
    assert verify(SECRET, request["headers"], request["body"])
    body = json.loads(request["body"])
    assert body["event_id"] == request["headers"]["webhook-id"]
    assert (body["event_type"], body["model"], body["object_id"]) == (
        "created",
        "tasks_testapp.Consignment",
        str(order.pk),
    )
    assert body["data"]["reference"] == "A-1" and body["data"]["total"] == "12.50"
    if importlib.util.find_spec("rail_django.security"):
        assert "internal_note" not in body["data"]  # hidden from the (anonymous) viewer
    row = WebhookMessage.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 1, 200)
    assert row.attempt_log[0]["status"] == 200 and row.attempt_log[0]["latency_ms"] >= 0


def test_a_tampered_body_or_a_wrong_key_does_not_verify(hooks, receiver):
    Consignment.objects.create(reference="A-2")
    (request,) = receiver.requests
    assert not verify(SECRET, request["headers"], request["body"] + b" ")
    assert not verify(NEW_SECRET, request["headers"], request["body"])


def test_during_a_key_rotation_both_keys_verify(hooks, receiver):
    hooks(secret=[SECRET, NEW_SECRET])
    Consignment.objects.create(reference="A-3")
    (request,) = receiver.requests
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    assert verify(SECRET, request["headers"], request["body"])
    assert verify(NEW_SECRET, request["headers"], request["body"])


def test_a_rolled_back_change_sends_nothing(hooks, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        Consignment.objects.create(reference="gone")
        raise RuntimeError("roll back")
    assert receiver.requests == [] and not WebhookMessage.objects.exists()


def test_a_generated_mutation_writes_its_webhook_with_the_change(hooks, receiver, admin_user):
    answer = GraphQLTestClient(user=admin_user).execute(
        'mutation { createConsignment(input: { reference: "G-1", total: "3" }) { ok errors } }'
    )
    assert answer.assert_no_errors()["createConsignment"]["ok"] is True
    (body,) = receiver.bodies()
    assert body["event_type"] == "created" and body["data"]["reference"] == "G-1"


def test_routing_by_model_and_event_toggles(hooks, receiver):
    Note.objects.create(text="not routed")
    assert receiver.requests == []
    hooks(_settings={"events": {"created": True, "updated": False, "deleted": True}})
    order = Consignment.objects.create(reference="R-1")
    order.reference = "R-2"
    order.save(update_fields=["reference"])
    pk = order.pk
    order.delete()
    kinds = [(b["event_type"], b["object_id"], b["data"]) for b in receiver.bodies()]
    assert [k[0] for k in kinds] == ["created", "deleted"]
    assert kinds[1] == ("deleted", str(pk), None)


def test_failures_are_retried_on_the_schedule_then_given_up(hooks, receiver):
    hooks(_settings={"retry_schedule": [0, 0]})
    receiver.codes = [500, 503]
    Consignment.objects.create(reference="F-1")
    row = WebhookMessage.objects.get()
    assert (row.status, row.attempts) == ("delivered", 3)
    assert [a["status"] for a in row.attempt_log] == [500, 503, 200]
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1  # one id to dedupe
    receiver.codes = [500, 500, 500]
    Consignment.objects.create(reference="F-2")
    failed = WebhookMessage.objects.get(object_id=Consignment.objects.get(reference="F-2").pk)
    assert (failed.status, failed.attempts, failed.last_status_code) == ("failed", 3, 500)


def test_the_default_schedule_waits_like_svix(hooks, receiver):
    receiver.codes = [500]
    Consignment.objects.create(reference="S-1")
    row = WebhookMessage.objects.get()
    assert row.status == "pending" and row.attempts == 1
    delay = (row.next_attempt_at - row.created_at).total_seconds()
    assert 4 <= delay <= 6.5  # 5 s +- 10 % jitter


def test_410_disables_the_endpoint_and_replay_turns_it_back_on(hooks, receiver):
    receiver.codes = [410]
    Consignment.objects.create(reference="G-410")
    assert WebhookEndpointState.objects.get(name="orders").disabled
    assert WebhookMessage.objects.get().status == "disabled"
    Consignment.objects.create(reference="after")
    assert len(receiver.requests) == 1 and WebhookMessage.objects.count() == 1
    call_command("rail_webhooks_replay", endpoint="orders", failed=True)
    assert not WebhookEndpointState.objects.get(name="orders").disabled
    assert WebhookMessage.objects.get().status == "delivered"
    assert len(receiver.requests) == 2


def test_replaying_one_event_sends_the_same_webhook_id(hooks, receiver):
    Consignment.objects.create(reference="E-1")
    event_id = WebhookMessage.objects.get().event_id
    call_command("rail_webhooks_replay", event=event_id)
    ids = [r["headers"]["webhook-id"] for r in receiver.requests]
    assert ids == [event_id, event_id]


def test_oauth_tokens_are_fetched_once_and_sent_as_bearer(hooks, receiver, caplog):
    hooks(
        auth_token_path="rail_django.webhooks.auth.fetch_auth_token",
        auth_url=f"{receiver.url}/token",
        auth_payload={"client_id": "id", "client_secret": "s3cr3t-value"},
    )
    from django.core.cache import cache

    cache.clear()
    Consignment.objects.create(reference="T-1")
    Consignment.objects.create(reference="T-2")
    paths = [r["path"] for r in receiver.requests]
    assert paths == ["/token", "/hook", "/hook"]
    assert json.loads(receiver.requests[0]["body"])["client_secret"] == "s3cr3t-value"
    assert {r["headers"]["authorization"] for r in receiver.requests[1:]} == {"Bearer tok-123"}


def test_secrets_and_tokens_stay_out_of_the_logs(hooks, receiver, caplog):
    hooks(_settings={"retry_schedule": []})
    receiver.codes = [500]
    with caplog.at_level(logging.DEBUG):
        Consignment.objects.create(reference="L-1")
    assert "failed" in caplog.text and SECRET not in caplog.text
    assert SECRET.removeprefix("whsec_") not in caplog.text and "v1," not in caplog.text


def test_private_targets_can_be_denied(hooks, receiver):
    hooks(_settings={"deny_private_targets": True, "retry_schedule": []})
    Consignment.objects.create(reference="P-1")
    row = WebhookMessage.objects.get()
    assert receiver.requests == [] and row.status == "failed"
    assert "private" in row.last_error


def test_configuration_errors_are_system_check_errors(settings):
    settings.RAIL_DJANGO_WEBHOOKS = {
        "enabled": True,
        "endpoints": [
            {"name": "a", "url": "ftp://x", "include_models": ["nodot"], "secret": "plain"},
            {"name": "a", "url": "https://ok.example", "colour": "red"},
        ],
        "events": {"created": True, "archived": True},
    }
    messages = " | ".join(m.msg for m in checks.run_checks() if m.level >= checks.ERROR)
    for expected in (
        "http(s) 'url'",
        "'app_label.Model'",
        "whsec_",
        "used twice",
        "unknown key 'colour'",
        "archived",
    ):
        assert expected in messages, expected


def test_the_guides_wiring_through_rail_django_graphql_delivers_too(settings, receiver):
    """The guide: ``root/webhooks.py`` wired into ``RAIL_DJANGO_GRAPHQL["webhook_settings"]``."""
    webhooks = {
        "enabled": True,
        "endpoints": [
            {
                "name": "orders",
                "url": f"{receiver.url}/hook",
                "include_models": ["tasks_testapp.Consignment"],
                "secret": SECRET,
            }
        ],
    }
    settings.RAIL_DJANGO_GRAPHQL = {
        "task_settings": {"backend": "sync"},
        "webhook_settings": webhooks,
    }
    if hasattr(settings, "RAIL_DJANGO_WEBHOOKS"):
        del settings.RAIL_DJANGO_WEBHOOKS
    assert [m for m in checks.run_checks() if m.id.startswith("rail_django.E")] == []
    Consignment.objects.create(reference="G-1", total="1.00")
    (request,) = receiver.requests
    assert verify(SECRET, request["headers"], request["body"])
    settings.RAIL_DJANGO_GRAPHQL = {"webhook_settings": {"enabled": True, "endpoint": []}}
    [unknown] = [m for m in checks.run_checks() if m.id == "rail_django.E003"]
    assert "webhook_settings" in unknown.msg and "'endpoint'" in unknown.msg
