// Feature text is data, never markup: a hostile name shows as text everywhere and runs nothing.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { AtlasPage } from '../pages/atlas-page.mjs';
import { startAtlas, copyOfData } from '../support/atlas-server.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
let server;

test.beforeAll(async () => {
  const data = copyOfData();
  const file = path.join(data, 'layers', 'places.geojson');
  const layer = JSON.parse(fs.readFileSync(file, 'utf8'));
  const baku = layer.features.find((f) => f.id === 'baku');
  baku.properties.name = HOSTILE;
  baku.properties.aliases = ['<script>alert(2)</script>'];
  fs.writeFileSync(file, JSON.stringify(layer, null, 2));
  server = await startAtlas({ port: 8094, data });
});

test.afterAll(() => server?.stop());

test('a feature named like markup shows as text in the popup, the list, search and the reader', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const atlas = new AtlasPage(page);
  await page.goto(`${server.base}/#map=6/41.0000/46.5000&feature=baku&passage=azerbaijan-china-partnership-2025/background-4`);
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText(HOSTILE);
  await expect(page.locator('#passage-background-4 .cited-feature[data-feature-id="baku"]')).toHaveText(HOSTILE);

  await page.getByRole('tab', { name: 'List' }).click();
  await expect(page.locator('.feature-list .list-item[data-feature-id="baku"] .list-name')).toHaveText(HOSTILE);

  await page.getByRole('combobox', { name: 'Search places and projects' }).fill('img src');
  await expect(page.getByRole('option').first()).toContainText(HOSTILE);

  expect(await page.locator('img[src="x"], .map script, aside script').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});
