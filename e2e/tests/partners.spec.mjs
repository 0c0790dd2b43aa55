// The partner filter names countries, and can count only what the reader asked for.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasPage, root } from '../pages/atlas-page.mjs';

/** Features of data/layers with `code` among their partners. */
function withPartner(code) {
  const dir = path.join(root, 'data', 'layers');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).features)
    .filter((f) => (f.properties.facts?.partners ?? []).includes(code))
    .map((f) => f.id);
}

test('partners are listed by country name with the code', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await page.getByRole('tab', { name: 'Filters' }).click();
  const select = page.getByRole('combobox', { name: 'Only projects with this partner' });
  await expect(select.locator('option[value="CN"]')).toHaveText('China (CN)');
  await expect(select.locator('option[value="EU"]')).toHaveText('European Union (EU)');
  await expect(select.locator('option[value="AZ"]')).toHaveText('Azerbaijan (AZ)');
});

test('the partner filter can leave out places without that partner, and the list counts only the rest', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=3/42/60');
  await page.getByRole('tab', { name: 'Filters' }).click();
  await page.getByRole('combobox', { name: 'Only projects with this partner' }).selectOption('CN');
  const keep = page.getByRole('checkbox', { name: 'Keep places without this partner' });
  await expect(keep).toBeChecked();
  await expect(atlas.feature('xian')).toBeVisible();
  await keep.uncheck();
  await expect(atlas.feature('xian')).toBeHidden();
  await expect(atlas.feature('beijing')).toBeVisible(); // a place with China among its partners
  expect(await atlas.hash()).toContain('places=partner');
  await page.getByRole('tab', { name: 'List' }).click();
  const listed = await page.locator('.feature-list .list-item').evaluateAll((els) => els.map((e) => e.dataset.featureId));
  const expected = withPartner('CN');
  expect(listed.length).toBeGreaterThan(0);
  for (const id of listed) expect(expected).toContain(id);
  await expect(page.locator('.list-count')).toHaveText(`${listed.length} features in view`);
});
