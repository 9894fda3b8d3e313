#!/usr/bin/env python3
"""Peer runner for SGP4BatchBenchmark: times one peer SGP4 on the files the benchmark wrote.

    python3 peers.py speed --peer {python-sgp4,heyoka,astroz} --class {near,deep,all} --threads T
                           --steps N --repeats R --start ISO --dir DIR [--accuracy]
    python3 peers.py mask --class {near,deep} --steps N --start ISO --dir DIR

`mask` marks the ill-conditioned slots (KEY.illcond.u8): where a few units in the last place of the
mean motion or BSTAR move the position by >= 1 mm, or python-sgp4 and the scalar Kanshi SGP4 differ
by >= 1 mm (see run_mask). Accuracy is reported over every slot and over the well-conditioned ones.

SGP4BatchBenchmark (Sources/SGP4BatchBenchmark/Speed.swift) writes into DIR, for each class key
`near` and `deep`:
  KEY.tle         the element sets Kanshi initialised, byte for byte as read (class `all` = near + deep)
  KEY.ref.f64     each set's minutes since its epoch at the grid start, as Kanshi computes them
                  (elapsed SI time from the set's epoch to --start), float64
  KEY.scalar.f64  the scalar Kanshi SGP4 state (x y z km, vx vy vz km/s) at ref[i] + j for j < N,
                  layout [j][i][6], NaN where it throws; KEY.codes.i8 its error code per slot

Times. heyoka and astroz's near-Earth batch take minutes since epoch per satellite, so they get
exactly Kanshi's ref[i] + j. python-sgp4's SatrecArray and astroz's deep-space batch take Julian
dates (jd, fr) shared by every satellite: they get --start as (jd, fr) from jday() plus j/1440; the
minutes since epoch this implies differ from Kanshi's by float rounding (and by a leap second for
epochs before 2017-01-01); the largest difference is reported as `tsince_max_difference_s`. The
accuracy check (--accuracy) instead calls every set alone with jd = its own epoch's whole part and
fr = epoch fraction + (ref[i] + j)/1440, which gives the same minutes since epoch to ~1e-8 s.

Only the propagation call is timed (setup, JIT compilation and output allocation are not); one
untimed warm-up call, then R timed calls; prints one JSON line.
"""
import argparse, json, os, sys, time

import numpy as np


def read_pairs(path):
    with open(path) as f:
        lines = [l.rstrip("\r\n") for l in f]
    pairs = []
    for i, l in enumerate(lines):
        if l.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            pairs.append((l, lines[i + 1]))
    return pairs


def load_class(directory, key, steps):
    """(pairs, ref minutes, scalar states [N][n][6] or None, codes [N][n] or None) for near/deep/all."""
    keys = ["near", "deep"] if key == "all" else [key]
    pairs, refs, states, codes = [], [], [], []
    for k in keys:
        p = read_pairs(os.path.join(directory, f"{k}.tle"))
        r = np.fromfile(os.path.join(directory, f"{k}.ref.f64"), dtype=np.float64)
        if len(p) != len(r):
            raise SystemExit(f"{k}.tle has {len(p)} sets but {k}.ref.f64 {len(r)} times")
        pairs += p
        refs.append(r)
        if len(p):
            states.append(np.fromfile(os.path.join(directory, f"{k}.scalar.f64"), dtype=np.float64).reshape(steps, len(p), 6))
            codes.append(np.fromfile(os.path.join(directory, f"{k}.codes.i8"), dtype=np.int8).reshape(steps, len(p)))
    ref = np.concatenate(refs) if refs else np.zeros(0)
    if len(states) == 1:
        return pairs, ref, states[0], codes[0]
    return pairs, ref, np.concatenate(states, axis=1), np.concatenate(codes, axis=1)


def start_jd(iso):
    from sgp4.api import jday
    d, t = iso.rstrip("Z").split("T")
    y, mo, da = map(int, d.split("-"))
    h, mi, s = t.split(":")
    return jday(y, mo, da, int(h), int(mi), float(s))


def timed(call, repeats):
    """Wall seconds and process CPU seconds (every thread) of each of `repeats` calls after a warm-up."""
    call()  # warm-up, untimed
    seconds, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        call()
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return seconds, cpu


