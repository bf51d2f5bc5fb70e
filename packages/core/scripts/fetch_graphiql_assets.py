# ruff: noqa: INP001  (a build script run by path, not an importable package)
"""Copy GraphiQL's browser bundles from pinned npm packages into core's static files.

GraphiQL is served from static files shipped in core's wheel, so the page loads nothing from a
CDN. The bundles are third-party build output, so they are not committed: this script fetches
the exact releases pinned below with ``npm pack`` (the npm registry's own client), checks each
tarball against its pinned sha512 integrity, and extracts the UMD bundles plus their licences
into ``src/rail_django/core/static/rail_django/graphiql/vendor/`` (git-ignored).

It runs from core's hatch build hook (every wheel and editable install) and can be run by hand:
``python packages/core/scripts/fetch_graphiql_assets.py``. Nothing is fetched when the vendor
directory already holds these versions. Needs ``npm`` on PATH (Node.js).
"""

from __future__ import annotations

import base64
import hashlib
import json
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


def fetch(vendor_dir: Path = VENDOR_DIR, *, force: bool = False) -> bool:
    """Fetch and extract the pinned assets; return ``False`` when they were already there."""
    if not force and up_to_date(vendor_dir):
        return False
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm is needed to fetch GraphiQL's assets (install Node.js), or install "
            "rail-django-core from a wheel, which ships them."
        )
    with tempfile.TemporaryDirectory(prefix="rail-graphiql-") as tmp:
        staging = Path(tmp) / "vendor"
        staging.mkdir()
        for name, (version, integrity, mapping) in PINS.items():
            tarball = _npm_pack(npm, f"{name}@{version}", Path(tmp))
            _verify(tarball, integrity, f"{name}@{version}")
            _extract(tarball, mapping, staging)
        (staging / STAMP).write_text(json.dumps(wanted_versions(), indent=2) + "\n", "utf-8")
        if vendor_dir.exists():
            shutil.rmtree(vendor_dir)
        vendor_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, vendor_dir)
    return True


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


def _verify(tarball: Path, integrity: str, spec: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
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
