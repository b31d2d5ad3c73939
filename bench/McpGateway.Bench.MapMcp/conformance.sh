#!/usr/bin/env bash
# The official conformance suite (tests/conformance/run.sh) through both MCP fronts of the front host, as
# ConformanceTests runs it through mcpgw: TestUpstream directly over Streamable HTTP, then /c/{connector}/mcp with
# an mcp-stdio and an mcp-http connector to it, once with the hand-written endpoint and once with the SDK's MapMcp.
#
#   bench/McpGateway.Bench.MapMcp/conformance.sh [--requirements 2026-07-28|2025-11-25] OUTDIR
#
# Needs the Release builds of TestUpstream and this host, and `npm ci` in tests/conformance. Prints run.sh's last
# line per endpoint and compare.sh's list of checks that pass directly but not through a front.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requirements=2026-07-28
if [ "${1:-}" = --requirements ]; then requirements="$2"; shift 2; fi
[ $# -eq 1 ] || { echo "usage: $0 [--requirements REV] OUTDIR" >&2; exit 2; }
out="$(mkdir -p "$1" && cd "$1" && pwd)"
upstream_dll="$root/tests/TestUpstream/bin/Release/net10.0/TestUpstream.dll"
host_dll="$root/bench/McpGateway.Bench.MapMcp/bin/Release/net10.0/McpGateway.Bench.MapMcp.dll"
for f in "$upstream_dll" "$host_dll"; do [ -f "$f" ] || { echo "missing $f (dotnet build -c Release)" >&2; exit 2; }; done

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT

# start NAME CMD...: runs CMD with its output in $out/NAME.log and waits (60 s at most) for its "listening URL" line.
start() {
  local name="$1"; shift
  "$@" > "$out/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    url="$(grep -m1 -o 'listening http[^ ]*' "$out/$name.log" | cut -d' ' -f2)"
    [ -n "$url" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not start; see $out/$name.log" >&2
  exit 3
}

start upstream dotnet "$upstream_dll" --http --port 0
direct="$url"
bash "$root/tests/conformance/run.sh" --requirements "$requirements" "$direct" "$out/direct.json" | tail -1

for front in endpoint mapmcp; do
  mkdir -p "$out/$front"
  cat > "$out/$front/connectors.yaml" <<YAML
gateway:
  data_dir: ./data
connectors:
  conformance-stdio:
    kind: mcp-stdio
    command: dotnet
    args: ["$upstream_dll"]
  conformance-http:
    kind: mcp-http
    url: $direct
YAML
  start "$front/host" dotnet "$host_dll" --front "$front" --config "$out/$front/connectors.yaml" --listen http://127.0.0.1:0
  base="${url%/}"
  for _ in $(seq 1 600); do
    [ "$(curl -s "$base/v1/status" | grep -o '"state":"connected"' | wc -l)" -eq 2 ] && break
    sleep 0.1
  done
  for connector in stdio http; do
    echo -n "$front mcp-$connector: "
    bash "$root/tests/conformance/run.sh" --requirements "$requirements" "$base/c/conformance-$connector/mcp" "$out/$front/$connector.json" | tail -1
    bash "$root/tests/conformance/compare.sh" "$out/direct.json" "$out/$front/$connector.json" | sed 's/^/    /'
  done
done
