"""The documentation site: a page per package, in the nav, a strict mkdocs build, and built
pages that load nothing from the internet (no CDN script, stylesheet, font or image)."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from monorepo import load_workspace
from rail_tools_testing import REPO

DOCS = REPO / "docs"


def _config() -> dict:
    # mkdocs.yml may hold !!python tags in the future; BaseLoader reads any of it as plain data.
    return yaml.load((DOCS / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)


def _nav_pages(nav: list) -> list[str]:
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += _nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_package_has_a_page_in_the_nav() -> None:
    config = _config()
    assert config["site_name"] == "Rail Django"
    content = DOCS / config["docs_dir"]
    pages = _nav_pages(config["nav"])
    for package in load_workspace(REPO).packages:
        page = f"packages/{package.folder}.md"
        assert page in pages, page
        text = (content / page).read_text()
        assert f"pip install {package.name}" in text
        assert "## What it is" in text
    assert "development.md" in pages and "index.md" in pages
    for page in pages:
        assert (content / page).is_file(), page


def test_development_page_covers_the_workflow() -> None:
    text = (DOCS / "content" / "development.md").read_text()
    for needle in ("changelog.d", "tools/release.py bump", "packages.py matrix", "hatch run"):
        assert needle in text


#: ``<link rel=...>`` values that make a browser fetch the ``href``.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
}
#: Attributes whose URL the browser loads while showing the page (``<a href>`` is a link the
#: reader may follow, not a load).
LOADED_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def is_external(url: str) -> bool:
    """Whether loading ``url`` from a page of the site reaches another host."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


class LoadedURLs(HTMLParser):
    """Collects every URL a page makes the browser load: tags, ``style`` blocks and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and FETCHING_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        for name in LOADED_ATTRIBUTES.get(tag, ()):
            if name in values:
                self.urls += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if "style" in values:
            self.urls += css_urls(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


def external_loads(site: Path) -> list[str]:
    """``"<file>: <url>"`` for each external URL the built ``site`` would load."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = LoadedURLs()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = css_urls(path.read_text(encoding="utf-8"))
        else:
            continue
        found += [f"{path.relative_to(site)}: {url}" for url in urls if is_external(url)]
    return found


def test_the_checker_finds_each_kind_of_external_load(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/a.css">'
        '<link rel="icon" href="img/favicon.ico"><a href="https://example.org/">a link</a>'
        '<script src="//cdn.example/b.js"></script><script src="js/local.js"></script>'
        '<img srcset="img/x.png 1x, https://img.example/x.png 2x">'
        '<div style="background: url(http://img.example/bg.png)"></div>'
        "<style>@import 'https://fonts.example/font.css';</style>"
    )
    (tmp_path / "theme.css").write_text(
        "@font-face { src: url('../fonts/x.woff2'), url(https://fonts.example/x.woff2); }"
        ".a { background: url(data:image/png;base64,AAAA); }"
    )
    assert external_loads(tmp_path) == [
        "page.html: https://cdn.example/a.css",
        "page.html: //cdn.example/b.js",
        "page.html: https://img.example/x.png",
        "page.html: http://img.example/bg.png",
        "page.html: https://fonts.example/font.css",
        "theme.css: https://fonts.example/x.woff2",
    ]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once by ``mkdocs build --strict`` (what ``hatch run docs:build`` runs)."""
    pytest.importorskip("mkdocs")
    site = tmp_path_factory.mktemp("docs") / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(DOCS / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site


def test_site_builds_strictly(built_site: Path) -> None:
    assert (built_site / "packages" / "core" / "index.html").is_file()


def test_built_site_loads_nothing_from_the_internet(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 10
    assert external_loads(built_site) == []
    # Code blocks are still highlighted: by Pygments at build time, with a local stylesheet.
    development = (built_site / "development" / "index.html").read_text(encoding="utf-8")
    assert 'class="codehilite"' in development
    assert (built_site / "css" / "pygments.css").is_file()
