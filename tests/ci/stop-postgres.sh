#!/usr/bin/env bash
# Stops a cluster started by start-postgres.sh and deletes its directory.
#   bash tests/ci/stop-postgres.sh [cluster-dir]    (default: $MCPGW_PG_DIR)
# In the shell that sourced start-postgres.sh, the function mcpgw_stop_postgres does the same and unsets the variables.
set -u
dir="${1:-${MCPGW_PG_DIR:-}}"
if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "stop-postgres: no cluster to stop" >&2
    exit 0
fi
pg_ctl="${MCPGW_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)}/pg_ctl"
runuser -u postgres -- "$pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
rm -rf "$dir"
