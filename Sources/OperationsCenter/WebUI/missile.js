// Kanshi web UI — `#/missile`: the missile-warning picture. A map of Japan's land and EEZ with every
// track's estimated trajectory, its predicted path to impact, the impact ellipse (95 %) and the
// overflown stretch; a card per track (class, trajectory type, launch, burnout, apogee, impact and
// its zone probabilities); and the warning timeline. Redrawn on every `missile.*` alert and polled
// every 2 s while a track is live. The report is `GET /api/v1/missile` (docs/missile-tracks.md).
import { getJSON, esc, fmtTime, fmtNum } from './api.js';
import { loadCoastlines } from './geo.js';
import { feed } from './alerts.js';

// 2-D Gaussian: the ellipse holding 95 % of the impact probability is 2.448 σ.
const ELLIPSE_95_SCALE = Math.sqrt(-2 * Math.log(0.05));
const JAPAN_BOX = { west: 122, east: 154, south: 20, north: 46 };
const TRACK_COLORS = ['#ff5252', '#ffb74d', '#4fc3f7', '#ba68c8', '#81c784', '#f06292'];

let japanPromise = null;
/** Japan's land and EEZ as rings of [lon, lat] pairs, fetched once. */
function loadJapan() {
  if (!japanPromise) {
    const rings = geo => {
      const out = [];
      for (const f of geo.features || []) {
        const g = f.geometry || {};
        const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
        for (const p of polys) for (const ring of p) out.push(ring);
      }
      return out;
    };
    japanPromise = Promise.all([getJSON('/geo/japan-land'), getJSON('/geo/japan-eez')])
      .then(([land, eez]) => ({ land: rings(land), eez: rings(eez) }))
      .catch(e => { japanPromise = null; console.warn('Japan zones unavailable:', e.message); return { land: [], eez: [] }; });
  }
  return japanPromise;
}

function levelClass(level) {
  const l = String(level || '').toLowerCase();
  if (/(land|emergency|critical|overflight)/.test(l)) return 'critical';
  if (/(eez|warning)/.test(l)) return 'warning';
  return 'info';
}
function pct(p) { return p === null || p === undefined ? '—' : `${(100 * p).toFixed(p > 0 && p < 0.01 ? 2 : 0)} %`; }
function latLon(o) { return o ? `${fmtNum(o.lat_deg, 2)}°, ${fmtNum(o.lon_deg, 2)}°` : '—'; }

