# ruff: noqa: INP001  (a build script run by path, not an importable package)
"""Core's hatch build hook: put GraphiQL's pinned npm bundles into the static files first.

See ``scripts/fetch_graphiql_assets.py``. Runs for wheels (editable installs included) and
sdists, so both ship the assets and a wheel built from the sdist needs no network.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GraphiQLAssetsHook(BuildHookInterface):
    """Fetches the GraphiQL assets unless the vendor directory already holds them."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        script = Path(self.root) / "scripts" / "fetch_graphiql_assets.py"
        spec = importlib.util.spec_from_file_location("fetch_graphiql_assets", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if module.fetch():
            self.app.display_info("Fetched GraphiQL assets from the npm registry")
