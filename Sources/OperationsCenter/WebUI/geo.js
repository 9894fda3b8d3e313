// Kanshi web UI — shared geography: coastline rings, sensor sites, Earth rotation and the Sun.
import { getJSON } from './api.js';

export const EARTH_RADIUS_KM = 6378.137;
export const EARTH_ROTATION_RAD_S = 7.2921158553e-5;
export const MU_KM3_S2 = 398600.4418;

let coastlinePromise = null;
let sensorPromise = null;

/** The coastlines as rings of [lon_deg, lat_deg] pairs (Float32Array, interleaved), fetched once. */
export function loadCoastlines() {
  if (!coastlinePromise) {
    coastlinePromise = getJSON('/geo/coastlines').then(ringsFromGeoJSON).catch(e => {
      coastlinePromise = null;
      console.warn('coastlines unavailable:', e.message);
      return [];
    });
  }
  return coastlinePromise;
}

/** Flattens a GeoJSON FeatureCollection/Feature/geometry into rings. */
export function ringsFromGeoJSON(json) {
  const rings = [];
  const addLine = coords => {
    if (!Array.isArray(coords) || coords.length < 2) return;
    const ring = new Float32Array(coords.length * 2);
    let n = 0;
    for (const c of coords) {
      if (!Array.isArray(c) || c.length < 2 || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
      ring[n++] = c[0]; ring[n++] = c[1];
    }
    if (n >= 4) rings.push(ring.subarray(0, n));
  };
  const visit = g => {
    if (!g) return;
    switch (g.type) {
      case 'FeatureCollection': for (const f of g.features || []) visit(f); break;
      case 'Feature': visit(g.geometry); break;
      case 'GeometryCollection': for (const x of g.geometries || []) visit(x); break;
      case 'Polygon': case 'MultiLineString': for (const r of g.coordinates || []) addLine(r); break;
      case 'MultiPolygon': for (const p of g.coordinates || []) for (const r of p) addLine(r); break;
      case 'LineString': addLine(g.coordinates); break;
      default: break;
    }
  };
  visit(json);
  return rings;
}

/** Sensor sites from /sensors (`items`; a `sensors` key is accepted too), fetched once. */
export function loadSensors() {
  if (!sensorPromise) {
    sensorPromise = getJSON('/sensors').then(j => (j.items || j.sensors || []).filter(
      s => Number.isFinite(s.lat_deg) && Number.isFinite(s.lon_deg))).catch(e => {
      sensorPromise = null;
      console.warn('sensors unavailable:', e.message);
      return [];
    });
  }
  return sensorPromise;
}

/** Unit-sphere point (Earth-fixed, z north) for a latitude/longitude in degrees, scaled by `r`. */
export function toSphere(latDeg, lonDeg, r = 1) {
  const la = latDeg * Math.PI / 180, lo = lonDeg * Math.PI / 180;
  return [r * Math.cos(la) * Math.cos(lo), r * Math.cos(la) * Math.sin(lo), r * Math.sin(la)];
}

/**
 * Direction of the Sun in the Earth-fixed frame at `ms` (ms since 1970): the low-precision
 * solar coordinates of the Astronomical Almanac (about 0.01 deg, good for a terminator) and
 * the IAU 1982 GMST, without precession or polar motion.
 */
export function sunDirectionECEF(ms) {
  const d = ms / 86400000 + 2440587.5 - 2451545.0;
  const rad = Math.PI / 180;
  const g = (357.529 + 0.98560028 * d) * rad;
  const q = 280.459 + 0.98564736 * d;
  const L = (q + 1.915 * Math.sin(g) + 0.020 * Math.sin(2 * g)) * rad;
  const e = (23.439 - 0.00000036 * d) * rad;
  const ra = Math.atan2(Math.cos(e) * Math.sin(L), Math.cos(L));
  const dec = Math.asin(Math.sin(e) * Math.sin(L));
  const gmst = ((280.46061837 + 360.98564736629 * d) % 360) * rad;
  const lon = ra - gmst;
  return [Math.cos(dec) * Math.cos(lon), Math.cos(dec) * Math.sin(lon), Math.sin(dec)];
}

/** Regime → RGB (0..1). The order is the regime index used by the globe. */
export const REGIMES = ['LEO', 'MEO', 'GEO', 'HEO', 'OTHER'];
export const REGIME_COLORS = [
  [0.31, 0.76, 0.97], [1.0, 0.84, 0.31], [1.0, 0.54, 0.40], [0.81, 0.58, 0.85], [0.62, 0.66, 0.72],
];
export function regimeIndex(name) {
  const i = REGIMES.indexOf(String(name || '').toUpperCase());
  return i < 0 ? 4 : i;
}
export function regimeCSS(i) {
  const c = REGIME_COLORS[i] || REGIME_COLORS[4];
  return `rgb(${Math.round(c[0] * 255)},${Math.round(c[1] * 255)},${Math.round(c[2] * 255)})`;
}
