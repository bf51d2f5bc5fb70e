"""Apollo Client (``GraphQLWsLink`` and the legacy ``WebSocketLink``) against daphne.

The Node project in ``apollo_client/`` pins its packages (``package-lock.json``); ``.ci/run``
runs ``npm ci`` there. Without Node the tests skip, except under CI, where they must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from subscriptions_servers import Daphne, create_tables, site_environment

PROJECT = Path(__file__).resolve().parent / "apollo_client"
NODE = shutil.which("node")

if NODE is None or not (PROJECT / "node_modules").is_dir():
    if os.environ.get("CI"):
        pytest.fail("Node and `npm ci` in apollo_client/ are required under CI", pytrace=False)
    pytestmark = pytest.mark.skip(reason="node or apollo_client/node_modules is missing")


@pytest.fixture
def site(tmp_path):
    env = site_environment(tmp_path / "site.sqlite3")
    create_tables(env)
    server = Daphne(env)
    yield server
    server.stop()


@pytest.mark.parametrize("protocol", ["graphql-ws", "legacy"])
def test_apollo_client_receives_an_event(site, protocol):
    client = subprocess.Popen(
        [NODE, "subscribe.mjs", site.ws_url, protocol],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert client.stdout.readline().strip() == "subscribing"
        time.sleep(1.5)
        # Rows keep coming until the client reports one (its subscription may start later).
        for n in range(20):
            site.graphql(f'mutation {{ createTopic(input: {{name: "Apollo {n}"}}) {{ ok }} }}')
            if client.poll() is not None:
                break
            time.sleep(0.5)
        out, err = client.communicate(timeout=30)
    finally:
        if client.poll() is None:
            client.kill()
    assert client.returncode == 0, err
    event = json.loads(out.strip().splitlines()[-1])
    assert event["topicCreated"]["event"] == "created"
    assert event["topicCreated"]["node"]["name"].startswith("Apollo ")
