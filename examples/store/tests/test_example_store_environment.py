"""What the demo installs: hatch's slim ``demo`` environment and ``requirements.txt`` agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ROOT = PROJECT.parent.parent
#: What the README shows: the API, `where` filters (filtering), login + Bearer (security).
DEMO_PACKAGES = ["contracts", "core", "filtering", "security"]


def test_the_demo_environment_is_slim():
    demo = tomllib.loads((ROOT / "hatch.toml").read_text(encoding="utf-8"))["envs"]["demo"]
    # Not the development environment (test, lint, docs and browser tooling).
    assert "template" not in demo and demo["detached"] is True
    assert demo["workspace"]["members"] == [f"packages/{name}" for name in DEMO_PACKAGES]
    assert demo["dependencies"] == ["psycopg[binary]>=3.2"]
    assert demo["scripts"]["serve"] == "python examples/store/manage.py rundemo {args}"


def test_requirements_install_the_same_packages():
    lines = (PROJECT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    editable = [
        m.group(1) for line in lines if (m := re.fullmatch(r"-e \.\./\.\./packages/(\w+)", line))
    ]
    assert editable == DEMO_PACKAGES
    assert "psycopg[binary]>=3.2" in lines
