#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the store tests.
#
#   scripts/pg-test.sh start DIR [URL_FILE]   initdb + start in DIR, create database
#                                             threatpath_test, print its URL (and write it to
#                                             URL_FILE when given)
#   scripts/pg-test.sh stop DIR               stop the cluster and remove DIR
#
# The server listens on 127.0.0.1 only, on a free port, with its socket inside the cluster's
# directory, trust authentication and fsync off (test data only). As root, initdb and pg_ctl run
# as the `postgres` user. Exits 77 (CTest's skip code here) when PostgreSQL 15 is not installed.
set -euo pipefail

BIN=${TP_PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
url_file=${3:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start DIR [URL_FILE] | stop DIR" >&2
  exit 2
fi

as_root=0
[ "$(id -u)" -eq 0 ] && as_root=1

# Runs a server command as the cluster's owner.
as_owner() {
  if [ "$as_root" -eq 1 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The data directory: DIR/data, or (as root, when `postgres` cannot reach DIR) a directory under
# /tmp whose path DIR/datadir records.
data_dir() {
  if [ -f "$dir/datadir" ]; then cat "$dir/datadir"; else echo "$dir/data"; fi
}

stop() {
  local data
  data=$(data_dir)
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/datadir" ]; then rm -rf "$(dirname "$data")"; fi
  rm -rf "$dir"
}

case "$cmd" in
  start)
    if [ -n "$url_file" ]; then rm -f "$url_file"; fi
    if [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/pg_ctl" ]; then
      echo "pg-test: PostgreSQL 15 is not installed ($BIN); skipping" >&2
      exit 77
    fi
    if [ "$as_root" -eq 1 ] && ! id postgres >/dev/null 2>&1; then
      echo "pg-test: running as root but there is no postgres user; skipping" >&2
      exit 77
    fi
    stop  # a cluster left over from an interrupted run
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    data="$dir/data"
    if [ "$as_root" -eq 1 ]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        tmp=$(mktemp -d /tmp/tp-pg-test.XXXXXX)
        chown postgres: "$tmp"
        data="$tmp/data"
        echo "$data" >"$dir/datadir"
      fi
    fi
    socket_dir=$(dirname "$data")
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if ! as_owner "$BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
      >"$socket_dir/initdb.log" 2>&1; then
      cat "$socket_dir/initdb.log" >&2
      exit 1
    fi
    opts="-c listen_addresses=127.0.0.1 -p $port -k $socket_dir -c fsync=off"
    opts="$opts -c synchronous_commit=off -c full_page_writes=off"
    if ! as_owner "$BIN/pg_ctl" -D "$data" -l "$socket_dir/server.log" -w -t 60 -o "$opts" start \
      >/dev/null; then
      cat "$socket_dir/server.log" >&2
      exit 1
    fi
    "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres threatpath_test
    url="postgresql://postgres@127.0.0.1:$port/threatpath_test"
    echo "$url"
    if [ -n "$url_file" ]; then echo "$url" >"$url_file"; fi
    ;;
  stop)
    stop
    if [ -n "$url_file" ]; then rm -f "$url_file"; fi
    ;;
  *)
    echo "usage: $0 start DIR [URL_FILE] | stop DIR" >&2
    exit 2
    ;;
esac
