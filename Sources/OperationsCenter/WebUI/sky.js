// Kanshi web UI — the sky snapshot from /api/v1/sky and its extrapolation between fetches.
//
// /sky gives ITRF (Earth-fixed) positions r and velocities v at one time t0. Between fetches
// each object is moved in the inertial frame that coincides with ITRF at t0: the inertial
// velocity is v + ω × r, the motion is r + v_I·Δt + ½·g·Δt² with two-body gravity g = −μ r/|r|³
// (about 50 m off after 30 s in LEO), and the result is turned back into the Earth-fixed frame
// by the Earth's rotation −ω·Δt about the pole. The globe does the same on the GPU.
import { getJSON, opsNowMs, clockKnown } from './api.js';
import { EARTH_ROTATION_RAD_S, MU_KM3_S2, regimeIndex } from './geo.js';

/**
 * One /sky answer in typed arrays (structure of arrays, no per-object objects). States that no
 * Earth orbit can have are left out and counted in `rejected`: unbound (inertial speed above
 * escape speed at that radius, 5 % margin) or farther than 500,000 km. SGP4 gives such states for
 * some stale element sets without an error (e.g. decayed debris propagated weeks past epoch).
 */
export class SkySnapshot {
  constructor(json, localMidMs) {
    const total = Math.min(json.count ?? json.norad_cat_id.length, json.norad_cat_id.length,
      Math.floor((json.ecef_km || []).length / 3));
    this.atMs = Date.parse(json.at);
    this.localMidMs = localMidMs;
    this.ids = new Int32Array(total);
    this.pos = new Float32Array(3 * total);
    this.vel = new Float32Array(3 * total);
    this.regime = new Float32Array(total);
    this.rejected = 0;
    const hasV = Array.isArray(json.velocity_ecef_km_s) && json.velocity_ecef_km_s.length >= 3 * total;
    const w = EARTH_ROTATION_RAD_S;
    let n = 0;
    for (let i = 0; i < total; i++) {
      const x = json.ecef_km[3 * i], y = json.ecef_km[3 * i + 1], z = json.ecef_km[3 * i + 2];
      const vx = hasV ? json.velocity_ecef_km_s[3 * i] : 0;
      const vy = hasV ? json.velocity_ecef_km_s[3 * i + 1] : 0;
      const vz = hasV ? json.velocity_ecef_km_s[3 * i + 2] : 0;
      // inertial velocity in the axes of ITRF at t0: v + ω × r, ω = (0, 0, w)
      const ix = vx - w * y, iy = vy + w * x;
      const r = Math.hypot(x, y, z), v2 = ix * ix + iy * iy + vz * vz;
      if (!(r > 1 && r < 5e5 && v2 < 1.05 * 2 * MU_KM3_S2 / r)) { this.rejected++; continue; }
      this.ids[n] = json.norad_cat_id[i];
      this.pos[3 * n] = x; this.pos[3 * n + 1] = y; this.pos[3 * n + 2] = z;
      this.vel[3 * n] = ix; this.vel[3 * n + 1] = iy; this.vel[3 * n + 2] = vz;
      this.regime[n] = regimeIndex(json.regime ? json.regime[i] : null);
      n++;
    }
    this.count = n;
    if (n < total) {
      this.ids = this.ids.slice(0, n); this.pos = this.pos.slice(0, 3 * n);
      this.vel = this.vel.slice(0, 3 * n); this.regime = this.regime.slice(0, n);
    }
  }

  /** Seconds from the snapshot time to the operations time now. */
  elapsedSeconds() {
    if (clockKnown() && Number.isFinite(this.atMs)) {
      const dt = (opsNowMs() - this.atMs) / 1000;
      if (Math.abs(dt) < 3600) return dt;
    }
    return (Date.now() - this.localMidMs) / 1000;
  }

  /** Writes Earth-fixed positions (km) at `dt` seconds after the snapshot into `out`. */
  positionsAt(dt, out) {
    const n = this.count, p = this.pos, v = this.vel;
    const th = -EARTH_ROTATION_RAD_S * dt, c = Math.cos(th), s = Math.sin(th);
    const h = 0.5 * dt * dt;
    for (let i = 0; i < n; i++) {
      const x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
      const r2 = x * x + y * y + z * z;
      const k = r2 > 1 ? -MU_KM3_S2 / (r2 * Math.sqrt(r2)) * h : 0;
      const X = x + v[3 * i] * dt + k * x, Y = y + v[3 * i + 1] * dt + k * y, Z = z + v[3 * i + 2] * dt + k * z;
      out[3 * i] = c * X - s * Y; out[3 * i + 1] = s * X + c * Y; out[3 * i + 2] = Z;
    }
    return out;
  }
}

/** Fetches /sky (the server's operations time) into a snapshot. */
export async function fetchSky(signal) {
  const t0 = Date.now();
  const json = await getJSON('/sky', {}, { signal });
  if (!json || !Array.isArray(json.norad_cat_id) || !Array.isArray(json.ecef_km)) {
    throw new Error('sky: answer without norad_cat_id/ecef_km');
  }
  return new SkySnapshot(json, (t0 + Date.now()) / 2);
}
