// Kanshi web UI — `#/`: the globe, the pipeline state, the top conjunctions and the live alert feed.
import { getJSON, esc, fmtPc, fmtKm, fmtTime, fmtRelative, fmtInt, pcClass } from './api.js';
import { feed, alertHTML } from './alerts.js';
import { createGlobe } from './globe.js';
import { onStatus } from './app.js';
import { REGIMES, regimeCSS } from './geo.js';

export async function renderHome(view, _path, query) {
  view.innerHTML = `
  <div class="home">
    <div class="globe-wrap" id="globe">
      <div class="globe-hud" id="globe-hud">loading the sky…</div>
      <div class="view-toggle"><a href="#/" class="${query.get('view') === 'map' ? '' : 'active'}">globe</a><a href="#/?view=map" class="${query.get('view') === 'map' ? 'active' : ''}">map</a></div>
      <div class="legend">${REGIMES.map((r, i) => `<span><i style="background:${regimeCSS(i)}"></i>${r === 'OTHER' ? 'other' : r}</span>`).join('')}
        <span><i style="background:#5fd38d;border-radius:0;transform:rotate(45deg)"></i>sensor</span></div>
    </div>
    <aside class="side">
      <section>
        <h2>Center</h2>
        <div class="stats">
          <div class="stat"><div class="v" id="st-objects">—</div><div class="k">objects</div></div>
          <div class="stat"><div class="v" id="st-events">—</div><div class="k">active events</div></div>
          <div class="stat"><div class="v" id="st-alerts">—</div><div class="k">alerts</div></div>
        </div>
        <div class="pipeline-detail" id="pipe-detail"></div>
        <div class="bigbar" id="pipe-bar-wrap"><div id="pipe-bar"></div></div>
      </section>
      <section>
        <h2>Top conjunctions</h2>
        <div id="top-events" class="muted">loading…</div>
      </section>
      <section class="feed">
        <h2>Live alerts <span class="muted" id="feed-note"></span></h2>
        <ul class="alerts" id="alert-feed"></ul>
      </section>
    </aside>
  </div>`;

  const hud = view.querySelector('#globe-hud');
  // Names for the hover tooltip: /sky carries numbers only; a name is fetched once per object.
  const names = new Map();
  const nameOf = norad => {
    if (names.has(norad)) return names.get(norad);
    names.set(norad, null);
    getJSON(`/objects/${norad}`).then(o => names.set(norad, o.name || null)).catch(() => {});
    return null;
  };
  const globe = createGlobe(view.querySelector('#globe'), {
    flat: query.get('view') === 'map',
    onPick: norad => { location.hash = `#/object/${norad}`; },
    nameOf,
    hud: info => {
      hud.innerHTML = info.error ? `<span class="error">sky: ${esc(info.error)}</span>`
        : `<b>${fmtInt(info.count)}</b> objects · sky at ${fmtTime(info.at)} · ${window.kanshi.renderer === 'webgl' ? 'WebGL' : '2D map'}${info.rejected
          ? ` · <span title="states no Earth orbit can have (unbound or beyond 500,000 km), as SGP4 gives for some stale element sets">${fmtInt(info.rejected)} impossible states hidden</span>` : ''}`;
    },
  });

  const offStatus = onStatus(status => {
    view.querySelector('#st-objects').textContent = fmtInt(status.objects);
    view.querySelector('#st-events').textContent = fmtInt(status.active_events ?? status.events);
    view.querySelector('#st-alerts').textContent = fmtInt(status.alerts);
    const p = status.pipeline || {};
    const busy = p.phase && p.phase !== 'idle';
    const last = p.last_screening;
    view.querySelector('#pipe-detail').innerHTML = busy
      ? `<span class="sev warning">${esc(p.phase)}</span> ${Math.round(100 * (p.progress || 0))}% · ${esc(p.detail || '')}`
      : last ? `idle · last screening ${fmtTime(last.completed_at)}: ${fmtInt(last.screened_objects)} objects, ${fmtInt(last.events)} events in ${Number(last.seconds).toFixed(1)} s`
        : `idle${p.detail ? ' · ' + esc(p.detail) : ''}`;
    view.querySelector('#pipe-bar-wrap').style.visibility = busy ? 'visible' : 'hidden';
    view.querySelector('#pipe-bar').style.width = `${Math.round(100 * (p.progress || 0))}%`;
  });

  const list = view.querySelector('#alert-feed');
  const offFeed = feed.subscribe((alerts, fresh) => {
    feed.markSeen();
    const freshSet = new Set(fresh);
    list.innerHTML = alerts.length ? alerts.slice(0, 60).map(a => alertHTML(a, freshSet.has(a.id))).join('')
      : '<li class="empty">No alerts yet.</li>';
    view.querySelector('#feed-note').textContent = feed.state === 'up' ? '· live' : `· ${feed.state}`;
  });

  let eventsTimer = null;
  async function loadTop() {
    const box = view.querySelector('#top-events');
    try {
      const events = await getJSON('/events', { status: 'active', limit: 8 });
      box.classList.remove('muted');
      box.innerHTML = events.items.length ? `<table class="compact"><thead><tr><th>pair</th><th class="num">Pc</th><th class="num">miss</th><th>TCA</th></tr></thead><tbody>
        ${events.items.map(e => `<tr class="clickable" data-href="#/event/${esc(e.id)}">
          <td><a href="#/event/${esc(e.id)}" title="${esc(e.primary.name || e.primary.norad_cat_id)} × ${esc(e.secondary.name || e.secondary.norad_cat_id)}">${esc(e.primary.name || e.primary.norad_cat_id)} × ${esc(e.secondary.name || e.secondary.norad_cat_id)}</a></td>
          <td class="num ${pcClass(e.pc)}">${fmtPc(e.pc)}</td><td class="num">${fmtKm(e.miss_km, 2)}</td>
          <td class="mono" title="${fmtTime(e.tca)}">${fmtRelative(e.tca)}</td></tr>`).join('')}</tbody></table>`
        : '<div class="empty">No active conjunctions.</div>';
      for (const tr of box.querySelectorAll('tr[data-href]')) tr.addEventListener('click', () => { location.hash = tr.dataset.href; });
    } catch (e) {
      box.innerHTML = `<span class="error">${esc(e.message)}</span>`;
    }
    eventsTimer = setTimeout(loadTop, 20000);
  }
  await loadTop();

  return () => { globe.destroy(); offStatus(); offFeed(); clearTimeout(eventsTimer); };
}