def accuracy(pos, vel, failed, scalar, codes, ill=None):
    """Largest differences from the scalar Kanshi states (pos/vel [N][n][3] km, km/s; failed [N][n] bool),
    over every slot where both succeed and over the well-conditioned ones (``ill`` False, see `mask`)."""
    kanshi_failed = codes != 0
    both = ~failed & ~kanshi_failed
    dr_all = np.linalg.norm(pos - scalar[..., :3], axis=-1)
    dv_all = np.linalg.norm(vel - scalar[..., 3:], axis=-1)
    well = both & ~ill if ill is not None else both
    dr, dv = dr_all[well], dv_all[well]
    out = {"compared": int(both.sum()), "compared_well_conditioned": int(well.sum()),
           "max_position_difference_m_all": float(np.max(dr_all[both]) * 1e3) if both.any() else 0.0,
           "max_velocity_difference_mm_per_s_all": float(np.max(dv_all[both]) * 1e6) if both.any() else 0.0,
           "max_position_difference_m": float(np.max(dr) * 1e3) if dr.size else 0.0,
           "max_velocity_difference_mm_per_s": float(np.max(dv) * 1e6) if dv.size else 0.0,
           "median_position_difference_m": float(np.median(dr) * 1e3) if dr.size else 0.0,
           "p99_position_difference_m": float(np.percentile(dr, 99) * 1e3) if dr.size else 0.0,
           "error_status_mismatches": int((failed != kanshi_failed).sum()),
           "nan_where_kanshi_succeeds": int((np.isnan(pos[..., 0]) & ~kanshi_failed).sum())}
    if dr.size:
        j, i = np.argwhere(well)[int(np.argmax(dr))]
        out["worst"] = {"step": int(j), "satellite_index": int(i), "position_difference_m": float(dr_all[j, i] * 1e3)}
    return out


def load_mask(directory, key, steps, n):
    """The ill-conditioned slots written by `mask` ([N][n] bool), or None."""
    masks = []
    for k in (["near", "deep"] if key == "all" else [key]):
        path = os.path.join(directory, f"{k}.illcond.u8")
        if not os.path.exists(path):
            return None
        masks.append(np.fromfile(path, dtype=np.uint8))
    m = [x.reshape(steps, -1) for x in masks if x.size]
    if not m:
        return np.zeros((steps, n), bool)
    return np.concatenate(m, axis=1).astype(bool)


def python_sgp4_at(pairs, ref, steps):
    """python-sgp4 states of every set alone at exactly ref[i] + j minutes since epoch (see module doc)."""
    from sgp4.api import Satrec, WGS72
    sats = [Satrec.twoline2rv(l1, l2, WGS72) for l1, l2 in pairs]
    n = len(sats)
    grid = np.arange(steps, dtype=np.float64)
    pos = np.empty((steps, n, 3)); vel = np.empty((steps, n, 3)); failed = np.empty((steps, n), bool)
    for i, s in enumerate(sats):
        ei, ri, vi = s.sgp4_array(np.full(steps, s.jdsatepoch), s.jdsatepochF + (ref[i] + grid) / 1440.0)
        pos[:, i], vel[:, i], failed[:, i] = ri, vi, ei != 0
    return sats, pos, vel, failed


def perturbed(s, which, relative):
    """python-sgp4 Satrec with the same elements as `s` but mean motion or BSTAR times (1 + relative)."""
    from sgp4.api import Satrec, WGS72
    p = Satrec()
    p.sgp4init(WGS72, "i", s.satnum, s.jdsatepoch - 2433281.5 + s.jdsatepochF,
               s.bstar * (1 + relative) if which == "bstar" else s.bstar, s.ndot, s.nddot, s.ecco, s.argpo, s.inclo,
               s.mo, s.no_kozai * (1 + relative) if which == "n" else s.no_kozai, s.nodeo)
    return p


