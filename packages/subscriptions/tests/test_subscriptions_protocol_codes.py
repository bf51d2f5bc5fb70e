"""Both protocols' handshakes, messages and close codes, seen from a client."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured
from subscriptions_client import LEGACY, TRANSPORT, Socket

CREATED = "subscription { topicCreated { id } }"


def run(scenario):
    async_to_sync(scenario)()


def test_the_current_protocol_wins_when_both_are_offered(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"], subprotocols=[LEGACY, TRANSPORT])
        connected, chosen = await socket.connect()
        assert connected and chosen == TRANSPORT
        await socket.disconnect()

    run(scenario)


def test_no_acceptable_subprotocol_closes_with_4406(readers):
    async def scenario():
        socket = Socket(None, user=readers["alice"], subprotocols=["mqtt"])
        await socket.connect()
        assert await socket.closed_with() == 4406

    run(scenario)


def test_no_connection_init_in_time_closes_with_4408(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "subscription_settings": {"connection_init_timeout_seconds": 0.2}
    }

    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.connect()
        assert await socket.closed_with(2) == 4408

    run(scenario)


@pytest.mark.parametrize("protocol", [TRANSPORT, LEGACY])
def test_subscribing_before_the_ack_closes_with_4401(readers, protocol):
    # A legacy handler that ran `start` before `connection_init` was an auth bypass elsewhere.
    async def scenario():
        socket = Socket(protocol, user=readers["alice"])
        await socket.connect()
        await socket.subscribe("1", CREATED)
        assert await socket.closed_with() == 4401

    run(scenario)


def test_a_second_init_closes_with_4429(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.send({"type": "connection_init"})
        assert await socket.closed_with() == 4429

    run(scenario)


def test_a_duplicate_subscription_id_closes_with_4409(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.subscribe("1", CREATED)
        await socket.subscribe("1", CREATED)
        assert await socket.closed_with() == 4409

    run(scenario)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"type": 3}',
        '{"type": "launch"}',
        '{"type": "subscribe", "id": "", "payload": {}}',
    ],
)
def test_bad_messages_close_with_4400(readers, text):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.send_text(text)
        assert await socket.closed_with() == 4400

    run(scenario)


def test_an_oversized_message_closes_with_1009(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"subscription_settings": {"max_message_bytes": 200}}

    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.subscribe("1", "subscription { topicCreated { id } }" + " " * 300)
        assert await socket.closed_with() == 1009

    run(scenario)


def test_ping_pong_and_complete_both_ways(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.send({"type": "ping", "payload": {"n": 1}})
        assert await socket.receive() == {"type": "pong", "payload": {"n": 1}}
        await socket.send({"type": "pong"})
        await socket.subscribe("q", "query { topics { id } }")
        answer = await socket.receive()
        assert answer["type"] == "next" and answer["id"] == "q"
        assert await socket.receive() == {"type": "complete", "id": "q"}
        await socket.subscribe("s", CREATED)
        await socket.send({"id": "s", "type": "complete"})
        assert await socket.nothing()
        await socket.disconnect()

    run(scenario)


def test_queries_and_mutations_run_over_the_socket(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["admin"])
        await socket.open()
        await socket.subscribe(
            "m", 'mutation { createTopic(input: {name: "Socks"}) { ok topic { name } } }'
        )
        answer = await socket.receive()
        assert answer["type"] == "next", answer
        assert "errors" not in answer["payload"], answer
        assert await socket.receive() == {"type": "complete", "id": "m"}
        await socket.disconnect()

    run(scenario)


def test_invalid_documents_answer_errors_with_codes(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {"max_query_depth": 2}}

    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.subscribe("1", "subscription { nope { id } }")
        error = await socket.receive()
        assert error["type"] == "error" and error["id"] == "1"
        assert error["payload"][0]["extensions"]["code"] == "RAIL_GQL_VALIDATION_FAILED"
        await socket.subscribe("2", "subscription { memoCreated { node { topic { name } } } }")
        error = await socket.receive()
        assert error["payload"][0]["extensions"]["code"] == "RAIL_GQL_QUERY_TOO_DEEP"
        await socket.disconnect()

    run(scenario)


def test_subscriptions_per_connection_are_capped(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "subscription_settings": {"max_subscriptions_per_connection": 2}
    }

    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        for sub_id in ("1", "2", "3"):
            await socket.subscribe(sub_id, CREATED)
        error = await socket.receive()
        assert error["id"] == "3"
        assert error["payload"][0]["extensions"]["code"] == "RAIL_GQL_TOO_MANY_SUBSCRIPTIONS"
        await socket.send({"id": "1", "type": "complete"})  # frees its slot
        await socket.subscribe("4", CREATED)
        assert await socket.nothing()
        await socket.disconnect()

    run(scenario)


def test_the_legacy_protocol_keeps_the_connection_alive(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"subscription_settings": {"keepalive_seconds": 0.1}}

    async def scenario():
        socket = Socket(LEGACY, user=readers["alice"])
        await socket.open()
        beats = 0
        for _ in range(3):
            message = await socket.communicator.receive_json_from(5)
            beats += message == {"type": "ka"}
        assert beats == 3
        await socket.disconnect()

    run(scenario)


def test_an_unknown_schema_fails_at_start_up(db):
    from rail_django.extensions.subscriptions import get_subscription_consumer

    with pytest.raises(ImproperlyConfigured, match="nope"):
        get_subscription_consumer("nope")
