// `make bench`: the map's speed and size, ours beside Leaflet 1.9.4 (issue 3).
//
// Starts `atlas serve` over the bench data folder (bench/make-synthetic.mjs) on
// a fresh database, and a loopback static server for bench/leaflet.html that
// proxies the API so the Leaflet page is same-origin like our app. Then, in one
// headless Chromium, it loads each map REPS times (alternating), measures the
// time from navigation to the first full render, and records every
// requestAnimationFrame during the same scripted pans and wheel zooms. Medians
// go to stdout and to var/bench/latest.md. Missed goals are reported, not
// failed: the exit code is non-zero only when the benchmark itself breaks.
//
// Usage: node bench/map-bench.mjs [--data DIR] [--dist DIR] [--reps N] [--canvas] [--atlas target/release/atlas]
//   --canvas  also runs Leaflet with its canvas renderer, as a third column.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { VIEW_DONE, loadsByView, machineFacts, table } from './common.mjs';
import { startAtlas, startPeerServer } from './servers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const DATA = resolve(root, option('--data', 'var/bench-data'));
const SOURCE_DIST = resolve(root, option('--dist', 'dist'));
/** The copy of dist/ this run serves and weighs (set in main), safe from rebuilds mid-run. */
let DIST = SOURCE_DIST;
const REPS = Number(option('--reps', 3));
const CANVAS = args.includes('--canvas');
/** Only the first render, no gestures and no report: a quick check while working on load time. */
const FIRST_ONLY = args.includes('--first-render-only');
const ATLAS = resolve(root, option('--atlas', 'target/release/atlas'));
const LEAFLET_DIST = join(root, 'node_modules', 'leaflet', 'dist');
const REPORT = join(root, 'var', 'bench', 'latest.md');

/** The view over the synthetic data, as our app's address bar spells it. */
const VIEW = { zoom: 5, lat: 42, lon: 52 };
const VIEWPORT = { width: 1280, height: 800 };
/** The goals. */
const FRAME_BUDGET_MS = 1000 / 60;
const SIZE_GOAL_BYTES = 250 * 1000;
/** rAF deltas jitter by a fraction of a ms around 16.67; a longer frame is a missed vsync. */
const JITTER_MS = 1;
/** The scripted gesture, identical for both maps. */
const DRAGS = 10;
const DRAG_PX = 200;
const DRAG_STEPS = 20;
const STEP_PAUSE_MS = 16; // one pointer move per frame, like a hand on a mouse
const DRAG_SETTLE_MS = 300;
const WHEELS = 10;
const WHEEL_PX = 100;
const WHEEL_SETTLE_MS = 600;
/** Our app zooms by 1 level per 250 px of wheel (engine/src/gestures.rs). */
const OUR_WHEEL_STEP = WHEEL_PX / 250;
const FIRST_RENDER_TIMEOUT_MS = 180_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...parts) => console.error('bench:', ...parts);

// ---------------------------------------------------------------- in-page probes

/**
 * Runs before any page script: polls once per frame until `ready()` holds, then
 * waits one more frame (the frame that drew it has been painted) and records
 * performance.now(), which counts from the navigation's start.
 */
function firstRenderProbe({ selector, canvases, expected, flag, whole, viewDone }) {
  window.__bench = { readyAt: null, domCompleteAt: null };
  // A painted canvas says how many features its layers hold (data-features).
  const onCanvas = () =>
    canvases
      ? [...document.querySelectorAll(canvases)].reduce((n, c) => n + Number(c.dataset.features ?? 0), 0)
      : 0;
  const drawn = () => document.querySelectorAll(selector).length + onCanvas();
  // A layer loaded by viewport is drawn in full when the view's part of it is
  // (its status says so) and every layer loaded whole is drawn.
  const ready = () =>
    flag
      ? window[flag] === true
      : drawn() >= expected || (viewDone && document.querySelector(viewDone) !== null && drawn() >= whole);
  const poll = () =>
    requestAnimationFrame(() => {
      if (!ready()) return poll();
      window.__bench.domCompleteAt = performance.now();
      requestAnimationFrame(() => { window.__bench.readyAt = performance.now(); });
    });
  poll();
}

