"""Measuring one (implementation, query): its answer, SQL count, latency and throughput.

Requests go through Django's test client: the whole Django stack (middleware, URL routing, the
implementation's view, JSON) in the benchmark's own process, with no network in between.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections
from django.test import Client


@dataclass
class Measurement:
    peer: str
    query: str
    size: int
    median_ms: float
    p90_ms: float
    requests_per_s: float
    sql_queries: int
    answer: Any


def post(client: Client, peer: Any, query: str) -> Any:
    text = peer.QUERIES[query]
    url = f"{peer.URL}{text}/" if peer.URL == "/plain/" else peer.URL
    response = client.post(url, data=json.dumps({"query": text}), content_type="application/json")
    if response.status_code != 200:
        raise RuntimeError(
            f"{peer.NAME} {query}: HTTP {response.status_code} {response.content[:300]!r}"
        )
    payload = json.loads(response.content)
    if payload.get("errors"):
        raise RuntimeError(f"{peer.NAME} {query}: {payload['errors']}")
    return payload["data"]


def measure_case(
    peers: list[Any], query: str, size: int, requests: int, threads: int
) -> list[Measurement]:
    """Measure every peer on one (query, size).

    Latency requests are interleaved (one request per peer in turn, ``requests`` rounds), so a
    burst of load elsewhere on the machine hits every implementation alike.
    """
    clients = {peer.NAME: Client() for peer in peers}
    answers, counts = {}, {}
    for peer in peers:
        for _ in range(5):  # warm up: schema build, document caches, connection
            post(clients[peer.NAME], peer, query)
        executed: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            executed.append(sql)  # noqa: B023 (used inside this iteration only)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            answers[peer.NAME] = post(clients[peer.NAME], peer, query)
        counts[peer.NAME] = len(executed)
    timings: dict[str, list[float]] = {peer.NAME: [] for peer in peers}
    for _ in range(requests):
        for peer in peers:
            started = time.perf_counter()
            post(clients[peer.NAME], peer, query)
            timings[peer.NAME].append((time.perf_counter() - started) * 1000)
    results = []
    for peer in peers:
        samples = sorted(timings[peer.NAME])
        results.append(
            Measurement(
                peer=peer.NAME,
                query=query,
                size=size,
                median_ms=statistics.median(samples),
                p90_ms=samples[max(0, int(len(samples) * 0.9) - 1)],
                requests_per_s=_throughput(peer, query, threads, max(10, requests // 2)),
                sql_queries=counts[peer.NAME],
                answer=answers[peer.NAME],
            )
        )
    return results


def _throughput(peer: Any, query: str, threads: int, per_thread: int) -> float:
    """Requests per second with ``threads`` clients sending ``per_thread`` requests each."""
    barrier = threading.Barrier(threads + 1)
    failures: list[BaseException] = []

    def work() -> None:
        client = Client()
        try:
            post(client, peer, query)  # this thread's connection and caches
            barrier.wait()
            for _ in range(per_thread):
                post(client, peer, query)
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise failures[0]
    return threads * per_thread / elapsed
