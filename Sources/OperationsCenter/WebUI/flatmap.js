// Kanshi web UI — the 2D fallback of the globe: an equirectangular canvas map with the same sky
// snapshot, extrapolated between fetches, redrawn a few times a second (less when drawing is slow).
import { fetchSky } from './sky.js';
import { loadCoastlines, loadSensors, regimeCSS, EARTH_RADIUS_KM } from './geo.js';

const SKY_REFRESH_MS = 30000;

/** Creates the flat map in `container`; same options and hook as `createGlobe`. */
export function createFlatMap(container, options = {}) {
  const canvas = document.createElement('canvas');
  container.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  const hook = window.kanshi || (window.kanshi = {});
  hook.renderer = 'canvas2d';
  hook.ready = false;
  hook.drawnPoints = 0;
  let rings = [], sensorList = [], sky = null, alive = true, timer = null, raf = 0, last = 0, interval = 250;
  let base = null, scratch = new Float32Array(0), lonlat = new Float32Array(0);
  const abort = new AbortController();

  loadCoastlines().then(r => { rings = r; base = null; });
  loadSensors().then(s => { sensorList = s; base = null; });
  async function refresh() {
    try {
      sky = await fetchSky(abort.signal);
      hook.skyCount = sky.count;
      hook.skyRejected = sky.rejected;
      hook.skyAt = new Date(sky.atMs).toISOString();
      if (options.hud) options.hud({ count: sky.count, rejected: sky.rejected, at: sky.atMs });
    } catch (e) {
      if (alive && e.name !== 'AbortError') console.warn('sky fetch failed:', e.message);
    }
    if (alive) timer = setTimeout(refresh, SKY_REFRESH_MS);
  }
  refresh();

  // the map keeps its 2:1 aspect, centred in the canvas
  const box = () => { const w = Math.min(canvas.width, 2 * canvas.height); return { w, x: (canvas.width - w) / 2, y: (canvas.height - w / 2) / 2 }; };
  let frame = { w: 1, x: 0, y: 0 };
  const X = lon => frame.x + (lon + 180) / 360 * frame.w;
  const Y = lat => frame.y + (90 - lat) / 180 * frame.w / 2;

  function drawBase() {
    const c = document.createElement('canvas');
    c.width = canvas.width; c.height = canvas.height;
    const g = c.getContext('2d');
    g.fillStyle = '#070b12'; g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = '#0a1424'; g.fillRect(X(-180), Y(90), frame.w, frame.w / 2);
    g.strokeStyle = '#16223a'; g.lineWidth = 1;
    for (let lon = -180; lon <= 180; lon += 30) { g.beginPath(); g.moveTo(X(lon), Y(90)); g.lineTo(X(lon), Y(-90)); g.stroke(); }
    for (let lat = -60; lat <= 60; lat += 30) { g.beginPath(); g.moveTo(X(-180), Y(lat)); g.lineTo(X(180), Y(lat)); g.stroke(); }
    g.strokeStyle = '#4a7bb0'; g.lineWidth = 1;
    g.beginPath();
    for (const r of rings) {
      for (let i = 0; i < r.length; i += 2) {
        if (i === 0 || Math.abs(r[i] - r[i - 2]) > 180) g.moveTo(X(r[i]), Y(r[i + 1])); else g.lineTo(X(r[i]), Y(r[i + 1]));
      }
    }
    g.stroke();
    g.fillStyle = '#5fd38d';
    for (const s of sensorList) g.fillRect(X(s.lon_deg) - 3, Y(s.lat_deg) - 3, 6, 6);
    return c;
  }

  function draw(pointsOnly = false) {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(canvas.clientWidth * dpr)), h = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; base = null; }
    frame = box();
    if (pointsOnly) { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, w, h); } else {
      if (!base) base = drawBase();
      ctx.drawImage(base, 0, 0);
    }
    if (!sky) return 0;
    if (scratch.length !== sky.pos.length) { scratch = new Float32Array(sky.pos.length); lonlat = new Float32Array(2 * sky.count); }
    sky.positionsAt(sky.elapsedSeconds(), scratch);
    const size = 2 * dpr;
    for (let reg = 0; reg < 5; reg++) {
      ctx.fillStyle = regimeCSS(reg);
      ctx.beginPath();
      for (let i = 0; i < sky.count; i++) {
        const x = scratch[3 * i], y = scratch[3 * i + 1], z = scratch[3 * i + 2];
        const lon = Math.atan2(y, x) * 180 / Math.PI, lat = Math.atan2(z, Math.hypot(x, y)) * 180 / Math.PI;
        lonlat[2 * i] = lon; lonlat[2 * i + 1] = lat;
        if (sky.regime[i] !== reg) continue;
        ctx.rect(X(lon) - size / 2, Y(lat) - size / 2, size, size);
      }
      ctx.fill();
    }
    return sky.count;
  }

  function loop(t) {
    if (!alive) return;
    if (t - last > interval) {
      last = t;
      const t0 = performance.now();
      const n = draw();
      // keep the main thread mostly free: redraw at most every 8 draw times (and 4 times a second)
      interval = Math.max(250, 8 * (performance.now() - t0));
      hook.drawnPoints = n;
      hook.frames = (hook.frames || 0) + 1;
      if (n > 0) hook.ready = true;
    }
    raf = requestAnimationFrame(loop);
  }
  raf = requestAnimationFrame(loop);

  hook.litPixels = () => {
    draw(true);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    for (let i = 0; i < img.length; i += 4) if (img[i] > 30 || img[i + 1] > 40 || img[i + 2] > 50) lit++;
    draw();
    return { lit, width: canvas.width, height: canvas.height };
  };

  const tip = document.createElement('div');
  tip.className = 'tooltip';
  container.appendChild(tip);
  let hover = -1;
  function pick(e) {
    const rect = canvas.getBoundingClientRect();
    const mx = (e.clientX - rect.left) * canvas.width / rect.width, my = (e.clientY - rect.top) * canvas.height / rect.height;
    hover = -1;
    if (!sky || lonlat.length < 2 * sky.count) return;
    let bestD = 64;
    for (let i = 0; i < sky.count; i++) {
      const d = (X(lonlat[2 * i]) - mx) ** 2 + (Y(lonlat[2 * i + 1]) - my) ** 2;
      if (d < bestD) { bestD = d; hover = i; }
    }
    if (hover >= 0) {
      const alt = Math.hypot(scratch[3 * hover], scratch[3 * hover + 1], scratch[3 * hover + 2]) - EARTH_RADIUS_KM;
      const name = options.nameOf ? options.nameOf(sky.ids[hover]) : null;
      tip.textContent = `${name ? name + ' · ' : ''}NORAD ${sky.ids[hover]} · ${alt.toFixed(0)} km`;
      tip.style.display = 'block';
      tip.style.left = `${e.clientX - rect.left + 14}px`; tip.style.top = `${e.clientY - rect.top + 10}px`;
    } else tip.style.display = 'none';
  }
  canvas.addEventListener('pointermove', pick);
  canvas.addEventListener('click', e => { pick(e); if (hover >= 0 && options.onPick) options.onPick(sky.ids[hover]); });
  canvas.addEventListener('pointerleave', () => { tip.style.display = 'none'; });

  return {
    destroy() {
      alive = false; abort.abort(); clearTimeout(timer); cancelAnimationFrame(raf);
      hook.ready = false; hook.drawnPoints = 0; delete hook.litPixels;
      canvas.remove(); tip.remove();
    },
  };
}
