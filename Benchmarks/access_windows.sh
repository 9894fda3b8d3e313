#!/bin/sh
# Access windows of the full bundled catalog (26,140 objects) over the default network
# (data/sensors.json) for one day, release build, with the coarse sampling through SGP4Batch
# (default) and through the scalar SGP4 (the method before it). Prints each run's pass summary and
# time (docs/sensors.md quotes the figure), whether the two pass lists are the same, and the ratio
# of the medians. Usage: Benchmarks/access_windows.sh [start] [repeats] [threads]
set -e
cd "$(dirname "$0")/.."
swift build -c release --product kanshi >/dev/null
START="${1:-2023-10-09T00:00:00Z}"
REPEATS="${2:-1}"
THREADS="${3:-$(nproc)}"
for method in scalar batch; do
    : > "/tmp/kanshi_access_windows_$method.times"
    i=0
    while [ "$i" -lt "$REPEATS" ]; do
        /usr/bin/time -v .build/release/kanshi sensors access --start "$START" --duration 86400 --format csv \
            --sampling "$method" --threads "$THREADS" \
            > "/tmp/kanshi_access_windows_$method.csv" 2> "/tmp/kanshi_access_windows_$method.log" || true
        echo "== $method (run $((i + 1)) of $REPEATS, $THREADS threads)"
        grep -E "passes of|Elapsed|Maximum resident" "/tmp/kanshi_access_windows_$method.log"
        sed -n 's/.*computed in \([0-9.]*\) s.*/\1/p' "/tmp/kanshi_access_windows_$method.log" >> "/tmp/kanshi_access_windows_$method.times"
        i=$((i + 1))
    done
    echo "passes written: $(($(wc -l < "/tmp/kanshi_access_windows_$method.csv") - 1)) (/tmp/kanshi_access_windows_$method.csv)"
done
cp /tmp/kanshi_access_windows_batch.csv /tmp/kanshi_access_windows.csv
if cmp -s /tmp/kanshi_access_windows_scalar.csv /tmp/kanshi_access_windows_batch.csv; then
    echo "pass lists: identical"
else
    echo "pass lists: differ in $(diff /tmp/kanshi_access_windows_scalar.csv /tmp/kanshi_access_windows_batch.csv | grep -c '^>') lines"
fi
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
S=$(median /tmp/kanshi_access_windows_scalar.times); B=$(median /tmp/kanshi_access_windows_batch.times)
echo "median computed-in: scalar $S s, batch $B s, ratio scalar/batch $(awk -v s="$S" -v b="$B" 'BEGIN {printf "%.2f", s / b}')"
