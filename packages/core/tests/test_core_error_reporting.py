"""Internal errors reach Sentry with the id the client saw, and nothing the client sent.

sentry-sdk runs for real: ``sentry_sdk.init`` with a transport that keeps the envelopes it would
have sent (the SDK's own ``Transport`` interface), so nothing leaves the machine.
"""

from __future__ import annotations

import pytest
from core_discovery_testapp.graphql_requests import post_graphql

sentry_sdk = pytest.importorskip("sentry_sdk")
from sentry_sdk.transport import Transport  # noqa: E402


class KeptEnvelopes(Transport):
    """A transport that records what the SDK sends instead of posting it."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events():
    transport = KeptEnvelopes()
    # The SDK's defaults (Django and logging integrations on), and the most it may collect:
    # what reaches an event must still hold nothing the client sent.
    dsn = "http://public@sentry.invalid/1"
    sentry_sdk.init(dsn=dsn, transport=transport, send_default_pii=True)
    yield transport.events
    sentry_sdk.init()  # no DSN: reporting off again for the other tests


def _report(settings, **extra):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"error_handling": {"enable_sentry_integration": True, **extra}}
    }


def test_internal_errors_are_reported_with_their_error_id_schema_operation_and_user(
    client, settings, sentry_events, django_user_model
):
    _report(settings)
    user = django_user_model.objects.create_user("ada", email="ada@example.com", password="pw-1")
    client.force_login(user)
    response = post_graphql(
        client,
        "query Dashboard($secret: String) { hello(name: $secret) boom }",
        {"secret": "hunter2-variable"},
        operation_name="Dashboard",
        HTTP_X_API_KEY="not-a-real-token",
    )
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error."
    [event] = sentry_events
    assert event["tags"]["rail.error_id"] == error["extensions"]["errorId"]
    assert event["tags"]["rail.schema"] == "probe"
    assert event["tags"]["rail.operation"] == "Dashboard"
    assert event["tags"]["rail.operation_type"] == "query"
    assert event["user"] == {"id": str(user.pk)}
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    sent = str(event)
    for secret in ("hunter2-variable", "not-a-real-token", "ada@example.com"):
        assert secret not in sent
    assert client.cookies["sessionid"].value not in sent


def test_expected_errors_are_not_reported(client, settings, sentry_events):
    _report(settings)
    body = post_graphql(client, "{ missing graphqlFailure }").json()
    assert {e["extensions"]["code"] for e in body["errors"]} == {
        "RAIL_GQL_NOT_FOUND",
        "RAIL_GQL_BAD_REQUEST",
    }
    post_graphql(client, "{ nope }")
    assert sentry_events == []


def test_reporting_is_off_by_default_and_under_the_master_switch(client, settings, sentry_events):
    post_graphql(client, "{ boom }")
    assert sentry_events == []
    _report(settings, enable_error_reporting=False)
    post_graphql(client, "{ boom }")
    assert sentry_events == []
    _report(settings)
    post_graphql(client, "{ boom }")
    assert len(sentry_events) == 1
