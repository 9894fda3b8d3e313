#!/bin/bash
# kanshi serve (release) on an empty state dir: time to ready, first full screening, memory; then
# wrk on an object and a gp lookup, and one alert fanned out to 1,000 WebSocket clients.
# Needs: swift build -c release --product kanshi; wrk (Debian); python3 with `websockets` (PyPI).
set -u
cd "$(dirname "$0")/../.."
HERE=Benchmarks/Server
STATE=$(mktemp -d /tmp/kanshi-serve-bench.XXXXXX)
PORT=${PORT:-18090}
ulimit -n 20000
T0=$(date +%s.%N)
.build/release/kanshi serve --port "$PORT" --state-dir "$STATE" > "$STATE/serve.log" 2>&1 &
PID=$!
trap 'kill -INT $PID 2>/dev/null; wait $PID; rm -rf "$STATE"' EXIT
until curl -sf "localhost:$PORT/api/v1/health" >/dev/null; do sleep 0.1; done
echo "HTTP ready after $(echo "$(date +%s.%N) - $T0" | bc) s"
until curl -s "localhost:$PORT/api/v1/status" | grep -q '"last_screening":{'; do sleep 1; done
echo "first full screening recorded after $(echo "$(date +%s.%N) - $T0" | bc) s; RSS $(ps -o rss= -p $PID) kB"
grep "screening done" "$STATE/serve.log"
wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$PORT/api/v1/objects/25544" | grep -E "Requests/sec|99%"
wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$PORT/api/v1/gp?norad_cat_id=25544" | grep -E "Requests/sec|99%"
# bench-arrival.3le: IRIDIUM 126's elements under a new number (99042), mean anomaly +40°: new events, new alerts.
python3 "$HERE/ws_fanout.py" 1000 "$PORT" "$HERE/bench-arrival.3le"
grep "screening done" "$STATE/serve.log" | tail -1
