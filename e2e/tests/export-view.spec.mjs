// Export of the view (engine/src/export/): a self-contained SVG that holds
// what the screen shows, and a PNG of the size asked for.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasPage, root } from '../pages/atlas-page.mjs';
import { ExportDialog, pngSize } from '../pages/export-dialog.mjs';

test.use({ viewport: { width: 1280, height: 800 } });

const ROUTE_VIEW = '#map=4/41.0/62.0&route=middle-corridor';
const FIRST_LEG = 'middle-corridor-xian-khorgos';

test('the SVG export is valid, self-contained and holds the highlighted route as drawn', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.present(ROUTE_VIEW);
  await expect(page.locator('.map-column[data-route="middle-corridor"]')).toBeAttached();
  const onScreen = await atlas
    .feature(FIRST_LEG)
    .locator('path.casing')
    .evaluate((p) => getComputedStyle(p).stroke);
  const dialog = new ExportDialog(page);
  await dialog.open();
  const { name, bytes } = await dialog.download({ format: 'svg' });
  expect(name).toBe('corridor-atlas-middle-corridor.svg');
  const text = bytes.toString('utf8');
  const found = await page.evaluate(
    ({ text, leg }) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const svg = doc.documentElement;
      const group = doc.querySelector(`g[data-feature-id="${leg}"]`);
      const hrefs = [...doc.querySelectorAll('[href]')].map((e) => e.getAttribute('href'));
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: svg.localName,
        namespace: svg.namespaceURI,
        width: svg.getAttribute('width'),
        height: svg.getAttribute('height'),
        legs: doc.querySelectorAll('g[data-feature-id^="middle-corridor-"]').length,
        casing: group?.querySelector('path.casing')?.getAttribute('style') ?? '',
        countries: doc.querySelectorAll('path.country').length,
        title: doc.querySelector('.export-title text')?.textContent,
        legend: [...doc.querySelectorAll('.export-legend text')].map((t) => t.textContent),
        scale: doc.querySelector('.export-scale text')?.textContent,
        attribution: doc.querySelector('.export-attribution text')?.textContent,
        hrefs,
        stylesheets: doc.querySelectorAll('style, link').length,
      };
    },
    { text, leg: FIRST_LEG },
  );
  expect(found.errors).toBe(0);
  expect(found.root).toBe('svg');
  expect(found.namespace).toBe('http://www.w3.org/2000/svg');
  expect([found.width, found.height]).toEqual(['1920', '1080']);
  // The route is there, highlighted as the open route card shows it on screen.
  expect(found.legs).toBeGreaterThanOrEqual(6);
  expect(found.casing).toContain(`stroke:${onScreen}`);
  expect(found.countries).toBeGreaterThan(20);
  expect(found.title).toBe('Middle Corridor');
  expect(found.legend).toContain('Middle Corridor (rail)');
  expect(found.scale).toMatch(/^\d+(\.\d+)? km$/);
  expect(found.attribution).toContain('Natural Earth');
  // Self-contained: no stylesheet, no address outside the file.
  expect(found.stylesheets).toBe(0);
  for (const href of found.hrefs) expect(href.startsWith('data:')).toBe(true);
  expect(text).not.toMatch(/url\((?!#)/);
});

test('the PNG export has the pixel size asked for, and twice it at 2x', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.present(ROUTE_VIEW);
  const dialog = new ExportDialog(page);
  await dialog.open();
  const plain = await dialog.download({ format: 'png' });
  expect(plain.name).toBe('corridor-atlas-middle-corridor.png');
  expect(pngSize(plain.bytes)).toEqual({ width: 1920, height: 1080 });
  const dir = path.join(root, 'e2e', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'export-view.png'), plain.bytes);

  const doubled = await dialog.download({ format: 'png', size: '1280 × 720 (slides, HD)', double: true });
  expect(pngSize(doubled.bytes)).toEqual({ width: 2560, height: 1440 });
});

test('the dialog closes with Escape and gives the focus back to its button', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.present();
  const dialog = new ExportDialog(page);
  await dialog.open();
  await expect(dialog.dialog.getByRole('textbox', { name: 'Title' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeFocused();
});
