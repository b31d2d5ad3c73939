#!/usr/bin/env bash
# Installs Debian's haproxy for the replica tests (three gateways behind a round-robin load balancer), only when it is
# missing.
#
#   bash tests/ci/install-haproxy.sh
#
# The tests run /usr/sbin/haproxy (or haproxy on PATH) as a child process on loopback ports; without it they are
# reported skipped. For a fresh Debian 12 machine running as root; running it twice is safe.
set -euo pipefail

if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
    echo "install-haproxy: installing Debian's haproxy" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi

haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
echo "install-haproxy: $("$haproxy_bin" -v | head -n 1)" >&2
