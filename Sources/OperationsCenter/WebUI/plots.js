// Kanshi web UI — small SVG plots of our own: line/scatter plots with linear, log or time axes,
// and an equirectangular map for ground tracks.
import { esc } from './api.js';

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) { const d = Math.abs(lo) * 0.1 || 1; lo -= d; hi += d; }
  const raw = (hi - lo) / count, mag = 10 ** Math.floor(Math.log10(raw)), f = raw / mag;
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}
const TIME_STEPS_S = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 172800, 604800, 2592000];
function timeTicks(lo, hi, count = 5) {
  const span = (hi - lo) / 1000;
  const step = (TIME_STEPS_S.find(s => span / s <= count) || 2592000) * 1000;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return { ticks: out, step };
}
function timeLabel(ms, step) {
  const s = new Date(ms).toISOString();
  if (step >= 86400000) return s.slice(5, 10);
  if (step >= 60000) return s.slice(11, 16);
  return s.slice(11, 19);
}
let clipCounter = 0;
function numLabel(v) {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace('e-', 'e−');
  return String(Number(v.toPrecision(6)));
}

/**
 * A line plot as an SVG string. `series`: [{x: [...], y: [...], cls: 'series'|'series2', dots, name}];
 * options: width, height, title, xTime (x in ms since 1970), yLog (log10 axis, values <= 0 are
 * dropped), xLabel, yLabel, markers: [{x, y, cls, label}], vlines: [{x, label}], equal (same
 * scale on both axes).
 */
