// Kanshi web UI — the live alert feed: the stored alerts first, then the WebSocket stream
// (`/api/v1/alerts/stream?after_id=N`), reconnecting with back-off.
import { getJSON, apiToken, esc, fmtPc, fmtKm, fmtTime, fmtRelative } from './api.js';

const MAX_ALERTS = 200;

/** The feed: newest first, deduplicated by id; listeners get `(alerts, fresh)` on every change. */
class AlertFeed {
  constructor() {
    this.alerts = [];
    this.lastId = 0;
    this.state = 'idle';
    this.listeners = new Set();
    this.socket = null;
    this.retryMs = 1000;
    this.received = 0;
    this.unseen = 0;
  }

  async start() {
    if (this.state !== 'idle') return;
    this.state = 'loading';
    try {
      const list = await getJSON('/alerts', { order: 'newest', limit: 50 });
      this.add(list.items || [], false);
    } catch (e) {
      console.warn('alerts: could not load stored alerts', e.message);
    }
    this.connect();
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket: the token goes in the query.
    const url = `${proto}//${location.host}/api/v1/alerts/stream?after_id=${this.lastId}&access_token=${encodeURIComponent(apiToken())}`;
    this.setState('connecting');
    let socket;
    try { socket = new WebSocket(url); } catch (e) { this.retry(); return; }
    this.socket = socket;
    socket.onopen = () => { this.retryMs = 1000; this.setState('up'); };
    socket.onmessage = message => {
      try {
        const alert = JSON.parse(message.data);
        if (alert && typeof alert.id === 'number') { this.received++; this.add([alert], true); }
      } catch (e) {
        console.warn('alerts: unreadable message', e.message);
      }
    };
    socket.onclose = () => { if (this.socket === socket) { this.socket = null; this.setState('down'); this.retry(); } };
    socket.onerror = () => { /* onclose follows */ };
  }

  retry() {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30000);
    setTimeout(() => this.connect(), wait);
  }

  setState(state) {
    this.state = state;
    const el = document.getElementById('feed-state');
    if (el) {
      el.className = 'link-state ' + (state === 'up' ? 'up' : state === 'down' ? 'down' : '');
      el.title = `alert stream: ${state}`;
    }
    this.emit([]);
  }

  add(items, fresh) {
    const known = new Set(this.alerts.map(a => a.id));
    const added = items.filter(a => !known.has(a.id));
    if (added.length === 0 && items.length > 0) return;
    this.alerts = added.concat(this.alerts).sort((a, b) => b.id - a.id).slice(0, MAX_ALERTS);
    for (const a of added) this.lastId = Math.max(this.lastId, a.id);
    if (fresh && added.length) {
      this.unseen += added.length;
      const badge = document.getElementById('alert-count');
      if (badge) {
        badge.hidden = false;
        badge.textContent = String(this.unseen);
        badge.className = 'alert-count ' + (added.some(a => a.severity === 'critical') ? 'critical' : added.some(a => a.severity === 'warning') ? 'warning' : '');
      }
    }
    this.emit(fresh ? added.map(a => a.id) : []);
  }

  /** Clears the header's count of new alerts (the feed is on screen). */
  markSeen() {
    this.unseen = 0;
    const badge = document.getElementById('alert-count');
    if (badge) badge.hidden = true;
  }

  emit(freshIds) { for (const f of this.listeners) f(this.alerts, freshIds); }
  subscribe(f) { this.listeners.add(f); f(this.alerts, []); return () => this.listeners.delete(f); }
}

export const feed = new AlertFeed();

/** Renders one alert as a list item. */
export function alertHTML(a, fresh) {
  const sev = esc(a.severity || 'info');
  const pair = `${esc(a.primary?.name ?? a.primary?.norad_cat_id ?? '?')} × ${esc(a.secondary?.name ?? a.secondary?.norad_cat_id ?? '?')}`;
  if (String(a.kind).startsWith('threat.')) {
    // primary: the protected asset; secondary: the approaching object
    const kind = a.kind.slice('threat.'.length);
    const who = `${esc(a.secondary?.name ?? a.secondary?.norad_cat_id ?? '?')} near ${esc(a.primary?.name ?? a.primary?.norad_cat_id ?? '?')}`;
    return `<li class="alert ${sev}${fresh ? ' fresh' : ''}" data-alert-id="${esc(a.id)}" data-kind="${esc(a.kind)}">
    <div class="head"><span class="sev ${sev}">${sev} · threat ${esc(kind)}</span><span class="meta">#${esc(a.id)}</span></div>
    <div><a href="#/threat/${esc(a.primary?.norad_cat_id)}/${esc(a.secondary?.norad_cat_id)}">${who}</a></div>
    ${a.tca ? `<div class="meta">closest ${fmtKm(a.miss_km, 1)} at ${fmtTime(a.tca)} (${fmtRelative(a.tca)})</div>` : ''}
    ${a.message ? `<div class="meta">${esc(a.message)}</div>` : ''}
  </li>`;
  }
  if (String(a.kind).startsWith('missile.')) {
    const kind = a.kind.slice('missile.'.length);
    return `<li class="alert ${sev}${fresh ? ' fresh' : ''}" data-alert-id="${esc(a.id)}" data-kind="${esc(a.kind)}">
    <div class="head"><span class="sev ${sev}">${sev} · missile ${esc(kind)}</span><span class="meta">#${esc(a.id)}</span></div>
    <div><a href="#/missile">${esc(a.message || 'missile warning')}</a></div>
    ${a.tca ? `<div class="meta">predicted impact ${fmtTime(a.tca)} (${fmtRelative(a.tca)})</div>` : ''}
  </li>`;
  }
  const kind = a.kind === 'conjunction.changed' ? 'changed' : 'new';
  return `<li class="alert ${sev}${fresh ? ' fresh' : ''}" data-alert-id="${esc(a.id)}" data-kind="${esc(a.kind)}">
    <div class="head"><span class="sev ${sev}">${sev} · ${kind}</span><span class="meta">#${esc(a.id)}</span></div>
    <div><a href="#/event/${esc(a.event_id)}">${pair}</a></div>
    <div class="meta">TCA ${fmtTime(a.tca)} (${fmtRelative(a.tca)}) · miss ${fmtKm(a.miss_km)} · Pc ${fmtPc(a.pc)}</div>
    ${a.message ? `<div class="meta">${esc(a.message)}</div>` : ''}
  </li>`;
}
