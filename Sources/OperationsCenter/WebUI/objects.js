// Kanshi web UI — `#/objects?q=` (catalog search) and `#/object/<norad>` (identity, elements,
// orbit, ground track, element history, events).
import { getJSON, esc, markingBadge, fmtTime, fmtNum, fmtInt, fmtPc, fmtKm, fmtRelative, parseTime, opsNowMs, pcClass } from './api.js';
import { linePlot, mapPlot } from './plots.js';
import { loadCoastlines, loadSensors } from './geo.js';

export async function renderSearch(view, _path, query) {
  const q = query.get('q') || '';
  const type = query.get('type') || '';
  view.innerHTML = `<div class="page">
    <h1>Catalog</h1>
    <form class="filters" id="search-form">
      <label>name, international designator or NORAD number
        <input class="search" name="q" value="${esc(q)}" placeholder="ISS, 1998-067A, 25544" autofocus></label>
      <label>type <select name="type">
        ${['', 'PAYLOAD', 'ROCKET BODY', 'DEBRIS', 'UNKNOWN'].map(t => `<option value="${t}"${t === type ? ' selected' : ''}>${t || 'any'}</option>`).join('')}
      </select></label>
      <button type="submit">Search</button>
    </form>
    <div id="results" class="panel"><div class="muted">searching…</div></div>
  </div>`;
  const form = view.querySelector('#search-form');
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) p.set(k, v);
    location.hash = `#/objects?${p}`;
  });
  const input = form.querySelector('input[name=q]');
  let debounce = null;
  input.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => form.requestSubmit(), 450); });
  input.focus();
  input.setSelectionRange(q.length, q.length);

  const box = view.querySelector('#results');
  try {
    const list = await getJSON('/objects', { q, type, limit: 200 });
    const items = list.items || [];
    box.innerHTML = items.length === 0 ? `<div class="empty">No object matches “${esc(q)}”.</div>` : `
      <table><thead><tr><th class="num">NORAD</th><th>name</th><th>designator</th><th>type</th>
        <th class="num">sets</th><th>latest epoch</th><th class="num">mean motion (rev/d)</th><th class="num">ecc</th><th class="num">incl (deg)</th></tr></thead>
      <tbody>${items.map(o => `<tr class="clickable" data-href="#/object/${esc(o.norad_cat_id)}">
        <td class="num"><a href="#/object/${esc(o.norad_cat_id)}">${esc(o.norad_cat_id)}</a></td><td>${esc(o.name)}</td>
        <td class="mono">${esc(o.object_id)}</td><td>${esc(o.object_type)}</td><td class="num">${fmtInt(o.element_sets)}</td>
        <td class="mono">${fmtTime(o.latest_epoch)}</td><td class="num">${fmtNum(o.mean_motion_rev_per_day, 5)}</td>
        <td class="num">${fmtNum(o.eccentricity, 6)}</td><td class="num">${fmtNum(o.inclination_deg, 3)}</td></tr>`).join('')}</tbody></table>
      ${items.length >= 200 ? '<div class="muted" style="margin-top:8px">First 200 matches; narrow the search.</div>' : ''}`;
    for (const tr of box.querySelectorAll('tr[data-href]')) tr.addEventListener('click', e => { if (e.target.tagName !== 'A') location.hash = tr.dataset.href; });
  } catch (e) {
    box.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
  return () => clearTimeout(debounce);
}

const ELEMENT_ROWS = [
  ['EPOCH', 'epoch (UTC)'], ['MEAN_MOTION', 'mean motion (rev/day)'], ['ECCENTRICITY', 'eccentricity'],
  ['INCLINATION', 'inclination (deg)'], ['RA_OF_ASC_NODE', 'RAAN (deg)'], ['ARG_OF_PERICENTER', 'arg. of perigee (deg)'],
  ['MEAN_ANOMALY', 'mean anomaly (deg)'], ['BSTAR', 'B* (1/earth radii)'], ['MEAN_MOTION_DOT', 'ṅ/2 (rev/day²)'],
  ['MEAN_MOTION_DDOT', 'n̈/6 (rev/day³)'], ['REV_AT_EPOCH', 'revolution at epoch'], ['ELEMENT_SET_NO', 'element set no.'],
  ['CLASSIFICATION_TYPE', 'classification'], ['GP_ID', 'GP id'],
];

