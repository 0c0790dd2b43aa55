// Embedding (app/src/embed.rs): `?embed=1` is the map alone, for an iframe;
// the Embed button gives the iframe code for the view on screen.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ viewport: { width: 960, height: 540 } });

test('the embed view renders the map without the page header or panels, with attribution and a way out', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('?embed=1#map=5/41.0/48.0');
  await expect(page.locator('header.topbar')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Corridor Atlas' })).toHaveCount(0);
  await expect(page.locator('.legend, .search, aside.reader')).toHaveCount(0);
  await expect(page.locator('.map .attribution')).toContainText('Natural Earth');
  // The map fills the frame.
  const box = await page.locator('.map').boundingBox();
  expect(box.y).toBe(0);
  expect(box.height).toBe(540);
  const link = page.getByRole('link', { name: /Open in Corridor Atlas/ });
  await expect(link).toBeVisible();
  await link.focus();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#map=/);
  expect(href).not.toContain('embed');
  // The map still answers: a feature opens its popup.
  await atlas.feature('baku-tbilisi-kars-railway').locator('path.line').evaluate((p) => p.closest('g').focus());
  await page.keyboard.press('Enter');
  await expect(page.locator('.popup h2')).toHaveText(/Baku.Tbilisi.Kars/);
  await atlas.screenshot('embed-view');
});

test('the Embed button gives iframe code for the view on screen, which opens embedded', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const atlas = new AtlasPage(page);
  await atlas.present('#map=6/41.5/47.0&feature=baku-tbilisi-kars-railway');
  await page.getByRole('button', { name: 'Embed', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this view' });
  const code = await dialog.getByRole('textbox', { name: 'Iframe code' }).inputValue();
  // The address's own query (the selected feature, for the server's first map) stays beside the flag.
  expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?(?:[^"#]*&amp;)?embed=1#map=[^"]*feature=baku-tbilisi-kars-railway" /);
  await dialog.getByRole('button', { name: 'Copy code' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The code works: in a page of its own, the frame shows the map alone.
  const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await page.setContent(`<!doctype html><body style="margin:0">${code.replace(/src="[^"]+"/, `src="${src}"`)}</body>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('.map-svg .country').first()).toBeAttached();
  await expect(frame.locator('.popup h2')).toHaveText(/Baku.Tbilisi.Kars/);
  await expect(frame.locator('header.topbar')).toHaveCount(0);
});
