// Keyboard readers: a skip link, "/" for search, and focus that follows the popup.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test('the first Tab stop skips to search', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to search' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Search places and projects' })).toBeFocused();
  await atlas.screenshot('skip-link');
});

test('"/" focuses search, and types a slash once inside it', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  const box = page.getByRole('combobox', { name: 'Search places and projects' });
  await atlas.feature('baku').focus();
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await page.keyboard.type('a/b');
  await expect(box).toHaveValue('a/b');
});

test('a popup opened by keyboard takes focus and gives it back on close', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await atlas.feature('baku').focus();
  await page.keyboard.press('Enter');
  await expect(atlas.popup).toBeVisible();
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(atlas.popup).toBeHidden();
  await expect(atlas.feature('baku')).toBeFocused();

  // The same from the list, closed with its button.
  await page.getByRole('tab', { name: 'List' }).click();
  const item = page.locator('.feature-list .list-item[data-feature-id="tbilisi"]');
  await item.focus();
  await page.keyboard.press('Enter');
  await expect(atlas.popup).toBeVisible();
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
  await atlas.popup.getByRole('button', { name: 'Close' }).press('Enter');
  await expect(atlas.popup).toBeHidden();
  await expect(item).toBeFocused();
});