export function linePlot(o) {
  const W = o.width || 560, H = o.height || 240;
  const m = { l: 64, r: 16, t: o.title ? 26 : 10, b: 34 };
  const tr = v => o.yLog ? (v > 0 ? Math.log10(v) : NaN) : v;
  let xs = [], ys = [];
  for (const s of o.series) for (let i = 0; i < s.x.length; i++) {
    const y = tr(s.y[i]);
    if (Number.isFinite(s.x[i]) && Number.isFinite(y)) { xs.push(s.x[i]); ys.push(y); }
  }
  for (const mk of o.markers || []) { if (Number.isFinite(mk.x)) xs.push(mk.x); if (Number.isFinite(tr(mk.y))) ys.push(tr(mk.y)); }
  if (xs.length === 0) {
    return `<svg class="plot" viewBox="0 0 ${W} ${H}" role="img"><text class="title" x="${m.l}" y="18">${esc(o.title || '')}</text>
      <text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text></svg>`;
  }
  let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (x1 === x0) { x0 -= o.xTime ? 3600000 : 1; x1 += o.xTime ? 3600000 : 1; }
  if (y1 === y0) { const d = o.yLog ? 1 : Math.abs(y0) * 0.05 || 1; y0 -= d; y1 += d; }
  const pad = (y1 - y0) * 0.06; y0 -= pad; y1 += pad;
  const pw = W - m.l - m.r, ph = H - m.t - m.b;
  if (o.equal) {
    const sx = (x1 - x0) / pw, sy = (y1 - y0) / ph, s = Math.max(sx, sy);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    x0 = cx - s * pw / 2; x1 = cx + s * pw / 2; y0 = cy - s * ph / 2; y1 = cy + s * ph / 2;
  }
  const X = v => m.l + (v - x0) / (x1 - x0) * pw, Y = v => m.t + ph - (v - y0) / (y1 - y0) * ph;
  const parts = [`<svg class="plot" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title || 'plot')}">`];
  if (o.title) parts.push(`<text class="title" x="${m.l}" y="16">${esc(o.title)}</text>`);
  let yt;
  if (o.yLog) { yt = []; for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) yt.push(e); if (yt.length > 8) yt = yt.filter((_, i) => i % 2 === 0); }
  else yt = niceTicks(y0, y1, 5);
  for (const v of yt) {
    parts.push(`<line class="grid" x1="${m.l}" x2="${W - m.r}" y1="${Y(v)}" y2="${Y(v)}"/>`);
    parts.push(`<text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${o.yLog ? '1e' + v : numLabel(v)}</text>`);
  }
  if (o.xTime) {
    const { ticks, step } = timeTicks(x0, x1, Math.max(3, Math.floor(pw / 90)));
    for (const v of ticks) {
      parts.push(`<line class="grid" y1="${m.t}" y2="${m.t + ph}" x1="${X(v)}" x2="${X(v)}"/>`);
      parts.push(`<text x="${X(v)}" y="${H - m.b + 15}" text-anchor="middle">${timeLabel(v, step)}</text>`);
    }
  } else {
    for (const v of niceTicks(x0, x1, Math.max(3, Math.floor(pw / 80)))) {
      parts.push(`<line class="grid" y1="${m.t}" y2="${m.t + ph}" x1="${X(v)}" x2="${X(v)}"/>`);
      parts.push(`<text x="${X(v)}" y="${H - m.b + 15}" text-anchor="middle">${numLabel(v)}</text>`);
    }
  }
  parts.push(`<rect class="axis" fill="none" x="${m.l}" y="${m.t}" width="${pw}" height="${ph}"/>`);
  if (o.xLabel) parts.push(`<text x="${m.l + pw / 2}" y="${H - 4}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  if (o.yLabel) parts.push(`<text x="12" y="${m.t + ph / 2}" text-anchor="middle" transform="rotate(-90 12 ${m.t + ph / 2})">${esc(o.yLabel)}</text>`);
  for (const v of o.vlines || []) {
    if (v.x < x0 || v.x > x1) continue;
    parts.push(`<line class="axis" stroke-dasharray="3 3" x1="${X(v.x)}" x2="${X(v.x)}" y1="${m.t}" y2="${m.t + ph}"/>`);
    if (v.label) parts.push(`<text x="${X(v.x) + 4}" y="${m.t + 12}">${esc(v.label)}</text>`);
  }
  const clip = `clip${++clipCounter}`;
  parts.push(`<clipPath id="${clip}"><rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}"/></clipPath><g clip-path="url(#${clip})">`);
  for (const s of o.series) {
    const pts = [];
    for (let i = 0; i < s.x.length; i++) {
      const y = tr(s.y[i]);
      if (Number.isFinite(s.x[i]) && Number.isFinite(y)) pts.push(`${X(s.x[i]).toFixed(1)},${Y(y).toFixed(1)}`);
    }
    if (s.line !== false && pts.length > 1) parts.push(`<polyline class="${s.cls || 'series'}" points="${pts.join(' ')}"/>`);
    if (s.dots || pts.length === 1) for (const p of pts) { const [a, b] = p.split(','); parts.push(`<circle class="${s.cls === 'series2' ? 'dot2' : 'dot'}" cx="${a}" cy="${b}" r="2.6"/>`); }
  }
  for (const mk of o.markers || []) {
    const y = tr(mk.y);
    if (!Number.isFinite(mk.x) || !Number.isFinite(y)) continue;
    parts.push(`<circle class="${mk.cls || 'tca'}" cx="${X(mk.x)}" cy="${Y(y)}" r="4.5"/>`);
    if (mk.label) {
      // keep the label inside the frame: below the point near the top, left of it near the right edge
      const ly = Y(y) - m.t < 16 ? Y(y) + 16 : Y(y) - 7;
      const right = X(mk.x) > m.l + pw - 8 * mk.label.length;
      parts.push(`<text x="${right ? X(mk.x) - 7 : X(mk.x) + 7}" y="${ly}" text-anchor="${right ? 'end' : 'start'}" style="fill:#ff5c6c">${esc(mk.label)}</text>`);
    }
  }
  parts.push('</g>');
  if (o.series.length > 1 && o.series.some(s => s.name)) {
    let lx = m.l + pw - 8;
    const legend = [];
    for (const s of [...o.series].reverse()) {
      if (!s.name) continue;
      const w = 14 + 7 * s.name.length;
      lx -= w;
      legend.push(`<line class="${s.cls || 'series'}" x1="${lx}" x2="${lx + 10}" y1="${m.t + 10}" y2="${m.t + 10}"/><text x="${lx + 13}" y="${m.t + 14}">${esc(s.name)}</text>`);
    }
    parts.push(legend.join(''));
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * An equirectangular world map as an SVG string: coastline rings (Float32Array [lon, lat, ...]),
 * a ground track [{lat_deg, lon_deg}] split at the antimeridian, an optional `now` point and sensors.
 */
export function mapPlot({ rings = [], track = [], now = null, sensors = [], width = 720, title = '' }) {
  const W = width, H = width / 2, top = title ? 22 : 0;
  const X = lon => (lon + 180) / 360 * W, Y = lat => top + (90 - lat) / 180 * H;
  const parts = [`<svg class="plot" viewBox="0 0 ${W} ${H + top}" role="img" aria-label="${esc(title || 'map')}">`];
  if (title) parts.push(`<text class="title" x="4" y="15">${esc(title)}</text>`);
  parts.push(`<rect class="ocean" x="0" y="${top}" width="${W}" height="${H}"/>`);
  const d = [];
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      const jump = i > 0 && Math.abs(r[i] - r[i - 2]) > 180;
      d.push(`${i === 0 || jump ? 'M' : 'L'}${X(r[i]).toFixed(1)} ${Y(r[i + 1]).toFixed(1)}`);
    }
    d.push('Z');
  }
  parts.push(`<path class="land" d="${d.join('')}"/>`);
  for (let lon = -150; lon <= 150; lon += 30) parts.push(`<line class="grid" x1="${X(lon)}" x2="${X(lon)}" y1="${top}" y2="${top + H}"/>`);
  for (let lat = -60; lat <= 60; lat += 30) parts.push(`<line class="grid" x1="0" x2="${W}" y1="${Y(lat)}" y2="${Y(lat)}"/>`);
  const segs = [];
  let cur = [];
  for (let i = 0; i < track.length; i++) {
    const p = track[i];
    if (i > 0 && Math.abs(p.lon_deg - track[i - 1].lon_deg) > 180) { segs.push(cur); cur = []; }
    cur.push(`${X(p.lon_deg).toFixed(1)},${Y(p.lat_deg).toFixed(1)}`);
  }
  segs.push(cur);
  for (const s of segs) if (s.length > 1) parts.push(`<polyline class="track" points="${s.join(' ')}"/>`);
  for (const s of sensors) parts.push(`<rect class="sensor" x="${X(s.lon_deg) - 2.5}" y="${Y(s.lat_deg) - 2.5}" width="5" height="5"><title>${esc(s.name)}</title></rect>`);
  if (now) parts.push(`<circle class="now" cx="${X(now.lon_deg)}" cy="${Y(now.lat_deg)}" r="5"/>`);
  parts.push('</svg>');
  return parts.join('');
}
