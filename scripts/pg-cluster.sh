#!/usr/bin/env bash
# The PostgreSQL 15 test cluster: three instances on loopback, made by initdb in a
# temporary folder. The coordinator (port 54401) reaches the two shards (54402, 54403)
# through postgres_fdw; `sq_create_sharded_table` on it makes a table hash-partitioned
# by patient over foreign partitions, one on each shard (see docs at the function).
#
#   scripts/pg-cluster.sh start     create what is missing, start what is stopped
#   scripts/pg-cluster.sh status    exit 0 when all three answer
#   scripts/pg-cluster.sh stop      stop them and remove the folder
#
# Environment: SQ_PG_DIR (default /tmp/sq-pg), SQ_PG_PORT (first port, default 54401).
# Roles: `sq` (superuser, trust on 127.0.0.1) and `sq_password` (password
# `sq-test-secret`, scram-sha-256), both only on 127.0.0.1; database `sq` on each.
# The coordinator offers TLS with a self-signed certificate when openssl is present.
# initdb and postgres refuse to run as root, so as root the servers run as the
# unprivileged system user `sqpg` (created when missing).
set -euo pipefail

dir=${SQ_PG_DIR:-/tmp/sq-pg}
first_port=${SQ_PG_PORT:-54401}
ports=("$first_port" "$((first_port + 1))" "$((first_port + 2))")
names=(coordinator shard1 shard2)
bin=${SQ_PG_BIN:-/usr/lib/postgresql/15/bin}
server_user=sqpg

if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL 15 server binaries are missing from $bin: run scripts/install-deps.sh" >&2
  exit 1
fi

# Runs a command as the server's owner: ourselves, or `sqpg` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$server_user" -- "$@"
  else
    "$@"
  fi
}

psql_at() { # port, then psql arguments
  local port=$1; shift
  PGOPTIONS="-c client_min_messages=warning" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U sq "$@"
}

running() { # index
  as_owner "$bin/pg_ctl" -D "$dir/${names[$1]}" status >/dev/null 2>&1
}

init_instance() { # index
  local i=$1 data="$dir/${names[$1]}" port=${ports[$1]}
  [ -f "$data/PG_VERSION" ] && return 0
  as_owner "$bin/initdb" -D "$data" -U sq --auth-local=trust --auth-host=reject \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat > "$data/pg_hba.conf" <<EOF
# The test cluster: loopback only. sq_password must give its password.
local all all                      trust
host  all sq_password 127.0.0.1/32 scram-sha-256
host  all sq          127.0.0.1/32 trust
EOF
  cat >> "$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 40
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
EOF
  if [ "$i" -eq 0 ] && command -v openssl >/dev/null 2>&1; then
    as_owner openssl req -new -x509 -days 3650 -nodes -subj /CN=localhost \
      -keyout "$data/server.key" -out "$data/server.crt" >/dev/null 2>&1
    chmod 600 "$data/server.key"
    echo "ssl = on" >> "$data/postgresql.conf"
  fi
}

start_instance() { # index
  local data="$dir/${names[$1]}"
  running "$1" && return 0
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null || {
    echo "PostgreSQL ${names[$1]} did not start; its log:" >&2
    tail -20 "$data/server.log" >&2
    exit 1
  }
}

setup_instance() { # index: database `sq`, role `sq_password`
  local port=${ports[$1]}
  psql_at "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sq'" | grep -q 1 \
    || psql_at "$port" -d postgres -c "CREATE DATABASE sq"
  psql_at "$port" -d sq <<'EOF'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sq_password') THEN
    CREATE ROLE sq_password LOGIN PASSWORD 'sq-test-secret';
  END IF;
END $$;
GRANT ALL ON SCHEMA public TO sq_password;
EOF
}

