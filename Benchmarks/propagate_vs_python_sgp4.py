#!/usr/bin/env python3
"""Kanshi `bench propagate` against python-sgp4's C++ SatrecArray, same element sets and times, one run.

Usage (from the repository root):
    pip install sgp4            # python-sgp4 2.x with its C++ extension (the peer)
    python3 Benchmarks/propagate_vs_python_sgp4.py [CATALOG] [--steps N] [--repeats R] [--threads K] [--with-scalar]

Both sides read the same 3LE/TLE file, set up every element set that initialises (WGS72, opsmode 'i'),
and propagate every object to the same N one-minute steps from a common start (the catalog's median
epoch, passed to Kanshi with --start). One thread each (SatrecArray is single-threaded), then Kanshi with
K threads. Kanshi runs its batched propagator (SGP4Batch, `bench propagate --method batch`); with --with-scalar
also its scalar SGP4 on one thread (`--method scalar`), for the batch/scalar ratio. Each side runs R times;
medians are reported, and the ratio Kanshi / python-sgp4.
"""
import argparse, gzip, json, os, statistics, subprocess, sys, time

import numpy as np
from sgp4.api import Satrec, SatrecArray, WGS72, jday

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CATALOG = os.path.join(ROOT, "data", "spacetrack_gp_full_catalog_2023-10-09.3le.gz")


def read_tles(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = [l.rstrip("\r\n") for l in f]
    pairs = []
    for i, l in enumerate(lines):
        if l.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            pairs.append((l, lines[i + 1]))
    return pairs


def median_epoch_jd(sats):
    jds = sorted(s.jdsatepoch + s.jdsatepochF for s in sats)
    return jds[len(jds) // 2]


def iso_from_jd(jd):
    # Round the start to a whole minute in UTC so both sides use identical times.
    mjd = jd - 2400000.5
    day = int(mjd)
    minutes = round((mjd - day) * 1440)
    import datetime
    d = datetime.datetime(1858, 11, 17) + datetime.timedelta(days=day, minutes=minutes)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ"), d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog", nargs="?", default=DEFAULT_CATALOG)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--kanshi", default=os.path.join(ROOT, ".build", "release", "kanshi"))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--with-scalar", action="store_true", help="also time Kanshi's scalar SGP4 on one thread")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "kanshi"], cwd=ROOT, check=True)

    pairs = read_tles(args.catalog)
    sats = []
    for l1, l2 in pairs:
        try:
            sats.append(Satrec.twoline2rv(l1, l2, WGS72))
        except Exception:
            pass
    start_iso, start_dt = iso_from_jd(median_epoch_jd(sats))
    jd0, fr0 = jday(start_dt.year, start_dt.month, start_dt.day, start_dt.hour, start_dt.minute, 0.0)
    fr = fr0 + np.arange(args.steps) / 1440.0
    jd = np.full(args.steps, jd0)
    array = SatrecArray(sats)

    def python_once():
        t0 = time.perf_counter()
        e, r, v = array.sgp4(jd, fr)
        return time.perf_counter() - t0, e

    def kanshi_once(threads, method="batch"):
        out = subprocess.run([args.kanshi, "bench", "propagate", args.catalog, "--steps", str(args.steps),
                              "--threads", str(threads), "--start", start_iso, "--method", method],
                             cwd=ROOT, check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    py_times, k1, kn, ks = [], [], [], []
    for _ in range(args.repeats):           # interleaved, so machine noise hits both sides alike
        dt, e = python_once(); py_times.append(dt)
        k1.append(kanshi_once(1))
        kn.append(kanshi_once(args.threads))
        if args.with_scalar:
            ks.append(kanshi_once(1, "scalar"))
    n_py = len(sats) * args.steps
    py_rate = n_py / statistics.median(py_times)
    k1_rate = statistics.median(r["propagations_per_second"] for r in k1)
    kn_rate = statistics.median(r["propagations_per_second"] for r in kn)
    result = {
        "catalog": os.path.relpath(args.catalog, ROOT), "start": start_iso, "steps": args.steps,
        "repeats": args.repeats,
        "python_sgp4": {"version": __import__("sgp4").__version__, "satellites": len(sats),
                         "propagations": n_py, "median_seconds": statistics.median(py_times),
                         "propagations_per_second": py_rate, "threads": 1},
        "kanshi_1_thread": {"method": "batch", "instruction_set": k1[0].get("instruction_set"),
                             "satellites": k1[0]["objects"], "propagations": k1[0]["propagations"],
                             "median_seconds": statistics.median(r["seconds"] for r in k1),
                             "propagations_per_second": k1_rate},
        "kanshi_threads": {"threads": kn[0]["threads"],
                            "median_seconds": statistics.median(r["seconds"] for r in kn),
                            "propagations_per_second": kn_rate},
        "ratio_1_thread": k1_rate / py_rate,
        "ratio_all_threads": kn_rate / py_rate,
    }
    if ks:
        ks_rate = statistics.median(r["propagations_per_second"] for r in ks)
        result["kanshi_scalar_1_thread"] = {"median_seconds": statistics.median(r["seconds"] for r in ks),
                                            "propagations_per_second": ks_rate}
        result["ratio_batch_to_scalar_1_thread"] = k1_rate / ks_rate
    print(json.dumps(result, indent=2))
    print(f"Kanshi 1 thread: {k1_rate/1e6:.2f} M/s, python-sgp4 SatrecArray: {py_rate/1e6:.2f} M/s, "
          f"ratio {result['ratio_1_thread']:.2f}x; Kanshi {kn[0]['threads']} threads: {kn_rate/1e6:.2f} M/s "
          f"({result['ratio_all_threads']:.2f}x)", file=sys.stderr)


if __name__ == "__main__":
    main()
