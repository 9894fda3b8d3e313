// Kanshi web UI — the HTTP API client, the operations clock and shared formatting.
// Plain ES module, no dependencies.

export const API = '/api/v1';

/** An API error carrying the RFC 9457 problem details when the server sent them. */
export class ApiError extends Error {
  constructor(status, problem, path) {
    super(problem && problem.detail ? `${problem.title || 'Error'}: ${problem.detail}` : `HTTP ${status} for ${path}`);
    this.status = status;
    this.problem = problem;
  }
}

// ---- the API token ---------------------------------------------------------------------
// Every API call but health needs `Authorization: Bearer <token>` (`kanshi users token NAME`).
// The token lives in this tab's sessionStorage only: closing the tab signs out.
const TOKEN_KEY = 'kanshi.token';
export function apiToken() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
export function setApiToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
}

/** GET a JSON resource under /api/v1. `params` values that are empty are left out. */
export async function getJSON(path, params = {}, options = {}) {
  const url = new URL(API + path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const headers = { Accept: 'application/json' };
  if (apiToken()) headers.Authorization = `Bearer ${apiToken()}`;
  const response = await fetch(url, { signal: options.signal, headers });
  if (response.status === 401) window.dispatchEvent(new CustomEvent('kanshi-unauthorized'));
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem, url.pathname);
  }
  return response.json();
}

// ---- the operations clock --------------------------------------------------------------
// The server's "now" may be a simulated epoch (the bundled catalog is from 2023); status.clock
// gives it. We keep the offset from the browser clock and advance in real time.
const clock = { offsetMs: 0, mode: 'unknown', known: false };

/** Updates the operations clock from a /status answer (`clock: {mode, now}`), compensating half the round trip. */
export function syncClock(status, requestMs, responseMs) {
  if (!status || !status.clock || !status.clock.now) return;
  const serverMs = Date.parse(status.clock.now);
  if (Number.isNaN(serverMs)) return;
  const localMid = (requestMs + responseMs) / 2;
  clock.offsetMs = serverMs - localMid;
  clock.mode = status.clock.mode || 'unknown';
  clock.known = true;
}
/** The operations time in ms since 1970 (the browser clock when the server has not said). */
export function opsNowMs() { return Date.now() + clock.offsetMs; }
export function clockMode() { return clock.mode; }
export function clockKnown() { return clock.known; }

// ---- formatting -------------------------------------------------------------------------
/** A record's releasability marking as a badge: PUBLIC, JPN (Japan only) or REL list (docs/security.md). */
export function markingBadge(marking) {
  if (!marking) return '';
  const kind = marking === 'PUBLIC' ? 'public' : marking === 'JPN' ? 'jpn' : 'rel';
  return `<span class="badge marking marking-${kind}" title="releasability">${esc(marking)}</span>`;
}

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
/** ISO-8601 UTC to `2023-10-09 12:00:00Z` (seconds), or '—'. */
export function fmtTime(iso, withMs = false) {
  if (!iso) return '—';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + 'Z');
  if (Number.isNaN(ms)) return esc(iso);
  const s = new Date(ms).toISOString();
  return s.slice(0, 10) + ' ' + s.slice(11, withMs ? 23 : 19) + 'Z';
}
/** Parses an API time (GP JSON EPOCH has no zone: it is UTC). */
export function parseTime(iso) {
  if (!iso) return NaN;
  return Date.parse(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + 'Z');
}
export function fmtPc(pc) {
  if (pc === null || pc === undefined || Number.isNaN(pc)) return '—';
  if (pc === 0) return '0';
  if (pc >= 0.01) return pc.toFixed(3);
  return pc.toExponential(2).replace('e-', 'e−');
}
export function pcClass(pc) {
  if (pc >= 1e-4) return 'pc-critical';
  if (pc >= 1e-6) return 'pc-warning';
  return '';
}
export function fmtKm(km, digits = 3) {
  if (km === null || km === undefined || Number.isNaN(km)) return '—';
  return `${Number(km).toFixed(digits)} km`;
}
export function fmtNum(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(Number(x))) return '—';
  return Number(x).toFixed(digits);
}
export function fmtInt(n) {
  if (n === null || n === undefined) return '—';
  return Number(n).toLocaleString('en-US');
}
/** Time from the operations clock to `iso`, as `in 3 h 12 min` / `12 min ago`. */
export function fmtRelative(iso) {
  const dt = (parseTime(iso) - opsNowMs()) / 1000;
  if (Number.isNaN(dt)) return '';
  const a = Math.abs(dt);
  let text;
  if (a < 90) text = `${Math.round(a)} s`;
  else if (a < 5400) text = `${Math.round(a / 60)} min`;
  else if (a < 172800) { const m = Math.round(a / 60); text = `${Math.floor(m / 60)} h ${m % 60} min`; }
  else text = `${(a / 86400).toFixed(1)} d`;
  return dt >= 0 ? `in ${text}` : `${text} ago`;
}
/** Parses `#/path?x=1` into `{path: ['path'], query: URLSearchParams}`. */
export function parseHash(hash) {
  const h = (hash || '#/').replace(/^#/, '');
  const [p, q = ''] = h.split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}