setup_coordinator() {
  psql_at "${ports[0]}" -d sq <<EOF
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE EXTENSION IF NOT EXISTS dblink;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard1') THEN
    CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (host '127.0.0.1', port '${ports[1]}', dbname 'sq', async_capable 'true', fetch_size '10000', batch_size '1000');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard2') THEN
    CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
      OPTIONS (host '127.0.0.1', port '${ports[2]}', dbname 'sq', async_capable 'true', fetch_size '10000', batch_size '1000');
  END IF;
END \$\$;
-- PUBLIC: every local role (sq, sq_password) reaches the shards as the shards' sq.
CREATE USER MAPPING IF NOT EXISTS FOR PUBLIC SERVER shard1 OPTIONS (user 'sq');
CREATE USER MAPPING IF NOT EXISTS FOR PUBLIC SERVER shard2 OPTIONS (user 'sq');

-- sq_create_sharded_table('cohort', 'patient', 'patient integer, time double precision, status integer')
-- (re)creates \`cohort\` on the coordinator as a table hash-partitioned by \`patient\`
-- whose two partitions, cohort_p0 and cohort_p1, are postgres_fdw foreign tables
-- over a plain table \`cohort\` on shard1 and shard2. Rows inserted on the
-- coordinator go to the shard their patient hashes to. Any existing table of that
-- name is dropped first, here and on the shards.
CREATE OR REPLACE FUNCTION sq_create_sharded_table(tbl text, patient text, columns text)
RETURNS void LANGUAGE plpgsql AS \$\$
DECLARE
  shards text[] := ARRAY['shard1', 'shard2'];
  ports text[] := ARRAY['${ports[1]}', '${ports[2]}'];
  i int;
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', tbl);
  EXECUTE format('CREATE TABLE %I (%s) PARTITION BY HASH (%I)', tbl, columns, patient);
  FOR i IN 1 .. array_length(shards, 1) LOOP
    PERFORM dblink_exec(format('host=127.0.0.1 port=%s dbname=sq user=sq', ports[i]),
                        format('DROP TABLE IF EXISTS %I CASCADE; CREATE TABLE %I (%s)', tbl, tbl, columns));
    EXECUTE format('CREATE FOREIGN TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s) '
                   'SERVER %I OPTIONS (table_name %L)',
                   tbl || '_p' || (i - 1), tbl, array_length(shards, 1), i - 1, shards[i], tbl);
  END LOOP;
END \$\$;
GRANT EXECUTE ON FUNCTION sq_create_sharded_table(text, text, text) TO PUBLIC;
EOF
}

start() {
  # The servers outlive this script: they must not inherit the caller's descriptors
  # (Foundation's Process, for one, waits until every holder of its socket has closed it).
  if [ -d "/proc/$$/fd" ]; then
    for fd in /proc/$$/fd/*; do
      n=${fd##*/}
      if [ "$n" -gt 2 ] && [ "$n" -lt 255 ]; then eval "exec $n>&-" 2>/dev/null || true; fi
    done
  fi
  if [ "$(id -u)" -eq 0 ] && ! id "$server_user" >/dev/null 2>&1; then
    # Another run may be making it at the same moment.
    useradd --system --no-create-home --shell /usr/sbin/nologin "$server_user" 2>/dev/null || id "$server_user" >/dev/null
  fi
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$server_user" "$dir"
  chmod 700 "$dir"
  for i in 0 1 2; do
    init_instance "$i"
    start_instance "$i"
    setup_instance "$i"
  done
  setup_coordinator
  echo "PostgreSQL test cluster up in $dir: coordinator 127.0.0.1:${ports[0]}, shards ${ports[1]}, ${ports[2]}"
}

stop() {
  for i in 0 1 2; do
    if [ -d "$dir/${names[$i]}" ] && running "$i"; then
      as_owner "$bin/pg_ctl" -D "$dir/${names[$i]}" -m fast -w stop >/dev/null
    fi
  done
  rm -rf "$dir"
}

status() {
  local ok=0
  for i in 0 1 2; do
    if [ -d "$dir/${names[$i]}" ] && running "$i"; then
      echo "${names[$i]}: running on 127.0.0.1:${ports[$i]}"
    else
      echo "${names[$i]}: stopped"
      ok=1
    fi
  done
  return $ok
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
