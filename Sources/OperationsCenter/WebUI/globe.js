// Kanshi web UI — the globe: every cataloged object as a point sprite over an Earth sphere with
// coastlines and sensor sites, in WebGL; a flat 2D canvas map when WebGL is not available.
// Earth-fixed view: drag to rotate, wheel to zoom, hover to identify, click to open the object.
import { opsNowMs } from './api.js';
import { fetchSky } from './sky.js';
import { loadCoastlines, loadSensors, toSphere, sunDirectionECEF, REGIME_COLORS, EARTH_RADIUS_KM, EARTH_ROTATION_RAD_S } from './geo.js';
import { createFlatMap } from './flatmap.js';

const SKY_REFRESH_MS = 30000;

// ---- small matrix helpers (column-major 4x4) -------------------------------------------------
function perspective(fovy, aspect, near, far) {
  const f = 1 / Math.tan(fovy / 2), nf = 1 / (near - far);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0]);
}
function lookAt(eye, up) {
  const len = v => Math.hypot(v[0], v[1], v[2]);
  const z = eye.map(c => c / len(eye));
  let x = [up[1] * z[2] - up[2] * z[1], up[2] * z[0] - up[0] * z[2], up[0] * z[1] - up[1] * z[0]];
  const lx = len(x); x = x.map(c => c / lx);
  const y = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return new Float32Array([x[0], y[0], z[0], 0, x[1], y[1], z[1], 0, x[2], y[2], z[2], 0, -dot(x, eye), -dot(y, eye), -dot(z, eye), 1]);
}
function multiply(a, b) {
  const o = new Float32Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    o[c * 4 + r] = a[r] * b[c * 4] + a[4 + r] * b[c * 4 + 1] + a[8 + r] * b[c * 4 + 2] + a[12 + r] * b[c * 4 + 3];
  }
  return o;
}

// ---- shaders --------------------------------------------------------------------------------
const POINT_VS = `
precision highp float;
attribute vec3 aPos; attribute vec3 aVel; attribute float aRegime;
uniform mat4 uViewProj; uniform float uDt; uniform float uSize; uniform vec3 uColors[5];
varying vec3 vColor;
void main() {
  float r = length(aPos);
  vec3 g = -398600.4418 * aPos / (r * r * r);
  vec3 p = aPos + aVel * uDt + 0.5 * g * uDt * uDt;
  float th = -${EARTH_ROTATION_RAD_S.toExponential(10)} * uDt;
  float c = cos(th), s = sin(th);
  p = vec3(c * p.x - s * p.y, s * p.x + c * p.y, p.z);
  gl_Position = uViewProj * vec4(p / ${EARTH_RADIUS_KM.toFixed(3)}, 1.0);
  gl_PointSize = uSize;
  int k = int(aRegime + 0.5);
  vColor = k == 0 ? uColors[0] : k == 1 ? uColors[1] : k == 2 ? uColors[2] : k == 3 ? uColors[3] : uColors[4];
}`;
const POINT_FS = `
precision mediump float;
varying vec3 vColor; uniform float uAlpha;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  float r2 = dot(d, d);
  if (r2 > 0.25) discard;
  gl_FragColor = vec4(vColor, uAlpha * (1.0 - 2.0 * r2));
}`;
const EARTH_VS = `
precision highp float;
attribute vec3 aPos; uniform mat4 uViewProj; varying vec3 vN;
void main() { vN = aPos; gl_Position = uViewProj * vec4(aPos, 1.0); }`;
const EARTH_FS = `
precision mediump float;
varying vec3 vN; uniform vec3 uSun; uniform vec3 uEye;
void main() {
  vec3 n = normalize(vN);
  float day = smoothstep(-0.15, 0.25, dot(n, uSun));
  vec3 col = mix(vec3(0.015, 0.03, 0.07), vec3(0.05, 0.11, 0.22), day);
  float rim = pow(1.0 - max(dot(n, normalize(uEye - vN)), 0.0), 3.0);
  gl_FragColor = vec4(col + rim * vec3(0.10, 0.25, 0.45), 1.0);
}`;
const LINE_VS = `
precision highp float;
attribute vec3 aPos; uniform mat4 uViewProj; uniform float uSize;
void main() { gl_Position = uViewProj * vec4(aPos, 1.0); gl_PointSize = uSize; }`;
const LINE_FS = `
precision mediump float; uniform vec4 uColor; uniform float uSquare;
void main() {
  if (uSquare > 0.5) { vec2 d = abs(gl_PointCoord - vec2(0.5)); if (d.x + d.y > 0.5) discard; }
  gl_FragColor = uColor;
}`;

