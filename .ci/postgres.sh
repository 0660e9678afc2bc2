# Starts a throw-away PostgreSQL cluster on 127.0.0.1:55432 with SCRAM password authentication
# and a `switchboard` role and database. Sourced by .ci/run; usable by hand:
#   source .ci/postgres.sh && start_postgres
PG_PORT=${PG_PORT:-55432}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDATA_DIR=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
  chown postgres "$PGDATA_DIR"
  su postgres -s /bin/sh -c "$bin/initdb -D $PGDATA_DIR -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $PGDATA_DIR -w -l $PGDATA_DIR/server.log -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=200 -c fsync=off' start >/dev/null"
  su postgres -s /bin/sh -c "psql -q -h /tmp -p $PG_PORT -U postgres -c \"CREATE ROLE switchboard LOGIN PASSWORD 'switchboard'\" -c 'CREATE DATABASE switchboard OWNER switchboard'"
  export PG_BIN="$bin" PGDATA_DIR
}

stop_postgres() {
  [ -n "${PGDATA_DIR:-}" ] || return 0
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PGDATA_DIR -m fast stop >/dev/null" || true
  rm -rf "$PGDATA_DIR"
}
