// The map keeps at least half the window when the report opens beside it.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

/** The width of map at mid height that no panel covers. */
function freeMapWidth(page) {
  return page.evaluate(() => {
    const map = document.querySelector('.map').getBoundingClientRect();
    const y = map.top + map.height / 2;
    let free = map.width;
    for (const el of document.querySelectorAll('.legend, .reader, .popup')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.top > y || r.bottom < y) continue;
      const left = Math.max(r.left, map.left);
      const right = Math.min(r.right, map.right);
      if (right > left) free -= right - left;
    }
    return free;
  });
}

for (const [width, height] of [[1024, 768], [1280, 800], [1440, 900]]) {
  test(`at ${width}x${height} the report leaves half the width to the map`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const atlas = new AtlasPage(page);
    await atlas.open();
    await page.getByRole('button', { name: 'Read the report' }).click();
    await expect(atlas.reader).toBeVisible();
    await expect.poll(() => freeMapWidth(page)).toBeGreaterThanOrEqual(width / 2);
    await atlas.screenshot(`reader-${width}`);
  });
}
