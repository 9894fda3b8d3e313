#!/usr/bin/env python3
"""`kanshi screen` against the naive peer: python-sgp4 vectorized + scipy cKDTree per time step + Hermite refinement.

Usage (from the repository root):
    pip install sgp4 scipy numpy
    python3 Benchmarks/screen_vs_naive_python.py [--objects 5000] [--days 1] [--threshold-km 5] [--step 10]

Both sides screen the same objects (the first N element sets of the bundled catalog whose perigee is below
2,000 km, written to a temporary 3LE file), all-vs-all, over the same window (the catalog's median epoch to
the minute) with the same threshold. The peer propagates every object at every step with SatrecArray, builds a
cKDTree and queries pairs within threshold + v_max·step/2, then refines each candidate with a cubic Hermite
interpolation of the relative motion between the two steps around it. Prints both times, event counts, the
events found by one side only, and the ratio.
"""
import argparse, gzip, json, os, subprocess, sys, tempfile, time

import numpy as np
from scipy.spatial import cKDTree
from sgp4.api import Satrec, SatrecArray, WGS72, jday

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(ROOT, "data", "spacetrack_gp_full_catalog_2023-10-09.3le.gz")


def read_3le(path):
    with gzip.open(path, "rt") as f:
        lines = [l.rstrip("\r\n") for l in f]
    out = []
    for i in range(len(lines) - 2):
        if lines[i + 1].startswith("1 ") and lines[i + 2].startswith("2 ") and not lines[i].startswith(("1 ", "2 ")):
            out.append((lines[i], lines[i + 1], lines[i + 2]))
    return out


def hermite_min(p0, v0, p1, v1, h):
    """Minimum of |p(s)| for the cubic Hermite curve between relative states at s=0 and s=h (seconds)."""
    ss = np.linspace(0.0, 1.0, 201)
    h00 = 2 * ss**3 - 3 * ss**2 + 1; h10 = ss**3 - 2 * ss**2 + ss
    h01 = -2 * ss**3 + 3 * ss**2; h11 = ss**3 - ss**2
    curve = np.outer(h00, p0) + np.outer(h10 * h, v0) + np.outer(h01, p1) + np.outer(h11 * h, v1)
    d = np.linalg.norm(curve, axis=1)
    k = int(np.argmin(d))
    return d[k], ss[k] * h


def naive_screen(sats, jd0, fr0, days, step, threshold):
    n_steps = int(days * 86400 / step) + 1
    fr = fr0 + np.arange(n_steps) * step / 86400.0
    jd = np.full(n_steps, jd0)
    e, r, v = SatrecArray(sats).sgp4(jd, fr)          # (n_sats, n_steps, 3)
    ok = (e == 0)
    speed = np.linalg.norm(v, axis=2)
    vmax = float(np.max(np.where(ok, speed, 0)))
    radius = threshold + 2 * vmax * step / 2
    best = {}
    refined = set()
    for k in range(n_steps):
        good = np.nonzero(ok[:, k])[0]
        tree = cKDTree(r[good, k])
        # A minimum inside [k-1, k] or [k, k+1] lies within step/2 of step k or of its neighbour, so a
        # pair within the radius at step k is refined on both intervals around k.
        for a, b in tree.query_pairs(radius, output_type="ndarray"):
            i, j = good[a], good[b]
            for k0 in (k - 1, k):
                if k0 < 0 or k0 + 1 >= n_steps or (i, j, k0) in refined or not (ok[i, k0] and ok[j, k0] and ok[i, k0 + 1] and ok[j, k0 + 1]):
                    continue
                refined.add((i, j, k0))
                dmin, s_ = hermite_min(r[j, k0] - r[i, k0], v[j, k0] - v[i, k0], r[j, k0 + 1] - r[i, k0 + 1],
                                       v[j, k0 + 1] - v[i, k0 + 1], step)
                if dmin < threshold:
                    key = (min(i, j), max(i, j))
                    t = k0 * step + s_
                    # one event per pair per encounter: merge minima closer than 10 minutes
                    lst = best.setdefault(key, [])
                    same = [n for n, (t1, _) in enumerate(lst) if abs(t1 - t) < 600]
                    if same:
                        if dmin < lst[same[0]][1]:
                            lst[same[0]] = (t, dmin)
                    else:
                        lst.append((t, dmin))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--objects", type=int, default=5000)
    ap.add_argument("--days", type=float, default=1.0)
    ap.add_argument("--threshold-km", type=float, default=5.0)
    ap.add_argument("--step", type=float, default=10.0, help="peer time step, s")
    ap.add_argument("--kanshi", default=os.path.join(ROOT, ".build", "release", "kanshi"))
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "kanshi"], cwd=ROOT, check=True)

    chosen, sats = [], []
    for name, l1, l2 in read_3le(CATALOG):
        s = Satrec.twoline2rv(l1, l2, WGS72)
        if s.error or s.altp * s.radiusearthkm > 2000:
            continue
        chosen.append((name, l1, l2)); sats.append(s)
        if len(sats) == args.objects:
            break
    ids = [s.satnum for s in sats]
    jds = sorted(s.jdsatepoch + s.jdsatepochF for s in sats)
    mjd = jds[len(jds) // 2] - 2400000.5
    day = int(mjd); minutes = round((mjd - day) * 1440)
    import datetime
    start = datetime.datetime(1858, 11, 17) + datetime.timedelta(days=day, minutes=minutes)
    jd0, fr0 = jday(start.year, start.month, start.day, start.hour, start.minute, 0.0)
    start_iso = start.strftime("%Y-%m-%dT%H:%M:%SZ")

    with tempfile.NamedTemporaryFile("w", suffix=".3le", delete=False) as f:
        for t in chosen:
            f.write("\n".join(t) + "\n")
        subset = f.name

    t0 = time.perf_counter()
    peer = naive_screen(sats, jd0, fr0, args.days, args.step, args.threshold_km)
    peer_seconds = time.perf_counter() - t0
    peer_events = {(ids[i], ids[j]) for (i, j), lst in peer.items() for _ in lst}
    peer_count = sum(len(l) for l in peer.values())

    t0 = time.perf_counter()
    out = subprocess.run([args.kanshi, "screen", subset, "--days", str(args.days), "--threshold-km",
                          str(args.threshold_km), "--start", start_iso, "--format", "json"],
                         capture_output=True, text=True, check=False)
    kanshi_seconds = time.perf_counter() - t0
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr); sys.exit(1)
    events = json.loads(out.stdout)
    kanshi_pairs = {(min(e["id1"], e["id2"]), max(e["id1"], e["id2"])) for e in events}
    result = {
        "objects": len(sats), "days": args.days, "threshold_km": args.threshold_km, "start": start_iso,
        "peer": {"seconds": peer_seconds, "events": peer_count, "pairs": len(peer_events), "step_s": args.step},
        "kanshi": {"seconds": kanshi_seconds, "events": len(events), "pairs": len(kanshi_pairs)},
        "pairs_only_in_peer": sorted(peer_events - kanshi_pairs)[:20],
        "pairs_only_in_kanshi": sorted(kanshi_pairs - peer_events)[:20],
        "ratio_peer_over_kanshi": peer_seconds / kanshi_seconds,
    }
    os.unlink(subset)
    print(json.dumps(result, indent=2))
    print(f"naive peer {peer_seconds:.1f} s, Kanshi {kanshi_seconds:.1f} s: Kanshi is {result['ratio_peer_over_kanshi']:.1f}x faster",
          file=sys.stderr)


if __name__ == "__main__":
    main()
