// The presenter's page (/present): the reader with the story builder, Export
// and Embed, a build of its own. The reader's header links to it at the same
// view and back; the reader's page downloads none of the presenter's tools.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

const VIEW = '#map=6/41.50/47.00';

test("the reader's Present link opens the presenter's page at the same view, and Read goes back", async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open(VIEW);
  const header = page.locator('header.topbar');
  await expect(header.getByRole('button', { name: 'Make a story' })).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Export', exact: true })).toHaveCount(0);
  await header.getByRole('link', { name: 'Present' }).click();
  await expect(page).toHaveURL(/\/present#map=6\/41\.50*\/47(\.0+)?(\D|$)/);
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  await expect(header.getByRole('button', { name: 'Make a story' })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Export', exact: true })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Embed', exact: true })).toBeVisible();
  await header.getByRole('link', { name: 'Read' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/#map=6\/41\.50*\/47(\.0+)?(\D|$)/);
  await expect(header.getByRole('link', { name: 'Present' })).toBeVisible();
});

test("the reader's wasm holds none of the presenter's tools; the presenter's page's has them", async ({ page, request }) => {
  const wasmOf = async (path) => {
    const requested = [];
    const listen = (r) => requested.push(new URL(r.url()).pathname);
    page.on('request', listen);
    await page.goto(path);
    await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
    page.off('request', listen);
    const wasm = requested.find((p) => p.endsWith('_bg.wasm'));
    expect(wasm, `${path} loads a wasm`).toBeTruthy();
    return { wasm, text: Buffer.from(await (await request.get(wasm)).body()).toString('latin1') };
  };
  const reader = await wasmOf('/');
  const present = await wasmOf('/present');
  expect(reader.wasm).toMatch(/^\/atlas-app-[0-9a-f]+_bg\.wasm$/);
  expect(present.wasm).toMatch(/^\/present\/atlas-present-[0-9a-f]+_bg\.wasm$/);
  for (const word of ['Add this view as a step', 'Embed this view']) {
    expect(reader.text.includes(word), `reader wasm has "${word}"`).toBe(false);
    expect(present.text.includes(word), `presenter wasm has "${word}"`).toBe(true);
  }
  // A tool's page, not one for search engines.
  const answer = await request.get('/present');
  expect(answer.headers()['x-robots-tag']).toBe('noindex');
  expect(answer.headers()['content-type']).toContain('text/html');
});

test("the presenter's page, once opened with the worker serving it, opens with the network cut", async ({ page, context }) => {
  const atlas = new AtlasPage(page);
  await atlas.present('#map=5/41.0/48.0');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // Opened again through the worker, which keeps it.
  await page.reload();
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  await context.setOffline(true);
  try {
    const answer = await page.reload();
    expect(answer.fromServiceWorker()).toBe(true);
    await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
    await expect(page.locator('header.topbar').getByRole('button', { name: 'Make a story' })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test('an open dialog stands above the popup of a selected feature', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const atlas = new AtlasPage(page);
  await atlas.present('#map=6/40.9/46.5&feature=baku-tbilisi-kars-railway');
  await expect(page.locator('.popup h2')).toBeVisible();
  for (const name of ['Export']) {
    await page.locator('header.topbar').getByRole('button', { name, exact: true }).click();
    const dialog = page.locator('.dialog-backdrop [role="dialog"]');
    await expect(dialog).toBeVisible();
    // What is on top where the popup and the dialog overlap is the dialog.
    const popup = await page.locator('.popup').boundingBox();
    const box = await dialog.boundingBox();
    const x = Math.max(popup.x, box.x) + 4;
    const y = Math.max(popup.y, box.y) + 4;
    expect(x < Math.min(popup.x + popup.width, box.x + box.width) && y < Math.min(popup.y + popup.height, box.y + box.height), 'they overlap').toBe(true);
    expect(await page.evaluate(([px, py]) => Boolean(document.elementFromPoint(px, py)?.closest('.dialog-backdrop')), [x, y])).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  }
});
