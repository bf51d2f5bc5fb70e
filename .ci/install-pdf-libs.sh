#!/usr/bin/env bash
# Debian's libraries WeasyPrint loads beyond pango and cairo (templating's tests and benchmark):
# harfbuzz's subset library makes font subsetting native (a 1-page invoice renders in ~0.15 s
# with it, ~1.1 s without). Idempotent; waits for apt's lock like install-nginx.sh.
set -euo pipefail
packages=(libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "already installed: ${packages[*]}"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
