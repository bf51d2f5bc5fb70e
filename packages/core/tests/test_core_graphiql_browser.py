"""The GraphiQL page in a real headless Chromium: it loads only local assets and runs a query.

Needs Debian's ``chromium`` (``.ci/install-browser.sh``) and the ``playwright`` Python package
(driving that binary; Playwright's own browser download is not used).
"""

import importlib
import json
import os
import shutil
from urllib.parse import quote, urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def browser_page():
    # In CI a missing driver fails the run instead of skipping the test unseen.
    if os.environ.get("CI"):
        sync_api = importlib.import_module("playwright.sync_api")
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_graphiql_runs_a_query_with_local_assets_only(live_server, browser_page):
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
