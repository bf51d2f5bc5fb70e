"""Subscriptions under load, on loopback: idle sockets per process and fan-out latency.

    python tools/bench/subscriptions_fanout.py --idle 2000 --subscribers 1000 --rate 10 --seconds 5

Starts one daphne process serving the subscriptions test site (in-memory layer), then

1. opens ``--idle`` websockets (``graphql-transport-ws``, acknowledged, no subscription) and
   reports the server's resident memory growth per socket (``/proc/<pid>/status`` VmRSS);
2. opens ``--subscribers`` sockets, each subscribed to ``topicCreated`` with one document (one
   group: resolved once per event), creates ``--rate`` rows per second for ``--seconds`` through
   the HTTP mutation and reports p50/p99 of "mutation sent -> last subscriber got the event" (an
   upper bound of commit -> last message: it includes the HTTP round trip).

The load generator shares the machine with the server: numbers are for this machine only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packages" / "subscriptions" / "tests"))

from subscriptions_servers import Daphne, create_tables, site_environment  # noqa: E402

SUBSCRIPTION = "subscription { topicCreated { event id node { id name } } }"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def open_socket(url: str, subscribe: bool):
    socket = await websockets.connect(
        url,
        subprotocols=["graphql-transport-ws"],
        max_queue=None,
        open_timeout=60,
        ping_interval=None,
    )
    await socket.send(json.dumps({"type": "connection_init"}))
    ack = json.loads(await socket.recv())
    assert ack["type"] == "connection_ack", ack
    if subscribe:
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
        )
    return socket


async def open_many(url: str, count: int, subscribe: bool) -> list:
    sockets: list = []
    limit = asyncio.Semaphore(50)

    async def one():
        async with limit:
            sockets.append(await open_socket(url, subscribe))

    await asyncio.gather(*(one() for _ in range(count)))
    return sockets


async def idle(server: Daphne, count: int) -> dict:
    before = rss_kib(server.process.pid)
    sockets = await open_many(server.ws_url, count, subscribe=False)
    await asyncio.sleep(2)
    after = rss_kib(server.process.pid)
    result = {
        "connections": len(sockets),
        "rss_before_kib": before,
        "rss_after_kib": after,
        "kib_per_connection": round((after - before) / len(sockets), 1),
    }
    await asyncio.gather(*(s.close() for s in sockets))
    return result


async def fan_out(server: Daphne, subscribers: int, rate: float, seconds: float) -> dict:
    sockets = await open_many(server.ws_url, subscribers, subscribe=True)
    await asyncio.sleep(2)  # every subscription registered
    sent: dict[str, float] = {}
    last: dict[str, float] = {}
    counts: dict[str, int] = {}

    async def read(socket):
        async for raw in socket:
            message = json.loads(raw)
            if message.get("type") != "next":
                continue
            name = message["payload"]["data"]["topicCreated"]["node"]["name"]
            now = time.perf_counter()
            last[name] = max(last.get(name, 0.0), now)
            counts[name] = counts.get(name, 0) + 1

    readers = [asyncio.ensure_future(read(s)) for s in sockets]
    total = int(rate * seconds)
    for n in range(total):
        name = f"event-{n}"
        sent[name] = time.perf_counter()
        query = 'mutation { createTopic(input: {name: "' + name + '"}) { ok } }'
        await asyncio.to_thread(server.graphql, query)
        await asyncio.sleep(max(0.0, sent[name] + 1 / rate - time.perf_counter()))
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and any(
        counts.get(name, 0) < subscribers for name in sent
    ):
        await asyncio.sleep(0.1)
    for task in readers:
        task.cancel()
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    latencies = sorted(
        (last[name] - sent[name]) * 1000 for name in sent if counts.get(name) == subscribers
    )
    if not latencies:
        return {"events": total, "complete_events": 0}
    return {
        "subscribers": subscribers,
        "events": total,
        "complete_events": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "max_ms": round(latencies[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = site_environment(Path(folder) / "bench.sqlite3")
        create_tables(env)
        server = Daphne(env)
        try:
            results = {"idle": asyncio.run(idle(server, args.idle))}
            results["fan_out"] = asyncio.run(
                fan_out(server, args.subscribers, args.rate, args.seconds)
            )
        finally:
            server.stop()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
