// A reader's first visit over a slow mobile network, ours beside Leaflet 1.9.4
// (bench/leaflet.html) on the same data from the same server, in one run:
// Chromium throttled as a mid-range phone on slow 4G (1.6 Mbit/s down, 150 ms
// round trip, CPU slowed 4x through CDP), a fresh context (an empty cache) for every visit, a
// 390 × 844 phone screen. Two data sets: the shipped data/, and the same with a
// synthetic layer of 100,000 points added (bench/make-synthetic.mjs), which our
// app loads by viewport and Leaflet loads whole (with its canvas renderer: SVG
// cannot hold 100,000 markers). Per map it reports the first paint of the map
// (ours: the server-drawn SVG in the page; Leaflet: its first frame with the
// basemap), the first full render (ours: every layer loaded whole drawn and
// the view's part of the big layer; Leaflet: every feature added) and the
// bytes over the wire by kind, as sent (br/gzip). Medians go to stdout and to
// var/bench/slow-first-visit.md.
//
// Usage: node bench/slow-first-visit.mjs [--reps 5] [--big var/bench-data-100k] [--dist dist] [--atlas target/release/atlas]
//   --big none  skips the second data set.

import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { VIEW_DONE, loadsByView, machineFacts, table } from './common.mjs';
import { startAtlas, startPeerServer } from './servers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const REPS = Number(option('--reps', 5));
const BIG = option('--big', 'var/bench-data-100k');
const SOURCE_DIST = resolve(root, option('--dist', 'dist'));
const ATLAS = resolve(root, option('--atlas', 'target/release/atlas'));
const REPORT = join(root, 'var', 'bench', 'slow-first-visit.md');
const DOWN_BYTES_PER_S = (1.6 * 1e6) / 8;
const UP_BYTES_PER_S = (0.75 * 1e6) / 8;
const RTT_MS = 150;
const CPU_SLOWDOWN = 4;
const SCREEN = { width: 390, height: 844 };
const TIMEOUT_MS = 600_000;
const KINDS = ['page', 'app', 'data', 'basemap'];
const log = (...parts) => console.error('slow-first-visit:', ...parts);

/** The kind of a request, for the bytes table: the page, the map program, the layers, the basemap. */
function kindOf(url) {
  const { pathname } = new URL(url);
  if (pathname.startsWith('/api/basemap/')) return 'basemap';
  if (/\.(wasm|js|css|svg)$/.test(pathname)) return 'app';
  if (pathname.startsWith('/collections') || pathname.startsWith('/api/')) return 'data';
  return 'page';
}

/**
 * Runs before any page script: polls once per frame until `ready()` holds and
 * records performance.now() a frame later (the frame that drew it was painted).
 */
function probe({ selector, canvases, whole, viewDone, byView, flag, firstFlag }) {
  window.__visit = { firstAt: null, readyAt: null };
  const drawn = () =>
    document.querySelectorAll(selector).length +
    [...document.querySelectorAll(canvases)].reduce((n, c) => n + Number(c.dataset.features ?? 0), 0);
  const ready = () =>
    flag ? window[flag] === true : drawn() >= whole && (!byView || document.querySelector(viewDone) !== null);
  const poll = () =>
    requestAnimationFrame(() => {
      if (firstFlag && window.__visit.firstAt === null && window[firstFlag] === true) {
        requestAnimationFrame(() => { window.__visit.firstAt ??= performance.now(); });
      }
      if (!ready()) return poll();
      requestAnimationFrame(() => { window.__visit.readyAt = performance.now(); });
    });
  poll();
}

