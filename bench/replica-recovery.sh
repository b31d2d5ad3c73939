#!/usr/bin/env bash
# Time from `kill -9` of a replica to the last of its in-flight idempotency keys being settled by the survivor.
#
# Two `mcpgw serve` replicas on one fresh PostgreSQL database, the demo TestUpstream (charge with a probe) behind each,
# sharing its durable state. N charges are sent to replica A and hang after charging; once all N are in flight, A (and
# its upstream child) get SIGKILL; the script then polls the database until no key is in_flight and no execution is
# running, and prints the time. Prints figures; asserts nothing.
#
# Needs: the Debug build (dotnet build McpGateway.sln), psql, curl, and a PostgreSQL server given as libpq variables
# (PGHOST, PGPORT, PGUSER; default 127.0.0.1:27333 postgres, the test server of tests/ci/start-postgres.sh).
# Usage: bench/replica-recovery.sh [N=20] [instance_expiry=30s] [rounds=3]
set -euo pipefail
N=${1:-20}
EXPIRY=${2:-30s}
ROUNDS=${3:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-27333} PGUSER=${PGUSER:-postgres}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GATEWAY=$ROOT/src/McpGateway/bin/Debug/net10.0/mcpgw.dll
UPSTREAM=$ROOT/tests/TestUpstream/bin/Debug/net10.0/TestUpstream.dll
[[ -f $GATEWAY && -f $UPSTREAM ]] || { echo "build first: dotnet build McpGateway.sln" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

run_round() {
  local round=$1 db="mcpgw_bench_$$_$round" work pids=() a b pa pb
  work=$(mktemp -d)
  psql -qAt -d postgres -c "CREATE DATABASE $db" >/dev/null
  mkdir -p "$work/state" "$work/a" "$work/b"
  for r in a b; do
    cat > "$work/$r/connectors.yaml" <<YAML
gateway:
  data_dir: ./data
  auth: none
  storage: postgres
  postgres: "Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$db"
  instance_expiry: $EXPIRY
connectors:
  demo:
    kind: mcp-stdio
    command: dotnet
    args: ["$UPSTREAM"]
    env:
      TESTUPSTREAM_STATE_DIR: "$work/state"
    tools:
      charge:
        timeout: 300s
        idempotency_key: "charge:{{args.payment_id}}"
        probe:
          tool: demo__lookup_payment
          args: { payment_id: "{{args.payment_id}}" }
          succeeded_when: { found: "true" }
YAML
  done
  pa=$(free_port); pb=$(free_port)
  (cd "$work/a" && exec dotnet "$GATEWAY" serve --config connectors.yaml --listen "http://127.0.0.1:$pa" >"$work/a.log" 2>&1) & a=$!
  (cd "$work/b" && exec dotnet "$GATEWAY" serve --config connectors.yaml --listen "http://127.0.0.1:$pb" >"$work/b.log" 2>&1) & b=$!
  # Ready when the demo connector answers a read through each replica (/readyz does not wait for connectors).
  for port in $pa $pb; do
    for _ in $(seq 1 1200); do
      curl -s -X POST "http://127.0.0.1:$port/v1/call" -H 'content-type: application/json' \
        -d '{"tool":"demo__lookup_payment","arguments":{"payment_id":"warmup"}}' 2>/dev/null | grep -q '"charges"' && break
      sleep 0.2
    done
  done
  echo "round $round: replicas ready on $pa and $pb; sending $N charges to A" >&2
  for i in $(seq 1 "$N"); do
    curl -s -o /dev/null -X POST "http://127.0.0.1:$pa/v1/call" -H 'content-type: application/json' \
      -d "{\"tool\":\"demo__charge\",\"arguments\":{\"payment_id\":\"bench_${round}_$i\",\"amount\":1,\"hang_after_charge_ms\":300000}}" &
    pids+=($!)
  done
  for _ in $(seq 1 1200); do
    [[ $(psql -qAt -d "$db" -c "SELECT COUNT(*) FROM idempotency_keys WHERE state = 'in_flight'") -ge $N ]] && break; sleep 0.05
  done
  # Every charge recorded upstream (read through B), so the kill lands while all N calls hang after their effect.
  for i in $(seq 1 "$N"); do
    for _ in $(seq 1 1200); do
      curl -s -X POST "http://127.0.0.1:$pb/v1/call" -H 'content-type: application/json' \
        -d "{\"tool\":\"demo__lookup_payment\",\"arguments\":{\"payment_id\":\"bench_${round}_$i\"}}" | grep -q '"charges":1' && break
      sleep 0.05
    done
  done
  echo "round $round: $N keys in flight and charged; kill -9 A" >&2
  local children; children=$(pgrep -P "$a" || true)
  local t0; t0=$(now_ms)
  kill -9 "$a" $children 2>/dev/null || true
  local left=1
  while [[ $left -ne 0 ]]; do
    left=$(psql -qAt -d "$db" -c "SELECT (SELECT COUNT(*) FROM idempotency_keys WHERE state = 'in_flight') + (SELECT COUNT(*) FROM executions WHERE status = 'running')")
    [[ $left -ne 0 ]] && sleep 0.02
  done
  local t1; t1=$(now_ms)
  local states; states=$(psql -qAt -d "$db" -c "SELECT string_agg(state || '=' || n, ' ') FROM (SELECT state, COUNT(*) n FROM idempotency_keys GROUP BY state ORDER BY state) s")
  printf 'round %d: %d keys in flight on the killed replica, all settled by the survivor %d ms after kill -9 (%s; instance_expiry %s)\n' \
    "$round" "$N" $((t1 - t0)) "$states" "$EXPIRY"
  kill "$b" 2>/dev/null || true; wait "$b" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -qAt -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  rm -rf "$work"
}

for round in $(seq 1 "$ROUNDS"); do run_round "$round"; done
