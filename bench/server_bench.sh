#!/usr/bin/env bash
# Server benchmark (see docs/performance.md, "Server"): `threatpath serve --demo` on a fresh SQLite
# file, signed in as the demo's admin with a session cookie, loaded with wrk.
#  1. Reads: GET /api/v1/models/1/revisions/latest/risks (the online-shop example; its analysis is
#     cached after the first request) at several wrk thread/connection counts.
#  2. Writes: PUT /api/v1/models/1/decisions/{risk} (a decision update: one write transaction with
#     its audit entry and event, then a fresh analysis of the latest revision with the new
#     decisions on the next request), one connection per wrk thread.
# Prints per run: requests/s, p50/p90/p99 latencies, the count of non-2xx answers (0 expected)
# and the server's CPU time per request (user + system, from /proc; the figure least disturbed by
# other load on a shared machine). Usage: bench/server_bench.sh [BUILD_DIR];
# SERVER_BENCH_SECONDS (default 10) sets each run's length, SERVER_BENCH_READS and
# SERVER_BENCH_WRITES the "threads:connections" lists of read and write runs (empty: none).
set -euo pipefail
build=${1:-build-bench}
seconds=${SERVER_BENCH_SECONDS:-10}
reads=${SERVER_BENCH_READS-"1:8 1:32 1:64 2:32"}
writes=${SERVER_BENCH_WRITES-"1:1 2:2"}
tp="$build/bin/threatpath"

for tool in wrk curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "server bench: $tool is not installed (scripts/setup.sh installs it); skipped" >&2
    exit 0
  fi
done
[ -x "$tp" ] || { echo "server bench: $tp not found" >&2; exit 2; }

tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$tp" serve --listen 127.0.0.1:0 --db "sqlite:$tmp/store.db" --port-file "$tmp/port" \
  --no-access-log --demo >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 300); do
  [ -s "$tmp/port" ] && grep -q "sign in as 'admin'" "$tmp/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "server bench: the server exited:" >&2; cat "$tmp/err" >&2; exit 1; }
  sleep 0.1
done
port=$(cat "$tmp/port")
[ -n "$port" ] || { echo "server bench: no port file after 30 s" >&2; exit 1; }
base="http://127.0.0.1:$port"
# The demo prints the admin's password on the second line after "sign in as 'admin' ...".
password=$(awk "/sign in as 'admin' with the password/ { getline; getline; print \$1; exit }" "$tmp/out")
[ -n "$password" ] || { echo "server bench: no admin password in the server's output" >&2; exit 1; }

login=$(curl -sS -f -c "$tmp/jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/auth/login")
csrf=$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
session=$(awk '$6 == "tp_session" { print $7 }' "$tmp/jar")
[ -n "$session" ] || { echo "server bench: login set no session cookie" >&2; exit 1; }
cookie="Cookie: tp_session=$session"

risks_url="$base/api/v1/models/1/revisions/latest/risks"
bytes=$(curl -sS -f -o "$tmp/risks.json" -w '%{size_download}' -H "$cookie" "$risks_url")
count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/risks.json")

# The server's CPU time so far (user + system), in clock ticks.
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

# wrk's report and the server's CPU ticks used → "req/s p50 p90 p99 non2xx cpu-us/req",
# latencies in ms. CPU per request is the figure least disturbed by other load on the machine.
summarize() {
  awk -v used="$2" -v hz="$ticks" '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "90%" { p90 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { errors = $0 }
    / requests in / { n = $1 }
    END {
      printf "%10.0f %8.2f %8.2f %8.2f %8d %8.0f", rps, p50, p90, p99, bad + 0,
             (n > 0 ? used / hz * 1e6 / n : 0)
      if (errors != "") printf "  (%s)", errors
      printf "\n"
    }' "$1"
}

header() {
  printf '%-44s %10s %8s %8s %8s %8s %8s\n' "$1" "req/s" "p50 ms" "p90 ms" "p99 ms" "non-2xx" \
    "CPU us"
}

echo "threatpath serve: SQLite, 2 I/O threads, demo model 1 (online shop: $count risks," \
  "risks.json $bytes bytes); wrk for ${seconds}s per run on the same machine ($(nproc) cores)"
if [ -n "$reads" ]; then header "GET .../models/1/revisions/latest/risks"; fi
for run in $reads; do
  t=${run%%:*} c=${run##*:}
  before=$(cpu_ticks)
  wrk -t"$t" -c"$c" -d"${seconds}s" --latency -H "$cookie" "$risks_url" >"$tmp/wrk.txt"
  printf '%-44s %s\n' "  wrk -t$t -c$c" "$(summarize "$tmp/wrk.txt" $(($(cpu_ticks) - before)))"
done

# Writes: each wrk thread updates its own risk's decision over one connection, carrying the
# version from the previous answer (a 409 resynchronises from current_version), so every write
# applies. Status alternates so that every write changes the decision.
ids=$(python3 -c '
import json, sys, urllib.parse
risks = json.load(open(sys.argv[1]))
print(", ".join("\"%s\"" % urllib.parse.quote(r["synthetic_id"], safe="") for r in risks[:16]))
' "$tmp/risks.json")
cat >"$tmp/put.lua" <<EOF
local ids = {$ids}
local threads = {}
local next_id = tonumber(os.getenv("TP_BENCH_FIRST_RISK") or "1")
function setup(thread)
  thread:set("risk", ids[next_id])
  next_id = next_id + 1
  table.insert(threads, thread)
end
version = 0
writes = 0
conflicts = 0
local statuses = {"in-progress", "in-discussion"}
function request()
  local body = string.format('{"version": %d, "status": "%s", "justification": "benchmark"}',
                             version, statuses[writes % 2 + 1])
  return wrk.format("PUT", "/api/v1/models/1/decisions/" .. risk,
                    {["Content-Type"] = "application/json", ["X-CSRF-Token"] = "$csrf",
                     ["Cookie"] = "tp_session=$session"}, body)
end
function response(status, headers, body)
  if status == 200 then
    version = tonumber(body:match('"version":(%d+)')) or version
    writes = writes + 1
  elseif status == 409 then
    version = tonumber(body:match('"current_version":(%d+)')) or version
    conflicts = conflicts + 1
  end
end
function done(summary, latency, requests)
  local w, c = 0, 0
  for _, thread in ipairs(threads) do
    w = w + thread:get("writes")
    c = c + thread:get("conflicts")
  end
  io.write(string.format("writes applied: %d, conflicts: %d\n", w, c))
end
EOF
if [ -n "$writes" ]; then header "PUT .../models/1/decisions/{risk}"; fi
first=1  # each run starts on risks no earlier run has decided
for run in $writes; do
  t=${run%%:*} c=${run##*:}
  before=$(cpu_ticks)
  TP_BENCH_FIRST_RISK=$first wrk -t"$t" -c"$c" -d"${seconds}s" --latency -s "$tmp/put.lua" \
    "$base" >"$tmp/wrk.txt"
  first=$((first + t))
  printf '%-44s %s  %s\n' "  wrk -t$t -c$c" "$(summarize "$tmp/wrk.txt" $(($(cpu_ticks) - before)))" \
    "$(grep '^writes applied' "$tmp/wrk.txt")"
done
