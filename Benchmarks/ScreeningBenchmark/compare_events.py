#!/usr/bin/env python3
"""Compare two event lists written by `ScreeningBenchmark full --events FILE`.

Usage: compare_events.py OLD NEW [--tca-ms 1] [--miss-m 1]

Events are matched by pair and TCA (within 1 s); the script prints how many match, the events
found by only one side, the worst TCA and miss-distance differences, and whether the co-located
and excluded lists are equal. Exit status 0 when every event matches within the tolerances and
the other lists are equal.
"""
import bisect
import re
import sys
from collections import defaultdict


def load(path):
    events, coloc, excl = defaultdict(list), set(), set()
    for line in open(path):
        f = line.split()
        if not f:
            continue
        if f[0] == "colocated":
            coloc.add(tuple(f[1:]))
        elif f[0] == "excluded":
            # Offending values are compared to 9 significant digits (the batch propagator's error
            # values agree with the scalar one's to rounding).
            reason = re.sub(r"-?\d+\.\d+(e-?\d+)?", lambda m: f"{float(m.group(0)):.9g}", " ".join(f[2:]))
            excl.add((f[1], reason))
        else:
            events[(int(f[0]), int(f[1]))].append((float(f[2]), float(f[3]), float(f[4])))
    for v in events.values():
        v.sort()
    return events, coloc, excl


def main():
    args = sys.argv[1:]
    tol_t = float(args[args.index("--tca-ms") + 1]) / 1000 if "--tca-ms" in args else 1e-3
    tol_m = float(args[args.index("--miss-m") + 1]) / 1000 if "--miss-m" in args else 1e-3
    old, oc, ox = load(args[0])
    new, nc, nx = load(args[1])
    matched = only_old = only_new = 0
    worst_t = worst_m = 0.0
    bad = []
    for pair in set(old) | set(new):
        a, b = old.get(pair, []), list(new.get(pair, []))
        times = [e[0] for e in b]
        used = [False] * len(b)
        for t, m, v in a:
            k = bisect.bisect_left(times, t - 1.0)
            hit = None
            while k < len(b) and times[k] <= t + 1.0:
                if not used[k]:
                    hit = k
                    break
                k += 1
            if hit is None:
                only_old += 1
                bad.append(("old only", pair, t, m))
                continue
            used[hit] = True
            matched += 1
            dt, dm = abs(b[hit][0] - t), abs(b[hit][1] - m)
            worst_t, worst_m = max(worst_t, dt), max(worst_m, dm)
            if dt > tol_t or dm > tol_m:
                bad.append(("differs", pair, t, m, b[hit][0], b[hit][1]))
        for k, u in enumerate(used):
            if not u:
                only_new += 1
                bad.append(("new only", pair, b[k][0], b[k][1]))
    n_old = sum(len(v) for v in old.values())
    n_new = sum(len(v) for v in new.values())
    print(f"events: old {n_old}, new {n_new}; matched {matched}; old only {only_old}; new only {only_new}")
    print(f"worst |ΔTCA| {worst_t * 1000:.4f} ms, worst |Δmiss| {worst_m * 1e6:.4f} mm")
    print(f"co-located equal: {oc == nc} ({len(oc)} / {len(nc)}); excluded equal: {ox == nx} ({len(ox)} / {len(nx)})")
    for x in sorted(ox ^ nx)[:20]:
        print("  excluded differs:", x)
    for x in bad[:30]:
        print(" ", x)
    ok = not bad and oc == nc and ox == nx
    print("SAME" if ok else "DIFFERENT")
    sys.exit(0 if ok else 1)


main()
