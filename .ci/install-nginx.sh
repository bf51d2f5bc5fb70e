#!/usr/bin/env bash
# Debian's nginx, only for `nginx -t` on the configuration rail-admin generates (core's tests;
# the server itself is never started). Idempotent. Waits for apt's lock, which
# install-browser.sh may hold at the same time.
set -euo pipefail
if PATH="$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_get update -qq
# nginx-light where Debian still has it (12), else nginx (13 dropped the flavours).
apt_get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 \
    || apt_get install -y -qq --no-install-recommends nginx >/dev/null
# The package starts a server on port 80; the tests need only the binary.
if [ -f /run/nginx.pid ]; then
    kill "$(cat /run/nginx.pid)" 2>/dev/null || true
fi
/usr/sbin/nginx -v
