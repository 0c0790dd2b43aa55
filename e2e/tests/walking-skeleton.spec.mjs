// The whole path, data/ to map: basemap, every feature, popup, passage, back link, reload.
import { test, expect } from '@playwright/test';
import { AtlasPage, dataFeatureIds } from '../pages/atlas-page.mjs';

const BTK = 'baku-tbilisi-kars-railway';

test('the map shows the Natural Earth basemap and its credit', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  expect(await page.locator('.map-svg .country').count()).toBeGreaterThan(50);
  await expect(page.locator('.map-svg .country title', { hasText: 'Azerbaijan' })).toBeAttached();
  await expect(page.locator('.attribution')).toContainText('Natural Earth');
  await atlas.screenshot('desktop-corridor');
});

test('every feature of data/ is drawn on the map', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  const ids = dataFeatureIds();
  expect(ids.length).toBeGreaterThanOrEqual(30);
  for (const id of ids) {
    await expect(atlas.feature(id), id).toHaveCount(1);
  }
});

test('clicking the Baku-Tbilisi-Kars railway opens its popup', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await atlas.clickLine(BTK, 0.35);
  await expect(atlas.popup).toBeVisible();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText(/Baku.Tbilisi.Kars railway/);
  await expect(atlas.feature(BTK)).toHaveClass(/selected/);
  expect(await atlas.hash()).toContain(`feature=${BTK}`);
  await atlas.screenshot('desktop-btk-popup');
});

test('the popup passage link shows the report paragraph about the railway, and back', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await atlas.clickLine(BTK, 0.35);
  const link = atlas.popup.locator('a.passage-link').first();
  await expect(link).toHaveAttribute('href', /background-4$/);
  await expect(link).toBeVisible();
  await link.click();

  const passage = page.locator('#passage-background-4');
  await expect(atlas.reader).toBeVisible();
  await expect(passage).toBeInViewport();
  await expect(passage).toContainText('Baku-Tbilisi-Kars');
  await expect(passage).toHaveClass(/highlight/);
  await expect(atlas.reader).toContainText('Matteo Meloni');
  await expect(atlas.reader).toContainText('SpecialEurasia');
  expect(await atlas.hash()).toContain('passage=azerbaijan-china-partnership-2025/background-4');
  await atlas.screenshot('desktop-report-reader');

  // Close the popup, then the passage's own link brings the railway back.
  await atlas.popup.getByRole('button', { name: 'Close' }).click();
  await expect(atlas.popup).toHaveCount(0);
  await passage.locator(`.cited-feature[data-feature-id="${BTK}"]`).click();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText(/Baku.Tbilisi.Kars railway/);
  await expect(atlas.feature(BTK)).toHaveClass(/selected/);
});

test('reloading the address restores the railway, its passage and the view', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await atlas.clickLine(BTK, 0.35);
  await atlas.popup.locator('a.passage-link[href$="/background-4"]').click();
  await expect(page.locator('#passage-background-4')).toHaveClass(/highlight/);
  const before = await atlas.hash();
  expect(before).toMatch(/^#map=[\d.]+\/[\d.-]+\/[\d.-]+&feature=baku-tbilisi-kars-railway&passage=/);

  await page.reload();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText(/Baku.Tbilisi.Kars railway/);
  await expect(page.locator('#passage-background-4')).toHaveClass(/highlight/);
  await expect(page.locator('#passage-background-4')).toBeInViewport();
  expect(await atlas.hash()).toBe(before);
});

test('Enter on a focused feature opens its popup and Escape closes it', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.feature('gobustan-solar').focus();
  await page.keyboard.press('Enter');
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toContainText('Gobustan');
  await page.keyboard.press('Escape');
  await expect(atlas.popup).toHaveCount(0);
});

test('on a phone the map and a usable popup fit the screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const atlas = new AtlasPage(page);
  await atlas.open(`#map=6/41.0/45.5&feature=${BTK}`);
  await expect(atlas.popup).toBeVisible();
  const box = await atlas.popup.boundingBox();
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390.5);
  expect(box.y + box.height).toBeLessThanOrEqual(844.5);
  // The railway stays in sight above the sheet.
  const line = await atlas.feature(BTK).locator('path.line').boundingBox();
  expect(line.y).toBeLessThan(box.y);
  await atlas.screenshot('phone-btk-popup');
  await context.close();
});