export async function renderObject(view, path) {
  const norad = path[0];
  if (!/^\d+$/.test(norad || '')) throw new Error(`“${norad ?? ''}” is not a catalog number`);
  view.innerHTML = `<div class="page"><div class="muted">loading object ${esc(norad)}…</div></div>`;
  const obj = await getJSON(`/objects/${norad}`);
  const el = obj.elements || {};
  const orbit = obj.orbit || {};
  view.innerHTML = `<div class="page">
    <h1>${esc(obj.name || 'Object')} <span class="muted mono">NORAD ${esc(obj.norad_cat_id)}</span>
      ${orbit.regime ? `<span class="badge ${esc(orbit.regime)}">${esc(orbit.regime)}</span>` : ''}
      ${markingBadge(obj.marking)}</h1>
    <div class="grid cols-4" style="margin-bottom:14px">
      <div class="panel"><h2>Identity</h2><dl class="kv">
        <dt>name</dt><dd>${esc(obj.name)}</dd><dt>designator</dt><dd>${esc(obj.object_id)}</dd>
        <dt>NORAD</dt><dd>${esc(obj.norad_cat_id)}</dd><dt>type</dt><dd>${esc(obj.object_type)}</dd>
        <dt>element sets</dt><dd>${fmtInt(obj.element_sets)}</dd><dt>latest epoch</dt><dd>${fmtTime(obj.latest_epoch)}</dd>
        <dt>releasability</dt><dd data-field="marking">${esc(obj.marking ?? '—')}</dd>
        <dt>received from</dt><dd data-field="received-from">${esc(obj.received_from ?? 'own data')}</dd>
      </dl></div>
      <div class="panel"><h2>Orbit</h2><dl class="kv">
        <dt>regime</dt><dd>${esc(orbit.regime ?? '—')}</dd><dt>period</dt><dd>${fmtNum(orbit.period_min, 2)} min</dd>
        <dt>perigee</dt><dd>${fmtKm(orbit.perigee_km, 1)}</dd><dt>apogee</dt><dd>${fmtKm(orbit.apogee_km, 1)}</dd>
        <dt>semi-major axis</dt><dd>${fmtKm(orbit.semi_major_axis_km, 1)}</dd>
        <dt>inclination</dt><dd>${fmtNum(orbit.inclination_deg, 3)}°</dd><dt>eccentricity</dt><dd>${fmtNum(orbit.eccentricity, 6)}</dd>
      </dl></div>
      <div class="panel" style="grid-column: span 2"><h2>Current elements</h2><dl class="kv" style="grid-template-columns: max-content 1fr max-content 1fr">
        ${ELEMENT_ROWS.filter(([k]) => el[k] !== undefined).map(([k, label]) => `<dt>${label}</dt><dd>${k === 'EPOCH' ? fmtTime(el[k], true) : esc(el[k])}</dd>`).join('')}
      </dl>
      <div style="margin-top:10px"><a class="btn" href="/api/v1/gp?norad_cat_id=${esc(norad)}&format=3le" download="${esc(norad)}.3le">3LE</a><a class="btn" href="/api/v1/gp?norad_cat_id=${esc(norad)}&format=omm-xml" download="${esc(norad)}.xml">OMM XML</a><a class="btn" href="/api/v1/gp?norad_cat_id=${esc(norad)}&format=json" target="_blank">GP JSON</a></div></div>
    </div>
    <div class="panel" style="margin-bottom:14px"><h2>Ground track <span class="muted" id="track-note"></span></h2><div id="track"><div class="muted">computing…</div></div></div>
    <div class="panel" style="margin-bottom:14px"><h2>Element history <span class="muted" id="hist-note"></span></h2><div class="grid cols-2" id="history"></div></div>
    <div class="panel"><h2>Conjunctions</h2><div id="obj-events" class="muted">loading…</div></div>
  </div>`;

  const tasks = [];
  tasks.push((async () => {
    const box = view.querySelector('#track');
    try {
      const start = new Date(opsNowMs() - 10 * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
      const period = Number(orbit.period_min);
      const minutes = Number.isFinite(period) && period > 0 ? Math.min(1440, Math.max(100, Math.round(period * 1.5))) : 100;
      const [track, rings, sensors] = await Promise.all([
        getJSON(`/objects/${norad}/track`, { start, minutes, step_s: Math.max(30, Math.round(minutes * 60 / 400)) }), loadCoastlines(), loadSensors()]);
      const pts = track.points || [];
      const now = opsNowMs();
      let nowPt = null, best = Infinity;
      for (const p of pts) { const d = Math.abs(parseTime(p.t) - now); if (d < best) { best = d; nowPt = p; } }
      box.innerHTML = mapPlot({ rings, track: pts, now: nowPt, sensors, width: 1000 });
      view.querySelector('#track-note').textContent = pts.length ? `· ${fmtTime(pts[0].t)} → ${fmtTime(pts[pts.length - 1].t)}, ${pts.length} points; dot = now` : '';
    } catch (e) { box.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  })());

  tasks.push((async () => {
    const box = view.querySelector('#history');
    try {
      const hist = await getJSON(`/objects/${norad}/elements`, { limit: 1000 });
      const items = (hist.items || []).slice().sort((a, b) => parseTime(a.EPOCH) - parseTime(b.EPOCH));
      const x = items.map(g => parseTime(g.EPOCH));
      const plot = (key, title) => linePlot({ title, xTime: true, width: 560, height: 200,
        series: [{ x, y: items.map(g => Number(g[key])), dots: true }] });
      box.innerHTML = [plot('MEAN_MOTION', 'mean motion (rev/day)'), plot('ECCENTRICITY', 'eccentricity'),
        plot('INCLINATION', 'inclination (deg)'), plot('BSTAR', 'B* (1/earth radii)')].join('');
      view.querySelector('#hist-note').textContent = `· ${items.length} element set${items.length === 1 ? '' : 's'}`;
    } catch (e) { box.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  })());

  tasks.push((async () => {
    const box = view.querySelector('#obj-events');
    try {
      const events = await getJSON('/events', { norad_cat_id: norad, status: 'all', limit: 50 });
      box.classList.remove('muted');
      box.innerHTML = events.items.length ? eventTable(events.items, Number(norad)) : '<div class="empty">No conjunctions for this object.</div>';
      wireRows(box);
    } catch (e) { box.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  })());
  await Promise.all(tasks);
}

/** The event table shared by the object page and the conjunction list. */
export function eventTable(items, self = null) {
  return `<table><thead><tr><th class="num">id</th><th>primary</th><th>secondary</th><th>TCA (UTC)</th><th></th>
    <th class="num">miss</th><th class="num">Pc</th><th class="num">rel. speed</th><th>status</th></tr></thead><tbody>
    ${items.map(e => `<tr class="clickable" data-href="#/event/${esc(e.id)}">
      <td class="num"><a href="#/event/${esc(e.id)}">${esc(e.id)}</a></td>
      <td>${objLink(e.primary, self)}</td><td>${objLink(e.secondary, self)}</td>
      <td class="mono">${fmtTime(e.tca)}</td><td class="muted">${fmtRelative(e.tca)}</td>
      <td class="num">${fmtKm(e.miss_km)}</td><td class="num ${pcClass(e.pc)}">${fmtPc(e.pc)}</td>
      <td class="num">${fmtNum(e.relative_speed_km_s, 2)} km/s</td><td>${esc(e.status)}</td></tr>`).join('')}</tbody></table>`;
}
function objLink(o, self) {
  if (!o) return '—';
  const label = `${esc(o.name || '')} <span class="muted">${esc(o.norad_cat_id)}</span>`;
  return o.norad_cat_id === self ? label : `<a href="#/object/${esc(o.norad_cat_id)}">${label}</a>`;
}
export function wireRows(box) {
  for (const tr of box.querySelectorAll('tr[data-href]')) tr.addEventListener('click', e => { if (e.target.tagName !== 'A' && !e.target.closest('a')) location.hash = tr.dataset.href; });
}
