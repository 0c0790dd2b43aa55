// The optional web tile layer: off by default, on at the reader's wish, credited,
// fetched from the configured server (here a local stand-in; tests never use the internet).
import { test, expect } from '@playwright/test';
import http from 'node:http';
import { AtlasPage } from '../pages/atlas-page.mjs';
import { startAtlas } from '../support/atlas-server.mjs';

// A 256x256 PNG would do as well; a 1x1 one keeps the test small. Browsers scale it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAE/wH+GJ9RnQAAAABJRU5ErkJggg==',
  'base64',
);

let tileServer;
let atlas;
let tileRequests = [];
let base;

test.beforeAll(async () => {
  tileServer = http.createServer((req, res) => {
    tileRequests.push(req.url);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(PNG);
  });
  await new Promise((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
  const tilePort = tileServer.address().port;
  atlas = await startAtlas({
    port: 8093,
    env: {
      ATLAS_TILES_URL: `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png`,
      ATLAS_TILES_ATTRIBUTION: 'Test Tiles contributors',
    },
  });
  base = atlas.base;
});

test.afterAll(async () => {
  atlas?.stop();
  await new Promise((resolve) => tileServer.close(resolve));
});

test('tiles stay off until the reader turns them on, then load and are credited', async ({ page }) => {
  tileRequests = [];
  const map = new AtlasPage(page);
  await page.goto(`${base}/#map=6/41.0000/46.5000`);
  await expect(page.locator('.map-svg .country').first()).toBeAttached();
  await expect(page.locator('.tiles img')).toHaveCount(0);
  expect(tileRequests).toEqual([]);

  const toggle = page.locator('input.tiles-toggle');
  await expect(page.locator('.legend')).toContainText('Web map tiles (127.0.0.1');
  await toggle.check();
  await expect(page.locator('.tiles img').first()).toBeVisible();
  await expect
    .poll(() => page.locator('.tiles img').evaluateAll((imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length))
    .toBeGreaterThan(3);
  expect(tileRequests.every((u) => /^\/tiles\/6\/\d+\/\d+\.png$/.test(u))).toBe(true);
  await expect(page.locator('.attribution')).toContainText('Tiles: Test Tiles contributors');
  expect(await map.hash()).toContain('tiles=on');

  await page.reload();
  await expect(page.locator('input.tiles-toggle')).toBeChecked();
  await page.locator('input.tiles-toggle').uncheck();
  await expect(page.locator('.tiles img')).toHaveCount(0);
  await expect(page.locator('.attribution')).not.toContainText('Test Tiles');
});
