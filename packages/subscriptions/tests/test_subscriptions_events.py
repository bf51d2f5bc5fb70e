"""Model events reach subscribers after the commit, resolved as queries are."""

from __future__ import annotations

from asgiref.sync import async_to_sync, sync_to_async
from django.db import transaction
from subscriptions_client import LEGACY, TRANSPORT, Socket
from subscriptions_testapp.models import Topic

CREATED = """subscription { topicCreated { event id node { id name } } }"""


def run(scenario):
    async_to_sync(scenario)()


def test_a_created_row_reaches_a_subscriber_once_committed(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        assert (await socket.open())["type"] == "connection_ack"
        await socket.subscribe("1", CREATED)
        assert await socket.nothing()
        category = await sync_to_async(Topic.objects.create)(name="Books")
        message = await socket.receive()
        assert message == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {
                    "topicCreated": {
                        "event": "created",
                        "id": str(category.pk),
                        "node": {"id": str(category.pk), "name": "Books"},
                    }
                }
            },
        }
        await socket.disconnect()

    run(scenario)


def test_a_rolled_back_change_publishes_nothing(readers):
    def create_then_roll_back():
        try:
            with transaction.atomic():
                Topic.objects.create(name="Never")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    async def scenario():
        socket = Socket(TRANSPORT, user=readers["alice"])
        await socket.open()
        await socket.subscribe("1", CREATED)
        await sync_to_async(create_then_roll_back)()
        assert await socket.nothing(0.5)
        await socket.disconnect()

    run(scenario)


def test_updates_deletes_and_filters(readers):
    async def scenario():
        socket = Socket(TRANSPORT, user=readers["admin"])
        await socket.open()
        await socket.subscribe(
            "u",
            'subscription { topicUpdated(filters: {name: {icontains: "book"}}) '
            "{ event id node { name } } }",
        )
        await socket.subscribe("d", "subscription { topicDeleted { event id node { name } } }")
        await socket.nothing()
        books = await sync_to_async(Topic.objects.create)(name="Books")
        toys = await sync_to_async(Topic.objects.create)(name="Toys")
        toys.name = "Games"
        await sync_to_async(toys.save)()
        books.name = "Old books"
        await sync_to_async(books.save)()
        update = await socket.receive()
        assert update["id"] == "u"
        assert update["payload"]["data"]["topicUpdated"] == {
            "event": "updated",
            "id": str(books.pk),
            "node": {"name": "Old books"},
        }
        pk = toys.pk
        await sync_to_async(toys.delete)()
        deleted = await socket.receive()
        assert deleted["id"] == "d"
        assert deleted["payload"]["data"]["topicDeleted"] == {
            "event": "deleted",
            "id": str(pk),
            "node": None,
        }
        assert await socket.nothing()
        await socket.disconnect()

    run(scenario)


def test_the_legacy_protocol_subscribes_and_stops(readers):
    async def scenario():
        socket = Socket(LEGACY, user=readers["alice"])
        assert (await socket.open())["type"] == "connection_ack"
        await socket.subscribe("7", CREATED)
        await socket.nothing()
        await sync_to_async(Topic.objects.create)(name="Maps")
        message = await socket.receive()
        assert message["type"] == "data" and message["id"] == "7"
        assert message["payload"]["data"]["topicCreated"]["node"]["name"] == "Maps"
        await socket.send({"id": "7", "type": "stop"})
        assert await socket.receive() == {"type": "complete", "id": "7"}
        await sync_to_async(Topic.objects.create)(name="Atlas")
        assert await socket.nothing(0.5)
        await socket.disconnect()

    run(scenario)
