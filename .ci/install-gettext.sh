#!/usr/bin/env bash
# Debian's GNU gettext (xgettext, msgmerge, msgfmt): tools/i18n.py runs Django's makemessages and
# msgfmt to check the French catalogues. Idempotent. Waits for apt's lock, which
# install-nginx.sh or install-browser.sh may hold at the same time.
set -euo pipefail
if command -v msgfmt >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 \
    && command -v xgettext >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_get update -qq
apt_get install -y -qq --no-install-recommends gettext >/dev/null
msgfmt --version | head -n1
