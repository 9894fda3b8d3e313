#!/bin/sh
# Access windows of the full bundled catalog (26,140 objects) over the default network
# (data/sensors.json) for one day, release build. Prints the pass summary and the time taken
# (docs/sensors.md quotes the figure). Usage: Benchmarks/access_windows.sh [start]
set -e
cd "$(dirname "$0")/.."
swift build -c release --product kanshi >/dev/null
START="${1:-2023-10-09T00:00:00Z}"
/usr/bin/time -v .build/release/kanshi sensors access --start "$START" --duration 86400 --format csv \
    > /tmp/kanshi_access_windows.csv 2> /tmp/kanshi_access_windows.log || true
grep -E "passes of|computed in|Elapsed|Maximum resident" /tmp/kanshi_access_windows.log
echo "passes written: $(($(wc -l < /tmp/kanshi_access_windows.csv) - 1)) (/tmp/kanshi_access_windows.csv)"
