// A reader's first visit over a slow mobile network, on a running server:
// Chromium throttled as a mid-range phone on slow 4G (1.6 Mbit/s down,
// 150 ms round trip, CPU slowed 4x), a fresh cache each run. Reports, per run,
// the first paint (with the server-drawn map, the map itself), the first full
// render of the app's map (the first SVG feature drawn by the app) and the
// bytes over the wire by kind (page, app, data, basemap), as sent (br/gzip).
//
// Usage: node bench/slow-first-visit.mjs --base http://127.0.0.1:8080 [--path /] [--reps 3]
// The server must already run (`atlas serve`); this script starts none.

import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const BASE = option('--base', 'http://127.0.0.1:8080');
const PATH = option('--path', '/');
const REPS = Number(option('--reps', 3));
const DOWN_BYTES_PER_S = (1.6 * 1e6) / 8;
const UP_BYTES_PER_S = (0.75 * 1e6) / 8;
const RTT_MS = 150;
const CPU_SLOWDOWN = 4;

/** The kind of a request, for the bytes table. */
function kindOf(url) {
  const { pathname } = new URL(url);
  if (pathname.startsWith('/api/basemap/')) return 'basemap';
  if (/\.(wasm|js|css|svg)$/.test(pathname)) return 'app';
  if (pathname.startsWith('/collections') || pathname.startsWith('/api/')) return 'data';
  return 'page';
}

async function visit(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: DOWN_BYTES_PER_S,
    uploadThroughput: UP_BYTES_PER_S,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const urls = new Map();
  const bytes = { page: 0, app: 0, data: 0, basemap: 0 };
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (url) bytes[kindOf(url)] += e.encodedDataLength;
  });
  const start = Date.now();
  await page.goto(BASE + PATH, { waitUntil: 'commit' });
  await page.locator('.map-svg [data-feature-id]').first().waitFor({ state: 'attached', timeout: 120_000 });
  const fullRender = Date.now() - start;
  // Let the requests the first view makes finish before the bytes are counted.
  await page.waitForLoadState('networkidle');
  const firstPaint = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  );
  await context.close();
  return { firstPaint: Math.round(firstPaint), fullRender, bytes };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic'],
});
const runs = [];
for (let i = 0; i < REPS; i++) runs.push(await visit(browser));
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kB = (n) => (n / 1000).toFixed(1);
console.log(`${BASE}${PATH}, 1.6 Mbit/s down, ${RTT_MS} ms RTT, CPU /${CPU_SLOWDOWN}, ${REPS} runs (median)`);
console.log(`first paint (the server-drawn map): ${median(runs.map((r) => r.firstPaint))} ms`);
console.log(`first full render of the app's map: ${median(runs.map((r) => r.fullRender))} ms`);
for (const kind of ['page', 'app', 'data', 'basemap']) {
  console.log(`${kind.padEnd(8)} ${kB(median(runs.map((r) => r.bytes[kind])))} kB`);
}
const total = runs.map((r) => Object.values(r.bytes).reduce((a, b) => a + b, 0));
console.log(`total    ${kB(median(total))} kB`);
