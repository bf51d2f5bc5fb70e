#!/usr/bin/env bash
# Debian's Chromium for the browser tests (GraphiQL loaded in headless Chromium, driven by the
# playwright Python package with executable_path=/usr/bin/chromium; Playwright's own browser
# download is never used). Idempotent: does nothing when chromium is already installed.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
chromium --version
