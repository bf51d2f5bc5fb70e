"""WebSocket errors are in the project's language (``LANGUAGE_CODE``: a socket has no
``LocaleMiddleware``); codes stay the same."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from subscriptions_client import TRANSPORT, Socket

CREATED = "subscription { topicCreated { id } }"


def _capped_error(user) -> dict:
    async def scenario():
        socket = Socket(TRANSPORT, user=user)
        await socket.open()
        for sub_id in ("1", "2"):
            await socket.subscribe(sub_id, CREATED)
        error = await socket.receive()
        await socket.disconnect()
        return error

    return async_to_sync(scenario)()


def test_the_subscription_cap_is_explained_in_french(readers, settings):
    settings.LANGUAGE_CODE = "fr"
    settings.RAIL_DJANGO_GRAPHQL = {
        "subscription_settings": {"max_subscriptions_per_connection": 1}
    }
    error = _capped_error(readers["alice"])
    assert error["id"] == "2"
    assert error["payload"][0]["extensions"]["code"] == "RAIL_GQL_TOO_MANY_SUBSCRIPTIONS"
    assert error["payload"][0]["message"] == "Cette connexion détient déjà 1 abonnement."


def test_and_in_english_by_default(readers, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "subscription_settings": {"max_subscriptions_per_connection": 1}
    }
    error = _capped_error(readers["alice"])
    assert error["payload"][0]["message"] == "This connection already holds 1 subscription."
