"""No event reveals a row or field its subscriber could not read over HTTP."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.auth.models import Permission
from subscriptions_client import TRANSPORT, Socket
from subscriptions_testapp.models import Memo

from rail_django.contracts.authentication import (
    AuthenticationRefusal,
    AuthenticationResult,
    request_authenticator,
)

NOTES = "subscription { memoCreated { event id node { title secret } } }"


def run(scenario):
    async_to_sync(scenario)()


def test_two_users_with_different_scopes_see_only_their_rows_and_fields(readers, client):
    alice, bob = readers["alice"], readers["bob"]

    async def scenario():
        sockets = {
            name: Socket(TRANSPORT, user=readers[name]) for name in ("alice", "bob", "admin")
        }
        for socket in sockets.values():
            await socket.open()
            await socket.subscribe("n", NOTES)
        for socket in sockets.values():
            assert await socket.nothing()
        note = await sync_to_async(Memo.objects.create)(title="Plan", secret="s3", owner=alice)
        mine = (await sockets["alice"].receive())["payload"]["data"]["memoCreated"]
        assert mine == {
            "event": "created",
            "id": str(note.pk),
            "node": {"title": "Plan", "secret": "***"},
        }
        seen = (await sockets["admin"].receive())["payload"]["data"]["memoCreated"]
        assert seen["node"]["secret"] == "s3"
        assert await sockets["bob"].nothing(0.5)  # not bob's row: he never hears of it
        for socket in sockets.values():
            await socket.disconnect()

    run(scenario)
    # The same rows and masks over HTTP.
    client.force_login(bob)
    answer = client.post(
        "/graphql/subs/", {"query": "{ memos { title } }"}, content_type="application/json"
    ).json()
    assert answer["data"]["memos"] == []
    client.force_login(alice)
    answer = client.post(
        "/graphql/subs/", {"query": "{ memos { secret } }"}, content_type="application/json"
    ).json()
    assert answer["data"]["memos"] == [{"secret": "***"}]


def test_a_subscriber_who_loses_the_permission_stops_receiving(readers):
    alice = readers["alice"]

    def revoke():
        alice.user_permissions.remove(Permission.objects.get(codename="view_memo"))

    async def scenario():
        socket = Socket(TRANSPORT, user=alice)
        await socket.open()
        await socket.subscribe("n", NOTES)
        await socket.nothing()
        await sync_to_async(Memo.objects.create)(title="One", owner=alice)
        assert (await socket.receive())["type"] == "next"
        await sync_to_async(revoke)()
        await sync_to_async(Memo.objects.create)(title="Two", owner=alice)
        assert await socket.nothing(0.5)
        await socket.disconnect()

    run(scenario)


def test_deletions_reach_only_unscoped_subscribers(readers):
    alice = readers["alice"]

    async def scenario():
        mine = Socket(TRANSPORT, user=alice)
        root = Socket(TRANSPORT, user=readers["admin"])
        for socket in (mine, root):
            await socket.open()
            await socket.subscribe("d", "subscription { memoDeleted { id } }")
            await socket.nothing()
        note = await sync_to_async(Memo.objects.create)(title="Gone", owner=readers["bob"])
        pk = note.pk
        await sync_to_async(note.delete)()
        message = await root.receive()
        assert message["payload"]["data"]["memoDeleted"] == {"id": str(pk)}
        assert await mine.nothing(0.5)
        for socket in (mine, root):
            await socket.disconnect()

    run(scenario)


def test_a_foreign_origin_is_refused(readers, settings):
    settings.ALLOWED_HOSTS = ["app.example"]

    async def scenario():
        evil = Socket(TRANSPORT, user=readers["alice"], headers=[(b"origin", b"https://evil.test")])
        connected, _ = await evil.connect()
        assert not connected
        good = Socket(
            TRANSPORT, user=readers["alice"], headers=[(b"origin", b"https://app.example")]
        )
        connected, _ = await good.connect()
        assert connected
        await good.disconnect()

    run(scenario)


def test_anonymous_sockets_are_refused_when_authentication_is_required(transactional_db):
    async def scenario():
        socket = Socket(TRANSPORT)
        await socket.connect()
        await socket.send({"type": "connection_init"})
        assert await socket.closed_with() == 4403

    run(scenario)


class Tokens:
    """A stand-in authenticator installed through the contracts, as security installs its JWT
    one: ``Bearer <token>`` of a known token names its user; a revoked one is refused."""

    def __init__(self, tokens):
        self.tokens = dict(tokens)

    def authenticate(self, request, *, schema_name, read_tokens=True):
        scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        user = self.tokens.get(token)
        if user is None:
            return AuthenticationResult.refused(
                AuthenticationRefusal("Token revoked.", reason="revoked")
            )
        return AuthenticationResult.accepted(user)

    def finish_response(self, request, response):
        return None


@pytest.mark.parametrize("payload", [{"Authorization": "Bearer t-alice"}, {"authToken": "t-alice"}])
def test_a_token_in_connection_init_authenticates(readers, payload):
    async def scenario():
        socket = Socket(TRANSPORT)
        assert (await socket.open(payload))["type"] == "connection_ack"
        await socket.subscribe("n", NOTES)
        await socket.nothing()
        await sync_to_async(Memo.objects.create)(title="Other", owner=readers["bob"])
        await sync_to_async(Memo.objects.create)(title="Mine", owner=readers["alice"])
        node = (await socket.receive())["payload"]["data"]["memoCreated"]["node"]
        assert node == {"title": "Mine", "secret": "***"}
        await socket.disconnect()

    with request_authenticator.swapped(Tokens({"t-alice": readers["alice"]})):
        run(scenario)


def test_a_refused_token_closes_with_4403(readers):
    async def scenario():
        socket = Socket(TRANSPORT)
        await socket.connect()
        await socket.send({"type": "connection_init", "payload": {"authToken": "stolen"}})
        assert await socket.closed_with() == 4403

    with request_authenticator.swapped(Tokens({})):
        run(scenario)


def test_a_revoked_token_closes_the_socket_within_the_check_period(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"subscription_settings": {"credential_check_seconds": 0.2}}
    tokens = Tokens({"t-alice": readers["alice"]})

    async def scenario():
        socket = Socket(TRANSPORT)
        await socket.open({"authToken": "t-alice"})
        await socket.subscribe("n", NOTES)
        assert await socket.nothing(0.5)  # checked at least twice: still valid
        del tokens.tokens["t-alice"]
        assert await socket.closed_with(2) == 4403

    with request_authenticator.swapped(tokens):
        run(scenario)


def test_connections_per_user_are_capped(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"subscription_settings": {"max_connections_per_user": 1}}

    async def scenario():
        first = Socket(TRANSPORT, user=readers["alice"])
        assert (await first.open())["type"] == "connection_ack"
        second = Socket(TRANSPORT, user=readers["alice"])
        await second.connect()
        await second.send({"type": "connection_init"})
        assert await second.closed_with() == 1013
        await first.disconnect()
        third = Socket(TRANSPORT, user=readers["alice"])
        assert (await third.open())["type"] == "connection_ack"
        await third.disconnect()

    run(scenario)
