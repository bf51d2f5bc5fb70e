"""The GraphiQL page in a real headless Chromium: it loads only local assets and runs a query.

Needs Debian's ``chromium`` (``.ci/install-browser.sh``) and the ``playwright`` Python package
(driving that binary; Playwright's own browser download is not used). Without them the test is
skipped with the reason, except under ``CI=1`` (``.ci/run`` sets it, and installs chromium),
where it fails instead. GitHub's ``CI=true`` is not ``1``: the per-package wheel jobs, which
install no browser, skip it with the reason.
"""

import importlib
import json
import os
import shutil
from urllib.parse import quote, urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
INSTALL_HINT = "install it with .ci/install-browser.sh (Debian's chromium package)"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason):
    # In CI a missing browser or driver fails the run instead of skipping the test unseen.
    if os.environ.get("CI") == "1":
        pytest.fail(f"CI=1 and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser_page():
    try:
        sync_api = importlib.import_module("playwright.sync_api")
    except ImportError:
        _unavailable("the playwright package is not installed (hatch's default env has it)")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no chromium executable at {CHROMIUM}: {INSTALL_HINT}")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_graphiql_runs_a_query_with_local_assets_only(browser_page, live_server, settings):
    # Opened explicitly, as a development setup does: with DEBUG off, GraphiQL and anonymous
    # introspection are closed unless a setting says otherwise (the production posture).
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {
            "schema_settings": {"graphiql_superuser_only": False, "enable_introspection": True}
        }
    }
    page = browser_page
    seen = []
    page.on("request", lambda request: seen.append(request))
    failures = []
    page.on("requestfailed", lambda request: failures.append(request.url))
    query = '{ hello(name: "Chromium") }'
    page.goto(f"{live_server.url}/graphql/probe/?query={quote(query)}")
    page.wait_for_selector(".graphiql-container", timeout=30_000)
    page.locator(".graphiql-execute-button").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.result-window, .graphiql-response')]"
        ".some(el => el.innerText.includes('Hello Chromium'))",
        timeout=30_000,
    )

    origin = urlsplit(live_server.url)
    for request in seen:
        url = urlsplit(request.url)
        assert url.scheme == "data" or url.netloc == origin.netloc, request.url
    assert failures == []
    posts = [r for r in seen if r.method == "POST"]
    assert posts, "GraphiQL sent no POST"
    for request in posts:
        assert urlsplit(request.url).path == "/graphql/probe/"
        assert urlsplit(request.url).query == ""  # nothing, Authorization included, in the URL
        assert request.headers["content-type"] == "application/json"
        assert "query" in json.loads(request.post_data)
    assert any("Chromium" in (r.post_data or "") for r in posts)