function program(gl, vs, fs) {
  const make = (type, src) => {
    const s = gl.createShader(type);
    gl.shaderSource(s, src); gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error('shader: ' + gl.getShaderInfoLog(s));
    return s;
  };
  const p = gl.createProgram();
  gl.attachShader(p, make(gl.VERTEX_SHADER, vs)); gl.attachShader(p, make(gl.FRAGMENT_SHADER, fs));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error('program: ' + gl.getProgramInfoLog(p));
  const info = { p, a: {}, u: {} };
  for (let i = 0; i < gl.getProgramParameter(p, gl.ACTIVE_ATTRIBUTES); i++) { const n = gl.getActiveAttrib(p, i).name; info.a[n] = gl.getAttribLocation(p, n); }
  for (let i = 0; i < gl.getProgramParameter(p, gl.ACTIVE_UNIFORMS); i++) { const n = gl.getActiveUniform(p, i).name.replace(/\[0\]$/, ''); info.u[n] = gl.getUniformLocation(p, n); }
  return info;
}

function sphereMesh(stacks, slices) {
  const v = [], idx = [];
  for (let i = 0; i <= stacks; i++) {
    const lat = -90 + 180 * i / stacks;
    for (let j = 0; j <= slices; j++) v.push(...toSphere(lat, -180 + 360 * j / slices, 0.999));
  }
  for (let i = 0; i < stacks; i++) for (let j = 0; j < slices; j++) {
    const a = i * (slices + 1) + j, b = a + slices + 1;
    idx.push(a, b, a + 1, a + 1, b, b + 1);
  }
  return { v: new Float32Array(v), i: new Uint16Array(idx) };
}

/** Line segments (pairs of unit-sphere points) for coastline rings and a 30° graticule. */
function lineSegments(rings, radius) {
  const out = [];
  const push = (la0, lo0, la1, lo1) => {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(la1 - la0), Math.abs(lo1 - lo0)) / 1.0));
    let prev = toSphere(la0, lo0, radius);
    for (let k = 1; k <= steps; k++) {
      const q = toSphere(la0 + (la1 - la0) * k / steps, lo0 + (lo1 - lo0) * k / steps, radius);
      out.push(...prev, ...q); prev = q;
    }
  };
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      if (Math.abs(r[i + 2] - r[i]) > 180) continue; // antimeridian seam
      push(r[i + 1], r[i], r[i + 3], r[i + 2]);
    }
  }
  return new Float32Array(out);
}
function graticule() {
  const rings = [];
  for (let lon = -180; lon < 180; lon += 30) { const r = []; for (let lat = -90; lat <= 90; lat += 5) r.push(lon, lat); rings.push(r); }
  for (let lat = -60; lat <= 60; lat += 30) { const r = []; for (let lon = -180; lon <= 180; lon += 5) r.push(lon, lat); rings.push(r); }
  return rings;
}

/**
 * Creates the globe in `container`. `options.onPick(norad)` is called on click, `options.hud(info)`
 * on every sky update. Returns `{destroy()}`. Falls back to a flat map without WebGL or with
 * `options.flat`.
 */
