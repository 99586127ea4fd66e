// Browser harness for the visualizer webview: builds dist/webview.js when it is missing or older than webview/,
// serves dist/ and a test page that mimics the host's HTML (same CSP with a nonce, #app, the bundle) plus a stub
// script defining acquireVsCodeApi (records posted messages in window.__posted, keeps state across reloads), and
// drives headless Chromium through playwright-core.
// Functions passed to page.evaluate run in the browser:
/* global window, document, requestAnimationFrame */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import * as fx from './fixtures.mjs';
import { themes, themeStyle } from './themes.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
export const results = join(root, 'test-results');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newestMtime(join(path, e)));
  return t;
}

/** Builds the bundles when dist/webview.js is missing or older than webview/ or src/protocol.ts. */
export function ensureBuilt() {
  const bundle = join(dist, 'webview.js');
  const sources = Math.max(newestMtime(join(root, 'webview')), newestMtime(join(root, 'src', 'protocol.ts')));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    // Another bundle may be broken while its helper works on it; the webview's must be fresh.
    if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources)
      throw new Error(`build failed: ${e.stderr ?? e.message}`);
  }
}

// The stub of the VS Code webview API: a separate script, loaded with the page's nonce (no inline script).
const STUB = `(() => {
  const KEY = '__nnviz_vscode_state';
  window.__posted = [];
  let acquired = false;
  let state;
  try { state = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? undefined; } catch { state = undefined; }
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may be called only once');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => state,
      setState: (s) => { state = s; sessionStorage.setItem(KEY, JSON.stringify(s)); return s; },
    });
  };
})();
`;

