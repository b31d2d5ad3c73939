#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the dashboard's browser tests, only when they are missing.
#
#   bash tests/ci/install-chromium.sh
#
# The tests point Selenium at /usr/bin/chromium and /usr/bin/chromedriver and never download a browser; without them
# the browser tests are reported skipped. For a fresh Debian 12 machine running as root; running it twice is safe.
set -euo pipefail

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "install-chromium: installing Debian's chromium and chromium-driver" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Debian's chromium wrapper script prints a harmless shell warning on some machines; keep only the version line.
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1); $(/usr/bin/chromedriver --version | cut -d' ' -f1-2)" >&2
