# Start a throwaway PostgreSQL server for the tests and export NEWSFACTS_TEST_POSTGRES_URL.
#
#   source .ci/postgres.sh      # from .ci/run (or by hand), before pytest
#
# Installs PostgreSQL from Debian packages when no server binaries are found, initdb's a cluster
# in a temporary directory (as the postgres user when run as root: initdb refuses root), starts
# it on 127.0.0.1 on a free port, creates the database newsfacts_test, and stops the server and
# removes the directory when the sourcing shell exits (an EXIT trap added to any existing one).
# Meant to be sourced: it returns (not exits) non-zero on failure and leaves shell options alone.

newsfacts_pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

newsfacts_pg_install() {
    echo "postgres.sh: installing PostgreSQL from Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
}

newsfacts_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Run a PostgreSQL program as the cluster's owner: postgres when we are root, else ourselves.
newsfacts_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

newsfacts_pg_stop() {
    if [ -n "${NEWSFACTS_PG_DIR:-}" ] && [ -d "$NEWSFACTS_PG_DIR" ]; then
        newsfacts_pg_as_owner "$NEWSFACTS_PG_BIN/pg_ctl" -D "$NEWSFACTS_PG_DIR/data" -m immediate -w stop \
            >/dev/null 2>&1 || true
        rm -rf "$NEWSFACTS_PG_DIR"
    fi
    unset NEWSFACTS_PG_DIR
}

newsfacts_pg_start() {
    local bin dir port
    bin=$(newsfacts_pg_bindir) || { newsfacts_pg_install && bin=$(newsfacts_pg_bindir); } || {
        echo "postgres.sh: no PostgreSQL server binaries after installing" >&2
        return 1
    }
    dir=$(mktemp -d /tmp/newsfacts-pg.XXXXXX) || return 1
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=$(newsfacts_pg_free_port) || return 1
    NEWSFACTS_PG_DIR=$dir
    NEWSFACTS_PG_BIN=$bin
    if ! newsfacts_pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        newsfacts_pg_stop
        return 1
    fi
    if ! newsfacts_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null; then
        cat "$dir/server.log" >&2
        newsfacts_pg_stop
        return 1
    fi
    if ! newsfacts_pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres newsfacts_test; then
        newsfacts_pg_stop
        return 1
    fi
    local previous
    previous=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
    # shellcheck disable=SC2064  # expand the previous trap now, run both on exit
    trap "newsfacts_pg_stop${previous:+; $previous}" EXIT
    export NEWSFACTS_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/newsfacts_test"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" -V | awk '{print $3}') at $NEWSFACTS_TEST_POSTGRES_URL" >&2
}

newsfacts_pg_start