/** Starts recording every requestAnimationFrame timestamp. */
function startFrames() {
  const record = { stamps: [], on: true };
  window.__frames = record;
  const loop = (t) => {
    if (!record.on) return;
    record.stamps.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

function stopFrames() {
  window.__frames.on = false;
  return window.__frames.stamps;
}

// ---------------------------------------------------------------- one run

/** The box the map takes on the page, in CSS pixels. */
async function mapBox(page, selector) {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  }, selector);
}

async function drag(page, cx, cy, dx, dy) {
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let s = 1; s <= DRAG_STEPS; s++) {
    await page.mouse.move(cx + (dx * s) / DRAG_STEPS, cy + (dy * s) / DRAG_STEPS);
    await sleep(STEP_PAUSE_MS);
  }
  await page.mouse.up();
  await sleep(DRAG_SETTLE_MS);
}

/** The scripted gesture: pans, then wheel zooms in and back out, at the map's centre. */
async function gestures(page, box, viewOf) {
  // Chromium's own counters of main-thread time, read before and after the gestures.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const counters = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await counters();
  const started = performance.now();
  const cx = Math.round(box.left + box.width / 2);
  const cy = Math.round(box.top + box.height / 2);
  const directions = [[1, 0], [0, 1], [-1, 0], [0, -1]];

  await page.evaluate(startFrames);
  for (let i = 0; i < DRAGS; i++) {
    const [x, y] = directions[i % directions.length];
    await drag(page, cx, cy, x * DRAG_PX, y * DRAG_PX);
  }
  const pan = await page.evaluate(stopFrames);
  const afterPan = await viewOf();

  await page.mouse.move(cx, cy);
  await page.evaluate(startFrames);
  for (let i = 0; i < WHEELS; i++) {
    await page.mouse.wheel(0, -WHEEL_PX);
    await sleep(WHEEL_SETTLE_MS);
  }
  const zoomedIn = await viewOf();
  for (let i = 0; i < WHEELS; i++) {
    await page.mouse.wheel(0, WHEEL_PX);
    await sleep(WHEEL_SETTLE_MS);
  }
  const zoom = await page.evaluate(stopFrames);
  const end = await viewOf();
  const wall = performance.now() - started;
  const after = await counters();
  const spent = (name) => (after[name] - before[name]) * 1000;
  const main = {
    wall,
    task: spent('TaskDuration'),
    script: spent('ScriptDuration'),
    style: spent('RecalcStyleDuration'),
    layout: spent('LayoutDuration'),
  };
  return { pan: deltas(pan), zoom: deltas(zoom), views: { afterPan, zoomedIn, end }, main };
}

function deltas(stamps) {
  const out = [];
  for (let i = 1; i < stamps.length; i++) out.push(stamps[i] - stamps[i - 1]);
  return out;
}

async function waitFirstRender(page, label) {
  const deadline = Date.now() + FIRST_RENDER_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = await page.evaluate(() => ({ readyAt: window.__bench?.readyAt, error: window.benchError }));
    if (state.error) throw new Error(`${label}: the page failed: ${state.error}`);
    if (state.readyAt != null) {
      return page.evaluate(() => {
        // When the last answer the map draws (features, basemap) had fully arrived: the
        // part of the first render that is the server's and the network's, not the map's.
        // Not the report the reading panel fetches once the app runs: the map does not wait for it.
        const api = performance
          .getEntriesByType('resource')
          .filter((e) => /^\/(collections\/|api\/basemap\/)/.test(new URL(e.name).pathname));
        return { ...window.__bench, dataAt: Math.max(0, ...api.map((e) => e.responseEnd)) };
      });
    }
    await sleep(100);
  }
  const seen = await page.evaluate((sel) => document.querySelectorAll(sel).length, '[data-feature-id], path.bench-feature');
  throw new Error(
    `${label}: no full render within ${FIRST_RENDER_TIMEOUT_MS / 1000} s (${seen} features in the DOM); page errors: ${page.benchErrors?.join(' | ') || 'none'}`,
  );
}