function page(origin, theme) {
  const nonce = randomBytes(16).toString('base64');
  const t = themes[theme];
  const csp = [
    "default-src 'none'",
    `img-src ${origin} data: blob:`,
    `style-src ${origin} 'unsafe-inline'`,
    `font-src ${origin}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en" style="${themeStyle(theme)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/dist/webview.css">
<title>nn-viz webview test</title>
</head>
<body class="${t.bodyClass}" data-vscode-theme-kind="${t.kind}">
<div id="app" data-state="loading"><p>Loading the network…</p></div>
<script nonce="${nonce}" src="${origin}/stub.js"></script>
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script>
</body>
</html>`;
}

const TYPES = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/** Serves the test page, the stub and dist/ on 127.0.0.1 at a free port. */
export async function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${server.address().port}`;
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(page(origin, url.searchParams.get('theme') ?? 'light'));
    }
    if (url.pathname === '/stub.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(STUB);
    }
    if (url.pathname.startsWith('/dist/')) {
      const file = normalize(join(dist, decodeURIComponent(url.pathname.slice('/dist/'.length))));
      if (file.startsWith(dist + sep) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        return res.end(readFileSync(file));
      }
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(404);
    res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Starts everything a test file needs: build, server, browser. */
export async function setup() {
  ensureBuilt();
  mkdirSync(results, { recursive: true });
  const srv = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    origin: srv.origin,
    browser,
    async close() {
      await browser.close();
      await srv.close();
    },
  };
}

/**
 * Opens the webview in a new page. Collects console errors, page errors, CSP violations and viewError messages in
 * `problems`, so every test can assert there were none. Motion is reduced unless asked for (`reducedMotion:
 * 'no-preference'`), so that a frame's values are on screen as soon as it is drawn; the easing tests ask for motion.
 */
export async function openView(
  env,
  { theme = 'light', width = 1280, height = 900, reducedMotion = 'reduce' } = {},
) {
  const context = await env.browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    reducedMotion,
  });
  const p = await context.newPage();
  const problems = [];
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await p.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await p.goto(`${env.origin}/?theme=${theme}`);
  await p.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
  const view = {
    page: p,
    context,
    theme,
    problems,
    /** Sends a ToWebview message as the host would (typed arrays where the protocol has them). */
    send: (msg) => send(p, msg),
    posted: (type) => p.evaluate((t) => window.__posted.filter((m) => !t || m.type === t), type ?? null),
    clearPosted: () => p.evaluate(() => void (window.__posted.length = 0)),
    waitPosted: (pred, timeout = 5000) => waitPosted(p, pred, timeout),
    stats: () => p.evaluate(() => window.__nnviz.stats()),
    /** Waits until every frame sent so far has been acknowledged. */
    settle: () =>
      p.waitForFunction(() => {
        const sent = window.__sentFrames ?? [];
        const acked = new Set(window.__posted.filter((m) => m.type === 'frameAck').map((m) => m.frameId));
        return sent.every((id) => acked.has(id));
      }),
    setTheme: (name) => setTheme(p, name),
    screenshot: (name, opts = {}) => screenshot(p, name, view.theme, opts),
    tab: (id) => selectTab(p, id),
    /** Console errors, page errors, CSP violations and viewError messages so far. */
    async allProblems() {
      const csp = await p.evaluate(() => window.__csp ?? []);
      const viewErrors = await p.evaluate(() =>
        window.__posted.filter((m) => m.type === 'viewError').map((m) => m.message),
      );
      return [...problems, ...csp.map((c) => `csp: ${c}`), ...viewErrors.map((m) => `viewError: ${m}`)];
    },
    close: () => context.close(),
  };
  return view;
}

async function send(p, msg) {
  // Sent as JSON text (fast to hand over) and revived in the page.
  await p.evaluate((text) => {
    const m = JSON.parse(text);
    const f64 = (v) => (Array.isArray(v) ? Float64Array.from(v) : v);
    if (m.type === 'frame') {
      const f = m.frame;
      f.theta = f.theta.map(f64);
      if (f.D) f.D = f.D.map(f64);
      if (f.update) f.update = f.update.map(f64);
      if (f.dropped) f.dropped = f.dropped.map((d) => Uint8Array.from(d));
      if (f.inspected) {
        for (const k of ['x', 'y']) f.inspected[k] = f64(f.inspected[k]);
        for (const k of ['z', 'a', 'delta']) f.inspected[k] = f.inspected[k].map(f64);
      }
      if (f.boundary) {
        f.boundary.output = f64(f.boundary.output);
        if (f.boundary.confidence) f.boundary.confidence = f64(f.boundary.confidence);
        if (f.boundary.margin) f.boundary.margin = f64(f.boundary.margin);
        if (f.boundary.predicted) f.boundary.predicted = f64(f.boundary.predicted);
        f.boundary.hidden = f.boundary.hidden.map((l) => l.map(f64));
      }
      (window.__sentFrames ??= []).push(f.frameId);
    }
    window.postMessage(m, '*');
  }, JSON.stringify(msg));
}

/** Polls the posted messages until `pred` matches one (evaluated here, not in the page: the CSP forbids eval). */
async function waitPosted(p, pred, timeout) {
  const end = Date.now() + timeout;
  for (;;) {
    const hits = (await p.evaluate(() => window.__posted)).filter(pred);
    if (hits.length) return hits;
    if (Date.now() > end) throw new Error(`timed out waiting for a posted message matching ${pred}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Switches the theme as VS Code does: body class + the --vscode-* variables on <html>. */
async function setTheme(p, name) {
  const t = themes[name];
  await p.evaluate(
    ({ vars, bodyClass, kind }) => {
      const s = document.documentElement.style;
      for (let i = s.length - 1; i >= 0; i--) if (s[i].startsWith('--vscode-')) s.removeProperty(s[i]);
      for (const [k, v] of Object.entries(vars)) s.setProperty(k, v);
      document.body.setAttribute('data-vscode-theme-kind', kind);
      document.body.className = bodyClass;
    },
    { vars: t.vars, bodyClass: t.bodyClass, kind: t.kind },
  );
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function selectTab(p, id) {
  await p.click(`#tab-${id}`);
  await p.waitForFunction(
    (t) => document.querySelector('vscode-panels')?.getAttribute('activeid') === `tab-${t}`,
    id,
  );
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Screenshot into test-results/webview-<name>-<theme>.png (whole page, or one element with `selector`). */
async function screenshot(p, name, theme, { selector } = {}) {
  const path = join(results, `webview-${name}-${theme}.png`);
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  if (selector) await p.locator(selector).first().screenshot({ path });
  else await p.screenshot({ path, fullPage: true });
  return path;
}

/** Reads the pixels of a canvas and counts its distinct colours (quantised). */
export async function canvasColours(p, selector) {
  return p.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width) return 0;
    const ctx = c.getContext('2d');
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 16)
      seen.add(`${d[i] >> 3},${d[i + 1] >> 3},${d[i + 2] >> 3},${d[i + 3] >> 6}`);
    return seen.size;
  }, selector);
}

