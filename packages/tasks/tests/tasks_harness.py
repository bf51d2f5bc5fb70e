"""What the tasks tests run against: real worker processes, a shared database, a receiver.

- :func:`shared_database`: the test database as another process reaches it. PostgreSQL: the
  test database itself. SQLite: the in-memory test database cannot be shared, so the module
  switches the connection to a migrated SQLite file for its duration.
- :class:`Worker`: a ``dramatiq rail_django.extensions.tasks.worker`` process of its own
  (its own process group, stopped or SIGKILLed by its id).
- :class:`Receiver`: an HTTP server on 127.0.0.1 that records every request and answers with
  the status codes it is told to.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

TESTS = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("RAIL_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
RABBIT_URL = os.environ.get("RAIL_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {predicate}")
        time.sleep(every)


@pytest.fixture(scope="module")
def shared_database(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    connection = connections["default"]
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            yield {k: v for k, v in connection.settings_dict.items() if k != "TEST"}
            return
        saved_connection, saved = connection.connection, dict(connection.settings_dict)
        path = str(tmp_path_factory.mktemp("shared-db") / "db.sqlite3")
        connection.connection = None  # the in-memory database lives on in saved_connection
        connection.settings_dict["NAME"] = path
        connection.settings_dict["TEST"] = {**saved.get("TEST", {}), "NAME": path}
        # Two processes write the file: wait for SQLite's lock instead of failing at once, and
        # take the write lock when a transaction begins (a read-then-write transaction that
        # meets another writer fails at once, whatever the timeout).
        options = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
        connection.settings_dict["OPTIONS"] = {**saved.get("OPTIONS", {}), **options}
        call_command("migrate", run_syncdb=True, verbosity=0)
        try:
            yield {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": options}
        finally:
            connection.close()
            connection.connection = saved_connection
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Worker:
    """One dramatiq worker process (1 process, ``threads`` threads)."""

    def __init__(
        self, database: dict, graphql: dict, webhooks: dict | None = None, threads: int = 4
    ) -> None:
        self.database, self.graphql, self.webhooks = database, graphql, webhooks or {}
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.gettempdir()) / f"rail-worker-{os.getpid()}-{id(self)}.log"

    def start(self) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tasks_worker_settings",
            "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
            "RAIL_WORKER_DATABASE": json.dumps(self.database),
            "RAIL_WORKER_GRAPHQL": json.dumps(self.graphql),
            "RAIL_WORKER_WEBHOOKS": json.dumps(self.webhooks),
        }
        command = [
            sys.executable,
            "-m",
            "dramatiq",
            "rail_django.extensions.tasks.worker",
            "--processes",
            "1",
            "--threads",
            str(self.threads),
            "--worker-shutdown-timeout",
            "2000",
        ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(lambda: b"ready for action" in self.log.read_bytes() or self._dead(), 60)
        assert not self._dead(), self.log.read_text()
        return self

    def _dead(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def kill(self) -> None:
        """SIGKILL the whole worker (its parent and its worker process), no clean-up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.unlink(missing_ok=True)


class Receiver:
    """Records POSTs; answers each with the next code of ``codes`` (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.codes: list[int] = []
        self.delay = 0.0
        self.on_request: Callable[[dict[str, Any]], None] | None = None
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                record = {
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body,
                    "at": time.time(),
                }
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver._lock:
                    receiver.requests.append(record)
                    code = receiver.codes.pop(0) if receiver.codes else 200
                if receiver.on_request:
                    receiver.on_request(record)
                answer = json.dumps({"ok": code < 300}).encode()
                if self.path == "/token":
                    answer = json.dumps({"access_token": "tok-123", "expires_in": 3600}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self, path: str = "/hook") -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(r["body"]) for r in self.requests if r["path"] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