export function createGlobe(container, options = {}) {
  const canvas = document.createElement('canvas');
  container.appendChild(canvas);
  const gl = options.flat ? null : (canvas.getContext('webgl', { antialias: true, alpha: false }) ||
    canvas.getContext('experimental-webgl'));
  if (!gl) {
    canvas.remove();
    return createFlatMap(container, options);
  }
  const hook = window.kanshi || (window.kanshi = {});
  hook.renderer = 'webgl';
  hook.ready = false;
  hook.drawnPoints = 0;

  const progs = {
    points: program(gl, POINT_VS, POINT_FS),
    earth: program(gl, EARTH_VS, EARTH_FS),
    lines: program(gl, LINE_VS, LINE_FS),
  };
  const buf = (data, target = gl.ARRAY_BUFFER) => { const b = gl.createBuffer(); gl.bindBuffer(target, b); gl.bufferData(target, data, gl.STATIC_DRAW); return b; };
  const mesh = sphereMesh(48, 96);
  const earth = { v: buf(mesh.v), i: buf(mesh.i, gl.ELEMENT_ARRAY_BUFFER), n: mesh.i.length };
  const gratData = lineSegments(graticule().map(r => new Float32Array(r)), 1.0005);
  const grat = { b: buf(gratData), n: gratData.length / 3 };
  let coast = null, sensors = null, sensorList = [];
  let sky = null, skyBufs = null;
  const cam = { lat: options.lat ?? 30, lon: options.lon ?? 138, dist: options.dist ?? 4.2 };
  let viewProj = null, eye = [0, 0, 0];
  let alive = true, frame = 0, timer = null, hover = -1;
  const abort = new AbortController();

  loadCoastlines().then(rings => {
    if (!alive) return;
    const d = lineSegments(rings, 1.0008);
    coast = { b: buf(d), n: d.length / 3 };
  });
  loadSensors().then(list => {
    if (!alive) return;
    sensorList = list;
    const d = new Float32Array(list.flatMap(s => toSphere(s.lat_deg, s.lon_deg, 1 + (s.alt_km || 0) / EARTH_RADIUS_KM + 0.002)));
    sensors = { b: buf(d), n: list.length, xyz: d };
  });

  async function refresh() {
    try {
      const snap = await fetchSky(abort.signal);
      if (!alive) return;
      const b = { pos: buf(snap.pos), vel: buf(snap.vel), reg: buf(snap.regime) };
      if (skyBufs) for (const x of Object.values(skyBufs)) gl.deleteBuffer(x);
      sky = snap; skyBufs = b;
      hook.skyCount = snap.count;
      hook.skyRejected = snap.rejected;
      hook.skyAt = new Date(snap.atMs).toISOString();
      if (options.hud) options.hud({ count: snap.count, rejected: snap.rejected, at: snap.atMs });
    } catch (e) {
      if (alive && e.name !== 'AbortError') { console.warn('sky fetch failed:', e.message); if (options.hud) options.hud({ error: e.message }); }
    }
    if (alive) timer = setTimeout(refresh, SKY_REFRESH_MS);
  }
  refresh();

  function resize() {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(canvas.clientWidth * dpr)), h = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  }

  function attrib(p, name, b, size) {
    const loc = p.a[name];
    if (loc === undefined || loc < 0) return;
    gl.bindBuffer(gl.ARRAY_BUFFER, b); gl.enableVertexAttribArray(loc); gl.vertexAttribPointer(loc, size, gl.FLOAT, false, 0, 0);
  }
  function disableAttribs() { for (let i = 0; i < 4; i++) gl.disableVertexAttribArray(i); }

  function draw(pointsOnly = false) {
    resize();
    const w = canvas.width, h = canvas.height;
    gl.viewport(0, 0, w, h);
    gl.clearColor(0.027, 0.043, 0.071, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    const la = cam.lat * Math.PI / 180, lo = cam.lon * Math.PI / 180;
    eye = [cam.dist * Math.cos(la) * Math.cos(lo), cam.dist * Math.cos(la) * Math.sin(lo), cam.dist * Math.sin(la)];
    viewProj = multiply(perspective(40 * Math.PI / 180, w / h, 0.05, 200), lookAt(eye, [0, 0, 1]));
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    gl.enable(gl.DEPTH_TEST);
    gl.depthMask(true);
    gl.disable(gl.BLEND);
    if (!pointsOnly) {
      const p = progs.earth; gl.useProgram(p.p); disableAttribs();
      gl.uniformMatrix4fv(p.u.uViewProj, false, viewProj);
      gl.uniform3fv(p.u.uSun, sunDirectionECEF(opsNowMs()));
      gl.uniform3fv(p.u.uEye, eye);
      attrib(p, 'aPos', earth.v, 3);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, earth.i);
      gl.drawElements(gl.TRIANGLES, earth.n, gl.UNSIGNED_SHORT, 0);
      const l = progs.lines; gl.useProgram(l.p); disableAttribs();
      gl.uniformMatrix4fv(l.u.uViewProj, false, viewProj);
      gl.uniform1f(l.u.uSquare, 0);
      gl.uniform4f(l.u.uColor, 0.12, 0.2, 0.32, 1); attrib(l, 'aPos', grat.b, 3); gl.drawArrays(gl.LINES, 0, grat.n);
      if (coast) { gl.uniform4f(l.u.uColor, 0.35, 0.6, 0.85, 1); attrib(l, 'aPos', coast.b, 3); gl.drawArrays(gl.LINES, 0, coast.n); }
      if (sensors && sensors.n) {
        gl.uniform1f(l.u.uSquare, 1); gl.uniform1f(l.u.uSize, 11 * dpr);
        gl.uniform4f(l.u.uColor, 0.37, 0.83, 0.55, 1); attrib(l, 'aPos', sensors.b, 3); gl.drawArrays(gl.POINTS, 0, sensors.n);
      }
    }
    let drawn = 0;
    if (sky && skyBufs) {
      const p = progs.points; gl.useProgram(p.p); disableAttribs();
      gl.enable(gl.BLEND); gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA); gl.depthMask(false);
      gl.uniformMatrix4fv(p.u.uViewProj, false, viewProj);
      gl.uniform1f(p.u.uDt, sky.elapsedSeconds());
      gl.uniform1f(p.u.uSize, (cam.dist < 2.5 ? 4 : 3) * dpr);
      gl.uniform1f(p.u.uAlpha, 0.9);
      gl.uniform3fv(p.u.uColors, new Float32Array(REGIME_COLORS.flat()));
      attrib(p, 'aPos', skyBufs.pos, 3); attrib(p, 'aVel', skyBufs.vel, 3); attrib(p, 'aRegime', skyBufs.reg, 1);
      gl.drawArrays(gl.POINTS, 0, sky.count);
      drawn = sky.count;
      gl.depthMask(true);
    }
    return drawn;
  }

  function loop() {
    if (!alive) return;
    const drawn = draw();
    hook.drawnPoints = drawn;
    frame++;
    hook.frames = frame;
    if (drawn > 0 && !hook.ready) hook.ready = true;
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);

  // Test hook: draw the points alone and count the lit pixels (non-background) read back.
  hook.litPixels = () => {
    draw(true);
    const w = canvas.width, h = canvas.height, px = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
    let lit = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] > 30 || px[i + 1] > 40 || px[i + 2] > 50) lit++;
    draw();
    return { lit, width: w, height: h };
  };

  // ---- interaction: drag, wheel, hover, click -----------------------------------------------
  const tip = document.createElement('div');
  tip.className = 'tooltip';
  container.appendChild(tip);
  let drag = null;
  const onDown = e => { drag = { x: e.clientX, y: e.clientY, moved: 0 }; canvas.setPointerCapture?.(e.pointerId); };
  const onMove = e => {
    if (drag) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      drag.moved += Math.abs(dx) + Math.abs(dy);
      drag.x = e.clientX; drag.y = e.clientY;
      const k = 0.25 * Math.min(1, (cam.dist - 1) / 3) + 0.02;
      cam.lon -= dx * k; cam.lat = Math.max(-85, Math.min(85, cam.lat + dy * k));
      tip.style.display = 'none';
      return;
    }
    pick(e);
  };
  const onUp = e => {
    const click = drag && drag.moved < 5;
    drag = null;
    if (click) { pick(e); if (hover >= 0 && options.onPick) options.onPick(sky.ids[hover]); }
  };
  const onWheel = e => { e.preventDefault(); cam.dist = Math.max(1.3, Math.min(30, cam.dist * Math.exp(e.deltaY * 0.001))); };
  const onLeave = () => { tip.style.display = 'none'; hover = -1; };
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointerleave', onLeave);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  let scratch = new Float32Array(0);

  function project(x, y, z) {
    const m = viewProj;
    const cx = m[0] * x + m[4] * y + m[8] * z + m[12], cy = m[1] * x + m[5] * y + m[9] * z + m[13], cw = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (cw <= 0) return null;
    return [(cx / cw * 0.5 + 0.5) * canvas.clientWidth, (0.5 - cy / cw * 0.5) * canvas.clientHeight];
  }
  function hidden(x, y, z) { // the segment eye→p crosses the Earth
    const dx = x - eye[0], dy = y - eye[1], dz = z - eye[2];
    const a = dx * dx + dy * dy + dz * dz, b = 2 * (eye[0] * dx + eye[1] * dy + eye[2] * dz), c = eye[0] ** 2 + eye[1] ** 2 + eye[2] ** 2 - 1;
    const disc = b * b - 4 * a * c;
    if (disc <= 0) return false;
    const t = (-b - Math.sqrt(disc)) / (2 * a);
    return t > 0 && t < 1;
  }
  function pick(e) {
    if (!viewProj) return;
    const rect = canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left, my = e.clientY - rect.top;
    let best = -1, bestD = 64, label = null;
    if (sky) {
      if (scratch.length !== sky.pos.length) scratch = new Float32Array(sky.pos.length);
      sky.positionsAt(sky.elapsedSeconds(), scratch);
      const s = 1 / EARTH_RADIUS_KM;
      for (let i = 0; i < sky.count; i++) {
        const x = scratch[3 * i] * s, y = scratch[3 * i + 1] * s, z = scratch[3 * i + 2] * s;
        const q = project(x, y, z);
        if (!q) continue;
        const d = (q[0] - mx) ** 2 + (q[1] - my) ** 2;
        if (d < bestD && !hidden(x, y, z)) { bestD = d; best = i; }
      }
    }
    hover = best;
    if (best >= 0) {
      const x = scratch[3 * best], y = scratch[3 * best + 1], z = scratch[3 * best + 2];
      const alt = Math.hypot(x, y, z) - EARTH_RADIUS_KM;
      label = `NORAD ${sky.ids[best]} · ${['LEO', 'MEO', 'GEO', 'HEO', 'other'][sky.regime[best]]} · ${alt.toFixed(0)} km`;
      if (options.nameOf) { const n = options.nameOf(sky.ids[best]); if (n) label = `${n} · ${label}`; }
    } else if (sensors) {
      for (let i = 0; i < sensors.n; i++) {
        const q = project(sensors.xyz[3 * i], sensors.xyz[3 * i + 1], sensors.xyz[3 * i + 2]);
        if (q && (q[0] - mx) ** 2 + (q[1] - my) ** 2 < 64 && !hidden(sensors.xyz[3 * i] * 0.999, sensors.xyz[3 * i + 1] * 0.999, sensors.xyz[3 * i + 2] * 0.999)) {
          const s = sensorList[i]; label = `${s.name} · ${s.kind}${s.country ? ' · ' + s.country : ''}`; break;
        }
      }
    }
    canvas.style.cursor = best >= 0 ? 'pointer' : '';
    if (label) {
      tip.textContent = label; tip.style.display = 'block';
      tip.style.left = `${mx + 14}px`; tip.style.top = `${my + 10}px`;
    } else tip.style.display = 'none';
  }

  // Test hook: a visible object with no other within 12 px, and where it is on the page (CSS px),
  // so a test can click it the way a person would.
  hook.pickable = () => {
    if (!sky || !viewProj) return null;
    const pos = sky.positionsAt(sky.elapsedSeconds(), new Float32Array(sky.pos.length));
    const s = 1 / EARTH_RADIUS_KM, rect = canvas.getBoundingClientRect(), pts = [];
    for (let i = 0; i < sky.count; i++) {
      const x = pos[3 * i] * s, y = pos[3 * i + 1] * s, z = pos[3 * i + 2] * s, q = project(x, y, z);
      if (q && q[0] > 20 && q[1] > 20 && q[0] < canvas.clientWidth - 20 && q[1] < canvas.clientHeight - 20) pts.push({ i, q, hidden: hidden(x, y, z) });
    }
    for (const p of pts) {
      if (p.hidden) continue;
      if (pts.every(o => o === p || (o.q[0] - p.q[0]) ** 2 + (o.q[1] - p.q[1]) ** 2 > 144)) {
        return { norad: sky.ids[p.i], x: rect.left + p.q[0], y: rect.top + p.q[1] };
      }
    }
    return null;
  };

  return {
    destroy() {
      alive = false; abort.abort(); clearTimeout(timer);
      hook.ready = false; hook.drawnPoints = 0; delete hook.litPixels; delete hook.pickable;
      canvas.remove(); tip.remove();
      const ext = gl.getExtension('WEBGL_lose_context'); if (ext) ext.loseContext();
    },
  };
}
