// Kanshi web UI — `#/events` (conjunction list with filters) and `#/event/<id>` (TCA, miss, Pc,
// relative speed, RIC plot of the approach, Pc history, CDM downloads).
import { getJSON, esc, markingBadge, fmtTime, fmtNum, fmtPc, fmtKm, fmtRelative, parseTime, pcClass } from './api.js';
import { linePlot } from './plots.js';
import { eventTable, wireRows } from './objects.js';
import { feed } from './alerts.js';

const FILTERS = ['norad_cat_id', 'min_pc', 'max_miss_km', 'tca_from', 'tca_to', 'status'];

/** `2023-10-09T12:00` from a datetime-local input, read as UTC. */
function utcFromInput(v) { return v ? `${v.length === 16 ? v + ':00' : v}Z` : ''; }
function inputFromUTC(v) { return v ? v.replace(/Z$/, '').slice(0, 16) : ''; }

export async function renderEvents(view, _path, query) {
  const q = Object.fromEntries(FILTERS.map(k => [k, query.get(k) || '']));
  const offset = Math.max(0, Number(query.get('offset') || 0) | 0);
  const limit = 100;
  view.innerHTML = `<div class="page">
    <h1>Conjunctions</h1>
    <form class="filters" id="event-filters">
      <label>object (NORAD)<input name="norad_cat_id" value="${esc(q.norad_cat_id)}" size="9" inputmode="numeric" placeholder="25544"></label>
      <label>min Pc<input name="min_pc" value="${esc(q.min_pc)}" size="8" placeholder="1e-6"></label>
      <label>max miss (km)<input name="max_miss_km" value="${esc(q.max_miss_km)}" size="8" placeholder="5"></label>
      <label>TCA from (UTC)<input type="datetime-local" name="tca_from" value="${esc(inputFromUTC(q.tca_from))}"></label>
      <label>TCA to (UTC)<input type="datetime-local" name="tca_to" value="${esc(inputFromUTC(q.tca_to))}"></label>
      <label>status<select name="status">${['active', 'cleared', 'all'].map(s => `<option${(q.status || 'active') === s ? ' selected' : ''}>${s}</option>`).join('')}</select></label>
      <button type="submit">Apply</button> <a class="btn" href="#/events">Reset</a>
    </form>
    <div class="panel" id="event-list"><div class="muted">loading…</div></div>
  </div>`;
  const form = view.querySelector('#event-filters');
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      const value = k.startsWith('tca_') ? utcFromInput(String(v)) : String(v).trim();
      if (value) p.set(k, value);
    }
    location.hash = `#/events?${p}`;
  });
  const box = view.querySelector('#event-list');
  try {
    const list = await getJSON('/events', { ...q, status: q.status || 'active', limit, offset });
    const items = list.items || [];
    const pager = (offset > 0 || items.length === limit) ? `<div style="margin-top:10px">
      ${offset > 0 ? `<a class="btn" href="#/events?${withOffset(query, Math.max(0, offset - limit))}">← previous</a>` : ''}
      ${items.length === limit ? `<a class="btn" href="#/events?${withOffset(query, offset + limit)}">next →</a>` : ''}
      <span class="muted">${offset + 1}–${offset + items.length}</span></div>` : '';
    box.innerHTML = items.length ? eventTable(items) + pager : '<div class="empty">No conjunction matches these filters.</div>';
    wireRows(box);
  } catch (e) {
    box.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}
function withOffset(query, offset) { const p = new URLSearchParams(query); p.set('offset', offset); return p.toString(); }

