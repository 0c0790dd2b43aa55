// The static edition (`atlas export-site`) on a plain static file server, with
// no fallback page and no query strings: Python's http.server. Readers and
// presenters get the map, popups with passages, search, stories and offline
// use; no request the app makes may fail.
import { test, expect } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasPage, root } from '../pages/atlas-page.mjs';
import { storyFile, SHIPPED } from '../pages/story-page.mjs';

const REPORT = 'azerbaijan-china-partnership-2025';
const BTK = 'baku-tbilisi-kars-railway';
// One past the atlas server's port: the port range given to this suite.
const port = Number(process.env.E2E_STATIC_PORT ?? Number(process.env.E2E_PORT ?? 8091) + 1);
const base = `http://127.0.0.1:${port}`;

let scratch;
let server;
let serverLog = '';

test.beforeAll(async () => {
  // An unoptimized build compresses every file of the edition at the highest quality.
  test.setTimeout(300_000);
  fs.mkdirSync(path.join(root, 'var'), { recursive: true });
  scratch = fs.mkdtempSync(path.join(root, 'var', 'static-edition-'));
  const atlas = path.join(root, 'target', 'debug', 'atlas');
  const db = path.join(scratch, 'atlas.sqlite');
  const site = path.join(scratch, 'site');
  execFileSync(atlas, ['import', '--db', db, '--data', path.join(root, 'data')], { stdio: 'pipe' });
  execFileSync(
    atlas,
    ['export-site', '--db', db, '--data', path.join(root, 'data'), '--dist', path.join(root, 'dist'), site],
    { stdio: 'pipe' },
  );
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr.on('data', (d) => (serverLog += d));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/index.html`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the static server did not start: ${serverLog}`);
});

test.afterAll(() => {
  server?.kill();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Collects every failed request and console error of `page`; `check()` asserts there were none. */
function watchFailures(page) {
  const failures = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // A navigation (a reload) cancels what the page still loads: no failure of the edition.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  return { check: () => expect(failures).toEqual([]) };
}

test('the page arrives with the map drawn, and the app draws every layer from files', async ({ page }) => {
  const failures = watchFailures(page);
  const html = await (await page.request.get(`${base}/`)).text();
  expect(html).toContain('<meta name="atlas-edition" content="static">');
  expect(html).toContain('<svg class="first-map-svg');
  const atlas = new AtlasPage(page);
  await page.goto(`${base}/`);
  await expect(page.locator('.map-svg .country').first()).toBeAttached();
  await expect(atlas.feature(BTK)).toBeAttached();
  await expect(page.locator('.status-message.error')).toHaveCount(0);
  failures.check();
});

test('a popup shows its passage, and the passage opens in the reader', async ({ page }) => {
  const failures = watchFailures(page);
  const atlas = new AtlasPage(page);
  await page.goto(`${base}/`);
  await expect(atlas.feature(BTK)).toBeAttached();
  await atlas.showSouthCaucasus();
  await atlas.clickLine(BTK, 0.35);
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText(/Baku.Tbilisi.Kars railway/);
  const link = atlas.popup.locator('a.passage-link').first();
  await expect(link).toHaveAttribute('href', /background-4$/);
  await link.click();
  const passage = page.locator('#passage-background-4');
  await expect(passage).toBeInViewport();
  await expect(passage).toContainText('Baku-Tbilisi-Kars');
  await expect(atlas.reader).toContainText('Matteo Meloni');
  failures.check();
});

test('search finds a place and a passage from the edition index', async ({ page }) => {
  const failures = watchFailures(page);
  await page.goto(`${base}/`);
  const box = page.getByRole('combobox', { name: 'Search places and projects' });
  await box.fill('offshore wind');
  const site = page.locator('.search-results li.hit-place[data-result="caspian-offshore-wind-2gw"]');
  const passage = page.locator(`.search-results li.hit-passage[data-result="${REPORT}/background-3"]`);
  await expect(site).toBeVisible();
  await expect(passage).toBeVisible();
  await expect(passage.locator('mark').first()).toHaveText(/offshore/i);
  await passage.click();
  await expect(page.locator('#passage-background-3')).toHaveClass(/highlight/);
  failures.check();
});

test('a story plays through its steps from its own address', async ({ page }) => {
  const failures = watchFailures(page);
  const story = storyFile();
  await page.goto(`${base}/story/${SHIPPED}/1`);
  const player = page.locator('.story-player');
  await expect(player).toHaveAttribute('data-step', '1');
  await expect(page.locator('.story-step-title')).toHaveText(story.steps[0].title);
  for (let n = 2; n <= story.steps.length; n++) {
    await page.keyboard.press('ArrowRight');
    await expect(player).toHaveAttribute('data-step', String(n));
    await expect(page.locator('.story-step-title')).toHaveText(story.steps[n - 1].title);
  }
  // A step's address, reloaded, is found on a server without a fallback.
  await page.reload();
  await expect(player).toHaveAttribute('data-step', String(story.steps.length));
  failures.check();
});

test('once opened, the edition works with the network cut', async ({ page, context }) => {
  const atlas = new AtlasPage(page);
  await page.goto(`${base}/`);
  await expect(atlas.feature(BTK)).toBeAttached();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.locator('.map-svg .country').first()).toBeAttached();
    await expect(atlas.feature(BTK)).toBeAttached();
    await page.getByRole('button', { name: 'Read the report' }).click();
    await expect(page.locator('aside.reader .report-head h2')).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test("a story's pages are the story page's build, and play with the network cut once the edition was opened", async ({ page, context }) => {
  const html = await (await page.request.get(`${base}/story/${SHIPPED}/3/`)).text();
  expect(html).toContain('<meta name="atlas-edition" content="static">');
  expect(html).toMatch(/\/story\/atlas-story-[0-9a-f]+_bg\.wasm/);
  expect(html).not.toContain('atlas-app-');
  const atlas = new AtlasPage(page);
  await page.goto(`${base}/`);
  await expect(atlas.feature(BTK)).toBeAttached();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  try {
    // Never opened online: the worker kept the story page and its build when it installed.
    await page.goto(`${base}/story/${SHIPPED}/3`);
    await expect(page.locator('.story-player')).toHaveAttribute('data-step', '3');
    await expect(page.locator('.map-svg .country').first()).toBeAttached();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.story-player')).toHaveAttribute('data-step', '4');
    await expect(page.locator('.status-message.error')).toHaveCount(0);
  } finally {
    await context.setOffline(false);
  }
});

test('the static server was asked for nothing it did not have', async () => {
  const missing = serverLog.split('\n').filter((line) => / 404 /.test(line));
  expect(missing).toEqual([]);
});

for (const [name, viewport] of [
  ['desktop', { width: 1024, height: 768 }],
  ['phone', { width: 390, height: 844 }],
]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`the edition looks right: ${name}, ${colorScheme}`, async ({ browser }) => {
      const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const failures = watchFailures(page);
      await page.goto(`${base}/#feature=${BTK}`);
      await expect(page.locator(`.map-svg [data-feature-id="${BTK}"]`)).toHaveClass(/selected/);
      const dir = path.join(root, 'e2e', 'artifacts');
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `static-edition-${name}-${colorScheme}.png`) });
      await page.goto(`${base}/story/${SHIPPED}/2`);
      await expect(page.locator('.story-player')).toHaveAttribute('data-step', '2');
      await page.screenshot({ path: path.join(dir, `static-edition-story-${name}-${colorScheme}.png`) });
      failures.check();
      await context.close();
    });
  }
}
