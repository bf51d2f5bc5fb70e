"""Every GraphQL example of the topic guides (docs/content/guides/*.md) runs against the example
storefront and answers what the page says.

A page marks an example with HTML comments the site does not show:

- ``<!-- example: as USER [on SCHEMA] -->``: the next ``graphql`` block is sent as USER
  (``admin``, ``viewer`` or ``anonymous``) to ``/graphql/`` (or ``/graphql/SCHEMA/``);
- ``<!-- example: variables -->``: the next ``json`` block holds its variables;
- ``<!-- example: response -->``: the next ``json`` block is what it answers. Objects are compared
  by the keys the page shows (an error's ``locations`` or ``errorId`` may be left out); lists and
  values exactly;
- ``<!-- example: skip (why) -->``: the next fenced block (any language) is not run, for the
  reason given (it needs a live websocket, a worker or a project of its own). Unmarked blocks are
  not run either; the mark says so to whoever edits the page.

Each page starts from the demo data (``load_demo_data``) in a fresh copy of one database, so a
mutation on one page never changes what another page shows. The storefront runs in a subprocess
with its own settings (``root.settings.dev``), as its users run it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rail_tools_testing import REPO

GUIDES = REPO / "docs" / "content" / "guides"
STORE = REPO / "examples" / "store"
MARK = re.compile(r"^<!-- example: (\w+)\s*(.*?)\s*-->$")
FENCE = re.compile(r"^```(\w*)$")

# Runs inside the storefront's process: signs each example's user in and posts it with Django's
# test client, then prints the answers as one JSON list.
DRIVER = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
answers = []
for example in json.load(sys.stdin):
    client = Client(HTTP_HOST="localhost")
    if example["user"] != "anonymous":
        client.force_login(get_user_model().objects.get(username=example["user"]))
    path = "/graphql/" + (example["schema"] + "/" if example["schema"] else "")
    body = {"query": example["query"], "variables": example["variables"]}
    response = client.post(path, json.dumps(body), content_type="application/json")
    answers.append({"status": response.status_code, "body": json.loads(response.content)})
print(json.dumps(answers))
"""


@dataclass
class Example:
    line: int
    user: str
    schema: str
    query: str
    variables: dict[str, Any] | None = None
    response: Any = field(default=None)


def _block(lines: list[str], index: int, language: str) -> tuple[str, int]:
    fence = FENCE.match(lines[index].strip()) if index < len(lines) else None
    assert fence and fence.group(1) == language, (
        f"line {index + 1}: a ```{language} block must follow the example mark"
    )
    end = lines.index("```", index + 1)
    return "\n".join(lines[index + 1 : end]), end + 1


def read_examples(page: Path) -> list[Example]:
    """The page's examples, in order, each with its query, variables and expected answer."""
    lines = page.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    index = 0
    while index < len(lines):
        mark = MARK.match(lines[index].strip())
        index += 1
        if not mark:
            continue
        action, argument = mark.groups()
        where = f"{page.name}:{index}"
        if action == "as":
            words = argument.split()
            assert len(words) in (1, 3) and (len(words) == 1 or words[1] == "on"), where
            text, index = _block(lines, index, "graphql")
            examples.append(Example(index, words[0], words[2] if len(words) == 3 else "", text))
        elif action == "skip":
            assert argument, f"{where}: say why the example is not run"
            fence = FENCE.match(lines[index].strip()) if index < len(lines) else None
            assert fence, f"{where}: a fenced block must follow the skip mark"
            index = lines.index("```", index + 1) + 1
        elif action in ("variables", "response"):
            assert examples, f"{where}: {action} before any example"
            text, index = _block(lines, index, "json")
            setattr(examples[-1], action, json.loads(text))
        else:
            raise AssertionError(f"{where}: unknown example mark {action!r}")
    for example in examples:
        assert example.response is not None, f"{page.name}:{example.line}: no response block"
    return examples


def _contains(actual: Any, expected: Any, path: str = "$") -> list[str]:
    """Where ``actual`` differs from ``expected`` (objects compared by ``expected``'s keys)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{path}.{key}: missing")
            else:
                problems += _contains(actual[key], value, f"{path}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        return [
            problem
            for index, (item, wanted) in enumerate(zip(actual, expected, strict=True))
            for problem in _contains(item, wanted, f"{path}[{index}]")
        ]
    return [] if actual == expected else [f"{path}: expected {expected!r}, got {actual!r}"]


PAGES = sorted(GUIDES.glob("*.md"))
# The storefront runs on its own SQLite copy whatever the suite's database: once per CI run is
# enough, so the PostgreSQL pass leaves these to the SQLite one.
pytestmark = pytest.mark.skipif(
    os.environ.get("RAIL_TEST_DATABASE") == "postgres",
    reason="runs the storefront on its own SQLite database; the SQLite pass covers it",
)


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the storefront's migrations and demo data, copied for each page."""
    folder = tmp_path_factory.mktemp("guide-examples")
    database = folder / "demo.sqlite3"
    env = _store_env(database)
    for command in (["migrate", "--no-input", "-v", "0"], ["load_demo_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=STORE,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return database


def _store_env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="root.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        DEMO_ADMIN_PASSWORD="admin",
        DEMO_VIEWER_PASSWORD="viewer",
    )
    return env


def test_every_guide_page_is_in_the_site_navigation() -> None:
    nav = (REPO / "docs" / "mkdocs.yml").read_text(encoding="utf-8")
    assert PAGES, "no guide pages"
    for page in PAGES:
        assert f"guides/{page.name}" in nav, f"{page.name} is not in docs/mkdocs.yml's nav"


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_guide_examples_answer_what_the_page_shows(
    page: Path, demo_database: Path, tmp_path: Path
) -> None:
    examples = read_examples(page)
    if not examples:
        pytest.skip(f"{page.name} has no GraphQL examples")
    database = tmp_path / "page.sqlite3"
    shutil.copy(demo_database, database)
    payload = [
        {"user": e.user, "schema": e.schema, "query": e.query, "variables": e.variables}
        for e in examples
    ]
    run = subprocess.run(
        [sys.executable, "-c", DRIVER],
        cwd=STORE,
        env=_store_env(database),
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    answers = json.loads(run.stdout.strip().splitlines()[-1])
    failures = []
    for example, answer in zip(examples, answers):
        problems = _contains(answer["body"], example.response)
        if problems:
            failures.append(
                f"{page.name}:{example.line} (HTTP {answer['status']}):\n  "
                + "\n  ".join(problems[:5])
                + "\n  answer: "
                + json.dumps(answer["body"])[:1500]
            )
    assert not failures, "\n\n".join(failures)


def test_a_skip_mark_leaves_its_block_out_and_needs_a_reason(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- example: skip (needs a websocket) -->\n```graphql\nsubscription { x }\n```\n\n"
        "<!-- example: as viewer -->\n```graphql\n{ me { username } }\n```\n\n"
        '<!-- example: response -->\n```json\n{"data": {}}\n```\n',
        encoding="utf-8",
    )
    [example] = read_examples(page)
    assert example.query == "{ me { username } }"
    page.write_text("<!-- example: skip -->\n```bash\nls\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="say why"):
        read_examples(page)