export function writeResult(name, data) {
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, name), JSON.stringify(data, null, 2));
}

/** A frame boundary: two animation frames, so that a coalesced draw has happened. */
export function nextFrames(p) {
  return p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Document, session and one frame of a network, as the host sends them after 'ready'. */
export async function loadNet(view, net, { state = 'paused', hyper, frame = {} } = {}) {
  await view.send(fx.documentMessage(net.spec, net.fileName));
  await view.send(fx.sessionMessage(state, net.dataset, hyper));
  await view.send(fx.frame(net, { state, epochs: 20, ...frame }));
  await view.settle();
  await nextFrames(view.page);
}

/** No console errors, page errors, CSP violations or viewError messages so far. */
export async function assertClean(view) {
  assert.deepEqual(
    await view.allProblems(),
    [],
    'no console errors, page errors, CSP violations or viewError messages',
  );
}

/** A graph element's paint record (what the overlay canvas draws for it), without its cytoscape element. */
export function paintRecord(p, id) {
  return p.evaluate((eleId) => {
    const rec = window.__nnviz.cy.$id(eleId).scratch('paint');
    if (!rec) return null;
    const { ele: _ele, ...rest } = rec;
    return rest;
  }, id);
}

/**
 * The overlay canvas's pixel [r, g, b, a] at a point of a graph element: its rendered centre moved by (fx, fy)
 * times its rendered width.
 */
export function overlayPixel(p, id, fx = 0, fy = 0) {
  return p.evaluate(
    ({ eleId, dx, dy }) => {
      const c = document.querySelector('canvas.graph-overlay');
      const e = window.__nnviz.cy.$id(eleId);
      const pos = e.renderedPosition();
      const k = c.width / c.clientWidth;
      const x = Math.round((pos.x + dx * e.renderedWidth()) * k);
      const y = Math.round((pos.y + dy * e.renderedWidth()) * k);
      return [...c.getContext('2d').getImageData(x, y, 1, 1).data];
    },
    { eleId: id, dx: fx, dy: fy },
  );
}

/** Distinct (quantised) colours of the overlay canvas inside a graph element's rendered box. */
export function overlayColours(p, id) {
  return p.evaluate((eleId) => {
    const c = document.querySelector('canvas.graph-overlay');
    const e = window.__nnviz.cy.$id(eleId);
    const pos = e.renderedPosition();
    const k = c.width / c.clientWidth;
    const s = e.renderedWidth() * k;
    const d = c
      .getContext('2d')
      .getImageData(
        Math.round(pos.x * k - s / 2),
        Math.round(pos.y * k - s / 2),
        Math.round(s),
        Math.round(s),
      ).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) seen.add(`${d[i] >> 3},${d[i + 1] >> 3},${d[i + 2] >> 3}`);
    return seen.size;
  }, id);
}

/** An rgb(…) / #rrggbb CSS colour as [r, g, b] (as the page's canvas parses it). */
export function cssRgb(p, css) {
  return p.evaluate((c) => {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, css);
}

/** Colours equal within `tol` per channel. */
export function closeRgb(a, b, tol = 3) {
  return a.length >= 3 && b.length >= 3 && [0, 1, 2].every((i) => Math.abs(a[i] - b[i]) <= tol);
}
