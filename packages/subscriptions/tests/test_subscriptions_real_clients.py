"""python gql's websockets transport against daphne, and two daphne processes on Redis."""

from __future__ import annotations

import asyncio
import os

import pytest
import redis
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport
from subscriptions_servers import Daphne, create_tables, site_environment

CREATED = "subscription { topicCreated { event node { name } } }"
CREATE = 'mutation { createTopic(input: {name: "%s"}) { ok } }'


@pytest.fixture
def site(tmp_path):
    env = site_environment(tmp_path / "site.sqlite3")
    create_tables(env)
    server = Daphne(env)
    yield server
    server.stop()


async def _first_event(url: str, subprotocol: str, change) -> dict:
    transport = WebsocketsTransport(url=url, subprotocols=[subprotocol])
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        events = session.subscribe(gql(CREATED))

        async def later():
            await asyncio.sleep(1.0)  # the subscription is registered by then
            await asyncio.to_thread(change)

        task = asyncio.ensure_future(later())
        try:
            async with asyncio.timeout(15):
                async for result in events:
                    return result
        finally:
            await task


@pytest.mark.parametrize(
    "subprotocol",
    [WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL, WebsocketsTransport.APOLLO_SUBPROTOCOL],
)
def test_gql_subscribes_over_both_protocols(site, subprotocol):
    result = asyncio.run(
        _first_event(site.ws_url, subprotocol, lambda: site.graphql(CREATE % "Books"))
    )
    assert result == {"topicCreated": {"event": "created", "node": {"name": "Books"}}}


@pytest.fixture
def redis_url():
    url = os.environ.get("RAIL_TEST_REDIS_URL")
    if not url:
        pytest.fail("RAIL_TEST_REDIS_URL must name a Redis database for the multi-process test")
    redis.Redis.from_url(url).flushdb()
    return url


def test_a_change_through_process_a_reaches_a_subscriber_of_process_b(tmp_path, redis_url):
    env = site_environment(tmp_path / "site.sqlite3", redis_url)
    create_tables(env)
    a, b = Daphne(env), Daphne(env)
    try:
        result = asyncio.run(
            _first_event(
                b.ws_url,
                WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL,
                lambda: a.graphql(CREATE % "From A"),
            )
        )
    finally:
        a.stop()
        b.stop()
    assert result == {"topicCreated": {"event": "created", "node": {"name": "From A"}}}
