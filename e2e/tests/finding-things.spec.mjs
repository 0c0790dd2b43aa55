// Finding things: search, filters, the list view, and the address that keeps them.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

const BTK = 'baku-tbilisi-kars-railway';

test('searching "Baku Tbilisi Kars" selects the railway', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  const box = page.getByRole('combobox', { name: 'Search places and projects' });
  await box.fill('Baku Tbilisi Kars');
  await expect(page.getByRole('option').first()).toContainText(/Baku.Tbilisi.Kars railway/);
  await box.press('Enter');
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText(/Baku.Tbilisi.Kars railway/);
  await expect(atlas.feature(BTK)).toHaveClass(/selected/);
  expect(await atlas.hash()).toContain(`feature=${BTK}`);
});

test('arrow keys pick among search results', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  const box = page.getByRole('combobox', { name: 'Search places and projects' });
  await box.fill('solar');
  const options = page.getByRole('option');
  expect(await options.count()).toBeGreaterThan(1);
  await box.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  const second = await options.nth(1).getAttribute('data-result');
  await box.press('Enter');
  await expect(atlas.feature(second)).toHaveClass(/selected/);
});

test('a kind filter hides and shows the right features, and the address keeps it', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await page.getByRole('tab', { name: 'Filters' }).click();
  const solar = page.locator('input[data-filter="kind-solar"]');
  await solar.uncheck();
  await expect(atlas.feature('gobustan-solar')).toBeHidden();
  await expect(atlas.feature('caspian-offshore-wind-2gw')).toBeVisible();
  expect(await atlas.hash()).toContain('off=solar');

  await page.reload();
  await expect(atlas.feature('gobustan-solar')).toBeHidden();
  await page.getByRole('tab', { name: 'Filters' }).click();
  await page.locator('input[data-filter="kind-solar"]').check();
  await expect(atlas.feature('gobustan-solar')).toBeVisible();
});

test('the year slider shows the corridor as it stood in 2010', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await page.getByRole('tab', { name: 'Filters' }).click();
  const slider = page.getByRole('slider', { name: 'Year' });
  await expect(slider).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Only what stood in one year' }).check();
  await slider.fill('2010');
  await expect(page.locator('.filter-year-value')).toHaveText('2010');
  await expect(atlas.feature(BTK)).toBeHidden(); // opened 2017
  await expect(atlas.feature('baku-tbilisi-ceyhan-pipeline')).toBeVisible(); // opened 2006
  await expect(page).toHaveURL(/year=2010/);
  // The address alone brings the same year back.
  await page.reload();
  await expect(atlas.feature(BTK)).toBeHidden();
  await page.getByRole('tab', { name: 'Filters' }).click();
  await expect(page.locator('.filter-year-value')).toHaveText('2010');
  await page.getByRole('checkbox', { name: 'Only what stood in one year' }).uncheck();
  await expect(atlas.feature(BTK)).toBeVisible();
  await expect(page.locator('.filter-year-value')).toHaveText('all');
});

test('the list view and the map stay in sync', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await page.getByRole('tab', { name: 'List' }).click();
  const item = page.locator(`.feature-list .list-item[data-feature-id="${BTK}"]`);
  await item.click();
  await expect(atlas.feature(BTK)).toHaveClass(/selected/);
  await expect(item).toHaveClass(/selected/);

  await atlas.popup.getByRole('button', { name: 'Close' }).click();
  await atlas.feature('baku').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.feature-list .list-item[data-feature-id="baku"]')).toHaveClass(/selected/);
  await expect(item).not.toHaveClass(/selected/);
  await atlas.screenshot('desktop-list-view');
});