def run_mask(a, pairs, ref, scalar, codes):
    """Marks the ill-conditioned slots, where no two exact double-precision SGP4s can be expected to
    agree to 1 mm: where a relative change of 1e-15 in the mean motion or in BSTAR (a few units in the
    last place, what a different but equally exact order of operations causes) moves the position
    by >= 1 mm (estimated as 1/1000 of the move from a 1e-12 change, python-sgp4), or where python-sgp4
    and the scalar Kanshi SGP4 themselves differ by >= 1 mm or 1 mm/s. In this catalog: decaying
    objects propagated weeks past their epoch."""
    import sgp4
    sats, pos, vel, failed = python_sgp4_at(pairs, ref, a.steps)
    both = ~failed & (codes == 0)
    grid = np.arange(a.steps, dtype=np.float64)
    sensitivity = np.zeros(both.shape)
    for which in ("n", "bstar"):
        for i, s in enumerate(sats):
            p = perturbed(s, which, 1e-12)
            e, r, _ = p.sgp4_array(np.full(a.steps, p.jdsatepoch), p.jdsatepochF + (ref[i] + grid) / 1440.0)
            d = np.linalg.norm(r - pos[:, i], axis=-1) / 1000.0   # km, scaled to a 1e-15 change
            d[e != 0] = np.inf
            sensitivity[:, i] = np.maximum(sensitivity[:, i], d)
    with np.errstate(invalid="ignore"):
        dr = np.linalg.norm(pos - scalar[..., :3], axis=-1)
        dv = np.linalg.norm(vel - scalar[..., 3:], axis=-1)
    disagree = both & ((dr >= 1e-6) | (dv >= 1e-6))
    ill = both & ((sensitivity >= 1e-6) | disagree)
    ill.astype(np.uint8).tofile(os.path.join(a.dir, f"{a.klass}.illcond.u8"))
    bad = np.flatnonzero(ill.any(axis=0))
    per = np.where(both, dr, 0).max(axis=0) if len(sats) else np.zeros(0)
    sens = np.where(both, sensitivity, 0).max(axis=0) if len(sats) else np.zeros(0)
    return {"version": sgp4.__version__, "ill_conditioned_slots": int(ill.sum()), "slots": int(ill.size),
            "python_sgp4_disagreeing_slots": int(disagree.sum()),
            "ill_conditioned_sets": [{"norad": sats[i].satnum, "python_sgp4_vs_kanshi_m": float(per[i] * 1e3),
                                      "sensitivity_m": float(sens[i] * 1e3),
                                      "days_past_epoch_at_start": float(ref[i] / 1440)} for i in bad],
            "max_python_sgp4_vs_kanshi_well_conditioned_m": float(np.max(dr[both & ~ill]) * 1e3) if (both & ~ill).any() else 0.0,
            "error_status_mismatches": int((failed != (codes != 0)).sum())}


def run_python_sgp4(a, pairs, ref, scalar, codes):
    import sgp4
    from sgp4.api import Satrec, SatrecArray, WGS72
    sats = [Satrec.twoline2rv(l1, l2, WGS72) for l1, l2 in pairs]
    n, steps = len(sats), a.steps
    jd0, fr0 = start_jd(a.start)
    jd = np.full(steps, jd0)
    fr = fr0 + np.arange(steps) / 1440.0
    array = SatrecArray(sats)
    e = np.empty((n, steps), np.uint8)
    r = np.empty((n, steps, 3))
    v = np.empty((n, steps, 3))
    seconds, cpu = timed(lambda: array._sgp4(jd, fr, e, r, v), a.repeats)
    tsince = np.array([(jd0 - s.jdsatepoch) * 1440.0 + (fr0 - s.jdsatepochF) * 1440.0 for s in sats])
    result = {"version": sgp4.__version__, "threads": 1, "seconds": seconds, "cpu_seconds": cpu,
              "tsince_max_difference_s": float(np.max(np.abs(tsince - ref)) * 60) if n else 0.0,
              "tsince_differences_over_1ms": int(np.sum(np.abs(tsince - ref) * 60 > 1e-3)),
              "note": "SatrecArray._sgp4(jd, fr, e, r, v) into preallocated arrays (what .sgp4 calls); single-threaded"}
    if a.accuracy:
        _, pos, vel, failed = python_sgp4_at(pairs, ref, steps)
        result["accuracy"] = accuracy(pos, vel, failed, scalar, codes, load_mask(a.dir, a.klass, steps, n))
    return result


def run_heyoka(a, pairs, ref, scalar, codes):
    import heyoka as hy
    from sgp4.api import Satrec, WGS72
    hy.set_nthreads(a.threads)  # heyoka's parallel loops (TBB) use at most this many threads
    sats = [Satrec.twoline2rv(l1, l2, WGS72) for l1, l2 in pairs]
    deep = sum(1 for s in sats if s.method == "d")
    if deep and not a.allow_deep:
        return {"error": f"heyoka's sgp4_propagator has no deep-space terms; {deep} deep-space sets given"}
    n, steps = len(sats), a.steps
    prop = hy.model.sgp4_propagator(sats)
    times = np.ascontiguousarray(ref[None, :] + np.arange(steps, dtype=np.float64)[:, None])
    out = np.empty((steps, prop.nouts, n))
    seconds, cpu = timed(lambda: prop(times, out=out), a.repeats)
    result = {"version": hy.__version__, "threads": hy.get_nthreads(), "seconds": seconds, "cpu_seconds": cpu,
              "note": "sgp4_propagator(times [N][n] minutes since epoch, out=preallocated), double precision"}
    if a.accuracy:
        prop(times, out=out)
        pos = np.ascontiguousarray(np.transpose(out[:, 0:3, :], (0, 2, 1)))
        vel = np.ascontiguousarray(np.transpose(out[:, 3:6, :], (0, 2, 1)))
        result["accuracy"] = accuracy(pos, vel, out[:, 6, :] != 0, scalar, codes, load_mask(a.dir, a.klass, steps, n))
    return result