/** Our app's view, read back from its address bar (`#map=zoom/lat/lon`). */
async function ourView(page) {
  // A glide may still be running, and the address follows the view once it settles.
  await sleep(600);
  const hash = await page.evaluate(() => location.hash);
  const m = /map=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)/.exec(hash);
  return m ? { zoom: Number(m[1]), lat: Number(m[2]), lon: Number(m[3]) } : null;
}

async function leafletView(page) {
  return page.evaluate(() => {
    const c = window.benchMap.getCenter();
    return { zoom: window.benchMap.getZoom(), lat: c.lat, lon: c.lng };
  });
}

/** Page errors and console errors, kept to explain a run that never renders. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  return errors;
}

async function runOurs(browser, ctx, { gestures: gesturesToo = true } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.benchErrors = watchErrors(page);
    await page.addInitScript(firstRenderProbe, {
      selector: '.map-svg [data-feature-id]',
      canvases: '.feature-canvas[data-painted]',
      expected: ctx.total,
      whole: ctx.whole,
      viewDone: VIEW_DONE,
    });
    await page.goto(`${ctx.atlasOrigin}/#map=${VIEW.zoom}/${VIEW.lat}/${VIEW.lon}`);
    const first = await waitFirstRender(page, 'ours');
    const box = await mapBox(page, '.map');
    if (FIRST_ONLY || !gesturesToo) return { first, box };
    const motion = await gestures(page, box, () => ourView(page));
    const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { first, box, dom, ...motion };
  } finally {
    await context.close();
  }
}

async function runLeaflet(browser, ctx, renderer, { gestures: gesturesToo = true } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.benchErrors = watchErrors(page);
    const probe = renderer === 'svg'
      ? { selector: '.leaflet-overlay-pane path.bench-feature', expected: ctx.total }
      : { flag: 'benchAllAdded' };
    await page.addInitScript(firstRenderProbe, probe);
    const q = new URLSearchParams({
      zoom: VIEW.zoom, lat: VIEW.lat, lon: VIEW.lon, renderer, wheel: OUR_WHEEL_STEP,
      left: ctx.box.left, top: ctx.box.top, width: ctx.box.width, height: ctx.box.height,
    });
    await page.goto(`${ctx.peerOrigin}/leaflet.html?${q}`);
    const first = await waitFirstRender(page, `leaflet-${renderer}`);
    const drawn = await page.evaluate(() => window.benchFeatureCount);
    if (drawn !== ctx.total) throw new Error(`leaflet-${renderer}: drew ${drawn} features, expected ${ctx.total}`);
    const box = await mapBox(page, '#map');
    if (FIRST_ONLY || !gesturesToo) return { first, box };
    const motion = await gestures(page, box, () => leafletView(page));
    const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { first, box, dom, ...motion };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- figures

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (values) => percentile(values, 50);

/** The figures of one run. */
function figures(run) {
  const all = [...run.pan, ...run.zoom];
  return {
    firstRender: run.first.readyAt,
    dataLoaded: run.first.dataAt,
    afterData: run.first.readyAt - run.first.dataAt,
    frames: all.length,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    max: Math.max(...all),
    over: all.filter((d) => d > FRAME_BUDGET_MS + JITTER_MS).length,
    panP95: percentile(run.pan, 95),
    zoomP95: percentile(run.zoom, 95),
    dom: run.dom,
    wall: run.main.wall,
    busy: run.main.task,
    script: run.main.script,
    style: run.main.style,
    layout: run.main.layout,
    other: run.main.task - run.main.script - run.main.style - run.main.layout,
  };
}

/** The median of each figure over the runs. */
function medians(runs) {
  const out = {};
  for (const key of Object.keys(runs[0])) out[key] = median(runs.map((r) => r[key]));
  return out;
}