/** A fresh throttled page, and the bytes its requests bring in by kind. */
async function throttledPage(browser) {
  const context = await browser.newContext({ viewport: SCREEN, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // No `Network.setCacheDisabled`: each visit is a new browser context, whose
  // cache starts empty as a first visit's does. Disabling the cache also made
  // Chromium fetch again, in full, every answer the page had preloaded (it
  // revalidates a preloaded copy marked stale-while-revalidate), which no
  // phone does.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: DOWN_BYTES_PER_S,
    uploadThroughput: UP_BYTES_PER_S,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  // Chromium offers brotli only over HTTPS; these servers speak plain HTTP on
  // loopback, so ask for it as a phone on the real (HTTPS) site would.
  await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'br, gzip' } });
  const urls = new Map();
  const bytes = Object.fromEntries(KINDS.map((k) => [k, 0]));
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (url) bytes[kindOf(url)] += e.encodedDataLength;
  });
  return { context, page, bytes };
}

/** Waits for the probe's full render; throws with the page's errors if it never comes. */
async function waitReady(page, name) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.waitForFunction(() => window.__visit?.readyAt !== null, null, { timeout: TIMEOUT_MS, polling: 500 });
  } catch (e) {
    throw new Error(`${name}: no full render within ${TIMEOUT_MS / 1000} s (${errors.join('; ') || e.message})`);
  }
  return page.evaluate(() => window.__visit);
}

async function visitOurs(browser, set) {
  const { context, page, bytes } = await throttledPage(browser);
  try {
    await page.addInitScript(probe, {
      selector: '.map-svg [data-feature-id]',
      canvases: '.feature-canvas[data-painted]',
      whole: set.whole,
      byView: set.byView,
      viewDone: VIEW_DONE,
    });
    await page.goto(`${set.atlas}/`, { waitUntil: 'commit' });
    const { readyAt } = await waitReady(page, 'ours');
    await page.waitForLoadState('networkidle');
    const firstPaint = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    const view = await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('map'));
    const box = await page.locator('.map').boundingBox();
    return { firstPaint, fullRender: readyAt, bytes: { ...bytes }, view, box };
  } finally {
    await context.close();
  }
}