def run_astroz(a, pairs, ref, scalar, codes):
    os.environ["ASTROZ_THREADS"] = str(a.threads)
    import astroz
    from astroz._astroz import Satrec, Sgp4Constellation, WGS72, sdp4_batch_propagate_into
    sats = [Satrec.twoline2rv(l1, l2, WGS72) for l1, l2 in pairs]
    near = [s for s in sats if not s.is_deep_space]
    deep = [s for s in sats if s.is_deep_space]
    if not all(not s.is_deep_space for s in sats[:len(near)]):
        return {"error": "astroz classifies near-Earth/deep-space differently from Kanshi"}
    if any(s.error != 0 for s in near):
        return {"error": "astroz refused some near-Earth sets Kanshi initialised"}
    n, nn, steps = len(sats), len(near), a.steps
    grid = np.arange(steps, dtype=np.float64)
    const = Sgp4Constellation(near, gravity_model=WGS72) if near else None
    jd0, fr0 = start_jd(a.start)
    jd = np.full(steps, jd0)
    fr = fr0 + grid / 1440.0
    pos = np.empty((steps, n, 3)); vel = np.empty((steps, n, 3))
    near_ref = np.ascontiguousarray(ref[:nn])

    def call():
        if const is not None:
            const.propagate_into(grid, pos, vel, epoch_offsets=near_ref, output="teme", time_major=True, output_stride=n)
        if deep:
            sdp4_batch_propagate_into(deep, jd, fr, pos, vel, output_stride=n, sat_offset=nn)

    seconds, cpu = timed(call, a.repeats)
    result = {"version": astroz.__version__, "threads": a.threads, "seconds": seconds, "cpu_seconds": cpu,
              "note": "Sgp4Constellation.propagate_into (minutes since epoch per set) and sdp4_batch_propagate_into "
                      "(jd, fr) into preallocated time-major TEME arrays; threads by ASTROZ_THREADS"}
    if deep:
        tsince = np.array([(jd0 - s.jdsatepoch) * 1440.0 + (fr0 - s.jdsatepochF) * 1440.0 for s in deep])
        result["tsince_max_difference_s"] = float(np.max(np.abs(tsince - ref[nn:])) * 60)
    if a.accuracy:
        if const is not None:
            const.propagate_into(grid, pos, vel, epoch_offsets=near_ref, output="teme", time_major=True, output_stride=n)
        for k, s in enumerate(deep):  # each set alone at exactly Kanshi's minutes since epoch
            p = np.empty((1, steps, 3)); v = np.empty((1, steps, 3))
            sdp4_batch_propagate_into([s], np.full(steps, s.jdsatepoch), s.jdsatepochF + (ref[nn + k] + grid) / 1440.0, p, v)
            pos[:, nn + k], vel[:, nn + k] = p[0], v[0]
        result["accuracy"] = accuracy(pos, vel, np.isnan(pos[..., 0]), scalar, codes, load_mask(a.dir, a.klass, steps, n))
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["speed", "mask"])
    ap.add_argument("--peer", default="python-sgp4", choices=["python-sgp4", "heyoka", "astroz"])
    ap.add_argument("--class", dest="klass", required=True, choices=["near", "deep", "all"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--start", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--accuracy", action="store_true")
    ap.add_argument("--allow-deep", action="store_true",
                    help="heyoka: propagate deep-space sets anyway (it has no SDP4 terms), to measure how far off that is")
    a = ap.parse_args()
    pairs, ref, scalar, codes = load_class(a.dir, a.klass, a.steps)
    run = run_mask if a.mode == "mask" else {"python-sgp4": run_python_sgp4, "heyoka": run_heyoka, "astroz": run_astroz}[a.peer]
    try:
        result = run(a, pairs, ref, scalar, codes)
    except ImportError as e:
        result = {"error": f"{a.peer} is not installed ({e}); pip install {a.peer if a.peer != 'python-sgp4' else 'sgp4'}"}
    result.update({"peer": a.peer, "class": a.klass, "satellites": len(pairs), "steps": a.steps,
                   "propagations": len(pairs) * a.steps})
    worst = result.get("accuracy", {}).get("worst")
    if worst:
        worst["norad"] = pairs[worst["satellite_index"]][0][2:7].strip()
    if "seconds" in result:
        result["median_seconds"] = float(np.median(result["seconds"]))
        result["propagations_per_second"] = result["propagations"] / result["median_seconds"]
        result["propagations_per_cpu_second"] = result["propagations"] / float(np.median(result["cpu_seconds"]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
