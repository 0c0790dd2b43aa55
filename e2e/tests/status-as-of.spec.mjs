// A status says when it was last known true: editors set `status_as_of`,
// and the popup shows it beside the status.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test('the popup shows a status with its date', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#feature=khizi-absheron-wind');
  await expect(atlas.popup.locator('.kind-status')).toHaveText('Wind farm · Operating, as of 2026-01');
  await atlas.open('#feature=gobustan-solar');
  await expect(atlas.popup.locator('.kind-status')).toContainText('Under construction, as of 2025-05');
});

for (const scheme of ['light', 'dark']) {
  for (const [width, height] of [[1024, 768], [390, 844]]) {
    test(`the dated status at ${width}x${height}, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      const atlas = new AtlasPage(page);
      await atlas.open('#feature=khizi-absheron-wind');
      await expect(atlas.popup.locator('.kind-status')).toContainText('Operating, as of 2026-01');
      await atlas.screenshot(`status-as-of-${width}x${height}-${scheme}`);
    });
  }
}