function gzipSizes(files) {
  return files.map((file) => {
    const bytes = readFileSync(file);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

function sizes() {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run make app`);
  const ours = readdirSync(DIST)
    .filter((f) => /\.(wasm|js|css)$/.test(f))
    .map((f) => join(DIST, f));
  if (!ours.some((f) => f.endsWith('.wasm'))) throw new Error(`${DIST} has no .wasm: run make app`);
  const leaflet = ['leaflet.js', 'leaflet.css'].map((f) => join(LEAFLET_DIST, f));
  // The editor's page (dist/edit/) and the story page (dist/story/), weighed
  // apart: readers never load them.
  const pageFiles = (name) => {
    const dir = join(DIST, name);
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /\.(wasm|js|css)$/.test(f))
          .map((f) => join(dir, f))
      : [];
  };
  return {
    ours: gzipSizes(ours),
    leaflet: gzipSizes(leaflet),
    editor: gzipSizes(pageFiles('edit')),
    story: gzipSizes(pageFiles('story')),
  };
}

// ---------------------------------------------------------------- report

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const kb = (x) => `${(x / 1000).toFixed(1)} kB`;
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const mark = (ok) => (ok ? 'PASS' : 'MISS');
const viewText = (v) => (v ? `z${v.zoom.toFixed(2)} ${v.lat.toFixed(2)}°N ${v.lon.toFixed(2)}°E` : 'n/a');

function report({ machine, ctx, ours, peers, size, views }) {
  const leaflet = peers.svg;
  const speedHeader = ['figure (median of runs)', 'ours', 'Leaflet (SVG)', 'ours / Leaflet', ...(peers.canvas ? ['Leaflet (canvas)'] : []), 'goal'];
  const row = (label, key, format, goal) => [
    label,
    format(ours[key]),
    format(leaflet[key]),
    typeof ours[key] === 'number' && leaflet[key] > 0 ? ratio(ours[key], leaflet[key]) : 'n/a',
    ...(peers.canvas ? [format(peers.canvas[key])] : []),
    goal ?? '',
  ];
  const count = (x) => String(Math.round(x));
  const speed = table(speedHeader, [
    row('navigation to first full render', 'firstRender', ms, `ratio <= 1: ${mark(ours.firstRender <= leaflet.firstRender)}`),
    row('  of which: until the API data has arrived', 'dataLoaded', ms),
    row('  of which: data arrived to full render', 'afterData', ms),
    row('frame time p50', 'p50', ms),
    row('frame time p95', 'p95', ms, `<= 16.7 ms: ${mark(ours.p95 <= FRAME_BUDGET_MS + JITTER_MS)}; ratio <= 1: ${mark(ours.p95 <= leaflet.p95)}`),
    row('frame time max', 'max', ms),
    row('frame time p95, pans only', 'panP95', ms),
    row('frame time p95, zooms only', 'zoomP95', ms),
    row('frames recorded', 'frames', count),
    row('frames over 16.7 ms (+1 ms jitter)', 'over', count),
    row('wall time of the scripted gestures', 'wall', ms),
    row('renderer busy during the gestures', 'busy', ms),
    row('  of which: script (JS + wasm)', 'script', ms),
    row('  of which: style recalculation', 'style', ms),
    row('  of which: layout', 'layout', ms),
    row('  of which: other (paint, GC, ...)', 'other', ms),
    row('DOM elements after the gestures', 'dom', count),
  ]);

  const oursTotal = size.ours.reduce((s, f) => s + f.gzip, 0);
  const leafletTotal = size.leaflet.reduce((s, f) => s + f.gzip, 0);
  const sizeRows = [
    ...size.ours.map((f) => [`ours: dist/${f.file.slice(DIST.length + 1)}`, kb(f.raw), kb(f.gzip), '']),
    ['ours: total', kb(size.ours.reduce((s, f) => s + f.raw, 0)), kb(oursTotal), `< 250 kB gzip: ${mark(oursTotal < SIZE_GOAL_BYTES)}`],
    ...size.editor.map((f) => [`editor: dist/${f.file.slice(DIST.length + 1)}`, kb(f.raw), kb(f.gzip), '']),
    ...(size.editor.length
      ? [['editor: total (only /edit loads it)', kb(size.editor.reduce((s, f) => s + f.raw, 0)), kb(size.editor.reduce((s, f) => s + f.gzip, 0)), 'apart from the reader\'s goal']]
      : []),
    ...size.story.map((f) => [`story page: dist/${f.file.slice(DIST.length + 1)}`, kb(f.raw), kb(f.gzip), '']),
    ...(size.story.length
      ? [['story page: total (only /story/… loads it)', kb(size.story.reduce((s, f) => s + f.raw, 0)), kb(size.story.reduce((s, f) => s + f.gzip, 0)), 'apart from the reader\'s goal']]
      : []),
    ...size.leaflet.map((f) => [`Leaflet: ${f.file.slice(root.length + 1)}`, kb(f.raw), kb(f.gzip), '']),
    ['Leaflet: total', kb(size.leaflet.reduce((s, f) => s + f.raw, 0)), kb(leafletTotal), `ours / Leaflet = ${ratio(oursTotal, leafletTotal)}`],
  ];
  const sizeTable = table(['file', 'bytes', 'gzip -9', 'goal'], sizeRows);

  const viewRows = Object.entries(views).map(([name, v]) => [name, viewText(v.afterPan), viewText(v.zoomedIn), viewText(v.end)]);
  const viewTable = table(['map (last run)', 'after the pans', 'after 10 wheels in', 'at the end'], viewRows);

  return `# Corridor Atlas map benchmark (make bench)

- date: ${machine.date}
- commit: ${machine.commit}
- machine: ${machine.cpus} × ${machine.cpu}, ${machine.memory}, ${machine.os}; load average at start ${machine.load}
- browser: ${machine.browser} (headless, --disable-gpu), viewport ${VIEWPORT.width}×${VIEWPORT.height}, map box ${ctx.box.width}×${ctx.box.height} at (${ctx.box.left}, ${ctx.box.top})
- data: ${ctx.total} features in ${ctx.collections} collections (${DATA.slice(root.length + 1)}), served by target/release/atlas over a fresh database (the same server for both maps)
- runs: ${REPS} of each, alternating, each in a fresh browser context (cold cache); figures are medians over the runs; before them, one unmeasured load of each map, so the server is warm for all of them
- gestures: ${DRAGS} drags of ${DRAG_PX} px in ${DRAG_STEPS} steps (one per ${STEP_PAUSE_MS} ms, ${DRAG_SETTLE_MS} ms settle), then ${WHEELS} wheel notches of ${WHEEL_PX} px in and ${WHEELS} out at the centre (${WHEEL_SETTLE_MS} ms settle each); every requestAnimationFrame delta is recorded, settles included
- main thread: Chromium's Performance.getMetrics counters (TaskDuration, ScriptDuration, RecalcStyleDuration, LayoutDuration) over the gestures
- first full render: from navigation start until every feature is drawn and one more frame has passed (ours: an element per feature in \`.map-svg [data-feature-id]\`, plus the features of layers painted on canvas, counted once the canvas has painted; Leaflet SVG: one \`path\` per feature; Leaflet canvas: its own flag once every layer is added)

## Speed

${speed}

## Size

${sizeTable}

Ours is every .wasm, .js and .css in ${SOURCE_DIST.slice(root.length + 1)}/ as snapshotted at the start (index.html and the favicon excluded); Leaflet is leaflet.js + leaflet.css from npm leaflet@1.9.4. kB = 1000 bytes.

## Same gestures, same views

${viewTable}
`;
}

// ---------------------------------------------------------------- main

function machineInfo(browser) {
  return machineFacts(root, { browser: `Chromium ${browser.version()}` });
}

async function main() {
  if (!existsSync(join(DATA, 'layers'))) throw new Error(`${DATA} is missing: run node bench/make-synthetic.mjs`);
  const tmp = mkdtempSync(join(os.tmpdir(), 'atlas-bench-'));
  // Other builds may rewrite dist/ while the bench runs: serve and weigh a snapshot.
  if (!existsSync(SOURCE_DIST)) throw new Error(`${SOURCE_DIST} is missing: run make app`);
  DIST = join(tmp, 'dist');
  cpSync(SOURCE_DIST, DIST, { recursive: true });
  const size = sizes();
  let atlas;
  let peer;
  let browser;
  try {
    atlas = await startAtlas({ atlas: ATLAS, data: DATA, dist: DIST, tmp });
    peer = await startPeerServer(atlas.origin);
    const total = atlas.collections.reduce((s, c) => s + (c.numberOfFeatures ?? 0), 0);
    const whole = atlas.collections
      .filter((c) => !loadsByView(c.numberOfFeatures ?? 0))
      .reduce((s, c) => s + (c.numberOfFeatures ?? 0), 0);
    log(`atlas on ${atlas.origin}, Leaflet page on ${peer.origin}, ${total} features`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const machine = machineInfo(browser);
    const ctx = { atlasOrigin: atlas.origin, peerOrigin: peer.origin, total, whole, collections: atlas.collections.length, box: null };

    await warmUp(browser, ctx);
    if (FIRST_ONLY) return await firstRenders(browser, ctx);
    const runs = { ours: [], svg: [], canvas: [] };
    const views = {};
    for (let rep = 1; rep <= REPS; rep++) {
      const ours = await runOurs(browser, ctx);
      ctx.box ??= ours.box;
      runs.ours.push(figures(ours));
      views.ours = ours.views;
      log(`run ${rep}/${REPS} ours: first render ${ms(ours.first.readyAt)}, p95 ${ms(runs.ours.at(-1).p95)}`);
      const renderers = CANVAS ? ['svg', 'canvas'] : ['svg'];
      for (const renderer of renderers) {
        const leaflet = await runLeaflet(browser, ctx, renderer);
        runs[renderer].push(figures(leaflet));
        views[`Leaflet (${renderer})`] = leaflet.views;
        log(`run ${rep}/${REPS} leaflet-${renderer}: first render ${ms(leaflet.first.readyAt)}, p95 ${ms(runs[renderer].at(-1).p95)}`);
      }
    }
    const text = report({
      machine,
      ctx,
      ours: medians(runs.ours),
      peers: { svg: medians(runs.svg), canvas: CANVAS ? medians(runs.canvas) : null },
      size,
      views,
    });
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, text);
    writeFileSync(REPORT.replace(/\.md$/, '.json'), `${JSON.stringify({ machine, runs, size }, null, 2)}\n`);
    console.log(text);
    log(`written to ${REPORT.slice(root.length + 1)}`);
  } finally {
    await browser?.close().catch(() => {});
    peer?.server.close();
    if (atlas) {
      atlas.child.kill('SIGTERM');
      await new Promise((ok) => (atlas.child.exitCode !== null ? ok() : atlas.child.once('exit', ok)));
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * One unmeasured load of each map. Our map always runs first in a round, so
 * without this only its first run would pay for the fresh server's cold start
 * (answers not yet cached or compressed, SQLite's pages not yet read).
 */
async function warmUp(browser, ctx) {
  const ours = await runOurs(browser, ctx, { gestures: false });
  ctx.box ??= ours.box;
  await runLeaflet(browser, ctx, 'svg', { gestures: false });
  log(`warm-up: ours ${ms(ours.first.readyAt)}`);
}

/** `--first-render-only`: each map's first render, alternating, and their medians on stdout. */
async function firstRenders(browser, ctx) {
  const runs = { ours: [], svg: [] };
  for (let rep = 1; rep <= REPS; rep++) {
    const ours = await runOurs(browser, ctx);
    ctx.box ??= ours.box;
    runs.ours.push(ours.first);
    runs.svg.push((await runLeaflet(browser, ctx, 'svg')).first);
    log(`run ${rep}/${REPS}: ours ${ms(ours.first.readyAt)} (data ${ms(ours.first.dataAt)}), leaflet-svg ${ms(runs.svg.at(-1).readyAt)} (data ${ms(runs.svg.at(-1).dataAt)})`);
  }
  const at = (list, key) => median(list.map((f) => f[key]));
  const [ours, svg] = [at(runs.ours, 'readyAt'), at(runs.svg, 'readyAt')];
  console.log(`first render, median of ${REPS}: ours ${ms(ours)}, Leaflet SVG ${ms(svg)}, ratio ${(ours / svg).toFixed(2)}`);
}

main().catch((error) => {
  console.error(`bench: error: ${error.stack ?? error}`);
  process.exit(1);
});