async function visitLeaflet(browser, set, view, box) {
  const { context, page, bytes } = await throttledPage(browser);
  try {
    await page.addInitScript(probe, { flag: 'benchAllAdded', firstFlag: 'benchBasemapAdded' });
    const [zoom, lat, lon] = (view ?? '5/42/52').split('/');
    const q = new URLSearchParams({
      zoom, lat, lon, renderer: set.byView ? 'canvas' : 'svg',
      left: box.x, top: box.y, width: box.width, height: box.height,
    });
    await page.goto(`${set.peer}/leaflet.html?${q}`, { waitUntil: 'commit' });
    const { firstAt, readyAt } = await waitReady(page, 'leaflet');
    await page.waitForLoadState('networkidle');
    return { firstPaint: firstAt, fullRender: readyAt, bytes: { ...bytes } };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const known = xs.filter((x) => x !== null && x !== undefined);
  return known.length ? [...known].sort((a, b) => a - b)[Math.floor(known.length / 2)] : null;
};
const ms = (x) => (x === null ? 'n/a' : `${Math.round(x)}`);
const kB = (n) => (n / 1000).toFixed(1);

/** One data set: its servers, REPS visits of each map (alternating), the medians. */
async function measure(browser, name, data, dist) {
  const tmp = mkdtempSync(join(os.tmpdir(), 'atlas-slow-'));
  let atlas;
  let peer;
  try {
    atlas = await startAtlas({ atlas: ATLAS, data, dist, tmp });
    peer = await startPeerServer(atlas.origin);
    const counts = atlas.collections.map((c) => c.numberOfFeatures ?? 0);
    const set = {
      atlas: atlas.origin,
      peer: peer.origin,
      whole: counts.filter((n) => !loadsByView(n)).reduce((a, b) => a + b, 0),
      byView: counts.some(loadsByView),
      total: counts.reduce((a, b) => a + b, 0),
    };
    log(`${name}: ${set.total} features, atlas on ${set.atlas}, Leaflet page on ${set.peer}`);
    // Warm the fresh server (its first map, each layer's index) so no visit pays for its cold start.
    await fetch(`${set.atlas}/`, { headers: { accept: 'text/html' } }).then((r) => r.arrayBuffer());
    for (const c of atlas.collections) {
      await fetch(`${set.atlas}/collections/${c.id}/items?limit=10000`).then((r) => r.arrayBuffer());
    }
    const ours = [];
    const leaflet = [];
    for (let i = 0; i < REPS; i++) {
      const o = await visitOurs(browser, set);
      ours.push(o);
      log(`${name} ours #${i + 1}: first paint ${ms(o.firstPaint)} ms, full render ${ms(o.fullRender)} ms`);
      const l = await visitLeaflet(browser, set, o.view, o.box);
      leaflet.push(l);
      log(`${name} Leaflet #${i + 1}: first paint ${ms(l.firstPaint)} ms, full render ${ms(l.fullRender)} ms`);
    }
    const row = (map, runs) => {
      const byKind = KINDS.map((k) => median(runs.map((r) => r.bytes[k])));
      const total = median(runs.map((r) => KINDS.reduce((s, k) => s + r.bytes[k], 0)));
      return [name, map, ms(median(runs.map((r) => r.firstPaint))), ms(median(runs.map((r) => r.fullRender))), ...byKind.map(kB), kB(total)];
    };
    return { rows: [row('ours', ours), row(set.byView ? 'Leaflet (canvas)' : 'Leaflet (SVG)', leaflet)], total: set.total };
  } finally {
    peer?.server.close();
    atlas?.child.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(SOURCE_DIST)) throw new Error(`${SOURCE_DIST} is missing: run make app`);
  const snapshot = mkdtempSync(join(os.tmpdir(), 'atlas-slow-dist-'));
  cpSync(SOURCE_DIST, snapshot, { recursive: true });
  const sets = [['shipped data', join(root, 'data')]];
  if (BIG !== 'none') {
    const big = resolve(root, BIG);
    if (!existsSync(join(big, 'layers'))) {
      throw new Error(`${big} is missing: run node bench/make-synthetic.mjs ${BIG} --points 100000 --lines 0`);
    }
    sets.push(['with the big layer', big]);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const rows = [];
  const totals = [];
  try {
    for (const [name, data] of sets) {
      const result = await measure(browser, name, data, snapshot);
      rows.push(...result.rows);
      totals.push(`${name}: ${result.total} features`);
    }
  } finally {
    await browser.close();
    rmSync(snapshot, { recursive: true, force: true });
  }
  const header = ['data', 'map', 'first map paint ms', 'first full render ms', 'page kB', 'app kB', 'data kB', 'basemap kB', 'total kB'];
  const facts = machineFacts(root, { chromium: browser.version?.() ?? 'Chromium' });
  const report = `# A first visit on a slow phone network (bench/slow-first-visit.mjs)

${table(header, rows)}

- network: ${DOWN_BYTES_PER_S * 8 / 1e6} Mbit/s down, ${UP_BYTES_PER_S * 8 / 1e6} Mbit/s up, ${RTT_MS} ms round trip; CPU slowed ${CPU_SLOWDOWN}x; ${SCREEN.width} × ${SCREEN.height} screen; a fresh cache each visit; median of ${REPS} visits per map, ours and Leaflet alternating
- data: ${totals.join('; ')}; the same atlas server (${ATLAS.slice(root.length + 1)}) answers both maps; Leaflet's own files are sent as brotli too
- first map paint: ours is the first contentful paint, the server-drawn map in the page; Leaflet's is the frame after it added its basemap
- first full render: ours when every layer loaded whole is drawn and the view's part of a layer loaded by viewport is (its status says complete or part); Leaflet's when it has added every feature
- bytes as sent over the wire (compressed), by kind: page (HTML), app (wasm, JS, CSS, icons; Leaflet's JS and CSS), data (/collections, /api/), basemap (/api/basemap/); kB = 1000 bytes
- machine: ${facts.cpus} × ${facts.cpu}, ${facts.memory}, load ${facts.load}; ${facts.os}; commit ${facts.commit}; ${facts.date}
`;
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, report);
  console.log(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