export async function renderEvent(view, path) {
  const id = path[0];
  if (!/^\d+$/.test(id || '')) throw new Error(`“${id ?? ''}” is not an event id`);
  view.innerHTML = `<div class="page"><div class="muted">loading event ${esc(id)}…</div></div>`;
  const ev = await getJSON(`/events/${id}`);
  const rtn = Array.isArray(ev.miss_rtn_km) ? ev.miss_rtn_km : [];
  const name = o => `${esc(o?.name || '')} <span class="muted">${esc(o?.norad_cat_id ?? '')}</span>`;
  view.innerHTML = `<div class="page">
    <h1>Conjunction ${esc(ev.id)} · <a href="#/object/${esc(ev.primary.norad_cat_id)}">${name(ev.primary)}</a> ×
      <a href="#/object/${esc(ev.secondary.norad_cat_id)}">${name(ev.secondary)}</a> <span class="badge">${esc(ev.status)}</span>
      ${markingBadge(ev.marking)}</h1>
    <div class="cards" id="event-cards">
      <div class="card" data-field="tca"><div class="k">TCA (UTC)</div><div class="v">${fmtTime(ev.tca, true).slice(11)}</div><div class="s">${fmtTime(ev.tca).slice(0, 10)} · ${fmtRelative(ev.tca)}</div></div>
      <div class="card" data-field="miss"><div class="k">miss distance</div><div class="v">${fmtKm(ev.miss_km)}</div>
        <div class="s">R ${fmtNum(rtn[0], 3)} · T ${fmtNum(rtn[1], 3)} · N ${fmtNum(rtn[2], 3)} km</div></div>
      <div class="card" data-field="pc"><div class="k">probability of collision</div><div class="v ${pcClass(ev.pc)}">${fmtPc(ev.pc)}</div><div class="s">${esc(ev.pc_method || '')}</div></div>
      <div class="card" data-field="speed"><div class="k">relative speed</div><div class="v">${fmtNum(ev.relative_speed_km_s, 3)} km/s</div><div class="s">&nbsp;</div></div>
      <div class="card"><div class="k">tracking</div><div class="v">${esc(ev.assessments ?? '—')}</div><div class="s">assessments · first seen ${fmtTime(ev.first_seen)}</div></div>
    </div>
    <div class="panel" style="margin-bottom:14px"><h2>Approach in the primary's RIC frame</h2><div class="grid cols-2" id="ric"><div class="muted">computing…</div></div></div>
    <div class="panel" style="margin-bottom:14px"><h2>Pc history</h2><div class="grid cols-2" id="pc-history"><div class="muted">loading…</div></div><div id="history-table"></div></div>
    <div class="panel"><h2>Conjunction data message</h2>
      <a class="btn" id="cdm-kvn" href="/api/v1/events/${esc(ev.id)}/cdm?format=kvn" download="kanshi-event-${esc(ev.id)}.cdm">CDM (KVN)</a>
      <a class="btn" id="cdm-xml" href="/api/v1/events/${esc(ev.id)}/cdm?format=xml" download="kanshi-event-${esc(ev.id)}.cdm.xml">CDM (XML)</a>
      <span class="muted">CCSDS 508.0-B-1, of the latest assessment</span></div>
  </div>`;

  const ric = (async () => {
    const box = view.querySelector('#ric');
    try {
      const ap = await getJSON(`/events/${id}/approach`, { minutes: 10, step_s: 5 });
      const pts = ap.points || [];
      if (pts.length === 0) { box.innerHTML = '<div class="empty">No approach points.</div>'; return; }
      const t = pts.map(p => p.t_s), r = pts.map(p => p.r_km), i = pts.map(p => p.i_km), c = pts.map(p => p.c_km);
      const range = pts.map(p => Math.hypot(p.r_km, p.i_km, p.c_km));
      let k = 0;
      for (let j = 1; j < pts.length; j++) if (range[j] < range[k]) k = j;
      const tca = pts[k];
      const label = `TCA ${fmtKm(range[k])}`;
      // near TCA: the points within ±6 steps of closest approach, where the relative track is straight
      const lo = Math.max(0, k - 6), hi = Math.min(pts.length, k + 7);
      box.innerHTML = [
        linePlot({ title: 'in-track vs radial (km)', xLabel: 'in-track I (km)', yLabel: 'radial R (km)', height: 260,
          series: [{ x: i, y: r }], markers: [{ x: tca.i_km, y: tca.r_km, label }] }),
        linePlot({ title: 'cross-track vs radial (km)', xLabel: 'cross-track C (km)', yLabel: 'radial R (km)', height: 260,
          series: [{ x: c, y: r }], markers: [{ x: tca.c_km, y: tca.r_km, label }] }),
        linePlot({ title: 'R, I, C against time from TCA', xLabel: 'time from TCA (s)', yLabel: 'km', height: 260,
          series: [{ x: t, y: r, name: 'R' }, { x: t, y: i, cls: 'series2', name: 'I' }, { x: t, y: c, cls: 'series3', name: 'C' }], vlines: [{ x: tca.t_s, label: 'TCA' }] }),
        linePlot({ title: `range near TCA (±${6 * Math.abs((pts[1]?.t_s ?? 0) - pts[0].t_s)} s)`, xLabel: 'time from TCA (s)', yLabel: 'range (km)', height: 260,
          series: [{ x: t.slice(lo, hi), y: range.slice(lo, hi), dots: true }], markers: [{ x: tca.t_s, y: range[k], label }] }),
      ].join('');
    } catch (e) { box.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  })();

  const history = (async () => {
    const box = view.querySelector('#pc-history');
    try {
      const h = await getJSON(`/events/${id}/history`);
      const items = h.items || [];
      const x = items.map(a => parseTime(a.assessed_at));
      const anyPc = items.some(a => a.pc > 0);
      box.innerHTML = [
        anyPc ? linePlot({ title: 'Pc by assessment (log scale)', xTime: true, yLog: true, height: 220, series: [{ x, y: items.map(a => a.pc), dots: true }] })
          : `<div class="empty">Pc is 0 in every assessment (${items.length}).</div>`,
        linePlot({ title: 'miss distance by assessment (km)', xTime: true, height: 220, series: [{ x, y: items.map(a => a.miss_km), dots: true, cls: 'series2' }] }),
      ].join('');
      view.querySelector('#history-table').innerHTML = `<table class="compact" style="margin-top:8px"><thead><tr><th>assessed at</th><th>TCA</th>
        <th class="num">miss</th><th class="num">Pc</th><th class="num">primary GP</th><th class="num">secondary GP</th></tr></thead><tbody>
        ${items.slice().reverse().map(a => `<tr><td class="mono">${fmtTime(a.assessed_at)}</td><td class="mono">${fmtTime(a.tca, true)}</td>
        <td class="num">${fmtKm(a.miss_km)}</td><td class="num ${pcClass(a.pc)}">${fmtPc(a.pc)}</td>
        <td class="num">${esc(a.primary_gp_id ?? '')}</td><td class="num">${esc(a.secondary_gp_id ?? '')}</td></tr>`).join('')}</tbody></table>`;
    } catch (e) { box.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  })();
  await Promise.all([ric, history]);
  // A new assessment of this event (an alert for it arrives on the stream) redraws the page,
  // so the Pc history grows as new element sets come in.
  const off = feed.subscribe((_alerts, fresh) => {
    if (feed.alerts.some(a => fresh.includes(a.id) && String(a.event_id) === String(id))) {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  });
  return off;
}
