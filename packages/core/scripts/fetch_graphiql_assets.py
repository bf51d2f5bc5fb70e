# ruff: noqa: INP001  (a build script run by path, not an importable package)
"""Copy GraphiQL's browser bundles from pinned npm packages into core's static files.

GraphiQL is served from static files shipped in core's wheel, so the page loads nothing from a
CDN. The bundles are third-party build output, so they are not committed: this script fetches
the exact releases pinned below with ``npm pack`` (the npm registry's own client), checks each
tarball against its pinned sha512 integrity, and extracts the UMD bundles plus their licences
into ``src/rail_django/core/static/rail_django/graphiql/vendor/`` (git-ignored).

It runs from core's hatch build hook (every wheel and editable install) and can be run by hand:
``python packages/core/scripts/fetch_graphiql_assets.py``. Nothing is fetched when the vendor
directory already holds these versions. Needs ``npm`` on PATH (Node.js) unless the cache holds
every tarball.

Verified tarballs are kept in a cache, ``$RAIL_DJANGO_NPM_CACHE`` or
``${XDG_CACHE_HOME:-~/.cache}/rail-django/npm/``, one file per tarball named by its sha512, so a
fresh clone or a new environment (CI builds several) extracts them again without the network. A
cached file is checked against its pin each time it is used; one that does not match is fetched
again and replaced.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

CORE_DIR = Path(__file__).resolve().parent.parent
VENDOR_DIR = (
    CORE_DIR / "src" / "rail_django" / "core" / "static" / "rail_django" / "graphiql" / "vendor"
)
STAMP = "VERSIONS.json"

#: package -> (version, sha512 integrity of its npm tarball, {path in tarball: vendored name}).
# React 18 is the last major with UMD builds, and GraphiQL 4 the last with a UMD bundle.
PINS: dict[str, tuple[str, str, dict[str, str]]] = {
    "graphiql": (
        "4.1.2",
        "sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg==",
        {
            "package/graphiql.min.js": "graphiql.min.js",
            "package/graphiql.min.css": "graphiql.min.css",
            "package/LICENSE": "licenses/graphiql.LICENSE",
        },
    ),
    "react": (
        "18.3.1",
        "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
        {
            "package/umd/react.production.min.js": "react.production.min.js",
            "package/LICENSE": "licenses/react.LICENSE",
        },
    ),
    "react-dom": (
        "18.3.1",
        "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
        {
            "package/umd/react-dom.production.min.js": "react-dom.production.min.js",
            "package/LICENSE": "licenses/react-dom.LICENSE",
        },
    ),
}


def cache_dir() -> Path:
    """Where verified npm tarballs are kept between builds."""
    configured = os.environ.get("RAIL_DJANGO_NPM_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rail-django" / "npm"


def cached_tarball(integrity: str, cache: Path) -> Path:
    """The cache file of the tarball whose ``sha512-<base64>`` integrity is ``integrity``."""
    algorithm, _, expected = integrity.partition("-")
    return cache / f"{algorithm}-{base64.b64decode(expected).hex()}.tgz"


def wanted_versions() -> dict[str, str]:
    return {name: version for name, (version, _, _) in PINS.items()}


def up_to_date(vendor_dir: Path = VENDOR_DIR) -> bool:
    """Whether ``vendor_dir`` already holds every pinned file at the pinned versions."""
    stamp = vendor_dir / STAMP
    if not stamp.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return False
    files = [target for _, _, mapping in PINS.values() for target in mapping.values()]
    return recorded == wanted_versions() and all((vendor_dir / f).is_file() for f in files)


def fetch(vendor_dir: Path = VENDOR_DIR, *, force: bool = False, cache: Path | None = None) -> bool:
    """Fetch and extract the pinned assets; return ``False`` when they were already there.

    ``force`` rebuilds the vendor directory (cached tarballs are still used when they verify).
    """
    if not force and up_to_date(vendor_dir):
        return False
    cache = cache_dir() if cache is None else cache
    with tempfile.TemporaryDirectory(prefix="rail-graphiql-") as tmp:
        staging = Path(tmp) / "vendor"
        staging.mkdir()
        for name, (version, integrity, mapping) in PINS.items():
            tarball = _tarball(f"{name}@{version}", integrity, cache, Path(tmp))
            _extract(tarball, mapping, staging)
        (staging / STAMP).write_text(json.dumps(wanted_versions(), indent=2) + "\n", "utf-8")
        if vendor_dir.exists():
            shutil.rmtree(vendor_dir)
        vendor_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, vendor_dir)
    return True


def _tarball(spec: str, integrity: str, cache: Path, scratch: Path) -> Path:
    """The verified tarball of ``spec``: from the cache when it verifies, else from npm (then
    cached; a cache that cannot be written is only a slower next build)."""
    cached = cached_tarball(integrity, cache)
    if cached.is_file() and _matches(cached, integrity):
        return cached
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm is needed to fetch GraphiQL's assets (install Node.js), or install "
            "rail-django-core from a wheel, which ships them."
        )
    tarball = _npm_pack(npm, spec, scratch)
    _verify(tarball, integrity, spec)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        shutil.copyfile(tarball, partial)
        os.replace(partial, cached)  # atomic: parallel builds never read half a file
    except OSError:
        pass
    return tarball


def _npm_pack(npm: str, spec: str, directory: Path) -> Path:
    completed = subprocess.run(  # noqa: S603 (fixed argv, pinned specs)
        [npm, "pack", spec, "--json", "--silent", "--pack-destination", str(directory)],
        check=True,
        capture_output=True,
        text=True,
        cwd=directory,
    )
    filename = json.loads(completed.stdout)[0]["filename"]
    return directory / filename


def _matches(tarball: Path, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    return digest == expected


def _verify(tarball: Path, integrity: str, spec: str) -> None:
    if not _matches(tarball, integrity):
        raise SystemExit(f"{spec}: tarball integrity mismatch (expected {integrity}).")


def _extract(tarball: Path, mapping: dict[str, str], staging: Path) -> None:
    with tarfile.open(tarball, "r:gz") as archive:
        for member_name, target in mapping.items():
            member = archive.getmember(member_name)
            source = archive.extractfile(member)
            if source is None:
                raise SystemExit(f"{tarball.name}: {member_name} is not a file.")
            destination = staging / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read())


if __name__ == "__main__":
    changed = fetch(force="--force" in sys.argv[1:])
    print(f"GraphiQL assets {'fetched' if changed else 'already present'} in {VENDOR_DIR}")
