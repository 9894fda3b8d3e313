#!/bin/bash
# Threat alerts per day on the real CelesTrak group histories (../shared/data) against
# data/protected-assets.json: one `kanshi threats` run per day of 2026-05-24..30, JSON per day in
# ${OUT:-/tmp}/threats-05DD.json, then a count by level. Release build first:
#   swift build -c release --product kanshi && Benchmarks/threats_real_history.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=${HISTORY:-$ROOT/../shared/data/catalog/celestrak_groups_history_2026-05-24_to_05-30}
K=$ROOT/.build/release/kanshi
OUT=${OUT:-/tmp}
for d in 24 25 26 27 28 29 30; do
  start=$(date +%s.%N)
  "$K" threats --history "$H"/*.3le.gz --start 2026-05-${d}T00:00:00Z --days 1 --format json \
    > "$OUT/threats-05$d.json" 2> "$OUT/threats-05$d.err" || true   # exit 1: one rejected record in the histories
  python3 - "$OUT/threats-05$d.json" "$d" "$start" <<'P'
import json, sys, time
from collections import Counter
records = json.load(open(sys.argv[1]))
c = Counter(r["level"] for r in records)
print(f"2026-05-{sys.argv[2]}: {len(records)} assessments, high {c['high']}, medium {c['medium']}, low {c['low']}"
      f" ({time.time() - float(sys.argv[3]):.0f} s)")
for r in records:
    if r["level"] != "low":
        print(f"  {r['level']:6} {r['score']:5.1f} asset {r['asset_id']} object {r['object_id']}: {r['reasons'][0]}")
P
done
