#!/usr/bin/env bash
# Load test of `kanshi serve` on loopback (issue 4 "Speed"): object and gp lookups with wrk, and
# the WebSocket fan-out of one alert to 1,000 clients. Release build; the server loads the
# bundled catalog into a fresh SQLite store and screens it first (not timed here).
#
#   Benchmarks/server/run.sh [--runs 3] [--duration 15s] [--connections 64]
#                            [--variants "--audit-commit grouped;--audit-commit per-request --token-cache-seconds 0"]
#
# Every request carries an analyst's API token (issue 9), created with `kanshi users` on the server's
# store; the analyst's rate limit is off for the load (`--rate-limit analyst=off`). With several
# variants (`;`-separated extra `kanshi serve` options) the lookups are repeated on a restarted server
# per variant (same store, already screened), so their costs are measured side by side.
#
# Needs wrk (Debian) and `pip install websockets`. Prints each run and the median.
set -euo pipefail
ulimit -n 20000 2>/dev/null || true   # 1,000 WebSocket clients and the server on one machine
cd "$(dirname "$0")/../.."
RUNS=3; DURATION=15s; CONNECTIONS=64; PORT=18080; CLIENTS=1000; VARIANTS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2;; --duration) DURATION=$2; shift 2;;
    --connections) CONNECTIONS=$2; shift 2;; --port) PORT=$2; shift 2;; --clients) CLIENTS=$2; shift 2;;
    --variants) VARIANTS=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 64;;
  esac
done
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product kanshi >/dev/null
BIN="$(swift build -c release --show-bin-path)/kanshi"
STATE="$(mktemp -d)"
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$STATE"' EXIT
"$BIN" users add bench --role analyst --state-dir "$STATE" >/dev/null
TOKEN=$("$BIN" users token bench --label benchmark --state-dir "$STATE" | grep -o 'ksh_[A-Za-z0-9_-]*' | head -1)
export KANSHI_TOKEN="$TOKEN"
AUTH="Authorization: Bearer $TOKEN"
BASE="http://127.0.0.1:$PORT"
start_server() {
  # shellcheck disable=SC2086
  "$BIN" serve --port "$PORT" --state-dir "$STATE" --log-level info --rate-limit analyst=off $1 >> "$STATE/server.log" 2>&1 &
  SERVER=$!
  until curl -sf -H "$AUTH" "$BASE/api/v1/status" 2>/dev/null | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["pipeline"]["phase"]=="idle" and s["pipeline"]["last_screening"] is not None or s["events"] > 0 and s["pipeline"]["phase"]=="idle" else 1)' 2>/dev/null; do
    sleep 2
    kill -0 $SERVER 2>/dev/null || { cat "$STATE/server.log"; exit 1; }
  done
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
first=1; index=0
IFS=';' read -r -a VARIANT_LIST <<< "${VARIANTS:-}"
[ ${#VARIANT_LIST[@]} -eq 0 ] && VARIANT_LIST=("")
for mode in "${VARIANT_LIST[@]}"; do
  started=$(date +%s)
  [ $first = 1 ] && echo "waiting for the first screening of the bundled catalog ..."
  start_server "$mode"
  if [ $first = 1 ]; then
    echo "first full screening recorded after $(( $(date +%s) - started )) s (bootstrap ingest + screening)"
    grep -E "HTTP server|bootstrap:|screening done" "$STATE/server.log" || true
    # Every object the sky shows: lookups spread over the whole catalog.
    curl -s -H "$AUTH" "$BASE/api/v1/sky" | python3 -c 'import json,sys; [print(i) for i in json.load(sys.stdin)["norad_cat_id"]]' > "$STATE/ids"
    echo "$(wc -l < "$STATE/ids") objects"
    echo "server RSS: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"
  fi
  echo "variant: serve ${mode:-(defaults)}"
  audit_before=$(sqlite3 "$STATE/kanshi.sqlite" 'SELECT count(*) FROM audit_log' 2>/dev/null || echo 0)
  for kind in object gp tle; do
    : > "$STATE/$kind.v$index.results"
    for run in $(seq 1 "$RUNS"); do
      line=$(KANSHI_IDS="$STATE/ids" KANSHI_PATH=$kind wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
             -s Benchmarks/server/lookup.lua "$BASE" | grep RESULT)
      echo "$kind [${mode:-defaults}] run $run: $line"
      echo "$line" >> "$STATE/$kind.v$index.results"
    done
    rps=$(grep -o 'rps=[0-9.]*' "$STATE/$kind.v$index.results" | cut -d= -f2 | median)
    p99=$(grep -o 'p99_ms=[0-9.]*' "$STATE/$kind.v$index.results" | cut -d= -f2 | median)
    echo "MEDIAN $kind [serve ${mode:-defaults}]: $rps requests/s, p99 $p99 ms (goal >= 5000 requests/s, p99 < 20 ms)"
  done
  echo "audit entries written [${mode:-defaults}]: $(( $(sqlite3 "$STATE/kanshi.sqlite" 'SELECT count(*) FROM audit_log' 2>/dev/null || echo 0) - audit_before ))"
  first=0
  index=$((index + 1))
  [ "$index" -ge "${#VARIANT_LIST[@]}" ] && break   # the last server stays up for the WebSocket part
  kill $SERVER; wait $SERVER 2>/dev/null || true
done
audited=$(sqlite3 "$STATE/kanshi.sqlite" 'SELECT count(*) FROM audit_log' 2>/dev/null || echo "? (sqlite3 not installed)")
echo "audit entries written: $audited"

for run in $(seq 1 "$RUNS"); do
  python3 Benchmarks/server/ws_fanout.py --base "$BASE" --token "$TOKEN" --clients "$CLIENTS" --clone-number $((99000 + run)) | tee -a "$STATE/ws.results"
done
fan=$(grep -o 'fanout_first_to_last_s=[0-9.]*' "$STATE/ws.results" | cut -d= -f2 | median)
created=$(grep -o 'created_to_last_s=[0-9.]*' "$STATE/ws.results" | cut -d= -f2 | median)
echo "MEDIAN websocket fan-out to $CLIENTS clients: first-to-last $fan s, created-to-last $created s (goal < 1 s)"
