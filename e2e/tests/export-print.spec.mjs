// Printing (the print rules in atlas.css): the map, the legend and the open
// passage, on landscape paper, without the controls.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ viewport: { width: 1123, height: 794 } });

test('a printed page has the map, the legend and the open passage, and no controls', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=6/41.0/47.0');
  await page.getByRole('button', { name: 'Read the report' }).click();
  const firstPassage = page.locator('aside.reader .passage').nth(3);
  await firstPassage.locator('.passage-text').click();
  await expect(page.locator('aside.reader .passage.highlight')).toHaveCount(1);
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.map-controls', '.search', '.page-link', '.edit-link', '.open-report', '.legend .tabs', '.reader-close']) {
    await expect(page.locator(hidden).first()).toBeHidden();
  }
  await expect(page.locator('.map-svg .country').first()).toBeVisible();
  await expect(page.locator('.legend .legend-body').first()).toBeVisible();
  await expect(page.locator('.legend h3', { hasText: 'Routes' })).toBeVisible();
  await expect(page.locator('aside.reader .passage.highlight')).toBeVisible();
  await expect(page.locator('aside.reader .passage:not(.highlight)').first()).toBeHidden();
  await expect(page.locator('.map .attribution')).toBeVisible();
  await atlas.screenshot('export-print');
  const pdf = await page.pdf({ landscape: true, format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString('ascii')).toBe('%PDF-');
});
