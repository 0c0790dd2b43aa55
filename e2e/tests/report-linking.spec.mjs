// Every claim one click from its passage: mentions, show on map, search, cite.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

const REPORT = 'azerbaijan-china-partnership-2025';

test('a mention in the reader selects that feature on the map', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open(`#passage=${REPORT}/background-3`);
  const mention = page.locator('#passage-background-3 .mention', { hasText: 'Gobustan Solar Power Plant' });
  await expect(mention).toBeVisible();
  await mention.click();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText('Gobustan Solar Power Plant');
  await expect(atlas.feature('gobustan-solar')).toHaveClass(/selected/);
  // The passage text around the mention is still the report's, verbatim.
  await expect(page.locator('#passage-background-3 .passage-text')).toContainText(
    'Chinese companies will co-develop the 100 MW Gobustan Solar Power Plant and participate in an ambitious 2 GW offshore wind project in the Caspian Sea.',
  );
});

test('a mention naming a route of several features opens it with them all, in data order, in view', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open(`#map=4/45.0000/60.0000&passage=${REPORT}/scenario-1`);
  const mention = page.locator('#passage-scenario-1 .mention', { hasText: 'Southern Gas Corridor' });
  await expect(mention).toHaveCount(1);
  // The one link names all three pipelines, South Caucasus Pipeline first as the data lists them.
  await expect(mention).toHaveAttribute('data-feature-ids', 'south-caucasus-pipeline tanap tap');
  await mention.click();
  const card = page.locator('.route-card');
  await expect(card.locator('h2')).toHaveText('Southern Gas Corridor');
  await expect(card.locator('.legs li')).toHaveText([/South Caucasus Pipeline/, /TANAP/, /TAP/]);
  for (const id of ['south-caucasus-pipeline', 'tanap', 'tap']) {
    await expect(atlas.feature(id)).toBeInViewport();
  }
  await expect(page).toHaveURL(/route=southern-gas-corridor/);
  // Back in history closes the card, forward opens it again.
  await page.goBack();
  await expect(card).toHaveCount(0);
  await page.goForward();
  await expect(card.locator('h2')).toHaveText('Southern Gas Corridor');
});

test('searching "offshore wind" finds the passage and the site', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  const box = page.getByRole('combobox', { name: 'Search places and projects' });
  await box.fill('offshore wind');
  const site = page.locator('.search-results li.hit-place[data-result="caspian-offshore-wind-2gw"]');
  const passage = page.locator(`.search-results li.hit-passage[data-result="${REPORT}/background-3"]`);
  await expect(site).toBeVisible();
  await expect(passage).toBeVisible();
  await expect(passage.locator('mark').first()).toHaveText(/offshore/i);
  await expect(page.locator('.search-group')).toHaveText(['Places', 'In the report']);

  await passage.click();
  await expect(page.locator('#passage-background-3')).toHaveClass(/highlight/);
  await expect(page.locator('#passage-background-3')).toBeInViewport();
});

test('"Show on map" fits the map to the features a passage speaks of', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open(`#map=4/45.0000/60.0000&passage=${REPORT}/background-3`);
  await page.locator('#passage-background-3 .show-passage').click();
  for (const id of ['gobustan-solar', 'caspian-offshore-wind-2gw']) {
    await expect(atlas.feature(id)).toBeInViewport();
  }
  const zoom = await page.evaluate(() => Number(/map=([\d.]+)/.exec(location.hash)[1]));
  expect(zoom).toBeGreaterThan(6);
});

test('"Cite" copies the author, title, publisher, date and the passage verbatim', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const atlas = new AtlasPage(page);
  await atlas.open(`#passage=${REPORT}/background-4`);
  await page.locator('#passage-background-4 button.cite').click();
  await expect(page.locator('#passage-background-4 button.cite')).toHaveText('Copied');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toContain('Matteo Meloni');
  expect(text).toContain('Azerbaijan Deepens Ties with China during Aliyev’s Visit to Beijing');
  expect(text).toContain('SpecialEurasia');
  expect(text).toContain('2025-04');
  expect(text).toContain('such as the Baku-Tbilisi-Kars railway and the Alat Free Economic Zone.');
});
