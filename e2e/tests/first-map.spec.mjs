// The map before the wasm (server/src/first_map): the page itself carries the
// first view as SVG, so with JavaScript off the map and a linked feature's
// text are there; with it on, the app's map takes the drawing's place.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Every feature id of the layers the first view draws (those the app keeps in SVG). */
async function curatedIds(request) {
  const { collections } = await (await request.get('/collections')).json();
  const ids = [];
  for (const c of collections.filter((c) => c.numberOfFeatures > 0 && c.numberOfFeatures <= 2000)) {
    const items = await (await request.get(`/collections/${c.id}/items?limit=10000`)).json();
    ids.push(...items.features.map((f) => f.id));
  }
  return ids;
}

const within = (inner, outer) =>
  inner.x >= outer.x - 1 && inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the page shows the map with every feature of the first view', async ({ page, request }) => {
    await page.goto('/');
    const svg = page.locator('#first-map svg.first-map-svg');
    await expect(svg).toBeVisible();
    expect(await svg.locator('.country').count()).toBeGreaterThan(20);
    const drawn = await svg.locator('[data-feature-id]').evaluateAll((els) => els.map((e) => e.dataset.featureId));
    const expected = await curatedIds(request);
    expect(expected.length).toBeGreaterThan(20);
    expect(new Set(drawn)).toEqual(new Set(expected));
    // Sites land inside the map, placed by the app's own stylesheet.
    const view = await page.locator('.first-map-view').boundingBox();
    for (const id of ['xian', 'baku', 'brussels']) {
      const site = await svg.locator(`[data-feature-id="${id}"] .symbol`).boundingBox();
      expect(within(site, view), `${id} in view`).toBe(true);
    }
  });

  test('a feature link shows the feature and its text, quoted and attributed', async ({ page }) => {
    await page.goto('/?feature=baku-tbilisi-kars-railway');
    await expect(page.locator('#first-map svg [data-feature-id="baku-tbilisi-kars-railway"]')).toHaveClass(/selected/);
    const text = page.locator('.first-map-feature');
    await expect(text.getByRole('heading', { level: 2 })).toHaveText(/Baku.Tbilisi.Kars railway/);
    await expect(text.locator('.kind-status')).toContainText('Railway');
    await expect(text.locator('blockquote').first()).toBeVisible();
    await expect(text.locator('figcaption').first()).toContainText(',');
  });

  for (const [width, height] of [[1024, 768], [390, 844]]) {
    for (const colorScheme of ['light', 'dark']) {
      test(`screenshot without JavaScript at ${width}x${height}, ${colorScheme}`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        await page.goto('/?feature=baku');
        await expect(page.locator('.first-map-feature')).toBeVisible();
        fs.mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: path.join(artifacts, `first-map-nojs-${width}-${colorScheme}.png`) });
      });
    }
  }
});

test('with JavaScript the app takes the drawing’s place and opens the linked feature', async ({ page }) => {
  await page.goto('/?feature=baku');
  await expect(page.locator('.map-svg [data-feature-id="baku"]')).toBeAttached();
  await expect(page.locator('#first-map')).toHaveCount(0);
  await expect(page.getByRole('dialog').getByRole('heading', { level: 2 })).toHaveText('Baku');
  // The app writes the selection where the server reads it, as well as in the hash.
  await expect(page).toHaveURL(/\/\?feature=baku#.*feature=baku/);
  await page.locator('.map-svg [data-feature-id="tbilisi"]').dispatchEvent('click');
  await expect(page).toHaveURL(/\/\?feature=tbilisi#/);
  for (const [width, height] of [[1024, 768], [390, 844]]) {
    for (const colorScheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await page.goto('/?feature=baku');
      await expect(page.getByRole('dialog').getByRole('heading', { level: 2 })).toHaveText('Baku');
      await expect(page.locator('#first-map')).toHaveCount(0);
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, `first-map-app-${width}-${colorScheme}.png`) });
    }
  }
});

test('the map shows the server\'s countries until its own have loaded, where its own will be', async ({ page }) => {
  // The light world held back: the app's map is up before it.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/basemap/countries-110m', async (route) => {
    await held;
    await route.continue();
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.locator('#first-map')).toHaveCount(0);
  const drawn = page.locator('.map-svg .first-basemap path.country');
  expect(await drawn.count()).toBeGreaterThan(20);
  const box = async (scope) => page.locator(`.map-svg ${scope} path.country`, { has: page.locator('title', { hasText: /^Azerbaijan$/ }) }).boundingBox();
  const standIn = await box('.first-basemap');
  release();
  await expect(page.locator('.map-svg .first-basemap')).toHaveCount(0);
  const own = await box('.basemap');
  // The same country, drawn by the server in its frame and by the app in its own: one place on screen.
  for (const key of ['x', 'y', 'width', 'height']) expect(Math.abs(standIn[key] - own[key])).toBeLessThan(2);
});

test('the first view draws the light world; the detailed one comes with a close zoom', async ({ page }) => {
  const basemaps = [];
  page.on('request', (r) => {
    const m = /\/api\/basemap\/([a-z0-9-]+)/.exec(r.url());
    if (m) basemaps.push(m[1]);
  });
  await page.goto('/');
  await expect(page.locator('.map-svg .country').first()).toBeAttached();
  await expect(page.locator('#first-map')).toHaveCount(0);
  expect(basemaps).toContain('countries-110m');
  expect(basemaps).not.toContain('countries');
  const light = await page.locator('.map-svg .country').count();
  await page.goto('/#map=6/41.5/45');
  await expect.poll(() => basemaps.includes('countries')).toBe(true);
  // The 1:50m world has the small countries 1:110m leaves out.
  await expect.poll(() => page.locator('.map-svg .country').count()).toBeGreaterThan(light);
});
