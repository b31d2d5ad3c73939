#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the storage tests and exports MCPGW_TEST_POSTGRES.
#
#   source tests/ci/start-postgres.sh        # starts a cluster, exports MCPGW_TEST_POSTGRES (+ MCPGW_PG_DIR, MCPGW_PG_BIN)
#   dotnet test tests/McpGateway.Storage.Tests
#   mcpgw_stop_postgres                      # or: bash tests/ci/stop-postgres.sh "$MCPGW_PG_DIR"
#
# Run directly instead of sourced, it prints the export lines: eval "$(bash tests/ci/start-postgres.sh)".
# For a fresh Debian 12 machine running as root: installs Debian's postgresql only when no server binaries are found,
# runs a new cluster in its own temp dir (owned by the postgres user) with trust auth, listening only on 127.0.0.1 on
# a free port, with its socket inside that dir. Each run starts its own cluster, so running it twice is safe.
# Sourced, it defines functions only and never `exit`s or `set -e`s the caller's shell.

mcpgw_pg_bin() {
    local dir best=""
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            best="$dir"   # the glob sorts versions as text; the last one wins, fine for Debian's single version
        fi
    done
    printf '%s' "$best"
}

mcpgw_port_free() {
    # A connect that fails means nothing listens there.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

mcpgw_start_postgres() {
    local bin dir port attempt
    bin="$(mcpgw_pg_bin)"
    if [ -z "$bin" ]; then
        echo "start-postgres: no PostgreSQL server found, installing Debian's postgresql" >&2
        apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2 || return 1
        bin="$(mcpgw_pg_bin)"
        [ -n "$bin" ] || { echo "start-postgres: postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin" >&2; return 1; }
    fi
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1

    dir="$(mktemp -d /tmp/mcpgw-pg.XXXXXX)" || return 1
    chown postgres:postgres "$dir" && chmod 700 "$dir" || return 1
    if ! runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
        echo "start-postgres: initdb failed:" >&2; cat "$dir/initdb.log" >&2; return 1
    fi

    # Another run may take the same port between our check and the server's bind: then try another one.
    # max_connections: the store suites run their test classes in parallel, each with its own Npgsql pool, and the
    # default 100 was exhausted once in CI ("53300: sorry, too many clients already").
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$(( 20000 + (RANDOM % 20000) ))
        mcpgw_port_free "$port" || continue
        if runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=400" start >&2; then
            break
        fi
        port=""
    done
    if [ -z "$port" ]; then
        echo "start-postgres: the server did not start:" >&2; tail -n 20 "$dir/postgres.log" >&2; return 1
    fi

    "$bin/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >&2 || return 1
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres mcpgw_test || return 1

    export MCPGW_PG_BIN="$bin"
    export MCPGW_PG_DIR="$dir"
    export MCPGW_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=mcpgw_test;"
    echo "start-postgres: PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, cluster $dir" >&2
}

mcpgw_stop_postgres() {
    local dir="${1:-${MCPGW_PG_DIR:-}}" bin="${MCPGW_PG_BIN:-$(mcpgw_pg_bin)}"
    [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "stop-postgres: no cluster to stop" >&2; return 0; }
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
    if [ "$dir" = "${MCPGW_PG_DIR:-}" ]; then
        unset MCPGW_PG_DIR MCPGW_PG_BIN MCPGW_TEST_POSTGRES
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    mcpgw_start_postgres || exit 1
    printf 'export MCPGW_PG_BIN=%q\nexport MCPGW_PG_DIR=%q\nexport MCPGW_TEST_POSTGRES=%q\n' \
        "$MCPGW_PG_BIN" "$MCPGW_PG_DIR" "$MCPGW_TEST_POSTGRES"
else
    mcpgw_start_postgres
fi