export async function renderMissile(view) {
  view.innerHTML = `<div class="page">
    <h1>Missile warning</h1>
    <p class="muted">Launches detected by the infrared satellites and tracked by the ground radars: estimated trajectory
      (solid), predicted path to impact (dashed), impact ellipse (95 %) over Japan's land and its EEZ (blue), and the
      warnings as they were issued, updated and cancelled.</p>
    <div class="missile-grid">
      <div class="panel map-panel"><canvas id="missile-map" width="900" height="640"></canvas>
        <div class="muted small" id="missile-legend"></div></div>
      <div class="panel" id="missile-tracks"><div class="muted">loading…</div></div>
    </div>
    <h2>Warning timeline</h2>
    <div class="panel" id="missile-warnings"><div class="muted">loading…</div></div>
  </div>`;
  const canvas = view.querySelector('#missile-map');
  const hook = window.kanshi;
  let report = null, japan = { land: [], eez: [] }, coast = [], alive = true, timer = null;

  const draw = () => {
    if (!alive) return;
    drawMap(canvas, report, japan, coast);
    hook.missileDrawn = (report?.tracks || []).length;
  };
  const refresh = async () => {
    try {
      report = await getJSON('/missile');
      hook.missile = { tracks: (report.tracks || []).map(t => t.id), warnings: (report.warnings || []).length };
      view.querySelector('#missile-tracks').innerHTML = tracksHTML(report);
      view.querySelector('#missile-warnings').innerHTML = warningsHTML(report);
      draw();
    } catch (e) {
      view.querySelector('#missile-tracks').innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
    const live = (report?.tracks || []).some(t => t.status === 'confirmed' || t.status === 'tentative');
    if (alive) timer = setTimeout(refresh, live ? 2000 : 10000);
  };
  [japan, coast] = await Promise.all([loadJapan(), loadCoastlines()]);
  await refresh();
  const off = feed.subscribe((alerts, fresh) => {
    if (alerts.some(a => fresh.includes(a.id) && String(a.kind).startsWith('missile.'))) { clearTimeout(timer); refresh(); }
  });
  return () => { alive = false; clearTimeout(timer); off(); };
}

function tracksHTML(report) {
  const tracks = report.tracks || [];
  const d = report.detections || {};
  const head = `<div class="muted small">${esc(d.total ?? 0)} detections (${esc(d.ir ?? 0)} IR, ${esc(d.radar ?? 0)} radar);
    ${esc(d.used ?? 0)} used, ${esc(d.clutter ?? 0)} rejected as clutter</div>`;
  if (!tracks.length) return head + '<div class="empty">No missile track.</div>';
  return head + tracks.map((t, i) => {
    const c = t.classification, im = t.impact;
    return `<div class="track-card" data-track="${esc(t.id)}">
      <div class="head"><span class="swatch" style="background:${TRACK_COLORS[i % TRACK_COLORS.length]}"></span>
        <b>${esc(t.id)}</b> <span class="badge">${esc(t.status)}</span>
        ${c ? `<span class="badge">${esc(c.class)}</span> <span class="badge">${esc(c.trajectory)}</span>` : ''}
        ${im ? `<span class="sev ${levelClass(im.zone === 'land' ? 'land' : im.zone)}">impact ${esc(im.zone)}${im.land_group ? ' · ' + esc(im.land_group) : ''}</span>` : ''}</div>
      <table class="track-facts"><tbody>
        <tr><th>launch</th><td>${t.launch ? `${fmtTime(t.launch.time)} at ${latLon(t.launch)} (±${fmtNum(t.launch.sigma_km, 1)} km)` : '—'}</td></tr>
        <tr><th>first detection</th><td>${fmtTime(t.first_detection)} · ${esc((t.sensors || []).join(', '))}</td></tr>
        <tr><th>burnout</th><td>${t.burnout ? `${fmtTime(t.burnout.time)} · ${fmtNum(t.burnout.alt_km, 0)} km · ${fmtNum(t.burnout.speed_km_s, 2)} km/s` : '—'}</td></tr>
        <tr><th>apogee</th><td>${t.apogee ? `${fmtNum(t.apogee.alt_km, 0)} km at ${fmtTime(t.apogee.time)}` : '—'}</td></tr>
        <tr><th>range capability</th><td>${c ? `${fmtNum(c.range_capability_km, 0)} km` : '—'}</td></tr>
        <tr><th>impact</th><td>${im ? `${fmtTime(im.time)} at ${latLon(im)} · ellipse ${fmtNum(im.semi_major_km, 1)} × ${fmtNum(im.semi_minor_km, 1)} km (1σ)${im.instantaneous ? ' · instantaneous impact point' : ''}` : '—'}</td></tr>
        <tr><th>zone probability</th><td>${im ? `land ${pct(im.p_land)} · EEZ ${pct(im.p_eez)} · outside ${pct(im.p_outside)}` : '—'}</td></tr>
        <tr><th>overflight</th><td>${(t.overflights || []).length ? t.overflights.map(o => `${esc((o.groups || []).join(', '))} ${fmtTime(o.entry)}–${fmtTime(o.exit).slice(11)}`).join('<br>') : 'none'}</td></tr>
      </tbody></table></div>`;
  }).join('');
}

function warningsHTML(report) {
  const w = report.warnings || [];
  if (!w.length) return '<div class="empty">No warning issued.</div>';
  return `<table id="missile-warning-table"><thead><tr><th>time (UTC)</th><th>track</th><th>event</th><th>level</th><th>area</th>
    <th>impact (UTC)</th><th>message</th></tr></thead><tbody>
    ${w.map(e => `<tr data-kind="${esc(e.kind)}" data-level="${esc(e.level)}"><td class="mono">${fmtTime(e.time)}</td><td>${esc(e.track)}</td>
      <td>${esc(e.kind)}</td><td><span class="sev ${levelClass(e.level)}">${esc(e.level)}</span></td><td>${esc(e.area || '')}</td>
      <td class="mono">${e.impact_time ? fmtTime(e.impact_time) : '—'}</td><td class="muted">${esc(e.message || '')}</td></tr>`).join('')}</tbody></table>`;
}

// ---- the map ---------------------------------------------------------------------------------
function bounds(report) {
  const b = { ...JAPAN_BOX };
  const add = (lon, lat) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    b.west = Math.min(b.west, lon); b.east = Math.max(b.east, lon);
    b.south = Math.min(b.south, lat); b.north = Math.max(b.north, lat);
  };
  for (const t of report?.tracks || []) {
    for (const p of (t.trajectory || []).concat(t.predicted_path || [])) add(p.lon_deg, p.lat_deg);
    if (t.impact) add(t.impact.lon_deg, t.impact.lat_deg);
    if (t.launch) add(t.launch.lon_deg, t.launch.lat_deg);
  }
  const padLon = 0.05 * (b.east - b.west), padLat = 0.05 * (b.north - b.south);
  return { west: b.west - padLon, east: b.east + padLon, south: b.south - padLat, north: b.north + padLat };
}

