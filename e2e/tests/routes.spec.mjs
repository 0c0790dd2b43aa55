// Routes as routes: a whole route is found, shown and compared, not only its legs.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ reducedMotion: 'reduce', viewport: { width: 1440, height: 900 } });

test('searching "Middle Corridor" offers the whole route first, with its legs in order', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  const box = page.getByRole('combobox', { name: 'Search places and projects' });
  await box.fill('Middle Corridor');
  await expect(page.getByRole('option').first()).toContainText('Middle Corridor');
  await expect(page.getByRole('option').first()).toContainText('Route');
  await box.press('Enter');
  const card = page.locator('.route-card');
  await expect(card.getByRole('heading', { level: 2 })).toHaveText('Middle Corridor');
  const legs = await card.locator('ol.legs .leg-link').evaluateAll((els) => els.map((e) => e.dataset.featureId));
  expect(legs[0]).toBe('middle-corridor-xian-khorgos');
  expect(legs).toContain('baku-tbilisi-kars-railway');
  expect(legs.length).toBe(8);
  // The main line's length stands apart from the Black Sea branch.
  await expect(card.locator('.route-total')).toContainText(/Middle Corridor: 8 legs, \d+ km as drawn; main line \d+ km \(legs 1–6\), branch \d+ km/);
  expect(await atlas.hash()).toContain('route=middle-corridor');
  await atlas.screenshot('route-card');
});

test('passages about the route sit on the route, and a leg shows only its own', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#route=middle-corridor');
  const card = page.locator('.route-card');
  const routePassages = await card.locator('.passages .passage-link').count();
  expect(routePassages).toBeGreaterThan(0);
  await card.locator('.leg-link[data-feature-id="baku-tbilisi-kars-railway"]').click();
  await expect(page.locator('.popup h2')).toHaveText(/Baku.Tbilisi.Kars/);
  const hrefs = await page.locator('.popup .passages .passage-link').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  const general = await card.locator('.passages .passage-link').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  for (const href of hrefs) expect(general).not.toContain(href);
  await expect(page.locator('.popup .route-open')).toContainText('Middle Corridor as a whole');
});

test('the report’s "Middle Corridor" opens the whole route', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#passage=azerbaijan-china-partnership-2025');
  await atlas.reader.locator('.mention', { hasText: /^Middle Corridor$/ }).first().click();
  await expect(page.locator('.route-card h2')).toHaveText('Middle Corridor');
});

test('the corridors are compared side by side, from the data', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#route=northern-corridor');
  const table = page.locator('.route-card .route-compare');
  await expect(table.locator('thead th')).toHaveText(['Northern Corridor', 'Middle Corridor']);
  for (const row of ['Main line', 'Countries', 'Land borders', 'Sea crossings', 'Status']) {
    await expect(table.locator('tbody th', { hasText: row })).toBeVisible();
  }
  await expect(table.locator('tbody tr', { hasText: 'Sea crossings' }).locator('td')).toHaveText(['0', '1']);
  // The Northern Corridor is drawn from China to Europe, as the Middle Corridor is.
  const ends = await page.evaluate(async () => {
    const r = await fetch('/collections/corridors/items?limit=100').then((r) => r.json());
    const line = r.features.find((f) => f.id === 'northern-corridor').geometry.coordinates;
    return [line[0], line[line.length - 1]];
  });
  expect(ends[0][0]).toBeGreaterThan(100); // Xi’an
  expect(ends[1][0]).toBeLessThan(10); // Duisburg
  await atlas.screenshot('route-compare');
});
