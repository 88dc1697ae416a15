#!/usr/bin/env bash
# `benches/instructions.sh`: what one call costs, in machine instructions the server executes
# (valgrind's callgrind), beside the load bench's trivial operation. Unlike req/s, the count does
# not move with what else the machine runs, so a change to a call's path can be measured on a
# busy machine. Each scenario: a fresh server under callgrind, warmed with CALLS/4 calls, then
# counted over CALLS (default 1000) calls on one keep-alive connection. Needs valgrind and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
# The bench build makes the server binary too (target/release/lmsgate), with the same features:
# a separate `cargo build --release` would rebuild the crates for its own feature set, twice.
cargo bench --bench load --no-run -q 2>/dev/null
bench=$(ls -t target/release/deps/load-* | grep -v '\.d$' | head -1)
calls=${CALLS:-1000}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT

export LMSGATE_ADMIN_PASSWORD=Bench-pass1 LMSGATE_ADMIN_TOKEN=0123456789abcdef0123456789abcdef LMSGATE_LOG=warn
export LMSGATE_RATE_LIMIT__CALLS_PER_MINUTE=0 LMSGATE_RATE_LIMIT__LOGINS_PER_MINUTE=0
# The audit log writes its batches when its interval ends, so what a counted window holds of
# those writes varies by run (±15%); off, the counts repeat to 0.1%. `LMSGATE_AUDIT__ENABLED=true`
# counts them too.
export LMSGATE_AUDIT__ENABLED=${LMSGATE_AUDIT__ENABLED:-false}

wait_ready() {
  for _ in $(seq 600); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "no server on port $1" >&2
  exit 1
}

# Calls POST $path with $body $n times on one connection; fails on any answer but 200.
drive() {
  python3 - "$@" <<'EOF'
import http.client, sys
port, path, body, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", int(port))
headers = {"Authorization": "Bearer 0123456789abcdef0123456789abcdef", "Content-Type": "application/json"}
for _ in range(n):
    c.request("POST", path, body=body, headers=headers)
    r = c.getresponse()
    r.read()
    if r.status != 200:
        sys.exit(f"{path}: HTTP {r.status}")
EOF
}

# count NAME PORT PATH BODY -- COMMAND...: instructions per call of COMMAND's server.
count() {
  local name=$1 port=$2 path=$3 body=$4
  shift 5
  valgrind --tool=callgrind --callgrind-out-file="$dir/cg.$port" "$@" >"$dir/log.$port" 2>&1 &
  local pid=$!
  wait_ready "$port"
  drive "$port" "$path" "$body" $((calls / 4))
  callgrind_control -z "$pid" >/dev/null 2>&1
  drive "$port" "$path" "$body" "$calls"
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  local total
  total=$(callgrind_annotate "$dir/cg.$port.1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  printf '%-52s %10d instructions per call\n' "$name" $((total / calls))
  rm -f "$dir"/cg."$port"*
}

# Install the site once (its password hashing is not part of any count).
target/release/lmsgate --data-dir "$dir/site" serve --bind 127.0.0.1:18191 >/dev/null 2>&1 &
installer=$!
wait_ready 18191
kill "$installer"
wait "$installer" 2>/dev/null || true

serve=(target/release/lmsgate --data-dir "$dir/site" serve --bind 127.0.0.1:18191)
count "baseline: trivial poem-openapi op" 18182 /ping '{}' -- "$bench" __baseline "sqlite://$dir/site/lmsgate.db?mode=rwc"
count "core_webservice_get_site_info (typed)" 18191 /api/v1/core_webservice_get_site_info '{}' -- "${serve[@]}"
count "core_webservice_get_site_info (server.php json)" 18191 \
  "/webservice/rest/server.php?wsfunction=core_webservice_get_site_info&moodlewsrestformat=json&wstoken=0123456789abcdef0123456789abcdef" '' -- "${serve[@]}"
count "core_user_get_users_by_field (one id)" 18191 /api/v1/core_user_get_users_by_field '{"field":"id","values":["2"]}' -- "${serve[@]}"
