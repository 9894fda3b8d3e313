#!/usr/bin/env bash
# Load test of `kanshi serve` on loopback (issue 4 "Speed"): object and gp lookups with wrk, and
# the WebSocket fan-out of one alert to 1,000 clients. Release build; the server loads the
# bundled catalog into a fresh SQLite store and screens it first (not timed here).
#
#   Benchmarks/server/run.sh [--runs 3] [--duration 15s] [--connections 64]
#
# Needs wrk (Debian) and `pip install websockets`. Prints each run and the median.
set -euo pipefail
ulimit -n 20000 2>/dev/null || true   # 1,000 WebSocket clients and the server on one machine
cd "$(dirname "$0")/../.."
RUNS=3; DURATION=15s; CONNECTIONS=64; PORT=18080; CLIENTS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2;; --duration) DURATION=$2; shift 2;;
    --connections) CONNECTIONS=$2; shift 2;; --port) PORT=$2; shift 2;; --clients) CLIENTS=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 64;;
  esac
done
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product kanshi >/dev/null
BIN="$(swift build -c release --show-bin-path)/kanshi"
STATE="$(mktemp -d)"
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$STATE"' EXIT
"$BIN" serve --port "$PORT" --state-dir "$STATE" --log-level info > "$STATE/server.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
echo "waiting for the first screening of the bundled catalog ..."
started=$(date +%s)
until curl -sf "$BASE/api/v1/status" 2>/dev/null | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["pipeline"]["phase"]=="idle" and s["pipeline"]["last_screening"] else 1)' 2>/dev/null; do
  sleep 2
  kill -0 $SERVER 2>/dev/null || { cat "$STATE/server.log"; exit 1; }
done
echo "first full screening recorded after $(( $(date +%s) - started )) s (bootstrap ingest + screening)"
grep -E "HTTP server|bootstrap:|screening done" "$STATE/server.log" || true
# Every object the sky shows: lookups spread over the whole catalog.
curl -s "$BASE/api/v1/sky" | python3 -c 'import json,sys; [print(i) for i in json.load(sys.stdin)["norad_cat_id"]]' > "$STATE/ids"
echo "$(wc -l < "$STATE/ids") objects"
echo "server RSS: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for kind in object gp tle; do
  : > "$STATE/$kind.results"
  for run in $(seq 1 "$RUNS"); do
    line=$(KANSHI_IDS="$STATE/ids" KANSHI_PATH=$kind wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
           -s Benchmarks/server/lookup.lua "$BASE" | grep RESULT)
    echo "$kind run $run: $line"
    echo "$line" >> "$STATE/$kind.results"
  done
  rps=$(grep -o 'rps=[0-9.]*' "$STATE/$kind.results" | cut -d= -f2 | median)
  p99=$(grep -o 'p99_ms=[0-9.]*' "$STATE/$kind.results" | cut -d= -f2 | median)
  echo "MEDIAN $kind: $rps requests/s, p99 $p99 ms (goal >= 5000 requests/s, p99 < 20 ms)"
done

for run in $(seq 1 "$RUNS"); do
  python3 Benchmarks/server/ws_fanout.py --base "$BASE" --clients "$CLIENTS" --clone-number $((99000 + run)) | tee -a "$STATE/ws.results"
done
fan=$(grep -o 'fanout_first_to_last_s=[0-9.]*' "$STATE/ws.results" | cut -d= -f2 | median)
created=$(grep -o 'created_to_last_s=[0-9.]*' "$STATE/ws.results" | cut -d= -f2 | median)
echo "MEDIAN websocket fan-out to $CLIENTS clients: first-to-last $fan s, created-to-last $created s (goal < 1 s)"
