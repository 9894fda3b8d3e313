// Kanshi web UI — `#/threats` (objects in rendezvous or proximity with protected assets, scored
// and explained) and `#/threat/<asset>/<object>` (the relative motion in the asset's RIC frame
// over time, both element histories with the detected maneuvers marked, the reasons).
import { getJSON, esc, fmtTime, fmtNum, fmtKm, fmtRelative, parseTime, opsNowMs } from './api.js';
import { linePlot } from './plots.js';
import { wireRows } from './objects.js';
import { feed } from './alerts.js';

const LEVELS = ['low', 'medium', 'high'];

function party(o) { return `${esc(o?.name || '')} <span class="muted">${esc(o?.norad_cat_id ?? '')}</span>`; }
function levelBadge(level) { return `<span class="sev ${level === 'high' ? 'critical' : level === 'medium' ? 'warning' : 'info'}">${esc(level)}</span>`; }

export async function renderThreats(view, _path, query) {
  const minLevel = LEVELS.includes(query.get('min_level')) ? query.get('min_level') : 'medium';
  view.innerHTML = `<div class="page">
    <h1>Threats to protected assets</h1>
    <p class="muted">Objects that come inside an asset's RPO radius (LEO 50 km, GEO 100 km) slowly or for a long time,
      or shadow it in its plane within 500 km for a day (LEO), scored from closeness, slowness (in the asset's RIC frame),
      persistence, co-location, plane, maneuvers toward the asset (station-keeping earns nothing), owner, identity and
      imminence. Re-assessed after every screening; medium and high changes are alerts.</p>
    <form class="filters" id="threat-filters">
      <label>level at least<select name="min_level">${LEVELS.map(l => `<option${l === minLevel ? ' selected' : ''}>${l}</option>`).join('')}</select></label>
      <button type="submit">Apply</button>
    </form>
    <div class="panel" id="threat-list"><div class="muted">loading…</div></div>
  </div>`;
  const form = view.querySelector('#threat-filters');
  form.addEventListener('submit', e => {
    e.preventDefault();
    location.hash = `#/threats?min_level=${encodeURIComponent(new FormData(form).get('min_level'))}`;
  });
  const box = view.querySelector('#threat-list');
  const draw = async () => {
    try {
      const list = await getJSON('/threats', { min_level: minLevel, limit: 500 });
      const items = list.items || [];
      box.innerHTML = items.length ? threatTable(items) : `<div class="empty">No threat at ${esc(minLevel)} or above.</div>`;
      wireRows(box);
    } catch (e) { box.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  };
  await draw();
  // A threat alert on the stream redraws the list.
  const off = feed.subscribe((alerts, fresh) => {
    if (alerts.some(a => fresh.includes(a.id) && String(a.kind).startsWith('threat.'))) draw();
  });
  return off;
}

function threatTable(items) {
  return `<table id="threat-table"><thead><tr><th>level</th><th class="num">score</th><th>asset</th><th>object</th>
    <th class="num">closest</th><th class="num">rel. speed</th><th class="num">inside</th><th>TCA (UTC)</th><th>why</th></tr></thead><tbody>
    ${items.map(t => `<tr class="clickable" data-href="#/threat/${esc(t.asset_id)}/${esc(t.object_id)}" data-level="${esc(t.level)}">
      <td>${levelBadge(t.level)}</td><td class="num">${fmtNum(t.score, 1)}</td>
      <td>${party(t.asset)} <span class="badge ${esc(t.regime)}">${esc(t.regime)}</span></td>
      <td><a href="#/threat/${esc(t.asset_id)}/${esc(t.object_id)}">${party(t.object)}</a>${t.object_owner ? ` <span class="badge" title="${esc(t.object_owner.source)}">${esc(t.object_owner.code)}</span>` : ''}</td>
      <td class="num">${fmtKm(t.closest_approach_km, 1)}</td><td class="num">${fmtNum(t.relative_speed_km_s * 1000, 0)} m/s</td>
      <td class="num">${fmtNum(t.persistence_hours, 1)} h</td><td class="mono">${fmtTime(t.tca)}</td>
      <td class="muted">${esc((t.reasons || [])[0] || '')}</td></tr>`).join('')}</tbody></table>`;
}

export async function renderThreat(view, path) {
  const [asset, object] = path;
  view.innerHTML = `<div class="page"><div class="muted">loading threat ${esc(object)} near ${esc(asset)}…</div></div>`;
  const t = await getJSON(`/threats/${encodeURIComponent(asset)}/${encodeURIComponent(object)}`, { history_days: 7 });
  const maneuvers = t.detected_maneuvers || [];
  view.innerHTML = `<div class="page">
    <h1>${levelBadge(t.level)} <a href="#/object/${esc(t.object_id)}">${party(t.object)}</a>${t.object_owner ? ` <span class="badge" title="${esc(t.object_owner.source)}">${esc(t.object_owner.code)}</span>` : ''} near
      <a href="#/object/${esc(t.asset_id)}">${party(t.asset)}</a> <span class="badge ${esc(t.regime)}">${esc(t.regime)}</span></h1>
    <div class="cards" id="threat-cards">
      <div class="card" data-field="score"><div class="k">threat score</div><div class="v">${fmtNum(t.score, 1)}</div><div class="s">${esc(t.level)} · first seen ${fmtTime(t.first_seen)}</div></div>
      <div class="card" data-field="closest"><div class="k">closest approach</div><div class="v">${fmtKm(t.closest_approach_km, 1)}</div><div class="s">${fmtTime(t.tca)} · ${fmtRelative(t.tca)}</div></div>
      <div class="card" data-field="speed"><div class="k">relative speed there</div><div class="v">${fmtNum(t.relative_speed_km_s * 1000, 0)} m/s</div><div class="s">radius ${fmtKm(t.radius_km, 0)}</div></div>
      <div class="card" data-field="persistence"><div class="k">inside the radius</div><div class="v">${fmtNum(t.persistence_hours, 1)} h</div><div class="s">within ${fmtKm(t.co_location_km, 0)}: ${fmtNum(t.co_located_hours, 1)} h · ${fmtTime(t.window_start).slice(0, 10)} → ${fmtTime(t.window_end).slice(0, 10)}</div></div>
      <div class="card" data-field="plane"><div class="k">plane angle</div><div class="v">${fmtNum(t.plane_angle_deg, 2)}°</div><div class="s">${t.longitude_separation_deg != null ? `GEO Δλ ${fmtNum(t.longitude_separation_deg, 3)}°` : `set age ${fmtNum(t.object_element_age_days, 1)} d`}</div></div>
    </div>
    <div class="panel" style="margin-bottom:14px"><h2>Why</h2><ul id="threat-reasons">${(t.reasons || []).map(r => `<li>${esc(r)}</li>`).join('')}</ul></div>
    <div class="panel" style="margin-bottom:14px"><h2>Relative motion in the asset's RIC frame</h2>
      <p class="muted">From both element-set histories (each sample uses each object's newest set at that time), then the prediction of the newest sets. Dashed lines: detected maneuvers of the object; “now”: the operations time.</p>
      <div class="grid cols-2" id="threat-ric"></div></div>
    <div class="panel" style="margin-bottom:14px"><h2>Element history</h2><div class="grid cols-2" id="threat-elements"></div>
      <div id="threat-maneuvers"></div></div>
  </div>`;

  const motion = t.relative_motion || { points: [] };
  const pts = motion.points || [];
  const x = pts.map(p => parseTime(p.t));
  const vlines = maneuvers.map((m, k) => ({ x: (parseTime(m.window_start) + parseTime(m.window_end)) / 2, label: `M${k + 1}` }));
  const now = opsNowMs();
  const marks = vlines.concat(now >= x[0] && now <= x[x.length - 1] ? [{ x: now, label: 'now' }] : []);
  const ricBox = view.querySelector('#threat-ric');
  ricBox.innerHTML = pts.length === 0 ? '<div class="empty">No relative motion (SGP4 refused the sets).</div>' : [
    linePlot({ title: 'range to the asset (km, log scale)', xTime: true, yLog: true, yLabel: 'km', height: 250,
      series: [{ x, y: pts.map(p => p.range_km) }, { x: [x[0], x[x.length - 1]], y: [t.radius_km, t.radius_km], cls: 'series2', name: 'RPO radius' }],
      vlines: marks }),
    linePlot({ title: 'R, I, C against time (km)', xTime: true, yLabel: 'km', height: 250,
      series: [{ x, y: pts.map(p => p.r_km), name: 'R' }, { x, y: pts.map(p => p.i_km), cls: 'series2', name: 'I' },
        { x, y: pts.map(p => p.c_km), cls: 'series3', name: 'C' }], vlines: marks }),
    linePlot({ title: 'in-track vs radial (km)', xLabel: 'in-track I (km)', yLabel: 'radial R (km)', height: 260,
      series: [{ x: pts.map(p => p.i_km), y: pts.map(p => p.r_km) }],
      markers: [{ x: pts[pts.length - 1].i_km, y: pts[pts.length - 1].r_km, label: 'end' }, { x: 0, y: 0, cls: 'tca', label: 'asset' }] }),
    linePlot({ title: 'cross-track vs radial (km)', xLabel: 'cross-track C (km)', yLabel: 'radial R (km)', height: 260,
      series: [{ x: pts.map(p => p.c_km), y: pts.map(p => p.r_km) }], markers: [{ x: 0, y: 0, cls: 'tca', label: 'asset' }] }),
  ].join('');

  const geo = t.regime === 'GEO';
  const oh = t.object_history || [], ah = t.asset_history || [];
  const ox = oh.map(p => parseTime(p.epoch)), ax = ah.map(p => parseTime(p.epoch));
  const elBox = view.querySelector('#threat-elements');
  elBox.innerHTML = [
    geo ? linePlot({ title: 'longitude (deg E)', xTime: true, height: 230, vlines,
      series: [{ x: ox, y: oh.map(p => p.longitude_deg), dots: true, name: 'object' }, { x: ax, y: ah.map(p => p.longitude_deg), cls: 'series2', dots: true, name: 'asset' }] })
      : linePlot({ title: 'semi-major axis (km)', xTime: true, height: 230, vlines,
        series: [{ x: ox, y: oh.map(p => p.semi_major_axis_km), dots: true, name: 'object' }, { x: ax, y: ah.map(p => p.semi_major_axis_km), cls: 'series2', dots: true, name: 'asset' }] }),
    linePlot({ title: 'inclination (deg)', xTime: true, height: 230, vlines,
      series: [{ x: ox, y: oh.map(p => p.inclination_deg), dots: true, name: 'object' }, { x: ax, y: ah.map(p => p.inclination_deg), cls: 'series2', dots: true, name: 'asset' }] }),
    geo ? linePlot({ title: 'semi-major axis (km)', xTime: true, height: 230, vlines,
      series: [{ x: ox, y: oh.map(p => p.semi_major_axis_km), dots: true, name: 'object' }, { x: ax, y: ah.map(p => p.semi_major_axis_km), cls: 'series2', dots: true, name: 'asset' }] })
      : linePlot({ title: 'right ascension of the node (deg)', xTime: true, height: 230, vlines,
        series: [{ x: ox, y: oh.map(p => p.raan_deg), dots: true, name: 'object' }, { x: ax, y: ah.map(p => p.raan_deg), cls: 'series2', dots: true, name: 'asset' }] }),
    linePlot({ title: 'eccentricity', xTime: true, height: 230, vlines,
      series: [{ x: ox, y: oh.map(p => p.eccentricity), dots: true, name: 'object' }, { x: ax, y: ah.map(p => p.eccentricity), cls: 'series2', dots: true, name: 'asset' }] }),
  ].join('');
  view.querySelector('#threat-maneuvers').innerHTML = maneuvers.length === 0
    ? '<div class="empty">No maneuver detected in the object\'s stored history.</div>'
    : `<table class="compact" style="margin-top:8px" id="maneuver-table"><thead><tr><th></th><th>window (UTC)</th><th class="num">Δv</th>
      <th class="num">R / T / N (m/s)</th><th>direction</th><th class="num">confidence</th><th>intent (toward this asset?)</th><th>why</th></tr></thead><tbody>
      ${maneuvers.map((m, k) => {
        const scored = (t.maneuvers || []).find(s => s.window_start === m.window_start && s.window_end === m.window_end);
        const intent = scored ? `${esc(String(scored.intent).replace(/_/g, ' '))}${scored.intent_reason ? `<div class="muted">${esc(scored.intent_reason)}</div>` : ''}` : '<span class="muted">outside the window</span>';
        return `<tr><td>M${k + 1}</td><td class="mono">${fmtTime(m.window_start)} → ${fmtTime(m.window_end)}</td>
        <td class="num">${fmtNum(m.delta_v_m_s, 2)} m/s</td><td class="num">${(m.delta_v_rtn_m_s || []).map(v => fmtNum(v, 2)).join(' / ')}</td>
        <td>${esc(m.direction)}</td><td class="num">${fmtNum(m.confidence, 3)}</td><td>${intent}</td><td class="muted">${esc(m.reason)}</td></tr>`;
      }).join('')}</tbody></table>`;
  const off = feed.subscribe((alerts, fresh) => {
    if (alerts.some(a => fresh.includes(a.id) && String(a.kind).startsWith('threat.')
      && String(a.primary?.norad_cat_id) === String(asset) && String(a.secondary?.norad_cat_id) === String(object))) {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  });
  return off;
}
