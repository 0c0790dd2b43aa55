// Offline (public/sw.js, served stamped at /sw.js): once a page has been
// opened, the app, the basemap and the API answers keep working without a network.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

/** Waits until the service worker has installed, kept what it keeps, and serves the page. */
async function servedByWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('with the network cut after the first visit, the reader map still renders', async ({ page, context }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/41.0/48.0');
  await servedByWorker(page);
  await context.setOffline(true);
  try {
    const answer = await page.reload();
    expect(answer.fromServiceWorker()).toBe(true);
    await expect(page.locator('.map-svg .country').first()).toBeAttached();
    await expect(atlas.feature('baku-tbilisi-kars-railway')).toBeAttached();
    await expect(page.locator('.status-message.error')).toHaveCount(0);
    // Another view of the map, opened for the first time offline, works too.
    await page.goto('/#map=6/40.4/49.9&feature=alat-free-economic-zone');
    await expect(page.locator('.popup h2')).toBeVisible();
    // The report, never opened online, was kept when the worker installed.
    await page.getByRole('button', { name: 'Read the report' }).click();
    await expect(page.locator('aside.reader .report-head h2')).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test('the worker is versioned by the build: one cache, named by its version', async ({ page, request }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await servedByWorker(page);
  const worker = await request.get('/sw.js');
  expect(worker.headers()['cache-control']).toBe('no-cache');
  expect(worker.headers()['service-worker-allowed']).toBe('/');
  const version = (await worker.text()).match(/const BUILD = '([0-9a-f]{16})';/)[1];
  const caches = await page.evaluate(() => caches.keys());
  expect(caches).toEqual([`atlas-${version}`]);
});

/** The paths the worker's cache holds. */
const keptPaths = (page) =>
  page.evaluate(async () => {
    const [name] = await caches.keys();
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });

test('the stories and the reports their steps quote are kept once any page has been opened', async ({ page, context }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await servedByWorker(page);
  const { stories } = await (await page.request.get('/api/stories')).json();
  expect(stories.length).toBeGreaterThan(0);
  await context.setOffline(true);
  try {
    for (const { id } of stories) {
      const kept = await page.evaluate(async (id) => {
        const story = await (await fetch(`/api/stories/${id}`)).json();
        const reports = [...new Set(story.steps.filter((s) => s.passage).map((s) => s.passage.report))];
        const answers = await Promise.all(reports.map((r) => fetch(`/api/reports/${r}`).then((a) => a.ok)));
        return { steps: story.steps.length, reports: answers };
      }, id);
      expect(kept.steps).toBeGreaterThan(0);
      expect(kept.reports.every(Boolean)).toBe(true);
    }
  } finally {
    await context.setOffline(false);
  }
});

test("a reader's first visit keeps none of a presenter's files; a story opened once keeps the story page", async ({ page, context }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await servedByWorker(page);
  // The story page's build and the detailed world (some 500 kB) are not downloaded for a reader.
  const kept = await keptPaths(page);
  expect(kept).toContain('/api/basemap/countries-110m');
  expect(kept).not.toContain('/api/basemap/countries');
  expect(kept.filter((path) => path.startsWith('/story/'))).toEqual([]);
  const { stories } = await (await page.request.get('/api/stories')).json();
  await page.goto(`/story/${stories[0].id}/1`);
  await expect(page.locator('.story-player[data-step="1"]')).toBeVisible();
  await context.setOffline(true);
  try {
    // Another step's address, never opened, is the story page from the worker.
    const answer = await page.goto(`/story/${stories[0].id}/2`);
    expect(answer.fromServiceWorker()).toBe(true);
    await expect(page.locator('.story-player[data-step="2"]')).toBeVisible();
    await expect(page.locator('.map-svg .country').first()).toBeAttached();
  } finally {
    await context.setOffline(false);
  }
});

test('a story opened once plays with the network cut, and says when it is kept for offline use', async ({ page, context }) => {
  await page.goto('/story/middle-corridor-in-six-steps/1');
  await expect(page.locator('.story-player[data-step="1"]')).toBeVisible();
  await servedByWorker(page);
  // Installed from a story: the story page's build and the detailed world are kept at once.
  const kept = await keptPaths(page);
  expect(kept).toContain('/api/basemap/countries');
  expect(kept).toContain('/story/index.html');
  const save = page.getByRole('button', { name: 'Make this story available offline' });
  await save.click();
  await expect(page.locator('.offline-status[data-state="done"]')).toContainText('Available offline');
  await context.setOffline(true);
  try {
    const answer = await page.reload();
    expect(answer.fromServiceWorker()).toBe(true);
    await expect(page.locator('.story-player[data-step="1"]')).toBeVisible();
    await expect(page.locator('.map-svg .country').first()).toBeAttached();
    for (const step of [2, 3, 4, 5, 6]) {
      await page.keyboard.press('ArrowRight');
      await expect(page.locator(`.story-player[data-step="${step}"]`)).toBeVisible();
      await expect(page.locator('.story-step-title')).not.toBeEmpty();
      await expect(page.locator('.status-message.error')).toHaveCount(0);
    }
    expect(new URL(page.url()).pathname).toBe('/story/middle-corridor-in-six-steps/6');
  } finally {
    await context.setOffline(false);
  }
});
