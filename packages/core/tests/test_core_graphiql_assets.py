"""GraphiQL's pinned npm tarballs: verified, cached by their sha512, fetched again when spoiled.

Runs ``scripts/fetch_graphiql_assets.py`` (core's build hook) against a made-up pin and a fake
``npm pack``, so it needs neither Node.js nor the network.
"""

import base64
import hashlib
import importlib.util
import io
import json
import tarfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fetch_graphiql_assets.py"


@pytest.fixture
def fetcher(monkeypatch, tmp_path):
    """The script's module with one pin (``widget@1.0.0``) and an ``npm pack`` that counts calls."""
    spec = importlib.util.spec_from_file_location("fetch_graphiql_assets_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tarball = _tarball({"package/widget.js": b"console.log('widget');"})
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    monkeypatch.setattr(
        module,
        "PINS",
        {"widget": ("1.0.0", integrity, {"package/widget.js": "widget.js"})},
    )
    module.packed = []
    module.served = tarball

    def npm_pack(npm, spec, directory):
        module.packed.append(spec)
        path = directory / "widget-1.0.0.tgz"
        path.write_bytes(module.served)
        return path

    monkeypatch.setattr(module, "_npm_pack", npm_pack)
    monkeypatch.setattr(module.shutil, "which", lambda name: "/usr/bin/npm")
    module.integrity = integrity
    module.cache = tmp_path / "cache"
    return module


def _tarball(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_a_fetched_tarball_is_cached_under_its_sha512_and_reused_without_npm(
    fetcher, tmp_path, monkeypatch
):
    vendor = tmp_path / "vendor"
    assert fetcher.fetch(vendor, cache=fetcher.cache) is True
    assert fetcher.packed == ["widget@1.0.0"]
    assert (vendor / "widget.js").read_bytes() == b"console.log('widget');"
    assert json.loads((vendor / "VERSIONS.json").read_text()) == {"widget": "1.0.0"}
    digest = hashlib.sha512(fetcher.served).hexdigest()
    assert [p.name for p in fetcher.cache.iterdir()] == [f"sha512-{digest}.tgz"]

    assert fetcher.fetch(vendor, cache=fetcher.cache) is False  # up to date: nothing to do
    monkeypatch.setattr(fetcher.shutil, "which", lambda name: None)  # no npm on this machine
    other = tmp_path / "other-checkout" / "vendor"
    assert fetcher.fetch(other, cache=fetcher.cache) is True
    assert fetcher.packed == ["widget@1.0.0"]  # npm was not run again
    assert (other / "widget.js").is_file()


def test_a_spoiled_cache_file_is_fetched_again_and_replaced(fetcher, tmp_path):
    cached = fetcher.cached_tarball(fetcher.integrity, fetcher.cache)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not the pinned tarball")
    assert fetcher.fetch(tmp_path / "vendor", cache=fetcher.cache) is True
    assert fetcher.packed == ["widget@1.0.0"]
    assert cached.read_bytes() == fetcher.served


def test_a_tarball_that_does_not_match_its_pin_is_refused_and_not_cached(fetcher, tmp_path):
    fetcher.served = _tarball({"package/widget.js": b"alert('tampered');"})
    with pytest.raises(SystemExit, match="integrity mismatch"):
        fetcher.fetch(tmp_path / "vendor", cache=fetcher.cache)
    assert not (tmp_path / "vendor").exists()
    assert not fetcher.cache.exists() or not list(fetcher.cache.iterdir())


def test_the_cache_folder_comes_from_the_environment(fetcher, monkeypatch, tmp_path):
    monkeypatch.setenv("RAIL_DJANGO_NPM_CACHE", str(tmp_path / "mine"))
    assert fetcher.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("RAIL_DJANGO_NPM_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fetcher.cache_dir() == tmp_path / "xdg" / "rail-django" / "npm"
