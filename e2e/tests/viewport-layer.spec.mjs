// A layer past a few thousand features loads by viewport (app/src/viewport_layers.rs):
// the first view asks only for its own squares with `bbox` requests, a pan asks for
// the squares it newly shows, and what comes there is drawn, hit and found.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startAtlas, copyOfData } from '../support/atlas-server.mjs';

let server;
/** A 200 × 30 grid of wind farms from Arabia to India, where the curated layers have nothing: 6,000 features, past the by-view threshold. */
const COLUMNS = 200;
const ROWS = 30;
const TOTAL = COLUMNS * ROWS;
const at = (i, j) => [Number((40 + i * 0.2).toFixed(6)), Number((20 + j * 0.2).toFixed(6))];
const idOf = (i, j) => `farm-${String(i).padStart(3, '0')}-${String(j).padStart(2, '0')}`;

test.beforeAll(async () => {
  const data = copyOfData();
  const features = [];
  for (let i = 0; i < COLUMNS; i++) {
    for (let j = 0; j < ROWS; j++) {
      const id = idOf(i, j);
      features.push({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: at(i, j) },
        properties: {
          id,
          name: `Wind farm ${i}/${j}`,
          kind: 'wind',
          status: 'operating',
          sources: [{ title: 'Test farms', url: 'https://example.org/farms' }],
        },
      });
    }
  }
  fs.writeFileSync(
    path.join(data, 'layers', 'farms.geojson'),
    JSON.stringify({ type: 'FeatureCollection', title: 'Test farms', description: 'A layer loaded by viewport.', features }),
  );
  // Its own server, on a port another run of the suite can move (E2E_VIEW_LAYER_PORT).
  server = await startAtlas({ port: Number(process.env.E2E_VIEW_LAYER_PORT ?? 8097), data });
});

test.afterAll(() => server?.stop());

/** Every request for the farms layer's items, as URLs, from now on. */
function farmRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.url().includes('/collections/farms/items')) seen.push(new URL(r.url()));
  });
  return seen;
}

test('a big layer loads the view it opens on, and a pan loads and draws what it shows', async ({ page }) => {
  const requests = farmRequests(page);
  await page.goto(`${server.base}/#map=8/23/45`);
  const canvas = page.locator('.feature-canvas');
  const status = page.locator('.view-loading');
  await expect(status).toHaveAttribute('data-state', 'complete');
  await expect(status).toBeHidden();
  const first = Number(await canvas.getAttribute('data-features'));
  // The view and its margin: some farms, far from all of them, every request a box.
  expect(first).toBeGreaterThan(50);
  expect(first).toBeLessThan(TOTAL / 3);
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.every((u) => u.searchParams.has('bbox'))).toBe(true);
  const before = requests.length;

  // Drag the map west twice: the view moves about 10 degrees east, over farms not loaded yet.
  const map = await page.locator('.map').boundingBox();
  for (let k = 0; k < 2; k++) {
    await page.mouse.move(map.x + map.width * 0.9, map.y + map.height / 2);
    await page.mouse.down();
    await page.mouse.move(map.x + map.width * 0.5, map.y + map.height / 2, { steps: 8 });
    await page.mouse.move(map.x + map.width * 0.1, map.y + map.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  await expect.poll(() => requests.length).toBeGreaterThan(before);
  await expect(status).toHaveAttribute('data-state', 'complete');
  const after = Number(await canvas.getAttribute('data-features'));
  expect(after).toBeGreaterThan(first);
  const newBoxes = requests.slice(before).map((u) => u.searchParams.get('bbox').split(',').map(Number));
  expect(newBoxes.every(([w, s, e, n]) => w < e && s < n)).toBe(true);
  // No square is asked twice: a pan asks only for what it newly shows.
  const boxes = requests.map((u) => u.searchParams.get('bbox'));
  expect(new Set(boxes).size).toBe(boxes.length);

  // A farm in the new area is on the canvas, answers the pointer and opens its popup.
  const [, lat, lon] = await viewInAddress(page);
  const i = Math.round((lon - 40) / 0.2);
  const j = Math.round((lat - 20) / 0.2);
  const farm = await onScreen(page, at(i, j));
  expect(await canvasAlpha(page, farm)).toBe(255);
  await page.mouse.move(farm.x, farm.y);
  await expect(page.locator('.map')).toHaveAttribute('title', `Wind farm ${i}/${j}`);
  await page.mouse.click(farm.x, farm.y);
  await expect(page.locator('.popup h2')).toHaveText(`Wind farm ${i}/${j}`);
  await expect(page).toHaveURL(new RegExp(`feature=${idOf(i, j)}`));

  // The search index took it in too.
  await page.keyboard.press('Escape');
  await page.getByRole('combobox').fill(`Wind farm ${i}/${j}`);
  await expect(page.getByRole('option', { name: new RegExp(`Wind farm ${i}/${j}`) }).first()).toBeVisible();
});

test('while a view loads the reader is told, and a zoomed-out view says it shows part', async ({ page }) => {
  // Hold every box answer back a moment, so the status can be seen.
  await page.route('**/collections/farms/items?*', async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.goto(`${server.base}/#map=8/23/45`);
  const status = page.locator('.view-loading');
  await expect(status).toBeVisible();
  await expect(status).toHaveText(/Loading Test farms for this view/);
  await expect(status).toHaveAttribute('data-state', 'complete', { timeout: 20_000 });
  await expect(status).toBeHidden();

  // Zoomed out, a square holds more farms than one page: one page is drawn and the status says so.
  await page.unroute('**/collections/farms/items?*');
  await page.goto(`${server.base}/#map=5/23/60`);
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'part');
  await expect(status).toHaveText(/part shown\. Zoom in/);
  const drawn = Number(await page.locator('.feature-canvas').getAttribute('data-features'));
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(TOTAL);
});

/** The view in the address bar: [zoom, lat, lon]. */
function viewInAddress(page) {
  return page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('map').split('/').map(Number));
}

/** The opacity (0-255) of the canvas's pixel under page point `at`. */
function canvasAlpha(page, at) {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector('.feature-canvas');
    const box = canvas.getBoundingClientRect();
    const px = Math.round(((x - box.left) * canvas.width) / box.width);
    const py = Math.round(((y - box.top) * canvas.height) / box.height);
    return canvas.getContext('2d').getImageData(px, py, 1, 1).data[3];
  }, at);
}

/** Where the map shows [lon, lat], in page pixels, from the view in the address (Web Mercator). */
function onScreen(page, position) {
  return page.evaluate(([lon, lat]) => {
    const map = document.querySelector('.map').getBoundingClientRect();
    const [zoom, clat, clon] = new URLSearchParams(location.hash.slice(1)).get('map').split('/').map(Number);
    const size = 256 * 2 ** zoom;
    const x = (l) => ((l + 180) / 360) * size;
    const y = (p) => {
      const r = (p * Math.PI) / 180;
      return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * size;
    };
    return { x: map.left + map.width / 2 + x(lon) - x(clon), y: map.top + map.height / 2 + y(lat) - y(clat) };
  }, position);
}
