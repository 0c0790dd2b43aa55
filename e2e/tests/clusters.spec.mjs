// Co-located sites gather into one marker with their count at small scales.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ reducedMotion: 'reduce', viewport: { width: 1440, height: 900 } });

test('the Absheron sites gather into a counted marker that zooms in when clicked', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=4/41/50');
  const cluster = page.locator('.map-svg .cluster', { has: page.locator('title', { hasText: 'Sangachal' }) });
  await expect(cluster).toHaveCount(1);
  const count = Number(await cluster.locator('.cluster-count').textContent());
  expect(count).toBeGreaterThanOrEqual(3);
  await expect(atlas.feature('sangachal-terminal')).toHaveClass(/clustered/);
  await atlas.screenshot('cluster-absheron');
  await cluster.click();
  await expect(atlas.feature('sangachal-terminal')).not.toHaveClass(/clustered/);
  await expect(atlas.feature('sangachal-terminal').locator('.symbol')).toBeVisible();
});

test('a site inside a cluster shows itself, ringed, when it has the focus', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=4/41/50');
  await expect(atlas.feature('sangachal-terminal')).toHaveClass(/clustered/);
  await page.locator('.map').focus();
  // Walk the features by keyboard until the terminal has the focus.
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await atlas.feature('sangachal-terminal').evaluate((el) => el === document.activeElement)) break;
  }
  await expect(atlas.feature('sangachal-terminal')).toBeFocused();
  const opacity = await atlas.feature('sangachal-terminal').locator('.symbol').evaluate((el) => getComputedStyle(el).opacity);
  expect(Number(opacity)).toBe(1);
  await atlas.screenshot('cluster-focus');
});