function drawMap(canvas, report, japan, coast) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const b = bounds(report);
  const kx = Math.cos(((b.north + b.south) / 2) * Math.PI / 180);
  const scale = Math.min(W / ((b.east - b.west) * kx), H / (b.north - b.south));
  const x0 = (W - (b.east - b.west) * kx * scale) / 2, y0 = (H - (b.north - b.south) * scale) / 2;
  const px = (lon, lat) => [x0 + (lon - b.west) * kx * scale, y0 + (b.north - lat) * scale];
  ctx.fillStyle = '#0b1220'; ctx.fillRect(0, 0, W, H);
  const path = (ring, lonKey = 0, latKey = 1) => {
    ctx.beginPath();
    ring.forEach((p, i) => { const [x, y] = px(p[lonKey], p[latKey]); if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
  };
  // context coastlines (interleaved Float32Array rings from geo.js)
  ctx.strokeStyle = '#2b3a55'; ctx.lineWidth = 1;
  for (const ring of coast) {
    ctx.beginPath();
    for (let i = 0; i < ring.length; i += 2) {
      const [x, y] = px(ring[i], ring[i + 1]);
      if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    }
    ctx.stroke();
  }
  ctx.fillStyle = 'rgba(66,135,245,0.10)'; ctx.strokeStyle = '#4287f5'; ctx.setLineDash([4, 3]);
  for (const ring of japan.eez) { path(ring); ctx.fill(); ctx.stroke(); }
  ctx.setLineDash([]);
  ctx.fillStyle = '#4a5d3a'; ctx.strokeStyle = '#8fae6b';
  for (const ring of japan.land) { path(ring); ctx.fill(); ctx.stroke(); }
  // tracks
  (report?.tracks || []).forEach((t, i) => {
    const color = TRACK_COLORS[i % TRACK_COLORS.length];
    ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
    if ((t.trajectory || []).length > 1) { path(t.trajectory.map(p => [p.lon_deg, p.lat_deg])); ctx.stroke(); }
    if ((t.predicted_path || []).length > 1) {
      ctx.setLineDash([6, 4]); ctx.lineWidth = 1.5;
      path(t.predicted_path.map(p => [p.lon_deg, p.lat_deg])); ctx.stroke(); ctx.setLineDash([]);
    }
    if (t.launch) { const [x, y] = px(t.launch.lon_deg, t.launch.lat_deg); ctx.fillRect(x - 4, y - 4, 8, 8); }
    const im = t.impact;
    if (im) {
      const [x, y] = px(im.lon_deg, im.lat_deg);
      // semi-axes km → degrees of latitude (111.2 km) → pixels; azimuth clockwise from north
      const kmToPx = scale / 111.2;
      ctx.save(); ctx.translate(x, y); ctx.rotate((im.major_azimuth_deg || 0) * Math.PI / 180);
      ctx.beginPath();
      ctx.ellipse(0, 0, Math.max(2, ELLIPSE_95_SCALE * (im.semi_minor_km || 0) * kmToPx), Math.max(2, ELLIPSE_95_SCALE * (im.semi_major_km || 0) * kmToPx), 0, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.25; ctx.fill(); ctx.globalAlpha = 1; ctx.stroke(); ctx.restore();
      ctx.beginPath(); ctx.moveTo(x - 6, y - 6); ctx.lineTo(x + 6, y + 6); ctx.moveTo(x + 6, y - 6); ctx.lineTo(x - 6, y + 6); ctx.stroke();
    }
    ctx.font = '12px sans-serif';
    const label = t.launch || (t.trajectory || [])[0];
    if (label) { const [x, y] = px(label.lon_deg, label.lat_deg); ctx.fillText(t.id, x + 6, y - 6); }
  });
  const legend = canvas.parentElement.querySelector('#missile-legend');
  if (legend) legend.textContent = `${b.west.toFixed(0)}°E–${b.east.toFixed(0)}°E, ${b.south.toFixed(0)}°N–${b.north.toFixed(0)}°N · ■ launch · ✕ impact · ellipse 95 % · dashed: predicted`;
}
