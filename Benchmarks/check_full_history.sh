#!/usr/bin/env bash
# Loads every element-set history in shared/data with `kanshi catalog summary` and shows what was rejected.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kanshi >/dev/null || exit 1
dir=${1:-../shared/data/catalog/celestrak_groups_history_2026-05-24_to_05-30}
for f in "$dir"/*.3le.gz; do
    echo "== $f"
    .build/release/kanshi catalog summary "$f" --format json --max-errors 5
    echo "exit status $?"
done
