// The year filter shows what stood in a year, and never hides what has no known year.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test('in 2015 undated legs, ports and sites stay on the map, marked as undated', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#year=2015');
  for (const id of ['middle-corridor-caspian-ferry', 'northern-corridor', 'port-of-poti', 'gobustan-solar']) {
    await expect(atlas.feature(id)).toBeVisible();
  }
  await expect(atlas.feature('baku-tbilisi-kars-railway')).toBeHidden(); // opened 2017
  // The legend says what an undated feature is doing on the map.
  await expect(page.locator('.legend .undated-note')).toContainText(/year unknown/i);
  await page.getByRole('tab', { name: 'Filters' }).click();
  await expect(page.locator('.filter-year-undated')).toContainText(/no known year/i);
  await atlas.screenshot('year-2015-undated');
});

test('the popup of an undated feature says its year is unknown', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#feature=port-of-poti&year=2025');
  await expect(atlas.popup).toContainText(/Opened\s*Year unknown/);
  await expect(atlas.popup.locator('.undated')).toBeVisible();
});

test('a year known from the public record is shown', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#feature=port-of-aktau');
  await expect(atlas.popup).toContainText(/Opened\s*1963/);
});
