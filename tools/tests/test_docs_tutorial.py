"""The tutorial (docs/content/tutorial.md) runs as written, from an empty folder.

The page marks each block with an HTML comment the site does not show:

- ``<!-- tutorial: run -->``: the next block is run with bash in the project folder; variables it
  exports are kept for the next ``run`` block (as in the reader's terminal);
- ``<!-- tutorial: expect -->``: the next block is what the previous ``run`` printed (JSON
  compared as data, text line by line);
- ``<!-- tutorial: write PATH -->`` / ``append PATH``: the next block is that file's content;
- ``<!-- tutorial: server -->``: the next block starts the server, in the background;
  ``<!-- tutorial: restart -->`` restarts it;
- ``<!-- tutorial: skip (why) -->``: the next block is not run, for the reason given.

The page's ``127.0.0.1:8000`` is replaced by a free port, so parallel runs do not collide.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from rail_tools_testing import REPO

TUTORIAL = REPO / "docs" / "content" / "tutorial.md"
MARK = re.compile(r"^<!-- tutorial: (\w+)\s*(.*?)\s*-->$")
FENCE = re.compile(r"^```(\w*)$")
ACTIONS_WITH_BLOCK = {"run", "expect", "write", "append", "server", "skip"}


@dataclass(frozen=True)
class Step:
    action: str
    argument: str
    language: str = ""
    text: str = ""
    line: int = 0


def read_steps(page: str) -> list[Step]:
    """The page's marked steps, in order, each with the fenced block that follows it."""
    lines = page.splitlines()
    steps: list[Step] = []
    index = 0
    while index < len(lines):
        mark = MARK.match(lines[index].strip())
        index += 1
        if not mark:
            continue
        action, argument = mark.groups()
        assert action in ACTIONS_WITH_BLOCK | {"restart"}, f"line {index}: unknown {action!r}"
        if action not in ACTIONS_WITH_BLOCK:
            steps.append(Step(action, argument, line=index))
            continue
        fence = FENCE.match(lines[index].strip()) if index < len(lines) else None
        assert fence, f"line {index + 1}: a code block must follow <!-- tutorial: {action} -->"
        end = lines.index("```", index + 1)
        steps.append(
            Step(action, argument, fence.group(1), "\n".join(lines[index + 1 : end]), index + 1)
        )
        index = end + 1
    return steps


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Terminal:
    """The reader's terminal: a project folder, exported variables kept between blocks, and the
    development server running in the background."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.env_file = folder / ".tutorial-env"
        self.server: subprocess.Popen[bytes] | None = None
        self.server_command = ""

    def localise(self, text: str) -> str:
        return text.replace("127.0.0.1:8000", f"127.0.0.1:{self.port}")

    def run(self, script: str) -> str:
        wrapped = (
            "set -euo pipefail\n"
            f"[ -f {self.env_file} ] && source {self.env_file}\n"
            f"{self.localise(script)}\n"
            f"export -p > {self.env_file}\n"
        )
        done = subprocess.run(
            ["bash", "-c", wrapped],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start_server(self, command: str | None = None) -> None:
        self.server_command = self.localise(command or self.server_command)
        log = (self.folder / "server.log").open("ab")
        self.server = subprocess.Popen(
            ["bash", "-c", f"exec {self.server_command}"],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # runserver's reloader forks: stop the whole group
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.server.poll() is None, (self.folder / "server.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        log = (self.folder / "server.log").read_text()
        raise AssertionError(f"the server did not start:\n{log}")

    def stop_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=20)
        self.server = None


def _same_output(expected: Step, printed: str) -> None:
    where = f"tutorial.md line {expected.line}"
    if expected.language == "json":
        assert json.loads(printed) == json.loads(expected.text), f"{where}: got\n{printed}"
    else:
        assert printed.strip().splitlines() == expected.text.strip().splitlines(), (
            f"{where}: got\n{printed}"
        )


def test_the_tutorial_reads_as_marked_steps() -> None:
    steps = read_steps(TUTORIAL.read_text())
    actions = [step.action for step in steps]
    assert actions.count("run") >= 10 and "server" in actions and "restart" in actions
    for before, step in zip(steps, steps[1:], strict=False):
        if step.action == "expect":
            assert before.action == "run", f"line {step.line}: expect must follow a run block"
    for step in steps:
        if step.action == "skip":
            assert step.argument.startswith("("), f"line {step.line}: say why it is skipped"


@pytest.mark.skipif(
    os.environ.get("RAIL_TEST_DATABASE") == "postgres",
    reason="the tutorial runs on SQLite, its project's default; the SQLite step runs it",
)
def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path, _free_port())
    printed = ""
    try:
        for step in read_steps(TUTORIAL.read_text()):
            if step.action == "run":
                printed = terminal.run(step.text)
            elif step.action == "expect":
                _same_output(step, printed)
            elif step.action in {"write", "append"}:
                target = tmp_path / step.argument
                existing = target.read_text() if step.action == "append" else ""
                target.write_text(existing + ("\n\n" if existing else "") + step.text + "\n")
            elif step.action == "server":
                terminal.start_server(step.text.strip())
            elif step.action == "restart":
                terminal.stop_server()
                terminal.start_server()
    finally:
        terminal.stop_server()
