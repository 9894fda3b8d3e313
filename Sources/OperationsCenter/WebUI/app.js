// Kanshi web UI — entry point: hash router, the status/clock strip and the test hook.
import { getJSON, syncClock, opsNowMs, clockMode, parseHash, esc, apiToken, setApiToken } from './api.js';
import { feed } from './alerts.js';
import { renderHome } from './home.js';
import { renderSearch, renderObject } from './objects.js';
import { renderEvents, renderEvent } from './events.js';
import { renderThreats, renderThreat } from './threats.js';
import { renderMissile } from './missile.js';
import { SkySnapshot } from './sky.js';

// The hook the browser tests read (see Tests/OperationsCenterTests/Browser). The globe fills in
// drawnPoints, renderer, skyCount and ready; pages set `page` and `pageReady`.
window.kanshi = Object.assign(window.kanshi || {}, {
  page: null, pageReady: false, ready: false, drawnPoints: 0, renderer: null, skyCount: 0,
  status: null, feed, errors: [],
  // for tests: extrapolate a /sky answer by dt seconds the way the globe does
  extrapolate: (json, dt) => {
    const snap = new SkySnapshot(json, Date.now());
    return { ids: Array.from(snap.ids), ecef_km: Array.from(snap.positionsAt(dt, new Float32Array(3 * snap.count))), rejected: snap.rejected };
  },
});
window.addEventListener('error', e => window.kanshi.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.kanshi.errors.push(String(e.reason && e.reason.message || e.reason)));

const routes = {
  '': renderHome,
  objects: renderSearch,
  object: renderObject,
  events: renderEvents,
  event: renderEvent,
  threats: renderThreats,
  threat: renderThreat,
  missile: renderMissile,
};

let cleanup = null;
let generation = 0;

async function route() {
  const { path, query } = parseHash(location.hash);
  const name = path[0] || '';
  const render = routes[name];
  if (cleanup) { try { cleanup(); } catch (e) { console.warn(e); } cleanup = null; }
  const view = document.getElementById('view');
  view.innerHTML = '';
  view.scrollTop = 0;
  const navKey = name === '' ? 'home' : name.startsWith('object') ? 'objects' : name.startsWith('event') ? 'events' : name.startsWith('threat') ? 'threats' : name;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.nav === navKey);
  window.kanshi.page = name || 'home';
  window.kanshi.route = location.hash || '#/';
  window.kanshi.pageReady = false;
  const mine = ++generation;
  if (!render) {
    view.innerHTML = `<div class="page"><h1>Not found</h1><p class="muted">No page at ${esc(location.hash)}.</p></div>`;
    window.kanshi.pageReady = true;
    return;
  }
  try {
    const result = await render(view, path.slice(1), query);
    if (mine !== generation) { if (typeof result === 'function') result(); return; }
    cleanup = typeof result === 'function' ? result : null;
  } catch (e) {
    if (mine !== generation) return;
    view.innerHTML = `<div class="page"><h1>Could not load this page</h1><p class="error">${esc(e.message)}</p></div>`;
    console.warn('page failed', e);
  }
  if (mine === generation) window.kanshi.pageReady = true;
}

// ---- status strip: pipeline phase, progress and the operations clock ---------------------
const statusListeners = new Set();
/** Pages subscribe to /status updates (polled every 2 s while busy, 10 s when idle). */
export function onStatus(f) { statusListeners.add(f); if (window.kanshi.status) f(window.kanshi.status); return () => statusListeners.delete(f); }

async function pollStatus() {
  let next = 10000;
  try {
    const t0 = Date.now();
    const status = await getJSON('/status');
    syncClock(status, t0, Date.now());
    window.kanshi.status = status;
    const p = status.pipeline || {};
    const busy = p.phase && p.phase !== 'idle';
    document.getElementById('pipeline').classList.toggle('busy', !!busy);
    document.getElementById('pipeline-phase').textContent = p.phase || '—';
    document.getElementById('pipeline-bar').style.width = `${Math.round(100 * (busy ? (p.progress || 0) : 1))}%`;
    document.getElementById('pipeline').title = p.detail || '';
    const mode = clockMode();
    document.getElementById('clock-mode').textContent = mode === 'now' || mode === 'unknown' ? 'UTC' : `OPS · ${mode}`;
    document.querySelector('.clock').classList.toggle('simulated', mode !== 'now' && mode !== 'unknown');
    for (const f of statusListeners) f(status);
    if (busy) next = 2000;
  } catch (e) {
    document.getElementById('pipeline-phase').textContent = 'offline';
    next = 5000;
  }
  setTimeout(pollStatus, next);
}

function tickClock() {
  const s = new Date(opsNowMs()).toISOString();
  document.getElementById('ops-clock').textContent = `${s.slice(0, 10)} ${s.slice(11, 19)}Z`;
}

/** The sign-in form: asks for an API token (`kanshi users token NAME`), keeps it for this tab. */
function showSignIn(message) {
  window.kanshi.page = 'sign-in';
  window.kanshi.pageReady = true;
  document.getElementById('view').innerHTML = `
    <section class="card sign-in">
      <h2>Sign in</h2>
      <p>${esc(message)}</p>
      <form id="sign-in-form">
        <label>API token <input id="sign-in-token" type="password" autocomplete="off" placeholder="ksh_…" size="52"></label>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">An administrator issues tokens with <code>kanshi users token NAME</code>.</p>
    </section>`;
  document.getElementById('sign-in-form').addEventListener('submit', e => {
    e.preventDefault();
    setApiToken(document.getElementById('sign-in-token').value.trim());
    location.reload();
  });
}

// Download links to the API (3LE, OMM, CDM) carry no header of their own: fetch them with the
// token and hand the browser the file.
document.addEventListener('click', async e => {
  const link = e.target.closest && e.target.closest('a[href^="/api/v1/"]');
  if (!link || e.defaultPrevented || e.button !== 0) return;
  e.preventDefault();
  const response = await fetch(link.getAttribute('href'), { headers: { Authorization: `Bearer ${apiToken()}` } });
  if (response.status === 401) { window.dispatchEvent(new CustomEvent('kanshi-unauthorized')); return; }
  const url = URL.createObjectURL(await response.blob());
  if (link.target === '_blank') {
    window.open(url, '_blank');
  } else {
    const a = document.createElement('a');
    a.href = url;
    a.download = link.getAttribute('download') || '';
    a.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60000);
});

window.addEventListener('kanshi-unauthorized', () => {
  if (window.kanshi.page === 'sign-in') return;
  setApiToken('');
  showSignIn('Your token was refused (unknown, expired or revoked). Sign in again.');
});

if (!apiToken()) {
  showSignIn('The operations center needs an API token.');
} else {
  window.addEventListener('hashchange', route);
  pollStatus();
  setInterval(tickClock, 250);
  tickClock();
  feed.start();
  route();
}
